"""The step-size explorer: step lengths against closed forms, and every control on the figure."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bplab.optim import Adam
from bplab.widgets.adaptive import (
    OPTIMIZERS,
    SCENARIOS,
    StepSizeExplorer,
    gradient_stream,
    recovery_steps,
    step_lengths,
    uncorrected_lr,
)


def test_constant_gradient_closed_forms():
    g = np.ones(400)
    t = np.arange(1, 401)
    np.testing.assert_allclose(step_lengths("Adagrad", g), 1 / np.sqrt(t), rtol=1e-6)
    np.testing.assert_allclose(step_lengths("RMSprop", g, alpha=0.9), 1 / np.sqrt(1 - 0.9**t),
                               rtol=1e-6)
    np.testing.assert_allclose(step_lengths("Adam", g), 1.0, rtol=1e-6)
    np.testing.assert_allclose(step_lengths("Adam", g, bias_correction=False),
                               (1 - 0.9**t) / np.sqrt(1 - 0.999**t), rtol=1e-6)


@given(beta1=st.floats(0.0, 0.99), beta2=st.floats(0.5, 0.9999),
       grads=st.lists(st.floats(-10, 10), min_size=1, max_size=20))
@settings(max_examples=40)
def test_uncorrected_schedule_is_adam_without_bias_correction(beta1, beta2, grads):
    """The schedule reproduces m / (sqrt(v) + eps sqrt(1 - b2^t)) step by step, on any gradients."""
    x = np.zeros(1)
    opt = Adam([x], lr=uncorrected_lr(0.1, (beta1, beta2)), betas=(beta1, beta2), eps=1e-3)
    m = v = y = 0.0
    for t, g in enumerate(grads, start=1):
        opt.step([np.array([g])])
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        y -= 0.1 * m / (np.sqrt(v) + 1e-3 * np.sqrt(1 - beta2**t))
        assert x[0] == pytest.approx(y, rel=1e-9, abs=1e-12)


def test_streams_are_seeded_and_shaped():
    drop = gradient_stream(SCENARIOS[1], 400)
    assert np.abs(drop[:200]).mean() > 50 * np.abs(drop[200:]).mean()
    sparse = gradient_stream(SCENARIOS[2], 2000)
    assert 0.02 < np.mean(sparse != 0) < 0.08
    np.testing.assert_array_equal(sparse, gradient_stream(SCENARIOS[2], 2000))
    with pytest.raises(ValueError, match="scenario"):
        gradient_stream("wavy", 10)
    with pytest.raises(ValueError, match="steps"):
        gradient_stream(SCENARIOS[0], 0)
    with pytest.raises(ValueError, match="name"):
        step_lengths("SGD", np.ones(3))


@pytest.fixture(scope="module")
def ex():
    return StepSizeExplorer()


@pytest.fixture(autouse=True)
def _defaults(ex):
    ex.set_state(scenario=SCENARIOS[0], alpha=0.99, beta1=0.9, beta2=0.999,
                 bias_correction=True, steps=1000)


def test_default_figure_and_goal(ex):
    assert set(ex.lines) == set(OPTIMIZERS)
    for name, line in ex.lines.items():
        assert len(line.get_xdata()) == 1000, name
    assert "meets the goal ✔" in ex.readout.value.split("<br>")[2]  # Adam, corrected
    assert ex.question.startswith("With a constant gradient")
    assert ex.state["scenario"] == SCENARIOS[0]


def test_bias_correction_toggle_moves_adams_line(ex):
    on = np.array(ex.lines["Adam"].get_ydata())
    ex.controls["bias_correction"].value = False
    off = np.array(ex.lines["Adam"].get_ydata())
    assert on.max() == pytest.approx(1.0) and off.max() == pytest.approx(6.57, abs=0.01)
    assert "6.569 × lr at step 12" in ex.readout.value


@pytest.mark.parametrize("alpha", [0.5, 0.55, 0.9, 0.99, 0.9999])
def test_alpha_sets_rmsprops_first_step(ex, alpha):
    ex.controls["alpha"].value = alpha
    first = ex.lines["RMSprop"].get_ydata()[0]
    assert first == pytest.approx(min(1 / np.sqrt(1 - alpha), 1e2), rel=1e-6)
    meets = "meets the goal" in ex.readout.value.split("<br>")[1]
    assert meets == (1 / np.sqrt(1 - alpha) <= 1.5)


@pytest.mark.parametrize("beta1", [0.0, 0.5, 0.999])
@pytest.mark.parametrize("beta2", [0.5, 0.9999])
def test_extreme_betas_never_blank(ex, beta1, beta2):
    ex.set_state(beta1=beta1, beta2=beta2, bias_correction=False)
    y = np.array(ex.lines["Adam"].get_ydata())
    assert y.size == 1000 and np.all(np.isfinite(y)) and y.max() > 1e-3


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("steps", [50, 1550, 3000])
def test_every_scenario_and_length(ex, scenario, steps):
    ex.set_state(scenario=scenario, steps=steps)
    grad = np.array(ex.grad_line.get_ydata())
    assert grad.size == steps and np.all((grad >= 1e-4) & (grad <= 10))
    assert ex.ax_step.get_xlim() == (0, steps + 1)
    for line in ex.lines.values():
        assert len(line.get_ydata()) == steps
    assert ("goal" in ex.readout.value) == (scenario == SCENARIOS[0])


def test_noise_drop_shows_adagrad_never_recovering(ex):
    ex.set_state(scenario=SCENARIOS[1], steps=3000, alpha=0.9)
    rms, ada = ex.runs["RMSprop"], ex.runs["Adagrad"]
    assert np.median(rms[-500:]) > 0.3 and np.median(ada[-500:]) < 0.01


def test_bad_scenario_is_refused():
    with pytest.raises(ValueError, match="scenario"):
        StepSizeExplorer(scenario="wavy")


def test_recovery_counts_steps_after_the_drop_by_a_moving_mean():
    lengths = np.concatenate([np.ones(200), np.zeros(30), np.ones(100)])
    assert recovery_steps(lengths, level=0.5, window=10) == 26  # steps 226..235: mean 0.5
    assert recovery_steps(lengths[:230]) is None
    assert recovery_steps(np.ones(205)) is None                 # fewer than a window after


@pytest.mark.parametrize(("alpha", "expected"), [(0.5, 9), (0.9, 78), (0.99, 779)])
def test_noise_readout_says_when_each_optimizer_recovers(ex, alpha, expected):
    ex.set_state(scenario=SCENARIOS[1], steps=3000, alpha=alpha)
    rows = ex.readout.value.split("<br>")
    assert f"back to ½ × lr {expected} steps after the drop" in rows[1]
    assert "not back to ½ × lr" in rows[0]                        # Adagrad never does
    ex.set_state(steps=200)
    assert "after the drop" not in ex.readout.value


def test_question_can_be_replaced():
    explorer = StepSizeExplorer(scenario=SCENARIOS[1], question="Which α recovers fastest?")
    assert explorer.question == "Which α recovers fastest?"
    assert "Which α recovers fastest?" in explorer.question_label.value
