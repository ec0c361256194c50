"""Exercises of notebook 08 (NAdam): torch's momentum schedule and one NAdam step.

The step's reference is ``bplab.optim.NAdam`` itself (torch.optim's equations), stepped
once from the given state; ``t`` is the number of the step being taken (1 for the first).
"""

import numpy as np

from bplab.exercises.checking import check, check_update
from bplab.exercises.update_rules import optimizer_step

__all__ = ["check_nadam_mu", "check_nadam_step", "nadam_mu"]


def nadam_mu(t, beta1=0.9, momentum_decay=4e-3):
    """torch's NAdam momentum at step ``t``: ``mu_t = beta1 * (1 - 0.5 * 0.96**(t * psi))``.

    ``psi`` is ``momentum_decay``. The schedule (Dozat 2016) starts at about ``beta1 / 2``
    and rises slowly towards ``beta1``: a warm-up for the momentum.
    """
    return beta1 * (1.0 - 0.5 * 0.96 ** (np.asarray(t, dtype=np.float64) * momentum_decay))


def check_nadam_mu(fn):
    """Check ``fn(t, beta1, momentum_decay) -> mu_t``: NAdam's momentum schedule."""
    cases = [(1, 0.9, 4e-3), (1000, 0.9, 4e-3), (np.arange(1, 6), 0.95, 0.1), (50, 0.8, 0.0)]
    return check(
        "NAdam mu_t", fn, nadam_mu, cases,
        hint="read the schedule off the equation above: the exponent of 0.96 is the step "
             "number times momentum_decay; use array arithmetic so an array of t works",
    )


def _nadam_reference(x, g, m, v, mu_product, t, lr, betas, eps, momentum_decay):
    from bplab.optim import NAdam

    state = {"exp_avg": m, "exp_avg_sq": v, "mu_product": mu_product, "step": t - 1}
    x, state = optimizer_step(NAdam, x, g, state, lr=lr, betas=betas, eps=eps,
                              momentum_decay=momentum_decay)
    return x, state["exp_avg"], state["exp_avg_sq"], float(state["mu_product"])


def _cases():
    rng = np.random.default_rng(13)
    setups = [(1, 2e-3, (0.9, 0.999), 1e-8, 0.3), (4, 0.1, (0.9, 0.999), 1e-8, 4e-3),
              (20, 0.01, (0.8, 0.99), 1e-6, 0.05)]
    cases = []
    for t, lr, betas, eps, psi in setups:
        x, g, m, s = rng.normal(size=(4, 3))
        m, v = (np.zeros(3), np.zeros(3)) if t == 1 else (m, s**2)
        mu_product = float(np.prod(nadam_mu(np.arange(1, t), betas[0], psi)))
        cases.append((x, g, m, v, mu_product, t, lr, betas, eps, psi))
    return cases


def check_nadam_step(fn):
    """Check ``fn(x, g, m, v, mu_product, t, lr, betas, eps, momentum_decay)``.

    It returns ``(x, m, v, mu_product)``. With ``mu_t`` and ``mu_{t+1}`` from the schedule,
    ``mu_product`` (the product of all mu up to t) and ``v_hat = v / (1 - b2**t)``::

        x = x - lr * (1 - mu_t) / (1 - mu_product) * g / (sqrt(v_hat) + eps)
              - lr * mu_{t+1} / (1 - mu_product * mu_{t+1}) * m / (sqrt(v_hat) + eps)
    """
    return check_update(
        "NAdam step", fn, _nadam_reference, _cases(), ["x", "m", "v", "mu_product"],
        hint="mu_product must include mu_t before the step uses it; m and v are Adam's; "
             "the gradient term is weighted with mu_t, the momentum term with the *next* "
             "mu_{t+1}, which its bias correction includes as well",
    )
