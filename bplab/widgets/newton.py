"""Newton's method against gradient descent on a 2-D landscape.

Gradient descent takes a step against the gradient, scaled by one learning rate for every
direction. Newton's method rescales the step by the inverse curvature,

.. math:: x_{k+1} = x_k - (H_k + \\lambda I)^{-1} \\nabla f(x_k),

so it needs no learning rate and, near a minimum, converges in a handful of steps. Far
from one the Hessian may be indefinite and the same formula heads for a saddle or a
maximum; the damping :math:`\\lambda` shortens the step and turns it back towards
gradient descent (large :math:`\\lambda`: a step of :math:`\\nabla f / \\lambda`).
"""

import ipywidgets as widgets
import numpy as np

from bplab import landscapes
from bplab.optim import SGD, newton_step, trajectory
from bplab.viz.palette import MUTED, optimizer_style
from bplab.widgets.base import (
    Explorer,
    decade_limits,
    finite_or_clipped,
    log_slider,
    new_figure,
    set_limits,
)

__all__ = ["NewtonExplorer", "NewtonPath", "newton_path", "hessian_summary"]

LANDSCAPES = ("rosenbrock", "quadratic", "saddle", "himmelblau")
DAMPINGS = (0.0, 0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0)


class NewtonPath:
    """The iterates of (damped) Newton's method and why it stopped.

    Attributes
    ----------
    points : ndarray, shape (n + 1, 2)
    losses : ndarray, shape (n + 1,)
    stopped_at : int or None
        The step at which the run stopped early (singular Hessian, non-finite or
        exploding loss), None if it ran all its steps.
    message : str
        One line for the learner.
    """

    def __init__(self, points, losses, stopped_at, message):
        self.points, self.losses = points, losses
        self.stopped_at, self.message = stopped_at, message

    def __repr__(self):
        return f"NewtonPath(steps={len(self.points) - 1}: {self.message})"


def newton_path(landscape, x0, steps, damping=0.0, lr=1.0, max_loss=None):
    """Run ``steps`` steps of :func:`bplab.optim.newton_step` on a 2-D landscape.

    Parameters
    ----------
    landscape : Landscape or str
    x0 : array_like, shape (2,)
    steps : int
    damping : float
        :math:`\\lambda` added to the Hessian's diagonal.
    lr : float
        Step length multiplier (1 is the pure Newton step).
    max_loss : float, optional
        Stop when the loss exceeds this; default ``fmin + 1e4 * max(1, |f(x0) - fmin|)``,
        the rule ``bplab.optim.trajectory`` uses.

    Returns
    -------
    NewtonPath
        Never raises on a singular Hessian or a divergence: it stops and says so.
    """
    land = landscapes.get(landscape)
    x = np.array(x0, dtype=float)
    if x.shape != (2,) or not np.isfinite(x).all():
        raise ValueError(f"x0 must be a finite point of shape (2,), got {x0!r}")
    fmin = land.fmin
    if max_loss is None:
        max_loss = fmin + 1e4 * max(1.0, abs(float(land.f(x)) - fmin))
    points, losses = [x.copy()], [float(land.f(x))]
    for k in range(1, steps + 1):
        try:
            x = newton_step(x, land.grad(x), land.hessian(x), lr=lr, damping=damping)
        except (ValueError, np.linalg.LinAlgError):
            return NewtonPath(np.array(points), np.array(losses), k,
                              f"the Hessian is singular at step {k - 1}: no Newton step")
        loss = float(land.f(x))
        if not (np.isfinite(loss) and np.isfinite(x).all()):
            return NewtonPath(np.array(points), np.array(losses), k,
                              f"diverged at step {k} (non-finite)")
        points.append(x.copy())
        losses.append(loss)
        if loss > max_loss:
            return NewtonPath(np.array(points), np.array(losses), k, f"diverged at step {k}")
    return NewtonPath(np.array(points), np.array(losses), None,
                      f"loss {losses[-1]:.3g} after {steps} steps")


def hessian_summary(landscape, x):
    """``(eigenvalues, text)``: the Hessian's eigenvalues at ``x`` and what they mean for Newton."""
    eig = np.linalg.eigvalsh(landscapes.get(landscape).hessian(np.asarray(x, dtype=float)))
    values = ", ".join(f"{e:.3g}" for e in eig)
    if eig[0] > 0:
        kind = "positive definite: Newton heads for a minimum"
    elif eig[-1] < 0:
        kind = "negative definite: Newton heads for a maximum"
    elif eig[0] < 0:
        kind = "indefinite: the Newton step may head for a saddle or uphill"
    else:
        kind = "singular: no Newton step"
    return eig, f"Hessian eigenvalues at the start: {values} ({kind})"


class NewtonExplorer(Explorer):
    """Trajectories of gradient descent and (damped) Newton from the same start.

    Controls: ``landscape``, start ``x0`` / ``y0``, gradient descent's ``lr``, Newton's
    ``damping`` and the number of ``steps``. Left: contours with both paths; right: loss
    above the minimum per step (log scale). The title names the Hessian's eigenvalues at
    the start, so an indefinite start is visible before Newton goes astray.

    Attributes
    ----------
    paths : dict of str -> Line2D
        ``"GD"`` and ``"Newton"`` on the contour axes.
    curves : dict of str -> Line2D
        The same two on the loss axes.
    results : dict
        ``"GD"`` (a :class:`bplab.optim.Trajectory`) and ``"Newton"`` (a :class:`NewtonPath`).
    """

    question = ("On Rosenbrock from (-1.2, 1), how many steps does Newton need to get within 1e-10 "
                "of the minimum, and how close does gradient descent get in 200 steps? Then pick "
                "the saddle landscape and start at (-2, 0.3), where the Hessian is indefinite: "
                "where does plain Newton end up, and what is the smallest damping that sends it "
                "to a minimum instead?")

    def __init__(self, landscape="rosenbrock", x0=(-1.2, 1.0), lr=1e-3, damping=0.0, steps=50):
        if landscape not in LANDSCAPES:
            raise ValueError(f"landscape must be one of {LANDSCAPES}, got {landscape!r}")
        if damping not in DAMPINGS:
            raise ValueError(f"damping must be one of {DAMPINGS}, got {damping!r}")
        controls = {
            "landscape": widgets.Dropdown(options=LANDSCAPES, value=landscape,
                                          description="landscape"),
            "x0": widgets.FloatSlider(value=x0[0], min=-2.5, max=2.5, step=0.05,
                                      description="start x"),
            "y0": widgets.FloatSlider(value=x0[1], min=-2.0, max=3.0, step=0.05,
                                      description="start y"),
            "lr": log_slider("GD lr", lr, -5, 0, fmt=".1e"),
            "damping": widgets.SelectionSlider(options=DAMPINGS, value=damping,
                                               description="damping λ"),
            "steps": widgets.IntSlider(value=steps, min=1, max=200, description="steps"),
        }
        fig = new_figure(figsize=(9.5, 4.2))
        self.ax_map, self.ax_loss = fig.subplots(1, 2)
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.13, top=0.86, wspace=0.28)
        self._contours = None
        self._drawn_landscape = None
        gd, nt = optimizer_style("SGD"), optimizer_style("Newton")
        self.paths = {
            "GD": self.ax_map.plot([], [], lw=1.5, label="gradient descent", **gd)[0],
            "Newton": self.ax_map.plot([], [], lw=1.5, ms=4, label="Newton", **nt)[0],
        }
        self.start_marker = self.ax_map.plot([], [], "o", color=MUTED, ms=7, label="start")[0]
        self.minimum_marker = self.ax_map.plot([], [], "*", color="#E69F00", ms=12,
                                               label="minimum")[0]
        self.ax_map.legend(loc="upper left", fontsize=7, framealpha=0.9)
        self.curves = {
            "GD": self.ax_loss.plot([], [], lw=1.5, label="gradient descent", **gd)[0],
            "Newton": self.ax_loss.plot([], [], lw=1.5, ms=3, label="Newton", **nt)[0],
        }
        self.ax_loss.set_yscale("log")
        self.ax_loss.set_xlabel("step")
        self.ax_loss.set_ylabel("f(x) - f(x*)")
        for ax in (self.ax_map, self.ax_loss):  # the map's legend names both curves
            ax.title.set_fontsize(9)
        self.results = {}
        super().__init__(controls, fig, self.question, columns=3)
        self.animate(*self.paths.values(), *self.curves.values(), self.start_marker,
                     self.minimum_marker, self.ax_map.title, self.ax_loss.title)
        self.update()

    def draw(self):
        s = self.state
        land = landscapes.get(s["landscape"])
        self._draw_landscape(land)
        x0 = np.array([s["x0"], s["y0"]])
        gd = trajectory(lambda ps: SGD(ps, lr=s["lr"]), land, x0, s["steps"])
        nt = newton_path(land, x0, s["steps"], damping=s["damping"])
        self.results = {"GD": gd, "Newton": nt}
        for name, run in self.results.items():
            shown = finite_or_clipped(run.points, land.bounds, margin=0.1)
            self.paths[name].set_data(shown[:, 0], shown[:, 1])
            gap = np.maximum(np.asarray(run.losses) - land.fmin, 1e-16)
            self.curves[name].set_data(np.arange(gap.size), gap)
        self.curves["Newton"].set_markevery(max(1, s["steps"] // 25))  # squares stay apart
        self.start_marker.set_data([x0[0]], [x0[1]])
        _, text = hessian_summary(land, x0)
        self.ax_map.title.set_text(
            f"{land.name}: {text.replace(' at the start', '')}".replace(" (", "\n("))
        self.ax_loss.title.set_text(f"damping λ = {s['damping']:g}, GD lr = {s['lr']:.1e}")
        set_limits(self.ax_loss, xlim=(0, max(s["steps"], 1)))
        gaps = np.concatenate([c.get_ydata() for c in self.curves.values()])
        set_limits(self.ax_loss, ylim=(1e-17, max(self._loss_top, decade_limits(gaps)[1])))
        self.readout.value = (f"<b>GD</b>: {_reached(gd, land)} &nbsp; "
                              f"<b>Newton</b>: {_reached(nt, land)}<br>{text}")

    def _draw_landscape(self, land):
        if self._drawn_landscape == land.name:
            return
        if self._contours is not None:
            self._contours.remove()
        X, Y, Z = land.grid(120)
        self._loss_top = decade_limits(Z - land.fmin)[1]  # fixed per landscape: blit-friendly
        self._contours = self.ax_map.contour(X, Y, Z, levels=land.levels(18), colors=MUTED,
                                             linewidths=0.6)
        (x0, x1), (y0, y1) = land.bounds
        self.ax_map.set_xlim(min(x0, -2.5), max(x1, 2.5))
        self.ax_map.set_ylim(min(y0, -2.0), max(y1, 3.0))
        self.ax_map.set_xlabel("x")
        self.ax_map.set_ylabel("y")
        self.minimum_marker.set_data(land.minima[:, 0], land.minima[:, 1])
        self._drawn_landscape = land.name
        if hasattr(self, "_background"):
            self.invalidate()  # new contours: the cached background is stale


def _reached(run, land, tol=1e-10):
    """The run's message plus the first step within ``tol`` of the minimum, if any."""
    hit = np.flatnonzero(np.asarray(run.losses) - land.fmin < tol)
    if hit.size == 0:
        return run.message
    return f"{run.message}; within {tol:g} of the minimum from step {int(hit[0])}"
