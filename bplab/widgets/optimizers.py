"""Optimizer explorer: race optimizers across a 2-D landscape and watch the loss fall.

Left, the landscape's contours with one trajectory per optimizer (start ``o``, end dot,
``x`` where a run diverged); right, the loss gap :math:`f(x_k) - f^*` against the step on a
log axis, where linear convergence is a straight line. Every optimizer is the real
``bplab.optim`` class run by :func:`bplab.optim.trajectory`; the explorer only chooses the
hyperparameters::

    from bplab.widgets import OptimizerExplorer
    OptimizerExplorer()                          # in a notebook cell: the live explorer

    ex = OptimizerExplorer(optimizers=("SGD", "Adam"))
    ex.controls["lr"].value = 0.05               # from Python: the figure follows
    ex.runs["Adam"].message
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from bplab.widgets.base import Explorer, finite_or_clipped, format_number, log_slider, new_figure

__all__ = ["OPTIMIZERS", "OptimizerExplorer", "available_optimizers", "optimizer_factory"]

OPTIMIZERS = ("SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adam", "AdamW", "NAdam")
"""The names the explorer offers (those whose ``bplab.optim`` class exists are shown)."""

_CLASS = {"SGD": "SGD", "Momentum": "SGD", "Nesterov": "SGD", "Adagrad": "Adagrad",
          "RMSprop": "RMSprop", "Adam": "Adam", "AdamW": "AdamW", "NAdam": "NAdam"}

_GAP_FLOOR = 1e-16


def available_optimizers():
    """The names of :data:`OPTIMIZERS` whose ``bplab.optim`` class is importable."""
    from bplab import optim

    return tuple(name for name in OPTIMIZERS if hasattr(optim, _CLASS[name]))


def optimizer_factory(name, lr, momentum=0.9, beta1=0.9):
    """``params -> optimizer`` for one explorer entry, with torch's update rules.

    ``"Momentum"`` and ``"Nesterov"`` are ``SGD(momentum=momentum)`` (plain and
    ``nesterov=True``); ``beta1`` is the first-moment decay of Adam, AdamW and NAdam
    (``betas=(beta1, 0.999)``); the others keep torch's defaults apart from ``lr``.

    Parameters
    ----------
    name : str
        One of :data:`OPTIMIZERS`.
    lr : float
        The learning rate, shared by every optimizer in the comparison.
    momentum, beta1 : float
        In ``[0, 1)``.
    """
    from bplab import optim

    if name not in _CLASS:
        raise ValueError(f"name must be one of {OPTIMIZERS}, got {name!r}")
    cls = getattr(optim, _CLASS[name])
    if name == "SGD":
        return lambda ps: cls(ps, lr=lr)
    if name in ("Momentum", "Nesterov"):
        return lambda ps: cls(ps, lr=lr, momentum=momentum, nesterov=name == "Nesterov")
    if name in ("Adam", "AdamW", "NAdam"):
        return lambda ps: cls(ps, lr=lr, betas=(beta1, 0.999))
    return lambda ps: cls(ps, lr=lr)


class OptimizerExplorer(Explorer):
    """Compare optimizers on a landscape: trajectories, loss curves, divergence marked.

    Parameters
    ----------
    landscape : str
        A name from :data:`bplab.landscapes.NAMES`.
    optimizers : sequence of str
        The optimizers selected at first (any of :func:`available_optimizers`).
    lr, momentum, beta1 : float
        Initial hyperparameters (see :func:`optimizer_factory`).
    steps : int
        Initial number of steps, 0 to 1000.
    goal : (str, float, int)
        ``(optimizer, target, max_steps)`` for the question: reach ``f - f* < target``
        within ``max_steps`` steps. The readout says when it is met.

    Attributes
    ----------
    runs : dict of str -> Run
        The runs shown, by optimizer name.
    paths, ends, crosses : dict of str -> Line2D
        Trajectory, final point and divergence marker of each optimizer (empty when hidden).
    curves : bplab.viz.curves.SeriesDrawing
        The loss curves; ``curves.lines[name]`` and ``curves.note``.
    note : Text
        On the map: which runs diverged, and where.
    """

    def __init__(self, landscape="rosenbrock", optimizers=("SGD", "Momentum", "Adam"),
                 lr=3e-3, momentum=0.9, beta1=0.9, steps=200,
                 goal=("Adam", 1e-6, 1000)):
        from bplab import landscapes

        self.names = available_optimizers()
        unknown = [n for n in optimizers if n not in self.names]
        if unknown:
            raise ValueError(f"optimizers must be among {self.names}, got {unknown}")
        if landscape not in landscapes.NAMES:
            raise ValueError(f"landscape must be one of {landscapes.NAMES}, got {landscape!r}")
        self.goal = goal
        self.goal_landscape = landscape
        self._cache = {}
        self._shown_landscape = None
        self._background_artists = []
        land = landscapes.get(landscape)
        (x0, x1), (y0, y1) = land.bounds
        controls = {
            "landscape": widgets.Dropdown(options=landscapes.NAMES, value=landscape,
                                          description="landscape"),
            "optimizers": widgets.SelectMultiple(options=self.names, value=tuple(optimizers),
                                                 rows=4, description="optimizers"),
            "lr": log_slider("lr", lr, -4, 0.5),
            "momentum": widgets.FloatSlider(momentum, min=0.0, max=0.999, step=0.001,
                                            readout_format=".3f", description="momentum"),
            "beta1": widgets.FloatSlider(beta1, min=0.0, max=0.999, step=0.001,
                                         readout_format=".3f", description="beta1"),
            "steps": widgets.IntSlider(steps, min=0, max=1000, step=10, description="steps"),
            "x0": widgets.FloatSlider(float(land.start[0]), min=x0, max=x1,
                                      step=(x1 - x0) / 200, description="x0"),
            "y0": widgets.FloatSlider(float(land.start[1]), min=y0, max=y1,
                                      step=(y1 - y0) / 200, description="y0"),
        }
        self.play = widgets.Play(value=steps, min=0, max=1000, step=10, interval=80,
                                 description="animate steps")
        widgets.link((self.play, "value"), (controls["steps"], "value"))
        controls["landscape"].observe(self._reset_start, names="value")  # before the redraw
        name, target, max_steps = goal
        question = (f"On {landscape.capitalize()}, find settings where {name} reaches "
                    f"f - f* < {target:g} within {max_steps} steps.")
        super().__init__(controls, self._build_figure(), question, extra=[self.play])
        self.animate(*self.paths.values(), *self.ends.values(), *self.crosses.values(),
                     self.start_marker, self.note,
                     *self.curves.lines.values(), *self.curves.stops.values())
        self.update()

    def _build_figure(self):
        from bplab.viz.curves import plot_series
        from bplab.viz.palette import optimizer_style

        fig = new_figure((9.0, 3.8), dpi=90)
        self.ax_map = fig.add_axes((0.075, 0.13, 0.39, 0.77))
        self.ax_loss = fig.add_axes((0.575, 0.13, 0.395, 0.77))
        self.paths, self.ends, self.crosses = {}, {}, {}
        for name in self.names:
            style = optimizer_style(name)
            style.pop("marker", None)
            (self.paths[name],) = self.ax_map.plot([], [], lw=1.6, label=name, **style)
            (self.ends[name],) = self.ax_map.plot([], [], "o", ms=5, color=style["color"])
            (self.crosses[name],) = self.ax_map.plot([], [], "x", ms=11, mew=2.5,
                                                     color=style["color"], clip_on=False)
        (self.start_marker,) = self.ax_map.plot([], [], "o", ms=8, mfc="white", mec="black",
                                                mew=1.5, zorder=5)
        (self.minima_marker,) = self.ax_map.plot([], [], "*", ms=12, color="white",
                                                 mec="black", zorder=5)
        self.note = self.ax_map.text(0.02, 0.02, "", transform=self.ax_map.transAxes,
                                     fontsize=9, va="bottom", ha="left", zorder=6,
                                     bbox={"fc": "white", "ec": "none", "alpha": 0.8})
        self.ax_map.set(xlabel="x", ylabel="y")
        styles = {name: optimizer_style(name) for name in self.names}
        empty = {name: np.empty(0) for name in self.names}
        self.curves = plot_series(empty, ax=self.ax_loss, scale="log", styles=styles,
                                  xlabel="step", ylabel="f(x) - f*", legend=False,
                                  title="Loss gap (log scale)")
        self.ax_loss.set_ylim(1e-7, 1e3)
        self.ax_loss.set_yscale("log")
        self.curves.note.set_visible(False)  # the map's note says which runs diverged
        self.target_line = self.ax_loss.axhline(self.goal[1], color="0.5", lw=1, ls=":")
        return fig

    # -- computing ---------------------------------------------------------------------

    def run(self, name):
        """The run of optimizer ``name`` with the current settings (cached).

        Runs are deterministic, so a run of ``n`` steps is the first ``n`` steps of any
        longer run with the same settings: the longest run is kept and cut.
        """
        from bplab import landscapes
        from bplab.optim import trajectory

        s = self.state
        key = (s["landscape"], name, s["lr"], s["momentum"], s["beta1"], s["x0"], s["y0"])
        steps = s["steps"]
        traj = self._cache.get(key)
        if traj is None or (traj.steps < steps and not traj.diverged):
            make = optimizer_factory(name, s["lr"], s["momentum"], s["beta1"])
            traj = trajectory(make, landscapes.get(s["landscape"]), (s["x0"], s["y0"]),
                              max(steps, 200))
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[key] = traj
        return Run.cut(name, traj, steps)

    # -- drawing -----------------------------------------------------------------------

    def draw(self):
        if self.state["landscape"] != self._shown_landscape:
            self._show_landscape()
        s = self.state
        selected = s["optimizers"]
        self.runs = {name: self.run(name) for name in selected}
        bounds = self._land.bounds
        lo, hi = self._loss_limits()
        for name in self.names:
            run = self.runs.get(name)
            if run is None:
                for artist in (self.paths[name], self.ends[name], self.crosses[name]):
                    artist.set_data([], [])
                self.curves.lines[name].set_data([], [])
                self.curves.stops[name].set_data([], [])
                continue
            pts = finite_or_clipped(run.points, bounds, margin=0.0)
            self.paths[name].set_data(pts[:, 0], pts[:, 1])
            end = pts[-1:] if not run.diverged else np.empty((0, 2))
            cross = pts[-1:] if run.diverged else np.empty((0, 2))
            self.ends[name].set_data(end[:, 0], end[:, 1])
            self.crosses[name].set_data(cross[:, 0], cross[:, 1])
            self._draw_curve(name, np.minimum(run.gaps, hi), run.diverged)
        self.start_marker.set_data([s["x0"]], [s["y0"]])
        self.ax_loss.set_xlim(0, _nice_ceiling(s["steps"]))
        self.ax_loss.set_ylim(lo, hi)
        self.note.set_text("\n".join(f"{r.name} {r.message}" for r in self.runs.values()
                                     if r.diverged))
        self._update_legend(selected)
        self.readout.value = self._readout()

    def _draw_curve(self, name, gaps, diverged):
        """Set one loss curve in place (the axes limits are set once, by ``draw``)."""
        steps = np.arange(gaps.size)
        self.curves.lines[name].set_data(steps, gaps)
        last = slice(-1, None) if diverged else slice(0, 0)
        self.curves.stops[name].set_data(steps[last], gaps[last])

    def _show_landscape(self):
        from bplab import landscapes
        from bplab.viz.palette import LANDSCAPE_CMAP, MUTED

        self._land = land = landscapes.get(self.state["landscape"])
        for artist in self._background_artists:
            artist.remove()
        X, Y, Z = land.grid(160)
        (x0, x1), (y0, y1) = land.bounds
        shade = np.log10(Z - land.fmin + 1e-3) if land.decades else Z
        image = self.ax_map.imshow(shade, extent=(x0, x1, y0, y1), origin="lower",
                                   cmap=LANDSCAPE_CMAP, alpha=0.3, aspect="auto", zorder=0)
        lines = self.ax_map.contour(X, Y, Z, levels=land.levels(14), colors=MUTED,
                                    linewidths=0.6, zorder=1)
        self._background_artists = [image, lines]
        self.invalidate()
        self.ax_map.set_xlim(x0, x1)
        self.ax_map.set_ylim(y0, y1)
        self.minima_marker.set_data(land.minima[:, 0], land.minima[:, 1])
        self.ax_map.set_title(f"{land.name}: ${land.formula}$", fontsize=10)
        self._shown_landscape = land.name

    def _reset_start(self, change):
        """A new landscape: the start sliders take its box and its start point."""
        from bplab import landscapes

        land = landscapes.get(change["new"])
        self._holding, holding = True, self._holding
        try:
            for key, (lo, hi), v in zip(("x0", "y0"), land.bounds, land.start, strict=True):
                _set_range(self.controls[key], lo, hi, float(v))
        finally:
            self._holding = holding

    def _loss_limits(self):
        """Whole decades: from below the data and the target to 30x the starting gap.

        The limits move only when the data cross a decade, so most slider moves keep the
        axes (and the cached background); a diverging curve leaves through the top edge.
        """
        s = self.state
        start = float(self._land.f(np.array([s["x0"], s["y0"]]))) - self._land.fmin
        ys = [r.gaps for r in self.runs.values()]
        lo = min([self.goal[1], *(float(y.min()) for y in ys if y.size)])
        lo = 10.0 ** np.floor(np.log10(max(lo, _GAP_FLOOR)) - 0.3)
        hi = 10.0 ** np.ceil(np.log10(max(start, lo * 10)) + 1.5)
        return lo, hi

    def _update_legend(self, selected):
        if getattr(self, "_legend_for", None) == selected:
            return
        handles = [self.paths[name] for name in selected]
        if handles:
            self.ax_loss.legend(handles=handles, loc="upper right", fontsize=9, frameon=False)
        elif self.ax_loss.get_legend() is not None:
            self.ax_loss.get_legend().remove()
        self._legend_for = selected
        self.invalidate()

    def _readout(self):
        name, target, max_steps = self.goal
        rows = [f"<b>{r.name}</b>: {r.message}" for r in self.runs.values()]
        if not rows:
            return "Select at least one optimizer."
        goal = self.goal_step()
        if goal is not None:
            rows.append(f"<b>Goal reached</b>: {name} below {target:g} at step {goal} ✔")
        elif self.state["landscape"] == self.goal_landscape:
            rows.append(f"Goal: {name} below {target:g} within {max_steps} steps — not yet.")
        return "<br>".join(rows)

    def goal_step(self):
        """The first step at which the goal's optimizer got below its target, or None.

        Counts only on the question's landscape and within the goal's step budget.
        """
        name, target, max_steps = self.goal
        run = self.runs.get(name)
        if run is None or self.state["landscape"] != self.goal_landscape:
            return None
        hit = np.flatnonzero(run.gaps[: max_steps + 1] < target)
        return int(hit[0]) if hit.size else None


class Run:
    """The first ``steps`` steps of a trajectory, with the loss gap and a one-line message.

    Attributes
    ----------
    name : str
    points : ndarray, shape (n + 1, 2)
    gaps : ndarray, shape (n + 1,)
        ``f(x_k) - f*``, floored at 1e-16 so a log axis can show an exact zero.
    diverged_at : int or None
    message : str
        ``"diverged at step 12"`` or ``"loss 3.2e-07 at step 200"``.
    """

    def __init__(self, name, points, gaps, diverged_at, message):
        self.name, self.points, self.gaps = name, points, gaps
        self.diverged_at, self.message = diverged_at, message

    @property
    def diverged(self):
        return self.diverged_at is not None

    @classmethod
    def cut(cls, name, traj, steps):
        """Keep steps ``0..steps`` of ``traj`` (a ``bplab.optim.Trajectory``)."""
        diverged_at = traj.diverged_at if traj.diverged and traj.diverged_at <= steps else None
        points = traj.points[: steps + 1]
        gaps = np.maximum(traj.losses[: steps + 1] - traj.landscape.fmin, _GAP_FLOOR)
        if diverged_at is not None:
            message = f"diverged at step {diverged_at}"
        else:
            value = "< 1e-16" if gaps[-1] <= _GAP_FLOOR else f"= {format_number(gaps[-1])}"
            message = f"f - f* {value} after {len(gaps) - 1} steps"
        return cls(name, points, gaps, diverged_at, message)

    def __repr__(self):
        return f"Run({self.name!r}: {self.message})"


def _nice_ceiling(n):
    """The smallest of 10, 20, 50, 100, 200, 500, ... that is >= ``n``."""
    bound = 10
    while bound < n:
        bound = bound * 5 // 2 if str(bound)[0] == "2" else bound * 2
    return bound


def _set_range(slider, lo, hi, value):
    """Move a slider to a new ``[lo, hi]`` and ``value`` without a transient clip."""
    slider.max = max(slider.max, hi)
    slider.min = min(slider.min, lo)
    slider.value = value
    slider.min, slider.max = lo, hi
    slider.step = (hi - lo) / 200
