"""The mini-batch explorer and the line-fit problem behind notebook 03."""

import json
import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from bplab.widgets.minibatch import (
    LineFit,
    MiniBatchExplorer,
    minibatch_sgd,
    plot_minibatch_runs,
)


@pytest.fixture(scope="module")
def problem():
    return LineFit(n=200)


@pytest.fixture(scope="module")
def explorer(problem):
    return MiniBatchExplorer(problem)


def test_minimum_is_where_the_full_gradient_vanishes(problem):
    assert np.allclose(problem.grad(problem.minimum), 0.0, atol=1e-10)
    W, B = np.meshgrid([-1.0, 0.3], [0.5, 2.0])
    grid = problem.loss_grid(W, B)
    assert grid[0, 1] == pytest.approx(problem.loss(np.array([0.3, 0.5])))


def test_batch_gradient_is_unbiased_and_its_noise_matches_the_formula(problem):
    p = np.array([0.5, 0.4])
    for B in (1, 8, 64):
        samples = problem.gradient_samples(p, B, count=4000, seed=1)
        spread = problem.noise_std(p, B)
        assert np.allclose(samples.mean(axis=0), problem.grad(p), atol=4 * spread / 60)
        assert math.sqrt(np.sum(samples.var(axis=0))) == pytest.approx(spread, rel=0.06)
    full = problem.gradient_samples(p, problem.n, count=5)
    assert problem.noise_std(p, problem.n) == 0.0
    assert np.allclose(full, problem.grad(p))


def test_run_costs_b_examples_per_step_and_n_per_epoch(problem):
    run = minibatch_sgd(problem, 64, lr=0.05, epochs=2)
    assert run.steps == 2 * 4 and run.diverged_at is None
    assert run.examples[-1] == 2 * problem.n
    assert np.all(np.diff(run.examples)[:3] == 64)
    assert run.losses[0] == pytest.approx(problem.loss(np.array([-1.0, 1.5])))
    gd = minibatch_sgd(problem, problem.n, lr=0.1, epochs=50)
    assert gd.losses[-1] < gd.losses[0] and np.all(np.diff(gd.losses) <= 1e-12)


def test_run_is_seeded_and_stops_on_divergence(problem):
    a = minibatch_sgd(problem, 4, lr=0.02, epochs=1, seed=3)
    b = minibatch_sgd(problem, 4, lr=0.02, epochs=1, seed=3)
    assert np.array_equal(a.points, b.points)
    blown = minibatch_sgd(problem, problem.n, lr=1.0, epochs=100)
    assert blown.diverged_at is not None and blown.steps == blown.diverged_at


def test_bad_arguments_are_named(problem):
    with pytest.raises(ValueError, match="batch_size"):
        minibatch_sgd(problem, 0, 0.1, 1)
    with pytest.raises(TypeError, match="batch_size"):
        minibatch_sgd(problem, 2.5, 0.1, 1)
    with pytest.raises(ValueError, match="epochs"):
        minibatch_sgd(problem, 2, 0.1, 0)
    with pytest.raises(ValueError, match="batch_size must be one of"):
        MiniBatchExplorer(problem, batch_size=3)


def test_every_batch_size_redraws_path_cost_and_noise(explorer, problem):
    sizes = []
    for B in explorer.controls["batch_size"].options:
        explorer.controls["batch_size"].value = B
        xs, ys = explorer.path.get_data()
        assert len(xs) == explorer.run.steps + 1 == explorer.state["epochs"] * math.ceil(
            problem.n / B) + 1
        assert explorer.cost.get_xdata()[-1] == explorer.state["epochs"] * problem.n
        title = explorer.path_title.get_text()
        assert title.startswith("B = ") and f"{B}" in title.split(":")[0]
        assert f"cost per step: {B} example" in explorer.cost_title.get_text()
        assert explorer.ring.get_radius() == pytest.approx(problem.noise_std(problem.minimum, B))
        sizes.append(explorer.ring.get_radius())
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] == 0.0
    assert "rms 0" in explorer.noise_title.get_text()


def test_lr_across_its_range_never_blanks_the_plot(explorer):
    explorer.set_state(batch_size=8, epochs=3)
    for lr in np.geomspace(1e-3, 1.0, 7):
        explorer.controls["lr"].value = float(lr)
        assert len(explorer.path.get_xdata()) >= 2
        assert len(explorer.cost.get_xdata()) >= 2
        lo, hi = explorer.ax_cost.get_ylim()
        assert 0 < lo < hi < 1e9
    assert "diverged at step" in explorer.note.get_text()
    explorer.controls["lr"].value = 0.01
    assert explorer.note.get_text() == ""


def test_epochs_and_seed_sliders(explorer):
    explorer.set_state(batch_size=32, lr=0.05)
    for epochs in range(1, 11, 3):
        explorer.controls["epochs"].value = epochs
        assert explorer.run.steps == epochs * 7
    first = explorer.path.get_xdata().copy()
    explorer.controls["seed"].value = 5
    assert not np.array_equal(first, explorer.path.get_xdata())
    assert explorer.controls["seed"].max == 9


def test_smaller_batches_get_further_per_epoch_but_stay_noisy(explorer, problem):
    explorer.set_state(batch_size=problem.n, lr=0.05, epochs=3, seed=0)
    gd = explorer.run.losses[-1]
    explorer.set_state(batch_size=16)
    assert explorer.run.losses[-1] < gd
    assert "final L − L*" in explorer.readout.value


def test_state_round_trips_and_static_figure(explorer, problem):
    explorer.set_state(batch_size=4, lr=0.02, epochs=2, seed=1)
    other = MiniBatchExplorer(problem)
    other.set_state(json.loads(json.dumps(explorer.state)))
    assert np.array_equal(other.path.get_xdata(), explorer.path.get_xdata())
    runs = [minibatch_sgd(problem, b, 0.05, 1) for b in (1, problem.n)]
    drawing = plot_minibatch_runs(problem, runs)
    assert isinstance(drawing.figure, Figure)
    assert repr(drawing) == "<MiniBatchComparison: B=1: 200 steps, B=200: 1 step>"
    assert drawing._repr_png_().startswith(b"\x89PNG")


@pytest.mark.parametrize(("name", "value"), [("lr", 0.2), ("seed", 4), ("batch_size", 1)])
def test_a_slider_move_is_blitted_and_repaints_the_canvas(problem, name, value):
    explorer = MiniBatchExplorer(problem)
    canvas = explorer.fig.canvas
    canvas.draw()  # the first frame, as a connected front end requests it
    frames = []
    canvas.send_binary = frames.append
    background = explorer._background
    before = np.asarray(canvas.buffer_rgba()).copy()
    explorer.controls[name].value = value
    assert not np.array_equal(before, np.asarray(canvas.buffer_rgba()))
    assert len(frames) == 1 and frames[0].startswith(b"\x89PNG")
    assert explorer._background is background, "a static artist changed: full redraw"
