"""Dropout up close: the mask, the inverted scaling, and training vs evaluation mode.

``bplab.nn.Dropout(p)`` (torch's meaning: ``p`` is the probability of *dropping*) computes,
in training mode,

.. math:: y = x \\odot m / (1 - p), \\qquad m_i \\sim \\mathrm{Bernoulli}(1 - p),

so :math:`\\mathbb{E}[y] = x` and evaluation mode can simply return :math:`y = x`. Without the
``1 / (1 - p)`` the average training output would be :math:`(1 - p)\\,x`, and a network
trained that way would see inputs :math:`1 / (1 - p)` times too large at test time.
"""

from dataclasses import dataclass, field

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import ListedColormap

from bplab.nn import Dropout
from bplab.viz.drawing import Drawing, new_axes_row
from bplab.viz.palette import MUTED, OKABE_ITO
from bplab.widgets.base import Explorer, new_figure, set_limits

__all__ = ["DropoutExplorer", "MaskDrawing", "dropout_outputs", "plot_masks"]

KEPT, DROPPED = OKABE_ITO["blue"], OKABE_ITO["vermillion"]


def _activations(n=16, seed=0):
    """Positive, varied activations (like a ReLU layer's) to push through dropout."""
    rng = np.random.default_rng(seed)
    return np.round(0.3 + 1.7 * rng.random(n), 2)


def dropout_outputs(x, p, training=True, scaling=True, seed=0, samples=1):
    """Outputs of ``bplab.nn.Dropout(p, seed)`` on ``samples`` copies of ``x``.

    Parameters
    ----------
    x : array_like, shape (n,)
    p : float in [0, 1]
        Drop probability.
    training : bool
        Training mode (random mask) or evaluation mode (identity).
    scaling : bool
        Keep the inverted scaling ``1 / (1 - p)``; ``False`` shows plain (unscaled) dropout,
        ``y = x * m``, for comparison.
    seed : int
    samples : int
        Independent masks, one per row.

    Returns
    -------
    ndarray, shape (samples, n)
    """
    x = np.asarray(x, dtype=float)
    layer = Dropout(p, seed=seed)
    if not training:
        layer.eval()
    y = layer.forward(np.tile(x, (samples, 1)))
    if not scaling and training and 0 < p < 1:
        y = y * (1.0 - p)
    return y


@dataclass(eq=False, repr=False)
class MaskDrawing(Drawing):
    """What :func:`plot_masks` drew: one axes per panel and the panel titles."""

    axes: list = field(default_factory=list)
    titles: list = field(default_factory=list)

    def _summary(self):
        return ", ".join(t.split("\n")[0] for t in self.titles)


def plot_masks(image, ps=(0.25, 0.5, 0.75), seed=0, axes=None):
    """An image through dropout at several ``p`` in training mode, and in evaluation mode.

    Parameters
    ----------
    image : array_like, shape (h, w)
        E.g. one 8x8 digit, ``digits()[0][0].reshape(8, 8)``.
    ps : sequence of float
        Drop probabilities to show.
    seed : int
    axes : sequence of len(ps) + 2 Axes, or None

    Returns
    -------
    MaskDrawing
        ``axes``: the original, one panel per ``p`` (titled with how many pixels survived
        and the scale of the survivors; dropped pixels tinted) and the evaluation-mode output.
        The grey scale saturates at twice the input's maximum, so survivors scaled by more than
        2 show black.
    """
    image = np.asarray(image, dtype=float)
    if image.ndim != 2:
        raise ValueError(f"image must be 2-D (h, w), got shape {image.shape}")
    axes = new_axes_row(len(ps) + 2, axes=axes, figsize=(2.2 * (len(ps) + 2), 2.6))
    panels = [("input x", image, None)]
    for p in ps:
        layer = Dropout(p, seed=seed)
        y = layer.forward(image)
        dropped = np.zeros(image.shape, bool) if layer.mask is None else layer.mask == 0
        scale = f"×{1 / (1 - p):.3g}" if p < 1 else "all dropped"
        panels.append((f"train, p = {p:g}\n{image.size - dropped.sum()}/{image.size} pixels kept, "
                       f"{scale}", y, dropped))
    panels.append((f"eval, p = {max(ps):g}\ny = x", Dropout(max(ps)).eval().forward(image), None))
    tint = ListedColormap([DROPPED])
    for ax, (title, values, dropped) in zip(axes, panels, strict=True):
        ax.imshow(values, cmap="Greys", vmin=0.0, vmax=2.0 * image.max(), interpolation="nearest")
        if dropped is not None:  # dropped pixels tinted, so they differ from pixels that were 0
            ax.imshow(np.ma.masked_where(~dropped, dropped), cmap=tint, alpha=0.3,
                      interpolation="nearest")
        ax.set_title(title, fontsize=9)
        ax.set_axis_off()
    return MaskDrawing(ax=axes[0], axes=axes, titles=[t for t, *_ in panels])


class DropoutExplorer(Explorer):
    """One dropout layer on 16 activations: the mask drawn now, and the average over many.

    Controls: drop probability ``p``, ``mode`` (train / eval), ``scaling`` (inverted scaling
    on or off) and the mask ``seed``. Left: the input activations (outlined) and this mask's
    output (filled; dropped units marked ×). Right: each unit's output averaged over 2,000
    masks against its input, with the line :math:`y = x`: inverted scaling keeps the dots on
    it, plain dropout puts them on :math:`y = (1 - p) x`.

    Attributes
    ----------
    x : ndarray, shape (16,)
    output : ndarray, shape (16,)
        What this mask produced.
    mean_output : ndarray, shape (16,)
        The average over :attr:`samples` masks.
    bars : BarContainer
        The output bars (heights = :attr:`output`).
    crosses, means : Line2D
        Markers of dropped units; the averaged outputs.
    """

    question = ("In train mode at p = 0.8, how many of the 16 units survive and by what factor are "
                "they multiplied? Now untick inverted scaling: what fraction of the input does the "
                "average output keep, and what would a network trained this way see in eval mode?")

    samples = 2000

    def __init__(self, p=0.5, mode="train", scaling=True, seed=0, n=16):
        self.x = _activations(n)
        controls = {
            "p": widgets.FloatSlider(value=p, min=0.0, max=1.0, step=0.05,
                                     description="drop prob. p", readout_format=".2f"),
            "mode": widgets.ToggleButtons(options=("train", "eval"), value=mode,
                                          description="mode"),
            "scaling": widgets.Checkbox(value=scaling, description="inverted scaling 1/(1−p)"),
            "seed": widgets.IntSlider(value=seed, min=0, max=20, description="mask seed"),
        }
        fig = new_figure(figsize=(9.5, 3.9))
        self.ax_mask, self.ax_mean = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.5, 1]})
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.86, wspace=0.25)
        units = np.arange(n)
        self.ax_mask.bar(units, self.x, width=0.8, fill=False, edgecolor=MUTED, lw=1.2,
                         label="input x")
        self.bars = self.ax_mask.bar(units, np.zeros(n), width=0.55, color=KEPT,
                                     label="output y")
        self.crosses = self.ax_mask.plot([], [], "x", ms=8, mew=2, color=DROPPED,
                                         label="dropped")[0]
        self.ax_mask.set(xlabel="unit", ylabel="activation", xticks=units[::3])
        self.ax_mask.legend(loc="upper right", fontsize=8, ncol=3)
        top = float(self.x.max())
        self.ax_mean.plot([0, top * 1.1], [0, top * 1.1], "-", color=MUTED, lw=1, label="y = x")
        self.shrunk = self.ax_mean.plot([], [], "--", color=DROPPED, lw=1,
                                        label="y = (1 − p) x")[0]
        self.means = self.ax_mean.plot([], [], "o", ms=5, color=KEPT, label="mean output")[0]
        self.ax_mean.set(xlim=(0, top * 1.1), ylim=(0, top * 1.25), xlabel="input x",
                         ylabel=f"output averaged over {self.samples} masks")
        self.ax_mean.legend(loc="upper left", fontsize=8)
        self.ax_mask.set_title(" ", fontsize=10)
        self.ax_mean.set_title(" ", fontsize=10)
        self.output = self.mean_output = None
        super().__init__(controls, fig, self.question, columns=2)
        self.animate(*self.bars.patches, self.crosses, self.means, self.shrunk,
                     self.ax_mask.title, self.ax_mean.title)
        self.update()

    def draw(self):
        s = self.state
        p, training, scaling = s["p"], s["mode"] == "train", s["scaling"]
        self.output = dropout_outputs(self.x, p, training, scaling, seed=s["seed"])[0]
        self.mean_output = dropout_outputs(self.x, p, training, scaling, seed=1000 + s["seed"],
                                           samples=self.samples).mean(axis=0)
        for bar, h in zip(self.bars, self.output, strict=True):
            bar.set_height(h)
        dropped = np.flatnonzero(self.output == 0) if training and p > 0 else np.array([], int)
        self.crosses.set_data(dropped, np.zeros(dropped.size))
        highest = max(float(self.output.max()), float(self.x.max()))
        set_limits(self.ax_mask, ylim=(-0.15, _nice_top(min(highest, 40.0) * 1.15)))
        self.ax_mask.title.set_text(self._mask_title(p, training, scaling, dropped.size))
        self.means.set_data(self.x, self.mean_output)
        shrink = 1 - p if training and not scaling else 1.0
        top = float(self.x.max()) * 1.1
        self.shrunk.set_data([0, top], [0, top * shrink] if shrink != 1.0 else [np.nan, np.nan])
        self.ax_mean.title.set_text(self._mean_title(p, training, scaling))
        ratio = self.mean_output.sum() / self.x.sum()
        self.readout.value = (f"sum of inputs {self.x.sum():.2f}; this mask's output sum "
                              f"{self.output.sum():.2f}; average output sum "
                              f"{self.mean_output.sum():.2f} ({ratio:.3f} × the input)")

    def _mask_title(self, p, training, scaling, n_dropped):
        n = self.x.size
        if not training:
            return "eval mode: no mask, no scaling (y = x)"
        if p == 0:
            return "train mode, p = 0: nothing dropped (y = x)"
        if p == 1:
            return "train mode, p = 1: every unit dropped (y = 0)"
        scale = f"kept ×{1 / (1 - p):.3g}" if scaling else "kept unscaled"
        return f"train mode, p = {p:.2f}: {n - n_dropped} of {n} kept, {scale}"

    @staticmethod
    def _mean_title(p, training, scaling):
        if not training or p == 0:
            return "E[y] = x exactly"
        if p == 1:
            return "E[y] = 0: nothing gets through"
        if scaling:
            return "inverted scaling: E[y] = x"
        return f"no scaling: E[y] = (1 − p) x = {1 - p:.2f} x"


def _nice_top(value):
    """The smallest of 1, 1.5, 2, 3, 5, 7, 10, 15, ... at or above ``value``: y-limits that move
    in steps, so most slider moves keep the axes (and blit) while tall bars still fit."""
    exponent = np.floor(np.log10(max(value, 1e-12)))
    for mantissa in (1.0, 1.5, 2.0, 3.0, 5.0, 7.0, 10.0):
        if mantissa * 10.0**exponent >= value:
            return float(mantissa * 10.0**exponent)
    return float(10.0 ** (exponent + 1))
