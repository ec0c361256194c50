"""grad, value_and_grad, jacobian, hessian, hvp, jvp, numerical_grad: shapes, exactness, errors."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import GRADIENT_CHECK, arrays, relative_error

from bplab.autodiff import (
    Tensor,
    exp,
    grad,
    hessian,
    hvp,
    jacobian,
    jvp,
    log,
    log_softmax,
    logsumexp,
    numerical_grad,
    relu,
    sigmoid,
    softmax,
    tanh,
    value_and_grad,
)

vectors = arrays(st.integers(1, 5))


def rosenbrock(x, a=1.0, b=100.0):
    return ((a - x[:-1]) ** 2 + b * (x[1:] - x[:-1] ** 2) ** 2).sum()


def rosenbrock_hessian(x, b=100.0):
    """The closed form for the 2-D Rosenbrock function."""
    return np.array([[2 - 4 * b * (x[1] - 3 * x[0] ** 2), -4 * b * x[0]],
                     [-4 * b * x[0], 2 * b]])


def smooth(x):
    """A non-quadratic scalar function with mixed second derivatives."""
    return (tanh(x) * x.sum()).sum() + (sigmoid(x * 2.0) ** 2).sum() + (x**3).mean()


def test_grad_of_quadratic_form():
    rng = np.random.default_rng(0)
    A, x = rng.normal(size=(4, 4)), rng.normal(size=4)
    np.testing.assert_allclose(grad(lambda t: t @ (A @ t))(x), (A + A.T) @ x, atol=1e-12)


def test_value_and_grad_returns_float_and_array():
    value, g = value_and_grad(lambda t: (t**2).sum())(np.array([1.0, 2.0]))
    assert value == 5.0 and isinstance(value, float)
    np.testing.assert_allclose(g, [2.0, 4.0])


def test_grad_of_function_not_using_its_input_is_zero():
    np.testing.assert_array_equal(grad(lambda t: t.sum() * 0.0 + 1.0)(np.ones(3)), [0, 0, 0])


def test_grad_accepts_ints_and_tensors():
    np.testing.assert_allclose(grad(lambda t: (t * t).sum())([1, 2]), [2.0, 4.0])
    np.testing.assert_allclose(grad(lambda t: (t * t).sum())(Tensor([1.0, 2.0])), [2.0, 4.0])


def test_grad_of_non_scalar_function_is_an_error():
    with pytest.raises(ValueError, match=r"single number.*shape \(3,\)"):
        grad(lambda t: t * 2.0)(np.ones(3))


def test_grad_of_function_returning_a_float_is_an_error():
    with pytest.raises(TypeError, match="returned float"):
        grad(lambda t: float(t.sum().item()))(np.ones(3))


def test_grad_refuses_object_arrays():
    with pytest.raises(TypeError, match="dtype object"):
        grad(lambda t: t.sum())(np.array([1, None], dtype=object))


@pytest.mark.parametrize("h", [0.0, -1e-5, "1e-5"])
def test_numerical_grad_rejects_bad_step(h):
    with pytest.raises(ValueError, match="h must be a positive number"):
        numerical_grad(lambda x: float(x.sum()), np.ones(2), h=h)


def test_numerical_grad_of_plain_numpy_function_leaves_x_unchanged():
    x = np.array([0.5, -1.0, 2.0])
    before = x.copy()
    g = numerical_grad(lambda v: float(np.sum(np.sin(v) * v)), x)
    np.testing.assert_allclose(g, np.cos(x) * x + np.sin(x), rtol=1e-9)
    np.testing.assert_array_equal(x, before)


def test_numerical_grad_of_tensor_function_and_vector_output():
    x = np.array([[0.5, -1.0], [2.0, 0.1]])
    g = numerical_grad(lambda t: (t.exp() * 2.0).sum(), Tensor(x))
    np.testing.assert_allclose(g, 2 * np.exp(x), rtol=1e-9)
    J = numerical_grad(lambda v: np.tanh(v), np.array([0.1, 0.2, 0.3]))
    assert J.shape == (3, 3)
    np.testing.assert_allclose(J, np.diag(1 - np.tanh([0.1, 0.2, 0.3]) ** 2), atol=1e-9)


def test_hessian_of_quadratic_form_is_exact():
    rng = np.random.default_rng(1)
    A = rng.normal(size=(3, 3))
    H = hessian(lambda t: 0.5 * (t @ (A @ t)))(rng.normal(size=3))
    np.testing.assert_allclose(H, 0.5 * (A + A.T), atol=1e-14)


@GRADIENT_CHECK
@given(x=arrays((2,), -2.0, 2.0))
def test_hessian_of_rosenbrock_matches_closed_form(x):
    np.testing.assert_allclose(hessian(rosenbrock)(x), rosenbrock_hessian(x), rtol=1e-12,
                               atol=1e-9)


def test_hessian_of_softmax_cross_entropy_is_diag_p_minus_ppT():
    z, label = np.array([0.3, -1.2, 2.0, 0.5]), 2
    p = np.exp(z) / np.exp(z).sum()
    H = hessian(lambda t: -log_softmax(t)[label])(z)
    np.testing.assert_allclose(H, np.diag(p) - np.outer(p, p), atol=1e-14)


@GRADIENT_CHECK
@given(x=vectors)
def test_hessian_matches_numerical_grad_of_grad(x):
    numeric = numerical_grad(lambda v: grad(smooth)(v), x)
    assert relative_error(hessian(smooth)(x), numeric) < 1e-6


SECOND_ORDER = {
    "exp_log_div": lambda t: (exp(t * 0.5) / (t * t + 1.0)).sum() + log(t * t + 0.5).sum(),
    "softmax_family": lambda t: (softmax(t) * t).sum() + logsumexp(t * 2.0) + log_softmax(t)[0],
    "shape_ops": lambda t: ((t.reshape(1, -1).T @ t.reshape(1, -1)) ** 2).sum()
    + (t[::-1] * t).sum(),
    "indexing": lambda t: (t[np.array([0, 0, -1])] ** 3).sum(),
    "power_of_tensor": lambda t: ((t * t + 1.0) ** (t * 0.3)).sum(),
    "relu_is_piecewise_linear": lambda t: (relu(t + 10.0) * t).sum(),
}


@pytest.mark.parametrize("name", sorted(SECOND_ORDER))
@GRADIENT_CHECK
@given(x=arrays(st.integers(1, 4), -1.5, 1.5))
def test_hessian_of_each_op_matches_numerical_grad_of_grad(name, x):
    f = SECOND_ORDER[name]
    numeric = numerical_grad(lambda v: grad(f)(v), x)
    assert relative_error(hessian(f)(x), numeric) < 1e-6


def test_hessian_of_matrix_input_has_doubled_shape():
    x = np.random.default_rng(2).normal(size=(2, 3))
    H = hessian(lambda t: (t.exp() * t).sum() + (t @ t.T).sum())(x)
    assert H.shape == (2, 3, 2, 3)
    numeric = numerical_grad(lambda v: grad(lambda t: (t.exp() * t).sum() + (t @ t.T).sum())(v), x)
    assert relative_error(H, numeric) < 1e-6


def test_hessian_of_linear_function_is_zero():
    np.testing.assert_array_equal(hessian(lambda t: (t * 3.0).sum())(np.ones(2)), np.zeros((2, 2)))


@GRADIENT_CHECK
@given(data=st.data())
def test_hvp_equals_hessian_times_v(data):
    x = data.draw(vectors)
    v = data.draw(arrays(x.shape))
    np.testing.assert_allclose(hvp(smooth)(x, v), hessian(smooth)(x) @ v, rtol=1e-10,
                               atol=1e-12)


def mlp_outputs(x):
    rng = np.random.default_rng(3)
    W1, W2 = rng.normal(size=(3, 5)), rng.normal(size=(5, 2))
    return softmax(tanh(x @ W1) @ W2)


@GRADIENT_CHECK
@given(data=st.data())
def test_jvp_equals_jacobian_times_v(data):
    x = data.draw(arrays((3,)))
    v = data.draw(arrays((3,)))
    value, tangent = jvp(mlp_outputs)(x, v)
    np.testing.assert_allclose(value, mlp_outputs(Tensor(x)).data)
    np.testing.assert_allclose(tangent, jacobian(mlp_outputs)(x) @ v, rtol=1e-10, atol=1e-12)


def test_jacobian_of_mlp_outputs_wrt_inputs():
    x = np.array([0.2, -0.4, 1.1])
    J = jacobian(mlp_outputs)(x)
    assert J.shape == (2, 3)
    numeric = numerical_grad(lambda v: mlp_outputs(Tensor(v)).data, x)
    assert relative_error(J, numeric) < 1e-6
    np.testing.assert_allclose(J.sum(axis=0), 0.0, atol=1e-12)  # softmax outputs sum to 1


def test_jacobian_shape_is_output_shape_plus_input_shape():
    x = np.ones((2, 3))
    assert jacobian(lambda t: t.sum(axis=0) * 2.0)(x).shape == (3, 2, 3)
    assert jacobian(lambda t: t.sum())(x).shape == (2, 3)


def test_jvp_and_hvp_check_the_direction_shape():
    with pytest.raises(ValueError, match=r"v must have x's shape \(3,\), got \(2,\)"):
        jvp(mlp_outputs)(np.ones(3), np.ones(2))
    with pytest.raises(ValueError, match=r"v must have x's shape"):
        hvp(smooth)(np.ones(3), np.ones(4))


def test_jacobian_of_non_tensor_output_is_an_error():
    with pytest.raises(TypeError, match="must return a Tensor"):
        jacobian(lambda t: t.data * 2)(np.ones(2))
