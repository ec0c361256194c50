"""A matrix as a grid of coloured cells: Jacobians, Hessians, weights, dropout masks.

Signed matrices use the diverging palette centred on zero (blue negative, red positive),
non-negative ones the sequential palette. Small matrices get their numbers written in
the cells. ``update(M)`` swaps the values in place.
"""

from dataclasses import dataclass, field

import numpy as np
from matplotlib.colors import Normalize
from matplotlib.ticker import MaxNLocator

from bplab.viz.drawing import Drawing, new_axes
from bplab.viz.palette import DIVERGING_CMAP, SEQUENTIAL_CMAP

MAX_ANNOTATED = 12
"""Matrices with more rows or columns than this are not annotated with numbers."""


def _as_matrix(M):
    M = np.asarray(M, dtype=np.float64)
    if M.ndim == 1:
        M = M[None, :]
    if M.ndim != 2 or M.size == 0:
        raise ValueError(f"M must be a non-empty 1-D or 2-D array, got shape {M.shape}")
    return M


@dataclass(eq=False, repr=False)
class MatrixDrawing(Drawing):
    """A drawn matrix: ``image`` (AxesImage), ``texts[i][j]`` (numbers), ``colorbar``."""

    image: object = None
    texts: list = field(default_factory=list)
    colorbar: object = None
    signed: bool = True
    fmt: str = "{:.2g}"

    def update(self, M):
        """Show ``M`` (same shape) in place, rescaling the colours."""
        M = _as_matrix(M)
        if M.shape != self.image.get_array().shape:
            raise ValueError(f"M must keep shape {self.image.get_array().shape}, got {M.shape}")
        finite = M[np.isfinite(M)]
        top = float(np.abs(finite).max()) if finite.size else 1.0
        top = top if top > 0 else 1.0
        if self.signed:
            self.image.set_clim(-top, top)
        else:
            low = min(0.0, float(finite.min())) if finite.size else 0.0
            self.image.set_clim(low, max(top, low + 1e-12))
        self.image.set_data(M)
        vmin, vmax = self.image.get_clim()
        for i, row in enumerate(self.texts):
            for j, text in enumerate(row):
                text.set_text(self.fmt.format(M[i, j]))
                level = (M[i, j] - vmin) / (vmax - vmin) if vmax > vmin else 0.5
                dark = abs(2 * level - 1) > 0.6 if self.signed else level < 0.45
                text.set_color("white" if dark else "black")

    def dynamic_artists(self):
        return [self.image, *(t for row in self.texts for t in row)]

    def _summary(self):
        rows, cols = self.image.get_array().shape
        return f"{rows}x{cols}"


def draw_matrix(M, ax=None, signed=None, annotate=None, row_labels=None, col_labels=None,
                title="", colorbar=True, fmt="{:.2g}"):
    """Draw ``M`` as coloured cells, row ``i`` from the top, column ``j`` from the left.

    Parameters
    ----------
    M : array_like, shape (rows, cols) or (cols,)
    signed : bool or None
        Diverging colours centred on zero; default: whether ``M`` has negative entries.
    annotate : bool or None
        Write each entry with ``fmt``; default when both sides are <= 12.
    row_labels, col_labels : list of str or None
        Tick labels (e.g. ``["x", "y"]`` for a Hessian).

    Returns
    -------
    MatrixDrawing
    """
    M = _as_matrix(M)
    rows, cols = M.shape
    signed = bool(np.nanmin(M) < 0) if signed is None else bool(signed)
    annotate = (rows <= MAX_ANNOTATED and cols <= MAX_ANNOTATED) if annotate is None else annotate
    if ax is None:
        ax = new_axes(None, figsize=(min(8.0, 1.2 + 0.55 * cols + (1.0 if colorbar else 0)),
                                     min(8.0, 1.0 + 0.55 * rows)))
    ax = new_axes(ax)
    image = ax.imshow(M, cmap=DIVERGING_CMAP if signed else SEQUENTIAL_CMAP,
                      norm=Normalize(-1.0, 1.0), interpolation="nearest", aspect="equal")
    texts = [[ax.text(j, i, "", ha="center", va="center", fontsize=8) for j in range(cols)]
             for i in range(rows)] if annotate else []
    drawing = MatrixDrawing(ax=ax, image=image, texts=texts, signed=signed, fmt=fmt)
    drawing.update(M)
    for labels, setter, n, name in ((row_labels, ax.set_yticks, rows, "row_labels"),
                                    (col_labels, ax.set_xticks, cols, "col_labels")):
        if labels is not None:
            if len(labels) != n:
                raise ValueError(f"{name} must have {n} entries, got {len(labels)}")
            setter(range(n), labels)
        elif n <= MAX_ANNOTATED:
            setter(range(n))
    for axis, n in ((ax.xaxis, cols), (ax.yaxis, rows)):
        if n > MAX_ANNOTATED:
            axis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(length=0)
    ax.set_title(title, fontsize=10)
    if colorbar:
        drawing.colorbar = ax.figure.colorbar(image, ax=ax, shrink=0.8, pad=0.03)
    return drawing
