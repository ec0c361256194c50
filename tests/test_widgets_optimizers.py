"""The optimizer explorer, driven from Python: every control, read back from the artists."""

import json

import numpy as np
import pytest

from bplab import landscapes
from bplab.optim import trajectory
from bplab.widgets.optimizers import OptimizerExplorer, available_optimizers, optimizer_factory


@pytest.fixture(scope="module")
def ex():
    return OptimizerExplorer()


@pytest.fixture(autouse=True)
def _defaults(ex):
    ex.set_state(landscape="rosenbrock", optimizers=["SGD", "Momentum", "Adam"], lr=10**-2.5,
                 momentum=0.9, beta1=0.9, steps=200, x0=-1.2, y0=1.0)


def drawn_path(ex, name):
    return np.column_stack(ex.paths[name].path.get_data())


def test_paths_and_curves_are_the_real_trajectories(ex):
    rb = landscapes.get("rosenbrock")
    for name in ("SGD", "Momentum", "Adam"):
        ref = trajectory(optimizer_factory(name, 10**-2.5, 0.9, 0.9), rb, (-1.2, 1.0), 200)
        assert not ref.diverged
        np.testing.assert_allclose(drawn_path(ex, name), ref.points)
        steps, gaps = ex.curves.lines[name].get_data()
        np.testing.assert_array_equal(steps, np.arange(201))
        np.testing.assert_allclose(gaps, np.maximum(ref.losses, 1e-16))
        assert ex.paths[name].end.get_xydata().tolist() == [ref.points[-1].tolist()]
        assert ex.paths[name].start.get_xydata().tolist() == [[-1.2, 1.0]]
        assert len(ex.paths[name].stop.get_xdata()) == 0
        assert ex.paths[name].note.get_text() == ""
    for hidden in set(available_optimizers()) - {"SGD", "Momentum", "Adam"}:
        assert len(ex.paths[hidden].path.get_xdata()) == 0
        assert len(ex.curves.lines[hidden].get_xdata()) == 0
    assert "Goal: Adam below 1e-06 within 1000 steps" in ex.readout.value


@pytest.mark.parametrize("exponent", np.linspace(-4, 0.5, 7))
def test_lr_across_its_range_never_blank_and_divergence_is_said(ex, exponent):
    ex.controls["lr"].value = 10.0**exponent
    for name in ("SGD", "Momentum", "Adam"):
        run = ex.runs[name]
        assert len(ex.paths[name].path.get_xdata()) >= 2
        assert len(ex.curves.lines[name].get_xdata()) >= 2
        if run.diverged:
            assert ex.paths[name].note.get_text() == f"{name} diverged at step {run.diverged_at}"
            assert len(ex.paths[name].stop.get_xdata()) == 1
            assert len(ex.paths[name].end.get_xdata()) == 0
            assert f"<b>{name}</b>: diverged at step" in ex.readout.value
        else:
            assert "diverged" not in ex.paths[name].note.get_text()
            assert len(ex.paths[name].end.get_xdata()) + len(ex.paths[name].stop.get_xdata()) == 1
    lo, hi = ex.ax_loss.get_ylim()
    for name in ex.runs:
        y = ex.curves.lines[name].get_ydata()
        assert np.all(np.isfinite(y)) and y.max() <= hi and y.min() >= lo


def test_largest_lr_diverges_sgd_and_says_where(ex):
    ex.controls["lr"].value = ex.controls["lr"].max
    assert ex.runs["SGD"].diverged
    assert ex.paths["SGD"].note.get_text().startswith("SGD diverged at step")
    x, y = ex.paths["SGD"].stop.get_data()
    (x0, x1), (y0, y1) = landscapes.get("rosenbrock").bounds
    assert x0 <= x[0] <= x1 and y0 <= y[0] <= y1  # marked on the edge, not off the plot


@pytest.mark.parametrize("key", ["momentum", "beta1"])
@pytest.mark.parametrize("value", [0.0, 0.5, 0.999])
def test_momentum_and_beta1_extremes(ex, key, value):
    ex.controls[key].value = value
    user = "Momentum" if key == "momentum" else "Adam"
    other = "Adam" if key == "momentum" else "Momentum"
    ref = trajectory(optimizer_factory(user, 10**-2.5, **{key: value}),
                     "rosenbrock", (-1.2, 1.0), 200)
    np.testing.assert_allclose(drawn_path(ex, user), ref.points)
    assert len(ex.paths[other].path.get_xdata()) == 201  # untouched by the other slider


@pytest.mark.parametrize("steps", [0, 10, 500, 1000])
def test_steps_sets_path_length_and_axis(ex, steps):
    ex.controls["steps"].value = steps
    for name in ("SGD", "Momentum", "Adam"):
        assert len(ex.paths[name].path.get_xdata()) == steps + 1
    assert ex.ax_loss.get_xlim()[1] >= max(steps, 1)
    assert f"after {steps} steps" in ex.readout.value


def test_play_animates_the_step_count(ex):
    ex.play.value = 50
    assert ex.controls["steps"].value == 50
    assert len(ex.paths["Adam"].path.get_xdata()) == 51
    ex.controls["steps"].value = 120
    assert ex.play.value == 120


@pytest.mark.parametrize("name", landscapes.NAMES)
def test_every_landscape_resets_start_and_background(ex, name):
    ex.controls["landscape"].value = name
    land = landscapes.get(name)
    assert ex.state["x0"] == pytest.approx(land.start[0])
    assert ex.state["y0"] == pytest.approx(land.start[1])
    assert (ex.controls["x0"].min, ex.controls["x0"].max) == land.bounds[0]
    assert ex.ax_map.get_xlim() == land.bounds[0]
    assert ex.ax_map.get_title().startswith(name)
    assert len(ex.ax_map.collections) == 2  # filled + lines: replaced, not stacked
    np.testing.assert_allclose(ex.background.minima.get_xydata(), land.minima)
    np.testing.assert_allclose(drawn_path(ex, "Adam")[0], land.start)


@pytest.mark.parametrize("edge", ["min", "max"])
def test_start_point_sliders_to_their_edges(ex, edge):
    for key in ("x0", "y0"):
        ex.controls[key].value = getattr(ex.controls[key], edge)
    start = [ex.state["x0"], ex.state["y0"]]
    for name in ("SGD", "Momentum", "Adam"):
        assert ex.paths[name].start.get_xydata().tolist() == [start]
        assert drawn_path(ex, name)[0].tolist() == start


def test_optimizer_selection_and_legend(ex):
    ex.controls["optimizers"].value = ()
    assert ex.readout.value == "Select at least one optimizer."
    assert all(len(a.path.get_xdata()) == 0 for a in ex.paths.values())
    everything = available_optimizers()
    ex.controls["optimizers"].value = everything
    labels = [t.get_text() for t in ex.ax_loss.get_legend().get_texts()]
    assert labels == list(everything)
    assert all(len(ex.paths[n].path.get_xdata()) > 1 for n in everything)


def test_goal_is_reachable_and_the_readout_says_so(ex):
    ex.set_state(lr=1.0, beta1=0.95, steps=1000)
    step = ex.goal_step()
    assert step is not None and step <= 1000
    assert ex.runs["Adam"].gaps[step] < 1e-6
    assert f"Goal reached</b>: Adam below 1e-06 at step {step}" in ex.readout.value


def test_state_round_trips_through_json(ex):
    ex.set_state(landscape="beale", lr=0.02, optimizers=["Adam"], x0=1.5, y0=-1.0)
    saved = json.dumps(ex.state)
    path = drawn_path(ex, "Adam").copy()
    ex.set_state(landscape="rosenbrock", lr=1e-3)
    ex.set_state(json.loads(saved))
    assert ex.state == json.loads(saved)
    np.testing.assert_array_equal(drawn_path(ex, "Adam"), path)


def test_blitted_frame_equals_a_full_redraw(ex):
    canvas = ex.fig.canvas
    canvas.draw()
    ex.controls["lr"].value = 4e-3
    assert ex._background is not None  # the update was blitted
    blitted = np.asarray(canvas.get_renderer().buffer_rgba()).copy()
    canvas.draw()
    full = np.asarray(canvas.get_renderer().buffer_rgba())
    assert np.mean(np.any(blitted != full, axis=-1)) < 1e-3


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="optimizers"):
        OptimizerExplorer(optimizers=("Adamm",))
    with pytest.raises(ValueError, match="landscape"):
        OptimizerExplorer(landscape="banana")
    with pytest.raises(ValueError, match="unknown optimizer 'Adamm'"):
        optimizer_factory("Adamm", 0.1)


def test_every_optimizer_at_zero_and_full_momentum(ex):
    ex.controls["optimizers"].value = available_optimizers()
    for value in (0.0, 0.999):
        ex.set_state(momentum=value, beta1=value, lr=0.01)
        for name in available_optimizers():
            assert len(ex.paths[name].path.get_xdata()) >= 2, name
    ex.set_state(momentum=0.0)  # Nesterov at momentum 0 is plain SGD, not an error
    np.testing.assert_array_equal(drawn_path(ex, "Nesterov"), drawn_path(ex, "SGD"))


def test_sliders_no_selected_optimizer_reads_are_greyed_out():
    ex = OptimizerExplorer(optimizers=("SGD",), steps=20)
    assert ex.controls["momentum"].disabled and ex.controls["beta1"].disabled
    ex.controls["optimizers"].value = ("SGD", "Momentum")
    assert not ex.controls["momentum"].disabled and ex.controls["beta1"].disabled
    ex.controls["optimizers"].value = ("Adam",)
    assert ex.controls["momentum"].disabled and not ex.controls["beta1"].disabled
