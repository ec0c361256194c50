import numpy as np
import pytest

from bplab.nn import Dropout


def test_kept_units_are_scaled_and_fraction_kept_is_one_minus_p():
    layer = Dropout(0.3, seed=0)
    x = np.ones((200, 500))
    y = layer(x)
    kept = y != 0
    np.testing.assert_allclose(y[kept], 1 / 0.7)
    assert abs(kept.mean() - 0.7) < 0.005
    assert abs(y.mean() - 1.0) < 0.01


def test_backward_uses_the_forward_mask():
    layer = Dropout(0.5, seed=1)
    x = np.random.default_rng(0).normal(size=(10, 10))
    y = layer(x)
    dout = np.random.default_rng(1).normal(size=(10, 10))
    dx = layer.backward(dout)
    np.testing.assert_allclose(dx, np.where(y != 0, 2.0 * dout, 0.0))


def test_eval_mode_is_identity_and_new_layer_trains():
    layer = Dropout(0.9, seed=0)
    assert layer.training
    x = np.random.default_rng(0).normal(size=(5, 5))
    assert layer.eval() is layer
    np.testing.assert_array_equal(layer(x), x)
    np.testing.assert_array_equal(layer.backward(np.ones((5, 5))), 1.0)
    layer.train()
    assert not np.array_equal(layer(x), x)


def test_p_one_gives_zeros_and_p_zero_identity():
    x = np.ones((3, 4))
    drop_all = Dropout(1.0, seed=0)
    np.testing.assert_array_equal(drop_all(x), 0.0)
    np.testing.assert_array_equal(drop_all.backward(x), 0.0)
    np.testing.assert_array_equal(Dropout(0.0)(x), x)


def test_seeded_masks_are_reproducible_and_fresh_each_call():
    x = np.ones((4, 8))
    a, b = Dropout(0.5, seed=2), Dropout(0.5, seed=2)
    first = a(x)
    np.testing.assert_array_equal(first, b(x))
    assert not np.array_equal(first, a(x))


@pytest.mark.parametrize("p", [-0.1, 1.5, "half", None, True])
def test_p_outside_unit_interval_is_rejected(p):
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        Dropout(p)
