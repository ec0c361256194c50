"""Mini-batch gradient descent on a line fit: batch size against gradient noise and cost.

The problem is the smallest one with a picture: fit ``y ≈ w x + b`` to ``n`` noisy points
of ``bplab.data.regression`` by least squares,

.. math::
   L(w, b) = \\frac{1}{N} \\sum_{n=1}^{N} (w x_n + b - y_n)^2, \\qquad
   g_B = \\frac{1}{B} \\sum_{n \\in B} \\nabla \\ell_n ,

so the whole loss surface is a 2-D bowl. A mini-batch gradient :math:`g_B` is an unbiased
estimate of the full gradient whose covariance (batches drawn without replacement) is

.. math:: \\mathrm{Cov}[g_B] = \\frac{1}{B} \\frac{N - B}{N - 1} \\, S,

with :math:`S` the covariance of the per-example gradients: the noise falls like
:math:`1/\\sqrt{B}` and vanishes at :math:`B = N`, while each step costs :math:`B` example
gradients. One epoch buys :math:`\\lceil N/B \\rceil` steps.
"""

import math

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Circle
from matplotlib.ticker import MaxNLocator

from bplab.data import batches, regression
from bplab.optim import SGD
from bplab.viz.drawing import Drawing
from bplab.viz.palette import LANDSCAPE_CMAP, MUTED, OKABE_ITO, series_color
from bplab.widgets.base import (
    Explorer,
    finite_or_clipped,
    format_number,
    log_slider,
    new_figure,
    set_limits,
)

__all__ = [
    "LineFit",
    "MiniBatchExplorer",
    "MiniBatchRun",
    "minibatch_sgd",
    "plot_minibatch_runs",
]

START = (-1.0, 1.5)
"""Where every run starts in the (w, b) plane: far enough to see the path."""

COST_YLIM = (1e-6, 1e3)
"""Fixed range of the explorer's L − L* axis: the start (7.2) and every converged setting fit;
a diverging run leaves through the top (the note names the step). Fixed, so that a slider
move redraws only the curves (blitting) instead of the whole figure."""


class LineFit:
    """Least-squares line ``w x + b`` through ``n`` points of ``bplab.data.regression``.

    Parameters
    ----------
    n : int
        Number of points (the full batch ``N``).
    noise : float
        Noise of the data (passed to ``regression``).
    seed : int
        Seed of the data.

    Attributes
    ----------
    x, y : ndarray, shape (n,)
    minimum : ndarray, shape (2,)
        The least-squares ``(w*, b*)``.
    loss_min : float
        :math:`L(w^*, b^*)`, the noise floor no step size can beat.
    bounds : ((float, float), (float, float))
        The (w, b) box drawn in figures.
    """

    def __init__(self, n=200, noise=0.3, seed=0):
        X, y = regression(n=n, noise=noise, seed=seed)
        self.x, self.y, self.n = X[:, 0], y, len(y)
        A = np.column_stack([self.x, np.ones(self.n)])
        self.minimum = np.linalg.lstsq(A, self.y, rcond=None)[0]
        self.loss_min = self.loss(self.minimum)
        self.bounds = ((-1.6, 1.6), (-1.0, 2.0))

    def loss(self, p, rows=None):
        """Mean squared error of the line ``p = (w, b)`` on all points, or on ``rows``."""
        x, y = (self.x, self.y) if rows is None else (self.x[rows], self.y[rows])
        r = p[0] * x + p[1] - y
        return float(np.mean(r * r))

    def grad(self, p, x=None, y=None):
        """:math:`\\nabla L` at ``p`` on all points, or on the batch ``(x, y)``."""
        x, y = (self.x, self.y) if x is None else (x, y)
        r = p[0] * x + p[1] - y
        return np.array([2.0 * np.mean(r * x), 2.0 * np.mean(r)])

    def loss_grid(self, W, B):
        """:math:`L` on a grid of lines (arrays ``W``, ``B`` of one shape), for contours."""
        xm, ym = self.x.mean(), self.y.mean()
        xx, xy, yy = np.mean(self.x ** 2), np.mean(self.x * self.y), np.mean(self.y ** 2)
        return W * W * xx + B * B + yy + 2 * W * B * xm - 2 * W * xy - 2 * B * ym

    def example_grads(self, p):
        """Every per-example gradient :math:`\\nabla \\ell_n(p)`, shape (n, 2)."""
        r = p[0] * self.x + p[1] - self.y
        return np.column_stack([2.0 * r * self.x, 2.0 * r])

    def gradient_samples(self, p, batch_size, count=200, seed=0):
        """``count`` mini-batch gradients at ``p``, each from ``batch_size`` distinct rows."""
        batch_size = _batch_size(batch_size, self.n)
        rng = np.random.default_rng(seed)
        g = self.example_grads(p)
        if batch_size == self.n:
            return np.repeat(g.mean(axis=0, keepdims=True), count, axis=0)
        keys = rng.random((count, self.n))
        rows = np.argpartition(keys, batch_size, axis=1)[:, :batch_size]
        return g[rows].mean(axis=1)

    def noise_std(self, p, batch_size):
        """Predicted size of the gradient noise, :math:`\\sqrt{\\mathrm{tr\\,Cov}[g_B]}`."""
        batch_size = _batch_size(batch_size, self.n)
        g = self.example_grads(p)
        spread = float(np.sum(g.var(axis=0))) * self.n / max(self.n - 1, 1)
        return math.sqrt(spread / batch_size * (self.n - batch_size) / max(self.n - 1, 1))

    def __repr__(self):
        return f"LineFit(n={self.n})"


def _batch_size(batch_size, n):
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)):
        raise TypeError(f"batch_size must be an int, got {type(batch_size).__name__}")
    if not 1 <= batch_size <= n:
        raise ValueError(f"batch_size must be in 1..{n} (the number of points), got {batch_size}")
    return int(batch_size)


class MiniBatchRun:
    """The record of one run of mini-batch SGD.

    Attributes
    ----------
    batch_size : int
    points : ndarray, shape (steps + 1, 2)
        ``(w, b)`` before the first step and after each step.
    losses : ndarray, shape (steps + 1,)
        The *full-batch* loss at each point.
    examples : ndarray of int, shape (steps + 1,)
        Example gradients computed so far: the cost of the run up to that point.
    diverged_at : int or None
        The step after which the loss was non-finite or above 1e6 times its start.
    """

    def __init__(self, batch_size, points, losses, examples, diverged_at):
        self.batch_size, self.points, self.losses = batch_size, points, losses
        self.examples, self.diverged_at = examples, diverged_at

    @property
    def steps(self):
        return len(self.points) - 1

    def __repr__(self):
        end = (f"diverged at step {self.diverged_at}" if self.diverged_at is not None
               else f"loss {self.losses[-1]:.4g}")
        return f"MiniBatchRun(batch_size={self.batch_size}, steps={self.steps}, {end})"


def minibatch_sgd(problem, batch_size, lr, epochs, start=START, seed=0):
    """Run ``epochs`` epochs of mini-batch SGD (``bplab.optim.SGD``) on ``problem``.

    Each epoch shuffles the rows once (``bplab.data.batches`` with one Generator, so every
    epoch has a new order) and takes one step per batch: ``ceil(N / B)`` steps.

    Parameters
    ----------
    problem : LineFit
    batch_size : int
        ``B`` in 1..N; ``B = N`` is full-batch gradient descent, ``B = 1`` classic SGD.
    lr : float
        Learning rate.
    epochs : int
        Passes over the data.
    start : (float, float)
        Initial ``(w, b)``.
    seed : int
        Seed of the shuffling.

    Returns
    -------
    MiniBatchRun
        Stops early, without raising, when the run diverges.
    """
    batch_size = _batch_size(batch_size, problem.n)
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    p = np.array(start, dtype=float)
    opt = SGD([p], lr=lr)
    rng = np.random.default_rng(seed)
    points, losses, examples = [p.copy()], [problem.loss(p)], [0]
    limit = 1e6 * max(losses[0], 1.0)
    for _ in range(int(epochs)):
        for xb, yb in batches(problem.x, problem.y, batch_size, seed=rng):
            opt.step([problem.grad(p, xb, yb)])
            loss = problem.loss(p)
            points.append(p.copy())
            losses.append(loss)
            examples.append(examples[-1] + len(xb))
            if not loss < limit:
                return MiniBatchRun(batch_size, np.array(points), np.array(losses),
                                    np.array(examples), len(losses) - 1)
    return MiniBatchRun(batch_size, np.array(points), np.array(losses), np.array(examples), None)


# ---- drawing ------------------------------------------------------------------------------
def _contours(ax, problem):
    (w0, w1), (b0, b1) = problem.bounds
    W, B = np.meshgrid(np.linspace(w0, w1, 121), np.linspace(b0, b1, 121))
    Z = problem.loss_grid(W, B) - problem.loss_min
    levels = problem.loss_grid(np.array(START[0]), np.array(START[1])) * np.geomspace(
        1e-3, 1.5, 10)
    ax.contourf(W, B, Z, levels=levels, cmap=LANDSCAPE_CMAP, extend="both", alpha=0.55)
    ax.contour(W, B, Z, levels=levels, colors=MUTED, linewidths=0.5)
    ax.plot(*problem.minimum, marker="*", ms=13, color=OKABE_ITO["vermillion"], zorder=5,
            ls="none", label="minimum")
    ax.plot(*START, marker="o", ms=6, color="black", zorder=5, ls="none")
    ax.set(xlim=(w0, w1), ylim=(b0, b1), xlabel="slope w", ylabel="intercept b")


def _fate(name, run, problem):
    """A note for a run the cost axis cannot show: diverged, or grown past its top."""
    if run.diverged_at is not None:
        return f"{name} diverged at step {run.diverged_at}"
    if run.losses[-1] - problem.loss_min > COST_YLIM[1]:
        return f"{name}: L − L* grows, {format_number(run.losses[-1] - problem.loss_min)}"
    return ""


def _excess(run, problem):
    """``L - L*`` with a floor, so a log axis can show a run that reached the minimum."""
    return np.maximum(run.losses - problem.loss_min, 1e-12)


def _plural(count, noun):
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _label(batch_size, n):
    if batch_size == n:
        return f"B = N = {n} (gradient descent)"
    if batch_size == 1:
        return "B = 1 (SGD)"
    return f"B = {batch_size}"


class MiniBatchComparison(Drawing):
    """A static figure of several runs: paths on the loss contours and loss against cost."""

    def __init__(self, ax, ax_cost, runs):
        super().__init__(ax)
        self.ax_cost, self.runs = ax_cost, runs

    def _summary(self):
        return ", ".join(f"B={r.batch_size}: {_plural(r.steps, 'step')}" for r in self.runs)


def plot_minibatch_runs(problem, runs, axes=None):
    """Draw runs of :func:`minibatch_sgd`: paths in the (w, b) plane and loss vs cost.

    Parameters
    ----------
    problem : LineFit
    runs : list of MiniBatchRun
    axes : (Axes, Axes), optional
        Where to draw; default a new 10 x 4 inch figure (shown as a PNG in a notebook).

    Returns
    -------
    MiniBatchComparison
    """
    if axes is None:
        fig = Figure(figsize=(10.0, 4.0))
        axes = fig.subplots(1, 2)
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.12, top=0.92, wspace=0.22)
    ax, ax_cost = axes
    _contours(ax, problem)
    for i, run in enumerate(runs):
        color = series_color(i)
        label = _label(run.batch_size, problem.n)
        path = finite_or_clipped(run.points, problem.bounds, margin=0.05)
        ax.plot(path[:, 0], path[:, 1], color=color, lw=1.2, label=label,
                marker="." if run.steps <= 40 else None, ms=5)
        ax_cost.plot(run.examples, _excess(run, problem), color=color, lw=1.5, label=label)
    ax.set_title("Paths from the same start (one epoch = N examples)", fontsize=10)
    ax.legend(loc="upper right", fontsize=8)
    ax_cost.set(yscale="log", xlabel="examples processed (cost)", ylabel="L − L*",
                title="Loss above its minimum against the work done")
    ax_cost.title.set_fontsize(10)
    ax_cost.grid(True, alpha=0.3)
    ax_cost.legend(fontsize=8)
    return MiniBatchComparison(ax, ax_cost, list(runs))


# ---- the explorer ---------------------------------------------------------------------------
class MiniBatchExplorer(Explorer):
    """Batch size against gradient noise and cost per step, on the line fit.

    Left: the path of mini-batch SGD (and, dashed, full-batch gradient descent with the same
    learning rate and the same number of epochs) on the loss contours. Middle: loss above its
    minimum against the number of example gradients computed. Right: 200 mini-batch
    gradients at the minimum, where the full gradient is zero, with the predicted spread.

    Parameters
    ----------
    problem : LineFit, optional
        Default ``LineFit(n=200)``.
    batch_size : int
    lr : float
    epochs : int
    seed : int

    Attributes
    ----------
    run, reference : MiniBatchRun
        The mini-batch run and the full-batch run on display.
    path, full_path, cost, full_cost, cloud : Line2D
        The artists redrawn in place; ``cloud`` holds the sampled gradients.
    ring : Circle
        Radius = the predicted noise size at this batch size.
    """

    question = ("With a budget of 3 epochs and lr = 0.05, which batch size ends closest to the "
                "minimum? Why does the B = 1 path never settle, and what does a smaller "
                "learning rate do to it?")

    def __init__(self, problem=None, batch_size=8, lr=0.05, epochs=3, seed=0):
        self.problem = problem or LineFit()
        n = self.problem.n
        options = sorted({b for b in (1, 2, 4, 8, 16, 32, 64, 128) if b < n} | {n})
        if batch_size not in options:
            raise ValueError(f"batch_size must be one of {options}, got {batch_size!r}")
        controls = {
            "batch_size": widgets.SelectionSlider(options=options, value=batch_size,
                                                  description="batch size B",
                                                  style={"description_width": "initial"}),
            "lr": log_slider("learning rate", lr, -3, 0, fmt=".3f"),
            "epochs": widgets.IntSlider(value=epochs, min=1, max=10,
                                        description="epochs",
                                        style={"description_width": "initial"}),
            "seed": widgets.IntSlider(value=seed, min=0, max=9, description="shuffle seed",
                                      style={"description_width": "initial"}),
        }
        fig = new_figure((9.0, 3.4))
        self.ax_path, self.ax_cost, self.ax_noise = fig.subplots(1, 3)
        fig.subplots_adjust(left=0.07, right=0.99, bottom=0.15, top=0.9, wspace=0.36)
        for ax in (self.ax_path, self.ax_cost, self.ax_noise):
            ax.tick_params(labelsize=8)
            ax.xaxis.label.set_size(8.5)
            ax.yaxis.label.set_size(8.5)
        self._build()
        super().__init__(controls, fig, self.question, columns=2)
        self.animate(self.path, self.full_path, self.path_title, self.cost,
                     self.full_cost, self.cost_title, self.note, self.cloud, self.ring,
                     self.noise_title)
        self.update()

    def _build(self):
        problem = self.problem
        _contours(self.ax_path, problem)
        blue, grey = OKABE_ITO["blue"], "black"
        (self.full_path,) = self.ax_path.plot([], [], color=grey, ls="--", lw=1.2, marker=".",
                                              label="B = N, same epochs")
        (self.path,) = self.ax_path.plot([], [], color=blue, lw=1.0, label="mini-batch")
        self.path_legend = self.ax_path.legend(loc="upper right", fontsize=7.5)
        self.path_title = self.ax_path.set_title("", fontsize=8.5)
        (self.full_cost,) = self.ax_cost.plot([], [], color=grey, ls="--", lw=1.2,
                                              label="B = N")
        (self.cost,) = self.ax_cost.plot([], [], color=blue, lw=1.2, label="mini-batch")
        self.ax_cost.set(yscale="log", xlabel="examples processed (cost)", ylabel="L − L*")
        self.ax_cost.grid(True, alpha=0.3)
        self.ax_cost.legend(loc="upper right", fontsize=7.5)
        self.cost_title = self.ax_cost.set_title("", fontsize=8.5)
        self.note = self.ax_cost.text(0.03, 0.04, "", transform=self.ax_cost.transAxes,
                                      fontsize=8, color=OKABE_ITO["vermillion"])
        widest = problem.gradient_samples(problem.minimum, 1, count=200, seed=0)
        reach = 1.15 * float(np.max(np.abs(widest)))
        (self.cloud,) = self.ax_noise.plot([], [], ".", ms=3, color=blue, alpha=0.6)
        self.ring = Circle((0.0, 0.0), 0.0, fill=False, ec=OKABE_ITO["vermillion"], lw=1.5)
        self.ax_noise.add_patch(self.ring)
        self.ax_noise.plot([0], [0], "+", ms=12, mew=2, color="black")
        self.ax_noise.set(xlim=(-reach, reach), ylim=(-reach, reach), aspect="equal",
                          xlabel="∂L/∂w of a batch", ylabel="∂L/∂b of a batch")
        self.ax_noise.xaxis.set_major_locator(MaxNLocator(5))
        self.noise_title = self.ax_noise.set_title("", fontsize=8.5)
        self.ax_noise.text(0.03, 0.96, "+ full gradient (0)\n○ predicted rms", va="top",
                           transform=self.ax_noise.transAxes, fontsize=8, color=MUTED)

    def draw(self):
        s, problem = self.state, self.problem
        B, n = s["batch_size"], problem.n
        self.run = minibatch_sgd(problem, B, s["lr"], s["epochs"], seed=s["seed"])
        self.reference = minibatch_sgd(problem, n, s["lr"], s["epochs"], seed=s["seed"])
        for line, run in ((self.path, self.run), (self.full_path, self.reference)):
            pts = finite_or_clipped(run.points, problem.bounds, margin=0.05)
            line.set_data(pts[:, 0], pts[:, 1])
        per_epoch = math.ceil(n / B)
        self.path_title.set_text(f"{_label(B, n)}: {_plural(per_epoch, 'step')}/epoch, "
                                 f"{_plural(self.run.steps, 'step')}")
        for line, run in ((self.cost, self.run), (self.full_cost, self.reference)):
            line.set_data(run.examples, _excess(run, problem))
        self._rescale_cost()
        self.cost_title.set_text(f"cost per step: {B} example{'s' if B > 1 else ''}")
        self.note.set_text("\n".join(filter(None, (_fate(name, run, problem) for name, run in (
            ("mini-batch", self.run), ("B = N", self.reference))))))
        samples = problem.gradient_samples(problem.minimum, B, count=200, seed=s["seed"])
        self.cloud.set_data(samples[:, 0], samples[:, 1])
        predicted = problem.noise_std(problem.minimum, B)
        measured = float(np.sqrt(np.sum(samples.var(axis=0))))
        measured = 0.0 if measured < 1e-9 else measured  # B = N: float round-off only
        self.ring.set_radius(predicted)
        self.noise_title.set_text(f"noise at the minimum: rms {measured:.2g}")
        final = "diverged" if self.run.diverged_at is not None else format_number(
            self.run.losses[-1] - problem.loss_min)
        self.readout.value = (
            f"B = {B}: {_plural(per_epoch, 'step')} per epoch, each costing {B} example gradient"
            f"{'s' if B > 1 else ''} &nbsp;·&nbsp; gradient noise at the minimum "
            f"{format_number(measured)} (predicted √(tr S / B · (N − B)/(N − 1)) = "
            f"{format_number(predicted)}) &nbsp;·&nbsp; final L − L* = {final}")

    def _rescale_cost(self):
        """x spans the budget (epochs x N); y stays at :data:`COST_YLIM`, so moves blit."""
        set_limits(self.ax_cost, xlim=(0, self.state["epochs"] * self.problem.n),
                   ylim=COST_YLIM)
