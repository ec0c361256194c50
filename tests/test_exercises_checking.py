"""The shared checker: verdicts, and hints that say what is wrong."""

import numpy as np
import pytest

from bplab.exercises import check, compare


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
