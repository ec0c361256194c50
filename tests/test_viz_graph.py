"""bplab.viz.graph: the Value graph drawing and the backward-pass stepper."""

import math

import matplotlib

matplotlib.use("Agg")

import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.colors import to_hex

from bplab.autodiff import Value
from bplab.viz import backward_steps, draw_backward_stepper, draw_graph, graph_layout
from bplab.viz.graph import MAX_NODES, node_symbol, op_symbol, topological_order
from bplab.viz.palette import HIGHLIGHT


def neuron():
    """Karpathy's neuron: o = tanh(x1 w1 + x2 w2 + b)."""
    x1, x2 = Value(2.0, "x1"), Value(0.0, "x2")
    w1, w2, b = Value(-3.0, "w1"), Value(1.0, "w2"), Value(6.8813735870195432, "b")
    x1w1, x2w2 = x1 * w1, x2 * w2
    x1w1.label, x2w2.label = "x1w1", "x2w2"
    n = x1w1 + x2w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o, {v.label: v for v in (x1, x2, w1, w2, b, x1w1, x2w2, n, o)}


def test_every_value_gets_a_box_and_every_interior_value_an_op_node():
    o, _ = neuron()
    o.backward()
    drawing = draw_graph(o)
    order = o.topological_order()
    interior = [v for v in order if v.parents]
    assert set(drawing.boxes) == set(order)
    assert set(drawing.ops) == set(interior)
    assert len(drawing.edges) == sum(len(v.parents) for v in interior) + len(interior)
    assert sorted(t.get_text() for t in drawing.ops.values()) == ["+", "+", "tanh", "×", "×"]


def test_boxes_show_label_data_and_grad_after_backward():
    o, v = neuron()
    o.backward()
    drawing = draw_graph(o)
    assert drawing.boxes[v["x1"]].get_text() == "x1\ndata 2\ngrad -1.5"
    assert drawing.boxes[v["o"]].get_text() == "o\ndata 0.7071\ngrad 1"
    assert "grad" not in draw_graph(o, show_grad=False).boxes[v["o"]].get_text()


def test_layout_flows_left_to_right_without_overlaps():
    o, _ = neuron()
    layout = graph_layout(o)
    for node in layout.order:
        for parent in node.parents:
            assert layout.xy[parent][0] < layout.op_xy[node][0] < layout.xy[node][0]
    spots = list(layout.xy.values())
    for i, (x, y) in enumerate(spots):
        for x2, y2 in spots[i + 1:]:
            assert x != x2 or abs(y - y2) >= 1.0 - 1e-9


def test_leaves_sit_next_to_their_first_use():
    o, v = neuron()
    layout = graph_layout(o)
    assert layout.xy[v["b"]][0] > layout.xy[v["x1w1"]][0]  # b is used late: not in column 0


def test_local_derivatives_are_written_on_edges():
    o, v = neuron()
    drawing = draw_graph(o, show_local=True)
    assert drawing.locals[(v["x1w1"], 0)].get_text() == "-3"  # d(x1 w1)/dx1 = w1
    assert drawing.locals[(v["x1w1"], 1)].get_text() == "2"  # d(x1 w1)/dw1 = x1
    assert {t.get_text() for t in drawing.locals.values()} >= {"-3", "2", "1", "0"}


def test_update_rewrites_boxes_in_place():
    o, v = neuron()
    drawing = draw_graph(o)
    box = drawing.boxes[v["w1"]]
    assert box.get_text().endswith("grad 0")
    o.backward()
    drawing.update()
    assert drawing.boxes[v["w1"]] is box
    assert box.get_text().endswith("grad 1")


def test_steps_replay_backward_exactly():
    o, v = neuron()
    steps = backward_steps(o)
    assert v["x1"].grad == 0.0, "the stepper must not touch the graph's own grads"
    o.backward()
    assert len(steps) == 1 + sum(1 for n in o.topological_order() if n.parents)
    assert steps[0].grads[o] == 1.0 and steps[0].terms == ()
    for node in o.topological_order():
        assert steps[-1].grads[node] == pytest.approx(node.grad)


def test_repeated_parent_accumulates_both_products():
    a = Value(3.0, "a")
    c = a * a + a
    steps = backward_steps(c)
    assert steps[-1].grads[a] == pytest.approx(2 * 3.0 + 1)
    mul = steps[-1]
    assert [t[0] for t in mul.terms] == [a, a]
    assert mul.terms[1][3] == pytest.approx(mul.terms[0][4])  # second term starts where first ended


def test_topological_order_puts_every_node_after_its_parents():
    o, v = neuron()
    order = topological_order(o)
    assert set(order) == set(o.topological_order()) and order[-1] is o
    for i, node in enumerate(order):
        assert all(order.index(p) < i for p in node.parents)
    assert order[:2] == [v["x1"], v["w1"]]


def test_shared_interior_node_gets_every_contribution_before_passing_it_on():
    x = Value(3.0, "x")
    m = x * x
    out = m + m * 2.0
    order = topological_order(out)
    assert order.index(m) < order.index(out.parents[1])
    assert backward_steps(out)[-1].grads[x] == pytest.approx(3 * 2 * 3.0)


def test_stepper_caption_shows_the_chain_rule_products_with_numbers():
    o, v = neuron()
    stepper = draw_backward_stepper(o)
    assert stepper.caption.get_text().startswith("step 0 of 5: seed o.grad = 1")
    stepper.show(1)
    text = stepper.caption.get_text()
    assert "o = tanh(n)" in text
    assert "n.grad += 0.5 × 1 = 0.5   (0 → 0.5)" in text
    assert stepper.graph.boxes[v["n"]].get_text().endswith("grad 0.5")
    assert stepper.graph.boxes[v["x1"]].get_text().endswith("grad 0")


def test_stepper_highlights_the_active_node_and_its_edges():
    o, v = neuron()
    stepper = draw_backward_stepper(o, k=1)
    box = stepper.graph.boxes[v["o"]].get_bbox_patch()
    assert to_hex(box.get_edgecolor()) == HIGHLIGHT.lower()
    other = stepper.graph.boxes[v["x1"]].get_bbox_patch()
    assert to_hex(other.get_edgecolor()) != HIGHLIGHT.lower()
    hot = [a for p, n, a in stepper.graph.edges if to_hex(a.arrow_patch.get_edgecolor())
           == HIGHLIGHT.lower()]
    assert len(hot) == 2  # n -> (tanh) and (tanh) -> o
    stepper.show(stepper.n_steps - 1)
    assert to_hex(box.get_edgecolor()) != HIGHLIGHT.lower()
    assert repr(stepper) == "<BackwardStepper: step 5 of 5>"


def test_stepper_rejects_steps_out_of_range():
    o, _ = neuron()
    stepper = draw_backward_stepper(o)
    with pytest.raises(ValueError, match="k must be in 0..5"):
        stepper.show(6)
    with pytest.raises(TypeError, match="k must be an int"):
        stepper.show(1.0)


def test_unlabelled_nodes_are_named_by_topological_index():
    a = Value(3.0, "a")
    c = a * 2.0
    drawing = draw_graph(c)
    names = [t.get_text().split("\n")[0] for t in drawing.boxes.values()]
    assert names == ["a", "v1", "v2"]


def test_bad_input_is_refused_with_a_clear_message():
    with pytest.raises(TypeError, match="root must be a bplab.autodiff.Value"):
        draw_graph(3.0)
    x = Value(1.0)
    for _ in range(MAX_NODES):
        x = x + 1.0
    with pytest.raises(ValueError, match="drawing is limited"):
        graph_layout(x)


def test_own_figure_shows_itself_as_png_and_has_a_stable_repr():
    o, _ = neuron()
    drawing = draw_graph(o)
    assert drawing._repr_png_().startswith(b"\x89PNG")
    assert repr(drawing) == "<GraphDrawing: 10 values, 5 operations>"


def test_power_by_a_constant_shows_its_exponent():
    x = Value(3.0, "x")
    y = x**2
    y.label = "y"
    drawing = draw_backward_stepper(y, k=1)
    assert sorted(t.get_text() for t in drawing.graph.ops.values()) == ["^2"]
    assert "y = x^2" in drawing.caption.get_text()
    assert node_symbol(Value(0.0) ** 3) == "pow"
    z = -x
    z.label = "z"
    assert "z = −x," in draw_backward_stepper(z, k=1).caption.get_text()


def test_op_symbols():
    assert [op_symbol(op) for op in ("*", "**2", "**", "neg", "exp")] == ["×", "^2", "pow",
                                                                          "−x", "exp"]


OPS = st.sampled_from(["+", "*", "-", "tanh", "sigmoid", "exp"])
PROGRAMS = st.lists(st.tuples(OPS, st.integers(0, 50), st.integers(0, 50)), min_size=1,
                    max_size=7)


def run(program, leaves):
    """Evaluate a straight-line program over Values; nodes may be reused (a DAG)."""
    nodes = [Value(x, f"x{i}") for i, x in enumerate(leaves)]
    for op, i, j in program:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        unary = {"tanh": a.tanh, "sigmoid": a.sigmoid, "exp": lambda a=a: (a * 0.5).exp()}
        nodes.append(unary[op]() if op in unary else {"+": a + b, "*": a * b, "-": a - b}[op])
    return nodes[-1], nodes[: len(leaves)]


@given(st.lists(st.floats(-2, 2), min_size=2, max_size=4), PROGRAMS)
def test_stepper_gradients_match_central_differences(leaves, program):
    root, inputs = run(program, leaves)
    steps = backward_steps(root)
    h = 1e-6
    for i, leaf in enumerate(inputs):
        up = [x + h * (k == i) for k, x in enumerate(leaves)]
        down = [x - h * (k == i) for k, x in enumerate(leaves)]
        numeric = (run(program, up)[0].data - run(program, down)[0].data) / (2 * h)
        analytic = steps[-1].grads.get(leaf, 0.0)
        assert math.isclose(analytic, numeric, rel_tol=1e-4, abs_tol=1e-5 * (1 + abs(numeric)))
    stepper = draw_backward_stepper(root, k=len(steps) - 1)
    assert stepper.caption.get_text().startswith(f"step {len(steps) - 1} of {len(steps) - 1}")
