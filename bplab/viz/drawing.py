"""What every ``bplab.viz`` function returns: the artists it drew, ready to update.

Each drawing function takes an optional ``ax``. Without one it makes its own
:class:`matplotlib.figure.Figure` (no pyplot, so nothing global changes and nothing is shown
twice). It returns a :class:`Drawing`: a small dataclass holding the Line2D, collection
and text artists, so an explorer can move them with ``set_data`` / ``set_text`` and call
``fig.canvas.draw_idle()`` instead of drawing again from scratch.

A drawing that owns its figure displays itself as a PNG when it is the last value of a
notebook cell; its plain-text form is deterministic (no memory addresses), so nbval's
strict mode can compare it.
"""

import io
from dataclasses import dataclass

from matplotlib.figure import Figure


def new_axes(ax=None, figsize=(6.0, 4.5)):
    """Return ``ax``, or the axes of a new pyplot-free figure of size ``figsize`` inches.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
        Where to draw. ``None`` makes a ``Figure`` with constrained layout.
    figsize : tuple of float
        Width and height of the new figure, used only when ``ax`` is None.
    """
    if ax is None:
        fig = Figure(figsize=figsize, layout="constrained")
        return fig.add_subplot()
    if not hasattr(ax, "plot") or not hasattr(ax, "figure"):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def new_axes_row(n, axes=None, figsize=None):
    """Return ``axes`` (a sequence of ``n`` Axes), or ``n`` side-by-side axes of a new figure."""
    if axes is None:
        fig = Figure(figsize=figsize or (4.5 * n, 4.0), layout="constrained")
        return list(fig.subplots(1, n, squeeze=False)[0])
    axes = list(axes)
    if len(axes) != n:
        raise ValueError(f"axes must hold {n} Axes, got {len(axes)}")
    return [new_axes(a) for a in axes]


def png_bytes(fig, dpi=100):
    """Render ``fig`` with Agg and return the PNG bytes (nothing is written to disk)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


@dataclass(eq=False, repr=False)
class Drawing:
    """Base of every returned drawing: knows its axes, its figure, and how to show itself."""

    ax: object

    @property
    def figure(self):
        """The matplotlib Figure drawn into."""
        return self.ax.figure

    def dynamic_artists(self):
        """The artists ``update`` changes: draw these over a cached background to blit."""
        return []

    def redraw(self):
        """Ask the canvas to repaint soon (``draw_idle``): call after updating artists."""
        self.figure.canvas.draw_idle()

    def _summary(self):
        return ""

    def __repr__(self):
        summary = self._summary()
        return f"<{type(self).__name__}{': ' + summary if summary else ''}>"

    def _repr_png_(self):
        if self.figure.canvas.manager is not None:
            return None
        return png_bytes(self.figure)
