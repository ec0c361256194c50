"""bplab.viz.landscape: cached contour backgrounds and trajectories that update in place."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.colors import to_hex

from bplab import landscapes, optim
from bplab.viz import OPTIMIZER_COLORS
from bplab.viz.landscape import (
    draw_landscape,
    draw_trajectory,
    landscape_grid,
    landscape_title,
    mathtext_formula,
    plot_trajectories,
    trajectory_status,
)


def adam(lr):
    return lambda ps: optim.Adam(ps, lr=lr)


def sgd(lr, momentum=0.0):
    return lambda ps: optim.SGD(ps, lr=lr, momentum=momentum)


@pytest.fixture(scope="module")
def rosenbrock():
    return landscapes.get("rosenbrock")


def test_background_has_contours_minima_labels_and_the_formula(rosenbrock):
    drawing = draw_landscape(rosenbrock)
    np.testing.assert_allclose(drawing.lines.levels, np.unique(rosenbrock.levels(20)))
    assert drawing.filled is not None
    np.testing.assert_allclose(drawing.minima.get_xydata(), rosenbrock.minima)
    ax = drawing.ax
    assert ax.get_xlim() == (-2.0, 2.0) and ax.get_ylim() == (-1.0, 3.0)
    assert ax.get_xlabel() == "$x$" and ax.get_ylabel() == "$y$"
    assert ax.get_title().startswith("rosenbrock\n$f = (1 - x)^2")
    assert repr(drawing) == "<LandscapeDrawing: rosenbrock>"


def test_every_landscape_draws_with_a_renderable_title():
    for name in landscapes.NAMES:
        land = landscapes.get(name)
        drawing = draw_landscape(land, n=40, levels=8)
        assert len(drawing.minima.get_xdata()) == len(land.minima)
        assert mathtext_formula(land.formula), f"{name}'s formula does not render"
        assert drawing._repr_png_().startswith(b"\x89PNG")


def test_tfrac_is_rewritten_for_mathtext():
    assert mathtext_formula(r"\tfrac12 x^2") == r"\frac{1}{2} x^2"
    assert mathtext_formula(r"\notacommand{") == ""
    plain = landscapes.get("rosenbrock")
    assert landscape_title(plain).count("\n") == 1


def test_grids_are_cached_per_landscape_and_parameters():
    a = landscapes.quadratic(10.0)
    assert landscape_grid(a, 50) is landscape_grid(landscapes.quadratic(10.0), 50)
    assert landscape_grid(a, 50) is not landscape_grid(landscapes.quadratic(50.0), 50)


def test_trajectory_marks_start_end_in_the_optimizer_colour(rosenbrock):
    run = optim.trajectory(adam(0.05), rosenbrock, steps=60)
    drawing = plot_trajectories(rosenbrock, {"Adam": run})
    t = drawing.trajectories["Adam"]
    np.testing.assert_allclose(t.path.get_xydata(), run.points)
    np.testing.assert_allclose(t.start.get_xydata()[0], run.points[0])
    np.testing.assert_allclose(t.end.get_xydata()[0], run.points[-1])
    assert len(t.stop.get_xdata()) == 0 and t.note.get_text() == ""
    assert to_hex(t.path.get_color()) == OPTIMIZER_COLORS["Adam"].lower()
    legend = [x.get_text() for x in drawing.ax.get_legend().get_texts()]
    assert legend == ["minimum", "Adam"]


def test_divergence_gets_a_marker_on_the_box_edge_and_words(rosenbrock):
    run = optim.trajectory(sgd(0.05, momentum=0.9), rosenbrock, steps=100)
    assert run.diverged_at is not None
    drawing = plot_trajectories(rosenbrock, {"Momentum": run})
    t = drawing.trajectories["Momentum"]
    assert t.note.get_text() == f"Momentum diverged at step {run.diverged_at}"
    (x, y), = t.stop.get_xydata()
    assert -2.0 <= x <= 2.0 and -1.0 <= y <= 3.0
    assert len(t.end.get_xdata()) == 0
    assert len(t.path.get_xdata()) >= 2, "the path up to divergence is still drawn"


def test_update_moves_the_same_artists_and_clears_the_note(rosenbrock):
    bad = optim.trajectory(sgd(0.05, momentum=0.9), rosenbrock, steps=100)
    good = optim.trajectory(sgd(1e-3, momentum=0.9), rosenbrock, steps=100)
    drawing = plot_trajectories(rosenbrock, {"Momentum": bad, "Adam": bad})
    path = drawing.trajectories["Momentum"].path
    assert drawing.trajectories["Adam"].note.get_position()[1] < 0.97
    drawing.update("Momentum", good)
    assert drawing.trajectories["Momentum"].path is path
    np.testing.assert_allclose(path.get_xydata(), good.points)
    assert drawing.trajectories["Momentum"].note.get_text() == ""
    assert drawing.trajectories["Adam"].note.get_position()[1] == pytest.approx(0.97)
    assert len(drawing.dynamic_artists()) == 10
    with pytest.raises(ValueError, match="name must be one of"):
        drawing.update("SGD", good)


def test_a_path_leaving_the_box_is_said_to_leave():
    drawing = draw_trajectory(np.array([[0.0, 0.0], [0.5, 0.5], [9.0, 9.0]]), name="SGD",
                              bounds=((-1, 1), (-1, 1)))
    assert drawing.note.get_text() == "SGD left the plot at step 2"
    assert list(drawing.stop.get_xydata()[0]) == [1.0, 1.0]


def test_nonfinite_points_are_dropped_and_reported():
    drawing = draw_trajectory(np.array([[0.0, 0.0], [0.1, 0.1], [np.nan, np.inf]]), name="Adam")
    assert drawing.status == "diverged at step 2"
    assert len(drawing.path.get_xdata()) == 2
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        drawing.update(np.zeros(3))


def test_status_words():
    box = ((-1, 1), (-1, 1))
    pts = np.zeros((3, 2))
    assert trajectory_status(pts, None, box) == ""
    assert trajectory_status(pts, 4) == "diverged at step 4"
    excursion = np.array([[0.0, 0.0], [5.0, 0.0], [0.5, 0.0]])
    assert trajectory_status(excursion, None, box) == "", "it came back: nothing to say"
    gone = np.array([[0.0, 0.0], [5.0, 0.0], [0.5, 0.0], [3.0, 0.0], [9.0, 0.0]])
    assert trajectory_status(gone, None, box) == "left the plot at step 3"
    assert trajectory_status(gone[1:2], None, box) == "left the plot at step 0"


def test_bad_landscape_is_refused():
    with pytest.raises(TypeError, match="landscape must be a bplab.landscapes.Landscape"):
        draw_landscape(3.0)
    assert draw_landscape("beale", n=20).landscape.name == "beale"
