"""bplab.optim.trajectory: recorded arrays, state, divergence, messages."""

import numpy as np
import pytest

from bplab import landscapes
from bplab.optim import SGD, Adam, trajectory


def test_records_points_losses_norms_and_lrs():
    land = landscapes.quadratic(10.0)
    tr = trajectory(lambda ps: SGD(ps, lr=0.05), land, x0=[1.0, 1.0], steps=30)
    assert tr.points.shape == (31, 2) and tr.losses.shape == (31,) and tr.lrs.shape == (30,)
    np.testing.assert_array_equal(tr.points[0], [1.0, 1.0])
    np.testing.assert_allclose(tr.losses, land.f(tr.points))
    np.testing.assert_allclose(tr.grad_norms, np.linalg.norm(land.grad(tr.points), axis=1))
    np.testing.assert_allclose(tr.points[1], [1.0, 1.0] - 0.05 * land.grad([1.0, 1.0]))
    assert (tr.lrs == 0.05).all() and not tr.diverged and tr.diverged_at is None
    assert tr.steps == 30 and "after 30 steps" in tr.message


def test_accepts_a_name_and_defaults_to_the_landscape_start():
    tr = trajectory(lambda ps: Adam(ps, lr=0.1), "rosenbrock", steps=5)
    np.testing.assert_array_equal(tr.points[0], landscapes.rosenbrock().start)
    assert tr.landscape.name == "rosenbrock"


def test_states_hold_a_copy_of_every_buffer_at_every_point():
    tr = trajectory(lambda ps: Adam(ps, lr=0.1), "beale", steps=20)
    assert set(tr.states) == {"step", "exp_avg", "exp_avg_sq"}
    assert tr.states["exp_avg"].shape == (21, 2)
    np.testing.assert_array_equal(tr.states["step"], np.arange(21))
    np.testing.assert_array_equal(tr.states["exp_avg"][0], 0.0)
    np.testing.assert_array_equal(tr.states["exp_avg"][-1], tr.optimizer.state[0]["exp_avg"])
    assert not np.array_equal(tr.states["exp_avg"][5], tr.states["exp_avg"][6])


def test_momentum_buffer_reads_zero_before_the_first_step():
    tr = trajectory(lambda ps: SGD(ps, lr=0.01, momentum=0.9), "quadratic", steps=3)
    np.testing.assert_array_equal(tr.states["momentum_buffer"][0], 0.0)
    land = landscapes.quadratic()
    np.testing.assert_allclose(tr.states["momentum_buffer"][1], land.grad(land.start))


def test_exploding_run_stops_and_reports_the_step():
    tr = trajectory(lambda ps: SGD(ps, lr=0.5), "quadratic", steps=200)
    assert tr.diverged and tr.diverged_at is not None and tr.diverged_at < 20
    assert len(tr.points) == tr.diverged_at + 1 and len(tr.lrs) == tr.diverged_at
    assert np.isfinite(tr.points).all()
    assert tr.message.startswith(f"diverged at step {tr.diverged_at}")


def test_non_finite_run_drops_the_bad_point():
    tr = trajectory(lambda ps: SGD(ps, lr=1e30), "rosenbrock", steps=50, max_loss=np.inf)
    assert tr.diverged and np.isfinite(tr.points).all() and np.isfinite(tr.losses).all()
    assert len(tr.points) == tr.diverged_at
    assert "non-finite" in tr.message


def test_converged_message_and_schedule_lrs():
    tr = trajectory(lambda ps: SGD(ps, lr=lambda k: 0.1 / (1 + k)), "quadratic", steps=5)
    np.testing.assert_allclose(tr.lrs, 0.1 / (1 + np.arange(5)))
    tr = trajectory(lambda ps: SGD(ps, lr=0.15), "quadratic", steps=300)
    assert tr.message.startswith("converged to loss")


def test_works_with_any_object_that_has_step():
    class Halve:
        def __init__(self, params):
            self.params = params

        def step(self, grads):
            self.params[0] *= 0.5

    tr = trajectory(Halve, "quadratic", x0=[2.0, 2.0], steps=3)
    np.testing.assert_allclose(tr.points[:, 0], [2.0, 1.0, 0.5, 0.25])
    assert tr.states == {}


def test_bad_input():
    with pytest.raises(ValueError, match="x0"):
        trajectory(lambda ps: SGD(ps, lr=0.1), "quadratic", x0=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="steps"):
        trajectory(lambda ps: SGD(ps, lr=0.1), "quadratic", steps=-1)
    with pytest.raises(ValueError, match="unknown landscape"):
        trajectory(lambda ps: SGD(ps, lr=0.1), "banana")
    with pytest.raises(TypeError, match="step"):
        trajectory(lambda ps: None, "quadratic")
