"""bplab.optim.SGD: hand-computed steps, the quadratic's exact recurrence, momentum conventions."""

import numpy as np
import pytest

from bplab.optim import SGD


def _run(opt_factory, x0, grad, steps):
    x = np.array(x0, dtype=float)
    opt = opt_factory([x])
    path = [x.copy()]
    for _ in range(steps):
        opt.step([grad(x)])
        path.append(x.copy())
    return np.array(path), opt


def test_one_plain_step_by_hand():
    x = np.array([1.0, -2.0])
    SGD([x], lr=0.1).step([np.array([0.5, 4.0])])
    np.testing.assert_allclose(x, [0.95, -2.4])


def test_weight_decay_adds_to_the_gradient_without_changing_it():
    x, g = np.array([2.0]), np.array([1.0])
    SGD([x], lr=0.1, weight_decay=0.5).step([g])
    np.testing.assert_allclose(x, [2.0 - 0.1 * (1.0 + 0.5 * 2.0)])
    assert g[0] == 1.0


def test_first_momentum_buffer_is_the_gradient_even_with_dampening():
    x = np.array([1.0])
    opt = SGD([x], lr=0.1, momentum=0.9, dampening=0.5)
    assert opt.state[0]["momentum_buffer"] is None
    opt.step([np.array([2.0])])
    np.testing.assert_allclose(opt.state[0]["momentum_buffer"], [2.0])
    np.testing.assert_allclose(x, [0.8])
    opt.step([np.array([1.0])])
    np.testing.assert_allclose(opt.state[0]["momentum_buffer"], [0.9 * 2.0 + 0.5 * 1.0])
    np.testing.assert_allclose(x, [0.8 - 0.1 * 2.3])


def test_nesterov_steps_along_gradient_plus_momentum_times_new_buffer():
    x = np.array([1.0])
    opt = SGD([x], lr=0.1, momentum=0.5, nesterov=True)
    opt.step([np.array([2.0])])
    np.testing.assert_allclose(x, [1.0 - 0.1 * (2.0 + 0.5 * 2.0)])
    opt.step([np.array([1.0])])
    buf = 0.5 * 2.0 + 1.0
    np.testing.assert_allclose(x, [0.7 - 0.1 * (1.0 + 0.5 * buf)])


def test_gradient_descent_on_a_quadratic_is_its_linear_recurrence():
    lam = np.array([1.0, 10.0])
    lr, steps = 0.15, 25
    path, _ = _run(lambda ps: SGD(ps, lr=lr), [3.0, -1.0], lambda x: lam * x, steps)
    k = np.arange(steps + 1)[:, None]
    np.testing.assert_allclose(path, np.array([3.0, -1.0]) * (1 - lr * lam) ** k, rtol=1e-12)


def test_heavy_ball_on_a_quadratic_matches_its_two_term_recurrence():
    lam, lr, mu = 4.0, 0.05, 0.8
    path, _ = _run(lambda ps: SGD(ps, lr=lr, momentum=mu), [1.0], lambda x: lam * x, 40)
    x = path[:, 0]
    # x_{k+1} = (1 + mu - lr lam) x_k - mu x_{k-1} for k >= 1
    np.testing.assert_allclose(x[2:], (1 + mu - lr * lam) * x[1:-1] - mu * x[:-2], atol=1e-13)


def test_torch_momentum_equals_the_velocity_convention_for_constant_lr():
    def grad(x):
        return np.array([2.0 * x[0], 20.0 * x[1] ** 3 + x[1]])

    lr, mu = 0.01, 0.9
    torch_path, _ = _run(lambda ps: SGD(ps, lr=lr, momentum=mu), [1.0, 0.5], grad, 60)
    x, v = np.array([1.0, 0.5]), np.zeros(2)
    velocity_path = [x.copy()]
    for _ in range(60):
        v = mu * v - lr * grad(x)
        x = x + v
        velocity_path.append(x.copy())
    np.testing.assert_allclose(torch_path, velocity_path, rtol=1e-12, atol=1e-14)


def test_schedules_and_state_counters():
    x = np.array([1.0])
    opt = SGD([x], lr=lambda k: 0.1 * 0.5**k)
    assert opt.lr == 0.1
    for _ in range(3):
        opt.step([np.array([1.0])])
    np.testing.assert_allclose(x, [1.0 - 0.1 - 0.05 - 0.025])
    assert opt.lr == 0.0125 and opt.lr_at(0) == 0.1 and opt.state[0]["step"] == 3


def test_maximize_ascends():
    x = np.array([1.0])
    SGD([x], lr=0.1, maximize=True).step([np.array([1.0])])
    assert x[0] == pytest.approx(1.1)


@pytest.mark.parametrize("kwargs, match", [
    ({"lr": 0.0}, "lr"),
    ({"lr": -1.0}, "lr"),
    ({"lr": 0.1, "momentum": -0.1}, "momentum"),
    ({"lr": 0.1, "weight_decay": -1.0}, "weight_decay"),
    ({"lr": 0.1, "nesterov": True}, "nesterov"),
    ({"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True}, "nesterov"),
])
def test_bad_hyperparameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        SGD([np.zeros(2)], **kwargs)
