"""Two-dimensional test functions for watching optimizers move.

Each landscape is a :class:`Landscape`: analytic value, gradient and Hessian, its known
minima, a box to plot, a sensible start point and a hint for contour levels::

    >>> from bplab import landscapes
    >>> rb = landscapes.get("rosenbrock")
    >>> float(rb.f(rb.minima[0]))
    0.0
    >>> X, Y, Z = rb.grid(200)          # for plt.contour(X, Y, Z, levels=rb.levels(20))

``f``, ``grad`` and ``hessian`` take points of shape ``(..., 2)`` and return shapes
``(...)``, ``(..., 2)`` and ``(..., 2, 2)``, so one call evaluates a whole contour grid.
The formulas are written once as functions of ``(x, y)`` that work equally on floats
and arrays; ``bplab.optim.trajectory`` calls them with plain floats, which is fast.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "NAMES",
    "Landscape",
    "beale",
    "get",
    "himmelblau",
    "quadratic",
    "rastrigin",
    "rosenbrock",
    "saddle",
]


@dataclass(frozen=True, eq=False)
class Landscape:
    """A 2-D function with its derivatives, minima and plotting hints.

    Attributes
    ----------
    name : str
        The name ``get`` knows it by.
    formula : str
        LaTeX for the function, for titles.
    value, gradient, curvature : callable
        The formulas as functions of ``(x, y)``: ``value(x, y) -> f``,
        ``gradient(x, y) -> (f_x, f_y)``, ``curvature(x, y) -> (f_xx, f_xy, f_yy)``.
    minima : ndarray, shape (k, 2)
        The known local minima; the first is a global one.
    bounds : ((xmin, xmax), (ymin, ymax))
        The box to plot.
    start : ndarray, shape (2,)
        A start point that makes an instructive trajectory.
    decades : float or None
        Contour hint: levels log-spaced over this many decades above the minimum, or
        linearly spaced when None.
    """

    name: str
    formula: str
    value: Callable
    gradient: Callable
    curvature: Callable
    minima: np.ndarray
    bounds: tuple
    start: np.ndarray
    decades: float | None = None
    params: dict = field(default_factory=dict)

    def f(self, p):
        """Value at points ``p`` of shape ``(..., 2)``; returns shape ``(...)`` (a numpy
        float for a single point)."""
        p = _points(p)
        return np.asarray(self.value(p[..., 0], p[..., 1]), dtype=float)[()]

    __call__ = f

    def grad(self, p):
        """Gradient at points ``p`` of shape ``(..., 2)``; returns shape ``(..., 2)``."""
        p = _points(p)
        gx, gy = self.gradient(p[..., 0], p[..., 1])
        return np.stack(np.broadcast_arrays(gx, gy), axis=-1).astype(float)

    def hessian(self, p):
        """Hessian at points ``p`` of shape ``(..., 2)``; returns shape ``(..., 2, 2)``."""
        p = _points(p)
        hxx, hxy, hyy = np.broadcast_arrays(*self.curvature(p[..., 0], p[..., 1]), p[..., 0])[:3]
        return np.stack([np.stack([hxx, hxy], -1), np.stack([hxy, hyy], -1)], -2).astype(float)

    @property
    def fmin(self):
        """The value at the global minimum ``minima[0]``."""
        return float(self.f(self.minima[0]))

    def grid(self, n=200):
        """``(X, Y, Z)`` on an ``n`` by ``n`` grid over ``bounds``, for ``plt.contour``."""
        if not isinstance(n, (int, np.integer)) or n < 2:
            raise ValueError(f"n must be an integer >= 2, got {n!r}")
        (x0, x1), (y0, y1) = self.bounds
        X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
        return X, Y, np.asarray(self.value(X, Y), dtype=float)

    def levels(self, n=20):
        """``n`` increasing contour levels: log-spaced above the minimum when ``decades`` is set.

        Log spacing shows both the steep walls and the flat valley of functions like
        Rosenbrock, whose values span many decades over the plotted box.
        """
        if not isinstance(n, (int, np.integer)) or n < 2:
            raise ValueError(f"n must be an integer >= 2, got {n!r}")
        Z = self.grid(120)[2]
        lo, hi = self.fmin, float(Z.max())
        if self.decades is None:
            return np.linspace(float(Z.min()), hi, n + 2)[1:-1]
        span = hi - lo
        return lo + np.logspace(np.log10(span) - self.decades, np.log10(span), n)

    def __repr__(self):
        return f"Landscape({self.name!r}, minima={self.minima.tolist()}, bounds={self.bounds})"


def _points(p):
    p = np.asarray(p, dtype=float)
    if p.ndim == 0 or p.shape[-1] != 2:
        raise ValueError(f"p must have shape (..., 2) (points in the plane), got shape {p.shape}")
    return p


def _positive(name, value):
    if isinstance(value, (bool, str)) or np.ndim(value) or not hasattr(value, "__float__"):
        raise TypeError(f"{name} must be a positive number, got {type(value).__name__}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def quadratic(condition_number=10.0, angle=0.0):
    """The convex quadratic :math:`f = \\tfrac12 p^\\top H p` with eigenvalues 1 and kappa.

    ``angle`` (radians) rotates the eigenvectors away from the axes: axis-aligned,
    Adagrad/Adam's per-coordinate scaling removes the ill-conditioning; rotated, it cannot.
    """
    k = _positive("condition_number", condition_number)
    c, s = np.cos(angle), np.sin(angle)
    a, b, d = c * c + k * s * s, (1.0 - k) * c * s, s * s + k * c * c
    a, b, d = float(a), float(b), float(d)

    def value(x, y):
        return 0.5 * (a * x * x + 2.0 * b * x * y + d * y * y)

    def gradient(x, y):
        return a * x + b * y, b * x + d * y

    def curvature(x, y):
        return a + 0.0 * x, b + 0.0 * x, d + 0.0 * x

    return Landscape(
        "quadratic", r"\tfrac12 (x^2 + \kappa y^2)" if angle == 0 else r"\tfrac12 p^\top H p",
        value, gradient, curvature, np.zeros((1, 2)), ((-5.0, 5.0), (-3.0, 3.0)),
        np.array([-4.0, 1.5]), decades=4.0, params={"condition_number": k, "angle": angle},
    )


def rosenbrock(a=1.0, b=100.0):
    """Rosenbrock's banana :math:`(a - x)^2 + b (y - x^2)^2`, minimum at ``(a, a^2)``."""
    a, b = float(a), _positive("b", b)

    def value(x, y):
        return (a - x) ** 2 + b * (y - x * x) ** 2

    def gradient(x, y):
        return -2.0 * (a - x) - 4.0 * b * x * (y - x * x), 2.0 * b * (y - x * x)

    def curvature(x, y):
        return 2.0 - 4.0 * b * y + 12.0 * b * x * x, -4.0 * b * x, 2.0 * b + 0.0 * x

    return Landscape(
        "rosenbrock", r"(1 - x)^2 + 100 (y - x^2)^2", value, gradient, curvature,
        np.array([[a, a * a]]), ((-2.0, 2.0), (-1.0, 3.0)), np.array([-1.2, 1.0]),
        decades=4.0, params={"a": a, "b": b},
    )


def beale():
    """Beale's function, a flat plateau and steep ridges; minimum 0 at ``(3, 0.5)``."""

    def value(x, y):
        return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2

    def gradient(x, y):
        t1, t2, t3 = 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3
        gx = 2.0 * (t1 * (y - 1.0) + t2 * (y**2 - 1.0) + t3 * (y**3 - 1.0))
        gy = 2.0 * (t1 * x + t2 * 2.0 * x * y + t3 * 3.0 * x * y**2)
        return gx, gy

    def curvature(x, y):
        t1, t2, t3 = 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3
        hxx = 2.0 * ((y - 1.0) ** 2 + (y**2 - 1.0) ** 2 + (y**3 - 1.0) ** 2)
        hxy = 2.0 * (
            (y - 1.0) * x + t1 + (y**2 - 1.0) * 2.0 * x * y + t2 * 2.0 * y
            + (y**3 - 1.0) * 3.0 * x * y**2 + t3 * 3.0 * y**2
        )
        hyy = 2.0 * (x * x + (2.0 * x * y) ** 2 + t2 * 2.0 * x + (3.0 * x * y**2) ** 2
                     + t3 * 6.0 * x * y)
        return hxx, hxy, hyy

    return Landscape(
        "beale", r"(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2",
        value, gradient, curvature, np.array([[3.0, 0.5]]), ((-4.5, 4.5), (-4.5, 4.5)),
        np.array([1.0, 1.5]), decades=5.0,
    )


def himmelblau():
    """Himmelblau's function :math:`(x^2 + y - 11)^2 + (x + y^2 - 7)^2`: four minima, all 0."""

    def value(x, y):
        return (x * x + y - 11.0) ** 2 + (x + y * y - 7.0) ** 2

    def gradient(x, y):
        u, v = x * x + y - 11.0, x + y * y - 7.0
        return 4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v

    def curvature(x, y):
        u, v = x * x + y - 11.0, x + y * y - 7.0
        return 4.0 * u + 8.0 * x * x + 2.0, 4.0 * (x + y), 4.0 * v + 8.0 * y * y + 2.0

    minima = np.array([
        [3.0, 2.0],
        [-2.805118086952745, 3.131312518250573],
        [-3.779310253377747, -3.283185991286170],
        [3.584428340330492, -1.848126526964404],
    ])
    return Landscape(
        "himmelblau", r"(x^2 + y - 11)^2 + (x + y^2 - 7)^2", value, gradient, curvature,
        minima, ((-5.0, 5.0), (-5.0, 5.0)), np.array([0.0, 0.0]), decades=4.0,
    )


def saddle():
    """A saddle at the origin between two minima: :math:`x^2/2 - y^2/2 + y^4/4`.

    The Hessian at the origin is ``diag(1, -1)``; a start just off the ``y = 0`` line
    shows how slowly plain gradient descent escapes and how momentum helps. Minima
    ``(0, +1)`` and ``(0, -1)``, value -1/4. The function is bounded below, so every
    optimizer has somewhere to go.
    """

    def value(x, y):
        return 0.5 * x * x - 0.5 * y * y + 0.25 * y**4

    def gradient(x, y):
        return x + 0.0 * y, y**3 - y

    def curvature(x, y):
        return 1.0 + 0.0 * x, 0.0 * x, 3.0 * y * y - 1.0

    return Landscape(
        "saddle", r"\tfrac12 x^2 - \tfrac12 y^2 + \tfrac14 y^4", value, gradient, curvature,
        np.array([[0.0, 1.0], [0.0, -1.0]]), ((-2.5, 2.5), (-2.0, 2.0)),
        np.array([-2.0, 0.01]),
    )


def rastrigin(A=10.0):
    """Rastrigin's egg crate :math:`2A + \\sum (x_i^2 - A \\cos 2\\pi x_i)`: one global minimum
    at the origin among a lattice of local ones."""
    A = _positive("A", A)
    w = 2.0 * np.pi

    def value(x, y):
        return 2.0 * A + x * x - A * np.cos(w * x) + y * y - A * np.cos(w * y)

    def gradient(x, y):
        return 2.0 * x + A * w * np.sin(w * x), 2.0 * y + A * w * np.sin(w * y)

    def curvature(x, y):
        return 2.0 + A * w * w * np.cos(w * x), 0.0 * x, 2.0 + A * w * w * np.cos(w * y)

    return Landscape(
        "rastrigin", r"20 + \sum_i (x_i^2 - 10 \cos 2\pi x_i)", value, gradient, curvature,
        np.zeros((1, 2)), ((-5.12, 5.12), (-5.12, 5.12)), np.array([3.3, 2.6]),
        params={"A": A},
    )


_FACTORIES = {
    "quadratic": quadratic,
    "rosenbrock": rosenbrock,
    "beale": beale,
    "himmelblau": himmelblau,
    "saddle": saddle,
    "rastrigin": rastrigin,
}
NAMES = tuple(_FACTORIES)


def get(name, **params):
    """The landscape called ``name`` (with its default parameters unless given).

    A :class:`Landscape` passes through unchanged, so functions can accept either.
    """
    if isinstance(name, Landscape):
        return name
    if not isinstance(name, str) or name.lower() not in _FACTORIES:
        raise ValueError(f"unknown landscape {name!r}; choose one of {', '.join(NAMES)}")
    return _FACTORIES[name.lower()](**params)
