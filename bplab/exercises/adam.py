"""Exercises of notebook 07 (Adam): the Adam step, AdamW's decoupled decay, AMSGrad.

References are ``bplab.optim.Adam`` / ``AdamW`` themselves (torch.optim's equations),
stepped once from the given state. ``t`` is the number of the step being taken (1 for the
first), so the bias corrections are ``1 - beta1**t`` and ``1 - beta2**t``.
"""

import numpy as np

from bplab.exercises.checking import check_update
from bplab.exercises.update_rules import optimizer_step

__all__ = ["check_adam_step", "check_adamw_step", "check_amsgrad_step"]


def _cases(seed, extra=()):
    """Cases ``(x, g, m, v, t, lr, betas, eps, *extra)``, t = 1 first (m = v = 0)."""
    rng = np.random.default_rng(seed)
    setups = [(1, 1e-3, (0.9, 0.999), 1e-8), (5, 0.1, (0.9, 0.999), 1e-8),
              (30, 0.01, (0.8, 0.99), 1e-6)]
    cases = []
    for i, (t, lr, betas, eps) in enumerate(setups):
        x, g, m, s = rng.normal(size=(4, 3))
        m, v = (np.zeros(3), np.zeros(3)) if t == 1 else (m, s**2)
        cases.append((x, g, m, v, t, lr, betas, eps) + tuple(e[i] for e in extra))
    return cases


def _state(m, v, t):
    return {"exp_avg": m, "exp_avg_sq": v, "step": t - 1}


def _adam_reference(x, g, m, v, t, lr, betas, eps):
    from bplab.optim import Adam

    x, state = optimizer_step(Adam, x, g, _state(m, v, t), lr=lr, betas=betas, eps=eps)
    return x, state["exp_avg"], state["exp_avg_sq"]


def _adamw_reference(x, g, m, v, t, lr, betas, eps, weight_decay):
    from bplab.optim import AdamW

    x, state = optimizer_step(AdamW, x, g, _state(m, v, t), lr=lr, betas=betas, eps=eps,
                              weight_decay=weight_decay)
    return x, state["exp_avg"], state["exp_avg_sq"]


def _amsgrad_reference(x, g, m, v, v_max, t, lr, betas, eps):
    from bplab.optim import Adam

    state = {**_state(m, v, t), "max_exp_avg_sq": v_max}
    x, state = optimizer_step(Adam, x, g, state, lr=lr, betas=betas, eps=eps, amsgrad=True)
    return x, state["exp_avg"], state["exp_avg_sq"], state["max_exp_avg_sq"]


def check_adam_step(fn):
    """Check ``fn(x, g, m, v, t, lr, betas, eps) -> (x, m, v)``: one Adam step.

    ``m = b1 m + (1 - b1) g``, ``v = b2 v + (1 - b2) g**2``,
    ``x = x - lr * (m / (1 - b1**t)) / (sqrt(v / (1 - b2**t)) + eps)``.
    """
    return check_update(
        "Adam step", fn, _adam_reference, _cases(seed=9), ["x", "m", "v"],
        hint="m and v are moving averages of g and of g**2, returned uncorrected; the bias "
             "correction applies only to the copies the step uses (t counts from 1), and eps "
             "goes outside the root",
    )


def check_adamw_step(fn):
    """Check ``fn(x, g, m, v, t, lr, betas, eps, weight_decay) -> (x, m, v)``: one AdamW step.

    Decoupled decay: ``x = x * (1 - lr * weight_decay)`` first, then the Adam step with
    the *undecayed* gradient ``g`` (the decay never enters m or v).
    """
    cases = _cases(seed=10, extra=[(1.0, 0.1, 0.5)])
    return check_update(
        "AdamW step", fn, _adamw_reference, cases, ["x", "m", "v"],
        hint="the decay multiplies x by a factor *before* the Adam step and never touches "
             "the gradient, so m and v come out exactly as in exercise 1",
    )


def check_amsgrad_step(fn):
    """Check ``fn(x, g, m, v, v_max, t, lr, betas, eps) -> (x, m, v, v_max)``: Adam's AMSGrad.

    ``v_max = maximum(v_max, v)`` (with the new v), and the step divides by
    ``sqrt(v_max / (1 - b2**t)) + eps`` instead of using v.
    """
    rng = np.random.default_rng(11)
    cases = []
    for x, g, m, v, t, *rest in _cases(seed=12):
        v_max = np.zeros(3) if t == 1 else v + rng.random(3) * (rng.random(3) < 0.5)
        cases.append((x, g, m, v, v_max, t, *rest))
    return check_update(
        "AMSGrad step", fn, _amsgrad_reference, cases, ["x", "m", "v", "v_max"],
        hint="m and v are updated exactly as in Adam; v_max is the element-wise largest v "
             "so far, the new one included, and takes v's place in the bias-corrected "
             "denominator",
    )
