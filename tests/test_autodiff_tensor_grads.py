"""Every Tensor op: the backward pass agrees with central differences (relative error < 1e-6).

Each check differentiates L = sum(w * op(inputs)) with random weights w, so every entry of a
non-scalar output is tested, including gradients summed over broadcast axes.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import (
    GRADIENT_CHECK,
    arrays,
    away_from_zero,
    broadcastable_pair,
    matmul_shapes,
    relative_error,
    small_shapes,
)

from bplab.autodiff import (
    Tensor,
    cross_entropy,
    exp,
    log,
    log_softmax,
    logsumexp,
    numerical_grad,
    relu,
    sigmoid,
    softmax,
    tanh,
)

TOL = 1e-6


def check_gradients(op, *inputs, seed=0):
    """Compare backward() with numerical_grad for each input of ``op``."""
    tensors = [Tensor(x) for x in inputs]
    out = op(*tensors)
    w = np.random.default_rng(seed).normal(size=out.shape)
    (out * w).sum().backward()
    for k, (x, t) in enumerate(zip(inputs, tensors, strict=True)):
        def loss_k(xk, k=k):
            args = [Tensor(a, requires_grad=False) for a in inputs]
            args[k] = Tensor(xk, requires_grad=False)
            return float((op(*args).data * w).sum())

        analytic = t.grad if t.grad is not None else np.zeros_like(x)
        err = relative_error(analytic, numerical_grad(loss_k, np.array(x)))
        assert err < TOL, f"input {k}: relative error {err:.2e}"


BINARY = {
    "add": (lambda a, b: a + b, {}),
    "sub": (lambda a, b: a - b, {}),
    "mul": (lambda a, b: a * b, {}),
    "div": (lambda a, b: a / b, {"b_away": True}),
    "pow": (lambda a, b: a**b, {"a_positive": True}),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@GRADIENT_CHECK
@given(data=st.data())
def test_binary_op_gradients_with_broadcasting(name, data):
    op, opts = BINARY[name]
    shape_a, shape_b = data.draw(broadcastable_pair())
    a = data.draw(arrays(shape_a, 0.5, 2.0) if opts.get("a_positive") else arrays(shape_a))
    b = data.draw(away_from_zero(shape_b, 0.5, 2.0) if opts.get("b_away") else arrays(shape_b))
    check_gradients(op, a, b)


UNARY = {
    "neg": (lambda x: -x, "any"),
    "exp": (exp, "any"),
    "log": (log, "positive"),
    "tanh": (tanh, "any"),
    "sigmoid": (sigmoid, "any"),
    "relu": (relu, "away"),
    "square": (lambda x: x**2, "any"),
    "cube": (lambda x: x**3.0, "any"),
    "sqrt": (lambda x: x**0.5, "positive"),
    "reciprocal": (lambda x: 1.0 / x, "away"),
    "scalar_ops": (lambda x: 3.0 - 2.0 * x + x / 4.0, "any"),
    "method_exp": (lambda x: x.exp().tanh(), "any"),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@GRADIENT_CHECK
@given(data=st.data())
def test_elementwise_gradients(name, data):
    op, domain = UNARY[name]
    shape = data.draw(small_shapes)
    if domain == "positive":
        x = data.draw(arrays(shape, 0.3, 3.0))
    elif domain == "away":
        x = data.draw(away_from_zero(shape))
    else:
        x = data.draw(arrays(shape))
    check_gradients(op, x)


@GRADIENT_CHECK
@given(data=st.data())
def test_matmul_gradients(data):
    shape_a, shape_b = data.draw(matmul_shapes())
    check_gradients(lambda a, b: a @ b, data.draw(arrays(shape_a)), data.draw(arrays(shape_b)))


def test_matmul_with_constant_array_on_either_side():
    rng = np.random.default_rng(0)
    W = rng.normal(size=(3, 2))
    check_gradients(lambda x: x @ W, rng.normal(size=(4, 3)))
    check_gradients(lambda x: W.T @ x, rng.normal(size=(3, 5)))


REDUCTIONS = [
    ("sum", None, False), ("sum", 0, False), ("sum", -1, True), ("sum", (0, 1), False),
    ("mean", None, False), ("mean", 1, False), ("mean", 0, True), ("mean", (0, 1), True),
]


@pytest.mark.parametrize(("method", "axis", "keepdims"), REDUCTIONS)
@GRADIENT_CHECK
@given(x=arrays(st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3))))
def test_reduction_gradients(method, axis, keepdims, x):
    check_gradients(lambda t: getattr(t, method)(axis=axis, keepdims=keepdims), x)


@pytest.mark.parametrize("fn", [softmax, log_softmax, logsumexp])
@pytest.mark.parametrize("axis", [-1, 0])
@GRADIENT_CHECK
@given(x=arrays(st.tuples(st.integers(1, 4), st.integers(1, 4)), -3.0, 3.0))
def test_softmax_family_gradients(fn, axis, x):
    check_gradients(lambda t: fn(t, axis=axis), x)


def test_logsumexp_keepdims_gradient():
    x = np.random.default_rng(1).normal(size=(3, 4))
    check_gradients(lambda t: logsumexp(t, axis=1, keepdims=True), x)


SHAPE_OPS = {
    "T": lambda t: t.T,
    "transpose": lambda t: t.transpose(1, 2, 0),
    "swapaxes": lambda t: t.swapaxes(0, 2),
    "reshape": lambda t: t.reshape(-1),
    "reshape_tuple": lambda t: t.reshape((t.shape[0], -1)),
    "index_int": lambda t: t[1],
    "index_slice": lambda t: t[:, 1:3],
    "index_step": lambda t: t[::-1, :, ::2],
    "index_none_ellipsis": lambda t: t[None, ..., 0],
    "index_arrays_with_repeats": lambda t: t[np.array([0, 1, 1]), np.array([2, 0, 0])],
    "index_rows": lambda t: t[np.array([1, 1, 0])],
}


@pytest.mark.parametrize("name", sorted(SHAPE_OPS))
@GRADIENT_CHECK
@given(x=arrays(st.tuples(st.integers(2, 3), st.integers(3, 4), st.integers(1, 3))))
def test_shape_and_indexing_gradients(name, x):
    check_gradients(SHAPE_OPS[name], x)


def test_composite_network_gradient():
    rng = np.random.default_rng(2)
    X, labels = rng.normal(size=(5, 3)), np.array([0, 2, 1, 1, 0])
    W1, b1, W2 = rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=(4, 3))

    def loss(W1, b1, W2):
        h = tanh(Tensor(X, requires_grad=False) @ W1 + b1)
        logits = relu(h) @ W2 + sigmoid(h).sum(axis=1, keepdims=True)
        return -log_softmax(logits)[np.arange(5), labels].mean()

    check_gradients(loss, W1, b1, W2)


@GRADIENT_CHECK
@given(data=st.data())
def test_cross_entropy_gradient_and_agreement_with_composed_loss(data):
    n, classes = data.draw(st.integers(1, 5)), data.draw(st.integers(2, 4))
    z = data.draw(arrays((n, classes), -3.0, 3.0))
    labels = np.array(data.draw(st.lists(st.integers(0, classes - 1), min_size=n, max_size=n)))
    check_gradients(lambda t: cross_entropy(t, labels), z)
    composed = -log_softmax(Tensor(z))[np.arange(n), labels].mean()
    np.testing.assert_allclose(cross_entropy(Tensor(z), labels).item(), composed.item(),
                               rtol=1e-12)
