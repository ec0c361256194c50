"""The Newton vs gradient descent explorer: every control redraws both paths, none breaks it."""

import numpy as np
import pytest

from bplab import landscapes
from bplab.widgets.newton import DAMPINGS, LANDSCAPES, NewtonExplorer, hessian_summary, newton_path


@pytest.fixture(scope="module")
def explorer():
    return NewtonExplorer()


def test_newton_converges_in_one_step_on_a_quadratic():
    path = newton_path("quadratic", [2.0, -0.5], 3)
    np.testing.assert_allclose(path.points[1], [0.0, 0.0], atol=1e-12)
    assert path.losses[1] == pytest.approx(0.0, abs=1e-20)
    assert path.stopped_at is None


def test_plain_newton_finds_the_saddle_and_damping_the_minimum():
    plain = newton_path("saddle", [-2.0, 0.3], 30)
    np.testing.assert_allclose(plain.points[-1], [0.0, 0.0], atol=1e-8)
    damped = newton_path("saddle", [-2.0, 0.3], 30, damping=1.0)
    np.testing.assert_allclose(damped.points[-1], [0.0, 1.0], atol=1e-8)


def test_singular_hessian_stops_with_a_message():
    y = 1 / np.sqrt(3.0)  # saddle: f_yy = 3 y^2 - 1 = 0, f_xx = 1 -> singular
    path = newton_path("saddle", [0.0, y], 5)
    assert path.stopped_at == 1 and "singular" in path.message
    assert len(path.points) == 1


def test_hessian_summary_names_the_kind():
    assert "positive definite" in hessian_summary("quadratic", [1.0, 1.0])[1]
    assert "indefinite" in hessian_summary("saddle", [0.0, 0.0])[1]


def test_default_view_shows_both_paths(explorer):
    explorer.set_state(landscape="rosenbrock", x0=-1.2, y0=1.0, damping=0.0, steps=50, lr=1e-3)
    gd, nt = explorer.paths["GD"], explorer.paths["Newton"]
    assert len(gd.get_xdata()) == 51 and len(nt.get_xdata()) == 51
    assert (gd.get_xdata()[0], gd.get_ydata()[0]) == (-1.2, 1.0)
    assert explorer.curves["Newton"].get_ydata()[10] < 1e-10
    assert "rosenbrock" in explorer.ax_map.get_title()
    assert "within 1e-10 of the minimum from step" in explorer.readout.value


def test_every_landscape_redraws_contours(explorer):
    for name in LANDSCAPES:
        explorer.controls["landscape"].value = name
        assert explorer._drawn_landscape == name
        assert name in explorer.ax_map.get_title()
        np.testing.assert_allclose(explorer.minimum_marker.get_xdata(),
                                   landscapes.get(name).minima[:, 0])
        assert len(explorer.curves["GD"].get_ydata()) >= 1


@pytest.mark.parametrize("name", ["x0", "y0", "lr", "steps"])
def test_sliders_across_their_range_never_leave_a_blank_plot(explorer, name):
    explorer.set_state(landscape="rosenbrock", damping=0.0)
    slider = explorer.controls[name]
    for value in np.linspace(slider.min, slider.max, 5):
        value = int(value) if name == "steps" else float(value)
        slider.value = 10.0**value if name == "lr" else value
        for line in (*explorer.paths.values(), *explorer.curves.values()):
            assert len(line.get_xdata()) >= 1
            assert np.all(np.isfinite(line.get_ydata()))
        low, high = explorer.ax_loss.get_ylim()
        assert 0 < low < high


def test_damping_options_change_the_newton_path(explorer):
    explorer.set_state(landscape="saddle", x0=-2.0, y0=0.3, steps=50)
    ends = {}
    for d in DAMPINGS:
        explorer.controls["damping"].value = d
        ends[d] = explorer.paths["Newton"].get_ydata()[-1]
        assert f"damping λ = {d:g}" in explorer.ax_loss.get_title()
    assert abs(ends[0.0]) < 1e-6 and abs(ends[1.0] - 1.0) < 1e-6


def test_largest_gd_lr_diverges_and_is_reported(explorer):
    explorer.set_state(landscape="rosenbrock", x0=-1.2, y0=1.0, lr=1.0, steps=100)
    assert explorer.results["GD"].diverged
    assert "diverged" in explorer.readout.value
    assert len(explorer.paths["GD"].get_xdata()) >= 1


def test_state_round_trip(explorer):
    explorer.set_state(landscape="quadratic", x0=1.0, y0=-1.0, lr=0.1, damping=10.0, steps=7)
    saved = explorer.state
    explorer.set_state(landscape="saddle")
    explorer.set_state(saved)
    assert explorer.state == saved
    assert len(explorer.paths["Newton"].get_xdata()) == 8


def test_slider_moves_are_blitted_and_the_minimum_stays_on_top():
    ex = NewtonExplorer()
    canvas = ex.fig.canvas
    canvas.draw()
    requested = []
    canvas.draw_idle = lambda: requested.append(True)
    ex.controls["lr"].value = 2e-3  # same axes: only paths, curves and titles are redrawn
    ex.controls["damping"].value = 0.1
    assert requested == []
    assert ex.ax_loss.get_title() == "damping λ = 0.1, GD lr = 2.0e-03"
    assert ex.minimum_marker in ex._animated[-3:]  # drawn after the paths that pass over it
    ex.controls["steps"].value = 200
    assert requested == [True]  # a longer step axis: full redraw
    assert ex.curves["Newton"].get_markevery() == 8
    assert ex.ax_loss.get_legend() is None  # the map's legend names both curves
