"""Exercises for notebook 09: numerical, forward-mode and reverse-mode derivatives.

References: the central difference written out below (the textbook formula), the product
rule of ``bplab.autodiff.Dual``, and ``bplab.autodiff.jacobian`` (reverse mode).
"""

import numpy as np

from bplab.exercises.checking import check

__all__ = ["check_central_difference", "check_dual_mul", "check_forward_jacobian"]


def _central_reference(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def _dual_mul_reference(a, a_dot, b, b_dot):
    from bplab.autodiff import Dual

    z = Dual(a, a_dot) * Dual(b, b_dot)
    return np.array([z.primal, z.tangent], dtype=float)


def _jacobian_reference(f, x):
    from bplab.autodiff import jacobian

    return jacobian(f)(x)


def _cube(x):
    return x**3


def check_central_difference(fn):
    """Check ``fn(f, x, h)``: the central-difference estimate of ``f'(x)``.

    .. math:: f'(x) \\approx \\frac{f(x + h) - f(x - h)}{2h}
    """
    cases = [(np.sin, 1.0, 1e-3), (np.exp, 0.5, 1e-2), (_cube, 2.0, 0.1), (np.tanh, -0.3, 1e-4)]
    return check("central difference", fn, _central_reference, cases, rtol=1e-9, atol=1e-12,
                 hint="evaluate f one step h on each side of x and divide by the distance between "
                      "the two points, 2h; an answer a hair off (0.999 times the expected "
                      "value) is a forward difference, whose error is proportional to h",
                 describe=lambda c: f"f={c[0].__name__}, x={c[1]}, h={c[2]}")


def check_dual_mul(fn):
    """Check ``fn(a, a_dot, b, b_dot) -> (primal, tangent)``: the product of two dual numbers.

    .. math:: (a + \\dot a\\,\\varepsilon)(b + \\dot b\\,\\varepsilon)
              = ab + (\\dot a b + a \\dot b)\\,\\varepsilon \\qquad (\\varepsilon^2 = 0)
    """
    cases = [(2.0, 1.0, 3.0, 0.0), (2.0, 0.0, 3.0, 1.0), (-1.5, 2.0, 4.0, -0.5),
             (0.0, 1.0, 0.0, 1.0)]
    return check("dual-number product", lambda *c: np.asarray(fn(*c), dtype=float),
                 _dual_mul_reference, cases,
                 hint="entry 0 of your answer is the primal, entry 1 the tangent; multiply out "
                      "(a + a_dot eps)(b + b_dot eps) and drop the eps**2 term: the tangent "
                      "follows the product rule",
                 describe=lambda c: f"a={c[0]}+{c[1]}eps, b={c[2]}+{c[3]}eps")


def _layer(x):
    """A small layer R^n -> R^2 (tanh of a fixed linear map plus a shared quadratic term)."""
    from bplab.autodiff import tanh

    n = x.shape[0]
    W = (np.arange(2.0 * n).reshape(n, 2) - n) / n
    return tanh(x @ W) + (x * x).sum() * 0.5


def check_forward_jacobian(fn):
    """Check ``fn(f, x)``: the Jacobian of ``f`` at ``x``, one column per forward-mode pass.

    Column ``j`` is the Jacobian-vector product :math:`J e_j`, so ``n`` inputs cost ``n``
    passes of ``bplab.autodiff.jvp``. The reference builds it by reverse mode instead.
    """
    cases = [(_layer, np.array([0.3, -0.7, 1.1])), (_layer, np.array([2.0, 0.5]))]
    return check("forward-mode Jacobian", fn, _jacobian_reference, cases,
                 hint="column j is the tangent part of jvp(f)(x, e_j), with e_j the j-th unit "
                      "vector; put the columns side by side with np.stack(columns, axis=1)")
