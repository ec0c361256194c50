"""The shared checker: verdicts, and hints that say what is wrong."""

import numpy as np
import pytest

from bplab.exercises import check, compare
from bplab.exercises.checking import check_parts, check_update, likely_mistake


def square(x):
    return x**2


def stub(x):
    raise NotImplementedError


@pytest.mark.parametrize(("got", "phrase"), [
    (np.array([-1.0, -4.0]), "sign is flipped"),
    (np.array([0.5, 2.0]), "constant factor"),
    (np.array([1.0, 4.0, 9.0]), "shape"),
    (np.array([1.0, 5.0]), "entry 1"),
    (np.array([1.0, np.nan]), "nan"),
    ("four", "expected a number"),
])
def test_compare_names_the_mistake(got, phrase):
    assert phrase in compare(got, np.array([1.0, 4.0]))


def test_compare_spots_a_transpose():
    a = np.arange(6.0).reshape(2, 3)
    assert "transposed" in compare(a.T, a)


def test_compare_accepts_agreement():
    assert compare([1.0, 4.0 + 1e-12], [1.0, 4.0]) is None


def test_check_right_wrong_and_unattempted(capsys):
    cases = [(np.array([1.0, 2.0]),), (3.0,)]
    right = check("square", square, square, cases)
    assert right and right.status == "correct"
    wrong = check("square", lambda x: 2 * x, square, cases, hint="multiply x by itself")
    assert not wrong and wrong.status == "wrong"
    assert "hint: multiply x by itself" in wrong.message
    todo = check("square", stub, square, cases, hint="x ** 2")
    assert todo.status == "not attempted" and "not attempted yet" in todo.message
    printed = capsys.readouterr().out
    assert printed.count("square:") == 3


def test_check_reports_a_learners_exception():
    verdict = check("square", lambda x: x.undefined, square, [(1.0,)])
    assert verdict.status == "error" and "AttributeError" in verdict.message


def test_check_does_not_let_the_learner_mutate_the_case():
    x = np.array([1.0, 2.0])

    def sloppy(a):
        a *= 0
        return a

    check("inplace", sloppy, square, [(x,)])
    assert x.tolist() == [1.0, 2.0]


def _stub(*args):
    raise NotImplementedError


def test_check_parts_counts_and_names_results():
    ref = lambda a: (a, 2 * a)  # noqa: E731
    assert check_parts("p", ref, ref, [(1.0,)], names=["a", "b"]).status == "correct"
    too_few = check_parts("p", lambda a: (a,), ref, [(1.0,)], names=["a", "b"])
    assert too_few.status == "wrong" and "expected 2 results" in too_few.message
    bad = check_parts("p", lambda a: (a, 3 * a), ref, [(1.0,)], names=["a", "b"])
    assert "(case 1 of 1): b: got 3, expected 2" in bad.message
    inside = check_parts("p", lambda a: (a, 3 * a), ref, [(1.0,)], names=["a", "b"],
                         name_in_where=True)
    assert "(b, case 1 of 1): got 3, expected 2" in inside.message
    anon = check_parts("p", lambda a: [a, a], ref, [(1.0,)], part="batch")
    assert "batch 1" in anon.message
    assert check_parts("p", _stub, ref, [(1.0,)]).status == "not attempted"


def test_likely_mistake_falls_back_on_stubs_and_unknown_slips():
    mistakes = [(lambda x: -x, "sign")]
    assert likely_mistake(lambda x: -x, [(1.0,), (2.0,)], mistakes, "default") == "sign"
    assert likely_mistake(lambda x: 3 * x, [(1.0,)], mistakes, "default") == "default"
    assert likely_mistake(_stub, [(1.0,)], mistakes, "default") == "default"


def _heavy_ball(x, g, buf, lr=0.1, beta=0.9):
    buf = beta * buf + g
    return x - lr * buf, buf


UPDATE_CASES = [(np.array([1.0, 2.0]), np.array([0.5, -1.0]), np.array([0.1, 0.2])),
                (np.array([3.0]), np.array([1.0]), np.array([0.0]))]


def test_check_update_judges_the_state_first_then_the_step(capsys):
    def check_it(fn):
        return check_update("heavy ball", fn, _heavy_ball, UPDATE_CASES, ["x", "buf"], hint="h")

    right = check_it(_heavy_ball)
    assert right and right.message == "✅ heavy ball: correct: all 2 cases match"
    both_wrong = check_it(lambda x, g, buf: (x - 0.3 * (0.9 * buf + g), 0.9 * buf + 2 * g))
    assert "not quite (buf, case 1 of 2)" in both_wrong.message
    long_step = check_it(lambda x, g, buf: (x - 0.3 * (0.9 * buf + g), 0.9 * buf + g))
    assert ("not quite (the step x_new - x, case 1 of 2): off by a constant factor: yours is "
            "3 times") in long_step.message
    short = check_it(lambda x, g, buf: (x,))
    assert short.status == "error" and "should return 2 values (x, buf), got 1" in short.message
    assert check_it(_stub).status == "not attempted"
    assert "hint: h" in capsys.readouterr().out


def test_compare_names_a_missing_return():
    assert "returned None" in compare(None, 1.0)
    assert "returned None" in compare(None, np.ones(2))


@pytest.mark.parametrize(("got", "expected", "phrase", "absent"), [
    (0.0, 0.7, "got 0, expected 0.7", "factor"),
    (0.31, 0.7, "got 0.31, expected 0.7", "factor"),
    (1.4, 0.7, "yours is 2 times", None),
    (0.7 / 3, 0.7, "yours is 0.3333 times", None),
])
def test_compare_scalars_names_a_factor_only_when_it_is_whole(got, expected, phrase, absent):
    message = compare(got, expected)
    assert phrase in message
    if absent:
        assert absent not in message


def test_compare_does_not_call_a_tiny_difference_a_factor():
    message = compare(np.array([1.00001, 2.00002]), np.array([1.0, 2.0]))
    assert "factor" not in message
