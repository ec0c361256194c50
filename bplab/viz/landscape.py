"""Loss landscapes and the paths optimizers take across them.

Two layers, so an explorer moving a slider only touches lines:

- :func:`draw_landscape` draws the static background once: filled contours of ``f`` on a
  grid over ``landscape.bounds`` (pale greys, darker uphill), thin contour lines at
  ``landscape.levels(n)`` (log-spaced for valleys like Rosenbrock's) and a star on every
  known minimum. Grids are cached per landscape, so switching back is cheap.
- :func:`draw_trajectory` adds one optimizer's path (iterates joined by a line), a hollow
  circle at the start, a filled one at the end and, when the run diverged, an ``X`` at the
  last finite point with the words "NAME diverged at step N". A path that leaves the
  plotted box gets its ``X`` on the box's edge, so the figure is never silently empty.
  ``TrajectoryArtists.update(trajectory)`` moves all of them in place.

:func:`plot_trajectories` does both for a dict of named trajectories.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.mathtext import MathTextParser

from bplab.viz.curves import NOTE_BOX
from bplab.viz.drawing import Drawing, new_axes
from bplab.viz.palette import LANDSCAPE_CMAP, MUTED, optimizer_style

_GRID_CACHE = {}
_GRID_CACHE_SIZE = 16


def _grid_key(landscape, n):
    params = tuple(sorted((k, float(v)) for k, v in landscape.params.items()))
    return (landscape.name, params, tuple(map(tuple, landscape.bounds)), int(n))


def landscape_grid(landscape, n=200):
    """``(X, Y, Z)`` of ``landscape.grid(n)``, cached by name, parameters and bounds."""
    key = _grid_key(landscape, n)
    if key not in _GRID_CACHE:
        if len(_GRID_CACHE) >= _GRID_CACHE_SIZE:
            _GRID_CACHE.pop(next(iter(_GRID_CACHE)))
        _GRID_CACHE[key] = landscape.grid(n)
    return _GRID_CACHE[key]


@lru_cache(maxsize=64)
def mathtext_formula(formula):
    """``formula`` rewritten for matplotlib's mathtext, or ``""`` if it cannot be rendered.

    mathtext lacks ``\\tfrac``: ``\\tfrac12`` becomes ``\\frac{1}{2}``; ``^\\top`` becomes ``^T``.
    """
    text = re.sub(r"\\tfrac(\d)(\d)", r"\\frac{\1}{\2}", formula)
    text = text.replace(r"\tfrac", r"\frac").replace(r"^\top", "^T")
    try:
        MathTextParser("path").parse(f"${text}$")
    except ValueError:
        return ""
    return text


def landscape_title(landscape):
    """The name, and on a second line ``f = (1 - x)^2 + ...`` in mathtext when it renders."""
    formula = mathtext_formula(landscape.formula)
    return f"{landscape.name}\n$f = {formula}$" if formula else landscape.name


def _pale(cmap_name, low=0.0, high=0.38):
    from matplotlib import colormaps

    return ListedColormap(colormaps[cmap_name](np.linspace(low, high, 256)))


def _check_landscape(landscape):
    if isinstance(landscape, str):
        from bplab import landscapes

        return landscapes.get(landscape)
    for name in ("f", "grid", "levels", "minima", "bounds", "name"):
        if not hasattr(landscape, name):
            raise TypeError("landscape must be a bplab.landscapes.Landscape, "
                            f"got {type(landscape).__name__}")
    return landscape


@dataclass(eq=False, repr=False)
class LandscapeDrawing(Drawing):
    """The static background of a trajectory plot.

    Attributes
    ----------
    landscape : Landscape
    filled, lines : ContourSet or None
        Filled bands and contour lines.
    minima : Line2D
        Stars at ``landscape.minima``.
    trajectories : dict of str -> TrajectoryArtists
        Paths added with :meth:`add_trajectory` (or by :func:`plot_trajectories`).
    """

    landscape: object = None
    filled: object = None
    lines: object = None
    minima: object = None
    trajectories: dict = field(default_factory=dict)

    def add_trajectory(self, name, trajectory, style=None):
        """Draw ``trajectory`` as ``name`` on this background; returns its artists."""
        artists = draw_trajectory(trajectory, ax=self.ax, name=name, style=style,
                                  bounds=self.landscape.bounds, slot=len(self.trajectories))
        self.trajectories[name] = artists
        self._stack_notes()
        return artists

    def update(self, name, trajectory):
        """Move the path called ``name`` to ``trajectory`` (in place)."""
        if name not in self.trajectories:
            raise ValueError(f"name must be one of {sorted(self.trajectories)}, got {name!r}")
        self.trajectories[name].update(trajectory)
        self._stack_notes()

    def _stack_notes(self):
        """Put the non-empty notes one under another from the top left."""
        row = 0
        for artists in self.trajectories.values():
            if artists.note.get_text():
                artists.note.set_y(0.97 - 0.075 * row)
                row += 1

    def dynamic_artists(self):
        """Every artist an update may change (for blitting: draw these over the background)."""
        return [a for t in self.trajectories.values() for a in t.artists()]

    def remove_background(self):
        """Take the contours and minima off the axes (the trajectories stay)."""
        for artist in (self.filled, self.lines, self.minima):
            if artist is not None:
                artist.remove()
        self.filled = self.lines = self.minima = None

    def set_landscape(self, landscape, n=200, levels=20, filled=True, title=None):
        """Swap the background for ``landscape``'s (grids are cached), keeping the paths.

        The paths are not recomputed: update them with the new runs afterwards.
        """
        self.remove_background()
        new = draw_landscape(landscape, ax=self.ax, n=n, levels=levels, filled=filled,
                             title=title)
        self.landscape, self.filled, self.lines, self.minima = (new.landscape, new.filled,
                                                                new.lines, new.minima)
        for artists in self.trajectories.values():
            artists.bounds = self.landscape.bounds
        return self

    def _summary(self):
        names = f", {len(self.trajectories)} trajectories" if self.trajectories else ""
        return f"{self.landscape.name}{names}"


def draw_landscape(landscape, ax=None, n=200, levels=20, filled=True, show_minima=True,
                   title=None):
    """Draw the contours of ``landscape`` and its known minima: the cached background.

    Parameters
    ----------
    landscape : bplab.landscapes.Landscape or str
        A landscape, or its name for ``bplab.landscapes.get``.
    ax : Axes or None
    n : int
        Grid points per side.
    levels : int
        Number of contour lines (``landscape.levels(levels)``).
    filled : bool
        Shade the bands between levels (pale greys, darker uphill).
    show_minima : bool
        Mark ``landscape.minima`` with stars.
    title : str or None
        Default: the name and formula.

    Returns
    -------
    LandscapeDrawing
    """
    landscape = _check_landscape(landscape)
    ax = new_axes(ax, figsize=(5.5, 5.0))
    X, Y, Z = landscape_grid(landscape, n)
    lv = np.unique(np.asarray(landscape.levels(levels), dtype=float))
    drawing = LandscapeDrawing(ax=ax, landscape=landscape)
    if filled:
        finite = Z[np.isfinite(Z)]
        bands = np.unique(np.concatenate([[finite.min()], lv, [finite.max()]]))
        cmap = _pale(LANDSCAPE_CMAP)
        drawing.filled = ax.contourf(X, Y, Z, levels=bands, cmap=cmap,
                                     norm=BoundaryNorm(bands, cmap.N), zorder=0)
    drawing.lines = ax.contour(X, Y, Z, levels=lv, colors=MUTED, linewidths=0.6, alpha=0.7,
                               zorder=1)
    mins = np.asarray(landscape.minima, dtype=float).reshape(-1, 2)
    (drawing.minima,) = ax.plot(mins[:, 0], mins[:, 1], "*", ms=15, mfc="white", mec="black",
                                mew=1.2, zorder=4, label="minimum", visible=show_minima)
    (x0, x1), (y0, y1) = landscape.bounds
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="$x$", ylabel="$y$")
    ax.set_title(landscape_title(landscape) if title is None else title, fontsize=10)
    ax.set_aspect("equal", adjustable="box")
    return drawing


def _style(name, style):
    base = optimizer_style(name)
    base.update(style or {})
    if base.get("marker") in (None, "none"):
        base["marker"] = "."
    return base


def _inside(points, bounds):
    (x0, x1), (y0, y1) = bounds
    return ((points[:, 0] >= x0) & (points[:, 0] <= x1) & (points[:, 1] >= y0)
            & (points[:, 1] <= y1))


def _clip(point, bounds):
    (x0, x1), (y0, y1) = bounds
    return np.array([np.clip(point[0], x0, x1), np.clip(point[1], y0, y1)])


def trajectory_status(points, diverged_at, bounds=None):
    """What the plot must say about a path: ``"diverged at step N"``, ``"left the plot at
    step M"`` (the path ends outside ``bounds``, and has been outside since step M), or
    ``""`` (it ends inside the box, even after an excursion)."""
    if diverged_at is not None:
        return f"diverged at step {int(diverged_at)}"
    if bounds is not None and len(points):
        inside = np.flatnonzero(_inside(points, bounds))
        if inside.size < len(points) and (not inside.size or inside[-1] < len(points) - 1):
            since = inside[-1] + 1 if inside.size else 0
            return f"left the plot at step {int(since)}"
    return ""


@dataclass(eq=False, repr=False)
class TrajectoryArtists(Drawing):
    """One optimizer path.

    Attributes
    ----------
    name : str
    path : Line2D
        Every iterate, joined.
    start, end : Line2D
        Hollow circle at ``points[0]``, filled circle at the last point.
    stop : Line2D
        ``X`` at the last finite point (on the box edge if outside) when diverged or gone.
    note : Text
        ``"NAME diverged at step N"`` / ``"NAME left the plot at step M"`` or empty.
    status : str
        The note without the name.
    """

    name: str = ""
    path: object = None
    start: object = None
    end: object = None
    stop: object = None
    note: object = None
    bounds: tuple = None
    status: str = ""

    def update(self, trajectory, diverged_at=None):
        """Move every artist to ``trajectory`` (a Trajectory, or points of shape (n, 2))."""
        points = np.asarray(getattr(trajectory, "points", trajectory), dtype=float)
        if points.ndim != 2 or points.shape[-1] != 2:
            raise ValueError(f"trajectory points must have shape (n, 2), got {points.shape}")
        if diverged_at is None:
            diverged_at = getattr(trajectory, "diverged_at", None)
        ok = np.isfinite(points).all(axis=1)
        if diverged_at is None and not ok.all():
            diverged_at = int(np.flatnonzero(~ok)[0])
        finite = points[ok]
        self.path.set_data(finite[:, 0], finite[:, 1])
        self.start.set_data(finite[:1, 0], finite[:1, 1])
        self.status = trajectory_status(finite, diverged_at, self.bounds)
        last = finite[-1:]
        if self.status and len(last):
            if self.bounds is not None:
                last = _clip(last[0], self.bounds)[None, :]
            self.stop.set_data(last[:, 0], last[:, 1])
            self.end.set_data([], [])
        else:
            self.stop.set_data([], [])
            self.end.set_data(last[:, 0], last[:, 1])
        self.note.set_text(f"{self.name} {self.status}" if self.status else "")

    def artists(self):
        """The artists :meth:`update` changes."""
        return [self.path, self.start, self.end, self.stop, self.note]

    dynamic_artists = artists

    def _summary(self):
        return f"{self.name}, {len(self.path.get_xdata())} points" + (
            f", {self.status}" if self.status else "")


def draw_trajectory(trajectory, ax=None, name=None, style=None, bounds=None, slot=0):
    """Draw one optimizer's path with start, end and divergence marks.

    Parameters
    ----------
    trajectory : bplab.optim.Trajectory or array_like of shape (n, 2)
        Anything with ``.points`` (and optionally ``.diverged_at``), or the points.
    ax : Axes or None
    name : str or None
        Legend label; picks the palette style. Default: the optimizer's class name.
    style : dict or None
        Overrides for ``Axes.plot`` (``color``, ``linestyle``, ``marker``...).
    bounds : ((xmin, xmax), (ymin, ymax)) or None
        The plotted box: a path leaving it is marked on its edge and noted. Default: the
        trajectory's landscape bounds, if it has one.
    slot : int
        Row of the note (top left), so several notes do not overlap.

    Returns
    -------
    TrajectoryArtists
    """
    ax = new_axes(ax, figsize=(5.5, 5.0))
    if name is None:
        name = type(getattr(trajectory, "optimizer", None)).__name__
        name = "trajectory" if name == "NoneType" else name
    if bounds is None and hasattr(trajectory, "landscape"):
        bounds = trajectory.landscape.bounds
    st = _style(name, style)
    color = st["color"]
    (path,) = ax.plot([], [], lw=1.6, ms=3.5, label=name, zorder=3, **st)
    (start,) = ax.plot([], [], "o", ms=8, mfc="white", mec=color, mew=2, zorder=5)
    (end,) = ax.plot([], [], "o", ms=7, color=color, mec="white", mew=1, zorder=5)
    (stop,) = ax.plot([], [], "X", ms=12, color=color, mec="white", mew=1, zorder=6,
                      clip_on=False, in_layout=False)
    note = ax.text(0.02, 0.97 - 0.075 * slot, "", transform=ax.transAxes, va="top", ha="left",
                   fontsize=9, color=color, zorder=7, bbox=NOTE_BOX, fontweight="bold")
    artists = TrajectoryArtists(ax=ax, name=name, path=path, start=start, end=end, stop=stop,
                                note=note, bounds=bounds)
    artists.update(trajectory)
    return artists


def plot_trajectories(landscape, trajectories, ax=None, n=200, levels=20, legend=True,
                      title=None):
    """Contours of ``landscape`` with every path in ``trajectories`` on top.

    Parameters
    ----------
    landscape : Landscape
    trajectories : dict of str -> Trajectory (or points), or one Trajectory
        Keys name the optimizers; each path takes its palette style.

    Returns
    -------
    LandscapeDrawing
        ``drawing.trajectories[name]`` holds each path's artists.
    """
    drawing = draw_landscape(landscape, ax=ax, n=n, levels=levels, title=title)
    if not isinstance(trajectories, dict):
        trajectories = {None: trajectories}
    for name, traj in trajectories.items():
        if name is None:
            name = type(getattr(traj, "optimizer", None)).__name__
        drawing.add_trajectory(name, traj)
    if legend and drawing.trajectories:
        drawing.ax.legend(loc="best", fontsize=8.5, framealpha=0.85)
    return drawing


@dataclass(eq=False, repr=False)
class ComparisonDrawing(Drawing):
    """Paths on the landscape (left) and the loss gap per step (right).

    ``paths`` is the :class:`LandscapeDrawing`, ``gaps`` the
    :class:`~bplab.viz.curves.SeriesDrawing` of ``f(x_k) - f*``.
    """

    paths: LandscapeDrawing = None
    gaps: object = None

    def update(self, name, trajectory):
        """Move optimizer ``name``'s path and loss-gap curve to ``trajectory``."""
        self.paths.update(name, trajectory)
        self.gaps.update(name, loss_gap(trajectory, self.paths.landscape),
                         diverged_at=getattr(trajectory, "diverged_at", None))

    def dynamic_artists(self):
        return self.paths.dynamic_artists() + self.gaps.dynamic_artists()

    def _summary(self):
        return self.paths._summary()


def loss_gap(trajectory, landscape):
    """``f(x_k) - f*`` along a trajectory: what a log axis should show."""
    losses = getattr(trajectory, "losses", None)
    if losses is None:
        losses = landscape.f(np.asarray(trajectory, dtype=float))
    return np.asarray(losses, dtype=float) - landscape.fmin


def plot_optimizer_comparison(landscape, trajectories, axes=None, n=200, levels=20,
                              scale="log"):
    """Side by side: the paths on the contours, and ``f(x_k) - f*`` against the step.

    Parameters
    ----------
    landscape : Landscape or str
    trajectories : dict of str -> Trajectory
        One run per optimizer name (see :func:`plot_trajectories`).
    axes : pair of Axes or None
        Where to draw; default a new 11 x 4.6 inch figure.
    scale : {"log", "linear", "symlog"}
        The loss axis; on a log axis linear convergence is a straight line.

    Returns
    -------
    ComparisonDrawing
    """
    from bplab.viz.curves import plot_series
    from bplab.viz.drawing import new_axes_row

    landscape = _check_landscape(landscape)
    if not isinstance(trajectories, dict) or not trajectories:
        raise ValueError("trajectories must be a non-empty dict of name -> Trajectory")
    ax_map, ax_loss = new_axes_row(2, axes=axes, figsize=(11.0, 4.6))
    paths = plot_trajectories(landscape, trajectories, ax=ax_map, n=n, levels=levels)
    gaps = {name: loss_gap(t, landscape) for name, t in trajectories.items()}
    styles = {name: optimizer_style(name) for name in trajectories}
    diverged = {name: getattr(t, "diverged_at", None) for name, t in trajectories.items()}
    curves = plot_series(gaps, ax=ax_loss, scale=scale, styles=styles, diverged_at=diverged,
                         title=f"Distance to the minimum value on {landscape.name}",
                         ylabel="$f(x_k) - f^*$")
    curves.note.set_visible(False)  # the map's notes already say which runs diverged
    return ComparisonDrawing(ax=ax_map, paths=paths, gaps=curves)
