"""Checkers of notebook 02 (backpropagation): right, wrong and unattempted answers."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bplab.autodiff import numerical_grad
from bplab.exercises.backprop import (
    check_linear_backward,
    check_relative_error,
    check_softmax_ce_grad,
    linear_backward,
    relative_error,
    softmax_ce_grad,
)

entries = st.floats(-3.0, 3.0, allow_nan=False)


def stub(*args):
    raise NotImplementedError


@given(arrays(float, (3, 2), elements=entries), arrays(float, (2, 4), elements=entries),
       arrays(float, (4,), elements=entries), arrays(float, (3, 4), elements=entries))
def test_linear_backward_is_the_gradient_of_sum_dout_y(x, W, b, dout):
    def loss(x_, W_, b_):
        return float(np.sum(dout * (x_ @ W_ + b_)))

    dx, dW, db = linear_backward(x, W, b, dout)
    assert np.allclose(dx, numerical_grad(lambda v: loss(v, W, b), x.copy()), atol=1e-5)
    assert np.allclose(dW, numerical_grad(lambda v: loss(x, v, b), W.copy()), atol=1e-5)
    assert np.allclose(db, numerical_grad(lambda v: loss(x, W, v), b.copy()), atol=1e-5)


def test_linear_reference_agrees_with_bplab_nn():
    nn = pytest.importorskip("bplab.nn")
    rng = np.random.default_rng(0)
    x, dout = rng.standard_normal((5, 3)), rng.standard_normal((5, 2))
    layer = nn.Linear(3, 2, seed=0)
    layer.forward(x)
    dx = layer.backward(dout)
    ours = linear_backward(x, layer.params["W"], layer.params["b"], dout)
    for got, want in zip(ours, (dx, layer.grads["W"], layer.grads["b"]), strict=True):
        assert np.allclose(got, want)


@given(arrays(float, (4, 3), elements=entries), st.lists(st.integers(0, 2), min_size=4,
                                                          max_size=4))
def test_softmax_ce_grad_is_the_gradient_of_the_mean_loss(z, labels):
    y = np.array(labels)

    def loss(z_):
        shifted = z_ - z_.max(axis=1, keepdims=True)
        logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(y)), y].mean())

    assert np.allclose(softmax_ce_grad(z, y), numerical_grad(loss, z.copy()), atol=1e-6)


def test_relative_error_reference():
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([0.0], [0.0]) == 0.0
    assert relative_error([1.0, 3.0], [1.0, 1.0]) == pytest.approx(0.5)


def test_linear_checker():
    assert check_linear_backward(linear_backward).status == "correct"
    transposed = check_linear_backward(lambda x, W, b, d: (d @ W.T, d.T @ x, d.sum(axis=0)))
    assert transposed.status == "wrong" and "dW" in transposed.message
    assert "transposed" in transposed.message
    mean = check_linear_backward(lambda x, W, b, d: (d @ W.T, x.T @ d, d.mean(axis=0)))
    assert mean.status == "wrong" and "db" in mean.message and "sum" in mean.message
    unsummed = check_linear_backward(lambda x, W, b, d: (d @ W.T, x.T @ d, d))
    assert "axis 0" in unsummed.message
    assert check_linear_backward(stub).status == "not attempted"


def test_softmax_checker():
    assert check_softmax_ce_grad(softmax_ce_grad)
    no_mean = check_softmax_ce_grad(lambda z, y: softmax_ce_grad(z, y) * len(y))
    assert no_mean.status == "wrong" and "divide by N" in no_mean.message
    no_onehot = check_softmax_ce_grad(
        lambda z, y: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True) / len(y))
    assert no_onehot.status == "wrong" and "onehot" in no_onehot.message
    assert check_softmax_ce_grad(stub).status == "not attempted"


def test_relative_error_checker():
    assert check_relative_error(relative_error).status == "correct"
    absolute = check_relative_error(lambda a, b: np.max(np.abs(a - b)))
    assert absolute.status == "wrong" and "absolute error" in absolute.message
    mean = check_relative_error(lambda a, b: np.mean(np.abs(a - b) / (np.abs(a) + np.abs(b))))
    assert mean.status == "wrong" and "largest" in mean.message
    assert check_relative_error(stub).status == "not attempted"
