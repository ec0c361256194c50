"""Checkers of notebook 06 (RMSprop, plain and centered), judged against bplab.optim."""

import numpy as np
import pytest

from bplab.exercises.rmsprop import check_centered_rmsprop_step, check_rmsprop_step
from bplab.optim import RMSprop


def rmsprop_step(x, g, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):
    square_avg = alpha * square_avg + (1 - alpha) * g**2
    return x - lr * g / (np.sqrt(square_avg) + eps), square_avg


def centered_step(x, g, square_avg, grad_avg, lr=1e-2, alpha=0.99, eps=1e-8):
    square_avg = alpha * square_avg + (1 - alpha) * g**2
    grad_avg = alpha * grad_avg + (1 - alpha) * g
    x = x - lr * g / (np.sqrt(square_avg - grad_avg**2) + eps)
    return x, square_avg, grad_avg


def stub(*args):
    raise NotImplementedError


def test_correct_solutions_pass():
    assert check_rmsprop_step(rmsprop_step).status == "correct"
    assert check_centered_rmsprop_step(centered_step).status == "correct"


def test_swapped_alpha_weights_are_caught_on_the_average():
    def swapped(x, g, square_avg, lr, alpha, eps):
        return rmsprop_step(x, g, square_avg, lr, 1 - alpha, eps)

    verdict = check_rmsprop_step(swapped)
    assert verdict.status == "wrong" and "(square_avg, case 1" in verdict.message
    assert "alpha weighs the *old* square_avg" in verdict.message


def test_old_averages_in_the_centered_denominator_are_caught_on_the_step():
    def stale(x, g, square_avg, grad_avg, lr, alpha, eps):
        x_new = x - lr * g / (np.sqrt(square_avg - grad_avg**2) + eps)
        _, sq, ga = centered_step(x, g, square_avg, grad_avg, lr, alpha, eps)
        return x_new, sq, ga

    verdict = check_centered_rmsprop_step(stale)
    assert verdict.status == "wrong" and "the step x_new - x" in verdict.message


def test_uncentered_step_fails_the_centered_check():
    def uncentered(x, g, square_avg, grad_avg, lr, alpha, eps):
        x, sq = rmsprop_step(x, g, square_avg, lr, alpha, eps)
        return x, sq, alpha * grad_avg + (1 - alpha) * g

    assert check_centered_rmsprop_step(uncentered).status == "wrong"


@pytest.mark.parametrize("checker", [check_rmsprop_step, check_centered_rmsprop_step])
def test_stub_is_not_attempted(checker):
    assert checker(stub).status == "not attempted"


def test_a_learner_solution_iterated_follows_the_real_optimizer():
    x_real = np.array([1.0, -2.0, 0.5])
    x, sq, ga = x_real.copy(), np.zeros(3), np.zeros(3)
    opt = RMSprop([x_real], lr=0.01, centered=True)
    for _ in range(25):
        opt.step([np.cos(x_real) + x_real])
        x, sq, ga = centered_step(x, np.cos(x) + x, sq, ga)
    np.testing.assert_allclose(x, x_real, rtol=1e-12)
