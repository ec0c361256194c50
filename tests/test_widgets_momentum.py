"""The momentum explorer: closed-form rates against numpy, and every control on the figure."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bplab import landscapes
from bplab.optim import SGD, trajectory
from bplab.widgets.momentum import (
    MomentumExplorer,
    critical_beta,
    measured_rate,
    on_alpha_grid,
    optimal_momentum,
    quadratic_rate,
    spectral_radius,
)


@given(alpha=st.floats(1e-4, 3.0), beta=st.floats(0.0, 0.999), lam=st.floats(1e-2, 1e3))
@settings(max_examples=200, deadline=None)
def test_spectral_radius_matches_the_eigenvalues_of_the_iteration_matrix(alpha, beta, lam):
    matrix = np.array([[beta, lam], [-alpha * beta, 1.0 - alpha * lam]])
    expected = np.abs(np.linalg.eigvals(matrix)).max()
    assert spectral_radius(alpha, beta, lam) == pytest.approx(expected, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("kappa", [1.0, 10.0, 100.0, 1000.0])
def test_closed_form_optimum_is_the_best_rate(kappa):
    alpha, beta, rho = optimal_momentum(kappa)
    assert quadratic_rate(alpha, beta, kappa) == pytest.approx(rho, abs=1e-6)
    alphas, betas = np.meshgrid(alpha * np.linspace(0.5, 1.5, 41), np.linspace(0, 0.999, 41))
    assert quadratic_rate(alphas, betas, kappa).min() >= rho - 1e-9
    gd = quadratic_rate(2 / (1 + kappa), 0.0, kappa)
    assert gd == pytest.approx((kappa - 1) / (kappa + 1))


def test_critical_damping_and_validation():
    assert critical_beta(0.25, 1.0) == pytest.approx(0.25)
    assert critical_beta(4.0, 1.0) == 0.0
    # at critical damping the two eigenvalues coincide: |eig| = sqrt(beta)
    assert spectral_radius(0.25, 0.25, 1.0) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="kappa"):
        optimal_momentum(0.5)
    with pytest.raises(ValueError, match="kappa"):
        MomentumExplorer(kappa=5000)


def test_measured_rate_of_a_geometric_sequence():
    assert measured_rate(3.0 * 0.9 ** np.arange(50)) == pytest.approx(0.9)
    assert np.isnan(measured_rate([1.0, 0.5]))


@pytest.fixture(scope="module")
def ex():
    return MomentumExplorer()


@pytest.fixture(autouse=True)
def _defaults(ex):
    ex.set_state(alpha=0.02, beta=0.0, kappa=100.0, steps=150)


def test_path_is_torch_momentum_sgd(ex):
    ex.set_state(alpha=0.01, beta=0.5, kappa=10.0)
    land = landscapes.quadratic(10.0)
    ref = trajectory(lambda ps: SGD(ps, lr=0.01, momentum=0.5), land, land.start, 150)
    np.testing.assert_allclose(np.column_stack(ex.path.path.get_data()), ref.points)
    k, d = ex.distance.get_data()
    np.testing.assert_allclose(d, np.hypot(*ref.points.T))
    rate = ex.rates["theory"]
    assert rate == pytest.approx(quadratic_rate(0.01, 0.5, 10.0))
    assert ex.rates["measured"] == pytest.approx(rate, abs=5e-3)
    assert f"theory ρ = {rate:.4f}" in ex.readout.value
    np.testing.assert_allclose(ex.envelope.get_ydata()[:5], d[0] * rate ** np.arange(5))


@pytest.mark.parametrize("exponent", np.linspace(-4, 0.4, 7))
@pytest.mark.parametrize("beta", [0.0, 0.5, 0.999])
def test_alpha_and_beta_across_their_ranges(ex, exponent, beta):
    alpha = 10.0**exponent
    ex.set_state(alpha=alpha, beta=beta)
    assert ex.current.get_xydata().tolist() == [[pytest.approx(alpha), pytest.approx(beta)]]
    assert len(ex.path.path.get_xdata()) >= 2
    assert len(ex.distance.get_xdata()) >= 2
    lo, hi = ex.ax_dist.get_ylim()
    assert np.all((ex.distance.get_ydata() >= lo) & (ex.distance.get_ydata() <= hi))
    if ex.run.diverged:
        assert ex.note.get_text().startswith(f"diverged at step {ex.run.diverged_at}")
        assert ex.rates["theory"] > 1
        assert len(ex.stop.get_xdata()) == 1
        assert "measured —" in ex.readout.value
    else:
        assert "diverged" not in ex.note.get_text()
        assert len(ex.stop.get_xdata()) == 0


def test_largest_step_diverges_and_says_so(ex):
    ex.set_state(alpha=ex.controls["alpha"].max, beta=0.999)
    assert ex.run.diverged
    assert "diverged at step" in ex.note.get_text()
    assert ex.path.note.get_text().startswith("Momentum diverged at step")


@pytest.mark.parametrize("kappa", [1.0, 10.0, 1000.0])
def test_condition_number_moves_the_optimum_and_contours(ex, kappa):
    ex.controls["kappa"].value = kappa
    alpha, beta, rho = optimal_momentum(kappa)
    assert ex.optimum.get_xydata().tolist() == [[pytest.approx(alpha), pytest.approx(beta)]]
    assert f"κ = {kappa:.3g}" in ex.ax_path.get_title()
    assert f"ρ* = {rho:.4f}" in ex.readout.value
    assert len(ex.ax_rate.collections) == 2  # the rate map and its rho = 1 contour, replaced
    best = ex.best.get_ydata()
    assert best[1] == pytest.approx(max(best[0] * rho, 1e-12))


@pytest.mark.parametrize("steps", [10, 500])
def test_steps(ex, steps):
    ex.controls["steps"].value = steps
    assert ex.ax_dist.get_xlim() == (0, steps)
    assert len(ex.envelope.get_xdata()) == steps + 1


def test_optimum_button_reaches_the_goal(ex):
    ex.optimal_button.click()
    alpha, beta, rho = optimal_momentum(100.0)
    assert alpha / 1.03 < ex.state["alpha"] <= alpha
    assert ex.state["beta"] == pytest.approx(beta, abs=0.02)
    assert rho <= ex.rates["theory"] < rho + 0.01
    step = ex.goal_step()
    assert step is not None and step <= 100
    assert f"Goal reached</b>: within 1e-06 at step {step}" in ex.readout.value


def test_plain_gradient_descent_misses_the_goal(ex):
    ex.set_state(alpha=2 / 101, beta=0.0, steps=100)
    assert ex.goal_step() is None
    assert "not yet" in ex.readout.value
    assert "~764" in ex.question


def on_slider_grid(value, lo, step):
    k = (np.log10(value) - lo) / step
    return abs(k - round(k)) < 1e-6


@pytest.mark.parametrize("exponent", np.arange(0.0, 3.0001, 0.05))
def test_optimum_button_stays_on_the_slider_grid_and_converges(ex, exponent):
    """The browser snaps sliders to their grid; rounding α* up would diverge at large κ."""
    ex.controls["kappa"].value = 10.0**exponent
    ex.optimal_button.click()
    slider = ex.controls["alpha"]
    assert on_slider_grid(ex.state["alpha"], slider.min, slider.step)
    assert ex.state["beta"] / ex.controls["beta"].step == pytest.approx(
        round(ex.state["beta"] / ex.controls["beta"].step))
    assert not ex.run.diverged
    assert ex.rates["theory"] < optimal_momentum(10.0**exponent)[2] + 0.02


@pytest.mark.parametrize("kappa", [1.0, 10.0, 100.0, 1000.0])
def test_default_step_is_gradient_descents_best_on_the_grid(kappa):
    explorer = MomentumExplorer(kappa=kappa)
    alpha = explorer.state["alpha"]
    assert alpha == on_alpha_grid(alpha) <= 2 / (1 + kappa) < alpha * 1.03
    assert not explorer.run.diverged


def test_optimum_button_asks_for_a_full_redraw(ex, monkeypatch):
    """A blitted frame right after a button click can be lost in the browser: draw in full."""
    ex.fig.canvas.draw()                       # caches the background: the next update could blit
    ex.set_state(beta=0.5)
    calls = []
    monkeypatch.setattr(ex.fig.canvas, "draw_idle", lambda: calls.append("full"))
    ex.optimal_button.click()
    assert calls == ["full"]
