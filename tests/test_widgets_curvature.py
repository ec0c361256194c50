"""The curvature explorer of notebook 13: GD on a quadratic, error per eigenvector."""

import json
import math

import numpy as np
import pytest

from bplab.widgets.curvature import (
    CurvatureExplorer,
    gd_on_quadratic,
    optimal_lr,
    steps_to_tolerance,
)


@pytest.fixture(scope="module")
def explorer():
    return CurvatureExplorer()


def test_gd_matches_the_closed_form_per_eigenvector():
    H = np.array([[3.0, 1.0], [1.0, 2.0]])
    run = gd_on_quadratic(H, [1.0, -2.0], lr=0.3, steps=40)
    assert run.steps == 40 and run.diverged_at is None
    assert np.allclose(run.components, run.predicted, rtol=1e-9, atol=1e-14)
    lam = np.linalg.eigvalsh(H)
    assert run.rate == pytest.approx(np.max(np.abs(1 - 0.3 * lam)))
    assert np.all(np.diff(run.losses) < 0)


def test_divergence_is_detected_and_reported():
    run = gd_on_quadratic(np.diag([1.0, 10.0]), [1.0, 1.0], lr=0.25, steps=500)
    assert run.diverged_at is not None and run.steps == run.diverged_at < 500
    assert "diverged" in repr(run)


def test_optimal_lr_gives_the_condition_number_rate():
    for kappa in (1.0, 10.0, 1000.0):
        lam = np.array([1.0, kappa])
        rate = np.max(np.abs(1 - optimal_lr(lam) * lam))
        assert rate == pytest.approx((kappa - 1) / (kappa + 1))
    assert steps_to_tolerance(0.5, 1e-6) == 20
    assert steps_to_tolerance(1.0) == math.inf and steps_to_tolerance(0.0) == 1


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="symmetric"):
        gd_on_quadratic(np.array([[1.0, 2.0], [0.0, 1.0]]), [1, 1], 0.1, 5)
    with pytest.raises(ValueError, match="lr"):
        gd_on_quadratic(np.eye(2), [1, 1], -0.1, 5)
    with pytest.raises(ValueError, match="steps"):
        gd_on_quadratic(np.eye(2), [1, 1], 0.1, 0)


def test_lr_across_its_range_redraws_and_warns(explorer):
    explorer.set_state(kappa=10.0, angle=30, steps=60)
    slider = explorer.controls["lr"]
    for lr in np.arange(slider.min, slider.max + 1e-9, 0.15):
        slider.value = float(lr)
        assert len(explorer.path.get_xdata()) == explorer.run.steps + 1 >= 2
        rate = explorer.run.rate
        assert f"{rate:.4f}" in explorer.ax_err.get_title()
        lo, hi = explorer.ax_err.get_ylim()
        assert 0 < lo < hi < 1e14
        assert (explorer.note.get_text() != "") == (rate >= 1)
    slider.value = slider.max
    assert "grows" in explorer.note.get_text() or "diverged" in explorer.note.get_text()
    assert "never" in explorer.readout.value


def test_kappa_angle_and_steps_change_the_picture(explorer):
    explorer.set_state(lr=1.0, steps=50)
    for kappa in (1.0, 10.0, 100.0, 1000.0):
        for angle in (0, 45, 90):
            explorer.set_state(kappa=kappa, angle=angle)
            assert explorer.run.eigenvalues == pytest.approx([1.0, kappa])
            u = explorer.run.eigenvectors[:, 1]
            xs, ys = explorer.arrows[1].get_data()
            assert np.allclose([xs[1], ys[1]], 2.5 * u)
            assert f"rotated {angle}°" in explorer.ax_map.get_title()
    for steps in (1, 150, 300):
        explorer.controls["steps"].value = steps
        assert len(explorer.measured[0].get_xdata()) == steps + 1


def test_measured_dots_sit_on_predicted_lines_and_readout(explorer):
    explorer.set_state(kappa=100.0, angle=30, lr=1.98, steps=200)
    for m, p in zip(explorer.measured, explorer.predicted, strict=True):
        assert np.allclose(m.get_ydata(), p.get_ydata(), rtol=1e-6)
    assert "(κ−1)/(κ+1) = 0.9802" in explorer.readout.value
    assert "λ = 100" in explorer.labels[1].get_text()
    assert f"{explorer.run.rates[1]:.3f}" in explorer.labels[1].get_text()


def test_state_round_trips(explorer):
    explorer.set_state(kappa=31.6, angle=15, lr=0.7, steps=33)
    other = CurvatureExplorer()
    other.set_state(json.loads(json.dumps(explorer.state)))
    assert np.array_equal(other.path.get_xdata(), explorer.path.get_xdata())
    assert other.question.startswith("With kappa = 100")


def test_lr_and_steps_are_blitted_a_new_quadratic_is_redrawn(explorer, monkeypatch):
    explorer.set_state(kappa=10.0, angle=30, lr=1.0, steps=60)
    canvas = explorer.fig.canvas
    canvas.draw()  # the browser's first frame: caches the background
    calls = []
    monkeypatch.setattr(canvas, "draw_idle", lambda: calls.append("full"))
    blit = canvas.blit
    monkeypatch.setattr(canvas, "blit", lambda bbox=None: (calls.append("blit"), blit(bbox)))
    for lr in (0.5, 0.8, 1.2, 1.6):
        explorer.controls["lr"].value = lr
    assert calls == ["blit"] * 4
    explorer.controls["kappa"].value = 30.0
    assert calls[-1] == "full"
