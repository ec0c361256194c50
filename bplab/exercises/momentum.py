"""Exercises of notebook 04 (momentum and Nesterov), and the update-rule checker 04–08 share.

Every optimizer exercise asks for one step of an update rule, written as a pure function
that returns the new parameter and the new state, e.g. ``(x, buf)`` for momentum or
``(x, m, v)`` for Adam. :func:`check_update` judges such a function one returned array at
a time, so a wrong answer is told *which* term is off (the buffer, or only the step) and by
how much. The reference is always ``bplab.optim``'s real optimizer, stepped once from the
given state, so the numbers are torch.optim's.
"""

import numpy as np

from bplab.exercises.checking import check

__all__ = [
    "check_update",
    "optimizer_step",
    "check_momentum_step",
    "check_nesterov_step",
    "check_critical_momentum",
]


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


def check_update(exercise, fn, reference, cases, outputs, hint="", rtol=1e-6, atol=1e-9):
    """Judge an update rule that returns several arrays, one named output at a time.

    ``fn(*case)`` and ``reference(*case)`` both take the parameter as first argument and
    return a tuple whose first entry is the new parameter and whose other entries are the
    new state (e.g. ``(x, m, v)``). The state is compared first, because the step is built
    from it: a wrong second moment is reported as such, not as "x is wrong". The parameter
    is judged by its change ``x_new - x``, so a step that is 3 times too long says so.

    Parameters
    ----------
    exercise : str
        Short name shown in the verdict.
    fn, reference : callable
        The learner's update and the reference, called as ``f(*case)``.
    cases : list of tuple
        Arguments of each call.
    outputs : list of str
        A name for each returned array, in return order (``["x", "m", "v"]``).
    hint : str
        One sentence for a stuck learner.

    Returns
    -------
    bplab.exercises.Verdict
    """
    order = list(range(1, len(outputs))) + [0]
    items = [(k, i, *case) for i, case in enumerate(cases) for k in order]

    def one_output(f, label):
        def picked(k, i, *case):
            result = f(*case)
            if not isinstance(result, (tuple, list)) or len(result) != len(outputs):
                got = len(result) if isinstance(result, (tuple, list)) else type(result).__name__
                raise ValueError(f"{label} should return {len(outputs)} values "
                                 f"({', '.join(outputs)}), got {got}")
            return result[k] if k else np.asarray(result[0], dtype=np.float64) - case[0]
        return picked

    def describe(item):
        k, i = item[0], item[1]
        name = f"the step {outputs[0]}_new - {outputs[0]}" if k == 0 else outputs[k]
        return f"{name}, case {i + 1} of {len(cases)}"

    return check(exercise, one_output(fn, "your function"), one_output(reference, "reference"),
                 items, hint=hint, rtol=rtol, atol=atol, describe=describe)


def random_arrays(n_arrays, hyperparameters, seed, size=3):
    """Cases ``(a_1, ..., a_n, *h)``: ``n_arrays`` seeded normal arrays, then each ``h``."""
    rng = np.random.default_rng(seed)
    return [tuple(rng.normal(size=size) for _ in range(n_arrays)) + tuple(h)
            for h in hyperparameters]


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
        hint="torch's convention: buf = momentum * buf + g (no lr inside), "
             "then x = x - lr * buf",
    )


def check_nesterov_step(fn):
    """Check ``fn(x, g, buf, lr, momentum) -> (x, buf)``: one step of torch's Nesterov SGD.

    ``buf = momentum * buf + g``, then ``x = x - lr * (g + momentum * buf)`` (the new buf).
    """
    return check_update(
        "Nesterov step", fn, _sgd_reference(nesterov=True), _MOMENTUM_CASES, ["x", "buf"],
        hint="the buffer is updated exactly as for momentum; the step looks ahead: "
             "x = x - lr * (g + momentum * buf), with the *new* buf",
    )


def critical_momentum(lr, curvature):
    """Momentum that critically damps a direction of curvature ``λ`` at step size ``lr``.

    Distill's closed form (Goh 2017, "Why Momentum Really Works"):
    ``β* = (1 - sqrt(lr * λ))**2``, the smallest momentum at which the heavy ball on
    ``λ x² / 2`` stops oscillating; its convergence rate is then ``1 - sqrt(lr * λ)``.
    """
    return (1.0 - np.sqrt(lr * curvature)) ** 2


def check_critical_momentum(fn):
    """Check ``fn(lr, curvature) -> beta``: Distill's critical damping."""
    cases = [(0.1, 1.0), (0.01, 25.0), (0.04, 4.0), (np.array([0.5, 0.5]), np.array([0.1, 1.5]))]
    return check(
        "critical momentum", fn, critical_momentum, cases,
        hint="critical damping is where the two roots of the heavy ball's recurrence meet: "
             "beta = (1 - sqrt(lr * curvature)) ** 2",
    )
