"""The checkers of notebook 10 accept the closed forms, reject near misses, skip stubs."""

import math

import numpy as np

from bplab.exercises.schedules import (
    check_cosine_annealing,
    check_linear_warmup,
    check_rmsprop_step_size,
)


def stub(*args):
    raise NotImplementedError


def cosine(k, lr, T_max, eta_min):
    return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * k / T_max)) / 2


def warmup(k, lr, start_factor, total_iters):
    return lr * (start_factor + (1 - start_factor) * min(k, total_iters) / total_iters)


def rmsprop_step(grads, lr, alpha, eps):
    v = np.zeros(grads.shape[1])
    for g in grads:
        v = alpha * v + (1 - alpha) * g**2
    return lr / (np.sqrt(v) + eps)


def test_cosine_annealing_verdicts(capsys):
    assert check_cosine_annealing(cosine).status == "correct"
    wrong = check_cosine_annealing(lambda k, lr, T, m: m + (lr - m) * math.cos(math.pi * k / T))
    assert wrong.status == "wrong" and not wrong
    assert "k=5" in wrong.message and "cos(pi * k / T_max)" in wrong.message
    assert check_cosine_annealing(stub).status == "not attempted"
    assert "not attempted yet" in capsys.readouterr().out


def test_linear_warmup_verdicts():
    assert check_linear_warmup(warmup)
    off_by_one = check_linear_warmup(lambda k, lr, s, K: warmup(k + 1, lr, s, K))
    assert off_by_one.status == "wrong" and "k=0" in off_by_one.message
    assert "lr * (start_factor" not in off_by_one.message  # the hint does not give the formula
    no_cap = check_linear_warmup(lambda k, lr, s, K: lr * (s + (1 - s) * k / K))
    assert no_cap.status == "wrong" and "k=9" in no_cap.message
    assert check_linear_warmup(stub).status == "not attempted"


def test_rmsprop_step_size_verdicts():
    assert check_rmsprop_step_size(rmsprop_step)
    eps_inside = check_rmsprop_step_size(
        lambda g, lr, a, e: lr / np.sqrt((1.0 / rmsprop_step(g, 1.0, a, 0.0)) ** 2 + e))
    assert eps_inside.status == "wrong" and "case 2" not in eps_inside.message
    no_decay = check_rmsprop_step_size(lambda g, lr, a, e: lr / (np.sqrt((g**2).sum(0)) + e))
    assert no_decay.status == "wrong" and "case 1" in no_decay.message
    assert "alpha * v" in no_decay.message
    assert check_rmsprop_step_size(stub).status == "not attempted"
