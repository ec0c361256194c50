"""The checkers of notebook 11 accept global-norm and value clipping, reject the usual slips."""

import numpy as np

from bplab.exercises.clipping import check_clip_by_norm, check_clip_by_value, check_global_norm


def stub(*args):
    raise NotImplementedError


def global_norm(grads):
    return np.sqrt(sum(np.sum(g**2) for g in grads))


def clip_by_norm(grads, max_norm):
    scale = min(1.0, max_norm / global_norm(grads))
    return [g * scale for g in grads]


def test_global_norm_verdicts():
    assert check_global_norm(global_norm).status == "correct"
    summed = check_global_norm(lambda grads: sum(np.linalg.norm(g) for g in grads))
    assert summed.status == "wrong" and "not the sum of the per-array norms" in summed.message
    assert check_global_norm(stub).status == "not attempted"


def test_clip_by_norm_verdicts():
    assert check_clip_by_norm(clip_by_norm)
    per_array = check_clip_by_norm(
        lambda grads, m: [g * min(1.0, m / np.linalg.norm(g)) for g in grads])
    assert per_array.status == "wrong" and "one factor for all arrays" in per_array.message
    always = check_clip_by_norm(lambda grads, m: [g * m / global_norm(grads) for g in grads])
    assert always.status == "wrong" and "case 2" in always.message
    assert check_clip_by_norm(stub).status == "not attempted"


def test_clip_by_value_verdicts():
    assert check_clip_by_value(lambda grads, c: [np.clip(g, -c, c) for g in grads])
    one_sided = check_clip_by_value(lambda grads, c: [np.minimum(g, c) for g in grads])
    assert one_sided.status == "wrong" and "np.clip" in one_sided.message
    assert check_clip_by_value(stub).status == "not attempted"
