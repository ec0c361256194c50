"""bplab.viz.curves: loss curves, gradient norms, learning-rate schedules."""

from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.colors import to_hex

from bplab.viz import (
    OPTIMIZER_COLORS,
    plot_grad_norm_history,
    plot_layer_grad_norms,
    plot_loss_curves,
    plot_lr_schedules,
    plot_time_step_grad_norms,
)
from bplab.viz.curves import first_nonfinite


def test_each_optimizer_is_drawn_in_its_palette_colour_on_a_log_axis():
    k = np.arange(50)
    drawing = plot_loss_curves({"Adam": 0.9**k, "SGD": 0.95**k})
    assert drawing.ax.get_yscale() == "log"
    assert to_hex(drawing.lines["Adam"].get_color()) == OPTIMIZER_COLORS["Adam"].lower()
    assert to_hex(drawing.lines["SGD"].get_color()) == OPTIMIZER_COLORS["SGD"].lower()
    np.testing.assert_allclose(drawing.lines["Adam"].get_ydata(), 0.9**k)
    assert drawing.ax.get_title() == "Loss during training"
    assert drawing.ax.get_ylabel() == "loss" and drawing.ax.get_xlabel() == "step"
    assert drawing.note.get_text() == ""
    assert [t.get_text() for t in drawing.ax.get_legend().get_texts()] == ["Adam", "SGD"]


def test_divergence_is_marked_at_the_last_finite_value_and_named():
    drawing = plot_loss_curves({"Momentum": [1.0, 10.0, 100.0, np.inf, np.nan], "Adam": [1, .5]})
    np.testing.assert_array_equal(drawing.lines["Momentum"].get_xdata(), [0, 1, 2])
    assert list(drawing.stops["Momentum"].get_xydata()[0]) == [2.0, 100.0]
    assert len(drawing.stops["Adam"].get_xdata()) == 0
    assert drawing.note.get_text() == "Momentum diverged at step 3"


def test_trajectory_like_values_are_read_through_losses_and_diverged_at():
    run = SimpleNamespace(losses=np.array([4.0, 2.0, 1e5]), diverged_at=2)
    drawing = plot_loss_curves({"SGD lr=1.5": run})
    assert drawing.note.get_text() == "SGD lr=1.5 diverged at step 2"
    assert to_hex(drawing.lines["SGD lr=1.5"].get_color()) == OPTIMIZER_COLORS["SGD"].lower()
    assert list(drawing.stops["SGD lr=1.5"].get_xydata()[0]) == [2.0, 1e5]


def test_update_moves_the_same_line_and_clears_the_note():
    drawing = plot_loss_curves({"Adam": [1.0, np.nan]})
    line = drawing.lines["Adam"]
    assert drawing.note.get_text() == "Adam diverged at step 1"
    drawing.update("Adam", [3.0, 2.0, 1.0])
    assert drawing.lines["Adam"] is line
    np.testing.assert_array_equal(line.get_ydata(), [3.0, 2.0, 1.0])
    assert drawing.note.get_text() == ""
    assert drawing.ax.get_ylim()[1] >= 3.0
    with pytest.raises(ValueError, match="name must be one of"):
        drawing.update("SGD", [1.0])


def test_log_scale_widens_to_symlog_for_nonpositive_losses():
    drawing = plot_loss_curves([1.0, 0.0, -2.0])
    assert drawing.ax.get_yscale() == "symlog"
    np.testing.assert_array_equal(drawing.lines["loss"].get_ydata(), [1.0, 0.0, -2.0])
    assert plot_loss_curves([1.0, 0.5], scale="linear").ax.get_yscale() == "linear"


def test_bad_series_are_refused():
    with pytest.raises(ValueError, match="must be 1-D"):
        plot_loss_curves({"Adam": np.ones((2, 2))})
    with pytest.raises(ValueError, match="scale must be one of"):
        plot_loss_curves([1.0], scale="loglog")
    with pytest.raises(ValueError, match="must not be empty"):
        plot_loss_curves({})


def test_lr_schedules_are_evaluated_at_each_step():
    drawing = plot_lr_schedules({"step": lambda k: 0.1 * 0.5 ** (k // 3), "flat": [0.05] * 9},
                                steps=9)
    np.testing.assert_allclose(drawing.lines["step"].get_ydata(), 0.1 * 0.5 ** (np.arange(9) // 3))
    np.testing.assert_allclose(drawing.lines["flat"].get_ydata(), 0.05)
    assert drawing.ax.get_ylabel() == "learning rate"
    with pytest.raises(ValueError, match="steps must be a positive int"):
        plot_lr_schedules({"a": lambda k: 1.0}, steps=0)


def test_grad_norm_history_names_columns_by_layer():
    history = np.array([[1.0, 0.1], [0.5, 0.05], [0.2, 0.01]])
    drawing = plot_grad_norm_history(history)
    assert list(drawing.lines) == ["layer 1", "layer 2"]
    np.testing.assert_allclose(drawing.lines["layer 2"].get_ydata(), [0.1, 0.05, 0.01])
    assert "per layer" in drawing.ax.get_title()


def test_layer_bars_have_the_norms_as_heights_and_update_in_place():
    drawing = plot_layer_grad_norms([1e-4, 1e-2, 1.0], labels=["in", "hidden", "out"])
    np.testing.assert_allclose(drawing.heights(), [1e-4, 1e-2, 1.0])
    assert [t.get_text() for t in drawing.ax.get_xticklabels()] == ["in", "hidden", "out"]
    drawing.update([2.0, 3.0, np.inf])
    np.testing.assert_allclose(drawing.heights(), [2.0, 3.0, 0.0])
    with pytest.raises(ValueError, match="heights must have shape"):
        drawing.update([1.0])


def test_time_step_norms_show_raw_clipped_and_threshold():
    norms = 2.0 ** np.arange(10, 0, -1)
    drawing = plot_time_step_grad_norms(norms, clipped=np.minimum(norms, 8.0), threshold=8.0)
    np.testing.assert_array_equal(drawing.raw.get_xdata(), np.arange(1, 11))
    np.testing.assert_allclose(drawing.clipped.get_ydata().max(), 8.0)
    assert drawing.threshold.get_visible() and list(drawing.threshold.get_ydata()) == [8.0, 8.0]
    assert drawing.label.get_text() == " threshold 8"
    drawing.update(threshold=4.0)
    assert list(drawing.threshold.get_ydata()) == [4.0, 4.0]
    assert drawing.ax.get_xlabel() == "time step t"


def test_time_step_norms_without_threshold_hide_the_line():
    drawing = plot_time_step_grad_norms([1.0, 0.1, 0.0])
    assert not drawing.threshold.get_visible()
    assert np.isnan(drawing.raw.get_ydata()[2])  # a zero norm cannot sit on a log axis


def test_first_nonfinite():
    assert first_nonfinite(np.array([1.0, 2.0])) is None
    assert first_nonfinite(np.array([1.0, np.nan, np.inf])) == 1


def test_history_panels_show_loss_accuracy_and_layer_norms():
    from bplab import data, nn, optim
    from bplab.viz.curves import plot_history

    X, y = data.moons(64, seed=0)
    model = nn.Sequential(nn.Linear(2, 8, seed=0), nn.Tanh(), nn.Linear(8, 2, seed=1))
    history = nn.fit(model, nn.SoftmaxCrossEntropy(), optim.Adam(model.parameters(), lr=0.05),
                     (X, y), epochs=3, batch_size=16, eval_data=(X, y))
    drawing = plot_history(history)
    np.testing.assert_allclose(drawing.loss.lines["mini-batch"].get_ydata(), history.loss)
    np.testing.assert_array_equal(drawing.loss.lines["mini-batch"].get_xdata(),
                                  np.arange(1, len(history.loss) + 1))
    np.testing.assert_allclose(drawing.accuracy.lines["train"].get_ydata(),
                               history.train_accuracy)
    assert list(drawing.grad_norms.lines) == list(history.grad_norms)
    legend = [t.get_text() for t in drawing.loss.ax.get_legend().get_texts()]
    assert legend == ["mini-batch", "epoch mean", "evaluation"]
    epoch_means = [ln for ln in drawing.loss.ax.get_lines() if ln.get_label() == "epoch mean"]
    np.testing.assert_array_equal(epoch_means[0].get_xdata(), [4, 8, 12])
    with pytest.raises(TypeError, match="history must be a bplab.nn.History"):
        plot_history({"loss": [1.0]})


def test_history_without_accuracy_says_so():
    from bplab.viz.curves import plot_history

    history = SimpleNamespace(loss=[1.0, 0.5], epoch_loss=[0.75], train_accuracy=[],
                              grad_norms={}, steps_per_epoch=2)
    drawing = plot_history(history)
    assert drawing.accuracy is None and drawing.grad_norms is None
    texts = [t.get_text() for ax in drawing.figure.axes for t in ax.texts]
    assert "no accuracy recorded\n(regression loss)" in texts
