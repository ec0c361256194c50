import numpy as np
import pytest

from bplab.nn import RNN, Dropout, Linear, ReLU, Sequential, Sigmoid, Tanh, init


def test_linear_shapes_keys_and_forward():
    layer = Linear(3, 4, seed=0)
    assert set(layer.params) == set(layer.grads) == {"W", "b"}
    assert layer.params["W"].shape == (3, 4) and layer.params["b"].shape == (4,)
    assert layer.params["W"].dtype == np.float64
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(layer(x), x @ layer.params["W"] + layer.params["b"])


def test_linear_backward_formulas_and_leading_axes():
    layer = Linear(3, 2, seed=1)
    x = np.random.default_rng(0).normal(size=(4, 5, 3))
    dout = np.random.default_rng(1).normal(size=(4, 5, 2))
    layer.forward(x)
    dx = layer.backward(dout)
    np.testing.assert_allclose(dx, dout @ layer.params["W"].T)
    np.testing.assert_allclose(layer.grads["W"], np.einsum("abi,abj->ij", x, dout))
    np.testing.assert_allclose(layer.grads["b"], dout.sum(axis=(0, 1)))


def test_linear_seed_is_deterministic_and_init_is_a_choice():
    def weights(seed):
        return Linear(5, 5, seed=seed).params["W"]

    np.testing.assert_array_equal(weights(3), weights(3))
    assert not np.array_equal(weights(3), weights(4))
    np.testing.assert_array_equal(Linear(5, 5, init="zeros").params["W"], 0.0)
    custom = Linear(2, 3, init=lambda fan_in, fan_out, rng: np.ones((fan_in, fan_out)))
    np.testing.assert_array_equal(custom.params["W"], 1.0)


def test_gradients_are_overwritten_in_place():
    layer = Linear(2, 2, seed=0)
    grads = layer.gradients()
    for _ in range(2):
        layer.forward(np.ones((1, 2)))
        layer.backward(np.ones((1, 2)))
    np.testing.assert_array_equal(grads[0], np.ones((2, 2)))
    layer.zero_grad()
    assert layer.grad_norm() == 0.0


@pytest.mark.parametrize("name, expected_var", [("he", 2 / 400), ("xavier", 2 / 600),
                                                 ("normal", 1e-4)])
def test_initializer_variances(name, expected_var):
    W = init.get(name)(400, 200, np.random.default_rng(0))
    assert W.shape == (400, 200)
    assert abs(W.var() / expected_var - 1) < 0.05
    assert abs(W.mean()) < 0.01


def test_unknown_initializer_lists_the_names():
    with pytest.raises(ValueError, match="he, normal, xavier, zeros"):
        Linear(2, 2, init="kaiming_typo")


def test_linear_wrong_width_says_expected_and_got():
    with pytest.raises(ValueError, match=r"3 features.*\(5, 4\)"):
        Linear(3, 2).forward(np.zeros((5, 4)))


@pytest.mark.parametrize("args", [(0, 3), (3, -1), (2.5, 3)])
def test_linear_rejects_bad_sizes(args):
    with pytest.raises((ValueError, TypeError), match="features"):
        Linear(*args)


@pytest.mark.parametrize("make", [lambda: Linear(2, 2), ReLU, Tanh, Sigmoid, Dropout,
                                  lambda: Sequential(Linear(2, 2), ReLU()), lambda: RNN(2, 2)])
def test_backward_before_forward_is_a_clear_error(make):
    with pytest.raises(RuntimeError, match="before forward"):
        make().backward(np.zeros((1, 2)))


def test_backward_with_wrong_dout_shape():
    layer = Tanh()
    layer.forward(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        layer.backward(np.zeros((3, 2)))


def test_activations_forward_and_backward():
    x = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0]])
    dout = np.ones_like(x)
    relu = ReLU()
    np.testing.assert_array_equal(relu(x), [[0, 0, 0, 0.5, 2]])
    np.testing.assert_array_equal(relu.backward(dout), [[0, 0, 0, 1, 1]])
    tanh = Tanh()
    np.testing.assert_allclose(tanh(x), np.tanh(x))
    np.testing.assert_allclose(tanh.backward(dout), 1 - np.tanh(x) ** 2)
    sig = Sigmoid()
    s = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(sig(x), s)
    np.testing.assert_allclose(sig.backward(dout), s * (1 - s))
    assert relu.params == {} and relu.grads == {} and relu.parameters() == []


def test_sigmoid_is_stable_at_extremes():
    out = Sigmoid().forward(np.array([-1000.0, 1000.0]))
    np.testing.assert_array_equal(out, [0.0, 1.0])


def test_sequential_params_order_activations_and_grads():
    model = Sequential(Linear(3, 4, seed=0), Tanh(), Linear(4, 2, seed=1))
    assert list(model.params) == ["0.W", "0.b", "2.W", "2.b"]
    assert [p.shape for p in model.parameters()] == [(3, 4), (4,), (4, 2), (2,)]
    assert model.parameters()[0] is model.layers[0].params["W"]
    x = np.ones((5, 3))
    out = model(x)
    assert [a.shape for a in model.activations] == [(5, 4), (5, 4), (5, 2)]
    assert model.activations[-1] is out
    dx = model.backward(np.ones((5, 2)))
    assert dx.shape == (5, 3) and model.input_grad is dx
    assert [g.shape for g in model.activation_grads] == [(5, 4), (5, 4), (5, 2)]
    assert [g.shape for g in model.gradients()] == [(3, 4), (4,), (4, 2), (2,)]
    assert model.gradients()[2] is model.layers[2].grads["W"]
    assert set(model.grad_norms()) == {"0.Linear", "2.Linear"}


def test_sequential_modes_predict_and_repr():
    model = Sequential(Linear(2, 3, seed=0), Dropout(0.5, seed=0), Linear(3, 3, seed=1))
    assert model.training and model.layers[1].training
    model.eval()
    assert not model.layers[1].training
    model.train()
    labels = model.predict(np.ones((4, 2)))
    assert labels.shape == (4,) and np.issubdtype(labels.dtype, np.integer)
    assert model.training, "predict must restore training mode"
    np.testing.assert_array_equal(labels, model.predict(np.ones((4, 2))))
    text = repr(model)
    assert "(0): Linear(in_features=2, out_features=3, init='he')" in text
    assert "(1): Dropout(p=0.5)" in text
    regression = Sequential(Linear(2, 1, seed=0))
    assert regression.predict(np.ones((4, 2))).shape == (4, 1)


def test_sequential_rejects_non_layers():
    with pytest.raises(TypeError, match="layer 1"):
        Sequential(Linear(2, 2), "relu")
