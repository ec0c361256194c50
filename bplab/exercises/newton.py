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

    The step ``x_new - x`` is compared, so a step in the wrong direction is reported as a
    flipped sign rather than as a wrong point.
    """
    cases = [(np.array([1.0, 2.0]), np.array([2.0, 8.0]), np.array([[2.0, 0.0], [0.0, 4.0]]), 0.0),
             (np.array([0.5, -1.0]), np.array([1.0, -3.0]),
              np.array([[3.0, 1.0], [1.0, 2.0]]), 0.0),
             (np.array([0.5, -1.0]), np.array([1.0, -3.0]),
              np.array([[3.0, 1.0], [1.0, 2.0]]), 1.5),
             (np.array([0.0, 0.0, 1.0]), np.array([1.0, 1.0, 1.0]), np.diag([1.0, -2.0, 4.0]), 3.0)]
    def step(f):
        return lambda x, *rest: np.asarray(f(x.copy(), *rest), dtype=float) - x

    return check("Newton step", step(fn), step(_newton_reference), cases,
                 hint="add the damping to the diagonal of H (np.eye), solve that linear system "
                      "for the step d with np.linalg.solve instead of inverting, and move "
                      "against d: with the sign flipped the step goes uphill",
                 describe=lambda c: f"the step x_new - x, x={c[0].tolist()}, damping={c[3]}")


def check_rosenbrock_hessian(fn):
    """Check ``fn(x, y)``: the 2x2 Hessian of :math:`f = (1 - x)^2 + 100 (y - x^2)^2`."""
    cases = [(1.0, 1.0), (0.0, 0.0), (-1.2, 1.0), (0.5, 2.0)]
    return check("Rosenbrock Hessian", fn, _rosenbrock_hessian_reference, cases,
                 hint="differentiate df/dx = -2(1 - x) - 400 x (y - x^2) and df/dy = 200 (y - x^2) "
                      "once more; the matrix is symmetric",
                 describe=lambda c: f"(x, y) = ({c[0]}, {c[1]})")
