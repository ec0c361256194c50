"""Exercises for notebook 14: inverted dropout's forward and backward pass.

The random draws are passed in (``u``, uniform on [0, 1), one per entry) so an answer can
be checked exactly: an entry is kept when ``u >= p``, which is how ``bplab.nn.Dropout``
draws its mask (``rng.random(shape) >= p``, keeping each entry with probability ``1 - p``).
"""

import numpy as np

from bplab.exercises.checking import check

__all__ = ["check_dropout_forward", "check_dropout_backward"]


def _scaled_mask(p, u):
    """``m / (1 - p)`` with ``m = [u >= p]``; all zeros when ``p = 1``."""
    keep = np.asarray(u) >= p
    return np.zeros(keep.shape) if p >= 1 else keep / (1.0 - p)


def _forward_reference(x, p, u, training):
    if not training or p == 0:
        return np.asarray(x, dtype=float)
    return x * _scaled_mask(p, u)


def _backward_reference(dout, p, u):
    return dout * _scaled_mask(p, u)


def _cases():
    rng = np.random.default_rng(14)
    x = rng.normal(size=(4, 5))
    return [(x, 0.5, rng.random((4, 5))), (x, 0.2, rng.random((4, 5))),
            (np.arange(1.0, 9.0), 0.75, rng.random(8)), (x, 0.0, rng.random((4, 5)))]


def check_dropout_forward(fn):
    """Check ``fn(x, p, u, training)``: inverted dropout with torch's meaning of ``p``.

    .. math:: y = \\begin{cases} x \\odot m / (1 - p), & m_i = [u_i \\ge p]
              & \\text{(training)} \\\\ x & & \\text{(evaluation)} \\end{cases}
    """
    train = [(*c, True) for c in _cases()]
    cases = [train[0], train[1], (*_cases()[0], False), train[2], train[3]]
    return check("dropout forward", fn, _forward_reference, cases,
                 hint="in training keep entry i when u[i] >= p (so it survives with probability "
                      "1 - p) and divide the kept ones by 1 - p; in evaluation return x unchanged",
                 describe=lambda c: f"p={c[1]}, training={c[3]}")


def check_dropout_backward(fn):
    """Check ``fn(dout, p, u)``: the gradient through dropout in training mode.

    The layer is linear in ``x`` for a fixed mask, so its backward pass applies the
    same scaled mask to the upstream gradient:

    .. math:: \\frac{\\partial L}{\\partial x} = \\frac{\\partial L}{\\partial y} \\odot
              \\frac{m}{1 - p}
    """
    return check("dropout backward", fn, _backward_reference, _cases()[:3],
                 hint="a dropped unit passes no gradient and a kept one passes dout times "
                      "1 / (1 - p): the same mask and scale as the forward pass",
                 describe=lambda c: f"p={c[1]}")
