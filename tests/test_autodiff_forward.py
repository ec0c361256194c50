"""Dual (forward mode): tangents agree with central differences; one function, three engines."""

import math

import numpy as np
import pytest
from hypothesis import given
from strategies import GRADIENT_CHECK, floats, relative_error

from bplab.autodiff import (
    Dual,
    Tensor,
    Value,
    exp,
    log,
    log_softmax,
    logsumexp,
    relu,
    sigmoid,
    softmax,
    tanh,
)

SCALAR_FUNCTIONS = {
    "arithmetic": lambda x: (3.0 - x) * x / (x * x + 1.0) + 2.0 / (x * x + 2.0),
    "pow": lambda x: x**3 + (x * x + 1.0) ** 0.5 + 2.0**x,
    "pow_dual": lambda x: (x * x + 0.5) ** (x * 0.5),
    "exp_log": lambda x: exp(x * 0.5) + log(x * x + 0.3),
    "squashing": lambda x: tanh(x) * sigmoid(x * 2.0) - x.tanh(),
    "neg": lambda x: -x,
}


@pytest.mark.parametrize("name", sorted(SCALAR_FUNCTIONS))
@GRADIENT_CHECK
@given(x=floats())
def test_dual_tangent_is_the_derivative(name, x):
    f = SCALAR_FUNCTIONS[name]
    out = f(Dual(x, 1.0))
    numeric = (f(Dual(x + 1e-6)).primal - f(Dual(x - 1e-6)).primal) / 2e-6
    assert math.isclose(out.tangent, numeric, rel_tol=1e-6, abs_tol=1e-6)


@GRADIENT_CHECK
@given(x=floats(0.05, 2.0))
def test_dual_relu_away_from_the_kink(x):
    assert relu(Dual(x, 2.0)).tangent == 2.0
    assert relu(Dual(-x, 2.0)).tangent == 0.0


@pytest.mark.parametrize("fn", [softmax, log_softmax, logsumexp])
def test_dual_softmax_family_matches_finite_differences(fn):
    rng = np.random.default_rng(0)
    x, v = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    out = fn(Dual(x, v))
    numeric = (fn(Tensor(x + 1e-6 * v)).data - fn(Tensor(x - 1e-6 * v)).data) / 2e-6
    assert relative_error(out.tangent, numeric) < 1e-6


def test_dual_on_arrays_supports_tensor_style_code():
    rng = np.random.default_rng(1)
    W, x, v = rng.normal(size=(3, 2)), rng.normal(size=(4, 3)), rng.normal(size=(4, 3))

    def f(t):
        return (tanh(t @ W).T.reshape(-1)[1:5] * 2.0).sum() + t.mean(axis=0).sum()

    out = f(Dual(x, v))
    numeric = (f(Tensor(x + 1e-6 * v)).item() - f(Tensor(x - 1e-6 * v)).item()) / 2e-6
    assert math.isclose(float(out.tangent), numeric, rel_tol=1e-6)


def test_dual_tangent_broadcasts_to_the_primal_and_mismatch_is_an_error():
    assert Dual(np.ones((2, 3)), 1.0).tangent.shape == (2, 3)
    with pytest.raises(ValueError, match=r"tangent shape \(2,\).*primal shape \(3,\)"):
        Dual(np.ones(3), np.ones(2))


def test_dual_refuses_non_numbers():
    with pytest.raises(TypeError, match="dtype"):
        Dual(np.array(["a"]))
    with pytest.raises(TypeError, match="Dual"):
        Dual(1.0) + "x"


def test_one_tanh_works_on_all_three_engines():
    xv, xt = Value(0.3), Tensor(0.3)
    v, t, d = tanh(xv), tanh(xt), tanh(Dual(0.3, 1.0))
    assert isinstance(v, Value) and isinstance(t, Tensor) and isinstance(d, Dual)
    v.backward()
    t.backward()
    assert v.data == pytest.approx(t.item()) == pytest.approx(d.primal)
    assert xv.grad == pytest.approx(float(xt.grad)) == pytest.approx(d.tangent)
    assert xv.grad == pytest.approx(1 - math.tanh(0.3) ** 2)
    assert isinstance(tanh(np.array([0.1, 0.2])), Tensor)
