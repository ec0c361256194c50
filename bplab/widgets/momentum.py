"""Momentum explorer: heavy-ball SGD on a quadratic, against its closed-form analysis.

After Goh, "Why Momentum Really Works" (Distill, 2017). On
:math:`f(w) = \\tfrac12 (\\lambda_1 w_1^2 + \\lambda_2 w_2^2)` with
:math:`\\lambda_1 = 1`, :math:`\\lambda_2 = \\kappa`, torch's momentum update

.. math::

    v_{k+1} = \\beta v_k + \\nabla f(w_k), \\qquad w_{k+1} = w_k - \\alpha v_{k+1}

acts on each eigen-direction as the linear map :math:`(v, w) \\mapsto M(\\lambda) (v, w)`,

.. math::

    M(\\lambda) = \\begin{pmatrix} \\beta & \\lambda \\\\ -\\alpha\\beta & 1 - \\alpha\\lambda
    \\end{pmatrix},

so the error shrinks like :math:`\\rho^k` with :math:`\\rho = \\max_\\lambda |\\text{eig}\\,
M(\\lambda)|`, the spectral radius. It is smallest at

.. math::

    \\alpha^* = \\Big(\\frac{2}{\\sqrt{\\lambda_1} + \\sqrt{\\lambda_2}}\\Big)^2, \\qquad
    \\beta^* = \\Big(\\frac{\\sqrt\\kappa - 1}{\\sqrt\\kappa + 1}\\Big)^2, \\qquad
    \\rho^* = \\frac{\\sqrt\\kappa - 1}{\\sqrt\\kappa + 1},

against :math:`(\\kappa - 1)/(\\kappa + 1)` for the best plain gradient descent. Critical
damping of the direction :math:`\\lambda` is :math:`\\beta = (1 - \\sqrt{\\alpha\\lambda})^2`:
less momentum and it creeps, more and it oscillates.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from bplab.widgets.base import Explorer, format_number, log_slider, new_figure, set_limits

__all__ = ["MomentumExplorer", "critical_beta", "on_alpha_grid", "optimal_momentum",
           "spectral_radius"]

_ALPHA_EXP = (-4.0, 0.4)
_ALPHA_STEP = 0.01  # exponent step of the α slider: 100 stops per decade
_BETA_STEP = 0.001
_DIST_LIMITS = (1e-12, 1e4)


def spectral_radius(alpha, beta, lam):
    """Spectral radius of the heavy-ball iteration matrix :math:`M(\\lambda)`.

    ``M`` has trace :math:`T = 1 + \\beta - \\alpha\\lambda` and determinant :math:`\\beta`,
    so its eigenvalues are :math:`(T \\pm \\sqrt{T^2 - 4\\beta}) / 2`; a complex pair has
    modulus :math:`\\sqrt\\beta`. Broadcasts over arrays.

    Parameters
    ----------
    alpha : float or ndarray
        Step size, >= 0.
    beta : float or ndarray
        Momentum, in [0, 1).
    lam : float or ndarray
        Curvature (an eigenvalue of the Hessian), > 0.
    """
    alpha, beta, lam = np.broadcast_arrays(*(np.asarray(v, dtype=float)
                                              for v in (alpha, beta, lam)))
    trace = 1.0 + beta - alpha * lam
    disc = trace * trace - 4.0 * beta
    root = np.sqrt(np.abs(disc))
    real = np.maximum(np.abs(trace + root), np.abs(trace - root)) / 2.0
    return np.where(disc >= 0, real, np.sqrt(beta))


def quadratic_rate(alpha, beta, kappa):
    """Rate on the quadratic with eigenvalues 1 and ``kappa``: the worse of the two."""
    return np.maximum(spectral_radius(alpha, beta, 1.0), spectral_radius(alpha, beta, kappa))


def optimal_momentum(kappa, lmin=1.0):
    """Distill's optimum ``(alpha*, beta*, rho*)`` for eigenvalues ``lmin`` and ``kappa*lmin``.

    Raises
    ------
    ValueError
        If ``kappa < 1`` or ``lmin <= 0``.
    """
    if not kappa >= 1:
        raise ValueError(f"kappa must be >= 1 (lmax / lmin), got {kappa!r}")
    if not lmin > 0:
        raise ValueError(f"lmin must be positive, got {lmin!r}")
    lmax = kappa * lmin
    root = np.sqrt(kappa)
    alpha = (2.0 / (np.sqrt(lmin) + np.sqrt(lmax))) ** 2
    return float(alpha), float(((root - 1) / (root + 1)) ** 2), float((root - 1) / (root + 1))


def critical_beta(alpha, lam):
    """Momentum that critically damps direction ``lam`` at step ``alpha``: (1 - sqrt(alpha lam))^2.

    Only meaningful for ``alpha * lam <= 1``; above that there is no real solution and 0
    is returned.
    """
    x = np.asarray(alpha, dtype=float) * lam
    return np.where(x <= 1.0, (1.0 - np.sqrt(np.minimum(x, 1.0))) ** 2, 0.0)


def measured_rate(distances):
    """Observed contraction per step over the second half of a run, or nan if too short.

    :math:`(d_K / d_{K/2})^{1/(K - K/2)}`, with ``d`` the distance to the minimum; steps
    after ``d`` underflows (< 1e-280) are left out.
    """
    d = np.asarray(distances, dtype=float)
    d = d[: np.argmax(d < 1e-280)] if np.any(d < 1e-280) else d
    if d.size < 4 or not np.all(np.isfinite(d)) or d[d.size // 2] == 0:
        return float("nan")
    half = d.size // 2
    return float((d[-1] / d[half]) ** (1.0 / (d.size - 1 - half)))


class MomentumExplorer(Explorer):
    """Step size, momentum and condition number on a quadratic, with the theory beside.

    Parameters
    ----------
    alpha, beta : float
        Initial step size and momentum (default: plain GD's best step 2 / (1 + κ), on the
        slider's grid, and no momentum).
    kappa : float
        Initial condition number, 1 to 1000.
    steps : int
        Initial number of steps, 10 to 500.
    goal : (float, float, int)
        ``(kappa, target, max_steps)``: at this condition number bring the distance to the
        minimum below ``target`` within ``max_steps`` steps.

    Attributes
    ----------
    run : bplab.optim.Trajectory
    path : bplab.viz.landscape.TrajectoryArtists
    distance, envelope, best : Line2D
        Measured distance to the minimum, :math:`\\rho^k d_0` for your setting, and
        :math:`\\rho^{*k} d_0` for the optimum.
    current, optimum : Line2D
        Markers on the rate map :math:`\\rho(\\alpha, \\beta)`.
    rates : dict
        ``{"theory", "measured", "optimal", "gd"}``: the numbers the readout shows.
    """

    def __init__(self, alpha=None, beta=0.0, kappa=100.0, steps=150, goal=(100.0, 1e-6, 100)):
        if not 1 <= kappa <= 1000:
            raise ValueError(f"kappa must be in [1, 1000], got {kappa!r}")
        self.goal = goal
        self._shown_kappa = None
        self._map_artists = []
        self.background = None
        alpha = on_alpha_grid(2.0 / (1.0 + kappa)) if alpha is None else alpha
        controls = {
            "alpha": log_slider("step size α", alpha, *_ALPHA_EXP, step=_ALPHA_STEP, fmt=".4g"),
            "beta": widgets.FloatSlider(beta, min=0.0, max=0.999, step=_BETA_STEP,
                                        readout_format=".3f", description="momentum β",
                                        style={"description_width": "initial"}),
            "kappa": log_slider("condition κ", kappa, 0.0, 3.0, fmt=".3g"),
            "steps": widgets.IntSlider(steps, min=10, max=500, step=10, description="steps"),
        }
        self.optimal_button = widgets.Button(description="use α*, β*",
                                             tooltip="set the closed-form optimum")
        self.optimal_button.on_click(lambda _: self.use_optimum())
        kg, target, max_steps = goal
        question = (f"With κ = {kg:g}, find α and β that bring w within {target:g} of the "
                    f"minimum in at most {max_steps} steps (plain gradient descent needs "
                    f"~{_gd_steps(kg, target)}). Then compare your α, β with the optimum.")
        super().__init__(controls, self._build_figure(), question, extra=[self.optimal_button])
        self.animate(*self.path.artists(), self.distance, self.envelope, self.best, self.stop,
                     self.current, self.note)
        self.update()

    def use_optimum(self):
        """Move the sliders to :func:`optimal_momentum` for the current condition number.

        The values are put on the sliders' own grid (the browser snaps a slider to it):
        α rounded *down*, because α* sits just below the edge of stability of the steep
        direction, :math:`\\alpha < 2 (1 + \\beta) / \\kappa`, and rounding it up can
        diverge; then the β of the grid near β* with the best rate at that α.
        """
        kappa = self.state["kappa"]
        alpha_opt, beta_opt, _ = optimal_momentum(kappa)
        alpha = on_alpha_grid(alpha_opt)
        near = np.round(beta_opt / _BETA_STEP) + np.arange(-30, 31)
        betas = np.clip(near, 0, round(0.999 / _BETA_STEP)) * _BETA_STEP
        beta = float(betas[np.argmin(quadratic_rate(alpha, betas, kappa))])
        self.invalidate()  # a full frame: a blitted one after a click can be lost in the browser
        self.set_state(alpha=alpha, beta=beta)

    def _build_figure(self):
        from bplab.viz.landscape import draw_trajectory
        from bplab.viz.palette import HIGHLIGHT, MUTED, optimizer_style

        fig = new_figure((9.4, 3.6), dpi=90)
        self.ax_path = fig.add_axes((0.045, 0.14, 0.30, 0.70))
        self.ax_dist = fig.add_axes((0.41, 0.14, 0.25, 0.70))
        self.ax_rate = fig.add_axes((0.73, 0.14, 0.25, 0.70))
        self.path = draw_trajectory(np.empty((0, 2)), ax=self.ax_path, name="Momentum")
        color = optimizer_style("Momentum")["color"]
        (self.distance,) = self.ax_dist.plot([], [], color=color, lw=1.8, label="measured")
        (self.stop,) = self.ax_dist.plot([], [], "X", color=color, ms=10, clip_on=False)
        (self.envelope,) = self.ax_dist.plot([], [], "--", color="black", lw=1,
                                             label=r"$\rho^k d_0$ (theory, your α, β)")
        (self.best,) = self.ax_dist.plot([], [], ":", color=MUTED, lw=1.5,
                                         label=r"$\rho^{*k} d_0$ (optimum)")
        self.target_line = self.ax_dist.axhline(self.goal[1], color="0.6", lw=0.8)
        self.note = self.ax_dist.text(0.03, 0.03, "", transform=self.ax_dist.transAxes,
                                      fontsize=8.5, va="bottom", ha="left",
                                      bbox={"fc": "white", "ec": "none", "alpha": 0.85})
        self.ax_dist.set(yscale="log", ylim=_DIST_LIMITS, xlabel="step",
                         title=r"distance to the minimum $\|w_k - w^*\|$")
        self.ax_dist.title.set_fontsize(10)
        self.ax_dist.legend(loc="upper right", fontsize=8, frameon=False)
        self.ax_dist.grid(True, alpha=0.3)
        (self.current,) = self.ax_rate.plot([], [], "o", ms=9, mfc="none", mec=HIGHLIGHT,
                                            mew=2.5, zorder=5, clip_on=False)
        (self.optimum,) = self.ax_rate.plot([], [], "*", ms=14, mfc="white", mec="black",
                                            zorder=5)
        self.ax_rate.set(xscale="log", xlim=(10 ** _ALPHA_EXP[0], 10 ** _ALPHA_EXP[1]),
                         ylim=(0, 1), xlabel="step size α", ylabel="momentum β")
        return fig

    # -- drawing -----------------------------------------------------------------------

    def draw(self):
        from bplab import landscapes
        from bplab.optim import registry, trajectory

        s = self.state
        alpha, beta, kappa, steps = s["alpha"], s["beta"], s["kappa"], s["steps"]
        if kappa != self._shown_kappa:
            self._show_kappa(kappa)
        land = landscapes.quadratic(kappa)
        self.run = run = trajectory(registry.make("Momentum", lr=alpha, momentum=beta), land,
                                    land.start, steps)
        self.path.update(run)
        d = np.hypot(run.points[:, 0], run.points[:, 1])
        k = np.arange(d.size)
        shown = np.clip(d, *_DIST_LIMITS)
        self.distance.set_data(k, shown)
        last = slice(-1, None) if run.diverged else slice(0, 0)
        self.stop.set_data(k[last], shown[last])
        theory = float(quadratic_rate(alpha, beta, kappa))
        ks = np.arange(steps + 1)
        with np.errstate(over="ignore", under="ignore"):
            self.envelope.set_data(ks, np.clip(d[0] * theory**ks, *_DIST_LIMITS))
            self.best.set_data(ks, np.clip(d[0] * self._optimum[2] ** ks, *_DIST_LIMITS))
        set_limits(self.ax_dist, xlim=(0, steps))
        self.current.set_data([alpha], [beta])
        self.rates = {"theory": theory, "measured": measured_rate(d) if not run.diverged
                      else float("nan"), "optimal": self._optimum[2],
                      "gd": (kappa - 1) / (kappa + 1)}
        self.note.set_text(self._note(run, d))
        self.readout.value = self._readout()

    def _note(self, run, d):
        if run.diverged:
            return f"diverged at step {run.diverged_at} (ρ = {self.rates['theory']:.3g} > 1)"
        hit = np.flatnonzero(d < self.goal[1])
        if hit.size:
            return f"below {self.goal[1]:g} at step {int(hit[0])}"
        return f"{format_number(d[-1])} after {run.steps} steps"

    def _show_kappa(self, kappa):
        """New condition number: contours, the rate map and the optimum are redrawn."""
        from bplab import landscapes
        from bplab.viz.landscape import draw_landscape
        from bplab.viz.palette import SEQUENTIAL_CMAP

        if self.background is not None:
            for artist in (self.background.filled, self.background.lines,
                           self.background.minima):
                if artist is not None:
                    artist.remove()
        for artist in self._map_artists:
            artist.remove()
        land = landscapes.quadratic(kappa)
        self.background = draw_landscape(land, ax=self.ax_path, n=120, levels=12,
                                         title=f"heavy ball on a quadratic, κ = {kappa:.3g}")
        self.path.bounds = land.bounds
        alphas = np.logspace(*_ALPHA_EXP, 160)
        betas = np.linspace(0.0, 0.999, 120)
        rho = quadratic_rate(alphas[None, :], betas[:, None], kappa)
        from matplotlib import colormaps

        cmap = colormaps[SEQUENTIAL_CMAP].with_extremes(over="0.88")
        vmin = max(0.0, 2.0 * optimal_momentum(kappa)[2] - 1.0)  # shades span rho* .. 1
        mesh = self.ax_rate.pcolormesh(alphas, betas, rho, cmap=cmap, vmin=vmin, vmax=1.0,
                                       shading="auto", rasterized=True, zorder=0)
        stable = self.ax_rate.contour(alphas, betas, rho, levels=[1.0], colors="0.4",
                                      linewidths=1.0, zorder=1)
        crit_alpha = alphas[alphas <= 1.0]
        (crit,) = self.ax_rate.plot(crit_alpha, critical_beta(crit_alpha, 1.0), color="white",
                                    lw=1.2, ls="--", zorder=2)
        self._optimum = optimal_momentum(kappa)
        a_opt, b_opt, r_opt = self._optimum
        self.optimum.set_data([a_opt], [b_opt])
        label = self.ax_rate.annotate(
            f"α* = {a_opt:.3g}\nβ* = {b_opt:.3g}\nρ* = {r_opt:.3g}", (a_opt, b_opt),
            xytext=(-8, 8), textcoords="offset points", ha="right", va="bottom", fontsize=8,
            color="white", zorder=6)
        edge = 3.0 / kappa  # alpha where beta = 0.5 stops converging: 2 (1 + beta) / kappa
        diverge = self.ax_rate.text(min(edge * 1.3, 10 ** _ALPHA_EXP[1]), 0.5,
                                    "diverges\n(ρ ≥ 1)", ha="left", va="center", fontsize=8,
                                    color="0.3", clip_on=True)
        self._map_artists = [mesh, stable, crit, label, diverge]
        self.ax_rate.set_title("rate ρ(α, β), darker is faster\n"
                               "dashed: critical damping of λ = 1", fontsize=9)
        self._shown_kappa = kappa
        self.invalidate()

    def _readout(self):
        r, s = self.rates, self.state
        a_opt, b_opt, _ = self._optimum
        measured = "—" if np.isnan(r["measured"]) else f"{r['measured']:.4f}"
        rows = [
            f"<b>Rate</b> (spectral radius of the momentum iteration): theory "
            f"ρ = {r['theory']:.4f}, measured {measured}; "
            f"{self.note.get_text()}.",
            f"<b>Optimum</b> for κ = {s['kappa']:.3g}: α* = {a_opt:.4g}, β* = {b_opt:.4f}, "
            f"ρ* = {r['optimal']:.4f} (best plain gradient descent: {r['gd']:.4f}). "
            f"Critical β for your α on λ = 1: {float(critical_beta(s['alpha'], 1.0)):.4f}.",
        ]
        step = self.goal_step()
        kg, target, max_steps = self.goal
        if step is not None:
            rows.append(f"<b>Goal reached</b>: within {target:g} at step {step} ✔")
        elif abs(s["kappa"] - kg) < 1e-9 * kg:
            rows.append(f"Goal: within {target:g} of the minimum in ≤ {max_steps} steps — "
                        "not yet.")
        return "<br>".join(rows)

    def goal_step(self):
        """First step within the goal's target, if the goal's κ is set and it is in budget."""
        kg, target, max_steps = self.goal
        if abs(self.state["kappa"] - kg) > 1e-9 * kg or self.run.diverged:
            return None
        d = np.hypot(self.run.points[: max_steps + 1, 0], self.run.points[: max_steps + 1, 1])
        hit = np.flatnonzero(d < target)
        return int(hit[0]) if hit.size else None


def on_alpha_grid(alpha):
    """The largest value of the explorer's α slider that is not above ``alpha``."""
    lo, hi = _ALPHA_EXP
    k = np.floor((np.log10(alpha) - lo) / _ALPHA_STEP + 1e-9)
    return float(10.0 ** np.clip(lo + k * _ALPHA_STEP, lo, hi))


def _gd_steps(kappa, target):
    """Steps plain GD at its best step 2/(1+kappa) needs to get the start below ``target``."""
    from bplab import landscapes

    d0 = float(np.hypot(*landscapes.quadratic(kappa).start))
    rate = (kappa - 1) / (kappa + 1)
    if rate == 0:
        return 1
    return int(np.ceil(np.log(target / d0) / np.log(rate)))
