"""Exercises for notebook 12: a (damped) Newton step and the Hessian it needs.

References: ``bplab.optim.newton_step`` and the analytic Hessian of
``bplab.landscapes.rosenbrock``.
"""

import numpy as np

from bplab.exercises.checking import check

__all__ = ["check_newton_step", "check_rosenbrock_hessian"]


def _newton_reference(x, g, H, damping):
    from bplab.optim import newton_step

    return newton_step(x, g, H, lr=1.0, damping=damping)


def _rosenbrock_hessian_reference(x, y):
    from bplab import landscapes

    return landscapes.rosenbrock().hessian(np.array([x, y], dtype=float))


def check_newton_step(fn):
    """Check ``fn(x, g, H, damping)``: the damped Newton step.

    .. math:: x_{new} = x - (H + \\lambda I)^{-1} g
    """
    cases = [(np.array([1.0, 2.0]), np.array([2.0, 8.0]), np.array([[2.0, 0.0], [0.0, 4.0]]), 0.0),
             (np.array([0.5, -1.0]), np.array([1.0, -3.0]),
              np.array([[3.0, 1.0], [1.0, 2.0]]), 0.0),
             (np.array([0.5, -1.0]), np.array([1.0, -3.0]),
              np.array([[3.0, 1.0], [1.0, 2.0]]), 1.5),
             (np.array([0.0, 0.0, 1.0]), np.array([1.0, 1.0, 1.0]), np.diag([1.0, -2.0, 4.0]), 3.0)]
    return check("Newton step", fn, _newton_reference, cases,
                 hint="solve (H + damping * I) d = g with np.linalg.solve (no explicit inverse), "
                      "then return x - d",
                 describe=lambda c: f"x={c[0].tolist()}, damping={c[3]}")


def check_rosenbrock_hessian(fn):
    """Check ``fn(x, y)``: the 2x2 Hessian of :math:`f = (1 - x)^2 + 100 (y - x^2)^2`."""
    cases = [(1.0, 1.0), (0.0, 0.0), (-1.2, 1.0), (0.5, 2.0)]
    return check("Rosenbrock Hessian", fn, _rosenbrock_hessian_reference, cases,
                 hint="differentiate df/dx = -2(1 - x) - 400 x (y - x^2) and df/dy = 200 (y - x^2) "
                      "once more; the matrix is symmetric",
                 describe=lambda c: f"(x, y) = ({c[0]}, {c[1]})")
