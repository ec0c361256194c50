"""Curves over steps: losses, gradient norms (per layer, per time step), learning rates.

All series plots share one :class:`SeriesDrawing`: one Line2D per named series, an ``x``
marker where a series stopped being finite, and one note saying so ("Adam diverged at
step 12"). ``update(name, values)`` moves a line in place, so an explorer never redraws
the axes. Log scales are the default for losses and gradient norms because training
spans orders of magnitude; a series with values <= 0 switches the axis to ``symlog``
rather than silently dropping points.
"""

from dataclasses import dataclass, field

import numpy as np
from matplotlib.ticker import MaxNLocator

from bplab.viz.drawing import Drawing, new_axes
from bplab.viz.palette import MUTED, optimizer_style, series_color

_SCALES = ("linear", "log", "symlog")

NOTE_BOX = {"boxstyle": "round,pad=0.3", "fc": "white", "ec": "none", "alpha": 0.85}
"""Background of notes written over data, so they stay readable."""


def _as_series(values, name):
    """Float64 1-D copy of ``values`` (an array, or anything with ``.losses``)."""
    values = getattr(values, "losses", values)
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError(f"series {name!r} must be 1-D (one value per step), got shape {arr.shape}")
    return arr


def _as_mapping(series, default_name):
    """``{name: values}`` from a mapping, or from one unnamed series."""
    if isinstance(series, dict):
        if not series:
            raise ValueError("series must not be empty: pass at least one named curve")
        return dict(series)
    return {default_name: series}


def first_nonfinite(values):
    """Index of the first NaN or infinity in ``values``, or None if all are finite."""
    bad = np.flatnonzero(~np.isfinite(values))
    return int(bad[0]) if bad.size else None


def _check_scale(scale):
    if scale not in _SCALES:
        raise ValueError(f"scale must be one of {_SCALES}, got {scale!r}")
    return scale


@dataclass(eq=False, repr=False)
class SeriesDrawing(Drawing):
    """Named curves on one axes, with divergence markers and a note.

    Attributes
    ----------
    lines : dict of str -> Line2D
        One line per series (non-finite values are left out of the line).
    stops : dict of str -> Line2D
        An ``x`` marker at the last finite value of a series that diverged (empty otherwise).
    note : Text
        "NAME diverged at step N" for every diverged series, top left; empty when none did.
    scale : str
        The y-axis scale requested (``"log"`` may have been widened to ``"symlog"``).
    """

    lines: dict = field(default_factory=dict)
    stops: dict = field(default_factory=dict)
    note: object = None
    scale: str = "linear"
    diverged: dict = field(default_factory=dict)
    start: int = 0

    def update(self, name, values, diverged_at=None, x=None, rescale=True):
        """Replace series ``name`` with ``values`` in place and rescale the axes.

        Parameters
        ----------
        name : str
            A series drawn by the function that made this drawing.
        values : array_like
            New y values, one per step (NaN / inf mark divergence).
        diverged_at : int or None
            The step at which the series diverged, if known; otherwise the first
            non-finite value is used.
        x : array_like or None
            New x values; default ``start, start+1, ...``.
        rescale : bool
            Refit the axes limits to the data (turn off to keep fixed limits, e.g. so an
            explorer can blit over an unchanged background).
        """
        if name not in self.lines:
            raise ValueError(f"name must be one of {sorted(self.lines)}, got {name!r}")
        y = _as_series(values, name)
        if diverged_at is None:
            diverged_at = getattr(values, "diverged_at", None)
        xs = np.arange(self.start, self.start + y.size) if x is None else np.asarray(x, float)
        finite = np.isfinite(y)
        self.lines[name].set_data(xs[finite], y[finite])
        self._mark_stop(name, xs, y, diverged_at)
        if rescale:
            self._rescale()

    def dynamic_artists(self):
        return [*self.lines.values(), *self.stops.values(), self.note]

    def _mark_stop(self, name, xs, y, diverged_at):
        stop = self.stops[name]
        if diverged_at is None:
            diverged_at = first_nonfinite(y)
        if diverged_at is None:
            stop.set_data([], [])
            self.diverged.pop(name, None)
        else:
            finite = np.flatnonzero(np.isfinite(y[: diverged_at + 1]))
            last = finite[-1] if finite.size else None
            stop.set_data([] if last is None else [xs[last]], [] if last is None else [y[last]])
            self.diverged[name] = int(diverged_at)
        self.note.set_text("\n".join(
            f"{n} diverged at step {k}" for n, k in self.diverged.items()))

    def _rescale(self):
        ys = np.concatenate([np.asarray(line.get_ydata(), float) for line in self.lines.values()])
        if self.scale == "log" and ys.size and np.any(ys <= 0):
            self.ax.set_yscale("symlog", linthresh=_linthresh(ys))
        elif self.scale == "log":
            self.ax.set_yscale("log")
        self.ax.relim()
        self.ax.autoscale_view()

    def _summary(self):
        return f"{len(self.lines)} series ({', '.join(self.lines)}), {self.scale} scale"


def _linthresh(ys):
    """Linear range of a symlog axis: the smallest non-zero magnitude, at least 1e-12."""
    mags = np.abs(ys[ys != 0])
    return float(max(mags.min(), 1e-12)) if mags.size else 1.0


def plot_series(series, ax=None, scale="linear", title="", xlabel="step", ylabel="value",
                styles=None, start=0, diverged_at=None, legend=True, legend_loc="upper right"):
    """Plot named 1-D series against the step index; the building block of this module.

    Parameters
    ----------
    series : dict of str -> array_like, or array_like
        Curves to draw; values may be NaN / inf after a divergence.
    ax : Axes or None
        Where to draw; a new figure when None.
    scale : {"linear", "log", "symlog"}
        The y-axis scale.
    styles : dict of str -> dict or None
        ``Axes.plot`` keyword arguments per series name; default cycles the palette.
    start : int
        The x value of each series' first element (0 for "after 0 steps").
    diverged_at : dict of str -> int or None
        Known divergence steps per series.
    legend, legend_loc : bool, str
        Whether (with two or more series) and where to put the legend.

    Returns
    -------
    SeriesDrawing
    """
    scale = _check_scale(scale)
    series = _as_mapping(series, ylabel)
    ax = new_axes(ax)
    styles = styles or {}
    drawing = SeriesDrawing(ax=ax, scale=scale, start=int(start))
    drawing.note = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", ha="left",
                           fontsize=9, zorder=5, bbox=NOTE_BOX)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    for i, name in enumerate(series):
        style = {"color": series_color(i), "linestyle": "-"} | dict(styles.get(name, {}))
        style.pop("marker", None)
        (drawing.lines[name],) = ax.plot([], [], label=name, lw=1.8, **style)
        (drawing.stops[name],) = ax.plot([], [], "x", ms=9, mew=2, color=style["color"])
    for name, values in series.items():
        known = (diverged_at or {}).get(name)
        drawing.update(name, values, diverged_at=known)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.grid(True, which="major", alpha=0.3)
    if legend and len(series) > 1:
        ax.legend(loc=legend_loc, fontsize=9, frameon=False)
    return drawing


def plot_loss_curves(losses, ax=None, scale="log", title="Loss during training",
                     xlabel="step", ylabel="loss"):
    """Loss against step for one or several optimizers, each in its palette style.

    Parameters
    ----------
    losses : dict of str -> array_like or Trajectory, or one array_like
        Keys are optimizer names (``"Adam"``, ``"SGD lr=0.1"``) or any label. A value with
        ``.losses`` / ``.diverged_at`` (a ``bplab.optim`` Trajectory) is read through them.
    scale : {"log", "linear", "symlog"}
        Log by default: convergence is linear on a log axis.

    Returns
    -------
    SeriesDrawing
        ``lines[name]`` per curve; ``note`` names every curve that diverged.
    """
    losses = _as_mapping(losses, "loss")
    styles = {name: optimizer_style(name) for name in losses}
    diverged = {n: getattr(v, "diverged_at", None) for n, v in losses.items()}
    return plot_series(losses, ax=ax, scale=scale, title=title, xlabel=xlabel, ylabel=ylabel,
                       styles=styles, diverged_at=diverged)


def plot_grad_norm_history(history, ax=None, scale="log",
                           title="Gradient norm per layer during training", xlabel="step",
                           ylabel=r"$\|\partial L / \partial W\|_2$"):
    """Gradient norm of each layer against the training step.

    ``history`` maps layer names to one norm per step, or is an array of shape
    ``(steps, layers)`` whose columns become ``"layer 1"``, ``"layer 2"``, ...
    """
    if not isinstance(history, dict):
        arr = np.asarray(history, dtype=np.float64)
        if arr.ndim != 2:
            raise ValueError(f"history must be a dict or a (steps, layers) array, got {arr.shape}")
        history = {f"layer {j + 1}": arr[:, j] for j in range(arr.shape[1])}
    return plot_series(history, ax=ax, scale=scale, title=title, xlabel=xlabel, ylabel=ylabel)


def plot_lr_schedules(schedules, steps, ax=None, scale="linear",
                      title="Learning rate used at each step", ylabel="learning rate"):
    """Learning rate ``lr(k)`` for ``k = 0 .. steps-1`` of each schedule.

    ``schedules`` maps names to callables ``k -> lr`` (``bplab.optim``'s schedules) or to
    arrays already evaluated. The line for a schedule is ``update``-able with new values:
    ``drawing.update(name, [lr(k) for k in range(steps)])``.
    """
    steps = _check_steps(steps)
    values = {name: schedule_values(s, steps) for name, s in _as_mapping(schedules, "lr").items()}
    return plot_series(values, ax=ax, scale=scale, title=title, ylabel=ylabel)


def schedule_values(schedule, steps):
    """``[schedule(0), ..., schedule(steps-1)]`` as float64 (arrays pass through)."""
    if callable(schedule):
        return np.array([float(schedule(k)) for k in range(_check_steps(steps))])
    return np.asarray(schedule, dtype=np.float64)


def _check_steps(steps):
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"steps must be a positive int, got {steps!r}")
    return int(steps)


@dataclass(eq=False, repr=False)
class BarDrawing(Drawing):
    """Bars with in-place ``update(heights)``; ``bars`` is the matplotlib BarContainer."""

    bars: object = None
    labels: list = field(default_factory=list)
    scale: str = "log"

    def update(self, heights):
        """Set the bar heights (values <= 0 or non-finite are drawn at the axis floor)."""
        heights = np.asarray(heights, dtype=np.float64)
        if heights.shape != (len(self.labels),):
            raise ValueError(f"heights must have shape ({len(self.labels)},), got {heights.shape}")
        for patch, h in zip(self.bars.patches, heights, strict=True):
            patch.set_height(h if np.isfinite(h) else 0.0)
        finite = heights[np.isfinite(heights) & (heights > 0)]
        if finite.size:
            low, high = finite.min(), finite.max()
            if self.scale == "log":
                self.ax.set_ylim(low / 3.0, high * 3.0)
            else:
                self.ax.set_ylim(0.0, high * 1.1)

    def dynamic_artists(self):
        return list(self.bars.patches)

    def heights(self):
        """Current bar heights, as drawn."""
        return np.array([p.get_height() for p in self.bars.patches])

    def _summary(self):
        return f"{len(self.labels)} bars"


def plot_layer_grad_norms(norms, labels=None, ax=None, scale="log",
                          title="Gradient norm in each layer (input side on the left)",
                          ylabel=r"$\|\partial L / \partial W\|_2$"):
    """One bar per layer: vanishing gradients show as bars shrinking towards the input.

    Parameters
    ----------
    norms : array_like of shape (layers,)
        ``||dL/dW_l||`` for each layer ``l``, input side first.
    labels : list of str or None
        Bar labels; default ``"1", "2", ...``.
    """
    norms = np.asarray(norms, dtype=np.float64)
    if norms.ndim != 1 or norms.size == 0:
        raise ValueError(f"norms must be a non-empty 1-D array (one per layer), got {norms.shape}")
    labels = [str(i + 1) for i in range(norms.size)] if labels is None else list(labels)
    if len(labels) != norms.size:
        raise ValueError(f"labels must have {norms.size} entries, got {len(labels)}")
    scale = _check_scale(scale)
    ax = new_axes(ax)
    ax.set_yscale(scale)
    bars = ax.bar(range(norms.size), np.ones(norms.size), color=series_color(0), width=0.7)
    ax.set_xticks(range(norms.size), labels)
    ax.set(title=title, xlabel="layer", ylabel=ylabel)
    ax.grid(True, axis="y", alpha=0.3)
    drawing = BarDrawing(ax=ax, bars=bars, labels=labels, scale=scale)
    drawing.update(norms)
    return drawing


@dataclass(eq=False, repr=False)
class TimeStepNormDrawing(Drawing):
    """Per-time-step gradient norms of an RNN, optionally with a clipping threshold.

    Attributes
    ----------
    raw : Line2D
        ``||dL/dh_t||`` before clipping, one point per time step.
    clipped : Line2D
        The same after clipping (empty until ``clipped`` values are given).
    threshold : Line2D
        A horizontal line at the clipping threshold (hidden when there is none).
    label : Text
        The threshold's value, written next to its line.
    """

    raw: object = None
    clipped: object = None
    threshold: object = None
    label: object = None

    def update(self, norms=None, clipped=None, threshold=None):
        """Move whichever of the three lines are given; the others stay as drawn."""
        if norms is not None:
            norms = _positive(norms, "norms")
            self.raw.set_data(np.arange(1, norms.size + 1), norms)
        if clipped is not None:
            clipped = _positive(clipped, "clipped")
            self.clipped.set_data(np.arange(1, clipped.size + 1), clipped)
        if threshold is not None:
            threshold = float(threshold)
            self.threshold.set_ydata([threshold, threshold])
            self.threshold.set_visible(True)
            self.label.set_position((1.0, threshold))
            self.label.set_text(f" threshold {threshold:.3g}")
        self.ax.relim()
        self.ax.autoscale_view()

    def dynamic_artists(self):
        return [self.raw, self.clipped, self.threshold, self.label]

    def _summary(self):
        return f"{len(self.raw.get_xdata())} time steps"


def _positive(values, name):
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one norm per time step), got shape {arr.shape}")
    return np.where(np.isfinite(arr) & (arr > 0), arr, np.nan)


def plot_time_step_grad_norms(norms, clipped=None, threshold=None, ax=None,
                              title="Gradient norm flowing back to each time step",
                              ylabel=r"$\|\partial L / \partial h_t\|_2$"):
    """Gradient norm at each time step ``t = 1..T`` of an RNN, log scale.

    Exploding gradients show as a straight line rising towards ``t = 1`` (the norm grows
    geometrically, ``||dL/dh_t|| ~ ||W_hh||^(T-t)``), vanishing ones as a line falling.
    """
    ax = new_axes(ax)
    ax.set_yscale("log")
    (raw,) = ax.plot([], [], "o-", ms=4, lw=1.6, color=series_color(0), label="before clipping")
    (clip,) = ax.plot([], [], "s--", ms=4, lw=1.6, color=series_color(1), label="after clipping")
    thr = ax.axhline(1.0, color=MUTED, lw=1.2, ls=":", visible=False)
    label = ax.text(1.0, 1.0, "", transform=ax.get_yaxis_transform(), va="bottom", ha="right",
                    fontsize=9, color=MUTED)
    ax.set(title=title, xlabel="time step t", ylabel=ylabel)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(True, alpha=0.3)
    drawing = TimeStepNormDrawing(ax=ax, raw=raw, clipped=clip, threshold=thr, label=label)
    drawing.update(norms=norms, clipped=clipped, threshold=threshold)
    ax.legend(loc="upper left", fontsize=9, frameon=False)
    return drawing


@dataclass(eq=False, repr=False)
class HistoryDrawing(Drawing):
    """The three panels of :func:`plot_history`, each a :class:`SeriesDrawing` (or None)."""

    loss: SeriesDrawing = None
    accuracy: SeriesDrawing = None
    grad_norms: SeriesDrawing = None

    def dynamic_artists(self):
        panels = (self.loss, self.accuracy, self.grad_norms)
        return [a for p in panels if p is not None for a in p.dynamic_artists()]

    def _summary(self):
        return f"{len(self.loss.lines['mini-batch'].get_xdata())} steps"


def plot_history(history, axes=None, title="Training"):
    """Loss per step, accuracy per epoch, gradient norm per layer: one ``fit`` run.

    Parameters
    ----------
    history : bplab.nn.History
        What ``bplab.nn.fit`` returned (``loss``, ``epoch_loss``, ``train_accuracy``,
        ``eval_loss``, ``eval_accuracy``, ``grad_norms``, ``steps_per_epoch``).
    axes : sequence of 3 Axes or None
        Where to draw; default a new 13 x 3.8 inch figure.

    Returns
    -------
    HistoryDrawing
        Epoch values sit at the step that ends the epoch.
    """
    from bplab.viz.drawing import new_axes_row

    for name in ("loss", "epoch_loss", "train_accuracy", "grad_norms", "steps_per_epoch"):
        if not hasattr(history, name):
            raise TypeError(f"history must be a bplab.nn.History, got {type(history).__name__}")
    ax_loss, ax_acc, ax_norm = new_axes_row(3, axes=axes, figsize=(13.0, 3.8))
    per_epoch = max(int(history.steps_per_epoch), 1)

    def at_epochs(values):
        return (np.arange(1, len(values) + 1) * per_epoch, np.asarray(values, dtype=float))

    drawing = HistoryDrawing(ax=ax_loss)
    drawing.loss = plot_series({"mini-batch": history.loss}, ax=ax_loss, scale="log",
                               start=1, title=f"{title}: loss", ylabel="loss",
                               styles={"mini-batch": {"color": series_color(0), "alpha": 0.45}})
    for i, (label, values) in enumerate((("epoch mean", history.epoch_loss),
                                         ("evaluation", getattr(history, "eval_loss", [])))):
        if len(values):
            ax_loss.plot(*at_epochs(values), "o-", ms=4, color=series_color(i + 1), label=label)
    ax_loss.legend(loc="upper right", fontsize=8.5, frameon=False)
    accuracy = {"train": history.train_accuracy,
                "evaluation": getattr(history, "eval_accuracy", [])}
    accuracy = {k: v for k, v in accuracy.items() if len(v)}
    if accuracy:
        drawing.accuracy = plot_series({k: at_epochs(v)[1] for k, v in accuracy.items()},
                                       ax=ax_acc, title="Accuracy after each epoch",
                                       ylabel="accuracy", xlabel="epoch", start=1,
                                       legend_loc="lower right")
    else:
        ax_acc.set_axis_off()
        ax_acc.text(0.5, 0.5, "no accuracy recorded\n(regression loss)", ha="center",
                    va="center", transform=ax_acc.transAxes, color=MUTED)
    if history.grad_norms:
        drawing.grad_norms = plot_grad_norm_history(dict(history.grad_norms), ax=ax_norm)
        for line in drawing.grad_norms.lines.values():
            line.set_linewidth(1.0)
    else:
        ax_norm.set_axis_off()
    return drawing
