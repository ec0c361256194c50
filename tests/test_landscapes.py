"""bplab.landscapes: formulas, derivatives (finite differences), minima, grids, lookup."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bplab import landscapes
from bplab.landscapes import NAMES, get

coord = st.floats(-2.0, 2.0, allow_nan=False)


def _fd_grad(land, p, h=1e-6):
    return np.array([(land.f(p + h * e) - land.f(p - h * e)) / (2 * h) for e in np.eye(2)])


def _fd_hessian(land, p, h=1e-6):
    return np.array([(land.grad(p + h * e) - land.grad(p - h * e)) / (2 * h) for e in np.eye(2)])


@pytest.mark.parametrize("name", NAMES)
@given(x=coord, y=coord)
def test_grad_and_hessian_match_finite_differences(name, x, y):
    land = get(name)
    p = np.array([x, y])
    scale = 1.0 + np.abs(land.hessian(p)).max()
    np.testing.assert_allclose(land.grad(p), _fd_grad(land, p), atol=1e-5 * scale)
    np.testing.assert_allclose(land.hessian(p), _fd_hessian(land, p), atol=1e-5 * scale)


@pytest.mark.parametrize("name", NAMES)
def test_minima_are_stationary_with_positive_curvature(name):
    land = get(name)
    assert land.minima.ndim == 2 and land.minima.shape[1] == 2
    np.testing.assert_allclose(land.grad(land.minima), 0.0, atol=1e-9)
    assert (np.linalg.eigvalsh(land.hessian(land.minima)) > 0).all()
    np.testing.assert_allclose(land.f(land.minima), land.fmin, atol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_the_global_minimum_is_below_the_whole_grid(name):
    land = get(name)
    X, Y, Z = land.grid(101)
    assert X.shape == Y.shape == Z.shape == (101, 101)
    assert Z.min() >= land.fmin - 1e-12
    (x0, x1), (y0, y1) = land.bounds
    assert (X[0, 0], X[0, -1], Y[0, 0], Y[-1, 0]) == (x0, x1, y0, y1)
    assert x0 <= land.start[0] <= x1 and y0 <= land.start[1] <= y1


@pytest.mark.parametrize("name", NAMES)
def test_batched_shapes_agree_with_pointwise(name):
    land = get(name)
    P = np.random.default_rng(0).uniform(-2, 2, size=(3, 4, 2))
    assert land.f(P).shape == (3, 4)
    assert land.grad(P).shape == (3, 4, 2)
    assert land.hessian(P).shape == (3, 4, 2, 2)
    np.testing.assert_allclose(land.grad(P)[1, 2], land.grad(P[1, 2]))
    np.testing.assert_allclose(land.hessian(P)[2, 3], land.hessian(P[2, 3]))
    np.testing.assert_array_equal(land.hessian(P), np.swapaxes(land.hessian(P), -1, -2))


@pytest.mark.parametrize("name", NAMES)
def test_levels_increase_and_lie_in_the_plotted_range(name):
    land = get(name)
    levels = land.levels(15)
    assert levels.shape == (15,) and (np.diff(levels) > 0).all()
    assert levels[0] >= land.fmin and levels[-1] <= land.grid(120)[2].max() + 1e-9


def test_known_values():
    assert get("rosenbrock").f([1.0, 1.0]) == 0.0
    assert get("rosenbrock").f([0.0, 0.0]) == 1.0
    assert get("beale").f([3.0, 0.5]) == 0.0
    assert get("himmelblau").f([3.0, 2.0]) == 0.0
    assert get("rastrigin").f([0.0, 0.0]) == 0.0
    assert get("saddle").f([0.0, 1.0]) == -0.25
    np.testing.assert_allclose(get("saddle").hessian([0.0, 0.0]), np.diag([1.0, -1.0]))


def test_quadratic_condition_number_and_rotation():
    q = landscapes.quadratic(100.0)
    np.testing.assert_allclose(q.hessian([0.3, -0.2]), np.diag([1.0, 100.0]))
    assert q.f([1.0, 1.0]) == pytest.approx(50.5)
    r = landscapes.quadratic(10.0, angle=np.pi / 4)
    H = r.hessian([0.0, 0.0])
    np.testing.assert_allclose(np.linalg.eigvalsh(H), [1.0, 10.0])
    assert abs(H[0, 1]) > 1
    assert landscapes.quadratic().params["condition_number"] == 10.0


def test_every_factory_works_without_arguments():
    for name in NAMES:
        land = getattr(landscapes, name)()
        assert land.name == name and get(name).name == name
    assert get(landscapes.beale()).name == "beale"


def test_get_lists_the_names_on_a_typo():
    with pytest.raises(ValueError, match="rosenbrock.*beale"):
        get("rosenbrok")
    assert get("Rosenbrock").name == "rosenbrock"


def test_bad_input():
    with pytest.raises(ValueError, match="shape"):
        get("beale").f([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="condition_number"):
        landscapes.quadratic(-1.0)
    with pytest.raises(ValueError, match="n must"):
        get("beale").grid(1)
