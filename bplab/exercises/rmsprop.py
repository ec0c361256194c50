"""Exercises of notebook 06 (RMSprop): the plain and the centered update.

References are ``bplab.optim.RMSprop`` itself (torch.optim's equations), stepped from the
given state.
"""

import numpy as np

from bplab.exercises.checking import check_update
from bplab.exercises.update_rules import optimizer_step

__all__ = ["check_rmsprop_step", "check_centered_rmsprop_step"]

_HYPER = [(0.01, 0.99, 1e-8), (0.1, 0.9, 1e-8), (0.05, 0.5, 1e-3)]


def _cases(seed):
    rng = np.random.default_rng(seed)
    cases = []
    for lr, alpha, eps in _HYPER:
        x, g, grad_avg = rng.normal(size=(3, 3))
        square_avg = grad_avg**2 + rng.random(3)
        cases.append((x, g, square_avg, grad_avg, lr, alpha, eps))
    return cases


def _rmsprop_reference(x, g, square_avg, lr, alpha, eps):
    from bplab.optim import RMSprop

    x, state = optimizer_step(RMSprop, x, g, {"square_avg": square_avg, "step": 1},
                              lr=lr, alpha=alpha, eps=eps)
    return x, state["square_avg"]


def _centered_reference(x, g, square_avg, grad_avg, lr, alpha, eps):
    from bplab.optim import RMSprop

    state = {"square_avg": square_avg, "grad_avg": grad_avg, "step": 1}
    x, state = optimizer_step(RMSprop, x, g, state, lr=lr, alpha=alpha, eps=eps, centered=True)
    return x, state["square_avg"], state["grad_avg"]


def check_rmsprop_step(fn):
    """Check ``fn(x, g, square_avg, lr, alpha, eps) -> (x, square_avg)``: one RMSprop step.

    ``square_avg = alpha * square_avg + (1 - alpha) * g**2``, then
    ``x = x - lr * g / (sqrt(square_avg) + eps)``.
    """
    cases = [c[:3] + c[4:] for c in _cases(seed=7)]
    return check_update(
        "RMSprop step", fn, _rmsprop_reference, cases, ["x", "square_avg"],
        hint="in the moving average alpha weighs the *old* square_avg and 1 - alpha the "
             "new squared gradient; the step divides by the root of the *new* average, "
             "with eps outside the root",
    )


def check_centered_rmsprop_step(fn):
    """Check ``fn(x, g, square_avg, grad_avg, lr, alpha, eps) -> (x, square_avg, grad_avg)``.

    The centered variant also averages the gradient and divides by an estimate of its
    standard deviation: ``x = x - lr * g / (sqrt(square_avg - grad_avg**2) + eps)``.
    """
    return check_update(
        "centered RMSprop step", fn, _centered_reference, _cases(seed=8),
        ["x", "square_avg", "grad_avg"],
        hint="grad_avg is a moving average of g with the same alpha as square_avg; "
             "the denominator estimates the gradient's standard deviation from both *new* "
             "averages, with eps outside the root",
    )
