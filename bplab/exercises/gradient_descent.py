"""Exercises of notebook 03: gradient descent, SGD and mini-batches.

- :func:`check_sgd_step` — one step of (stochastic) gradient descent.
- :func:`check_minibatch_indices` — split one epoch into shuffled mini-batches.
- :func:`check_line_grad` — the mini-batch gradient of the squared error of a line fit.
"""

import numpy as np

from bplab.exercises.checking import check, check_parts, likely_mistake

__all__ = [
    "check_line_grad",
    "check_minibatch_indices",
    "check_sgd_step",
    "line_grad",
    "minibatch_indices",
    "sgd_step",
]


# ---- exercise 1: one SGD step ------------------------------------------------------------
def sgd_step(w, grad, lr):
    """``w - lr * grad``: a step of length ``lr * |grad|`` against the gradient."""
    return w - lr * grad


_SGD_CASES = [
    (np.array([1.0, -2.0]), np.array([0.5, 4.0]), 0.1),
    (np.array([[0.3, 0.0], [1.0, 2.0]]), np.array([[-1.0, 2.0], [0.5, 0.5]]), 0.5),
    (2.0, -3.0, 0.01),
]


def check_sgd_step(fn):
    """Check ``fn(w, grad, lr) -> new w`` (return a new array; ``w`` may be a float)."""
    hint = likely_mistake(fn, _SGD_CASES, [
        (lambda w, g, lr: w + lr * g, "step *against* the gradient: w - lr * grad"),
        (lambda w, g, lr: w - g, "scale the gradient by the learning rate lr"),
        (lambda w, g, lr: -lr * g, "that is the step alone: add it to w"),
    ], default="move against the gradient, by the learning rate times the gradient; return "
               "the new value (do not only change w in place)")
    return check("SGD step", fn, sgd_step, _SGD_CASES, hint=hint,
                 describe=lambda c: f"lr = {c[2]}")


# ---- exercise 2: an epoch of mini-batches ------------------------------------------------
def minibatch_indices(n, batch_size, seed):
    """Row indices of each mini-batch of one epoch: shuffle once, then cut in order.

    ``order = default_rng(seed).permutation(n)``, batches ``order[0:B], order[B:2B], ...``;
    the last one is smaller when ``B`` does not divide ``n`` (as ``bplab.data.batches``).
    """
    order = np.random.default_rng(seed).permutation(n)
    return [order[start:start + batch_size] for start in range(0, n, batch_size)]


_SPLIT_CASES = [(10, 3, 0), (8, 4, 1), (5, 1, 2), (7, 7, 3), (6, 10, 4)]


def check_minibatch_indices(fn):
    """Check ``fn(n, batch_size, seed) -> list of index arrays`` covering ``range(n)`` once."""
    hint = likely_mistake(fn, _SPLIT_CASES, [
        (lambda n, B, s: [np.arange(n)[i:i + B] for i in range(0, n, B)],
         "shuffle first: order = np.random.default_rng(seed).permutation(n)"),
        (lambda n, B, s: minibatch_indices(n, B, s)[: n // B],
         "keep the last, smaller batch, so every example is seen once per epoch"),
    ], default="shuffle the row indices once with np.random.default_rng(seed).permutation(n), "
               "then cut the shuffled order into consecutive slices of batch_size")
    return check_parts("mini-batch split", fn, minibatch_indices, _SPLIT_CASES, hint=hint,
                       part="batch", describe=lambda c: f"n = {c[0]}, batch_size = {c[1]}")


# ---- exercise 3: the gradient of a mini-batch --------------------------------------------
def line_grad(w, b, x, y):
    """Gradient of the mean squared error of the line ``w x + b`` on a batch ``(x, y)``.

    .. math::
       L = \\frac{1}{B} \\sum_n (w x_n + b - y_n)^2, \\quad
       \\frac{\\partial L}{\\partial w} = \\frac{2}{B} \\sum_n r_n x_n, \\quad
       \\frac{\\partial L}{\\partial b} = \\frac{2}{B} \\sum_n r_n
    """
    r = w * x + b - y
    return 2.0 * np.mean(r * x), 2.0 * np.mean(r)


def _line_cases():
    rng = np.random.default_rng(4)
    return [(0.5, -0.2, rng.standard_normal(n), rng.standard_normal(n)) for n in (1, 4, 16)]


def check_line_grad(fn):
    """Check ``fn(w, b, x, y) -> (dL/dw, dL/db)`` for ``L = mean((w x + b - y)^2)``."""
    cases = _line_cases()
    hint = likely_mistake(fn, cases[1:], [
        (lambda w, b, x, y: (np.mean((w * x + b - y) * x), np.mean(w * x + b - y)),
         "the derivative of r² is 2r: both gradients miss the factor 2"),
        (lambda w, b, x, y: tuple(len(x) * np.array(line_grad(w, b, x, y))),
         "divide by the batch size: L is the *mean* over the batch"),
    ], default="with the residual r = w*x + b - y, apply the chain rule to mean(r²): "
               "d(r²) = 2 r dr, and dr/dw = x, dr/db = 1")
    return check_parts("mini-batch gradient of the line fit", fn, line_grad, cases,
                       names=["dL/dw", "dL/db"], hint=hint,
                       describe=lambda c: f"batch of {len(c[2])}")
