"""Every landscape's analytic grad and Hessian against bplab.autodiff (exact, not finite
differences). The polynomial landscapes run their own ``value`` on Tensors; Rastrigin's
uses ``np.cos``, so its formula is restated with ``bplab.autodiff.cos``."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bplab import autodiff, landscapes

coord = st.floats(-3.0, 3.0, allow_nan=False)
POLYNOMIAL = [n for n in landscapes.NAMES if n != "rastrigin"]


def _as_tensor_function(land):
    return lambda t: land.value(t[0], t[1])


@pytest.mark.parametrize("name", POLYNOMIAL)
@given(x=coord, y=coord)
def test_grad_and_hessian_match_autodiff(name, x, y):
    land = landscapes.get(name)
    p = np.array([x, y])
    f = _as_tensor_function(land)
    scale = 1.0 + np.abs(land.hessian(p)).max() * (1.0 + np.abs(p).max())
    np.testing.assert_allclose(land.grad(p), autodiff.grad(f)(p), rtol=1e-12, atol=1e-12 * scale)
    np.testing.assert_allclose(land.hessian(p), autodiff.hessian(f)(p), rtol=1e-12,
                               atol=1e-12 * scale)


def test_rotated_quadratic_matches_autodiff():
    land = landscapes.quadratic(25.0, angle=0.3)
    p = np.array([0.7, -1.1])
    f = _as_tensor_function(land)
    np.testing.assert_allclose(land.grad(p), autodiff.grad(f)(p), rtol=1e-13)
    np.testing.assert_allclose(land.hessian(p), autodiff.hessian(f)(p), rtol=1e-13, atol=1e-13)


@given(x=coord, y=coord)
def test_rastrigin_matches_autodiff(x, y):
    land = landscapes.get("rastrigin")
    A, w = land.params["A"], 2.0 * np.pi

    def f(t):
        return 2.0 * A + (t * t - A * autodiff.cos(w * t)).sum()

    p = np.array([x, y])
    np.testing.assert_allclose(land.grad(p), autodiff.grad(f)(p), rtol=1e-12, atol=1e-10)
    np.testing.assert_allclose(land.hessian(p), autodiff.hessian(f)(p), rtol=1e-12, atol=1e-10)
    assert np.isclose(land.f(p), f(autodiff.Tensor(p)).item(), rtol=1e-13)
