"""Shared machinery for the explorers: an ipympl figure, the control panel, one state.

Every explorer follows the same recipe, the one form that both JupyterLab and nbval's strict
mode accept:

1. build the figure **once** with :func:`new_figure` (an ipympl canvas, no pyplot backend switch,
   so a notebook's other figures stay inline PNGs);
2. build the controls (a ``dict`` name -> ipywidget) and pose a :attr:`Explorer.question`;
3. in :meth:`Explorer.draw` update the existing artists in place (``set_data``, ``set_ydata``,
   ``set_text``) from :attr:`Explorer.state`; the base class then calls ``draw_idle``.

The state is a plain ``dict`` of the control values (TensorFlow Playground's idea: the whole
experiment is one serialisable object), so ``explorer.set_state(json.loads(s))`` reproduces a
setup and tests drive an explorer from Python without a browser::

    ex = OptimizerExplorer()
    ex.controls["lr"].value = 0.5      # observers fire synchronously, artists are redrawn
    ex.lines["Adam"].get_xdata()
"""

from __future__ import annotations

import html
import io
import math
import warnings

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from PIL import Image

__all__ = [
    "Explorer",
    "new_figure",
    "log_slider",
    "format_number",
    "status_message",
    "finite_or_clipped",
    "set_limits",
]


def new_figure(figsize=(9.0, 4.0), dpi=100, *, toolbar=False, **figure_kwargs):
    """A matplotlib ``Figure`` drawn on an ipympl ``Canvas``, without touching pyplot.

    ``plt.figure()`` under ``%matplotlib widget`` would switch the whole notebook to ipympl;
    here the canvas and its ``FigureManager`` are built directly (the same two objects
    ipympl's backend builds in ``new_figure_manager_given_figure``), so static figures in
    the same notebook keep the default inline backend. The figure is not registered with
    pyplot, so it is never shown twice and never closed by ``plt.close("all")``.

    Parameters
    ----------
    figsize : (float, float)
        Width and height in inches.
    dpi : int
        Dots per inch of the Agg buffer (100 keeps redraws cheap).
    toolbar : bool
        Show ipympl's pan/zoom toolbar.
    **figure_kwargs
        Passed to :class:`matplotlib.figure.Figure`.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig.canvas`` is an ipywidget: put it in a ``VBox`` next to the controls.
    """
    Canvas, FigureManager = _ipympl_classes()
    fig = Figure(figsize=figsize, dpi=dpi, **figure_kwargs)
    canvas = _fast_canvas_class(Canvas)(fig)
    with warnings.catch_warnings():  # ipympl's Toolbar passes its canvas on to traitlets
        warnings.filterwarnings("ignore", "Passing unrecognized arguments", DeprecationWarning)
        FigureManager(canvas, 0)
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.resizable = False
    canvas.toolbar_visible = "fade-in-fade-out" if toolbar else False
    canvas.toolbar_position = "right"
    return fig


def _ipympl_classes():
    """ipympl's ``Canvas`` and ``FigureManager``, imported without switching pyplot's backend.

    ``import ipympl`` calls ``matplotlib.use("module://ipympl.backend_nbagg")`` when matplotlib
    is already imported, which would turn every later ``plt.plot`` in the notebook into a
    widget. The backend chosen before the import is put back.
    """
    import matplotlib

    before = matplotlib.rcParams._get_backend_or_none()
    from ipympl.backend_nbagg import Canvas, FigureManager

    if matplotlib.rcParams._get_backend_or_none() != before:
        if before is None:
            from matplotlib import rcsetup

            dict.__setitem__(matplotlib.rcParams, "backend", rcsetup._auto_backend_sentinel)
        else:
            matplotlib.use(before)
    return Canvas, FigureManager


_FAST_CANVAS = {}


def _fast_canvas_class(Canvas):
    """ipympl's ``Canvas`` sending every frame whole, as an RGB PNG compressed at level 1.

    matplotlib's web canvas sends "diff" frames: only the pixels that changed, to be drawn
    over the browser's last image. ipympl's browser side decodes one image at a time and
    abandons an image that is still loading when the next arrives, so two frames in quick
    succession (a slider dragged, a blit then a redraw) lose a diff, and from then on every
    diff lands on the wrong picture: axes vanish, old paths stay. A whole frame cannot go
    stale that way. Level-1 deflate of an opaque RGB frame costs about 6 ms for an
    800x350 figure (level 6, ipympl's default, about 11 ms).
    """
    if Canvas not in _FAST_CANVAS:

        class FastFrameCanvas(Canvas):
            def get_diff_image(self):
                if not self._png_is_old:
                    return None
                pixels = np.asarray(self.get_renderer().buffer_rgba())
                self.set_image_mode("full")
                self._last_buff = pixels.view(np.uint32).squeeze(2).copy()
                self._force_full = False
                self._png_is_old = False
                frame = Image.frombuffer("RGBA", pixels.shape[1::-1], pixels, "raw", "RGBA", 0, 1)
                if (pixels[..., 3] == 255).all():
                    frame = frame.convert("RGB")  # a quarter less to compress
                with io.BytesIO() as png:
                    frame.save(png, format="png", compress_level=1)
                    return png.getvalue()

        _FAST_CANVAS[Canvas] = FastFrameCanvas
    return _FAST_CANVAS[Canvas]


def set_limits(ax, xlim=None, ylim=None):
    """Set axis limits only if they differ, so an unchanged axis stays cached for blitting.

    ``ax.set_xlim`` marks the figure stale even when the limits do not change, which
    would force :class:`Explorer` into a full redraw on every update.
    """
    if xlim is not None and tuple(ax.get_xlim()) != tuple(map(float, xlim)):
        ax.set_xlim(*xlim)
    if ylim is not None and tuple(ax.get_ylim()) != tuple(map(float, ylim)):
        ax.set_ylim(*ylim)


def log_slider(description, value, min_exp, max_exp, *, step=0.05, fmt=".2e"):
    """A base-10 ``FloatLogSlider`` for scale parameters such as a learning rate.

    Parameters
    ----------
    description : str
        Label shown left of the slider.
    value : float
        Initial value, clipped into ``[10**min_exp, 10**max_exp]``.
    min_exp, max_exp : float
        Exponent range: the slider spans ``10**min_exp`` .. ``10**max_exp``.
    step : float
        Step of the exponent (0.05 is 20 stops per decade).
    fmt : str
        Readout format.

    Returns
    -------
    ipywidgets.FloatLogSlider
    """
    if not min_exp < max_exp:
        raise ValueError(f"min_exp must be < max_exp, got {min_exp!r} and {max_exp!r}")
    if not value > 0:
        raise ValueError(f"value must be positive for a log slider, got {value!r}")
    value = float(np.clip(value, 10.0**min_exp, 10.0**max_exp))
    return widgets.FloatLogSlider(
        value=value,
        base=10,
        min=min_exp,
        max=max_exp,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=True,
        style={"description_width": "initial"},
    )


def format_number(x):
    """Short human form of a float for titles and readouts: ``3.2e-07``, ``0.125``, ``inf``."""
    x = float(x)
    if not math.isfinite(x):
        return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    if x == 0:
        return "0"
    if 1e-3 <= abs(x) < 1e4:
        return f"{x:.4g}"
    return f"{x:.2e}"

def decade_limits(values, floor=1e-17):
    """Log-axis limits rounded out to whole decades, or None when nothing is positive.

    Rounding out keeps the axes still while a slider moves a little, so an explorer can
    blit instead of redrawing everything.
    """
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values) & (values > 0)]
    if values.size == 0:
        return None
    low = max(values.min(), floor)
    high = max(values.max(), low)
    return 10.0 ** np.floor(np.log10(low)), 10.0 ** np.ceil(np.log10(high) + 1e-9)


def status_message(losses, diverged_at=None, target=None):
    """One line saying what a run did: ``"diverged at step 12"`` or ``"loss 3.2e-07 at step 200"``.

    Parameters
    ----------
    losses : array_like
        Loss after each recorded step (``losses[0]`` is the start).
    diverged_at : int or None
        Step at which the run became non-finite or exploded.
    target : float or None
        If given and reached, the message names the first step with ``loss < target``.
    """
    losses = np.asarray(losses, dtype=float)
    if diverged_at is not None:
        return f"diverged at step {int(diverged_at)}"
    finite = losses[np.isfinite(losses)]
    if finite.size == 0:
        return "no finite loss"
    last = len(losses) - 1
    text = f"loss {format_number(finite[-1])} at step {last}"
    if target is not None:
        hit = np.flatnonzero(losses < target)
        if hit.size:
            text += f" (< {format_number(target)} at step {int(hit[0])})"
    return text


def finite_or_clipped(points, bounds, margin=0.5):
    """Points clipped to a box a little larger than ``bounds``, non-finite rows dropped.

    A diverging run leaves the plot within a few steps; clipping keeps its last visible
    segment pointing in the direction it flew off instead of stretching the axes to 1e300.

    Parameters
    ----------
    points : array_like, shape (n, 2)
    bounds : ((xmin, xmax), (ymin, ymax))
    margin : float
        Fraction of the box size added on each side.
    """
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    points = points[np.all(np.isfinite(points), axis=1)]
    (x0, x1), (y0, y1) = bounds
    dx, dy = (x1 - x0) * margin, (y1 - y0) * margin
    lo = np.array([x0 - dx, y0 - dy])
    hi = np.array([x1 + dx, y1 + dy])
    return np.clip(points, lo, hi)


class Explorer:
    """Base of every explorer: controls, one state, a question, a readout and a live figure.

    Subclasses build their figure with :func:`new_figure` and their artists once, then
    implement :meth:`draw`, which reads :attr:`state` and updates those artists in place.
    Changing any control calls :meth:`update` (``draw`` then ``fig.canvas.draw_idle()``).

    Parameters
    ----------
    controls : dict[str, ipywidgets.ValueWidget]
        The explorer's inputs, in display order. Their ``.value`` is the state.
    fig : matplotlib.figure.Figure
        A figure from :func:`new_figure`.
    question : str
        The goal to reach with the explorer, shown above the controls.
    columns : int
        Number of control columns in the panel.
    extra : sequence of ipywidgets.Widget
        Widgets shown after the controls that are not part of the state (a ``Play``
        button linked to a slider, a reset button).

    Attributes
    ----------
    widget : ipywidgets.VBox
        ``[question, controls, readout, fig.canvas]``; displaying the explorer displays this.
    readout : ipywidgets.HTML
        One or two lines of numbers the figure cannot show precisely.
    """

    def __init__(self, controls, fig, question, *, columns=2, extra=()):
        self.controls = dict(controls)
        self.fig = fig
        self.question = question
        self._holding = False
        self._animated = []
        self._background = None
        self._background_signature = None
        fig.canvas.mpl_connect("draw_event", self._on_draw)
        self.question_label = widgets.HTML(f"<b>Question.</b> {html.escape(question)}")
        self.readout = widgets.HTML("")
        panel = widgets.GridBox(
            [*self.controls.values(), *extra],
            layout=widgets.Layout(grid_template_columns=f"repeat({columns}, max-content)",
                                  grid_gap="2px 16px"),
        )
        self.widget = widgets.VBox([self.question_label, panel, self.readout, fig.canvas])
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    @property
    def state(self):
        """The current settings as a plain, JSON-serialisable ``dict`` (tuples become lists)."""
        return {name: _plain(c.value) for name, c in self.controls.items()}

    def set_state(self, state=None, **values):
        """Set several controls at once and redraw once.

        Parameters
        ----------
        state : dict, optional
            A (possibly partial) :attr:`state`, e.g. one saved earlier.
        **values
            More settings by name; they win over ``state``.

        Raises
        ------
        KeyError
            On a name that is not one of :attr:`controls`.
        """
        values = {**(state or {}), **values}
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise KeyError(f"unknown control(s) {unknown}; expected some of {list(self.controls)}")
        self._holding = True
        try:
            for name, control in self.controls.items():  # in display order: landscape first
                if name in values:
                    value = values[name]
                    control.value = tuple(value) if isinstance(value, list) else value
        finally:
            self._holding = False
        self.invalidate()  # a jump set from the kernel repaints fully: no stale blitted frame
        self.update()

    def update(self):
        """Recompute from :attr:`state`, update the artists and repaint the canvas.

        An explorer that registered artists with :meth:`animate` is blitted when nothing
        static changed since the last full draw: no static artist marked itself stale
        (matplotlib flags every ``set_*`` on a non-animated artist, and ``set_xlim`` even to
        the same limits: use :func:`set_limits`), same figure size, no :meth:`invalidate`.
        Then only the animated artists are redrawn over the cached background and sent as
        a diff image. Otherwise, and always for an explorer that animates nothing, the
        canvas is asked for a full redraw (``draw_idle``), which refreshes the background.
        """
        self.draw()
        if (self._animated and self._background is not None and not self.fig.stale
                and self._signature() == self._background_signature):
            self._blit()
        else:
            self.fig.canvas.draw_idle()

    def draw(self):
        """Update the artists in place from :attr:`state` (implemented by each explorer)."""
        raise NotImplementedError

    def animate(self, *artists):
        """Register artists that change on every update; they are blitted, not fully redrawn.

        Everything else (contours, axes, ticks, legends, titles) is then the static
        background, drawn once per full redraw and cached as pixels. Changing a static
        artist triggers a full redraw by itself (its stale flag); :meth:`invalidate` forces
        one for changes matplotlib cannot see (arrays edited in place). To animate a title,
        pass ``ax.title`` and change it with ``ax.title.set_text`` (``ax.set_title`` marks
        the whole axes stale).
        """
        for artist in artists:
            artist.set_animated(True)
            self._animated.append(artist)

    def invalidate(self):
        """Say that a static artist changed (a new background, a legend): redraw fully next."""
        self._background = None

    def _signature(self):
        axes = tuple((ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale())
                     for ax in self.fig.axes)
        return (tuple(self.fig.bbox.bounds), axes)

    def _on_draw(self, event):
        canvas = self.fig.canvas
        if canvas.is_saving():
            return  # a savefig draws animated artists itself
        if event.renderer is getattr(canvas, "renderer", None):
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._background_signature = self._signature()
        for artist in self._animated:
            artist.draw(event.renderer)

    def _blit(self):
        canvas = self.fig.canvas
        canvas.restore_region(self._background)
        for artist in self._animated:
            self.fig.draw_artist(artist)
        canvas.blit(self.fig.bbox)

    def _on_change(self, change):
        if not self._holding:
            self.update()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def __repr__(self):
        return f"{type(self).__name__}({self.state})"


def _plain(value):
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value
