"""Every "Bad input" case of issues 3, 4 and 5: the exception type, and a message that names
the argument (and, where the issue asks, what was expected and what was given).

One table per engine layer; each row is (call, exception, phrase the message must contain).
"""

import numpy as np
import pytest

from bplab import autodiff as ad
from bplab import data, landscapes, nn, optim
from bplab.autodiff import Dual, Tensor, Value


def case(call, exc, phrase, id):
    return pytest.param(call, exc, phrase, id=id)


def check(call, exc, phrase):
    with pytest.raises(exc, match=phrase):
        call()


def nonscalar(x):
    return x * 2.0


# ---- issue 3: bplab.autodiff ----------------------------------------------------------------
M23, V2 = np.ones((2, 3)), np.ones(2)
AUTODIFF = [
    case(lambda: Tensor(M23) @ Tensor(M23), ValueError, r"\(2, 3\) and \(2, 3\)", "matmul-shapes"),
    case(lambda: Tensor(M23) @ np.ones(2), ValueError, r"\(2, 3\) and \(2,\)", "matmul-array"),
    case(lambda: Tensor(np.ones(3)) @ Tensor(M23), ValueError, r"last axis of the left \(3\)",
         "matmul-1d"),
    case(lambda: Tensor(np.ones(3)) @ Tensor(2.0), ValueError, "at least one axis", "matmul-0d"),
    case(lambda: Dual(M23) @ M23, ValueError, r"\(2, 3\) and \(2, 3\)", "dual-matmul-shapes"),
    case(lambda: Tensor(M23) + Tensor(V2), ValueError, r"\+: shapes \(2, 3\) and \(2,\)",
         "add-broadcast"),
    case(lambda: Tensor(M23) - V2, ValueError, r"-: shapes \(2, 3\) and \(2,\)", "sub-broadcast"),
    case(lambda: V2 * Tensor(M23), ValueError, r"\*: shapes \(2,\) and \(2, 3\)", "rmul-broadcast"),
    case(lambda: Tensor(M23) / Tensor(V2), ValueError, r"/: shapes \(2, 3\) and \(2,\)",
         "div-broadcast"),
    case(lambda: Tensor(M23) ** Tensor(V2), ValueError, r"\*\*: shapes \(2, 3\) and \(2,\)",
         "pow-broadcast"),
    case(lambda: Dual(M23) + V2, ValueError, r"shapes \(2, 3\) and \(2,\)", "dual-broadcast"),
    case(lambda: Dual(M23, V2), ValueError, r"tangent shape \(2,\).*primal shape \(2, 3\)",
         "dual-tangent-shape"),
    case(lambda: Tensor(np.ones(3)).reshape(2, 2), ValueError, r"reshape.*\(3,\).*\(2, 2\)",
         "reshape"),
    case(lambda: (Tensor(np.ones(3)) * 2.0).backward(), ValueError,
         r"shape \(3,\), not a single number; pass grad=", "backward-nonscalar"),
    case(lambda: (Tensor(np.ones(3)) * 2.0).backward(np.ones(2)), ValueError,
         r"backward\(grad\): expected shape \(3,\).*got \(2,\)", "backward-grad-shape"),
    case(lambda: (Tensor(np.ones(1)) * 2.0).sum().backward(True), TypeError,
         r"backward\(grad\).*create_graph=True", "backward-bool-grad"),
    case(lambda: Tensor(np.ones(3), requires_grad=False).sum().backward(), ValueError,
         "requires_grad=True", "backward-no-leaf"),
    case(lambda: ad.grad(nonscalar)(np.ones(3)), ValueError,
         r"grad\(f\): f must return a single number.*\(3,\)", "grad-nonscalar"),
    case(lambda: ad.value_and_grad(nonscalar)(np.ones(3)), ValueError, r"grad\(f\).*\(3,\)",
         "value_and_grad-nonscalar"),
    case(lambda: ad.hessian(nonscalar)(np.ones(3)), ValueError, r"hessian\(f\).*\(3,\)",
         "hessian-nonscalar"),
    case(lambda: ad.hvp(nonscalar)(np.ones(3), np.ones(3)), ValueError, r"hvp\(f\).*\(3,\)",
         "hvp-nonscalar"),
    case(lambda: ad.grad(lambda x: float(x.data.sum()))(np.ones(3)), TypeError,
         r"grad\(f\): f returned float; it must return a Tensor", "grad-returns-float"),
    case(lambda: ad.jacobian(lambda x: x.data)(np.ones(3)), TypeError,
         r"jacobian\(f\): f returned ndarray", "jacobian-returns-array"),
    case(lambda: Tensor(np.array([1, None], dtype=object)), TypeError,
         r"Tensor\(data\).*dtype object", "tensor-object"),
    case(lambda: Tensor(np.ones(2, dtype=complex)), TypeError, r"Tensor\(data\).*complex",
         "tensor-complex"),
    case(lambda: Tensor("abc"), TypeError, r"Tensor\(data\): expected real numbers", "tensor-str"),
    case(lambda: ad.grad(lambda x: x.sum())(np.array([1, None], dtype=object)), TypeError,
         r"grad\(f\)\(x\).*object", "grad-object-input"),
    case(lambda: ad.jacobian(nonscalar)(np.array(["a"])), TypeError, r"jacobian\(f\)\(x\)",
         "jacobian-str-input"),
    case(lambda: ad.numerical_grad(lambda x: x.sum(), np.array([1, None], dtype=object)),
         TypeError, r"numerical_grad\(x\)", "numerical_grad-object"),
    case(lambda: ad.numerical_grad(lambda x: x.sum(), np.ones(2), h=0), ValueError,
         "h must be a positive number", "numerical_grad-h"),
    case(lambda: ad.numerical_grad(lambda x: x.sum(), np.ones(2), h=True), ValueError,
         "h must be a positive number", "numerical_grad-h-bool"),
    case(lambda: ad.jvp(nonscalar)(np.ones(3), np.ones(2)), ValueError,
         r"jvp\(f\)\(x, v\): v must have x's shape \(3,\), got \(2,\)", "jvp-v-shape"),
    case(lambda: ad.hvp(lambda x: x.sum())(np.ones(3), np.ones(2)), ValueError,
         r"hvp\(f\)\(x, v\): v must have x's shape", "hvp-v-shape"),
    case(lambda: Value("1.0"), TypeError, r"Value\(data\): expected a real number, got str",
         "value-str"),
    case(lambda: Value(np.ones(2)), TypeError, r"Value\(data\)", "value-array"),
    case(lambda: Value(1.0) + "a", TypeError, r"Value \+ operand.*got str", "value-add-str"),
    case(lambda: Value(2.0) ** "a", TypeError, r"Value \*\* operand.*got str", "value-pow-str"),
    case(lambda: Dual("a"), TypeError, r"Dual\(primal\)", "dual-str"),
    case(lambda: ad.softmax(Value(1.0)), TypeError, "Tensor and Dual", "softmax-of-value"),
]


@pytest.mark.parametrize("call, exc, phrase", AUTODIFF)
def test_autodiff_bad_input(call, exc, phrase):
    check(call, exc, phrase)


def test_integer_inputs_are_cast_to_float64_without_surprise():
    g = ad.grad(lambda x: (x * x).sum())(np.arange(3))
    assert g.dtype == np.float64 and g.tolist() == [0.0, 2.0, 4.0]
    assert Tensor(np.arange(3)).data.dtype == np.float64
    assert Tensor([True, False]).data.tolist() == [1.0, 0.0]


@pytest.mark.parametrize("call, expected", [
    (lambda: ad.log(Tensor([-1.0, 0.0, 1.0])).data, [np.nan, -np.inf, 0.0]),
    (lambda: [Value(-1.0).log().data, Value(0.0).log().data], [np.nan, -np.inf]),
    (lambda: ad.log(Dual(np.array([-1.0, 0.0]), 1.0)).primal, [np.nan, -np.inf]),
], ids=["tensor", "value", "dual"])
def test_log_of_non_positive_numbers_warns_and_returns_what_numpy_does(call, expected):
    with pytest.warns(RuntimeWarning, match=r"log.*(negative|zero)"):
        out = call()
    np.testing.assert_array_equal(out, expected)


# ---- issue 4: bplab.optim and bplab.landscapes ----------------------------------------------
OPTIMIZERS = [
    ("SGD", lambda ps, **kw: optim.SGD(ps, **{"lr": 0.1, **kw})),
    ("Adagrad", optim.Adagrad), ("RMSprop", optim.RMSprop), ("Adam", optim.Adam),
    ("AdamW", optim.AdamW), ("NAdam", optim.NAdam),
]
WITH_EPS = [o for o in OPTIMIZERS if o[0] != "SGD"]
WITH_BETAS = [o for o in OPTIMIZERS if o[0] in ("Adam", "AdamW", "NAdam")]


def w():
    return [np.zeros(2), np.zeros((2, 3))]


@pytest.mark.parametrize("lr", [0, 0.0, -1e-3, float("nan")])
@pytest.mark.parametrize("name, make", OPTIMIZERS)
def test_lr_must_be_positive(name, make, lr):
    check(lambda: make(w(), lr=lr), ValueError, r"lr must be > 0")


@pytest.mark.parametrize("name, make", OPTIMIZERS)
def test_a_schedule_returning_a_negative_lr_is_refused_at_that_step(name, make):
    opt = make(w(), lr=lambda k: 0.1 - 0.1 * k)
    opt.step([np.ones(2), np.ones((2, 3))])
    opt.step([np.ones(2), np.ones((2, 3))])
    check(lambda: opt.step([np.ones(2), np.ones((2, 3))]), ValueError,
          r"lr schedule returned -0\.1 at step 2")


@pytest.mark.parametrize("betas, phrase", [
    ((1.0, 0.999), r"betas\[0\] must be in \[0, 1\)"),
    ((0.9, 1.0), r"betas\[1\] must be in \[0, 1\)"),
    ((-0.1, 0.999), r"betas\[0\] must be >= 0"), ((0.9, 1.5), r"betas\[1\]"),
    (0.9, "betas must be a pair"), ((0.9, 0.99, 0.9), "betas must be a pair"),
])
@pytest.mark.parametrize("name, make", WITH_BETAS)
def test_betas_must_lie_in_0_1(name, make, betas, phrase):
    check(lambda: make(w(), betas=betas), ValueError, phrase)


@pytest.mark.parametrize("name, make", WITH_EPS)
def test_eps_must_be_non_negative(name, make):
    check(lambda: make(w(), eps=-1e-8), ValueError, "eps must be >= 0")


@pytest.mark.parametrize("name, make", OPTIMIZERS)
def test_weight_decay_must_be_non_negative(name, make):
    check(lambda: make(w(), weight_decay=-0.1), ValueError, "weight_decay must be >= 0")


@pytest.mark.parametrize("name, make", OPTIMIZERS)
def test_grads_must_match_params(name, make):
    opt = make(w())
    check(lambda: opt.step([np.ones(2)]), ValueError, r"grads: got 1 gradients for 2 parameters")
    check(lambda: opt.step([np.ones(2), np.ones((3, 2))]), ValueError,
          r"grads\[1\] has shape \(3, 2\) but params\[1\] has \(2, 3\)")
    check(lambda: opt.step(np.ones(2)), TypeError, "grads must be a list")
    check(lambda: opt.step([np.ones(2), "abc"]), TypeError, r"grads\[1\] must be an array")


@pytest.mark.parametrize("name, make", OPTIMIZERS)
def test_nan_in_a_gradient_says_which_parameter_and_changes_nothing(name, make):
    params = w()
    opt = make(params)
    bad = np.zeros((2, 3))
    bad[0, 1] = np.nan
    check(lambda: opt.step([np.ones(2), bad]), ValueError, r"grads\[1\] contains NaN")
    assert opt.state[0]["step"] == 0 and not params[0].any()


@pytest.mark.parametrize("name, make", OPTIMIZERS)
def test_params_must_be_a_non_empty_list_of_float_arrays(name, make):
    check(lambda: make([]), ValueError, "params is an empty list")
    check(lambda: make([np.zeros(2), np.arange(3)]), ValueError,
          r"params\[1\] has dtype int\d+; it cannot be updated in place")
    check(lambda: make(np.zeros(3)), TypeError, "params must be a list")
    check(lambda: make([[1.0, 2.0]]), TypeError, r"params\[0\] must be a numpy array")


HYPERPARAMETERS = [
    case(lambda: optim.SGD(w(), lr=0.1, momentum=-0.9), ValueError, "momentum must be >= 0",
         "sgd-momentum"),
    case(lambda: optim.SGD(w(), lr=0.1, dampening=-0.1), ValueError, "dampening must be >= 0",
         "sgd-dampening"),
    case(lambda: optim.SGD(w(), lr=0.1, nesterov=True), ValueError,
         "nesterov=True requires momentum > 0", "nesterov-without-momentum"),
    case(lambda: optim.SGD(w(), lr=0.1, momentum=0.9, dampening=0.1, nesterov=True), ValueError,
         "nesterov=True requires .*dampening == 0", "nesterov-with-dampening"),
    case(lambda: optim.SGD(w(), lr="fast"), TypeError, "lr must be a number", "lr-str"),
    case(lambda: optim.SGD(w()), TypeError, "lr", "sgd-lr-required"),
    case(lambda: optim.RMSprop(w(), momentum=-0.5), ValueError, "momentum must be >= 0",
         "rmsprop-momentum"),
    case(lambda: optim.RMSprop(w(), alpha=1.0), ValueError, r"alpha must be in \[0, 1\)",
         "rmsprop-alpha"),
    case(lambda: optim.Adagrad(w(), lr_decay=-1.0), ValueError, "lr_decay must be >= 0",
         "adagrad-lr_decay"),
    case(lambda: optim.Adagrad(w(), initial_accumulator_value=-1.0), ValueError,
         "initial_accumulator_value must be >= 0", "adagrad-initial_accumulator_value"),
    case(lambda: optim.NAdam(w(), momentum_decay=-1e-3), ValueError,
         "momentum_decay must be >= 0", "nadam-momentum_decay"),
]


@pytest.mark.parametrize("call, exc, phrase", HYPERPARAMETERS)
def test_optimizer_hyperparameters(call, exc, phrase):
    check(call, exc, phrase)


G = [np.array([3.0, 4.0])]
X2, E2 = np.array([1.0, 1.0]), np.eye(2)
OPTIM_FUNCTIONS = [
    case(lambda: optim.clip_grad_norm(G, -1.0), ValueError, "max_norm must be a number >= 0",
         "clip-max_norm"),
    case(lambda: optim.clip_grad_norm(G, 1.0, norm_type=0), ValueError, "norm_type must be > 0",
         "clip-norm_type-0"),
    case(lambda: optim.clip_grad_norm(G, 1.0, norm_type="two"), ValueError, "norm_type",
         "clip-norm_type-str"),
    case(lambda: optim.clip_grad_norm(np.ones(2), 1.0), TypeError, "grads must be a list",
         "clip-bare-array"),
    case(lambda: optim.clip_grad_norm([np.ones(2), "x"], 1.0), TypeError,
         r"grads\[1\] must be an array", "clip-str-grad"),
    case(lambda: optim.clip_grad_value(G, -1.0), ValueError, "clip_value must be a number >= 0",
         "clip_value"),
    case(lambda: optim.newton_step(X2, X2, np.ones((2, 2))), ValueError,
         r"Hessian \(\+ damping \* I\) is singular.*add damping", "newton-singular"),
    case(lambda: optim.newton_step(X2, X2, [[1.0, 0.0], [0.0, 1e-300]]), ValueError, "singular",
         "newton-near-singular"),
    case(lambda: optim.newton_step(X2, np.ones(3), E2), ValueError, r"grad must have shape \(2,\)",
         "newton-grad-shape"),
    case(lambda: optim.newton_step(X2, X2, np.eye(3)), ValueError,
         r"hessian must have shape \(2, 2\)", "newton-hessian-shape"),
    case(lambda: optim.newton_step(X2, X2, np.full((2, 2), np.nan)), ValueError,
         "hessian has non-finite entries", "newton-hessian-nan"),
    case(lambda: optim.newton_step(X2, X2, E2, damping=-1.0), ValueError, "damping must be",
         "newton-damping"),
    case(lambda: optim.newton_step(X2, X2, E2, damping="a"), ValueError, "damping must be",
         "newton-damping-str"),
    case(lambda: optim.newton_step(X2, X2, E2, lr=0.0), ValueError, "lr must be a number > 0",
         "newton-lr"),
    case(lambda: optim.newton_step(np.ones((2, 2)), X2, E2), ValueError, "x must be a 1-D point",
         "newton-x"),
    case(lambda: optim.step_lr(0.1, 0), ValueError, "step_size must be a positive integer",
         "step_lr-step_size"),
    case(lambda: optim.step_lr(-0.1, 3), ValueError, "lr must be > 0", "step_lr-lr"),
    case(lambda: optim.exponential_lr(0.1, -0.5), ValueError, "gamma must be >= 0",
         "exponential_lr-gamma"),
    case(lambda: optim.cosine_annealing_lr(0.1, 0), ValueError, "T_max must be a positive integer",
         "cosine-T_max"),
    case(lambda: optim.cosine_annealing_lr(0.1, 10, eta_min=-1.0), ValueError,
         "eta_min must be >= 0", "cosine-eta_min"),
    case(lambda: optim.linear_lr(0.1, start_factor=0.0), ValueError, "start_factor must be in",
         "linear-start_factor"),
    case(lambda: optim.linear_lr(0.1, end_factor=2.0), ValueError, "end_factor must be in",
         "linear-end_factor"),
    case(lambda: optim.linear_lr(0.1, total_iters=0), ValueError, "total_iters must be",
         "linear-total_iters"),
    case(lambda: optim.step_lr(0.1, 3)(-1), ValueError, "k must be a non-negative integer",
         "schedule-k"),
    case(lambda: optim.trajectory(lambda ps: optim.SGD(ps, lr=0.1), "rosenbrock", [1.0, 2.0, 3.0],
                                  5), ValueError, r"x0 must be a finite point of shape \(2,\)",
         "trajectory-x0"),
    case(lambda: optim.trajectory(lambda ps: optim.SGD(ps, lr=0.1), "rosenbrock", None, -1),
         ValueError, "steps must be a non-negative integer", "trajectory-steps"),
    case(lambda: optim.trajectory(lambda ps: None, "rosenbrock", None, 5), TypeError,
         r"make_optimizer\(params\) must return an optimizer", "trajectory-make_optimizer"),
    case(lambda: optim.trajectory(lambda ps: optim.SGD(ps, lr=0.1), "rosenbruck", None, 5),
         ValueError, "unknown landscape 'rosenbruck'", "trajectory-landscape"),
]


@pytest.mark.parametrize("call, exc, phrase", OPTIM_FUNCTIONS)
def test_optim_functions_bad_input(call, exc, phrase):
    check(call, exc, phrase)


def test_landscape_typo_lists_every_name():
    with pytest.raises(ValueError, match="unknown landscape 'rosenbruck'") as info:
        landscapes.get("rosenbruck")
    for name in ("quadratic", "rosenbrock", "beale", "himmelblau", "saddle", "rastrigin"):
        assert name in str(info.value)


@pytest.mark.parametrize("call, exc, phrase", [
    case(lambda: landscapes.quadratic(0.0), ValueError, "condition_number must be a positive",
         "quadratic-zero"),
    case(lambda: landscapes.quadratic("ten"), TypeError, "condition_number must be a positive",
         "quadratic-str"),
    case(lambda: landscapes.get(3), ValueError, "unknown landscape 3", "get-int"),
    case(lambda: landscapes.get("beale").f(np.ones(3)), ValueError, r"shape \(\.\.\., 2\)",
         "f-points"),
    case(lambda: landscapes.get("beale").grad(np.ones((4, 3))), ValueError, r"got shape \(4, 3\)",
         "grad-points"),
])
def test_landscapes_bad_input(call, exc, phrase):
    check(call, exc, phrase)


# ---- issue 5: bplab.nn and bplab.data -------------------------------------------------------
def fresh(layer):
    return lambda: layer().backward(np.ones((2, 3)))


NN = [
    case(lambda: nn.Linear(3, 2).forward(np.ones((4, 5))), ValueError,
         r"Linear expected input with 3 features.*got shape \(4, 5\)", "linear-width"),
    case(lambda: nn.Sequential(nn.Linear(3, 2), nn.ReLU()).forward(np.ones((4, 2))), ValueError,
         r"3 features.*\(4, 2\)", "sequential-width"),
    case(lambda: nn.RNN(3, 2).forward(np.ones((4, 1, 5))), ValueError,
         r"RNN expected x of shape \(T, batch, 3\).*got \(4, 1, 5\)", "rnn-width"),
    case(lambda: nn.RNN(3, 2).forward(np.ones((4, 3))), ValueError, r"\(T, batch, 3\)",
         "rnn-2d-input"),
    case(lambda: nn.RNN(3, 2).forward(np.ones((4, 1, 3)), h0=np.ones((1, 3))), ValueError,
         r"h0 of shape \(1, 2\)", "rnn-h0"),
    case(lambda: nn.Linear(3, 2).forward("abc"), TypeError, "x must be an array of numbers",
         "linear-str"),
    case(lambda: nn.SoftmaxCrossEntropy().forward(np.zeros((2, 3)), np.array([0, 3])), ValueError,
         r"labels must lie in 0\.\.2.*got 3", "labels-too-large"),
    case(lambda: nn.SoftmaxCrossEntropy().forward(np.zeros((2, 3)), np.array([-1, 0])),
         ValueError, r"labels must lie in 0\.\.2.*got -1", "labels-negative"),
    case(lambda: nn.SoftmaxCrossEntropy().forward(np.zeros((2, 3)), np.array([0.5, 1.0])),
         TypeError, "labels must be integer class indices", "labels-float"),
    case(lambda: nn.SoftmaxCrossEntropy().forward(np.zeros((2, 3)), np.array([True, False])),
         TypeError, "labels must be integer", "labels-bool"),
    case(lambda: nn.SoftmaxCrossEntropy().forward(np.zeros((2, 3)), np.eye(3, dtype=int)[:2]),
         ValueError, r"labels must have shape \(2,\)", "labels-one-hot"),
    case(lambda: nn.SoftmaxCrossEntropy().forward(np.zeros(3), np.array([0])), ValueError,
         r"logits of shape \(batch, classes\)", "logits-1d"),
    case(lambda: nn.MSELoss().forward(np.zeros((2, 3)), np.zeros((3, 2))), ValueError,
         r"target of shape \(2, 3\).*got \(3, 2\)", "mse-target-shape"),
    case(fresh(lambda: nn.Linear(4, 3)), RuntimeError, r"Linear.backward\(\) called before forward",
         "linear-backward-first"),
    case(fresh(nn.ReLU), RuntimeError, r"ReLU.backward\(\) called before forward", "relu"),
    case(fresh(nn.Tanh), RuntimeError, "before forward", "tanh-backward-first"),
    case(fresh(nn.Sigmoid), RuntimeError, "before forward", "sigmoid-backward-first"),
    case(fresh(nn.Dropout), RuntimeError, "before forward", "dropout-backward-first"),
    case(fresh(lambda: nn.Sequential(nn.Linear(4, 3))), RuntimeError,
         r"Sequential.backward\(\) called before forward", "sequential-backward-first"),
    case(lambda: nn.RNN(3, 2).backward(np.ones((4, 1, 2))), RuntimeError,
         r"RNN.backward\(\) called before forward", "rnn-backward-first"),
    case(lambda: nn.MSELoss().backward(), RuntimeError, "before forward", "mse-backward-first"),
    case(lambda: nn.SoftmaxCrossEntropy().backward(), RuntimeError, "before forward",
         "sce-backward-first"),
    case(lambda: nn.Dropout(1.5), ValueError, r"Dropout p must be a probability in \[0, 1\]",
         "dropout-p-large"),
    case(lambda: nn.Dropout(-0.1), ValueError, r"Dropout p must be a probability", "dropout-p-neg"),
    case(lambda: nn.Dropout(float("nan")), ValueError, "Dropout p", "dropout-p-nan"),
    case(lambda: nn.Linear(3, 2, init="glorot"), ValueError,
         "unknown initializer 'glorot'; choose one of: he, normal, xavier, zeros", "linear-init"),
    case(lambda: nn.RNN(3, 2, init="orthogonal"), ValueError, "unknown initializer 'orthogonal'",
         "rnn-init"),
    case(lambda: nn.Linear(0, 2), ValueError, "in_features must be a positive integer",
         "in_features"),
    case(lambda: nn.Linear(3, 2.5), TypeError, "out_features must be a positive integer",
         "out_features"),
    case(lambda: nn.RNN(3, 0), ValueError, "hidden_size must be a positive integer",
         "hidden_size"),
    case(lambda: nn.Sequential(nn.ReLU(), 3), TypeError, "Sequential layer 1", "sequential-layer"),
]


@pytest.mark.parametrize("call, exc, phrase", NN)
def test_nn_bad_input(call, exc, phrase):
    check(call, exc, phrase)


def test_backward_with_the_wrong_gradient_shape_says_expected_and_got():
    layer = nn.Linear(3, 2)
    layer.forward(np.ones((4, 3)))
    check(lambda: layer.backward(np.ones((4, 3))), ValueError,
          r"expected dout of shape \(4, 2\).*got \(4, 3\)")


DATA = [
    case(lambda: data.spirals(classes=1), ValueError, "classes must be at least 2", "classes"),
    case(lambda: data.spirals(n=2, classes=3), ValueError, "n must be at least 3", "n-classes"),
    case(lambda: data.moons(n=1.5), TypeError, "n must be an integer", "n-float"),
    case(lambda: data.circles(noise=-0.1), ValueError, "noise must be a finite number >= 0",
         "noise"),
    case(lambda: data.circles(factor=1.0), ValueError, r"factor must be in \[0, 1\)", "factor"),
    case(lambda: data.xor(seed="zero"), TypeError, "seed must be an int", "seed"),
    case(lambda: data.regression(n=0), ValueError, "n must be at least 1", "regression-n"),
]


@pytest.mark.parametrize("call, exc, phrase", DATA)
def test_data_bad_input(call, exc, phrase):
    check(call, exc, phrase)
