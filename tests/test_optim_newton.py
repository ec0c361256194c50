"""newton_step: exact on quadratics, damping, callables, singular Hessians."""

import numpy as np
import pytest

from bplab import landscapes
from bplab.optim import newton_step


def test_one_step_solves_a_quadratic():
    q = landscapes.quadratic(100.0, angle=0.4)
    x = np.array([3.0, -2.0])
    np.testing.assert_allclose(newton_step(x, q.grad(x), q.hessian(x)), [0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(newton_step(x, q.grad, q.hessian), [0.0, 0.0], atol=1e-12)


def test_damping_and_lr():
    x, g, H = np.array([1.0, 1.0]), np.array([2.0, 4.0]), np.diag([2.0, 4.0])
    np.testing.assert_allclose(newton_step(x, g, H, damping=2.0), [0.5, 1 - 4 / 6])
    np.testing.assert_allclose(newton_step(x, g, H, lr=0.5), [0.5, 0.5])
    big = newton_step(x, g, H, damping=1e6)
    np.testing.assert_allclose(big, x - g / 1e6, rtol=1e-5)  # gradient descent, tiny step


def test_newton_converges_quadratically_on_rosenbrock():
    rb = landscapes.rosenbrock()
    x = np.array([1.2, 1.2])
    for _ in range(8):
        x = newton_step(x, rb.grad, rb.hessian)
    np.testing.assert_allclose(x, [1.0, 1.0], atol=1e-12)


def test_singular_hessian_says_add_damping():
    with pytest.raises(ValueError, match="singular.*damping"):
        newton_step([1.0, 1.0], [1.0, 1.0], [[1.0, 1.0], [1.0, 1.0]])
    newton_step([1.0, 1.0], [1.0, 1.0], [[1.0, 1.0], [1.0, 1.0]], damping=0.1)


def test_bad_shapes():
    with pytest.raises(ValueError, match="grad"):
        newton_step([1.0, 1.0], [1.0], np.eye(2))
    with pytest.raises(ValueError, match="hessian"):
        newton_step([1.0, 1.0], [1.0, 1.0], np.eye(3))
    with pytest.raises(ValueError, match="damping"):
        newton_step([1.0, 1.0], [1.0, 1.0], np.eye(2), damping=-1.0)
