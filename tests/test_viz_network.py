"""bplab.viz.network: MLP diagrams coloured by activations (forward) or gradients (backward)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from bplab import nn
from bplab.viz.network import draw_network, network_columns


def trained_pass(batch=5):
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Linear(3, 4, seed=0), nn.Tanh(), nn.Linear(4, 2, seed=1))
    X, y = rng.normal(size=(batch, 3)), rng.integers(0, 2, batch)
    loss = nn.SoftmaxCrossEntropy()
    loss.forward(model.forward(X), y)
    model.backward(loss.backward())
    return model, X


def test_columns_follow_linear_layers_and_name_their_activations():
    model, _ = trained_pass()
    cols = network_columns(model)
    assert cols.sizes == [3, 4, 2]
    assert cols.names == ["input", "hidden 1 → Tanh", "output"]
    assert cols.layer_index == [-1, 1, 2]


def test_forward_colours_are_the_activations_of_the_chosen_sample():
    model, X = trained_pass()
    drawing = draw_network(model, sample=2)
    np.testing.assert_allclose(drawing.neurons[0].get_array(), X[2])
    np.testing.assert_allclose(drawing.neurons[1].get_array(), model.activations[1][2])
    np.testing.assert_allclose(drawing.neurons[2].get_array(), model.activations[2][2])
    np.testing.assert_allclose(drawing.edges[0].get_array(), model.layers[0].params["W"].ravel())
    assert [len(c.get_offsets()) for c in drawing.neurons] == [3, 4, 2]
    assert len(drawing.edges[1].get_segments()) == 4 * 2
    assert drawing.texts[0][1].get_text() == f"{X[2, 1]:.2f}"
    assert drawing.ax.get_title().startswith("Forward pass")
    assert drawing.colorbar.ax.get_ylabel() == "activation $a$"
    top = max(np.abs(v).max() for v in (X[2], model.activations[1][2], model.activations[2][2]))
    assert drawing.norm.vmin == -top and drawing.norm.vmax == top


def test_backward_colours_are_the_gradients():
    model, _ = trained_pass()
    drawing = draw_network(model, show="gradients", sample=0)
    np.testing.assert_allclose(drawing.neurons[0].get_array(), model.input_grad[0])
    np.testing.assert_allclose(drawing.neurons[2].get_array(), model.activation_grads[2][0])
    np.testing.assert_allclose(drawing.edges[1].get_array(), model.layers[2].grads["W"].ravel())
    assert "dL/da" in drawing.ax.get_title()


def test_small_gradients_are_written_with_a_common_power_of_ten():
    model, _ = trained_pass()
    model.backward(np.full((5, 2), 1e-4))
    drawing = draw_network(model, show="gradients")
    assert drawing.scale_note.get_text().startswith("numbers in neurons are × 1e-0")
    value = float(drawing.texts[2][0].get_text())
    assert 0.1 <= abs(value) < 10.0


def test_update_recolours_in_place_after_another_pass():
    model, X = trained_pass()
    drawing = draw_network(model)
    first = drawing.neurons[1]
    model.forward(X[::-1].copy())
    drawing.update(sample=0)
    assert drawing.neurons[1] is first
    np.testing.assert_allclose(first.get_array(), model.activations[1][0])


def test_tall_columns_are_truncated_with_a_caption():
    model = nn.Sequential(nn.Linear(64, 32, seed=0), nn.ReLU(), nn.Linear(32, 10, seed=1))
    model.forward(np.ones((2, 64)))
    drawing = draw_network(model, max_neurons=8)
    assert [len(c.get_offsets()) for c in drawing.neurons] == [8, 8, 8]
    captions = [t.get_text() for t in drawing.ax.texts if "shown" in t.get_text()]
    assert captions == ["input\n(64, first 8 shown)", "hidden 1 → ReLU\n(32, first 8 shown)",
                        "output\n(10, first 8 shown)"]


def test_structure_only_needs_no_pass():
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    drawing = draw_network(model, show=None)
    assert drawing.ax.get_title() == "Network structure"
    assert repr(drawing) == "<NetworkDrawing: 2 -> 3 -> 1, structure>"


def test_missing_pass_and_bad_arguments_are_explained():
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    with pytest.raises(ValueError, match=r"run model.forward\(x\)"):
        draw_network(model)
    model.forward(np.ones((1, 2)))
    with pytest.raises(ValueError, match="run model.backward"):
        draw_network(model, show="gradients")
    with pytest.raises(ValueError, match="show must be one of"):
        draw_network(model, show="weights")
    with pytest.raises(ValueError, match="sample must be in 0..0"):
        draw_network(model, sample=3)
    with pytest.raises(TypeError, match="model must be a bplab.nn.Sequential"):
        draw_network([1, 2])
    with pytest.raises(TypeError, match="neither Linear nor element-wise"):
        network_columns(nn.Sequential(nn.Linear(2, 3), nn.RNN(3, 3)))
