"""Checkers of notebook 07 (Adam, AdamW, AMSGrad), judged against bplab.optim."""

import numpy as np
import pytest

from bplab.exercises.adam import check_adam_step, check_adamw_step, check_amsgrad_step
from bplab.optim import Adam


def adam_step(x, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g**2
    m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
    return x - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def adamw_step(x, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    return adam_step(x * (1 - lr * weight_decay), g, m, v, t, lr, betas, eps)


def amsgrad_step(x, g, m, v, v_max, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g**2
    v_max = np.maximum(v_max, v)
    x = x - lr / (1 - b1**t) * m / (np.sqrt(v_max / (1 - b2**t)) + eps)
    return x, m, v, v_max


def stub(*args):
    raise NotImplementedError


def test_correct_solutions_pass():
    assert check_adam_step(adam_step).status == "correct"
    assert check_adamw_step(adamw_step).status == "correct"
    assert check_amsgrad_step(amsgrad_step).status == "correct"


def test_missing_bias_correction_is_caught_on_x():
    def uncorrected(x, g, m, v, t, lr, betas, eps):
        b1, b2 = betas
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        return x - lr * m / (np.sqrt(v) + eps), m, v

    verdict = check_adam_step(uncorrected)
    assert verdict.status == "wrong" and "(the step x_new - x, case 1" in verdict.message
    assert "3.162 times" in verdict.message and "bias correction" in verdict.message


def test_swapped_betas_are_caught_on_m():
    def swapped(x, g, m, v, t, lr, betas, eps):
        return adam_step(x, g, m, v, t, lr, betas[::-1], eps)

    verdict = check_adam_step(swapped)
    assert verdict.status == "wrong" and "(m, case 1" in verdict.message


def test_l2_instead_of_decoupled_decay_is_caught_on_m():
    def l2(x, g, m, v, t, lr, betas, eps, weight_decay):
        return adam_step(x, g + weight_decay * x, m, v, t, lr, betas, eps)

    verdict = check_adamw_step(l2)
    assert verdict.status == "wrong" and "(m, case 1" in verdict.message


def test_amsgrad_with_the_old_v_is_caught():
    def plain_adam(x, g, m, v, v_max, t, lr, betas, eps):
        x, m, v = adam_step(x, g, m, v, t, lr, betas, eps)
        return x, m, v, v_max

    verdict = check_amsgrad_step(plain_adam)
    assert verdict.status == "wrong" and "v_max" in verdict.message


@pytest.mark.parametrize("checker", [check_adam_step, check_adamw_step, check_amsgrad_step])
def test_stub_is_not_attempted(checker):
    assert checker(stub).status == "not attempted"


def test_a_learner_solution_iterated_follows_the_real_optimizer():
    rng = np.random.default_rng(2)
    x_real = rng.normal(size=4)
    x, m, v = x_real.copy(), np.zeros(4), np.zeros(4)
    opt = Adam([x_real], lr=0.05)
    for t in range(1, 40):
        g = 2.0 * x_real * np.arange(1, 5)
        opt.step([g.copy()])
        x, m, v = adam_step(x, 2.0 * x * np.arange(1, 5), m, v, t, lr=0.05)
    np.testing.assert_allclose(x, x_real, rtol=1e-12, atol=1e-15)
