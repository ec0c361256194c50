"""The shape every optimizer shares: parameters updated in place, state per parameter.

An optimizer holds a list of float numpy arrays (``opt.params``) and, for each, a dict
of buffers under torch's names (``opt.state[i]``, always with ``"step"``). Calling
``opt.step(grads)`` with a matching list of gradients updates every array in place,
just as ``torch.optim`` does after ``loss.backward()``::

    opt = Adam(model.parameters(), lr=1e-3)
    for batch in batches:
        ...
        opt.step(model.gradients())

A subclass says how to create a parameter's state (``_init_state``) and how one
parameter moves (``_update``); checking the input and the learning-rate schedule
live here, once.
"""

import math

import numpy as np


class Optimizer:
    """Base class: validation, the learning rate (float or schedule) and the step loop.

    Parameters
    ----------
    params : list of ndarray
        Float arrays, updated in place.
    lr : float or callable
        The learning rate, or a schedule ``k -> lr``: the step that follows ``k``
        completed steps uses ``lr(k)`` (torch: ``scheduler.step()`` after each
        ``optimizer.step()``).
    defaults : dict
        The remaining hyperparameters, kept readable in ``opt.defaults``.
    """

    def __init__(self, params, lr, **defaults):
        self.params = check_params(params)
        self._lr = check_lr(lr)
        self.maximize = bool(defaults.pop("maximize", False))
        self.defaults = {"lr": lr, **defaults, "maximize": self.maximize}
        self.steps = 0
        self.state = [self._init_state(p) for p in self.params]

    def _init_state(self, p):
        return {"step": 0}

    def _update(self, p, g, state, lr):
        raise NotImplementedError

    @property
    def lr(self):
        """The learning rate the next step will use."""
        return self.lr_at(self.steps)

    @lr.setter
    def lr(self, value):
        self._lr = check_lr(value)
        self.defaults["lr"] = value

    def lr_at(self, k):
        """The learning rate of the step that follows ``k`` completed steps."""
        lr = self._lr
        if not callable(lr):
            return lr
        value = float(lr(k))
        if not value >= 0.0 or value == math.inf:
            raise ValueError(f"the lr schedule returned {value!r} at step {k}; it must be >= 0")
        return value

    def step(self, grads):
        """Update every parameter in place from its gradient (a list matching ``params``)."""
        self._update_all(self._check_grads(grads))

    def _update_all(self, grads):
        lr = self.lr_at(self.steps)
        for p, g, state in zip(self.params, grads, self.state, strict=True):
            state["step"] += 1
            self._update(p, -g if self.maximize else g, state, lr)
        self.steps += 1

    def reset(self):
        """Forget all state (buffers and step count); the parameters stay where they are."""
        self.steps = 0
        self.state = [self._init_state(p) for p in self.params]

    def _check_grads(self, grads):
        if isinstance(grads, np.ndarray) or not isinstance(grads, (list, tuple)):
            raise TypeError(
                f"grads must be a list of arrays matching params, got {type(grads).__name__}"
            )
        if len(grads) != len(self.params):
            raise ValueError(f"grads: got {len(grads)} gradients for {len(self.params)} "
                             "parameters (one array per entry of params, in the same order)")
        out = []
        for i, (p, g) in enumerate(zip(self.params, grads, strict=True)):
            try:
                g = np.asarray(g, dtype=float)
            except (TypeError, ValueError):
                raise TypeError(f"grads[{i}] must be an array of numbers, "
                                f"got {type(g).__name__}") from None
            if g.shape != p.shape:
                raise ValueError(f"grads[{i}] has shape {g.shape} but params[{i}] has {p.shape}")
            total = float(np.add.reduce(g, axis=None))
            if total != total and np.isnan(g).any():
                raise ValueError(f"grads[{i}] contains NaN")
            out.append(g)
        return out

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.defaults.items())
        return f"{type(self).__name__}({args})"


def check_params(params):
    """Return ``params`` as a list of float arrays that can be updated in place."""
    if isinstance(params, np.ndarray):
        raise TypeError("params must be a list of arrays, e.g. [w]; got a bare array")
    params = list(params)
    if not params:
        raise ValueError("params is an empty list: there is nothing to optimize")
    for i, p in enumerate(params):
        if not isinstance(p, np.ndarray):
            raise TypeError(f"params[{i}] must be a numpy array, got {type(p).__name__}")
        if not np.issubdtype(p.dtype, np.floating):
            raise ValueError(
                f"params[{i}] has dtype {p.dtype}; it cannot be updated in place, "
                "use a float array (e.g. np.array(..., dtype=float))"
            )
    return params


def check_lr(lr):
    if callable(lr):
        return lr
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating, np.integer)):
        raise TypeError(f"lr must be a number or a schedule k -> lr, got {type(lr).__name__}")
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be > 0, got {lr!r}")
    return float(lr)


def check_nonnegative(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return float(value)


def check_unit(name, value):
    """A decay rate in [0, 1)."""
    value = check_nonnegative(name, value)
    if value >= 1:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return value


def check_betas(betas):
    try:
        beta1, beta2 = betas
    except (TypeError, ValueError):
        raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}") from None
    return check_unit("betas[0]", beta1), check_unit("betas[1]", beta2)
