"""Run an optimizer on a 2-D landscape and record everything a plot needs."""

import math
from dataclasses import dataclass

import numpy as np

from .. import landscapes
from .base import Optimizer


@dataclass(frozen=True, eq=False)
class Trajectory:
    """One run of an optimizer on a landscape.

    Attributes
    ----------
    points : ndarray, shape (n + 1, 2)
        ``points[0]`` is the start, ``points[k]`` the point after ``k`` steps.
    losses, grad_norms : ndarray, shape (n + 1,)
        The value and the gradient's 2-norm at each point.
    lrs : ndarray, shape (n,)
        ``lrs[k]`` is the learning rate of the step from ``points[k]`` to ``points[k + 1]``.
    states : dict of ndarray
        For a bplab optimizer, each state buffer (``"exp_avg"``, ``"momentum_buffer"``,
        ``"step"``, ...) at each point: shape ``(n + 1,) + buffer.shape``. A buffer
        that does not exist yet (SGD's momentum before step 1) reads as zeros.
    diverged_at : int or None
        The step whose result was non-finite or exceeded ``max_loss``; the run stopped
        there. That last point is kept when it is finite (to show it flying off).
    message : str
        One line for the learner: "diverged at step 37 ...", "converged to loss ...".
    landscape : Landscape
    optimizer : object
        The optimizer after the run.
    """

    points: np.ndarray
    losses: np.ndarray
    grad_norms: np.ndarray
    lrs: np.ndarray
    states: dict
    diverged_at: int | None
    message: str
    landscape: object
    optimizer: object

    @property
    def diverged(self):
        return self.diverged_at is not None

    @property
    def steps(self):
        """The number of steps recorded (``len(points) - 1``)."""
        return len(self.points) - 1

    @property
    def final_loss(self):
        return float(self.losses[-1])

    def __repr__(self):
        return f"Trajectory({self.landscape.name!r}, steps={self.steps}: {self.message})"


def trajectory(make_optimizer, landscape, x0=None, steps=100, max_loss=None):
    """Run ``steps`` optimizer steps on a 2-D ``landscape`` from ``x0``.

    Parameters
    ----------
    make_optimizer : callable
        ``params -> optimizer``, e.g. ``lambda ps: Adam(ps, lr=0.1)`` or
        ``bplab.optim.registry.make("Adam", lr=0.1)``. It receives ``[p]`` with ``p``
        of shape (2,), and the optimizer must offer ``step(grads)``.
    landscape : Landscape or str
    x0 : array_like of shape (2,), optional
        The start; ``landscape.start`` by default.
    steps : int
    max_loss : float, optional
        Stop and report divergence when the loss exceeds this; by default
        ``landscape.fmin + 1e4 * max(1, |f(x0) - fmin|)``.

    Returns
    -------
    Trajectory
        Never raises on divergence: the arrays end at the last recorded point. Nor does
        it warn: numpy's overflow and invalid-value warnings are silenced during the
        run, since ``diverged_at`` and ``message`` report what happened.
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return _run(make_optimizer, landscape, x0, steps, max_loss)


def _run(make_optimizer, landscape, x0, steps, max_loss):
    land = landscapes.get(landscape)
    if not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    p = np.array(land.start if x0 is None else x0, dtype=float)
    if p.shape != (2,) or not np.isfinite(p).all():
        raise ValueError(f"x0 must be a finite point of shape (2,), got {x0!r}")
    opt = make_optimizer([p])
    if not hasattr(opt, "step"):
        raise TypeError("make_optimizer(params) must return an optimizer with a step(grads) method")
    value, gradient, fmin = land.value, land.gradient, land.fmin
    if max_loss is None:
        max_loss = fmin + 1e4 * max(1.0, abs(float(value(p[0], p[1])) - fmin))

    points = np.empty((steps + 1, 2))
    losses = np.empty(steps + 1)
    norms = np.empty(steps + 1)
    lrs = np.empty(steps)
    ours = isinstance(opt, Optimizer) and len(opt.params) == 1
    state = opt.state[0] if ours else {}
    record = {k: np.zeros((steps + 1,) + np.shape(p if v is None else v))
              for k, v in state.items()}
    g = np.empty(2)
    grads = [g]
    step = opt._update_all if ours else opt.step
    lr = None if not ours or callable(opt._lr) else opt._lr
    isfinite, hypot = math.isfinite, math.hypot
    diverged_at = None
    n = steps
    for k in range(steps + 1):
        x, y = p.tolist()
        try:
            loss = float(value(x, y))
            gx, gy = gradient(x, y)
            gx, gy = float(gx), float(gy)
        except OverflowError:
            loss = gx = gy = math.inf
        finite = isfinite(loss) and isfinite(gx) and isfinite(gy) and isfinite(x) and isfinite(y)
        if k and not (finite and loss <= max_loss):
            diverged_at, n = k, k if finite else k - 1
        if diverged_at is None or finite:
            points[k, 0], points[k, 1], losses[k], norms[k] = x, y, loss, hypot(gx, gy)
            for key, buf in record.items():
                entry = state[key]
                if entry is not None:
                    buf[k] = entry
        if diverged_at is not None or k == steps:
            break
        g[0], g[1] = gx, gy
        lrs[k] = lr if lr is not None else opt.lr_at(k) if ours else getattr(opt, "lr", math.nan)
        step(grads)
    n += 1
    record = {key: buf[:n] for key, buf in record.items()}
    traj = dict(points=points[:n], losses=losses[:n], grad_norms=norms[:n], lrs=lrs[: n - 1])
    message = _message(traj, diverged_at, max_loss, fmin)
    return Trajectory(**traj, states=record, diverged_at=diverged_at, message=message,
                      landscape=land, optimizer=opt)


def _message(traj, diverged_at, max_loss, fmin):
    loss, norm, n = traj["losses"][-1], traj["grad_norms"][-1], len(traj["losses"]) - 1
    if diverged_at is not None:
        if n == diverged_at:
            return f"diverged at step {diverged_at} (loss {loss:.3g} > {max_loss:.3g})"
        return f"diverged at step {diverged_at} (the loss became non-finite)"
    if loss - fmin < 1e-6:
        return f"converged to loss {loss:.3g} after {n} steps"
    if norm < 1e-6:
        return f"stuck at a stationary point, loss {loss:.3g}, after {n} steps"
    return f"loss {loss:.3g} after {n} steps (gradient norm {norm:.3g})"
