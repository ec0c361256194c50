"""Small images in a grid (the 8x8 digits), with labels and predictions underneath.

The grid is one mosaic image on one axes, so it takes an ``ax`` like every other figure
and ``update`` swaps pixels and captions in place. A wrong prediction is written in the
highlight colour: "7 → 1" reads "labelled 7, predicted 1".
"""

from dataclasses import dataclass, field

import numpy as np

from bplab.viz.drawing import Drawing, new_axes
from bplab.viz.palette import HIGHLIGHT

ROW_GAP = 4
"""Blank pixels under each row of tiles, where the captions go."""


def mosaic(images, rows, cols, pad=1, row_gap=ROW_GAP):
    """Tile ``images`` (n, h, w) into one array, ``pad`` pixels between columns and
    ``row_gap`` under every row. Unused tiles and gaps are NaN (transparent in imshow)."""
    n, h, w = images.shape
    out = np.full((rows * (h + row_gap), cols * (w + pad) - pad), np.nan)
    for k in range(min(n, rows * cols)):
        r, c = divmod(k, cols)
        out[r * (h + row_gap): r * (h + row_gap) + h, c * (w + pad): c * (w + pad) + w] = images[k]
    return out


def _as_images(X, shape):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 2:
        if shape is None:
            side = int(round(np.sqrt(X.shape[1])))
            if side * side != X.shape[1]:
                raise ValueError(f"X rows of {X.shape[1]} pixels are not square: pass shape")
            shape = (side, side)
        if int(np.prod(shape)) != X.shape[1]:
            raise ValueError(f"shape {shape} does not hold {X.shape[1]} pixels")
        X = X.reshape((len(X),) + tuple(shape))
    if X.ndim != 3 or len(X) == 0:
        raise ValueError(f"X must be (n, pixels) or (n, h, w) with n >= 1, got {X.shape}")
    return X


def caption(label, predicted):
    """``"7"``, ``"→ 1"`` or ``"7 → 1"`` from a label and/or a prediction (None to omit)."""
    if predicted is None:
        return "" if label is None else f"{label}"
    return f"→ {predicted}" if label is None else f"{label} → {predicted}"


@dataclass(eq=False, repr=False)
class ImagesDrawing(Drawing):
    """A grid of images: ``image`` (the mosaic), ``texts`` (one caption per tile)."""

    image: object = None
    texts: list = field(default_factory=list)
    rows: int = 1
    cols: int = 1

    def update(self, X, labels=None, predicted=None, shape=None):
        """Show new images (as many as tiles) and captions in place."""
        images = _as_images(X, shape)[: self.rows * self.cols]
        self.image.set_data(mosaic(images, self.rows, self.cols))
        for k, text in enumerate(self.texts):
            lab = None if labels is None or k >= len(images) else int(labels[k])
            pred = None if predicted is None or k >= len(images) else int(predicted[k])
            text.set_text(caption(lab, pred) if k < len(images) else "")
            wrong = lab is not None and pred is not None and lab != pred
            text.set_color(HIGHLIGHT if wrong else "black")
            text.set_fontweight("bold" if wrong else "normal")

    def dynamic_artists(self):
        return [self.image, *self.texts]

    def _summary(self):
        return f"{self.rows}x{self.cols} tiles"


def draw_images(X, labels=None, predicted=None, ax=None, cols=10, n=None, shape=None,
                title=None):
    """Draw the first ``n`` rows of ``X`` as greyscale images with captions.

    Parameters
    ----------
    X : array_like, shape (m, pixels) or (m, h, w)
        E.g. ``bplab.data.digits()[0]`` (8x8 digits, values 0..16).
    labels, predicted : array_like of int or None
        True and predicted classes; each tile is captioned "label → prediction", in
        the highlight colour where they differ.
    cols : int
        Tiles per row.
    n : int or None
        How many images (default all, at most 100).
    shape : (h, w) or None
        Image shape when ``X`` is flat and not square.

    Returns
    -------
    ImagesDrawing
    """
    images = _as_images(X, shape)
    n = min(len(images), 100) if n is None else int(n)
    if not 1 <= n <= len(images):
        raise ValueError(f"n must be in 1..{len(images)}, got {n}")
    if isinstance(cols, bool) or not isinstance(cols, int) or cols < 1:
        raise ValueError(f"cols must be a positive int, got {cols!r}")
    cols = min(cols, n)
    rows = -(-n // cols)
    h, w = images.shape[1:]
    if ax is None:
        ax = new_axes(None, figsize=(max(3.0, 0.7 * cols), max(1.2, 0.95 * rows + 0.5)))
    ax = new_axes(ax)
    finite = images[:n][np.isfinite(images[:n])]
    image = ax.imshow(mosaic(images[:n], rows, cols), cmap="Greys", interpolation="nearest",
                      vmin=float(finite.min()), vmax=float(finite.max()))
    texts = [ax.text((k % cols) * (w + 1) + (w - 1) / 2, (k // cols) * (h + ROW_GAP) + h, "",
                     ha="center", va="top", fontsize=8) for k in range(rows * cols)]
    drawing = ImagesDrawing(ax=ax, image=image, texts=texts, rows=rows, cols=cols)
    drawing.update(images[:n], labels=labels, predicted=predicted)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title is None:
        title = "label → prediction (wrong ones highlighted)" if predicted is not None else ""
    ax.set_title(title, fontsize=10)
    return drawing
