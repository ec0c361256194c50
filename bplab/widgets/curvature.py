"""Curvature and gradient descent: the Hessian's eigenvalues set how fast GD converges.

On the quadratic :math:`f(x) = \\tfrac12 x^\\top H x` with eigenpairs
:math:`(\\lambda_i, u_i)`, one gradient step :math:`x \\leftarrow x - \\eta H x` multiplies the
error's component :math:`c_i = u_i^\\top x` by :math:`1 - \\eta \\lambda_i`:

.. math:: c_i(k) = (1 - \\eta \\lambda_i)^k\\, c_i(0), \\qquad
          \\rho(\\eta) = \\max_i |1 - \\eta \\lambda_i| .

GD is stable only for :math:`\\eta < 2 / \\lambda_{max}`; the best rate, at
:math:`\\eta^* = 2 / (\\lambda_{min} + \\lambda_{max})`, is
:math:`\\rho^* = (\\kappa - 1) / (\\kappa + 1)` with the condition number
:math:`\\kappa = \\lambda_{max} / \\lambda_{min}`. Reducing the error by a factor
:math:`\\varepsilon` then takes about :math:`\\tfrac{\\kappa}{2} \\ln(1/\\varepsilon)` steps.
"""

import math

import ipywidgets as widgets
import numpy as np

from bplab import landscapes
from bplab.viz.palette import MUTED, OKABE_ITO
from bplab.widgets.base import (
    Explorer,
    decade_limits,
    finite_or_clipped,
    log_slider,
    new_figure,
    set_limits,
)

__all__ = ["CurvatureExplorer", "QuadraticGD", "gd_on_quadratic", "optimal_lr",
           "steps_to_tolerance"]

EIGEN_COLORS = (OKABE_ITO["blue"], OKABE_ITO["vermillion"])
BLOW_UP = 1e8


class QuadraticGD:
    """Gradient descent on :math:`\\tfrac12 x^\\top H x`, with the error along each eigenvector.

    Attributes
    ----------
    points : ndarray, shape (n + 1, 2)
        The iterates (the run stops early once the error exceeds ``1e8`` times the start).
    losses : ndarray, shape (n + 1,)
    components : ndarray, shape (n + 1, 2)
        :math:`|u_i^\\top x_k|`, the error along each eigenvector (smallest eigenvalue first).
    predicted : ndarray, shape (n + 1, 2)
        :math:`|1 - \\eta\\lambda_i|^k\\,|u_i^\\top x_0|`, the closed form.
    eigenvalues : ndarray, shape (2,)
    eigenvectors : ndarray, shape (2, 2)
        Columns :math:`u_i`.
    rates : ndarray, shape (2,)
        :math:`|1 - \\eta\\lambda_i|`.
    diverged_at : int or None
    """

    def __init__(self, points, H, lr, diverged_at):
        self.points = points
        self.eigenvalues, self.eigenvectors = np.linalg.eigh(H)
        self.lr = lr
        self.losses = 0.5 * np.einsum("ki,ij,kj->k", points, H, points)
        self.components = np.abs(points @ self.eigenvectors)
        self.rates = np.abs(1.0 - lr * self.eigenvalues)
        k = np.arange(len(points))[:, None]
        with np.errstate(over="ignore", divide="ignore"):
            self.predicted = self.rates[None, :] ** k * self.components[0][None, :]
        self.diverged_at = diverged_at

    @property
    def rate(self):
        """The worst shrink factor per step, :math:`\\rho = \\max_i |1 - \\eta\\lambda_i|`."""
        return float(self.rates.max())

    @property
    def steps(self):
        return len(self.points) - 1

    def __repr__(self):
        end = "diverged" if self.diverged_at is not None else f"loss {self.losses[-1]:.3g}"
        return f"QuadraticGD(steps={self.steps}, rate={self.rate:.4g}, {end})"


def gd_on_quadratic(H, x0, lr, steps):
    """Run ``steps`` steps of :math:`x \\leftarrow x - \\eta H x` from ``x0``.

    Parameters
    ----------
    H : array_like, shape (2, 2)
        Symmetric positive definite.
    x0 : array_like, shape (2,)
    lr : float
        The step size :math:`\\eta > 0`.
    steps : int

    Returns
    -------
    QuadraticGD
        Never raises on divergence: the run stops once the error grew ``1e8``-fold.
    """
    H = np.asarray(H, dtype=float)
    if H.shape != (2, 2) or not np.allclose(H, H.T):
        raise ValueError(f"H must be a symmetric 2x2 matrix, got {H!r}")
    if not (isinstance(lr, (int, float)) and lr > 0):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if not (isinstance(steps, (int, np.integer)) and steps >= 1):
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    x = np.array(x0, dtype=float)
    limit = BLOW_UP * max(np.linalg.norm(x), 1e-300)
    points, diverged_at = [x.copy()], None
    for k in range(1, steps + 1):
        x = x - lr * (H @ x)
        points.append(x.copy())
        if np.linalg.norm(x) > limit:
            diverged_at = k
            break
    return QuadraticGD(np.array(points), H, float(lr), diverged_at)


def optimal_lr(eigenvalues):
    """The best fixed step, :math:`\\eta^* = 2 / (\\lambda_{min} + \\lambda_{max})`."""
    eig = np.asarray(eigenvalues, dtype=float)
    return 2.0 / (eig.min() + eig.max())


def steps_to_tolerance(rate, tol=1e-6):
    """Steps until :math:`\\rho^k \\le` ``tol``: :math:`\\lceil \\ln tol / \\ln \\rho \\rceil`.

    Infinite if :math:`\\rho \\ge 1`, one step if :math:`\\rho = 0`.
    """
    if rate >= 1:
        return math.inf
    if rate <= 0:
        return 1
    return math.ceil(math.log(tol) / math.log(rate) - 1e-9)


class CurvatureExplorer(Explorer):
    """Gradient descent on a 2-D quadratic whose Hessian you choose.

    Controls: ``kappa`` (condition number; eigenvalues 1 and kappa), ``angle`` (degrees the
    eigenvectors are rotated from the axes), ``lr`` given as :math:`\\eta \\lambda_{max}`
    (stable below 2), and ``steps``. Left: contours, the GD path and the two eigenvectors.
    Right: the error along each eigenvector per step, measured (dots) and predicted by
    :math:`|1 - \\eta\\lambda_i|^k` (lines), on a log scale.

    Attributes
    ----------
    run : QuadraticGD
    path : Line2D
    measured, predicted : list of Line2D
        One per eigenvector, smallest eigenvalue first.
    arrows : list of Line2D
        The eigenvector directions on the contour plot.
    labels : list of Text
        Each eigenvalue and its factor :math:`|1 - \\eta\\lambda_i|`, in its line's colour.

    The contours and arrows change only with ``kappa`` and ``angle``; every other change
    is blitted (the error axis keeps whole-decade limits).
    """

    question = ("With kappa = 100, move lr × λ_max until the two eigenvectors' errors shrink "
                "equally fast: which value is that, and how many steps does it need to reach an "
                "error below 1e-6 (the readout checks you)? Double kappa: how does the number "
                "of steps change? What happens just above lr × λ_max = 2?")

    def __init__(self, kappa=10.0, angle=30, lr=1.0, steps=60, x0=(-4.0, 2.0)):
        self.x0 = np.array(x0, dtype=float)
        controls = {
            "kappa": log_slider("condition number κ", kappa, 0, 3, fmt=".3g"),
            "angle": widgets.IntSlider(value=angle, min=0, max=90, step=5,
                                       description="rotation (°)"),
            "lr": widgets.FloatSlider(value=lr, min=0.05, max=2.2, step=0.01,
                                      description="lr × λ_max", readout_format=".2f"),
            "steps": widgets.IntSlider(value=steps, min=1, max=300, description="steps"),
        }
        fig = new_figure(figsize=(9.5, 4.2))
        self.ax_map, self.ax_err = fig.subplots(1, 2)
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.13, top=0.86, wspace=0.28)
        self._contours = None
        self._drawn = None
        self.path = self.ax_map.plot([], [], "o-", ms=2.5, lw=1.2, color=OKABE_ITO["black"],
                                     label="gradient descent")[0]
        self.arrows = [self.ax_map.plot([], [], lw=2.5, color=c, label=f"eigenvector {i + 1}")[0]
                       for i, c in enumerate(EIGEN_COLORS)]
        self.ax_map.plot([0], [0], "*", color=OKABE_ITO["orange"], ms=12, label="minimum")
        self.ax_map.set(xlim=(-5, 5), ylim=(-3, 3), xlabel="x", ylabel="y")
        self.ax_map.set_aspect("equal", adjustable="box")
        self.ax_map.legend(loc="lower right", fontsize=7, framealpha=0.9)
        self.measured = [self.ax_err.plot([], [], "o", ms=3, color=c)[0] for c in EIGEN_COLORS]
        self.predicted = [self.ax_err.plot([], [], "-", lw=1.5, color=c)[0]
                          for c in EIGEN_COLORS]
        self.ax_err.set_yscale("log")
        self.ax_err.set_xlabel("step k")
        self.ax_err.set_ylabel(r"error along eigenvector $|u_i^\top x_k|$")
        self.note = self.ax_err.text(0.03, 0.80, "", transform=self.ax_err.transAxes, fontsize=9,
                                     va="top", color=OKABE_ITO["vermillion"])
        self.labels = [self.ax_err.text(0.97, 0.95 - 0.07 * i, "", transform=self.ax_err.transAxes,
                                        ha="right", va="top", fontsize=8, color=c)
                       for i, c in enumerate(EIGEN_COLORS)]
        self.ax_map.set_title(" ", fontsize=10)
        self.ax_err.set_title(" ", fontsize=10)
        self.run = None
        super().__init__(controls, fig, self.question, columns=2)
        self.animate(self.path, *self.measured, *self.predicted, *self.labels, self.note,
                     self.ax_err.title)
        self.update()

    def hessian(self):
        """The Hessian of the current quadratic (eigenvalues 1 and kappa)."""
        s = self.state
        land = landscapes.quadratic(s["kappa"], math.radians(s["angle"]))
        return land.hessian(np.zeros(2)), land

    def draw(self):
        s = self.state
        H, land = self.hessian()
        self._draw_contours(land)
        lam_max = float(np.linalg.eigvalsh(H).max())
        run = gd_on_quadratic(H, self.x0, s["lr"] / lam_max, s["steps"])
        self.run = run
        shown = finite_or_clipped(run.points, land.bounds, margin=0.0)
        self.path.set_data(shown[:, 0], shown[:, 1])
        k = np.arange(run.steps + 1)
        floor = 1e-12
        for i in range(2):
            self.measured[i].set_data(k, np.maximum(run.components[:, i], floor))
            self.predicted[i].set_data(k, np.clip(run.predicted[:, i], floor, 1e12))
            self.labels[i].set_text(f"λ = {run.eigenvalues[i]:.3g}: |1 − ηλ| = {run.rates[i]:.3f}")
        ys = np.concatenate([line.get_ydata() for line in self.measured + self.predicted])
        low, high = decade_limits(ys, floor=floor)
        set_limits(self.ax_err, xlim=(0, max(s["steps"], 1)),
                   ylim=(low, min(max(high, 10.0), 1e13)))
        self.note.set_text(_warning(run))
        kappa = run.eigenvalues[1] / run.eigenvalues[0]
        best = optimal_lr(run.eigenvalues) * lam_max
        self.ax_map.title.set_text(f"κ = {kappa:.3g}, rotated {s['angle']}°")
        self.ax_err.title.set_text(f"η = {run.lr:.3g}: rate ρ = max|1 − ηλ| = {run.rate:.4f}")
        needed = steps_to_tolerance(run.rate)
        best_needed = steps_to_tolerance((kappa - 1) / (kappa + 1))
        self.readout.value = (
            f"ρ = {run.rate:.4f}: error below 1e-6 {_after(needed)}. "
            f"Best: lr × λ_max = 2κ/(κ+1) = {best:.3f}, ρ* = (κ−1)/(κ+1) = "
            f"{(kappa - 1) / (kappa + 1):.4f}, {_after(best_needed)}.")

    def _draw_contours(self, land):
        """Contours and eigenvector arrows, redrawn (a full redraw) only for a new quadratic."""
        key = (land.params["condition_number"], land.params["angle"])
        if self._drawn == key:
            return
        if self._contours is not None:
            self._contours.remove()
        X, Y, Z = land.grid(100)
        self._contours = self.ax_map.contour(X, Y, Z, levels=land.levels(14), colors=MUTED,
                                             linewidths=0.6)
        _, eigenvectors = np.linalg.eigh(land.hessian(np.zeros(2)))
        for i, arrow in enumerate(self.arrows):
            u = eigenvectors[:, i] * 2.5
            arrow.set_data([-u[0], u[0]], [-u[1], u[1]])
        self._drawn = key


def _after(steps):
    if steps == math.inf:
        return "never (ρ ≥ 1)"
    return f"after {steps} step{'s' if steps != 1 else ''}"


def _warning(run):
    """What went wrong, in words, for a run whose rate is not below 1."""
    if run.diverged_at is not None:
        return f"diverged at step {run.diverged_at}: lr × λ_max > 2"
    if run.rate > 1:
        return "ρ > 1: the steep direction grows"
    if run.rate == 1:
        return "ρ = 1: one direction never shrinks"
    return ""
