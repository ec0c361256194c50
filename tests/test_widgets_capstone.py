"""The capstone's experiment helpers and its explorer (notebook 15)."""

import json

import numpy as np
import pytest

from bplab.nn import SoftmaxCrossEntropy
from bplab.viz.palette import optimizer_color
from bplab.widgets.capstone import (
    CapstoneExplorer,
    confusion_matrix,
    digits_splits,
    smooth,
    train_run,
    tune_lr,
)


@pytest.fixture(scope="module")
def splits():
    return digits_splits()


@pytest.fixture(scope="module")
def runs(splits):
    return {name: {"default": train_run(name, lr, splits, epochs=1),
                   "tuned": train_run(name, tuned, splits, epochs=1)}
            for name, lr, tuned in (("SGD", 0.01, 0.3), ("Adam", 0.001, 1.0))}


@pytest.fixture(scope="module")
def explorer(runs, splits):
    return CapstoneExplorer(runs, splits["test"], optimizer="SGD", lr="default")


def test_splits_are_disjoint_standardised_and_complete(splits):
    sizes = {k: len(v[0]) for k, v in splits.items()}
    assert sizes == {"train": 1077, "val": 270, "test": 450}
    X_train = splits["train"][0]
    assert np.allclose(X_train.mean(axis=0), 0.0, atol=1e-12)
    rows = {tuple(np.round(r, 9)) for X, _ in splits.values() for r in X}
    assert len(rows) > 1700
    assert all(np.array_equal(np.unique(y), np.arange(10)) for _, y in splits.values())


def test_runs_share_the_budget_and_are_seeded(splits):
    a = train_run("Nesterov", 0.05, splits, epochs=2, batch_size=64, seed=3)
    b = train_run("Nesterov", 0.05, splits, epochs=2, batch_size=64, seed=3)
    c = train_run("RMSprop", 0.05, splits, epochs=2, batch_size=64, seed=3)
    assert len(a.history.loss) == 2 * 17 == len(c.history.loss)
    assert a.history.loss == b.history.loss and a.history.loss != c.history.loss
    assert a.history.loss[0] == c.history.loss[0]  # same weights, same first batch
    assert 0.5 < a.accuracy(*splits["test"]) <= 1.0
    X_val, y_val = splits["val"]
    assert a.val_loss == pytest.approx(SoftmaxCrossEntropy().forward(a.model.forward(X_val), y_val))
    assert repr(a).startswith("Run(Nesterov, lr=0.05, seed=3")


def test_tuning_uses_the_validation_split_only(splits):
    no_test = {k: splits[k] for k in ("train", "val")}
    best, search = tune_lr("SGD", (0.001, 0.1, 3.0), no_test, epochs=1)
    assert set(search) == {0.001, 0.1, 3.0}
    assert best == min(search, key=lambda lr: search[lr].val_loss) == 0.1
    assert search[3.0].val_loss > search[0.1].val_loss


def test_diverged_runs_are_scored_not_raised(runs, splits):
    blown = runs["Adam"]["tuned"]
    assert blown.lr == 1.0 and blown.val_loss > 10
    assert 0.0 <= blown.accuracy(*splits["test"]) <= 1.0


def test_a_blown_up_run_is_announced(explorer):
    explorer.set_state(optimizer="Adam", lr="tuned")
    assert "blew up" in explorer.note.get_text()
    assert np.all(np.isfinite(explorer.lines["Adam"].get_ydata()))
    explorer.set_state(optimizer="SGD", lr="default")
    assert explorer.note.get_text() == ""


def test_confusion_matrix_and_smoothing():
    C = confusion_matrix([0, 1, 1, 2], [0, 2, 1, 2], classes=3)
    assert C.tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    with pytest.raises(ValueError, match="same length"):
        confusion_matrix([0, 1], [0])
    assert np.allclose(smooth([1.0, 3.0, 5.0, 7.0], 2), [1.0, 2.0, 4.0, 6.0])


def test_every_setting_highlights_one_run_and_its_confusion_matrix(explorer, runs, splits):
    X_test, y_test = splits["test"]
    limits = explorer.ax_loss.get_xlim(), explorer.ax_loss.get_ylim()
    for lr in ("default", "tuned"):
        for name in explorer.controls["optimizer"].options:
            explorer.set_state(optimizer=name, lr=lr)
            run = runs[name][lr]
            assert explorer.highlight.get_color() == optimizer_color(name)
            assert np.array_equal(explorer.highlight.get_ydata(),
                                  explorer.lines[name].get_ydata())
            assert len(explorer.highlight.get_xdata()) == len(run.history.loss)
            assert explorer.label.get_text() == f"{name} (lr {run.lr:g})"
            for other, line in explorer.lines.items():
                assert len(line.get_xdata()) == len(runs[other][lr].history.loss)
            C = confusion_matrix(y_test, run.predict(X_test))
            assert np.array_equal(explorer.matrix.get_array(), C)
            assert explorer.counts[0][0].get_text() == (str(C[0, 0]) if C[0, 0] else "")
            acc = np.mean(run.predict(X_test) == y_test)
            assert f"test accuracy {acc:.1%}" in explorer.ax_cm.get_title()
            assert f"{lr} learning rates" in explorer.ax_loss.get_title()
            assert f"at the {lr} lr {run.lr:g}" in explorer.readout.value
            assert (explorer.ax_loss.get_xlim(), explorer.ax_loss.get_ylim()) == limits
    lo, hi = limits[1]
    assert 1e-3 <= lo < hi <= 10.0


def test_changes_after_the_first_draw_are_blitted(explorer, monkeypatch):
    canvas = explorer.fig.canvas
    explorer.set_state(optimizer="SGD", lr="tuned")
    canvas.draw()  # what the browser's first frame triggers: caches the background
    calls = []
    monkeypatch.setattr(canvas, "draw_idle", lambda: calls.append("full"))
    blit = canvas.blit
    monkeypatch.setattr(canvas, "blit", lambda bbox=None: (calls.append("blit"), blit(bbox)))
    clicks = 0
    for name in explorer.controls["optimizer"].options:
        for lr in ("default", "tuned"):  # a reader's clicks, one control at a time
            before = explorer.state
            explorer.controls["optimizer"].value = name
            explorer.controls["lr"].value = lr
            clicks += sum(before[k] != v for k, v in explorer.state.items())
    assert clicks >= 3 and calls == ["blit"] * clicks


def test_readout_names_the_most_confused_pair_and_state_round_trips(explorer, runs, splits):
    explorer.set_state(optimizer="SGD", lr="tuned")
    assert "most confused:" in explorer.readout.value or "no mistakes" in explorer.readout.value
    other = CapstoneExplorer(runs, splits["test"])
    other.set_state(json.loads(json.dumps(explorer.state)))
    assert np.array_equal(other.matrix.get_array(), explorer.matrix.get_array())
    with pytest.raises(ValueError, match="optimizer must be one of"):
        CapstoneExplorer(runs, splits["test"], optimizer="Lion")
    with pytest.raises(ValueError, match="lr must be"):
        CapstoneExplorer(runs, splits["test"], lr="best")
