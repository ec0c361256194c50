"""The forward/backward explorer: every slider redraws values and gradients correctly."""

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bplab.autodiff import Value
from bplab.widgets.forward_backward import (
    ACTIVATIONS,
    WEIGHTS,
    BackwardStepperExplorer,
    ForwardBackwardExplorer,
    neuron,
    tiny_net_pass,
)

PHI = {"tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
       "relu": lambda z: np.maximum(z, 0.0)}


def loss(x, w, t, act):
    W = np.array([[w["w11"], w["w12"]], [w["w21"], w["w22"]]])
    h = PHI[act](np.asarray(x) @ W)
    return float((h @ np.array([w["v1"], w["v2"]]) - t) ** 2)


@pytest.fixture(scope="module")
def explorer():
    return ForwardBackwardExplorer()


weights = st.fixed_dictionaries({w: st.floats(-3, 3) for w in WEIGHTS})


@given(st.tuples(st.floats(-3, 3), st.floats(-3, 3)), weights, st.floats(-2, 2),
       st.sampled_from(["tanh", "sigmoid"]))
def test_pass_gradients_match_central_differences(x, w, t, act):
    r = tiny_net_pass(x, w, t, act)
    assert r.values["L"] == pytest.approx(loss(x, w, t, act), rel=1e-9, abs=1e-12)
    h = 1e-6
    for name in WEIGHTS:
        up, down = dict(w, **{name: w[name] + h}), dict(w, **{name: w[name] - h})
        numeric = (loss(x, up, t, act) - loss(x, down, t, act)) / (2 * h)
        assert r.grads[name] == pytest.approx(numeric, rel=1e-4, abs=1e-5)


def test_bad_arguments_are_named():
    w = dict.fromkeys(WEIGHTS, 0.1)
    with pytest.raises(ValueError, match="activation"):
        tiny_net_pass((1, 1), w, 0, "gelu")
    with pytest.raises(ValueError, match="missing"):
        tiny_net_pass((1, 1), {"w11": 1.0}, 0)
    with pytest.raises(ValueError, match="two inputs"):
        tiny_net_pass((1, 1, 1), w, 0)


def test_initial_drawing_shows_the_numbers(explorer):
    r = explorer.result
    assert explorer.forward.node_text["y"].get_text() == f"ŷ\n{r.values['y']:.2f}"
    assert explorer.backward.edge_text["w11"].get_text() == f"∂w₁₁={r.grads['w11']:.2f}"
    assert "L = (ŷ − t)²" in explorer.readout.value
    assert explorer.question in explorer.question_label.value


@pytest.mark.parametrize("name", ["x1", "x2", *WEIGHTS, "target"])
def test_every_slider_across_its_range_redraws(explorer, name):
    control = explorer.controls[name]
    saved = control.value
    for value in np.linspace(control.min, control.max, 5):
        control.value = float(value)
        r = explorer.result
        s = explorer.state
        expected = loss((s["x1"], s["x2"]), {w: s[w] for w in WEIGHTS}, s["target"],
                        s["activation"])
        assert r.values["L"] == pytest.approx(expected)
        assert explorer.forward.title.get_text().endswith(f"L = {r.values['L']:.3g}")
        if name in WEIGHTS:
            assert explorer.forward.edge_text[name].get_text().endswith(f"{control.value:.2f}")
        assert explorer.backward.title.get_text().startswith("Backward pass")
    control.value = saved


@pytest.mark.parametrize("act", ACTIVATIONS)
def test_activation_dropdown_changes_the_local_derivative(explorer, act):
    explorer.set_state(activation=act, x1=1.0, x2=-0.5)
    text = explorer.backward.below["h1"].get_text()
    assert text.startswith(f"{act}′(z)=")
    assert float(text.split("=")[1]) == pytest.approx(explorer.result.local["h1"], abs=0.006)


def test_saturated_tanh_kills_the_gradients_of_its_weights(explorer):
    explorer.set_state(activation="tanh", x1=3.0, x2=0.0, w11=3.0, w21=0.0)
    r = explorer.result
    assert r.local["h1"] < 1e-6
    assert abs(r.grads["w11"]) < 1e-5 and abs(r.grads["w21"]) < 1e-5
    assert explorer.backward.edge_text["w11"].get_text() == "∂w₁₁=0.00"


def test_relu_below_zero_passes_no_gradient(explorer):
    explorer.set_state(activation="relu", x1=1.0, x2=1.0, w11=-1.0, w21=-1.0)
    assert explorer.result.local["h1"] == 0.0
    assert explorer.result.grads["w11"] == 0.0


def test_zero_loss_says_so_and_keeps_a_drawing(explorer):
    explorer.set_state(activation="relu", x1=0.0, x2=0.0, target=0.0)
    assert explorer.result.values["L"] == 0.0
    assert "every gradient is 0" in explorer.backward.title.get_text()
    assert explorer.forward.node_text["L"].get_text() == "L\n0.00"


def test_state_round_trips_through_json(explorer):
    explorer.set_state(activation="sigmoid", v1=2.5)
    state = json.loads(json.dumps(explorer.state))
    other = ForwardBackwardExplorer()
    other.set_state(state)
    assert other.result.values["L"] == pytest.approx(explorer.result.values["L"])
    other.fig.canvas.draw()


def test_neuron_has_micrographs_numbers():
    o = neuron()
    o.backward()
    grads = {n.label: n.grad for n in o.topological_order()}
    assert o.data == pytest.approx(0.7071, abs=1e-4)
    assert grads["x1"] == pytest.approx(-1.5) and grads["w1"] == pytest.approx(1.0)
    assert grads["x2"] == pytest.approx(0.5) and grads["w2"] == pytest.approx(0.0)


def test_stepper_slider_walks_the_backward_pass():
    ex = BackwardStepperExplorer()
    step = ex.controls["step"]
    assert step.max == ex.stepper.n_steps - 1 == 5
    captions = []
    for k in range(step.min, step.max + 1):
        step.value = k
        assert ex.stepper.step == k
        assert ex.stepper.caption.get_text().startswith(f"step {k} of 5")
        assert ex.readout.value.startswith(f"step {k} of 5")
        captions.append(ex.stepper.caption.get_text())
    assert "x1.grad += -3 × 0.5 = -1.5" in captions[-1]
    assert "x1 = -1.5, w1 = 1" in ex.readout.value and "b = 0.5" in ex.readout.value
    boxes = {node.label: text.get_text() for node, text in ex.stepper.graph.boxes.items()}
    assert boxes["x1"].endswith("grad -1.5")
    step.value = 0
    boxes = {node.label: text.get_text() for node, text in ex.stepper.graph.boxes.items()}
    assert boxes["x1"].endswith("grad 0") and boxes["o"].endswith("grad 1")
    assert ex.play in ex.widget.children and ex.play.max == step.max


def test_stepper_takes_any_graph_and_checks_the_step():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    ex = BackwardStepperExplorer(a * b + a, step=1)
    assert ex.state == {"step": 1}
    with pytest.raises(ValueError, match="step"):
        BackwardStepperExplorer(step=99)


def connected(explorer):
    """Draw the first frame as a connected front end would; return the list of frames sent.

    ipympl's ``draw_idle`` only *asks* the browser to request a redraw, so in a kernel-less
    test (and, when that request is lost, in JupyterLab) the picture would never change.
    A blitting explorer pushes each frame itself: the Agg buffer changes and one PNG goes out.
    """
    canvas = explorer.fig.canvas
    canvas.draw()
    frames = []
    canvas.send_binary = frames.append
    return frames


@pytest.mark.parametrize(("make", "name", "value"), [
    (ForwardBackwardExplorer, "x1", 2.7),
    (ForwardBackwardExplorer, "w22", -2.0),
    (ForwardBackwardExplorer, "activation", "relu"),
    (BackwardStepperExplorer, "step", 3),
])
def test_a_control_change_repaints_the_canvas_from_the_kernel(make, name, value):
    explorer = make()
    frames = connected(explorer)
    before = np.asarray(explorer.fig.canvas.buffer_rgba()).copy()
    explorer.controls[name].value = value
    after = np.asarray(explorer.fig.canvas.buffer_rgba())
    assert not np.array_equal(before, after), f"moving {name} left the picture unchanged"
    assert len(frames) == 1 and frames[0].startswith(b"\x89PNG")
