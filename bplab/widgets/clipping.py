"""Exploding gradients in a vanilla RNN, and the two ways of clipping them.

The task needs memory: a tanh RNN (``bplab.nn.RNN``, 16 units) reads 25 random numbers and
a linear read-out of its last state must return the *first* one. The gradient of that loss
reaches step ``t`` through ``T - t`` copies of :math:`\\mathrm{diag}(1 - h^2) W_h^\\top`,
so its norm grows or shrinks geometrically with the spectral radius of :math:`W_h`
(the ``scale`` below: :math:`W_h` starts as ``scale`` times a random orthogonal matrix).

Clipping acts on the parameter gradients ``g`` before the step:

- by norm (``clip_grad_norm``): :math:`g \\leftarrow g \\min(1, c / \\|g\\|)`, one factor for
  all entries, so the direction is kept;
- by value (``clip_grad_value``): every entry clamped to :math:`[-c, c]`, which bends the
  direction towards the diagonal of the box.
"""

from collections import OrderedDict

import ipywidgets as widgets
import numpy as np

from bplab.nn import RNN, Linear, MSELoss
from bplab.optim import SGD, clip_grad_norm, clip_grad_value
from bplab.viz.curves import plot_time_step_grad_norms
from bplab.viz.palette import MUTED, series_color
from bplab.widgets.base import (
    Explorer,
    decade_limits,
    format_number,
    log_slider,
    new_figure,
    set_limits,
)

__all__ = ["MODES", "ClippingExplorer", "RecallTask", "clip", "cosine", "train_rnn"]

MODES = ("none", "norm", "value")
T, HIDDEN, BATCH, TRAIN_STEPS = 25, 16, 32, 120
CACHED_RUNS = 512
"""Training runs the explorer keeps (each is two arrays of ~120 floats), least recent dropped."""


class RecallTask:
    """A seeded RNN + read-out and one batch of the "recall the first input" task.

    Parameters
    ----------
    scale : float
        Spectral radius of the initial recurrent matrix :math:`W_h` (scale times an
        orthogonal matrix).
    seed : int

    Attributes
    ----------
    rnn : bplab.nn.RNN
    head : bplab.nn.Linear
    x : ndarray, shape (T, BATCH, 1)
    y : ndarray, shape (BATCH, 1)
        The targets: ``x[0]``.
    """

    def __init__(self, scale, seed=0):
        if not scale > 0:
            raise ValueError(f"scale must be positive, got {scale!r}")
        rng = np.random.default_rng(seed)
        self.rnn = RNN(1, HIDDEN, seed=seed)
        q, _ = np.linalg.qr(rng.normal(size=(HIDDEN, HIDDEN)))
        self.rnn.params["Wh"][...] = scale * q
        self.rnn.params["Wx"][...] = rng.normal(size=(1, HIDDEN))
        self.head = Linear(HIDDEN, 1, seed=seed)
        self.x = rng.normal(size=(T, BATCH, 1))
        self.y = self.x[0].copy()
        self.loss = MSELoss()

    def parameters(self):
        return self.rnn.parameters() + self.head.parameters()

    def loss_and_gradients(self):
        """Forward, loss, backward through time: ``(loss, gradients, per-step norms)``."""
        out = self.head.forward(self.rnn.forward(self.x)[-1])
        value = self.loss.forward(out, self.y)
        self.rnn.backward(self.head.backward(self.loss.backward()))
        grads = [g.copy() for g in self.rnn.gradients() + self.head.gradients()]
        return value, grads, self.rnn.hidden_grad_norms.copy()


def clip(grads, mode, threshold):
    """``grads`` clipped by ``mode`` ("none", "norm" or "value") at ``threshold``."""
    if mode == "none":
        return [g.copy() for g in grads]
    if mode == "norm":
        return clip_grad_norm(grads, threshold)[0]
    if mode == "value":
        return clip_grad_value(grads, threshold)
    raise ValueError(f"mode must be one of {MODES}, got {mode!r}")


def cosine(a, b):
    """Cosine of the angle between two gradient lists, each joined into one vector."""
    a = np.concatenate([g.ravel() for g in a])
    b = np.concatenate([g.ravel() for g in b])
    denom = np.linalg.norm(a) * np.linalg.norm(b)
    return float(a @ b / denom) if denom > 0 else 1.0


def train_rnn(scale, mode, threshold, lr, steps=TRAIN_STEPS, seed=0):
    """Train the recall task with SGD and the given clipping; return the loss per step.

    Returns
    -------
    losses : ndarray, shape (steps + 1,)
        NaN from the step the run diverged (non-finite or above 1e6).
    norms : ndarray, shape (steps,)
        The total gradient norm before clipping at each step.
    """
    task = RecallTask(scale, seed)
    opt = SGD(task.parameters(), lr=lr)
    losses, norms = np.full(steps + 1, np.nan), np.full(steps, np.nan)
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps + 1):
            loss, grads, _ = task.loss_and_gradients()
            if not loss < 1e6:
                break
            losses[k] = loss
            if k == steps:
                break
            norms[k] = np.sqrt(sum(np.sum(g * g) for g in grads))
            if not np.isfinite(norms[k]):
                break
            opt.step(clip(grads, mode, threshold))
    return losses, norms


class ClippingExplorer(Explorer):
    """Per-step gradient norms of an RNN, what clipping does to the gradient, and training.

    Controls: ``scale`` (spectral radius of :math:`W_h`), ``mode`` (none / norm / value),
    ``threshold`` (max_norm or clip_value) and the SGD ``lr``.

    Left: :math:`\\|\\partial L/\\partial h_t\\|` per time step at initialisation, before and
    (norm clipping) after. Middle: every gradient entry after clipping against before; norm
    clipping keeps them on a line through 0 (same direction), value clipping flattens the
    large ones. Right: training loss with this clipping against no clipping.

    Attributes
    ----------
    steps_drawing : bplab.viz.curves.TimeStepNormDrawing
    entries : Line2D
        The (raw, clipped) gradient entries of the middle panel.
    loss_lines : dict of str -> Line2D
        ``"clipped"`` and ``"none"``.
    results : dict
        ``norms``, ``total_norm``, ``cosine``, ``losses`` and ``baseline`` of the last draw.
    """

    question = ("At W_h scale 2 and lr 0.3, plain SGD diverges. Find a norm-clipping threshold "
                "that trains without a single spike (the worst loss stays at the starting 1.825) "
                "and ends below 0.05. Then clip by value at the same threshold: does it keep the "
                "gradient's direction (middle panel), and does it train as well?")

    def __init__(self, scale=2.0, mode="none", threshold=1.0, lr=0.3):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        controls = {
            "scale": widgets.FloatSlider(value=scale, min=0.5, max=3.0, step=0.1,
                                         description="W_h scale", continuous_update=False),
            "mode": widgets.ToggleButtons(options=MODES, value=mode, description="clip by",
                                          style={"button_width": "70px"}),
            "threshold": log_slider("threshold", threshold, -3, 2, fmt=".3g"),
            "lr": log_slider("lr", lr, -3, 0, fmt=".3g"),
        }
        for name in ("threshold", "lr"):  # each new value trains an RNN (~0.1 s): not mid-drag
            controls[name].continuous_update = False
        fig = new_figure(figsize=(9.5, 3.6))
        ax_steps, self.ax_dir, self.ax_loss = fig.subplots(1, 3)
        fig.subplots_adjust(left=0.07, right=0.99, bottom=0.15, top=0.9, wspace=0.36)
        self.steps_drawing = plot_time_step_grad_norms(np.ones(T), ax=ax_steps, title="")
        ax_steps.legend(loc="upper right", fontsize=7, frameon=False)
        ax_steps.set_xlim(0, T + 1)
        ax_steps.set_autoscale_on(False)  # limits set here and by set_limits: blit-friendly
        self.ax_steps = ax_steps
        color = series_color(1)
        self.identity = self.ax_dir.plot([-1, 1], [-1, 1], ":", color=MUTED, lw=1.0)[0]
        self.entries = self.ax_dir.plot([], [], "o", ms=3, color=color, alpha=0.7)[0]
        self.ax_dir.set(xlabel="gradient entry before clipping", ylabel="after clipping")
        self.loss_lines = {
            "none": self.ax_loss.plot([], [], color=MUTED, lw=1.2, label="no clipping")[0],
            "clipped": self.ax_loss.plot([], [], color=color, lw=1.8, label="with clipping")[0],
        }
        self.ax_loss.set(xlabel="training step", ylabel="loss", xlim=(0, TRAIN_STEPS))
        self.ax_loss.set_yscale("log")
        self.ax_loss.legend(loc="upper right", fontsize=7)
        self.loss_note = self.ax_loss.text(0.97, 0.82, "", transform=self.ax_loss.transAxes,
                                           ha="right", va="top", fontsize=7, color=MUTED,
                                           bbox={"fc": "white", "ec": "none", "alpha": 0.85,
                                                 "pad": 1.0})
        for ax in (ax_steps, self.ax_dir, self.ax_loss):
            ax.title.set_fontsize(9)
            ax.xaxis.label.set_fontsize(9)
            ax.yaxis.label.set_fontsize(9)
            ax.tick_params(labelsize=8)
        self._init_cache, self._runs = {}, OrderedDict()
        self.results = {}
        super().__init__(controls, fig, self.question, columns=2)
        d = self.steps_drawing
        self.animate(d.raw, d.clipped, self.entries, self.identity, *self.loss_lines.values(),
                     self.loss_note, self.ax_steps.title, self.ax_dir.title, self.ax_loss.title)
        self.update()

    def _at_init(self, scale):
        if scale not in self._init_cache:
            self._init_cache = {scale: RecallTask(scale).loss_and_gradients()}
        return self._init_cache[scale]

    def _train(self, scale, mode, threshold, lr):
        """``train_rnn`` with a cache of :data:`CACHED_RUNS` settings (least recent dropped).

        Each slider stop is one key, so moving a slider back over settings already seen
        costs nothing, and the "no clipping" baseline is shared by every threshold and mode.
        """
        key = (scale, mode, threshold if mode != "none" else None, lr)
        if key in self._runs:
            self._runs.move_to_end(key)
        else:
            self._runs[key] = train_rnn(scale, mode, threshold, lr)
            if len(self._runs) > CACHED_RUNS:
                self._runs.popitem(last=False)
        return self._runs[key]

    def draw(self):
        s = self.state
        _, grads, norms = self._at_init(s["scale"])
        clipped = clip(grads, s["mode"], s["threshold"])
        total = float(np.sqrt(sum(np.sum(g * g) for g in grads)))
        after = float(np.sqrt(sum(np.sum(g * g) for g in clipped)))
        cos = cosine(grads, clipped)
        self._draw_steps(norms, after / total if total > 0 else 1.0, s["mode"])
        self._draw_direction(grads, clipped, total, after, cos, s["mode"])
        baseline = self._train(s["scale"], "none", None, s["lr"])[0]
        losses = self._train(s["scale"], s["mode"], s["threshold"], s["lr"])[0]
        self._draw_losses(losses, baseline, s["mode"])
        self.results = {"norms": norms, "total_norm": total, "cosine": cos,
                        "losses": losses, "baseline": baseline}
        self.readout.value = (
            f"gradient norm at the start {format_number(total)} → {format_number(after)} "
            f"after clipping; cosine with the unclipped gradient {cos:.3f}; "
            f"training: worst loss {_worst(losses)}, final {_final(losses)} "
            f"(no clipping: worst {_worst(baseline)}, final {_final(baseline)})")

    def _draw_steps(self, norms, factor, mode):
        shown = norms * factor if mode == "norm" else np.full_like(norms, np.nan)
        self.steps_drawing.update(norms=norms, clipped=shown)
        set_limits(self.ax_steps, ylim=decade_limits(np.concatenate([norms, shown])))
        ratio = norms[0] / norms[-1] if norms[-1] > 0 else np.inf
        self.ax_steps.title.set_text(f"gradient per step: first/last = {format_number(ratio)}")

    def _draw_direction(self, grads, clipped, total, after, cos, mode):
        raw = np.concatenate([g.ravel() for g in grads])
        new = np.concatenate([g.ravel() for g in clipped])
        self.entries.set_data(raw, new)
        limit = max(float(np.abs(raw).max()), 1e-12) * 1.1
        self.identity.set_data([-limit, limit], [-limit, limit])
        set_limits(self.ax_dir, (-limit, limit), (-limit, limit))
        if mode == "none":
            self.ax_dir.title.set_text(f"no clipping (threshold unused), cos = {cos:.3f}")
        else:
            self.ax_dir.title.set_text(f"norm {format_number(total)} → {format_number(after)}, "
                                       f"cos = {cos:.3f}")

    def _draw_losses(self, losses, baseline, mode):
        steps = np.arange(TRAIN_STEPS + 1)
        self.loss_lines["clipped"].set_data(steps, losses)
        self.loss_lines["none"].set_data(steps, baseline)
        set_limits(self.ax_loss, ylim=decade_limits(np.concatenate([losses, baseline])))
        self.ax_loss.title.set_text(f"worst loss {_worst(losses)}, {_end(losses)}")
        runs = (("no clipping", baseline),) if mode == "none" else (
            ("clipped run", losses), ("no clipping", baseline))
        notes = [f"{name} diverged at step {_diverged_at(v)}" for name, v in runs
                 if _diverged_at(v) is not None]
        self.loss_note.set_text("\n".join(notes))


def _diverged_at(losses):
    bad = np.flatnonzero(~np.isfinite(losses))
    return int(bad[0]) if bad.size else None


def _final(losses):
    stop = _diverged_at(losses)
    return f"diverged at step {stop}" if stop is not None else format_number(losses[-1])


def _end(losses):
    """``final 0.014`` or ``diverged`` (the note on the axes gives the step)."""
    return "diverged" if _diverged_at(losses) is not None else f"final {format_number(losses[-1])}"


def _worst(losses):
    finite = losses[np.isfinite(losses)]
    return format_number(finite.max()) if finite.size else "nan"
