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

from bplab.widgets.base import Explorer, format_number, log_slider, new_figure, set_limits

__all__ = ["OptimizerExplorer", "available_optimizers", "optimizer_factory", "shared_sliders"]

_GAP_FLOOR = 1e-16


def available_optimizers():
    """The optimizer names the explorer offers: ``bplab.optim.registry.names()``."""
    from bplab.optim import registry

    return registry.names()


def shared_sliders(name):
    """Which of the explorer's shared sliders, ``"momentum"`` or ``"beta1"``, ``name`` reads."""
    from bplab.optim import registry

    spec = registry.spec(name)
    if "momentum" in spec.settings:
        return {"momentum"}
    if "beta1" in spec.sliders:
        return {"beta1"}
    return set()


def optimizer_factory(name, lr, momentum=0.9, beta1=0.9):
    """``params -> optimizer`` for one explorer entry, built by ``bplab.optim.registry``.

    One ``lr`` is shared by every optimizer in the comparison. ``momentum`` is the
    heavy-ball coefficient of the SGD variants that have one (``"Momentum"``,
    ``"Nesterov"``; Nesterov at momentum 0 is plain SGD, its update then being the same);
    ``beta1`` is the first-moment decay of the Adam family (``betas=(beta1, 0.999)``).
    Every other hyperparameter keeps torch's default.

    Parameters
    ----------
    name : str
        One of :func:`available_optimizers`.
    lr : float
    momentum, beta1 : float
        In ``[0, 1)``.
    """
    from bplab.optim import registry

    spec = registry.spec(name)
    sliders = shared_sliders(name)
    if "momentum" in sliders:
        if spec.settings.get("nesterov") and momentum == 0:
            return registry.make("SGD", lr=lr)
        return registry.make(spec.name, lr=lr, momentum=momentum)
    if "beta1" in sliders:
        return registry.make(spec.name, lr=lr, beta1=beta1)
    return registry.make(spec.name, lr=lr)


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
    paths : dict of str -> bplab.viz.landscape.TrajectoryArtists
        Every optimizer's path, start, end, ``X`` stop mark and note ("Adam diverged at
        step 12"); empty when the optimizer is not selected.
    background : bplab.viz.landscape.LandscapeDrawing
        The contours of the current landscape (redrawn only when it changes).
    curves : bplab.viz.curves.SeriesDrawing
        The loss-gap curves, ``curves.lines[name]``, ``x`` marks in ``curves.stops[name]``.
    """

    def __init__(self, landscape="rosenbrock", optimizers=("SGD", "Momentum", "Adam"),
                 lr=10**-2.5, momentum=0.9, beta1=0.9, steps=200,
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
        self.runs = {}
        self.background = None
        self._cache = {}
        land = landscapes.get(landscape)
        (x0, x1), (y0, y1) = land.bounds
        controls = {
            "landscape": widgets.Dropdown(options=landscapes.NAMES, value=landscape,
                                          description="landscape"),
            "optimizers": widgets.SelectMultiple(options=self.names, value=tuple(optimizers),
                                                 rows=len(self.names), description="optimizers"),
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
        for artists in self.paths.values():
            self.animate(*artists.artists())
        self.animate(*self.curves.lines.values(), *self.curves.stops.values())
        self.update()

    def _build_figure(self):
        from bplab.viz.curves import plot_series
        from bplab.viz.landscape import draw_trajectory
        from bplab.viz.palette import optimizer_style

        fig = new_figure((9.0, 3.9), dpi=90)
        self.ax_map = fig.add_axes((0.065, 0.12, 0.40, 0.74))
        self.ax_loss = fig.add_axes((0.575, 0.12, 0.395, 0.74))
        nowhere = np.empty((0, 2))
        self.paths = {name: draw_trajectory(nowhere, ax=self.ax_map, name=name, slot=i)
                      for i, name in enumerate(self.names)}
        styles = {name: optimizer_style(name) for name in self.names}
        empty = {name: np.empty(0) for name in self.names}
        self.curves = plot_series(empty, ax=self.ax_loss, scale="log", styles=styles,
                                  xlabel="step", ylabel="$f(x) - f^*$", legend=False,
                                  title="Loss gap (log scale)")
        self.ax_loss.set_ylim(1e-7, 1e3)
        self.ax_loss.set_yscale("log")
        self.curves.note.set_visible(False)  # the map's notes say which runs diverged
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
        s = self.state
        if self.background is None or self.background.landscape.name != s["landscape"]:
            self._show_landscape()
        selected = s["optimizers"]
        used = set().union(*(shared_sliders(name) for name in selected))
        for slider in ("momentum", "beta1"):
            self.controls[slider].disabled = slider not in used  # greyed out: it does nothing
        self.runs = {name: self.run(name) for name in selected}
        lo, hi = self._loss_limits()
        row = 0
        for name in self.names:
            artists, run = self.paths[name], self.runs.get(name)
            for artist in (*artists.artists(), self.curves.lines[name], self.curves.stops[name]):
                artist.set_visible(run is not None)  # hidden artists cost nothing to blit
            if run is None:
                artists.update(np.empty((0, 2)))
                self.curves.lines[name].set_data([], [])
                self.curves.stops[name].set_data([], [])
                continue
            artists.update(run.points, diverged_at=run.diverged_at)
            if artists.note.get_text():
                artists.note.set_y(0.97 - 0.075 * row)
                row += 1
            self._draw_curve(name, np.minimum(run.gaps, hi), run.diverged)
        set_limits(self.ax_loss, xlim=(0, _nice_ceiling(s["steps"])), ylim=(lo, hi))
        self._update_legend(selected)
        self.readout.value = self._readout()

    def _draw_curve(self, name, gaps, diverged):
        """Set one loss curve in place (the axes limits are set once, by ``draw``).

        ``SeriesDrawing.update`` would rescale the axes at every call; here the limits
        move in whole decades only, so most updates can be blitted.
        """
        steps = np.arange(gaps.size)
        self.curves.lines[name].set_data(steps, gaps)
        last = slice(-1, None) if diverged else slice(0, 0)
        self.curves.stops[name].set_data(steps[last], gaps[last])

    def _show_landscape(self):
        """Draw the new landscape's contours (cached by ``bplab.viz``) behind the paths."""
        from bplab import landscapes
        from bplab.viz.landscape import draw_landscape

        if self.background is not None:
            for artist in (self.background.filled, self.background.lines,
                           self.background.minima):
                if artist is not None:
                    artist.remove()
        land = landscapes.get(self.state["landscape"])
        self.background = draw_landscape(land, ax=self.ax_map, n=160, levels=14)
        for artists in self.paths.values():
            artists.bounds = land.bounds
        self.invalidate()

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
        s, land = self.state, self.background.landscape
        start = float(land.f(np.array([s["x0"], s["y0"]]))) - land.fmin
        ys = [r.gaps for r in self.runs.values()]
        lo = min([self.goal[1], *(float(y.min()) for y in ys if y.size)])
        lo = 10.0 ** np.floor(np.log10(max(lo, _GAP_FLOOR)) - 0.3)
        hi = 10.0 ** np.ceil(np.log10(max(start, lo * 10)) + 1.5)
        return lo, hi

    def _update_legend(self, selected):
        if getattr(self, "_legend_for", None) == selected:
            return
        handles = [self.paths[name].path for name in selected]
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
