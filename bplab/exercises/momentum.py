"""Exercises of notebook 04: one momentum step, one Nesterov step, the critical momentum.

Checked with :func:`bplab.exercises.checking.check_update` against ``bplab.optim.SGD``
stepped once from the given state (see :mod:`bplab.exercises.update_rules`).
"""

import numpy as np

from bplab.exercises.checking import check, check_update
from bplab.exercises.update_rules import optimizer_step, random_arrays

__all__ = [
    "check_momentum_step",
    "check_nesterov_step",
    "check_critical_momentum",
]

_MOMENTUM_CASES = random_arrays(3, [(0.1, 0.9), (0.05, 0.5), (0.3, 0.99)], seed=4)


def _sgd_reference(nesterov):
    def reference(x, g, buf, lr, momentum):
        from bplab.optim import SGD

        x, state = optimizer_step(SGD, x, g, {"momentum_buffer": buf}, lr=lr,
                                  momentum=momentum, nesterov=nesterov)
        return x, state["momentum_buffer"]
    return reference


def check_momentum_step(fn):
    """Check ``fn(x, g, buf, lr, momentum) -> (x, buf)``: one step of SGD with momentum.

    torch's convention: ``buf = momentum * buf + g``, then ``x = x - lr * buf``.
    """
    return check_update(
        "momentum step", fn, _sgd_reference(nesterov=False), _MOMENTUM_CASES, ["x", "buf"],
        hint="in torch's convention the buffer is a decaying sum of the raw gradients "
             "(lr is not inside it); lr only scales the step taken along the new buffer",
    )


def check_nesterov_step(fn):
    """Check ``fn(x, g, buf, lr, momentum) -> (x, buf)``: one step of torch's Nesterov SGD.

    ``buf = momentum * buf + g``, then ``x = x - lr * (g + momentum * buf)`` (the new buf).
    """
    return check_update(
        "Nesterov step", fn, _sgd_reference(nesterov=True), _MOMENTUM_CASES, ["x", "buf"],
        hint="update the buffer exactly as in exercise 1; then step along the look-ahead "
             "direction of the Nesterov equation above, built from the *new* buffer",
    )


def critical_momentum(lr, curvature):
    """Momentum that critically damps a direction of curvature ``λ`` at step size ``lr``.

    Distill's closed form (Goh 2017, "Why Momentum Really Works"):
    ``β* = (1 - sqrt(lr * λ))**2``, the largest momentum at which the heavy ball on
    ``λ x² / 2`` does not oscillate yet (the two eigenvalues of its iteration matrix meet);
    its convergence rate is then ``1 - sqrt(lr * λ)``.
    """
    return (1.0 - np.sqrt(lr * curvature)) ** 2


def check_critical_momentum(fn):
    """Check ``fn(lr, curvature) -> beta``: Distill's critical damping."""
    cases = [(0.1, 1.0), (0.01, 25.0), (0.04, 4.0), (np.array([0.5, 0.5]), np.array([0.1, 1.5]))]
    return check(
        "critical momentum", fn, critical_momentum, cases,
        hint="the eigenvalues (T ± sqrt(T**2 - 4 beta)) / 2, T = 1 + beta - lr * curvature, "
             "meet where T**2 = 4 beta: solve that for beta (the smaller root) with numpy "
             "functions, so arrays work",
    )
