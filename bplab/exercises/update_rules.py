"""What the optimizer exercises of notebooks 04–08 share: a reference step and seeded cases.

Every optimizer exercise asks for one step of an update rule, written as a pure function
that returns the new parameter and the new state, e.g. ``(x, buf)`` for momentum or
``(x, m, v)`` for Adam. The reference is always ``bplab.optim``'s real optimizer, stepped
once from the given state (:func:`optimizer_step`), so the numbers are torch.optim's; the
verdict comes from :func:`bplab.exercises.checking.check_update`.
"""

import numpy as np


def optimizer_step(optimizer_class, x, g, state, **hyperparameters):
    """One step of a real ``bplab.optim`` optimizer from a given state; return ``(x, state)``.

    Parameters
    ----------
    optimizer_class : type
        E.g. ``bplab.optim.Adam``.
    x, g : array_like
        The parameter and its gradient (copied; nothing passed in is changed).
    state : dict
        The optimizer's state for this parameter before the step, under torch's buffer
        names (``{"exp_avg": m, "exp_avg_sq": v, "step": t - 1}``); empty for a first step.
        Arrays are copied in; scalars (the step count) are passed as they are.
    **hyperparameters
        Passed to the optimizer (``lr=...``, ``betas=...``).

    Returns
    -------
    x_new : numpy.ndarray
    state_new : dict
        Copies of the state after the step.
    """
    x = np.array(x, dtype=np.float64, copy=True)
    g = np.array(g, dtype=np.float64, copy=True)
    opt = optimizer_class([x], **hyperparameters)
    for name, value in state.items():
        opt.state[0][name] = np.array(value, dtype=np.float64) if np.ndim(value) else value
    opt.step([g])
    return x, {name: np.copy(value) for name, value in opt.state[0].items()}

def random_arrays(n_arrays, hyperparameters, seed, size=3):
    """Cases ``(a_1, ..., a_n, *h)``: ``n_arrays`` seeded normal arrays, then each ``h``."""
    rng = np.random.default_rng(seed)
    return [tuple(rng.normal(size=size) for _ in range(n_arrays)) + tuple(h)
            for h in hyperparameters]
