"""Value: gradients against central differences, graph structure, accumulation, deep graphs."""

import math
import time

import pytest
from hypothesis import given
from strategies import GRADIENT_CHECK, floats

from bplab.autodiff import Value

H = 1e-6


def derivative(f, x):
    """Central difference of a Python function of one float."""
    return (f(x + H) - f(x - H)) / (2 * H)


def check(f, *xs):
    """backward() through ``f`` of Values agrees with central differences for each input."""
    values = [Value(x) for x in xs]
    f(*values).backward()
    for k, v in enumerate(values):
        def fk(xk, k=k):
            args = [Value(x) for x in xs]
            args[k] = Value(xk)
            return f(*args).data

        numeric = derivative(fk, xs[k])
        assert math.isclose(v.grad, numeric, rel_tol=1e-6, abs_tol=1e-6), (k, v.grad, numeric)


BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / (b * b + 0.5),
    "pow_value": lambda a, b: (a * a + 0.5) ** b,
    "mixed": lambda a, b: (a * b + a.exp()).tanh() - b.sigmoid() / (1 + a * a),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@GRADIENT_CHECK
@given(a=floats(), b=floats())
def test_binary_gradients(name, a, b):
    check(BINARY[name], a, b)


UNARY = {
    "exp": lambda x: x.exp(),
    "log": lambda x: (x * x + 0.1).log(),
    "tanh": lambda x: x.tanh(),
    "sigmoid": lambda x: x.sigmoid(),
    "neg": lambda x: -x,
    "pow_float": lambda x: x**3,
    "sqrt": lambda x: (x * x + 1.0) ** 0.5,
    "reflected": lambda x: 2.0 - 3.0 * x + 1.0 / (x * x + 1.0) + 2.0**x,
}


@pytest.mark.parametrize("name", sorted(UNARY))
@GRADIENT_CHECK
@given(x=floats())
def test_unary_gradients(name, x):
    check(UNARY[name], x)


@GRADIENT_CHECK
@given(x=floats(0.05, 2.0))
def test_relu_gradient_away_from_the_kink(x):
    check(lambda v: v.relu() * 3.0, x)
    check(lambda v: (-v).relu() * 3.0, x)


def test_shared_subexpressions_sum_their_contributions():
    x = Value(3.0)
    y = x * x          # x used twice in one node
    z = y * x + y      # y used twice across nodes
    z.backward()
    assert x.grad == pytest.approx(3 * 9 + 2 * 3)  # d(x^3 + x^2)/dx


def test_graph_records_op_parents_local_grads_and_label():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    assert c.op == "*" and c.parents == (a, b) and c.local_grads == (-3.0, 2.0)
    assert a.op == "" and a.parents == () and c.label == "c"
    d = c.tanh()
    assert d.op == "tanh" and d.local_grads[0] == pytest.approx(1 - math.tanh(-6.0) ** 2)


def test_backward_applies_chain_rule_with_local_grads():
    a, b = Value(2.0), Value(-3.0)
    out = (a * b + 1.0).tanh()
    out.backward()
    for node in out.topological_order():
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            assert local == pytest.approx(_numeric_local(node, parent))
    assert a.grad == pytest.approx((1 - math.tanh(-5.0) ** 2) * -3.0)


def _numeric_local(node, parent):
    """d node / d parent by recomputing the node's op with the parent nudged."""
    if node.op == "tanh":
        return 1 - math.tanh(parent.data) ** 2
    others = [p.data for p in node.parents]
    i = node.parents.index(parent)
    ops = {"+": lambda u, v: u + v, "*": lambda u, v: u * v}
    up, down = list(others), list(others)
    up[i] += H
    down[i] -= H
    return (ops[node.op](*up) - ops[node.op](*down)) / (2 * H)


def test_topological_order_leaves_first_root_last_parents_before_children():
    x = Value(1.0)
    y = x * 2.0
    z = (y + x) * y
    order = z.topological_order()
    assert order[-1] is z and len(order) == len(set(map(id, order)))
    position = {id(n): i for i, n in enumerate(order)}
    for node in order:
        assert all(position[id(p)] < position[id(node)] for p in node.parents)
    assert not order[0].parents


def test_backward_twice_accumulates_in_leaves_and_zero_grad_resets():
    x = Value(3.0)
    y = x * x
    z = y * 2.0
    z.backward()
    assert x.grad == 12.0 and y.grad == 2.0
    z.backward()
    assert x.grad == 24.0 and y.grad == 2.0  # leaves accumulate, interior nodes do not
    z.zero_grad()
    assert x.grad == 0.0 and y.grad == 0.0 and z.grad == 0.0


def test_a_chain_of_a_million_nodes_backpropagates_without_recursion_error():
    x = Value(0.5)
    y = x
    for _ in range(10**6):
        y = -y
    start = time.perf_counter()
    y.backward()
    assert x.grad == 1.0 and y.data == 0.5
    assert time.perf_counter() - start < 20


def test_log_of_non_positive_warns_and_follows_numpy():
    with pytest.warns(RuntimeWarning, match="log"):
        assert Value(0.0).log().data == -math.inf
    with pytest.warns(RuntimeWarning, match="negative"):
        assert math.isnan(Value(-1.0).log().data)


def test_exp_overflow_is_inf_and_sigmoid_is_stable():
    assert Value(1000.0).exp().data == math.inf
    assert Value(-1000.0).sigmoid().data == 0.0 and Value(1000.0).sigmoid().data == 1.0


def test_division_by_zero_warns():
    with pytest.warns(RuntimeWarning, match="division by zero"):
        assert (Value(1.0) / 0.0).data == math.inf


@pytest.mark.parametrize("bad", ["1.0", [1.0], None, True])
def test_non_numbers_are_refused(bad):
    with pytest.raises(TypeError, match="Value"):
        Value(bad)
    with pytest.raises(TypeError, match="Value"):
        Value(1.0) + bad


def test_ints_and_numpy_scalars_become_floats():
    import numpy as np

    assert isinstance(Value(2).data, float) and isinstance(Value(np.float32(1.5)).data, float)
    assert (Value(1.0) * np.float64(2.0)).data == 2.0
