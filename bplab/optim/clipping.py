"""Gradient clipping, as ``torch.nn.utils.clip_grad_norm_`` / ``clip_grad_value_`` compute it.

Both are pure: they return new arrays and leave the gradients given to them alone.
"""

import math

import numpy as np

__all__ = ["clip_grad_norm", "clip_grad_value"]


def _grad_list(grads):
    if isinstance(grads, np.ndarray) or not isinstance(grads, (list, tuple)):
        raise TypeError(f"grads must be a list of arrays, got {type(grads).__name__}")
    out = []
    for i, g in enumerate(grads):
        try:
            out.append(np.asarray(g, dtype=float))
        except (TypeError, ValueError):
            raise TypeError(f"grads[{i}] must be an array of numbers, "
                            f"got {type(g).__name__}") from None
    return out


def clip_grad_norm(grads, max_norm, norm_type=2.0):
    r"""Scale all gradients together so that their joint norm is at most ``max_norm``.

    .. math::
       \|g\| = \Big\| \big(\|g_1\|_p, \ldots, \|g_n\|_p\big) \Big\|_p, \qquad
       g_i \leftarrow g_i \cdot \min\!\Big(1, \frac{\text{max\_norm}}{\|g\| + 10^{-6}}\Big)

    Parameters
    ----------
    grads : list of ndarray
    max_norm : float
    norm_type : float
        Any :math:`p > 0`, or ``inf`` for the largest absolute entry.

    Returns
    -------
    clipped : list of ndarray
        New arrays. As in torch, the 1e-6 keeps a gradient already at ``max_norm``
        a hair below it.
    total_norm : float
        The joint norm *before* clipping (what torch returns, for logging).
    """
    grads = _grad_list(grads)
    if not (isinstance(max_norm, (int, float, np.floating, np.integer)) and max_norm >= 0):
        raise ValueError(f"max_norm must be a number >= 0, got {max_norm!r}")
    try:
        p = float(norm_type)
    except (TypeError, ValueError):
        p = math.nan
    if not (p > 0):
        raise ValueError(f"norm_type must be > 0 or inf, got {norm_type!r}")
    if not grads:
        return [], 0.0
    norms = np.array([np.linalg.norm(g.ravel(), ord=p) for g in grads])
    total = float(np.linalg.norm(norms, ord=p))
    coef = min(max_norm / (total + 1e-6), 1.0) if not math.isnan(total) else math.nan
    return [g * coef for g in grads], total


def clip_grad_value(grads, clip_value):
    r"""Clamp every gradient entry to ``[-clip_value, clip_value]``.

    Unlike norm clipping this changes the gradient's direction.

    Returns
    -------
    list of ndarray
        New arrays.
    """
    grads = _grad_list(grads)
    if not (isinstance(clip_value, (int, float, np.floating, np.integer)) and clip_value >= 0):
        raise ValueError(f"clip_value must be a number >= 0, got {clip_value!r}")
    return [np.clip(g, -clip_value, clip_value) for g in grads]
