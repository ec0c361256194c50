"""Decision regions of a 2-D classifier, with its training data on top.

The plane is sampled on an ``n`` by ``n`` grid a little larger than the data; every grid
point is coloured by the class the model predicts there. When the model gives scores
(logits or probabilities) the colour is stronger where it is more confident,

    confidence = (max_k p_k - 1/K) / (1 - 1/K),    p = softmax(logits),

so the boundary shows as a pale band. The regions are one image, so ``update(model)``
after a training step replaces its pixels in place.
"""

from dataclasses import dataclass

import numpy as np
from matplotlib.colors import to_rgb

from bplab.viz.curves import NOTE_BOX
from bplab.viz.drawing import Drawing, new_axes
from bplab.viz.palette import class_color


def _softmax(z):
    z = z - np.max(z, axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _outputs(model, points):
    """Run ``model`` on ``points``: a bplab model in evaluation mode, or a callable."""
    if hasattr(model, "forward") and hasattr(model, "eval"):
        was_training = getattr(model, "training", False)
        model.eval()
        try:
            return np.asarray(model.forward(points))
        finally:
            if was_training:
                model.train()
    if callable(model):
        return np.asarray(model(points))
    raise TypeError(f"model must be a bplab.nn model or a callable points -> predictions, "
                    f"got {type(model).__name__}")


def class_scores(model, points):
    """``(labels, confidence)`` at ``points`` of shape ``(m, 2)``.

    ``model(points)`` may return integer labels ``(m,)`` (confidence 1), one score per
    point ``(m,)`` or ``(m, 1)`` (a probability in [0, 1] or a logit of class 1), or
    ``(m, K)`` logits or probabilities.
    """
    out = _outputs(model, points)
    m = len(points)
    if out.ndim == 2 and out.shape[1] == 1:
        out = out[:, 0]
    if out.shape[:1] != (m,) or out.ndim > 2:
        raise ValueError(f"model must return ({m},) labels or scores, or ({m}, K) scores; "
                         f"got shape {out.shape}")
    if out.ndim == 1 and np.issubdtype(out.dtype, np.integer):
        return out.astype(int), np.ones(m)
    out = out.astype(np.float64)
    if out.ndim == 1:
        p = out if (np.nanmin(out) >= 0 and np.nanmax(out) <= 1) else 1 / (1 + np.exp(-out))
        return (p > 0.5).astype(int), np.abs(2 * p - 1)
    rows = out.sum(axis=1)
    p = out if (np.all(out >= 0) and np.allclose(rows, 1.0)) else _softmax(out)
    K = p.shape[1]
    return np.argmax(p, axis=1), (np.max(p, axis=1) - 1.0 / K) / (1.0 - 1.0 / K)


@dataclass(eq=False, repr=False)
class BoundaryDrawing(Drawing):
    """Decision regions and data.

    Attributes
    ----------
    image : AxesImage
        RGBA of the predicted class at each grid point.
    points : list of PathCollection
        The data, one scatter per class.
    note : Text
        ``"accuracy on these points: 97.5%"``.
    grid : ndarray, shape (n*n, 2)
        The points the model is evaluated on.
    labels : ndarray, shape (n, n)
        The class predicted at each grid point (row 0 at the bottom).
    """

    image: object = None
    points: list = None
    note: object = None
    grid: np.ndarray = None
    labels: np.ndarray = None
    X: np.ndarray = None
    y: np.ndarray = None
    n: int = 200

    def update(self, model):
        """Recompute the regions (and the accuracy) for ``model``, in place."""
        labels, confidence = class_scores(model, self.grid)
        self.labels = labels.reshape(self.n, self.n)
        self.image.set_data(region_colors(self.labels, confidence.reshape(self.n, self.n)))
        if self.y is not None:
            predicted, _ = class_scores(model, self.X)
            self.note.set_text(f"accuracy on these points: {np.mean(predicted == self.y):.1%}")

    def dynamic_artists(self):
        return [self.image, self.note]

    def _summary(self):
        return f"{self.n}x{self.n} grid, {0 if self.X is None else len(self.X)} points"


def region_colors(labels, confidence):
    """RGBA image: each class's palette colour, more opaque where the model is sure."""
    rgba = np.zeros(labels.shape + (4,))
    for k in np.unique(labels):
        rgba[labels == k, :3] = to_rgb(class_color(k))
    rgba[..., 3] = 0.12 + 0.38 * np.clip(np.nan_to_num(confidence), 0.0, 1.0)
    return rgba


def draw_decision_boundary(model, X, y=None, ax=None, n=200, padding=0.5, title=None):
    """Colour the plane by ``model``'s predicted class and scatter ``(X, y)`` on top.

    Parameters
    ----------
    model : bplab.nn model, callable or None
        A ``Sequential`` (run in evaluation mode) or ``f(points) -> labels or scores``;
        ``None`` draws the data alone (``update(model)`` adds the regions later).
    X : array_like of shape (m, 2)
        The data; also sets the plotted box (its range plus ``padding``).
    y : array_like of int, shape (m,), or None
        Class labels; colour the points and give the accuracy.
    n : int
        Grid points per side.

    Returns
    -------
    BoundaryDrawing
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (m, 2) (points in the plane), got {X.shape}")
    if y is not None:
        y = np.asarray(y)
        if y.shape != (len(X),) or not np.issubdtype(y.dtype, np.integer):
            raise ValueError(f"y must be integer class labels of shape ({len(X)},), "
                             f"got {y.dtype} of shape {y.shape}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be an int >= 2, got {n!r}")
    ax = new_axes(ax, figsize=(5.5, 5.0))
    (x0, y0), (x1, y1) = X.min(axis=0) - padding, X.max(axis=0) + padding
    gx, gy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    image = ax.imshow(np.zeros((n, n, 4)), extent=(x0, x1, y0, y1), origin="lower",
                      interpolation="nearest", aspect="auto", zorder=0)
    points = []
    classes = np.unique(y) if y is not None else [None]
    for k in classes:
        sel = slice(None) if k is None else (y == k)
        color = "black" if k is None else class_color(k)
        points.append(ax.scatter(X[sel, 0], X[sel, 1], s=18, color=color, edgecolors="white",
                                 linewidths=0.6, zorder=2,
                                 label="data" if k is None else f"class {k}"))
    note = ax.text(0.02, 0.02, "", transform=ax.transAxes, fontsize=9, va="bottom",
                   zorder=5, bbox=NOTE_BOX)
    drawing = BoundaryDrawing(ax=ax, image=image, points=points, note=note, grid=grid, X=X,
                              y=y, n=int(n))
    if model is not None:
        drawing.update(model)
    elif title is None:
        title = "The data (classes by colour)"
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="$x_1$", ylabel="$x_2$")
    ax.set_title("Decision regions (colour = predicted class, paler = less sure)"
                 if title is None else title, fontsize=10)
    if y is not None:
        ax.legend(loc="upper right", fontsize=8.5, framealpha=0.85)
    return drawing
