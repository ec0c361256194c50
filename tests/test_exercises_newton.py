"""The checkers of notebook 12 accept a damped Newton step and Rosenbrock's Hessian."""

import numpy as np

from bplab.exercises.newton import check_newton_step, check_rosenbrock_hessian


def stub(*args):
    raise NotImplementedError


def newton_step(x, g, H, damping):
    return x - np.linalg.solve(H + damping * np.eye(len(x)), g)


def rosenbrock_hessian(x, y):
    return np.array([[2 - 400 * y + 1200 * x**2, -400 * x], [-400 * x, 200.0]])


def test_newton_step_verdicts():
    assert check_newton_step(newton_step).status == "correct"
    uphill = check_newton_step(lambda x, g, H, d: x + np.linalg.solve(H + d * np.eye(len(x)), g))
    assert uphill.status == "wrong" and "case" not in uphill.message.split(":")[0]
    assert "the sign is flipped" in uphill.message and "x_new - x" in uphill.message
    undamped = check_newton_step(lambda x, g, H, d: x - np.linalg.solve(H, g))
    assert undamped.status == "wrong" and "damping=1.5" in undamped.message
    assert check_newton_step(stub).status == "not attempted"


def test_rosenbrock_hessian_verdicts():
    assert check_rosenbrock_hessian(rosenbrock_hessian)
    half = check_rosenbrock_hessian(lambda x, y: rosenbrock_hessian(x, y) / 2)
    assert half.status == "wrong" and "constant factor" in half.message
    wrong_corner = check_rosenbrock_hessian(
        lambda x, y: rosenbrock_hessian(x, y) + np.array([[0.0, 0.0], [0.0, 1.0]]))
    assert wrong_corner.status == "wrong" and "is 201, expected 200" in wrong_corner.message
    assert check_rosenbrock_hessian(stub).status == "not attempted"
