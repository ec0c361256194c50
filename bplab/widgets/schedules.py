"""Learning-rate schedules: the rate over time, and what it does to noisy gradient descent.

With noisy gradients :math:`g_k = \\nabla f(x_k) + \\sigma \\xi_k`, gradient descent at a
constant rate :math:`\\eta` stops improving at a *noise floor*: on
:math:`f = \\tfrac12 \\sum_i \\lambda_i x_i^2` the expected loss settles at about
:math:`d\\,\\eta\\,\\sigma^2 / 4` (``d`` coordinates). A large rate gets there fast, a small
one gets lower but slowly; a schedule starts large and ends small, and so has both.

The problem is fixed (``lambda = (1, 0.5)``, start ``(3, 3)``, 200 steps) and the noise is
the same seeded sequence for every setting, so two curves differ only by the schedule.
The loss drawn is the mean over 128 independent runs, so its trend is visible through the
noise.
"""

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from bplab.optim import SGD, cosine_annealing_lr, exponential_lr, linear_lr, step_lr
from bplab.viz.palette import MUTED, series_color
from bplab.widgets.base import (
    Explorer,
    decade_limits,
    format_number,
    log_slider,
    new_figure,
    set_limits,
)

__all__ = ["SCHEDULES", "ScheduleExplorer", "make_schedule", "noisy_quadratic_run",
           "warmup_cosine_lr"]

SCHEDULES = ("constant", "step", "exponential", "cosine", "linear warm-up", "warm-up + cosine")
STEPS = 200
CURVATURES = np.array([1.0, 0.5])
START = np.array([3.0, 3.0])
RUNS = 128
_WIDE = {"description_width": "initial"}  # "step gamma", "warm-up steps" in full


@dataclass(frozen=True)
class warmup_cosine_lr:
    r"""Linear warm-up over ``warmup`` steps, then cosine annealing to 0 at ``total``.

    .. math::
       \gamma_k = \begin{cases}
       \gamma_0 \big(s + (1 - s)\, k / W\big) & k < W \\
       \tfrac12 \gamma_0 \big(1 + \cos(\pi (k - W) / (T - W))\big) & k \ge W
       \end{cases}

    Built from ``bplab.optim.linear_lr`` and ``cosine_annealing_lr`` (torch chains the two
    with ``SequentialLR``); the recipe of most transformer training runs.
    """

    lr: float
    warmup: int
    total: int
    start_factor: float = 0.1

    def __post_init__(self):
        if not 1 <= self.warmup < self.total:
            raise ValueError(f"warmup must be in [1, total), got {self.warmup!r} "
                             f"with total={self.total!r}")

    def __call__(self, k):
        if k < self.warmup:
            return linear_lr(self.lr, self.start_factor, 1.0, self.warmup)(k)
        return cosine_annealing_lr(self.lr, self.total - self.warmup)(k - self.warmup)


def make_schedule(name, lr, step_size=50, step_gamma=0.5, exp_gamma=0.98, warmup=20,
                  total=STEPS):
    """The schedule ``k -> lr`` called ``name`` (one of :data:`SCHEDULES`), or the float ``lr``."""
    if name == "constant":
        return float(lr)
    if name == "step":
        return step_lr(lr, step_size, step_gamma)
    if name == "exponential":
        return exponential_lr(lr, exp_gamma)
    if name == "cosine":
        return cosine_annealing_lr(lr, total)
    if name == "linear warm-up":
        return linear_lr(lr, start_factor=0.1, end_factor=1.0, total_iters=warmup)
    if name == "warm-up + cosine":
        return warmup_cosine_lr(lr, min(warmup, total - 1), total)
    raise ValueError(f"schedule must be one of {SCHEDULES}, got {name!r}")


def noisy_quadratic_run(lr, noise=1.0, steps=STEPS, runs=RUNS, seed=0):
    """Mean loss over ``runs`` runs of SGD with noisy gradients on the fixed quadratic.

    Parameters
    ----------
    lr : float or callable
        A learning rate or a schedule ``k -> lr`` (passed to :class:`bplab.optim.SGD`).
    noise : float
        :math:`\\sigma`, the standard deviation of the noise added to each gradient entry.
    steps, runs, seed : int

    Returns
    -------
    losses : ndarray, shape (steps + 1,)
        ``losses[k]``: mean of :math:`f(x_k)` over the runs; NaN after a divergence.
    lrs : ndarray, shape (steps,)
        The learning rate each step used.
    """
    xi = np.random.default_rng(seed).normal(size=(steps, runs, CURVATURES.size)) * noise
    x = np.tile(START, (runs, 1))
    opt = SGD([x], lr=lr)
    losses = np.full(steps + 1, np.nan)
    lrs = np.array([opt.lr_at(k) for k in range(steps)])
    losses[0] = _loss(x)
    for k in range(steps):
        opt.step([CURVATURES * x + xi[k]])
        loss = _loss(x)
        if not loss < 1e6:
            break
        losses[k + 1] = loss
    return losses, lrs


def _loss(x):
    return float(0.5 * (CURVATURES * x * x).sum(axis=1).mean())


def noise_floor(lr, noise):
    """The expected loss constant-rate SGD settles at on the fixed quadratic (inf if unstable).

    Each coordinate is an AR(1) process
    :math:`x \\leftarrow (1 - \\eta\\lambda) x - \\eta\\sigma\\xi`, whose stationary loss is
    :math:`\\eta\\sigma^2 / (2 (2 - \\eta\\lambda))`, ~ :math:`\\eta\\sigma^2/4` for small rates.
    """
    if np.any(lr * CURVATURES >= 2):
        return np.inf
    return float(np.sum(lr * noise**2 / (2 * (2 - lr * CURVATURES))))


class ScheduleExplorer(Explorer):
    """A schedule's learning rate per step, and the loss of noisy SGD that uses it.

    Controls: ``schedule`` (one of :data:`SCHEDULES`), the initial or peak ``lr``, the
    schedule's settings (``step_size`` and ``step_gamma`` for step, ``exp_gamma`` for
    exponential, ``warmup`` for the warm-ups) and the gradient ``noise``. The grey
    baseline is a constant rate equal to ``lr``.

    Attributes
    ----------
    lr_lines, loss_lines : dict of str -> Line2D
        ``"schedule"`` and ``"constant"`` on each axes.
    floor : Line2D
        The constant rate's noise floor :math:`d\\eta\\sigma^2/4`.
    results : dict
        ``"schedule"`` and ``"constant"``: ``(losses, lrs)`` from :func:`noisy_quadratic_run`.
    """

    question = ("With noisy gradients, a constant learning rate of 0.5 stalls near a loss of "
                "0.3, and even the best constant rate (about 0.036) only reaches about 0.021 in "
                "200 steps. Find a schedule and settings that end below 0.012.")

    def __init__(self, schedule="step", lr=0.5, step_size=50, step_gamma=0.5, exp_gamma=0.98,
                 warmup=20, noise=1.0):
        if schedule not in SCHEDULES:
            raise ValueError(f"schedule must be one of {SCHEDULES}, got {schedule!r}")
        controls = {
            "schedule": widgets.Dropdown(options=SCHEDULES, value=schedule,
                                         description="schedule"),
            "lr": log_slider("lr (start/peak)", lr, -3, 0.5, fmt=".3f"),
            "step_size": widgets.IntSlider(value=step_size, min=1, max=STEPS,
                                           description="step_size", style=_WIDE),
            "step_gamma": widgets.FloatSlider(value=step_gamma, min=0.05, max=0.95, step=0.05,
                                              description="step gamma", style=_WIDE),
            "exp_gamma": widgets.FloatSlider(value=exp_gamma, min=0.9, max=0.999, step=0.001,
                                             readout_format=".3f", description="exp gamma",
                                             style=_WIDE),
            "warmup": widgets.IntSlider(value=warmup, min=1, max=STEPS // 2,
                                        description="warm-up steps", style=_WIDE),
            "noise": widgets.FloatSlider(value=noise, min=0.0, max=3.0, step=0.1,
                                         description="noise σ", style=_WIDE),
        }
        fig = new_figure(figsize=(9.5, 3.8))
        self.ax_lr, self.ax_loss = fig.subplots(1, 2)
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.14, top=0.88, wspace=0.28)
        color = series_color(0)
        self.lr_lines = {
            "constant": self.ax_lr.plot([], [], "--", color=MUTED, lw=1.2, label="constant")[0],
            "schedule": self.ax_lr.plot([], [], color=color, lw=2.0, label="schedule")[0],
        }
        self.loss_lines = {
            "constant": self.ax_loss.plot([], [], color=MUTED, lw=1.2, label="constant lr")[0],
            "schedule": self.ax_loss.plot([], [], color=color, lw=1.8, label="schedule")[0],
        }
        self.floor = self.ax_loss.axhline(1.0, color=MUTED, ls=":", lw=1.0,
                                          label="noise floor of the constant lr")
        self.ax_lr.set(xlabel="step k", ylabel="learning rate", xlim=(0, STEPS))
        self.ax_loss.set(xlabel="step k", ylabel="mean loss over 128 runs", xlim=(0, STEPS))
        self.ax_loss.set_yscale("log")
        self.ax_lr.legend(loc="upper right", fontsize=8)
        self.ax_loss.legend(loc="upper right", fontsize=8)
        for ax in (self.ax_lr, self.ax_loss):
            ax.title.set_fontsize(10)
        self._constant_cache = {}
        self.results = {}
        super().__init__(controls, fig, self.question, columns=3)
        self.animate(*self.lr_lines.values(), *self.loss_lines.values(), self.floor,
                     self.ax_lr.title, self.ax_loss.title)
        self.update()

    def schedule(self):
        """The schedule the controls describe (a float for ``"constant"``)."""
        s = self.state
        return make_schedule(s["schedule"], s["lr"], s["step_size"], s["step_gamma"],
                             s["exp_gamma"], s["warmup"])

    def draw(self):
        s = self.state
        key = (s["lr"], s["noise"])
        if key not in self._constant_cache:
            self._constant_cache = {key: noisy_quadratic_run(s["lr"], s["noise"])}
        self.results = {"constant": self._constant_cache[key],
                        "schedule": noisy_quadratic_run(self.schedule(), s["noise"])}
        steps = np.arange(STEPS + 1)
        for name, (losses, lrs) in self.results.items():
            self.lr_lines[name].set_data(steps[:-1], lrs)
            self.loss_lines[name].set_data(steps, losses)
        floor = noise_floor(s["lr"], s["noise"])
        shown = np.isfinite(floor) and floor > 0
        self.floor.set_ydata([floor, floor] if shown else [1.0, 1.0])
        self.floor.set_visible(bool(shown))
        lrs = self.results["schedule"][1]
        set_limits(self.ax_lr, ylim=(0, max(lrs.max(), s["lr"]) * 1.1))
        self.ax_lr.title.set_text(f"{s['schedule']}: lr from {format_number(lrs[0])} "
                                  f"to {format_number(lrs[-1])}")
        self._rescale_losses(floor)
        final = {name: _final(r[0]) for name, r in self.results.items()}
        self.ax_loss.title.set_text(f"final loss: schedule {final['schedule']}, "
                                    f"constant {final['constant']}")
        self.readout.value = (f"final mean loss after {STEPS} steps: <b>{final['schedule']}</b> "
                              f"with the schedule, {final['constant']} at the constant lr "
                              f"{format_number(s['lr'])} (noise floor {format_number(floor)})")

    def _rescale_losses(self, floor):
        values = np.concatenate([r[0] for r in self.results.values()] + [[floor]])
        set_limits(self.ax_loss, ylim=decade_limits(values, floor=1e-12))


def _final(losses):
    if not np.isfinite(losses[-1]):
        stop = int(np.flatnonzero(~np.isfinite(losses))[0])
        return f"diverged at step {stop}"
    return format_number(losses[-1])
