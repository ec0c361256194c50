"""sin and cos on the Tensor and Dual engines: first and second derivatives.

First derivatives are checked against central differences (relative error < 1e-6) on
hypothesis-drawn shapes; second derivatives against the closed forms sin'' = -sin and
cos'' = -cos, against central differences of ``grad``, and on the 2-D Rastrigin function.
"""

import numpy as np
import pytest
from hypothesis import given
from strategies import GRADIENT_CHECK, arrays, relative_error, small_shapes

from bplab.autodiff import (
    Dual,
    Tensor,
    Value,
    cos,
    grad,
    hessian,
    hvp,
    jvp,
    numerical_grad,
    sin,
)

TOL = 1e-6
TRIG = {"sin": (sin, np.sin, np.cos), "cos": (cos, np.cos, lambda x: -np.sin(x))}


def rastrigin(x, A=10.0):
    """f(x) = A n + sum_i (x_i^2 - A cos(2 pi x_i)), written with Tensor operations."""
    return A * x.size + (x**2 - A * cos(2 * np.pi * x)).sum()


@pytest.mark.parametrize("name", sorted(TRIG))
@GRADIENT_CHECK
@given(x=arrays(small_shapes, -4.0, 4.0))
def test_trig_gradient_matches_central_differences(name, x):
    fn, value, _ = TRIG[name]
    w = np.random.default_rng(0).normal(size=np.shape(x))
    t = Tensor(x)
    out = fn(t)
    np.testing.assert_allclose(out.data, value(x), rtol=0, atol=1e-15)
    (out * w).sum().backward()
    numeric = numerical_grad(lambda a: float((value(a) * w).sum()), np.array(x))
    assert relative_error(t.grad, numeric) < TOL


@pytest.mark.parametrize("name", sorted(TRIG))
@GRADIENT_CHECK
@given(x=arrays(small_shapes, -4.0, 4.0))
def test_trig_method_and_function_agree(name, x):
    fn, _, derivative = TRIG[name]
    a, b = Tensor(x), Tensor(x)
    fn(a).sum().backward()
    getattr(b, name)().sum().backward()
    np.testing.assert_array_equal(a.grad, b.grad)
    np.testing.assert_allclose(a.grad, derivative(x), rtol=0, atol=1e-15)


@pytest.mark.parametrize("name", sorted(TRIG))
@GRADIENT_CHECK
@given(x=arrays(small_shapes, -4.0, 4.0))
def test_trig_second_derivative_is_minus_itself(name, x):
    """d^2/dx^2 sum(sin x) = -sin x, from backward(create_graph=True) twice."""
    fn, value, _ = TRIG[name]
    t = Tensor(x)
    fn(t).sum().backward(create_graph=True)
    first = t.grad
    t.grad = None
    first.sum().backward()
    np.testing.assert_allclose(t.grad, -value(x), rtol=0, atol=1e-14)


@pytest.mark.parametrize("name", sorted(TRIG))
@GRADIENT_CHECK
@given(x=arrays(5, -3.0, 3.0))
def test_trig_hessian_matches_central_differences_of_grad(name, x):
    fn = TRIG[name][0]

    def f(t):
        return (fn(t * t) * t).sum() + fn(t.sum())

    exact = hessian(f)(x)
    numeric = np.zeros((x.size, x.size))
    for i in range(x.size):
        numeric[i] = numerical_grad(lambda a, i=i: float(grad(f)(a)[i]), x.copy())
    assert relative_error(exact, numeric) < TOL
    np.testing.assert_allclose(exact, exact.T, atol=1e-12)


@pytest.mark.parametrize("name", sorted(TRIG))
@GRADIENT_CHECK
@given(x=arrays(small_shapes, -4.0, 4.0))
def test_dual_trig_tangent_is_the_derivative(name, x):
    fn, value, derivative = TRIG[name]
    v = np.random.default_rng(1).normal(size=np.shape(x))
    d = fn(Dual(x, v))
    np.testing.assert_allclose(d.primal, value(x), rtol=0, atol=1e-15)
    np.testing.assert_allclose(d.tangent, derivative(x) * v, rtol=0, atol=1e-14)


def test_rastrigin_gradient_and_hessian_closed_forms():
    rng = np.random.default_rng(2)
    for x in rng.uniform(-5.12, 5.12, size=(10, 2)):
        g = grad(rastrigin)(x)
        np.testing.assert_allclose(g, 2 * x + 20 * np.pi * np.sin(2 * np.pi * x), atol=1e-11)
        H = hessian(rastrigin)(x)
        np.testing.assert_allclose(H, np.diag(2 + 40 * np.pi**2 * np.cos(2 * np.pi * x)),
                                   atol=1e-10)
        v = rng.normal(size=2)
        np.testing.assert_allclose(hvp(rastrigin)(x, v), H @ v, atol=1e-10)
        value, tangent = jvp(rastrigin)(x, v)
        assert value == pytest.approx(rastrigin(Tensor(x)).item(), abs=1e-12)
        assert tangent == pytest.approx(g @ v, abs=1e-11)


def test_rastrigin_minimum_is_a_stationary_point():
    assert rastrigin(Tensor(np.zeros(2))).item() == 0.0
    np.testing.assert_array_equal(grad(rastrigin)(np.zeros(2)), [0.0, 0.0])


def test_trig_accepts_arrays_and_refuses_non_numbers():
    out = sin(np.array([0.0, np.pi / 2]))
    assert isinstance(out, Tensor) and not out.requires_grad
    np.testing.assert_allclose(out.data, [0.0, 1.0])
    with pytest.raises(TypeError, match="real numbers"):
        cos(np.array(["a"]))
    with pytest.raises(TypeError, match=r"sin\(x\): got a Value"):
        sin(Value(1.0))
