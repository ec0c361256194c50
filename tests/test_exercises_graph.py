"""Checkers of notebook 01 (the computational graph): right, wrong and unattempted answers."""

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from bplab.exercises.graph import (
    check_graph_grad,
    check_parts,
    check_tanh_local_grad,
    graph_grad,
    graph_output,
    likely_mistake,
    tanh_local_grad,
)

small = st.floats(-3.0, 3.0, allow_nan=False)


def stub(*args):
    raise NotImplementedError


@given(small)
def test_tanh_local_grad_matches_central_differences(x):
    h = 1e-6
    numeric = (math.tanh(x + h) - math.tanh(x - h)) / (2 * h)
    assert math.isclose(tanh_local_grad(x), numeric, rel_tol=1e-6, abs_tol=1e-9)


@given(small, small)
def test_graph_grad_matches_central_differences(x, y):
    h = 1e-6
    dx = (graph_output(x + h, y).data - graph_output(x - h, y).data) / (2 * h)
    dy = (graph_output(x, y + h).data - graph_output(x, y - h).data) / (2 * h)
    assert np.allclose(graph_grad(x, y), (dx, dy), rtol=1e-5, atol=1e-7)


def test_tanh_checker(capsys):
    assert check_tanh_local_grad(lambda x: 1 - np.tanh(x) ** 2).status == "correct"
    wrong = check_tanh_local_grad(lambda x: 1 - x**2)
    assert wrong.status == "wrong" and "output" in wrong.message and "x = 0.5" in wrong.message
    assert "square" in check_tanh_local_grad(lambda x: 1 - math.tanh(x)).message
    assert check_tanh_local_grad(stub).status == "not attempted"
    assert "not attempted yet" in capsys.readouterr().out


def test_graph_checker_names_the_missing_path():
    right = check_graph_grad(lambda x, y: (math.tanh(x) + (x + y) * (1 - math.tanh(x) ** 2),
                                           math.tanh(x)))
    assert right and right.status == "correct"
    one_path = check_graph_grad(lambda x, y: (math.tanh(x), math.tanh(x)))
    assert one_path.status == "wrong" and "two paths" in one_path.message
    assert "df/dx" in one_path.message
    one_path_array = check_graph_grad(lambda x, y: np.array([math.tanh(x), math.tanh(x)]))
    assert "two paths" in one_path_array.message
    swapped = check_graph_grad(lambda x, y: (math.tanh(x), graph_grad(x, y)[0]))
    assert swapped.status == "wrong" and "df/dx" in swapped.message
    as_array = check_graph_grad(lambda x, y: np.array(graph_grad(x, y)))
    assert as_array.status == "correct"
    assert check_graph_grad(stub).status == "not attempted"
    crash = check_graph_grad(lambda x, y: 1 / 0)
    assert crash.status == "error" and "ZeroDivisionError" in crash.message


def test_shared_checkers_are_still_importable_from_here():
    from bplab.exercises import checking

    assert check_parts is checking.check_parts and likely_mistake is checking.likely_mistake
