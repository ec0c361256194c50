"""Exercises of notebook 02: the backpropagation algorithm and gradient checking.

- :func:`check_linear_backward` — the three gradients of ``y = x W + b``.
- :func:`check_softmax_ce_grad` — the gradient of the mean softmax cross-entropy.
- :func:`check_relative_error` — the number a gradient check reports.
"""

import numpy as np

from bplab.exercises.checking import check, check_parts, likely_mistake

__all__ = [
    "check_linear_backward",
    "check_relative_error",
    "check_softmax_ce_grad",
    "linear_backward",
    "relative_error",
    "softmax_ce_grad",
]


# ---- exercise 1: Linear's backward -------------------------------------------------------
def linear_backward(x, W, b, dout):
    """``(dx, dW, db)`` of ``y = x @ W + b`` for the upstream gradient ``dout = dL/dy``.

    .. math:: dx = dout\\,W^T, \\quad dW = x^T dout, \\quad db = \\textstyle\\sum_n dout_n
    """
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


def _linear_cases():
    rng = np.random.default_rng(2)
    cases = []
    for n, d_in, d_out in [(4, 3, 2), (1, 2, 5), (6, 4, 4)]:
        cases.append((rng.standard_normal((n, d_in)), rng.standard_normal((d_in, d_out)),
                      rng.standard_normal(d_out), rng.standard_normal((n, d_out))))
    return cases


def check_linear_backward(fn):
    """Check ``fn(x, W, b, dout) -> (dx, dW, db)`` for ``y = x @ W + b``.

    Shapes: ``x`` (N, in), ``W`` (in, out), ``b`` (out,), ``dout`` (N, out).
    """
    cases = _linear_cases()
    hint = likely_mistake(fn, cases, [
        (lambda x, W, b, d: (d @ W.T, x.T @ d, d.mean(axis=0)),
         "db is a *sum* over the batch, not a mean: the 1/N already sits in dout"),
        (lambda x, W, b, d: (d @ W.T, x.T @ d / len(x), d.sum(axis=0)),
         "dW is a *sum* over the batch, not a mean: the 1/N already sits in dout"),
        (lambda x, W, b, d: (d @ W.T, x.T @ d, d),
         "db must add dout over the batch rows (axis 0): b is shared by every row"),
    ], default="each gradient has its variable's shape: dx like x (N, in), dW like W "
               "(in, out), db like b (out,); build each from dout and the other factor")
    return check_parts("Linear backward", fn, linear_backward, cases, names=["dx", "dW", "db"],
                       hint=hint, describe=lambda c: f"x of shape {c[0].shape}, "
                                                     f"W of shape {c[1].shape}")


# ---- exercise 2: softmax cross-entropy ---------------------------------------------------
def softmax_ce_grad(logits, labels):
    """d/dz of ``mean_n -log softmax(z_n)[y_n]``: ``(softmax(z) - onehot(y)) / N``."""
    z = logits - logits.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1.0
    return p / len(labels)


def _softmax_cases():
    rng = np.random.default_rng(3)
    return [(rng.standard_normal((5, 3)), np.array([0, 2, 1, 1, 0])),
            (rng.standard_normal((1, 4)) * 3.0, np.array([3])),
            (np.array([[1000.0, 0.0], [-1000.0, 0.0]]), np.array([1, 1]))]


def check_softmax_ce_grad(fn):
    """Check ``fn(logits, labels) -> dL/dlogits`` for the mean softmax cross-entropy.

    ``logits`` has shape (N, classes), ``labels`` holds N integer class indices. The last
    case has logits of ±1000: subtract each row's maximum before ``exp``.
    """
    cases = _softmax_cases()
    hint = likely_mistake(fn, cases[:2], [
        (lambda z, y: softmax_ce_grad(z, y) * len(y),
         "divide by N: the loss is the *mean* over the batch"),
        (lambda z, y: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True) / len(y),
         "subtract 1 at each row's true class: the gradient is softmax(z) - onehot(y)"),
    ], default="softmax each row (subtract the row's max before exp), then differentiate "
               "-log p[y] of each row and average over the N rows")
    return check("softmax cross-entropy gradient", fn, softmax_ce_grad, cases, hint=hint,
                 describe=lambda c: f"logits of shape {c[0].shape}")


# ---- exercise 3: relative error ----------------------------------------------------------
def relative_error(a, b, floor=1e-12):
    """Largest entrywise relative error between two gradients (CS231n's gradient check).

    .. math:: \\max_i \\frac{|a_i - b_i|}{\\max(|a_i| + |b_i|,\\ \\text{floor})}

    Around 1e-7 or less means the analytic gradient agrees with the numerical one; 1e-2
    or more means a bug (or a kink, such as ReLU's at 0, between the probe points).
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)))


_RELERR_CASES = [
    (np.array([1.0, -2.0, 3.0]), np.array([1.0, -2.0, 3.0])),
    (np.array([1.0, 200.0]), np.array([1.5, 201.0])),
    (np.array([[1e-3, 0.5], [2.0, -4.0]]), np.array([[2e-3, 0.5], [2.0, -4.1]])),
    (np.array([0.0, 1.0]), np.array([0.0, 1.0])),
]


def check_relative_error(fn):
    """Check ``fn(a, b) -> max_i |a_i - b_i| / max(|a_i| + |b_i|, 1e-12)``.

    The last case has an entry that is 0 in both arrays: the floor keeps it from being 0/0.
    """
    hint = likely_mistake(fn, _RELERR_CASES[:3], [
        (lambda a, b: np.max(np.abs(a - b)),
         "that is the absolute error: divide each |a_i - b_i| by |a_i| + |b_i|"),
        (lambda a, b: np.mean(np.abs(a - b) / (np.abs(a) + np.abs(b))),
         "report the *largest* entry (np.max), not the mean: one bad entry is a bug"),
        (lambda a, b: np.max(np.abs(a - b) / np.abs(a)),
         "divide by |a_i| + |b_i|, so neither array is treated as the truth"),
    ], default="divide each |a_i - b_i| by |a_i| + |b_i| (but by at least 1e-12), then "
               "report the largest ratio")
    return check("relative error", fn, relative_error, _RELERR_CASES, hint=hint, atol=1e-12,
                 describe=lambda c: f"arrays of shape {c[0].shape}")
