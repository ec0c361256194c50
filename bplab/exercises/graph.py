"""Exercises of notebook 01: the computational graph and the chain rule.

- :func:`check_tanh_local_grad` — the local derivative of one node, ``d tanh(x) / dx``.
- :func:`check_graph_grad` — both partial derivatives of a small graph, by hand.

The shared :func:`~bplab.exercises.checking.check_parts` and
:func:`~bplab.exercises.checking.likely_mistake` live in :mod:`bplab.exercises.checking`;
they are still importable from here.
"""

import math

from bplab.autodiff import Value
from bplab.exercises.checking import check, check_parts, likely_mistake

__all__ = [
    "check_graph_grad",
    "check_parts",
    "check_tanh_local_grad",
    "graph_grad",
    "graph_output",
    "likely_mistake",
    "tanh_local_grad",
]


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
