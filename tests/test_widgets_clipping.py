"""The clipping explorer: per-step norms, direction and training all follow the controls."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bplab.optim import clip_grad_norm
from bplab.widgets.clipping import (
    MODES,
    TRAIN_STEPS,
    ClippingExplorer,
    RecallTask,
    clip,
    cosine,
    train_rnn,
)


@pytest.fixture(scope="module")
def explorer():
    return ClippingExplorer()


def test_gradients_explode_back_through_time_when_the_scale_is_large():
    _, _, big = RecallTask(2.5).loss_and_gradients()
    _, _, small = RecallTask(0.5).loss_and_gradients()
    assert big[0] > 10 * big[-1]
    assert small[0] < 1e-3 * small[-1]


def test_norm_clipping_keeps_the_direction_value_clipping_bends_it():
    _, grads, _ = RecallTask(2.0).loss_and_gradients()
    by_norm, by_value = clip(grads, "norm", 1.0), clip(grads, "value", 0.1)
    assert cosine(grads, by_norm) == pytest.approx(1.0, abs=1e-12)
    assert clip_grad_norm(by_norm, np.inf)[1] == pytest.approx(1.0, rel=1e-5)
    assert cosine(grads, by_value) < 0.9
    assert max(np.abs(g).max() for g in by_value) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="mode must be one of"):
        clip(grads, "sign", 1.0)


def test_clipping_stops_the_divergence():
    plain, _ = train_rnn(2.0, "none", 1.0, 0.3)
    clipped, norms = train_rnn(2.0, "norm", 1.0, 0.3)
    assert np.isnan(plain[-1])
    assert np.all(np.isfinite(clipped)) and clipped[-1] < 0.05
    assert np.nanmax(clipped) == pytest.approx(clipped[0])
    assert norms.shape == (TRAIN_STEPS,) and np.all(norms > 0)


def test_default_view_answers_the_question(explorer):
    explorer.set_state(scale=2.0, mode="norm", threshold=1.0, lr=0.3)
    assert "worst loss 1.825" in explorer.ax_loss.get_title()
    assert "cos = 1.000" in explorer.ax_dir.get_title()
    raw, new = explorer.entries.get_data()
    np.testing.assert_allclose(new, raw * (new @ raw) / (raw @ raw), atol=1e-12)
    after = explorer.steps_drawing.clipped.get_ydata()
    before = explorer.steps_drawing.raw.get_ydata()
    np.testing.assert_allclose(after / before, after[0] / before[0])
    assert "no clipping diverged at step" in explorer.loss_note.get_text()
    explorer.controls["mode"].value = "value"
    assert "cos = 0.905" in explorer.ax_dir.get_title()
    assert np.all(np.isnan(explorer.steps_drawing.clipped.get_ydata()))


@pytest.mark.parametrize("mode", MODES)
def test_threshold_across_its_range(explorer, mode):
    explorer.set_state(scale=2.0, mode=mode, lr=0.3)
    slider = explorer.controls["threshold"]
    for exponent in np.linspace(slider.min, slider.max, 4):
        slider.value = 10.0**exponent
        raw, new = explorer.entries.get_data()
        assert len(raw) == len(new) > 0
        if mode == "value":
            assert np.abs(new).max() <= 10.0**exponent * (1 + 1e-12)
        losses = explorer.loss_lines["clipped"].get_ydata()
        assert len(losses) == TRAIN_STEPS + 1 and np.isfinite(losses[0])
        low, high = explorer.ax_loss.get_ylim()
        assert 0 < low < high


@pytest.mark.parametrize("name", ["scale", "lr"])
def test_scale_and_lr_across_their_range(explorer, name):
    explorer.set_state(scale=2.0, mode="norm", threshold=1.0, lr=0.3)
    slider = explorer.controls[name]
    for value in np.linspace(slider.min, slider.max, 4):
        slider.value = 10.0**value if name == "lr" else float(value)
        norms = explorer.steps_drawing.raw.get_ydata()
        assert len(norms) == 25 and np.all(np.isfinite(norms))
        assert "first/last" in explorer.ax_steps.get_title()
        assert np.isfinite(explorer.loss_lines["none"].get_ydata()[0])
        assert explorer.readout.value.startswith("gradient norm at the start")


def test_state_round_trip(explorer):
    explorer.set_state(scale=1.5, mode="value", threshold=0.5, lr=0.05)
    saved = explorer.state
    explorer.set_state(mode="none", scale=3.0)
    explorer.set_state(saved)
    assert explorer.state == saved


@given(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=12), st.floats(1e-3, 1e2))
def test_clipping_bounds_hold_for_any_gradient(entries, c):
    grads = [np.array(entries[: len(entries) // 2 + 1]), np.array(entries[len(entries) // 2:])]
    norm = float(np.sqrt(sum(np.sum(g * g) for g in grads)))
    by_norm = clip(grads, "norm", c)
    assert np.sqrt(sum(np.sum(g * g) for g in by_norm)) <= c * (1 + 1e-9) or norm <= c
    if norm > 0:
        assert cosine(grads, by_norm) == pytest.approx(1.0, abs=1e-9)
    assert all(np.abs(g).max() <= c for g in clip(grads, "value", c))


def test_repeated_settings_reuse_the_cached_run(explorer):
    explorer.set_state(scale=2.0, mode="norm", threshold=1.0, lr=0.3)
    first = explorer.results["losses"]
    explorer.set_state(threshold=0.5)
    explorer.set_state(threshold=1.0)
    assert explorer.results["losses"] is first


def test_costly_sliders_train_on_release_and_cheap_changes_are_blitted():
    ex = ClippingExplorer(scale=2.0, mode="norm", threshold=1.0, lr=0.3)
    assert not any(ex.controls[name].continuous_update for name in ("scale", "threshold", "lr"))
    canvas = ex.fig.canvas
    canvas.draw()
    requested = []
    canvas.draw_idle = lambda: requested.append(True)
    ex.controls["threshold"].value = 0.8  # same axes limits: only the animated artists move
    assert requested == []
    assert "norm 24.27 → 0.8" in ex.ax_dir.get_title()
    ex.controls["mode"].value = "none"
    assert "threshold unused" in ex.ax_dir.get_title()
    assert ex.loss_note.get_text() == "no clipping diverged at step 14"
    assert "worst loss" in ex.ax_loss.get_title() and "diverged" in ex.ax_loss.get_title()


def test_run_cache_drops_the_least_recent_setting(monkeypatch):
    import bplab.widgets.clipping as clipping

    monkeypatch.setattr(clipping, "CACHED_RUNS", 2)
    monkeypatch.setattr(clipping, "train_rnn", lambda *args: (np.ones(TRAIN_STEPS + 1), None))
    ex = ClippingExplorer(scale=2.0, mode="norm", threshold=1.0, lr=0.3)
    first = ex.results["losses"]
    ex.set_state(threshold=0.5)  # the cache now holds the baseline and threshold 0.5
    assert len(ex._runs) == 2 and ex.results["losses"] is not first
    assert (2.0, "norm", 1.0, 0.3) not in ex._runs
