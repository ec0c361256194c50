"""bplab.viz.matrix and the optimizer comparison figure."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from bplab import landscapes, optim
from bplab.viz import draw_matrix, plot_optimizer_comparison


def test_signed_matrix_is_centred_on_zero_with_numbers():
    M = np.array([[1.0, -2.0], [0.5, 0.0]])
    drawing = draw_matrix(M, row_labels=["x", "y"], col_labels=["x", "y"], title="H")
    assert drawing.signed and drawing.image.get_clim() == (-2.0, 2.0)
    np.testing.assert_array_equal(drawing.image.get_array(), M)
    assert [[t.get_text() for t in row] for row in drawing.texts] == [["1", "-2"], ["0.5", "0"]]
    assert drawing.texts[0][1].get_color() == "white"  # the most negative cell is dark
    assert [t.get_text() for t in drawing.ax.get_yticklabels()] == ["x", "y"]
    assert drawing.ax.get_title() == "H"


def test_nonnegative_matrix_uses_the_sequential_map_from_zero():
    drawing = draw_matrix([[0.0, 2.0, 2.0]])
    assert not drawing.signed and drawing.image.get_clim() == (0.0, 2.0)
    assert drawing.image.get_cmap().name == "viridis"


def test_update_in_place_and_shape_is_checked():
    drawing = draw_matrix(np.eye(2))
    image = drawing.image
    drawing.update([[3.0, 0.0], [0.0, -3.0]])
    assert drawing.image is image and drawing.texts[1][1].get_text() == "-3"
    with pytest.raises(ValueError, match=r"M must keep shape \(2, 2\)"):
        drawing.update(np.ones((3, 3)))
    with pytest.raises(ValueError, match="row_labels must have 2 entries"):
        draw_matrix(np.eye(2), row_labels=["a"])


def test_big_matrices_are_not_annotated():
    drawing = draw_matrix(np.ones((20, 20)))
    assert drawing.texts == [] and repr(drawing) == "<MatrixDrawing: 20x20>"


def test_comparison_shows_paths_and_loss_gaps_in_the_same_style():
    land = landscapes.get("quadratic")
    runs = {"SGD": optim.trajectory(lambda ps: optim.SGD(ps, lr=0.05), land, steps=40),
            "Momentum": optim.trajectory(lambda ps: optim.SGD(ps, lr=0.25, momentum=0.9),
                                         land, steps=40)}
    drawing = plot_optimizer_comparison(land, runs)
    gap = drawing.gaps.lines["SGD"].get_ydata()
    np.testing.assert_allclose(gap, runs["SGD"].losses - land.fmin)
    assert drawing.gaps.ax.get_yscale() == "log"
    assert drawing.gaps.ax.get_ylabel() == "$f(x_k) - f^*$"
    assert (drawing.paths.trajectories["Momentum"].path.get_color()
            == drawing.gaps.lines["Momentum"].get_color())
    drawing.update("SGD", runs["Momentum"])
    np.testing.assert_allclose(drawing.gaps.lines["SGD"].get_ydata(),
                               runs["Momentum"].losses - land.fmin)
    with pytest.raises(ValueError, match="non-empty dict"):
        plot_optimizer_comparison(land, {})
