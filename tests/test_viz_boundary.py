"""bplab.viz.boundary: decision regions from labels, logits or probabilities."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.colors import to_rgb

from bplab import nn
from bplab.viz.boundary import class_scores, draw_decision_boundary
from bplab.viz.palette import class_color

X = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
Y = np.array([0, 0, 1, 1])


def by_sign(points):
    return (points[:, 0] > 0).astype(int)


def test_regions_are_the_predicted_class_in_its_palette_colour():
    drawing = draw_decision_boundary(by_sign, X, Y, n=20)
    assert drawing.labels.shape == (20, 20)
    assert (drawing.labels[:, :10] == 0).all() and (drawing.labels[:, 10:] == 1).all()
    rgba = drawing.image.get_array()
    np.testing.assert_allclose(rgba[0, 0, :3], to_rgb(class_color(0)))
    np.testing.assert_allclose(rgba[0, -1, :3], to_rgb(class_color(1)))
    assert drawing.note.get_text() == "accuracy on these points: 100.0%"
    assert [t.get_text() for t in drawing.ax.get_legend().get_texts()] == ["class 0", "class 1"]
    assert drawing.image.get_extent() == [-1.5, 1.5, -1.5, 1.5]


def test_confidence_fades_the_colour_near_the_boundary():
    def logit(points):
        return 5.0 * points[:, 0]

    drawing = draw_decision_boundary(logit, X, Y, n=21)
    alpha = drawing.image.get_array()[10, :, 3]
    assert alpha[10] < alpha[0] and alpha[10] < alpha[-1]


def test_scores_of_every_shape():
    pts = np.array([[-2.0, 0.0], [2.0, 0.0]])
    labels, conf = class_scores(lambda p: np.column_stack([-p[:, 0], p[:, 0]]), pts)
    assert list(labels) == [0, 1] and np.all(conf > 0.9)
    labels, _ = class_scores(lambda p: np.array([0.2, 0.9]), pts)
    assert list(labels) == [0, 1]
    labels, conf = class_scores(lambda p: np.array([[0.3, 0.7], [0.5, 0.5]]), pts)
    assert list(labels) == [1, 0] and conf[1] == pytest.approx(0.0)
    with pytest.raises(ValueError, match="model must return"):
        class_scores(lambda p: np.zeros(5), pts)
    with pytest.raises(TypeError, match="model must be a bplab.nn model or a callable"):
        class_scores(42, pts)


def test_update_replaces_pixels_in_place_and_models_run_in_eval_mode():
    model = nn.Sequential(nn.Linear(2, 2, seed=0), nn.Dropout(0.5, seed=0))
    drawing = draw_decision_boundary(by_sign, X, Y, n=16)
    image = drawing.image
    drawing.update(model)
    assert drawing.image is image
    assert model.training, "the model's training mode is restored"
    model.eval()
    expected = np.argmax(model.forward(drawing.grid), axis=1).reshape(16, 16)
    np.testing.assert_array_equal(drawing.labels, expected)


def test_bad_data_is_refused():
    with pytest.raises(ValueError, match=r"X must have shape \(m, 2\)"):
        draw_decision_boundary(by_sign, np.zeros((4, 3)))
    with pytest.raises(ValueError, match="y must be integer class labels"):
        draw_decision_boundary(by_sign, X, np.array([0.0, 1.0, 0.0, 1.0]))
    with pytest.raises(ValueError, match="n must be an int"):
        draw_decision_boundary(by_sign, X, Y, n=1)


def test_without_labels_points_are_plain():
    drawing = draw_decision_boundary(by_sign, X, n=10)
    assert drawing.note.get_text() == "" and len(drawing.points) == 1
    assert repr(drawing) == "<BoundaryDrawing: 10x10 grid, 4 points>"


def test_data_alone_then_regions_later():
    drawing = draw_decision_boundary(None, X, Y, n=12)
    assert drawing.ax.get_title() == "The data (classes by colour)"
    assert drawing.labels is None and (drawing.image.get_array()[..., 3] == 0).all()
    drawing.update(by_sign)
    assert drawing.labels.shape == (12, 12) and drawing.note.get_text().endswith("100.0%")
