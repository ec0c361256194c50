"""The capstone experiment: one small MLP on the digits, every optimizer, the same budget.

:func:`digits_splits` makes the train / validation / test split (standardised with the
training statistics); :func:`train_run` trains a fresh 64-32-10 ReLU network with one
optimizer of ``bplab.optim.registry`` and one learning rate; :func:`tune_lr` picks a
learning rate from a grid by the **validation** loss, so the test set is looked at once,
at the end. :class:`CapstoneExplorer` lets a reader flip through the finished runs: loss
curves and the test-set confusion matrix of each optimizer, at its default and its tuned
learning rate.
"""

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from bplab.data import digits, standardize, train_test_split
from bplab.nn import Linear, ReLU, Sequential, SoftmaxCrossEntropy, accuracy, fit
from bplab.optim import registry
from bplab.viz.palette import MUTED, optimizer_style
from bplab.widgets.base import Explorer, decade_limits, new_figure

__all__ = ["CapstoneExplorer", "Run", "confusion_matrix", "digits_splits", "smooth",
           "train_run", "tune_lr"]

BLOWN = 1e3
"""Losses above this (or non-finite: a run that blew up) are drawn at this height."""
TOP_LOSS = 10.0
"""Top of the loss axes: a cross-entropy this high on 10 classes means training failed."""

OPTIMIZERS = ("SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adam", "AdamW", "NAdam")


def digits_splits(test_size=0.25, val_size=0.2, seed=0):
    """``{"train", "val", "test"}`` -> ``(X, y)`` from ``bplab.data.digits()``, standardised.

    The test set is ``test_size`` of all 1,797 images; the validation set is ``val_size``
    of the rest. Pixel statistics come from the training split only.
    """
    X, y = digits()
    X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=test_size, seed=seed)
    X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, test_size=val_size,
                                                      seed=seed + 1)
    X_train, X_val, X_test = standardize(X_train, X_val, X_test)
    return {"train": (X_train, y_train), "val": (X_val, y_val), "test": (X_test, y_test)}


def mlp(seed=0, hidden=32):
    """The capstone network: ``Linear(64, hidden) -> ReLU -> Linear(hidden, 10)``."""
    return Sequential(Linear(64, hidden, seed=seed), ReLU(), Linear(hidden, 10, seed=seed + 1))


@dataclass(eq=False)
class Run:
    """One finished training run.

    Attributes
    ----------
    name : str
        Registry name of the optimizer (``"Adam"``, ``"Nesterov"``, ...).
    lr : float
    seed : int
        Seed of the initial weights and of the mini-batch order.
    model : Sequential
    history : bplab.nn.History
        What ``fit`` recorded on the training split.
    val_loss : float
        Cross-entropy on the validation split after the last epoch (``inf`` if training
        blew up).
    """

    name: str
    lr: float
    seed: int
    model: object
    history: object
    val_loss: float

    def predict(self, X):
        return self.model.predict(X)

    def accuracy(self, X, y):
        """Accuracy on ``(X, y)`` in evaluation mode."""
        return accuracy(_logits(self.model, X), y)

    def __repr__(self):
        return f"Run({self.name}, lr={self.lr:g}, seed={self.seed}, val loss {self.val_loss:.3g})"


def _logits(model, X):
    model.eval()
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            return np.nan_to_num(model.forward(X), nan=0.0)
    finally:
        model.train()


def train_run(name, lr, splits, epochs=5, batch_size=32, seed=0):
    """Train a fresh :func:`mlp` with optimizer ``name`` at learning rate ``lr``.

    Every run gets the same budget (``epochs`` passes over the training split in
    mini-batches of ``batch_size``) and, for a given ``seed``, the same initial weights
    and the same mini-batch order, so runs differ only in the optimizer and its lr.

    Parameters
    ----------
    name : str
        A name of ``bplab.optim.registry`` (its other settings are torch's defaults).
    lr : float
    splits : dict
        From :func:`digits_splits`; trains on ``"train"``, scores ``"val"`` once at the end.

    Returns
    -------
    Run
    """
    model = mlp(seed)
    optimizer = registry.make(name, lr=lr)(model.parameters())
    loss = SoftmaxCrossEntropy()
    with np.errstate(over="ignore", invalid="ignore"):
        history = fit(model, loss, optimizer, splits["train"], epochs=epochs,
                      batch_size=batch_size, seed=seed, progress=False)
        val_loss = loss.forward(_logits(model, splits["val"][0]), splits["val"][1])
    val_loss = float(val_loss) if np.isfinite(val_loss) else float("inf")
    return Run(name, float(lr), seed, model, history, val_loss)


def tune_lr(name, grid, splits, **budget):
    """The lr of ``grid`` with the lowest final validation loss, and every run of the search.

    Returns
    -------
    (float, dict of float -> Run)
        Ties go to the smaller learning rate. The test split is never used.
    """
    runs = {float(lr): train_run(name, lr, splits, **budget) for lr in grid}
    best = min(runs, key=lambda lr: (runs[lr].val_loss, lr))
    return best, runs


def confusion_matrix(y_true, y_pred, classes=10):
    """``C[i, j]`` = how many examples of class ``i`` were predicted as class ``j``."""
    y_true, y_pred = np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError(f"y_true and y_pred must be 1-D of the same length, got shapes "
                         f"{y_true.shape} and {y_pred.shape}")
    C = np.zeros((classes, classes), dtype=int)
    np.add.at(C, (y_true, y_pred), 1)
    return C


def smooth(values, window):
    """Running mean over ``window`` steps (shorter at the start), so noisy curves read."""
    values = np.asarray(values, dtype=float)
    cums = np.cumsum(np.insert(values, 0, 0.0))
    starts = np.maximum(np.arange(1, values.size + 1) - window, 0)
    return (cums[1:] - cums[starts]) / (np.arange(1, values.size + 1) - starts)


def _most_confused(C):
    off = C - np.diag(np.diag(C))
    if off.max() == 0:
        return "no mistakes"
    i, j = np.unravel_index(np.argmax(off), off.shape)
    return f"most confused: {i} read as {j} ({off[i, j]}×)"


class CapstoneExplorer(Explorer):
    """Flip through the capstone's runs: loss curves and the test-set confusion matrix.

    Parameters
    ----------
    runs : dict
        ``runs[name]["default"]`` and ``runs[name]["tuned"]`` are :class:`Run` objects, for
        each optimizer name.
    test : (X, y)
        The test split, scored once per run.

    Controls: ``optimizer`` (one of the names) and ``lr`` (``"default"`` or ``"tuned"``).
    Left: the training loss of every run at that setting (smoothed over one epoch) in grey,
    the chosen optimizer's on top in its colour. Right: its confusion matrix on the test set.
    The axes stay fixed for every setting (the loss axis spans all runs, default and
    tuned), so curves compare across the toggle and every change is blitted: only the
    curves, the matrix, its counts and the titles are redrawn.

    Attributes
    ----------
    lines : dict of str -> Line2D
        The grey curve of each optimizer at the current lr setting.
    highlight : Line2D
        The chosen optimizer's curve, drawn over the grey ones.
    label : Text
        The chosen optimizer's name and lr, in its colour.
    matrix : AxesImage
    counts : list of list of Text
    """

    question = ("Which optimizer gains the most test accuracy from tuning its learning rate, and "
                "which one needs tuning least? For the best tuned run, which digit is most often "
                "mistaken for which?")

    def __init__(self, runs, test, optimizer="Adam", lr="tuned"):
        names = tuple(runs)
        if optimizer not in names:
            raise ValueError(f"optimizer must be one of {names}, got {optimizer!r}")
        if lr not in ("default", "tuned"):
            raise ValueError(f"lr must be 'default' or 'tuned', got {lr!r}")
        self.runs, self.test = runs, test
        self._scores = {(n, k): self._score(r) for n, d in runs.items() for k, r in d.items()}
        self._curves = {(n, k): _loss_curve(r) for n, d in runs.items() for k, r in d.items()}
        controls = {
            "optimizer": widgets.Dropdown(options=names, value=optimizer, description="optimizer"),
            "lr": widgets.ToggleButtons(options=("default", "tuned"), value=lr,
                                        description="learning rate"),
        }
        fig = new_figure(figsize=(9.5, 4.2))
        self.ax_loss, self.ax_cm = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.3, 1]})
        fig.subplots_adjust(left=0.08, right=0.97, bottom=0.12, top=0.9, wspace=0.25)
        self._build_loss_axes(names)
        self._build_matrix_axes()
        super().__init__(controls, fig, self.question, columns=2)
        self.animate(*self.lines.values(), self.highlight, self.label, self.note,
                     self.ax_loss.title, self.matrix, *(t for row in self.counts for t in row),
                     self.ax_cm.title)
        self.update()

    def _build_loss_axes(self, names):
        ax = self.ax_loss
        self.lines = {n: ax.plot([], [], lw=1.0, color=MUTED, alpha=0.45)[0] for n in names}
        self.highlight = ax.plot([], [], lw=2.2)[0]
        self.label = ax.text(0.97, 0.95, "", transform=ax.transAxes, ha="right", va="top",
                             fontsize=10, fontweight="bold")
        self.note = ax.text(0.03, 0.04, "", transform=ax.transAxes, fontsize=9,
                            color=optimizer_style("Nesterov")["color"])
        curves = np.concatenate(list(self._curves.values()))
        low = decade_limits(curves[curves < TOP_LOSS])
        steps = max(c.size for c in self._curves.values())
        ax.set(yscale="log", xlabel="step", ylabel="training loss (1-epoch mean)",
               xlim=(0, steps + 1), ylim=(max(low[0], 1e-3) if low else 1e-3, TOP_LOSS))
        ax.set_title(" ", fontsize=10)

    def _build_matrix_axes(self):
        ax = self.ax_cm
        self.matrix = ax.imshow(np.zeros((10, 10)), cmap="Blues", vmin=0, vmax=1)
        self.counts = [[ax.text(j, i, "", ha="center", va="center", fontsize=7)
                        for j in range(10)] for i in range(10)]
        ax.set(xticks=range(10), yticks=range(10), xlabel="predicted", ylabel="true")
        ax.tick_params(length=0, labelsize=8)
        ax.set_title(" ", fontsize=10)

    def _score(self, run):
        X, y = self.test
        predicted = np.argmax(_logits(run.model, X), axis=1)
        return float(np.mean(predicted == y)), confusion_matrix(y, predicted)

    def draw(self):
        s = self.state
        chosen, kind = s["optimizer"], s["lr"]
        for name, line in self.lines.items():
            curve = self._curves[(name, kind)]
            line.set_data(np.arange(1, curve.size + 1), curve)
        run = self.runs[chosen][kind]
        curve = self._curves[(chosen, kind)]
        style = optimizer_style(chosen)
        self.highlight.set_data(np.arange(1, curve.size + 1), curve)
        self.highlight.set_color(style["color"])
        self.highlight.set_linestyle(style.get("linestyle", "-"))
        self.label.set_text(f"{chosen} (lr {run.lr:g})")
        self.label.set_color(style["color"])
        blew_up = np.max(curve) > TOP_LOSS
        self.note.set_text(f"{chosen}'s loss blew up: lr too large" if blew_up else "")
        self.ax_loss.title.set_text(f"training loss, {kind} learning rates (grey: the others)")
        acc, C = self._scores[(chosen, kind)]
        self.matrix.set_data(C)
        self.matrix.set_clim(0, max(int(C.max()), 1))
        for i, row in enumerate(self.counts):
            for j, text in enumerate(row):
                text.set_text(str(C[i, j]) if C[i, j] else "")
                text.set_color("white" if C[i, j] > 0.6 * C.max() else "black")
        self.ax_cm.title.set_text(f"{chosen}, lr {run.lr:g}: test accuracy {acc:.1%}")
        other = "tuned" if kind == "default" else "default"
        other_acc = self._scores[(chosen, other)][0]
        self.readout.value = (f"{chosen}: test accuracy {acc:.1%} at the {kind} lr "
                              f"{run.lr:g} ({other_acc:.1%} at the {other} lr); "
                              f"{_most_confused(C)}")


def _loss_curve(run):
    """A run's training loss smoothed over one epoch; blown-up steps clipped to ``BLOWN``."""
    loss = np.asarray(run.history.loss, dtype=float)
    loss = np.minimum(np.nan_to_num(loss, nan=BLOWN, posinf=BLOWN), BLOWN)
    return smooth(loss, run.history.steps_per_epoch)
