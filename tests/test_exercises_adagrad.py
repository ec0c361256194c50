"""Checkers of notebook 05 (Adagrad): one step and the effective learning rate."""

import numpy as np
import pytest

from bplab.exercises.adagrad import check_adagrad_step, check_effective_lr, effective_lr
from bplab.optim import Adagrad


def adagrad_step(x, g, state_sum, lr=1e-2, eps=1e-10):
    state_sum = state_sum + g**2
    return x - lr * g / (np.sqrt(state_sum) + eps), state_sum


def rates(grads, lr=1e-2, eps=1e-10):
    return lr / (np.sqrt(np.cumsum(grads**2, axis=0)) + eps)


def stub(*args):
    raise NotImplementedError


def test_correct_solutions_pass():
    assert check_adagrad_step(adagrad_step).status == "correct"
    assert check_effective_lr(rates).status == "correct"


def test_eps_inside_the_root_shows_in_the_third_case():
    def eps_inside(x, g, state_sum, lr, eps):
        state_sum = state_sum + g**2
        return x - lr * g / np.sqrt(state_sum + eps), state_sum

    verdict = check_adagrad_step(eps_inside)
    assert verdict.status == "wrong" and "case 3 of 3" in verdict.message
    assert "after the square root" in verdict.message


def test_sum_of_gradients_instead_of_squares_is_caught_on_the_sum():
    def plain_sum(x, g, state_sum, lr, eps):
        state_sum = state_sum + g
        return x - lr * g / (np.sqrt(np.abs(state_sum)) + eps), state_sum

    verdict = check_adagrad_step(plain_sum)
    assert verdict.status == "wrong" and "(state_sum, case 1" in verdict.message


def test_rates_without_accumulation_are_wrong():
    verdict = check_effective_lr(lambda grads, lr, eps: lr / (np.abs(grads) + eps))
    assert verdict.status == "wrong"


@pytest.mark.parametrize("checker", [check_adagrad_step, check_effective_lr])
def test_stub_is_not_attempted(checker):
    assert checker(stub).status == "not attempted"


def test_effective_lr_never_grows_and_matches_the_steps_taken():
    rng = np.random.default_rng(3)
    grads = rng.normal(size=(30, 2))
    r = effective_lr(grads, lr=0.5)
    assert r.shape == (30, 2) and np.all(np.diff(r, axis=0) <= 0)
    x = np.zeros(2)
    opt = Adagrad([x], lr=0.5)
    opt.step([grads[0].copy()])
    np.testing.assert_allclose(x, -r[0] * grads[0])


def test_effective_lr_rejects_a_flat_history():
    with pytest.raises(ValueError, match="shape"):
        effective_lr(np.ones(5))
