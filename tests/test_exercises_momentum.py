"""Checkers of notebook 04 (momentum, Nesterov, critical damping) and the shared update checker."""

import numpy as np
import pytest

from bplab.exercises.checking import check_update
from bplab.exercises.momentum import (
    check_critical_momentum,
    check_momentum_step,
    check_nesterov_step,
)
from bplab.exercises.update_rules import optimizer_step
from bplab.optim import SGD


def momentum_step(x, g, buf, lr, momentum):
    buf = momentum * buf + g
    return x - lr * buf, buf


def nesterov_step(x, g, buf, lr, momentum):
    buf = momentum * buf + g
    return x - lr * (g + momentum * buf), buf


def classic_momentum_step(x, g, v, lr, momentum):
    """Sutskever's convention: v = mu v - lr g; x = x + v."""
    v = momentum * v - lr * g
    return x + v, v


def stub(*args):
    raise NotImplementedError


def test_correct_solutions_pass(capsys):
    for checker, fn in [(check_momentum_step, momentum_step), (check_nesterov_step, nesterov_step),
                        (check_critical_momentum, lambda lr, lam: (1 - np.sqrt(lr * lam)) ** 2)]:
        verdict = checker(fn)
        assert verdict and verdict.status == "correct"
    assert capsys.readouterr().out.count("✅") == 3


def test_lr_inside_the_buffer_is_caught_on_the_buffer():
    verdict = check_momentum_step(lambda x, g, b, lr, mu: (x - (mu * b + lr * g), mu * b + lr * g))
    assert verdict.status == "wrong"
    assert "buf, case 1" in verdict.message and "lr is not inside it" in verdict.message


def test_a_wrong_step_with_a_right_buffer_is_caught_on_x():
    def no_lookahead(x, g, buf, lr, momentum):
        return momentum_step(x, g, buf, lr, momentum)

    verdict = check_nesterov_step(no_lookahead)
    assert verdict.status == "wrong" and "(the step x_new - x, case 1" in verdict.message


def test_forgotten_square_is_named():
    verdict = check_critical_momentum(lambda lr, lam: 1 - np.sqrt(lr * lam))
    assert verdict.status == "wrong" and "not quite" in verdict.message


@pytest.mark.parametrize("checker", [check_momentum_step, check_nesterov_step,
                                     check_critical_momentum])
def test_stub_is_not_attempted(checker):
    verdict = checker(stub)
    assert verdict.status == "not attempted" and "not attempted yet" in verdict.message
    assert "hint:" in verdict.message


def test_wrong_number_of_outputs_is_explained():
    verdict = check_momentum_step(lambda x, g, buf, lr, mu: x - lr * g)
    assert verdict.status == "error" and "should return 2 values (x, buf)" in verdict.message


def test_check_update_compares_state_before_the_parameter(capsys):
    def ref(a):
        return a + 1, a * 2

    verdict = check_update("demo", lambda a: (a, a * 3), ref, [(np.ones(2),)], ["y", "s"])
    assert "(s, case 1 of 1)" in verdict.message


def test_optimizer_step_continues_a_real_run():
    """Stepping once from a recorded state equals the real optimizer's next step."""
    rng = np.random.default_rng(0)
    grads = rng.normal(size=(6, 3))
    x = rng.normal(size=3)
    opt = SGD([x], lr=0.1, momentum=0.9, nesterov=True)
    for g in grads[:-1]:
        opt.step([g.copy()])
    before_x, before_buf = x.copy(), opt.state[0]["momentum_buffer"].copy()
    opt.step([grads[-1].copy()])
    got, state = optimizer_step(SGD, before_x, grads[-1], {"momentum_buffer": before_buf},
                                lr=0.1, momentum=0.9, nesterov=True)
    np.testing.assert_array_equal(got, x)
    np.testing.assert_array_equal(state["momentum_buffer"], opt.state[0]["momentum_buffer"])
    assert before_buf.tolist() != state["momentum_buffer"].tolist()


def test_torch_and_classic_conventions_agree_for_constant_lr():
    """The reparametrization v = -lr * buf gives the same iterates (notebook 04's claim)."""
    rng = np.random.default_rng(1)
    x_torch = x_classic = rng.normal(size=2)
    buf = v = np.zeros(2)
    for _ in range(20):
        g = 3.0 * x_torch
        x_torch, buf = momentum_step(x_torch, g, buf, 0.05, 0.8)
        x_classic, v = classic_momentum_step(x_classic, 3.0 * x_classic, v, 0.05, 0.8)
    np.testing.assert_allclose(x_torch, x_classic, rtol=1e-12)
    np.testing.assert_allclose(v, -0.05 * buf, rtol=1e-12)
