"""Every hand-written backward against central differences and against the Tensor engine.

Each check uses the scalar ``L = sum(layer(x) * dout)`` for a random upstream gradient
``dout``, so ``dL/dx`` is exactly what ``layer.backward(dout)`` must return.
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bplab import autodiff as ad
from bplab.autodiff import Tensor, numerical_grad
from bplab.nn import (
    RNN,
    Dropout,
    Linear,
    MSELoss,
    ReLU,
    Sequential,
    Sigmoid,
    SoftmaxCrossEntropy,
    Tanh,
)

TOL = {"rtol": 1e-6, "atol": 1e-8}
sizes = st.integers(1, 4)
seeds = st.integers(0, 2**16)
checked = settings(max_examples=15, deadline=None)


def _normal(seed, shape, away_from_zero=False):
    x = np.random.default_rng(seed).normal(size=shape)
    return np.sign(x) * (0.1 + np.abs(x)) if away_from_zero else x


def _numerical_param_grad(layer, key, objective):
    """d objective / d layer.params[key] by central differences, restoring the parameter."""
    original = layer.params[key].copy()

    def f(value):
        layer.params[key][...] = value
        return objective()

    try:
        return numerical_grad(f, original)
    finally:
        layer.params[key][...] = original


def _check_layer(layer, x, dout, tensor_forward=None, tensor_objective=None):
    """Compare dx and every parameter gradient with numerics and with the Tensor engine.

    The engine computes ``tensor_forward(x, params)`` (then ``L = sum(out * dout)``) or,
    for layers whose output is a sequence, the scalar ``tensor_objective(x, params)``.
    """
    dx_numeric = numerical_grad(lambda x_: np.sum(layer.forward(x_) * dout), x)
    param_numeric = {k: _numerical_param_grad(layer, k, lambda: np.sum(layer.forward(x) * dout))
                     for k in layer.params}
    layer.forward(x)
    dx = layer.backward(dout)
    np.testing.assert_allclose(dx, dx_numeric, **TOL)
    for k, g in param_numeric.items():
        np.testing.assert_allclose(layer.grads[k], g, **TOL, err_msg=k)

    xt = Tensor(x.copy())
    pt = {k: Tensor(v.copy()) for k, v in layer.params.items()}
    if tensor_objective is None:
        (tensor_forward(xt, pt) * dout).sum().backward()
    else:
        tensor_objective(xt, pt).backward()
    np.testing.assert_allclose(dx, xt.grad, **TOL)
    for k in layer.params:
        np.testing.assert_allclose(layer.grads[k], pt[k].grad, **TOL, err_msg=k)


@checked
@given(batch=sizes, fan_in=sizes, fan_out=sizes, seed=seeds)
def test_linear_backward(batch, fan_in, fan_out, seed):
    layer = Linear(fan_in, fan_out, seed=seed)
    layer.params["b"][...] = _normal(seed + 1, fan_out)
    _check_layer(layer, _normal(seed, (batch, fan_in)), _normal(seed + 2, (batch, fan_out)),
                 lambda x, p: x @ p["W"] + p["b"])


@checked
@given(shape=st.tuples(sizes, sizes), seed=seeds,
       name=st.sampled_from(["relu", "tanh", "sigmoid"]))
def test_activation_backward(shape, seed, name):
    layer = {"relu": ReLU, "tanh": Tanh, "sigmoid": Sigmoid}[name]()
    engine = {"relu": ad.relu, "tanh": ad.tanh, "sigmoid": ad.sigmoid}[name]
    x = _normal(seed, shape, away_from_zero=True)
    _check_layer(layer, x, _normal(seed + 1, shape), lambda x, p: engine(x))


@checked
@given(shape=st.tuples(sizes, sizes), seed=seeds, p=st.sampled_from([0.0, 0.25, 0.5, 0.9]))
def test_dropout_backward_with_a_fixed_mask(shape, seed, p):
    layer = Dropout(p, seed=seed)

    def forward(x):
        layer.rng = np.random.default_rng(seed)
        return layer.forward(x)

    x, dout = _normal(seed, shape), _normal(seed + 1, shape)
    numeric = numerical_grad(lambda x_: np.sum(forward(x_) * dout), x)
    forward(x)
    dx = layer.backward(dout)
    np.testing.assert_allclose(dx, numeric, **TOL)
    mask = np.ones(shape) if layer.mask is None else layer.mask
    xt = Tensor(x)
    (xt * mask * dout).sum().backward()
    np.testing.assert_allclose(dx, xt.grad, **TOL)


@checked
@given(batch=sizes, widths=st.lists(sizes, min_size=2, max_size=4), seed=seeds)
def test_sequential_stack_backward(batch, widths, seed):
    layers, acts = [], [Tanh, Sigmoid, ReLU]
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:], strict=True)):
        layers += [Linear(a, b, init="xavier", seed=seed + i), acts[i % 3]()]
    model = Sequential(*layers)
    engines = {Tanh: ad.tanh, Sigmoid: ad.sigmoid, ReLU: ad.relu}

    def tensor_forward(x, p):
        for i, layer in enumerate(model.layers):
            if isinstance(layer, Linear):
                x = x @ p[f"{i}.W"] + p[f"{i}.b"]
            else:
                x = engines[type(layer)](x)
        return x

    x = _normal(seed, (batch, widths[0]))
    _check_layer(model, x, _normal(seed + 1, (batch, widths[-1])), tensor_forward)


@checked
@given(T=st.integers(1, 5), batch=sizes, n_in=sizes, hidden=sizes, seed=seeds)
def test_rnn_backward_through_time(T, batch, n_in, hidden, seed):
    rnn = RNN(n_in, hidden, seed=seed)
    rnn.params["b"][...] = _normal(seed + 1, hidden)
    h0 = _normal(seed + 3, (batch, hidden))

    dout = _normal(seed + 2, (T, batch, hidden))

    def tensor_objective(x, p):
        h, total = Tensor(h0, requires_grad=False), 0.0
        for t in range(T):
            h = ad.tanh(x[t] @ p["Wx"] + h @ p["Wh"] + p["b"])
            total = total + (h * dout[t]).sum()
        return total

    class StartingFromH0:
        params, grads = rnn.params, rnn.grads

        def forward(self, x):
            return rnn.forward(x, h0)

        def backward(self, d):
            return rnn.backward(d)

    x = _normal(seed, (T, batch, n_in))
    _check_layer(StartingFromH0(), x, dout, tensor_objective=tensor_objective)


@checked
@given(T=st.integers(1, 6), seed=seeds)
def test_rnn_hidden_grad_norms_follow_the_recurrence(T, seed):
    rnn = RNN(2, 3, seed=seed)
    rnn.forward(_normal(seed, (T, 2, 2)))
    last = _normal(seed + 1, (2, 3))
    rnn.backward(last)
    assert rnn.hidden_grad_norms.shape == (T,)
    assert rnn.hidden_grad_norms[-1] == np.linalg.norm(last)
    dh0 = numerical_grad(lambda h: np.sum(rnn.forward(_normal(seed, (T, 2, 2)), h)[-1] * last),
                         np.zeros((2, 3)))
    np.testing.assert_allclose(rnn.h0_grad, dh0, **TOL)


@checked
@given(shape=st.tuples(sizes, sizes), seed=seeds)
def test_mse_backward(shape, seed):
    pred, target = _normal(seed, shape), _normal(seed + 1, shape)
    loss = MSELoss()
    numeric = numerical_grad(lambda p: loss.forward(p, target), pred)
    loss.forward(pred, target)
    np.testing.assert_allclose(loss.backward(), numeric, **TOL)
    pt = Tensor(pred)
    ((pt - target) ** 2).mean().backward()
    np.testing.assert_allclose(loss.backward(), pt.grad, **TOL)


@checked
@given(batch=sizes, classes=st.integers(2, 5), seed=seeds, scale=st.sampled_from([1.0, 30.0]))
def test_softmax_cross_entropy_backward(batch, classes, seed, scale):
    logits = scale * _normal(seed, (batch, classes))
    labels = np.random.default_rng(seed).integers(0, classes, size=batch)
    loss = SoftmaxCrossEntropy()
    numeric = numerical_grad(lambda z: loss.forward(z, labels), logits)
    value = loss.forward(logits, labels)
    np.testing.assert_allclose(loss.backward(), numeric, rtol=1e-5, atol=1e-7)
    zt = Tensor(logits)
    onehot = np.eye(classes)[labels]
    reference = -(ad.log_softmax(zt) * onehot).sum() / batch
    reference.backward()
    np.testing.assert_allclose(value, reference.data, **TOL)
    np.testing.assert_allclose(loss.backward(), zt.grad, **TOL)
