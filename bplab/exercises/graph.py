"""Exercises of notebook 01: the computational graph and the chain rule.

- :func:`check_tanh_local_grad` — the local derivative of one node, ``d tanh(x) / dx``.
- :func:`check_graph_grad` — both partial derivatives of a small graph, by hand.

Also here, because every notebook's checkers use them: :func:`check_parts` (``check`` for
a function that returns several results) and :func:`likely_mistake` (pick a specific hint
when a wrong answer matches a known slip).
"""

import math

import numpy as np

from bplab.autodiff import Value
from bplab.exercises.checking import (
    CORRECT,
    ERROR,
    NOT_ATTEMPTED,
    WRONG,
    _copy,
    _verdict,
    check,
    compare,
)

__all__ = [
    "check_graph_grad",
    "check_parts",
    "check_tanh_local_grad",
    "graph_grad",
    "graph_output",
    "likely_mistake",
    "tanh_local_grad",
]


# ---- shared by the checkers of notebooks 01-03 ------------------------------------------
def likely_mistake(fn, cases, mistakes, default):
    """The hint of the first known mistake that ``fn`` reproduces on every case.

    Parameters
    ----------
    fn : callable
        The learner's function.
    cases : list of tuple
        Arguments, as for :func:`bplab.exercises.check`.
    mistakes : list of (callable, str)
        A wrong function (what a typical slip computes) and the hint that names that slip.
    default : str
        The hint when no known mistake matches (or ``fn`` is a stub or raises).
    """
    try:
        got = [fn(*_copy(case)) for case in cases]
    except Exception:  # a stub or a crash: the generic hint is the right one
        return default
    for wrong, hint in mistakes:
        if all(_same(g, wrong(*_copy(c))) for g, c in zip(got, cases, strict=True)):
            return hint
    return default


def _same(got, expected):
    if isinstance(expected, (tuple, list)):
        if isinstance(got, np.ndarray) and got.ndim >= 1:
            got = list(got)
        return (isinstance(got, (tuple, list)) and len(got) == len(expected)
                and all(_same(g, e) for g, e in zip(got, expected, strict=True)))
    return compare(got, expected) is None


def check_parts(exercise, fn, reference, cases, names=None, hint="", rtol=1e-6, atol=1e-9,
                describe=None, part="result"):
    """Like :func:`bplab.exercises.check`, for a function that returns several results.

    ``fn(*case)`` must return a tuple or list with as many entries as ``reference(*case)``;
    each entry is compared on its own and a wrong one is named (``"dW: the values are
    right but transposed"``), so the learner knows which of the results to fix.

    Parameters
    ----------
    names : list of str, optional
        A name per result. ``None`` allows any number of results (as many as the
        reference returns for that case) and names them ``f"{part} 0"``, ``f"{part} 1"``, ...
    part : str
        What one result is called when ``names`` is None (``"batch"``).
    Other parameters as for :func:`bplab.exercises.check`.
    """
    for i, case in enumerate(cases):
        expected = list(reference(*_copy(case)))
        try:
            got = fn(*_copy(case))
        except NotImplementedError:
            return _verdict(exercise, NOT_ATTEMPTED, "not attempted yet", hint)
        except Exception as exc:  # a learner's bug is feedback, not a crash
            return _verdict(exercise, ERROR, f"your function raised {type(exc).__name__}: {exc}",
                            hint)
        if isinstance(got, np.ndarray) and got.ndim >= 1:
            got = list(got)  # np.array([dx, dy]) is as good as a tuple
        where = describe(case) if describe else f"case {i + 1} of {len(cases)}"
        labels = list(names) if names is not None else [f"{part} {k}" for k in
                                                          range(len(expected))]
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            size = len(got) if isinstance(got, (tuple, list)) else type(got).__name__
            return _verdict(exercise, WRONG, f"not quite ({where}): expected {len(expected)} "
                            f"results ({', '.join(labels[:4])}{', ...' if len(labels) > 4 else ''}"
                            f"), got {size}", hint)
        for label, g, e in zip(labels, got, expected, strict=True):
            problem = compare(g, e, rtol=rtol, atol=atol)
            if problem is not None:
                return _verdict(exercise, WRONG, f"not quite ({where}): {label}: {problem}", hint)
    return _verdict(exercise, CORRECT, f"correct: all {len(cases)} cases match", "")


# ---- exercise 1: the local derivative of tanh -------------------------------------------
def tanh_local_grad(x):
    """d tanh(x) / dx = 1 - tanh(x)^2, the factor a tanh node multiplies its gradient by."""
    t = math.tanh(x)
    return 1.0 - t * t


_TANH_CASES = [(0.0,), (0.5,), (-1.3,), (2.0,), (-4.0,)]


def check_tanh_local_grad(fn):
    """Check ``fn(x) -> d tanh(x) / dx`` at a few points, small and saturated."""
    hint = likely_mistake(fn, _TANH_CASES, [
        (lambda x: 1.0 - x * x, "you wrote 1 - x², but the derivative is written with the "
                                "node's *output*: 1 - tanh(x)²"),
        (lambda x: 1.0 - math.tanh(x), "square the tanh: 1 - tanh(x)²"),
        (lambda x: math.tanh(x) ** 2 - 1.0, "the sign is flipped: it is 1 - tanh(x)², which "
                                            "is positive (tanh only goes up)"),
        (lambda x: math.tanh(x), "that is tanh itself; its slope is 1 - tanh(x)²"),
    ], default="differentiate tanh = sinh / cosh with the quotient rule, then write the "
               "result with tanh(x) alone")
    return check("local derivative of tanh", fn, tanh_local_grad, _TANH_CASES, hint=hint,
                 describe=lambda case: f"x = {case[0]:g}")


# ---- exercise 2: a small graph by hand ---------------------------------------------------
def graph_output(x, y):
    """The graph of the exercise: ``f(x, y) = (x + y) * tanh(x)``, built from Values."""
    x, y = Value(x, "x"), Value(y, "y")
    return (x + y) * x.tanh()


def graph_grad(x, y):
    """``(df/dx, df/dy)`` of :func:`graph_output`, by the engine's backward pass."""
    x, y = Value(x, "x"), Value(y, "y")
    f = (x + y) * x.tanh()
    f.backward()
    return x.grad, y.grad


_GRAPH_CASES = [(0.5, -1.0), (1.0, 2.0), (-0.7, 0.3), (2.0, -2.0)]


def check_graph_grad(fn):
    """Check ``fn(x, y) -> (df/dx, df/dy)`` for ``f(x, y) = (x + y) * tanh(x)``."""
    hint = likely_mistake(fn, _GRAPH_CASES, [
        (lambda x, y: (math.tanh(x), math.tanh(x)),
         "x reaches f along two paths (through x + y and through tanh x): add both "
         "contributions to df/dx"),
        (lambda x, y: ((x + y) * tanh_local_grad(x), math.tanh(x)),
         "x reaches f along two paths: you have the one through tanh x, add the one through "
         "x + y (which is tanh x)"),
    ], default="product rule on (x + y) · tanh(x), with exercise 1's derivative of tanh; "
               "df/dy has only one path")
    return check_parts("gradient of (x + y)·tanh(x)", fn, graph_grad, _GRAPH_CASES,
                       names=["df/dx", "df/dy"], hint=hint,
                       describe=lambda case: f"x = {case[0]:g}, y = {case[1]:g}")
