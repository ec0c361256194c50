"""The schedule explorer: every schedule and slider redraws the rate and the loss curves."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bplab.optim import cosine_annealing_lr, step_lr
from bplab.widgets.schedules import (
    SCHEDULES,
    STEPS,
    ScheduleExplorer,
    make_schedule,
    noise_floor,
    noisy_quadratic_run,
    warmup_cosine_lr,
)


@pytest.fixture(scope="module")
def explorer():
    return ScheduleExplorer()


def test_warmup_cosine_joins_the_two_pieces():
    s = warmup_cosine_lr(1.0, warmup=10, total=110)
    assert s(0) == pytest.approx(0.1)
    assert s(5) == pytest.approx(0.55)
    assert s(10) == pytest.approx(1.0)
    assert s(60) == pytest.approx(0.5)
    assert s(110) == pytest.approx(0.0, abs=1e-15)
    with pytest.raises(ValueError, match="warmup"):
        warmup_cosine_lr(1.0, warmup=0, total=10)


def test_make_schedule_uses_bplab_optim():
    assert make_schedule("step", 0.5, step_size=50, step_gamma=0.5) == step_lr(0.5, 50, 0.5)
    assert make_schedule("cosine", 0.5) == cosine_annealing_lr(0.5, STEPS)
    assert make_schedule("constant", 0.3) == 0.3
    with pytest.raises(ValueError, match="schedule must be one of"):
        make_schedule("cyclic", 0.1)


def test_constant_rate_settles_at_its_noise_floor():
    losses, lrs = noisy_quadratic_run(0.5, noise=1.0)
    assert np.all(lrs == 0.5)
    assert losses[-50:].mean() == pytest.approx(noise_floor(0.5, 1.0), rel=0.2)
    decayed, _ = noisy_quadratic_run(step_lr(0.1, 50, 0.5), noise=1.0)
    assert decayed[-1] < 0.012 < losses[-1]


def test_default_view(explorer):
    explorer.set_state(schedule="step", lr=0.5, step_size=50, step_gamma=0.5, noise=1.0)
    lr_x, lr_y = explorer.lr_lines["schedule"].get_data()
    assert len(lr_x) == STEPS
    np.testing.assert_allclose(lr_y[[0, 49, 50, 199]], [0.5, 0.5, 0.25, 0.0625])
    assert np.all(explorer.lr_lines["constant"].get_ydata() == 0.5)
    assert len(explorer.loss_lines["schedule"].get_ydata()) == STEPS + 1
    assert explorer.floor.get_visible()
    assert explorer.floor.get_ydata()[0] == pytest.approx(noise_floor(0.5, 1.0))
    assert "step: lr from 0.5 to 0.0625" == explorer.ax_lr.get_title()
    assert explorer.ax_loss.get_title().startswith("final loss: schedule")


@pytest.mark.parametrize("name", SCHEDULES)
def test_every_schedule_draws_its_rate(explorer, name):
    explorer.set_state(schedule=name, lr=0.5, warmup=20)
    lrs = explorer.lr_lines["schedule"].get_ydata()
    expected = make_schedule(name, 0.5, warmup=20)
    expected = [expected] * STEPS if isinstance(expected, float) else [expected(k) for k in
                                                                         range(STEPS)]
    np.testing.assert_allclose(lrs, expected)
    assert explorer.ax_lr.get_title().startswith(name)
    assert np.all(np.isfinite(explorer.loss_lines["schedule"].get_ydata()))


@pytest.mark.parametrize("name", ["lr", "step_size", "step_gamma", "exp_gamma", "warmup",
                                  "noise"])
def test_sliders_across_their_range(explorer, name):
    for schedule in ("step", "exponential", "warm-up + cosine"):
        explorer.set_state(schedule=schedule, lr=0.5, noise=1.0)
        slider = explorer.controls[name]
        for value in np.linspace(slider.min, slider.max, 4):
            if name == "lr":
                value = 10.0**value
            elif name in ("step_size", "warmup"):
                value = int(value)
            slider.value = value
            y = explorer.loss_lines["schedule"].get_ydata()
            assert np.isfinite(y[0]) and len(y) == STEPS + 1
            low, high = explorer.ax_loss.get_ylim()
            assert 0 < low < high
            assert explorer.readout.value.startswith("final mean loss")


def test_largest_lr_diverges_and_says_so(explorer):
    explorer.set_state(schedule="constant", lr=10**0.5, noise=1.0)
    assert "diverged at step" in explorer.ax_loss.get_title()
    assert not explorer.floor.get_visible()
    assert np.isfinite(explorer.loss_lines["schedule"].get_ydata()[:3]).all()


def test_zero_noise_still_draws(explorer):
    explorer.set_state(schedule="cosine", lr=0.5, noise=0.0)
    assert not explorer.floor.get_visible()
    assert explorer.loss_lines["schedule"].get_ydata()[-1] < 1e-6


def test_state_round_trip(explorer):
    explorer.set_state(schedule="exponential", lr=0.3, exp_gamma=0.95)
    saved = explorer.state
    explorer.set_state(schedule="cosine")
    explorer.set_state(saved)
    assert explorer.state == saved
    assert explorer.ax_lr.get_title().startswith("exponential")


@given(st.floats(1e-3, 3.0), st.integers(1, 50), st.integers(2, 300))
def test_warmup_cosine_rises_then_falls_within_lr(lr, warmup, extra):
    total = warmup + extra
    s = warmup_cosine_lr(lr, warmup=warmup, total=total)
    values = np.array([s(k) for k in range(total + 1)])
    assert np.all(values >= 0) and np.all(values <= lr * (1 + 1e-12))
    assert np.all(np.diff(values[: warmup + 1]) > 0)
    assert np.all(np.diff(values[warmup:]) <= 1e-15)
    assert values[warmup] == pytest.approx(lr)


def test_labels_are_shown_in_full_and_schedule_changes_are_blitted():
    ex = ScheduleExplorer()
    assert all(c.style.description_width == "initial" for c in ex.controls.values()
               if hasattr(c.style, "description_width") and c.description != "schedule")
    canvas = ex.fig.canvas
    canvas.draw()
    requested = []
    canvas.draw_idle = lambda: requested.append(True)
    ex.controls["step_gamma"].value = 0.3  # same lr, same loss decades: only the curves move
    assert requested == []
    assert ex.ax_lr.get_title().startswith("step: lr from 0.5")
    ex.controls["lr"].value = 0.1  # the lr axis rescales: a full redraw
    assert requested == [True]
