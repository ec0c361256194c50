"""Exercises of notebook 05 (Adagrad): one update step, and the effective learning rate.

References are ``bplab.optim.Adagrad`` itself (torch.optim's equations), stepped from the
given state.
"""

import numpy as np

from bplab.exercises.checking import check, check_update
from bplab.exercises.update_rules import optimizer_step, random_arrays

__all__ = ["check_adagrad_step", "check_effective_lr", "effective_lr"]


def _adagrad_reference(x, g, state_sum, lr, eps):
    from bplab.optim import Adagrad

    x, state = optimizer_step(Adagrad, x, g, {"sum": state_sum, "step": 1}, lr=lr, eps=eps)
    return x, state["sum"]


def _step_cases():
    cases = random_arrays(3, [(0.1, 1e-10), (0.5, 1e-10), (0.01, 1e-3)], seed=5)
    return [(x, g, s**2, lr, eps) for x, g, s, lr, eps in cases]


def check_adagrad_step(fn):
    """Check ``fn(x, g, state_sum, lr, eps) -> (x, state_sum)``: one Adagrad step.

    ``sum = sum + g**2``, then ``x = x - lr * g / (sqrt(sum) + eps)`` (eps outside the root).
    """
    return check_update(
        "Adagrad step", fn, _adagrad_reference, _step_cases(), ["x", "state_sum"],
        hint="follow the equation above in order: the sum includes this step's squared "
             "gradient before the step uses it, and eps is added after the square root, "
             "not inside it",
    )


def effective_lr(grads, lr=1e-2, eps=1e-10):
    """Adagrad's per-parameter step size after each step, read from the real optimizer.

    Parameters
    ----------
    grads : array_like, shape (steps, n)
        The gradient of each step.
    lr, eps : float
        Adagrad's hyperparameters.

    Returns
    -------
    numpy.ndarray, shape (steps, n)
        ``lr / (sqrt(sum_t) + eps)`` with ``sum_t`` the accumulated squared gradient after
        step t: what multiplies the gradient in that step. It never grows.
    """
    from bplab.optim import Adagrad

    grads = np.asarray(grads, dtype=np.float64)
    if grads.ndim != 2:
        raise ValueError(f"grads must have shape (steps, n), got shape {grads.shape}")
    x = np.zeros(grads.shape[1])
    opt = Adagrad([x], lr=lr, eps=eps)
    rates = []
    for g in grads:
        opt.step([g.copy()])
        rates.append(lr / (np.sqrt(opt.state[0]["sum"]) + eps))
    return np.array(rates)


def check_effective_lr(fn):
    """Check ``fn(grads, lr, eps) -> rates``: the effective learning rate after every step."""
    rng = np.random.default_rng(6)
    sparse = rng.normal(size=(8, 3)) * (rng.random((8, 3)) < np.array([1.0, 0.5, 0.1]))
    cases = [(rng.normal(size=(5, 2)), 0.1, 1e-10), (sparse, 0.5, 1e-10),
             (np.full((4, 1), 2.0), 1.0, 1e-10)]
    return check(
        "Adagrad effective lr", fn, effective_lr, cases,
        hint="row t uses the sum of the squared gradients of steps 1 to t, this step "
             "included; a cumulative sum along the step axis gives every row at once",
    )
