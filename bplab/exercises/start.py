"""Checkers for notebook 00 (start here): a first taste of how exercises work."""

from bplab.exercises.checking import check


def _d_cube(x):
    return 3 * x**2


def check_d_cube(fn):
    """Judge ``fn(x)``, the derivative of ``x**3``, at a few points."""
    return check("derivative of x³", fn, _d_cube, cases=[(2.0,), (-1.5,), (0.0,), (3.0,)],
                 hint="the power rule: d/dx xⁿ = n·xⁿ⁻¹")
