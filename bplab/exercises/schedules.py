"""Exercises for notebook 10: learning-rate schedules and per-parameter adaptation.

The references are ``bplab.optim``'s own schedules and ``RMSprop``, so a learner's closed
form is judged against the numbers torch's schedulers produce.
"""

import numpy as np

from bplab.exercises.checking import check

__all__ = ["check_cosine_annealing", "check_linear_warmup", "check_rmsprop_step_size"]


def _cosine_reference(k, lr, T_max, eta_min):
    from bplab.optim import cosine_annealing_lr

    return cosine_annealing_lr(lr, T_max, eta_min=eta_min)(k)


def _warmup_reference(k, lr, start_factor, total_iters):
    from bplab.optim import linear_lr

    return linear_lr(lr, start_factor=start_factor, end_factor=1.0, total_iters=total_iters)(k)


def _rmsprop_step_reference(grads, lr, alpha, eps):
    from bplab.optim import RMSprop

    x = np.zeros(grads.shape[1])
    opt = RMSprop([x], lr=lr, alpha=alpha, eps=eps)
    for g in grads:
        opt.step([g.copy()])
    return lr / (np.sqrt(opt.state[0]["square_avg"]) + eps)


def check_cosine_annealing(fn):
    """Check ``fn(k, lr, T_max, eta_min)``: the cosine-annealed learning rate after ``k`` steps.

    .. math:: \\eta_k = \\eta_{min} + \\tfrac12(\\eta_0 - \\eta_{min})(1 + \\cos(\\pi k / T_{max}))
    """
    cases = [(0, 0.1, 10, 0.0), (5, 0.1, 10, 0.0), (3, 0.5, 20, 0.01), (20, 0.5, 20, 0.01),
             (7, 1.0, 8, 0.1)]
    return check("cosine annealing", fn, _cosine_reference, cases,
                 hint="the factor (1 + cos(pi * k / T_max)) / 2 falls from 1 at k = 0 to 0 at "
                      "k = T_max: use it to blend from lr (at k = 0) to eta_min (at k = T_max)",
                 describe=lambda c: f"k={c[0]}, lr={c[1]}, T_max={c[2]}, eta_min={c[3]}")


def check_linear_warmup(fn):
    """Check ``fn(k, lr, start_factor, total_iters)``: linear warm-up from ``start_factor * lr``.

    .. math:: \\eta_k = \\eta_0\\,\\big(s + (1 - s)\\min(k, K)/K\\big)
    """
    cases = [(0, 0.1, 0.1, 5), (2, 0.1, 0.1, 5), (5, 0.1, 0.1, 5), (9, 0.1, 0.1, 5),
             (1, 1.0, 1 / 3, 4), (30, 1.0, 1 / 3, 4)]
    return check("linear warm-up", fn, _warmup_reference, cases,
                 hint="the factor on lr grows in a straight line from start_factor at k = 0 to "
                      "1 at k = total_iters, and stays at 1 after that (cap k with min)",
                 describe=lambda c: f"k={c[0]}, start_factor={c[2]:.3g}, total_iters={c[3]}")


def check_rmsprop_step_size(fn):
    """Check ``fn(grads, lr, alpha, eps)``: RMSprop's per-parameter step size after the gradients.

    ``grads`` has shape ``(steps, n)``, one gradient per row. The answer is the vector
    ``lr / (sqrt(v) + eps)`` with :math:`v \\leftarrow \\alpha v + (1-\\alpha) g^2`,
    ``v`` starting at 0.
    """
    rng = np.random.default_rng(10)
    scales = np.array([100.0, 1.0, 0.01])
    cases = [(rng.normal(size=(20, 3)) * scales, 0.01, 0.99, 1e-8),
             (rng.normal(size=(5, 3)) * scales, 0.1, 0.9, 1e-8),
             (np.ones((3, 2)), 1e-3, 0.5, 1e-8)]
    return check("RMSprop step size", fn, _rmsprop_step_reference, cases,
                 hint="start v at zeros, then for each row g: v = alpha * v + (1 - alpha) * g**2; "
                      "return lr / (sqrt(v) + eps) (eps outside the square root, as in torch)")
