"""The public contract of ../shared/DESIGN.md, pinned through the public API.

Each test names the contract clause it checks. Signatures are compared against the text
of DESIGN.md itself (parameter order and defaults); behaviour is checked on small cases
whose answers are known in closed form. Bad input lives in test_contract_errors.py.
"""

import inspect
import math
import warnings

import numpy as np
import pytest

from bplab import autodiff as ad
from bplab import data, landscapes, nn, optim
from bplab.autodiff import Dual, Tensor, Value

# ---- signatures, exactly as DESIGN.md writes them ------------------------------------------
SIGNATURES = [
    (ad.Value, "data, label=''"),
    (ad.Tensor, "data, requires_grad=True"),
    (Tensor(1.0).sum, "axis=None, keepdims=False"),
    (Tensor(1.0).mean, "axis=None, keepdims=False"),
    (Tensor(1.0).reshape, "*shape"),
    (ad.Dual, "primal, tangent"),
    (ad.softmax, "x, axis=-1"),
    (ad.log_softmax, "x, axis=-1"),
    (ad.logsumexp, "x, axis=-1"),
    (ad.numerical_grad, "f, x, h=1e-5"),
    (nn.Linear, "in_features, out_features, init='he', seed=None"),
    (nn.Dropout, "p"),
    (nn.Sequential, "*layers"),
    (nn.RNN, "input_size, hidden_size"),
    (optim.SGD, "params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=False"),
    (optim.Adagrad, "params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, "
                    "eps=1e-10"),
    (optim.RMSprop, "params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, "
                    "centered=False"),
    (optim.Adam, "params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, "
                 "decoupled_weight_decay=False"),
    (optim.AdamW, "params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, "
                  "amsgrad=False"),
    (optim.NAdam, "params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, "
                  "momentum_decay=4e-3, decoupled_weight_decay=False"),
    (optim.newton_step, "x, grad, hessian, lr=1.0, damping=0.0"),
    (optim.clip_grad_norm, "grads, max_norm, norm_type=2.0"),
    (optim.clip_grad_value, "grads, clip_value"),
    (optim.step_lr, "lr, step_size, gamma=0.1"),
    (optim.exponential_lr, "lr, gamma"),
    (optim.cosine_annealing_lr, "lr, T_max, eta_min=0.0"),
    (optim.linear_lr, "lr, start_factor=1/3, end_factor=1.0, total_iters=5"),
    (optim.trajectory, "make_optimizer, landscape, x0, steps"),
    (landscapes.quadratic, "condition_number"),
    (landscapes.get, "name"),
]


@pytest.mark.parametrize("fn, spec", SIGNATURES, ids=[s[1][:40] for s in SIGNATURES])
def test_signature_matches_design(fn, spec):
    """The contract's parameters come first, in its order, with its defaults; more may follow."""
    expected = list(inspect.signature(eval(f"lambda {spec}: None")).parameters.values())
    actual = list(inspect.signature(fn).parameters.values())
    assert [p.name for p in actual[:len(expected)]] == [p.name for p in expected]
    for want, got in zip(expected, actual, strict=False):
        assert got.kind == want.kind, want.name
        if want.default is not inspect.Parameter.empty:
            assert got.default == want.default, want.name


def test_tensor_backward_takes_create_graph_false_by_default():
    assert inspect.signature(Tensor(1.0).backward).parameters["create_graph"].default is False


# ---- bplab.autodiff: Value ------------------------------------------------------------------
def test_value_ops_and_their_gradients():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    out = (a * b + a / b - b ** 2 + (-a)).tanh() + a.exp().log() + b.relu() + a.sigmoid()
    out = out + 1.0 - 2.0 * a + 1.0 / a + a ** b + 2.0 ** a
    out.backward()
    x, y = 2.0, -3.0
    inner = x * y + x / y - y * y - x
    dtanh = 1 - math.tanh(inner) ** 2
    s = 1 / (1 + math.exp(-x))
    da = (dtanh * (y + 1 / y - 1) + 1 + s * (1 - s) - 2 - 1 / x ** 2 + y * x ** (y - 1)
          + 2 ** x * math.log(2))
    db = dtanh * (x - x / y ** 2 - 2 * y) + x ** y * math.log(x)
    assert math.isclose(a.grad, da, rel_tol=1e-12)
    assert math.isclose(b.grad, db, rel_tol=1e-12)


def test_value_keeps_parents_op_label_and_topological_order():
    a, b = Value(1.0, label="a"), Value(2.0)
    c = a * b
    assert (c.op, c.parents, a.label, a.op, a.parents) == ("*", (a, b), "a", "", ())
    order = (c + a).topological_order()
    assert order[-1].op == "+" and order.index(a) < order.index(c)


def test_value_backward_accumulates_until_zero_grad():
    a = Value(3.0)
    y = a * a
    y.backward()
    y.backward()
    assert a.grad == 12.0
    y.zero_grad()
    assert a.grad == 0.0 and y.grad == 0.0


def test_value_backward_is_iterative():
    x = root = Value(1.0)
    for _ in range(50_000):  # 50 times the default recursion limit
        x = x * 1.0
    x.backward()
    assert root.grad == 1.0


# ---- bplab.autodiff: Tensor -----------------------------------------------------------------
def test_tensor_is_float64_and_requires_grad_by_default():
    t = Tensor([1, 2, 3])
    assert t.data.dtype == np.float64 and t.requires_grad


def test_broadcasting_gradients_are_summed_over_the_stretched_axes():
    a, b = Tensor(np.ones((2, 3))), Tensor(np.arange(3.0).reshape(1, 3))
    c = Tensor(2.0)
    (a * b * c + b - c / a).sum().backward()
    assert a.grad.shape == (2, 3) and b.grad.shape == (1, 3) and c.grad.shape == ()
    np.testing.assert_allclose(b.grad, [[6.0, 6.0, 6.0]])  # sum over rows of (a c + 1)
    np.testing.assert_allclose(c.grad, 2 * 3.0 - 6.0)


@pytest.mark.parametrize("shapes", [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)),
                                    ((2, 3), (3, 4)), ((5, 2, 3), (3, 4)), ((5, 2, 3), (5, 3, 4))])
def test_matmul_1d_2d_batched_against_numerical_grad(shapes):
    rng = np.random.default_rng(0)
    A, B = rng.standard_normal(shapes[0]), rng.standard_normal(shapes[1])
    assert (Tensor(A) @ Tensor(B)).shape == (A @ B).shape
    g = ad.grad(lambda a: ((a @ Tensor(B, requires_grad=False)) ** 2).sum())(A)
    np.testing.assert_allclose(g, ad.numerical_grad(lambda a: ((a @ B) ** 2).sum(), A), rtol=1e-6)


def test_shape_ops_and_reductions_route_gradients_back():
    x = np.arange(6.0).reshape(2, 3)

    def f(t):
        return ((t.T.reshape(6) * 1.0).sum() + t.sum(axis=0, keepdims=True).mean() * 3.0
                + t.mean(axis=1).sum() + t[1].sum() * 2.0 + t[:, 1:].sum() + t[0, 0] * 5.0)

    assert f(Tensor(x)).shape == ()
    expected = 1 + 1 + 1 / 3 + np.array([[5, 1, 1], [2, 3, 3]])
    np.testing.assert_allclose(ad.grad(f)(x), expected)


def test_softmax_family_is_stable_at_plus_minus_1000():
    z = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0]])
    np.testing.assert_allclose(ad.softmax(Tensor(z)).data, [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]])
    np.testing.assert_allclose(ad.log_softmax(Tensor(z)).data,
                               [[0, -2000, -1000], [-np.log(3)] * 3])
    np.testing.assert_allclose(ad.logsumexp(Tensor(z)).data, [1000, -1000 + np.log(3)])
    for fn in (ad.softmax, ad.log_softmax, ad.logsumexp):
        g = ad.grad(lambda t, fn=fn: (fn(t) ** 2).sum())(z)
        assert np.isfinite(g).all()
    np.testing.assert_allclose(ad.grad(lambda t: ad.logsumexp(t).sum())(z),
                               [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]])
    np.testing.assert_allclose(ad.softmax(Tensor(z.T), axis=0).data, ad.softmax(Tensor(z)).data.T)


def test_elementwise_functions_match_their_derivatives():
    x = np.array([-1.5, 0.3, 2.0])
    for fn, d in [(ad.exp, np.exp(x)), (ad.tanh, 1 - np.tanh(x) ** 2),
                  (ad.sigmoid, np.exp(-x) / (1 + np.exp(-x)) ** 2), (ad.relu, x > 0)]:
        np.testing.assert_allclose(ad.grad(lambda t, fn=fn: fn(t).sum())(x), d, rtol=1e-12)
    np.testing.assert_allclose(ad.grad(lambda t: ad.log(t).sum())(x ** 2), 1 / x ** 2)


def test_create_graph_makes_the_gradient_differentiable():
    x = Tensor([1.0, 2.0])
    (x ** 3).sum().backward(create_graph=True)
    assert isinstance(x.grad, Tensor)  # 3 x^2, itself a graph
    g = x.grad
    x.grad = None
    g.sum().backward()
    np.testing.assert_allclose(x.grad, [6.0, 12.0])


def test_tensor_backward_is_iterative():
    x = root = Tensor([1.0])
    for _ in range(20_000):
        x = x * 1.0
    x.sum().backward()
    np.testing.assert_array_equal(root.grad, [1.0])


def test_tensor_backward_accumulates_into_leaves():
    x = Tensor([3.0])
    (x * x).sum().backward()
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad, [12.0])


# ---- bplab.autodiff: Dual and the transforms ------------------------------------------------
def test_dual_carries_the_derivative_through_the_same_functions():
    for name in ("exp", "log", "tanh", "sigmoid", "relu"):
        d = getattr(ad, name)(Dual(0.7, 1.0))
        g = ad.grad(lambda t, name=name: getattr(ad, name)(t).sum())(np.array([0.7]))
        assert math.isclose(float(d.tangent), float(g[0]), rel_tol=1e-12), name


def f_vec(x):  # numpy constants, so the same f runs on Tensors and on Duals
    return ad.tanh(x @ np.array([[1.0, -2.0, 0.5], [0.3, 0.2, -1.0]]))


def f_scalar(x):
    return (x ** 3).sum() + x[0] * x[1] + ad.logsumexp(x)


def test_transform_shapes_and_values():
    x, v = np.array([0.5, -1.2]), np.array([1.0, 2.0])
    value, g = ad.value_and_grad(f_scalar)(x)
    assert isinstance(value, float) and g.shape == x.shape
    np.testing.assert_allclose(ad.grad(f_scalar)(x), g)
    np.testing.assert_allclose(g, ad.numerical_grad(f_scalar, x), rtol=1e-8)
    J = ad.jacobian(f_vec)(x)
    assert J.shape == (3, 2)
    np.testing.assert_allclose(J, ad.numerical_grad(f_vec, x), rtol=1e-8)
    assert ad.jacobian(lambda t: t.reshape(2, 1) * t)(x).shape == (2, 2, 2)
    H = ad.hessian(f_scalar)(x)
    assert H.shape == (2, 2)
    np.testing.assert_allclose(H, ad.numerical_grad(ad.grad(f_scalar), x), rtol=1e-6)
    np.testing.assert_allclose(ad.hvp(f_scalar)(x, v), H @ v, rtol=1e-12)
    y, Jv = ad.jvp(f_vec)(x, v)
    np.testing.assert_allclose(Jv, J @ v, rtol=1e-12)
    np.testing.assert_allclose(y, f_vec(Tensor(x)).data)
    assert ad.hessian(lambda t: (t ** 4).sum())(np.ones((2, 3))).shape == (2, 3, 2, 3)


def test_hessian_is_exact_not_finite_differenced():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    H = ad.hessian(lambda x: (x @ Tensor(A, requires_grad=False) @ x) / 2.0)(np.array([1e3, -7.0]))
    assert np.array_equal(H, A)


def test_numerical_grad_is_a_central_difference():
    # (f(x+h) - f(x-h)) / 2h = 3x^2 + h^2 for x^3: second order, no (3x h) term
    got = ad.numerical_grad(lambda x: (x ** 3).sum(), np.array([1.0]), h=1e-2)
    np.testing.assert_allclose(got, [3.0 + 1e-4], rtol=1e-10)
    x = np.array([1.0, 2.0])
    ad.numerical_grad(lambda t: (t ** 2).sum(), x)
    assert x.tolist() == [1.0, 2.0]


# ---- bplab.nn -------------------------------------------------------------------------------
def test_linear_weights_are_in_by_out_for_x_at_w():
    layer = nn.Linear(3, 2, seed=0)
    W, b = layer.params["W"], layer.params["b"]
    assert W.shape == (3, 2) and b.shape == (2,) and set(layer.grads) == {"W", "b"}
    x = np.arange(12.0).reshape(4, 3)
    np.testing.assert_allclose(layer.forward(x), x @ W + b)
    dout = np.ones((4, 2))
    dx = layer.backward(dout)
    np.testing.assert_allclose(layer.grads["W"], x.T @ dout)
    np.testing.assert_allclose(layer.grads["b"], [4.0, 4.0])
    np.testing.assert_allclose(dx, dout @ W.T)
    assert np.array_equal(nn.Linear(3, 2, seed=5).params["W"], nn.Linear(3, 2, seed=5).params["W"])


@pytest.mark.parametrize("layer, local", [
    (nn.ReLU(), lambda x, y: (x > 0) * 1.0),
    (nn.Tanh(), lambda x, y: 1 - y ** 2),
    (nn.Sigmoid(), lambda x, y: y * (1 - y)),
])
def test_activations_forward_and_backward(layer, local):
    x = np.array([[-2.0, 0.5], [1.5, -0.1]])
    y = layer.forward(x)
    np.testing.assert_allclose(layer.backward(np.full_like(x, 2.0)), 2.0 * local(x, y))
    assert layer.params == {} and layer.grads == {}


def test_sequential_parameters_and_gradients_match_and_train_with_adam():
    model = nn.Sequential(nn.Linear(1, 8, seed=0), nn.Tanh(), nn.Linear(8, 1, seed=1))
    assert len(model.layers) == 3
    first, last = model.layers[0], model.layers[2]
    expected = [first.params["W"], first.params["b"], last.params["W"], last.params["b"]]
    assert all(p is q for p, q in zip(model.parameters(), expected, strict=True))
    model.forward(np.ones((3, 1)))
    model.backward(np.ones((3, 1)))
    expected = [first.grads["W"], first.grads["b"], last.grads["W"], last.grads["b"]]
    assert all(g is q for g, q in zip(model.gradients(), expected, strict=True))

    X, y = data.regression(n=64, seed=0)
    loss, opt = nn.MSELoss(), optim.Adam(model.parameters(), lr=0.02)
    start = loss.forward(model.forward(X), y[:, None])
    for _ in range(200):
        loss.forward(model.forward(X), y[:, None])
        model.backward(loss.backward())
        opt.step(model.gradients())
    assert loss.forward(model.forward(X), y[:, None]) < 0.2 * start


def test_dropout_p_is_the_drop_probability_with_inverted_scaling():
    layer = nn.Dropout(0.25, seed=0)
    assert layer.training
    x = np.ones((400, 500))
    y = layer.forward(x)
    assert set(np.unique(y)) == {0.0, 1 / 0.75}
    assert abs((y == 0).mean() - 0.25) < 0.005
    np.testing.assert_array_equal(layer.backward(np.full_like(x, 3.0)), 3.0 * y)
    assert layer.eval() is layer and not layer.training
    np.testing.assert_array_equal(layer.forward(x), x)
    layer.train()
    assert layer.training and (layer.forward(x) == 0).any()
    assert not nn.Dropout(1.0).forward(x).any()
    model = nn.Sequential(nn.Linear(500, 3, seed=0), nn.Dropout(0.5, seed=0))
    assert model.eval() is model and not model.layers[1].training  # eval() reaches every layer
    np.testing.assert_array_equal(model.forward(x), model.layers[0].forward(x))
    np.testing.assert_array_equal(nn.Dropout(0.0).forward(x), x)


def test_mse_loss_is_the_mean_over_all_elements():
    loss = nn.MSELoss()
    pred, target = np.array([[1.0, 2.0], [3.0, 4.0], [0.0, 0.0]]), np.zeros((3, 2))
    value = loss.forward(pred, target)
    assert isinstance(value, float) and value == 30.0 / 6
    np.testing.assert_allclose(loss.backward(), 2 * pred / 6)


def test_softmax_cross_entropy_takes_integer_labels_and_the_batch_mean():
    loss = nn.SoftmaxCrossEntropy()
    z = np.array([[1000.0, -1000.0, 0.0], [0.0, 0.0, 0.0]])
    value = loss.forward(z, np.array([2, 1]))
    assert isinstance(value, float)
    assert math.isclose(value, (1000.0 + math.log(3)) / 2, rel_tol=1e-12)
    probs = np.array([[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]])
    np.testing.assert_allclose(loss.backward(), (probs - np.eye(3)[[2, 1]]) / 2, atol=1e-15)


def test_rnn_shapes_and_backprop_through_time():
    rnn = nn.RNN(3, 4, seed=0)
    x = np.random.default_rng(1).standard_normal((5, 2, 3))
    h = rnn.forward(x)
    assert h.shape == (5, 2, 4)
    dh = np.random.default_rng(2).standard_normal(h.shape)
    dx = rnn.backward(dh)
    assert dx.shape == x.shape
    np.testing.assert_allclose(dx, ad.numerical_grad(lambda v: (rnn.forward(v) * dh).sum(), x),
                               rtol=1e-6, atol=1e-9)


# ---- bplab.optim ----------------------------------------------------------------------------
BUFFERS = [
    (lambda ps: optim.SGD(ps, lr=0.1), set()),
    (lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9), {"momentum_buffer"}),
    (lambda ps: optim.Adagrad(ps), {"sum"}),
    (lambda ps: optim.RMSprop(ps), {"square_avg"}),
    (lambda ps: optim.RMSprop(ps, momentum=0.9, centered=True),
     {"square_avg", "momentum_buffer", "grad_avg"}),
    (lambda ps: optim.Adam(ps), {"exp_avg", "exp_avg_sq"}),
    (lambda ps: optim.Adam(ps, amsgrad=True), {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}),
    (lambda ps: optim.AdamW(ps, amsgrad=True), {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}),
    (lambda ps: optim.NAdam(ps), {"exp_avg", "exp_avg_sq", "mu_product"}),
]


@pytest.mark.parametrize("make, buffers", BUFFERS)
def test_state_uses_torch_buffer_names_and_updates_in_place(make, buffers):
    w = np.array([1.0, -2.0])
    opt = make([w])
    opt.step([np.array([0.5, 0.5])])
    assert set(opt.state[0]) == buffers | {"step"} and opt.state[0]["step"] == 1
    assert opt.params[0] is w and w[0] != 1.0


G, EPS, LR = 2.0, 0.5, 0.1  # eps large enough that its placement shows in the numbers
MU1, MU2 = (0.9 * (1 - 0.5 * 0.96 ** (t * 4e-3)) for t in (1, 2))  # NAdam's mu_1, mu_2


@pytest.mark.parametrize("make, expected", [
    (lambda ps: optim.SGD(ps, lr=LR), 1 - LR * G),
    (lambda ps: optim.SGD(ps, lr=LR, weight_decay=0.5), 1 - LR * (G + 0.5)),
    (lambda ps: optim.Adagrad(ps, lr=LR, eps=EPS), 1 - LR * G / (G + EPS)),
    (lambda ps: optim.Adagrad(ps, lr=LR, eps=EPS, initial_accumulator_value=5.0),
     1 - LR * G / (3.0 + EPS)),
    (lambda ps: optim.RMSprop(ps, lr=LR, alpha=0.75, eps=EPS), 1 - LR * G / (G / 2 + EPS)),
    (lambda ps: optim.RMSprop(ps, lr=LR, alpha=0.75, eps=EPS, momentum=0.5),
     1 - LR * G / (G / 2 + EPS)),  # lr outside the buffer, whose first value is g / avg
    (lambda ps: optim.RMSprop(ps, lr=LR, alpha=0.75, eps=EPS, centered=True),
     1 - LR * G / (np.sqrt(0.25 * G ** 2 - (0.25 * G) ** 2) + EPS)),
    (lambda ps: optim.Adam(ps, lr=LR, eps=EPS), 1 - LR * G / (G + EPS)),
    (lambda ps: optim.Adam(ps, lr=LR, eps=EPS, weight_decay=0.5, decoupled_weight_decay=True),
     (1 - LR * 0.5) - LR * G / (G + EPS)),
    (lambda ps: optim.AdamW(ps, lr=LR, eps=EPS), (1 - LR * 1e-2) - LR * G / (G + EPS)),
    # NAdam: m_1 = 0.1 g, d_1 = |g| + eps; the g term has weight (1 - mu_1)/(1 - mu_1) = 1
    (lambda ps: optim.NAdam(ps, lr=LR, eps=EPS),
     1 - LR * (G + MU2 * 0.1 * G / (1 - MU1 * MU2)) / (G + EPS)),
])
def test_one_step_by_hand(make, expected):
    w = np.array([1.0])
    make([w]).step([np.array([G])])
    assert math.isclose(w[0], expected, rel_tol=1e-12)


def test_sgd_momentum_buffer_starts_at_the_gradient():
    w = np.array([0.0])
    opt = optim.SGD([w], lr=1.0, momentum=0.9, dampening=0.5)
    opt.step([np.array([1.0])])
    opt.step([np.array([1.0])])
    assert opt.state[0]["momentum_buffer"][0] == 0.9 * 1.0 + 0.5 * 1.0
    assert w[0] == -(1.0 + 1.4)
    w = np.array([0.0])
    optim.SGD([w], lr=1.0, momentum=0.5, nesterov=True).step([np.array([1.0])])
    assert w[0] == -(1.0 + 0.5 * 1.0)


def test_the_step_after_k_completed_steps_uses_lr_of_k():
    w = np.array([0.0])
    opt = optim.SGD([w], lr=lambda k: [1.0, 10.0, 100.0][k])
    for _ in range(3):
        opt.step([np.array([1.0])])
    assert w[0] == -111.0


def test_schedules_give_torchs_numbers():
    assert [optim.step_lr(1.0, 2, gamma=0.5)(k) for k in range(5)] == [1, 1, 0.5, 0.5, 0.25]
    assert [optim.exponential_lr(2.0, 0.5)(k) for k in range(3)] == [2.0, 1.0, 0.5]
    cos = optim.cosine_annealing_lr(1.0, T_max=4, eta_min=0.2)
    np.testing.assert_allclose([cos(k) for k in (0, 2, 4, 6, 8)], [1.0, 0.6, 0.2, 0.6, 1.0])
    np.testing.assert_allclose([optim.linear_lr(0.3)(k) for k in (0, 1, 5, 9)],
                               [0.1, 0.1 + 0.2 / 5, 0.3, 0.3])
    assert callable(optim.step_lr(0.1, 3))


def test_clip_grad_norm_is_pure_and_returns_the_norm_before_clipping():
    grads = [np.array([3.0, 0.0]), np.array([[4.0]])]
    clipped, total = optim.clip_grad_norm(grads, 1.0)
    assert total == 5.0
    np.testing.assert_allclose(clipped[0], [3.0 / (5.0 + 1e-6), 0.0])
    assert grads[0][0] == 3.0 and clipped[0] is not grads[0]
    unchanged, total = optim.clip_grad_norm(grads, 10.0)
    np.testing.assert_array_equal(unchanged[1], [[4.0]])
    _, inf_norm = optim.clip_grad_norm([np.array([3.0, -7.0]), np.array([5.0])], 1.0, np.inf)
    assert inf_norm == 7.0
    _, l1 = optim.clip_grad_norm(grads, 1.0, norm_type=1.0)
    assert l1 == 7.0


def test_clip_grad_value_is_pure():
    g = [np.array([-3.0, 0.5, 2.0])]
    np.testing.assert_array_equal(optim.clip_grad_value(g, 1.0)[0], [-1.0, 0.5, 1.0])
    assert g[0][0] == -3.0


def test_newton_step_formula():
    x, g, H = np.array([1.0, 2.0]), np.array([3.0, -1.0]), np.array([[2.0, 1.0], [1.0, 3.0]])
    expected = x - 0.5 * np.linalg.solve(H + 0.1 * np.eye(2), g)
    np.testing.assert_allclose(optim.newton_step(x, g, H, lr=0.5, damping=0.1), expected)
    assert x.tolist() == [1.0, 2.0]


def test_trajectory_records_the_run():
    run = optim.trajectory(lambda ps: optim.SGD(ps, lr=0.1), landscapes.quadratic(2.0),
                           np.array([1.0, 1.0]), 5)
    assert run.points.shape == (6, 2) and run.losses.shape == (6,) and run.grad_norms.shape == (6,)
    np.testing.assert_allclose(run.points[:, 1], 0.8 ** np.arange(6))
    np.testing.assert_allclose(run.grad_norms[0], math.hypot(1.0, 2.0))
    assert run.diverged_at is None


def test_trajectory_reports_divergence_without_raising_or_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = optim.trajectory(lambda ps: optim.SGD(ps, lr=1e200), "rosenbrock",
                               np.array([1e150, -1e150]), 50)
        exploding = optim.trajectory(lambda ps: optim.SGD(ps, lr=3.0), "quadratic",
                                     np.array([1.0, 1.0]), 100)
    assert run.diverged_at is not None and "diverged" in run.message
    assert exploding.diverged_at is not None and exploding.steps < 100
    assert np.isfinite(exploding.points).all()


def test_fit_reports_divergence_without_raising_or_warning():
    X, y = data.regression(n=100, seed=0)
    model = nn.Sequential(nn.Linear(1, 32, seed=0), nn.Tanh(), nn.Linear(32, 1, seed=1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = nn.fit(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=10.0), (X, y),
                         epochs=20, batch_size=10, progress=False)
    assert history.diverged_at == len(history.loss) < 20 * history.steps_per_epoch
    assert not np.isfinite(history.loss[-1]) or not np.isfinite(history.total_grad_norm[-1])
    assert all(np.isfinite(p).all() for p in model.parameters())  # the bad step was not applied


# ---- bplab.landscapes and bplab.data ----------------------------------------------------------
@pytest.mark.parametrize("name", ["quadratic", "rosenbrock", "beale", "himmelblau", "saddle",
                                  "rastrigin"])
def test_landscapes_have_analytic_derivatives_minima_and_bounds(name):
    land = landscapes.get(name)
    grid = np.random.default_rng(0).uniform(-1.5, 1.5, size=(4, 3, 2))
    assert land.f(grid).shape == (4, 3)
    assert land.grad(grid).shape == (4, 3, 2) and land.hessian(grid).shape == (4, 3, 2, 2)
    p = grid[1, 2]
    np.testing.assert_allclose(land.grad(p), ad.numerical_grad(land.f, p), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(land.hessian(p), ad.numerical_grad(land.grad, p), rtol=1e-5,
                               atol=1e-5)
    np.testing.assert_allclose(land.grad(land.minima), 0.0, atol=1e-9)
    (x0, x1), (y0, y1) = land.bounds
    assert x0 < x1 and y0 < y1


def test_quadratic_condition_number_is_the_hessians():
    eig = np.linalg.eigvalsh(landscapes.quadratic(25.0).hessian(np.zeros(2)))
    assert math.isclose(eig.max() / eig.min(), 25.0)


@pytest.mark.parametrize("make", [data.spirals, data.moons, data.circles, data.xor])
def test_classification_sets(make):
    X, y = make(n=60, noise=0.1, seed=3)
    assert X.shape == (60, 2) and X.dtype == np.float64
    assert y.shape == (60,) and np.issubdtype(y.dtype, np.integer)
    X2, y2 = make(n=60, noise=0.1, seed=3)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert not np.array_equal(X, make(n=60, noise=0.1, seed=4)[0])


def test_regression_has_float_targets():
    X, y = data.regression(n=50, seed=0)
    assert X.shape == (50, 1) and X.dtype == np.float64 and y.dtype == np.float64


def test_digits_is_the_uci_set():
    X, y = data.digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert X.min() == 0 and X.max() == 16 and np.array_equal(X, np.round(X))
    assert y.shape == (1797,) and set(np.unique(y)) == set(range(10))
