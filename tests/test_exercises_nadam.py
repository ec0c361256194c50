"""Checkers of notebook 08 (NAdam): torch's momentum schedule and one step."""

import numpy as np
import pytest

from bplab.exercises.nadam import check_nadam_mu, check_nadam_step, nadam_mu
from bplab.optim import NAdam


def mu(t, beta1=0.9, momentum_decay=4e-3):
    return beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))


def nadam_step(x, g, m, v, mu_product, t, lr=2e-3, betas=(0.9, 0.999), eps=1e-8,
               momentum_decay=4e-3):
    b1, b2 = betas
    mu_t, mu_next = mu(t, b1, momentum_decay), mu(t + 1, b1, momentum_decay)
    mu_product = mu_product * mu_t
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g**2
    denom = np.sqrt(v / (1 - b2**t)) + eps
    x = (x - lr * (1 - mu_t) / (1 - mu_product) * g / denom
         - lr * mu_next / (1 - mu_product * mu_next) * m / denom)
    return x, m, v, mu_product


def stub(*args):
    raise NotImplementedError


def test_correct_solutions_pass():
    assert check_nadam_mu(mu).status == "correct"
    assert check_nadam_step(nadam_step).status == "correct"


def test_schedule_without_the_step_number_is_wrong():
    verdict = check_nadam_mu(lambda t, beta1, psi: beta1 * (1 - 0.5 * 0.96**psi) + 0 * t)
    assert verdict.status == "wrong" and "step number" in verdict.message


def test_mu_product_not_updated_is_caught_on_mu_product():
    def frozen(x, g, m, v, mu_product, t, lr, betas, eps, psi):
        x, m, v, _ = nadam_step(x, g, m, v, mu_product, t, lr, betas, eps, psi)
        return x, m, v, mu_product

    verdict = check_nadam_step(frozen)
    assert verdict.status == "wrong" and "(mu_product, case 1" in verdict.message


def test_adam_step_in_place_of_nadam_is_caught_on_the_step():
    def adam(x, g, m, v, mu_product, t, lr, betas, eps, psi):
        b1, b2 = betas
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        x = x - lr * m / (1 - b1**t) / (np.sqrt(v / (1 - b2**t)) + eps)
        return x, m, v, mu_product * mu(t, b1, psi)

    verdict = check_nadam_step(adam)
    assert verdict.status == "wrong" and "the step x_new - x" in verdict.message


@pytest.mark.parametrize("checker", [check_nadam_mu, check_nadam_step])
def test_stub_is_not_attempted(checker):
    assert checker(stub).status == "not attempted"


def test_schedule_matches_the_real_optimizers_mu_product():
    x = np.array([1.0, 2.0])
    opt = NAdam([x], momentum_decay=0.05)
    products = []
    for _ in range(6):
        opt.step([x.copy()])
        products.append(float(opt.state[0]["mu_product"]))
    np.testing.assert_allclose(products, np.cumprod(nadam_mu(np.arange(1, 7), 0.9, 0.05)))


def test_a_learner_solution_iterated_follows_the_real_optimizer():
    x_real = np.array([1.5, -0.5])
    x, m, v, prod = x_real.copy(), np.zeros(2), np.zeros(2), 1.0
    opt = NAdam([x_real], lr=0.05)
    for t in range(1, 30):
        opt.step([4 * x_real])
        x, m, v, prod = nadam_step(x, 4 * x, m, v, prod, t, lr=0.05)
    np.testing.assert_allclose(x, x_real, rtol=1e-12)
