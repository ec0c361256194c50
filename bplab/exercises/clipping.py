"""Exercises for notebook 11: the global gradient norm and the two ways to clip it.

Gradients are lists of arrays, one per parameter, as ``bplab.optim`` takes them. The
references are ``bplab.optim.clip_grad_norm`` and ``clip_grad_value`` (torch's numbers).
"""

import numpy as np

from bplab.exercises.checking import check

__all__ = ["check_global_norm", "check_clip_by_norm", "check_clip_by_value"]


def _cases():
    rng = np.random.default_rng(11)
    return [
        [rng.normal(size=(3, 3)) * 10, rng.normal(size=3)],
        [np.array([3.0, 4.0])],
        [rng.normal(size=(2, 4)) * 0.01, rng.normal(size=(4,)) * 0.01, np.array([0.02])],
    ]


def _flat(grads):
    """Concatenate a list of arrays into one vector so one comparison covers all of them."""
    if isinstance(grads, np.ndarray):
        grads = [grads]
    return np.concatenate([np.ravel(np.asarray(g, dtype=float)) for g in grads])


def _global_norm_reference(grads):
    return float(np.sqrt(np.sum(_flat(grads) ** 2)))


def _clip_norm_reference(grads, max_norm):
    from bplab.optim import clip_grad_norm

    return _flat(clip_grad_norm(grads, max_norm)[0])


def _clip_value_reference(grads, clip_value):
    from bplab.optim import clip_grad_value

    return _flat(clip_grad_value(grads, clip_value))


def check_global_norm(fn):
    """Check ``fn(grads) -> float``: the 2-norm of all gradients joined into one vector.

    .. math:: \\|g\\| = \\sqrt{\\textstyle\\sum_i \\sum_j g_{ij}^2}
    """
    cases = [(g,) for g in _cases()]
    return check("global gradient norm", fn, _global_norm_reference, cases,
                 hint="square every entry of every array, add them all up, take one square root "
                      "(not the sum of the per-array norms)")


def check_clip_by_norm(fn):
    """Check ``fn(grads, max_norm) -> list``: rescale all gradients together when too long.

    .. math:: g \\leftarrow g \\cdot \\min\\big(1, \\text{max\\_norm} / \\|g\\|\\big)
    """
    cases = [(g, m) for g, m in zip(_cases(), (1.0, 10.0, 5.0), strict=True)]
    return check("clip by norm", lambda g, m: _flat(fn(g, m)), _clip_norm_reference, cases,
                 rtol=1e-5,
                 hint="one factor for all arrays: min(1, max_norm / total_norm), with total_norm "
                      "the global norm; below the threshold the gradients come back unchanged")


def check_clip_by_value(fn):
    """Check ``fn(grads, clip_value) -> list``: clamp every entry to ``[-clip_value, clip_value]``.

    Unlike clipping by norm, this changes the direction of the gradient.
    """
    cases = [(g, c) for g, c in zip(_cases(), (1.0, 3.5, 0.01), strict=True)]
    return check("clip by value", lambda g, c: _flat(fn(g, c)), _clip_value_reference, cases,
                 hint="clamp every entry of every array to [-clip_value, clip_value] (np.clip does "
                      "that), one new array per parameter; entries inside stay as they are")
