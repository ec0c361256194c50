"""The checkers of notebook 14: inverted dropout forward (train and eval) and backward."""

import numpy as np

from bplab.exercises.dropout import check_dropout_backward, check_dropout_forward
from bplab.nn import Dropout


def stub(*args):
    raise NotImplementedError


def dropout_forward(x, p, u, training):
    if not training or p == 0:
        return x
    return x * (u >= p) / (1 - p)


def test_dropout_forward_verdicts():
    assert check_dropout_forward(dropout_forward).status == "correct"
    unscaled = check_dropout_forward(lambda x, p, u, t: x * (u >= p) if t else x)
    assert unscaled.status == "wrong" and "constant factor" in unscaled.message
    assert "divide the kept ones by 1 - p" in unscaled.message
    keeps_dropped = check_dropout_forward(lambda x, p, u, t: x * (u < p) / (1 - p) if t else x)
    assert keeps_dropped.status == "wrong" and "p=0.5, training=True" in keeps_dropped.message
    always_on = check_dropout_forward(lambda x, p, u, t: dropout_forward(x, p, u, True))
    assert always_on.status == "wrong" and "training=False" in always_on.message
    assert check_dropout_forward(stub).status == "not attempted"


def test_reference_matches_the_layer():
    layer = Dropout(0.3, seed=4)
    x = np.random.default_rng(0).normal(size=(3, 6))
    u = np.random.default_rng(4).random(x.shape)
    assert np.allclose(layer.forward(x), dropout_forward(x, 0.3, u, True))


def test_dropout_backward_verdicts():
    assert check_dropout_backward(lambda d, p, u: d * (u >= p) / (1 - p)).status == "correct"
    unmasked = check_dropout_backward(lambda d, p, u: d / (1 - p))
    assert unmasked.status == "wrong" and "same mask" in unmasked.message
    unscaled = check_dropout_backward(lambda d, p, u: d * (u >= p))
    assert unscaled.status == "wrong" and "constant factor" in unscaled.message
    assert check_dropout_backward(stub).status == "not attempted"
