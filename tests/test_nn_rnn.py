import numpy as np
import pytest

from bplab.nn import RNN


def _norms_with_recurrent_scale(scale, T=20):
    rnn = RNN(2, 4, seed=0)
    rnn.params["Wh"][...] = scale * np.eye(4)
    rnn.forward(np.zeros((T, 1, 2)))
    rnn.backward(np.ones((1, 4)))
    return rnn.hidden_grad_norms


def test_shapes_and_parameters():
    rnn = RNN(3, 5, seed=0)
    assert {k: v.shape for k, v in rnn.params.items()} == {"Wx": (3, 5), "Wh": (5, 5), "b": (5,)}
    h = rnn.forward(np.ones((7, 2, 3)))
    assert h.shape == (7, 2, 5)
    assert np.all(np.abs(h) < 1)
    assert rnn.backward(np.ones((7, 2, 5))).shape == (7, 2, 3)
    assert rnn.hidden_grad_norms.shape == (7,)
    assert rnn.h0_grad.shape == (2, 5)
    assert repr(rnn) == "RNN(input_size=3, hidden_size=5, init='xavier')"


def test_forward_is_the_tanh_recurrence():
    rnn = RNN(2, 3, seed=1)
    x = np.random.default_rng(0).normal(size=(4, 2, 2))
    h0 = np.random.default_rng(1).normal(size=(2, 3))
    out = rnn.forward(x, h0)
    h = h0
    for t in range(4):
        h = np.tanh(x[t] @ rnn.params["Wx"] + h @ rnn.params["Wh"] + rnn.params["b"])
        np.testing.assert_allclose(out[t], h)


def test_last_step_gradient_equals_full_gradient_with_zeros_elsewhere():
    rnn = RNN(2, 3, seed=2)
    x = np.random.default_rng(0).normal(size=(5, 2, 2))
    last = np.random.default_rng(1).normal(size=(2, 3))
    rnn.forward(x)
    dx_last = rnn.backward(last)
    full = np.zeros((5, 2, 3))
    full[-1] = last
    rnn.forward(x)
    np.testing.assert_allclose(rnn.backward(full), dx_last)


def test_gradients_vanish_with_a_contracting_recurrence():
    norms = _norms_with_recurrent_scale(0.5)
    np.testing.assert_allclose(norms[:-1] / norms[1:], 0.5)
    assert norms[0] < 1e-5 * norms[-1]


def test_gradients_explode_with_an_expanding_recurrence():
    norms = _norms_with_recurrent_scale(1.5)
    np.testing.assert_allclose(norms[:-1] / norms[1:], 1.5)
    assert norms[0] > 1e3 * norms[-1]


@pytest.mark.parametrize("x, match", [
    (np.zeros((4, 3)), r"\(T, batch, 2\)"),
    (np.zeros((4, 1, 3)), r"\(T, batch, 2\)"),
])
def test_wrong_input_shape(x, match):
    with pytest.raises(ValueError, match=match):
        RNN(2, 3).forward(x)


def test_wrong_h0_and_dh_shapes():
    rnn = RNN(2, 3)
    with pytest.raises(ValueError, match="h0"):
        rnn.forward(np.zeros((4, 1, 2)), h0=np.zeros((2, 3)))
    rnn.forward(np.zeros((4, 1, 2)))
    with pytest.raises(ValueError, match=r"\(4, 1, 3\)"):
        rnn.backward(np.zeros((1, 4)))
    with pytest.raises(ValueError, match=r"\(4, 1, 3\)"):
        rnn.backward(np.zeros((3, 1, 3)))
