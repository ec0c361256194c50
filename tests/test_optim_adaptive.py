"""One hand-computed step (or two) of each adaptive optimizer, torch's conventions spelled out."""

import math

import numpy as np
import pytest

from bplab.optim import Adagrad, Adam, AdamW, NAdam, RMSprop


def _step(opt_class, x, *grads, **kw):
    x = np.array(x, dtype=float)
    opt = opt_class([x], **kw)
    for g in grads:
        opt.step([np.array(g, dtype=float)])
    return x, opt.state[0]


def test_adagrad_eps_outside_the_root_and_lr_decay():
    x, s = _step(Adagrad, [1.0], [2.0], [1.0], lr=0.5, eps=0.5, lr_decay=0.1,
                 initial_accumulator_value=1.0)
    x1 = 1.0 - 0.5 * 2.0 / (math.sqrt(5.0) + 0.5)
    x2 = x1 - 0.5 / 1.1 * 1.0 / (math.sqrt(6.0) + 0.5)
    np.testing.assert_allclose(x, [x2], rtol=1e-14)
    np.testing.assert_allclose(s["sum"], [6.0])


def test_rmsprop_has_no_bias_correction():
    x, s = _step(RMSprop, [1.0], [2.0], lr=0.1, alpha=0.9, eps=0.5)
    np.testing.assert_allclose(s["square_avg"], [0.4])
    np.testing.assert_allclose(x, [1.0 - 0.1 * 2.0 / (math.sqrt(0.4) + 0.5)], rtol=1e-14)


def test_rmsprop_centered_and_momentum_keep_lr_outside_the_buffer():
    x, s = _step(RMSprop, [1.0], [2.0], [1.0], lr=0.1, alpha=0.5, eps=0.5, centered=True,
                 momentum=0.5)
    v1, a1 = 2.0, 1.0
    b1 = 2.0 / (math.sqrt(v1 - a1**2) + 0.5)
    v2, a2 = 0.5 * v1 + 0.5, 0.5 * a1 + 0.5
    b2 = 0.5 * b1 + 1.0 / (math.sqrt(v2 - a2**2) + 0.5)
    np.testing.assert_allclose(s["momentum_buffer"], [b2], rtol=1e-14)
    np.testing.assert_allclose(s["grad_avg"], [a2])
    np.testing.assert_allclose(x, [1.0 - 0.1 * b1 - 0.1 * b2], rtol=1e-14)


def test_adam_first_step_moves_by_about_lr_and_eps_is_outside():
    x, s = _step(Adam, [1.0, 1.0], [3.0, -0.01], lr=0.1)
    np.testing.assert_allclose(x, [0.9, 1.1], rtol=1e-6)
    x, s = _step(Adam, [1.0], [2.0], lr=0.1, betas=(0.5, 0.75), eps=0.5)
    m, v = 1.0, 1.0  # (1 - 0.5) * 2, (1 - 0.75) * 4
    expected = 1.0 - (0.1 / 0.5) * m / (math.sqrt(v) / math.sqrt(0.25) + 0.5)
    np.testing.assert_allclose(x, [expected], rtol=1e-14)
    np.testing.assert_allclose([s["exp_avg"][0], s["exp_avg_sq"][0]], [m, v])


def test_amsgrad_takes_the_max_of_the_raw_second_moment():
    x, s = _step(Adam, [0.0], [2.0], [0.0], lr=1.0, betas=(0.0, 0.5), eps=0.0, amsgrad=True)
    # v1 = 2, v2 = 1; max = 2, bias correction of step 2: 1 - 0.25
    np.testing.assert_allclose(s["exp_avg_sq"], [1.0])
    np.testing.assert_allclose(s["max_exp_avg_sq"], [2.0])
    x1 = -2.0 / (math.sqrt(2.0) / math.sqrt(0.5))
    np.testing.assert_allclose(x, [x1], rtol=1e-14)  # beta1 = 0: second grad 0 leaves x


def test_adam_l2_versus_decoupled_weight_decay():
    l2, _ = _step(Adam, [2.0], [0.0], lr=0.1, weight_decay=0.5)
    np.testing.assert_allclose(l2, [1.9], rtol=1e-6)  # the decay went through Adam's scaling
    dec, _ = _step(AdamW, [2.0], [0.0], lr=0.1, weight_decay=0.5)
    np.testing.assert_allclose(dec, [2.0 * (1 - 0.1 * 0.5)], rtol=1e-14)


def test_adamw_decay_uses_the_scheduled_lr():
    x, _ = _step(AdamW, [2.0], [0.0], [0.0], lr=lambda k: [0.1, 0.01][k], weight_decay=0.5)
    np.testing.assert_allclose(x, [2.0 * 0.95 * 0.995], rtol=1e-14)


def test_nadam_two_steps_by_hand():
    b1, b2, psi, lr, eps = 0.9, 0.999, 4e-3, 0.1, 0.5

    def mu(t):
        return b1 * (1 - 0.5 * 0.96 ** (t * psi))

    x, s = _step(NAdam, [1.0], [2.0], [1.0], lr=lr, eps=eps)
    m = v = 0.0
    xe, prod = 1.0, 1.0
    for t, g in [(1, 2.0), (2, 1.0)]:
        m = b1 * m + (1 - b1) * g  # constant beta1, not mu_t
        v = b2 * v + (1 - b2) * g * g
        prod *= mu(t)
        d = math.sqrt(v / (1 - b2**t)) + eps
        xe -= lr * (1 - mu(t)) / (1 - prod) * g / d
        xe -= lr * mu(t + 1) / (1 - prod * mu(t + 1)) * m / d
    np.testing.assert_allclose(x, [xe], rtol=1e-14)
    assert s["mu_product"] == pytest.approx(mu(1) * mu(2), rel=1e-15)
    np.testing.assert_allclose(s["exp_avg"], [m])


@pytest.mark.parametrize("cls, kwargs, match", [
    (Adagrad, {"lr_decay": -1.0}, "lr_decay"),
    (Adagrad, {"initial_accumulator_value": -1.0}, "initial_accumulator_value"),
    (Adagrad, {"eps": -1.0}, "eps"),
    (RMSprop, {"alpha": 1.0}, "alpha"),
    (RMSprop, {"momentum": -0.5}, "momentum"),
    (NAdam, {"momentum_decay": -1.0}, "momentum_decay"),
    (NAdam, {"betas": (0.9, 1.0)}, "betas"),
    (AdamW, {"weight_decay": -1e-2}, "weight_decay"),
])
def test_bad_hyperparameters(cls, kwargs, match):
    with pytest.raises(ValueError, match=match):
        cls([np.zeros(2)], **kwargs)


def test_defaults_are_torchs():
    p = [np.zeros(1)]
    assert Adagrad(p).defaults["lr"] == 1e-2 and Adagrad(p).eps == 1e-10
    assert (RMSprop(p).defaults["lr"], RMSprop(p).alpha, RMSprop(p).eps) == (1e-2, 0.99, 1e-8)
    assert Adam(p).defaults["lr"] == 1e-3 and (Adam(p).beta1, Adam(p).beta2) == (0.9, 0.999)
    assert AdamW(p).weight_decay == 1e-2 and AdamW(p).decoupled_weight_decay
    assert NAdam(p).defaults["lr"] == 2e-3 and NAdam(p).momentum_decay == 4e-3
