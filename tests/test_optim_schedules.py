"""Learning-rate schedules: closed forms, torch's edge behaviour, bad input."""

import math

import numpy as np
import pytest

from bplab.optim import SGD, cosine_annealing_lr, exponential_lr, linear_lr, step_lr


def test_step_and_exponential():
    s = step_lr(0.1, step_size=3, gamma=0.5)
    assert [s(k) for k in range(7)] == [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025]
    e = exponential_lr(2.0, gamma=0.5)
    np.testing.assert_allclose(e(np.arange(4)), [2.0, 1.0, 0.5, 0.25])


def test_cosine_reaches_eta_min_at_T_max_and_climbs_back_after():
    c = cosine_annealing_lr(0.1, T_max=10, eta_min=0.01)
    assert c(0) == 0.1 and c(10) == pytest.approx(0.01) and c(20) == pytest.approx(0.1)
    assert c(5) == pytest.approx(0.055)
    assert c(15) == pytest.approx(c(5)) and c(12) > c(10)
    assert cosine_annealing_lr(0.1, T_max=4)(4) == 0.0


def test_a_cosine_schedule_that_reaches_zero_is_accepted_by_optimizers():
    x = np.array([1.0])
    opt = SGD([x], lr=cosine_annealing_lr(0.1, T_max=2))
    for _ in range(3):
        opt.step([np.array([1.0])])
    np.testing.assert_allclose(x, [1.0 - 0.1 - 0.05 - 0.0])


def test_linear_defaults_start_at_a_third():
    s = linear_lr(0.3)
    np.testing.assert_allclose(s(np.arange(8)), [0.1, 0.14, 0.18, 0.22, 0.26, 0.3, 0.3, 0.3])
    assert linear_lr(1.0, start_factor=0.5, end_factor=0.1, total_iters=2)(5) == pytest.approx(0.1)


def test_schedules_are_readable_values():
    assert repr(step_lr(0.1, 5)) == "step_lr(lr=0.1, step_size=5, gamma=0.1)"
    assert cosine_annealing_lr(0.1, 10) == cosine_annealing_lr(0.1, 10)
    assert isinstance(exponential_lr(0.1, 0.9)(3), float)


@pytest.mark.parametrize("build, match", [
    (lambda: step_lr(0.1, 0), "step_size"),
    (lambda: step_lr(-0.1, 2), "lr"),
    (lambda: exponential_lr(0.1, -0.5), "gamma"),
    (lambda: cosine_annealing_lr(0.1, 0), "T_max"),
    (lambda: cosine_annealing_lr(0.1, 10, eta_min=-1.0), "eta_min"),
    (lambda: linear_lr(0.1, start_factor=0.0), "start_factor"),
    (lambda: linear_lr(0.1, total_iters=0), "total_iters"),
])
def test_bad_settings(build, match):
    with pytest.raises(ValueError, match=match):
        build()


def test_bad_step_count():
    with pytest.raises(ValueError, match="k must"):
        step_lr(0.1, 2)(-1)
    with pytest.raises(ValueError, match="k must"):
        step_lr(0.1, 2)(1.5)
    assert math.isclose(exponential_lr(1.0, 0.5)(np.int64(2)), 0.25)
