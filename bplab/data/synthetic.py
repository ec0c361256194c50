"""Seeded toy data sets, the kind TensorFlow Playground draws.

Every generator takes ``n`` (number of points), ``noise`` and ``seed`` and returns
``(X, y)``: ``X`` float64 of shape ``(n, 2)`` and ``y`` int64 class labels of shape ``(n,)``
(``regression`` returns ``X`` of shape ``(n, 1)`` and float64 targets ``y`` of shape ``(n,)``).
The same seed always gives the same points.
"""

import numpy as np

from bplab.data._checks import non_negative, positive_int, rng_from


def _class_sizes(n, classes):
    """Split ``n`` points over ``classes`` as evenly as possible (the first get one extra)."""
    return [n // classes + (k < n % classes) for k in range(classes)]


def spirals(n=300, classes=3, noise=0.2, seed=0):
    """Interleaved spiral arms, one per class (the CS231n spiral).

    Class ``k`` has points at radius ``r`` in [0, 1] and angle
    ``t = 4 (k + r) + noise * N(0, 1)``, i.e. ``x = (r sin t, r cos t)``. No straight line
    separates the arms, so a linear model fails and a small MLP succeeds.

    Parameters
    ----------
    n : int
        Total number of points, split evenly over the classes.
    classes : int
        Number of arms (>= 2).
    noise : float
        Standard deviation of the angular jitter, in radians.
    seed : int or None

    Returns
    -------
    X : ndarray, float64, shape (n, 2)
    y : ndarray, int64, shape (n,)
    """
    classes = positive_int(classes, "classes", minimum=2)
    n = positive_int(n, "n", minimum=classes)
    noise = non_negative(noise, "noise")
    rng = rng_from(seed)
    X, y = [], []
    for k, size in enumerate(_class_sizes(n, classes)):
        r = np.linspace(0.0, 1.0, size)
        t = 4.0 * (k + r) + noise * rng.standard_normal(size)
        X.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        y.append(np.full(size, k, dtype=np.int64))
    return np.concatenate(X), np.concatenate(y)


def moons(n=200, noise=0.1, seed=0):
    """Two interleaving half circles (as scikit-learn's ``make_moons``).

    Class 0 is the upper arc ``(cos t, sin t)``, class 1 the lower arc
    ``(1 - cos t, 0.5 - sin t)``, ``t`` in [0, pi], plus Gaussian noise of std ``noise``.

    Returns
    -------
    X : ndarray, float64, shape (n, 2)
    y : ndarray, int64, shape (n,)
    """
    n = positive_int(n, "n", minimum=2)
    noise = non_negative(noise, "noise")
    rng = rng_from(seed)
    n0, n1 = _class_sizes(n, 2)
    t0, t1 = np.linspace(0.0, np.pi, n0), np.linspace(0.0, np.pi, n1)
    X = np.concatenate([
        np.column_stack([np.cos(t0), np.sin(t0)]),
        np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)]),
    ])
    y = np.concatenate([np.zeros(n0, np.int64), np.ones(n1, np.int64)])
    return X + noise * rng.standard_normal(X.shape), y


def circles(n=200, noise=0.05, factor=0.5, seed=0):
    """A small circle (class 1) inside a large one (class 0).

    The outer circle has radius 1, the inner radius ``factor``; Gaussian noise of std
    ``noise`` is added to every coordinate.

    Returns
    -------
    X : ndarray, float64, shape (n, 2)
    y : ndarray, int64, shape (n,)
    """
    n = positive_int(n, "n", minimum=2)
    noise = non_negative(noise, "noise")
    factor = non_negative(factor, "factor")
    if not factor < 1:
        raise ValueError(f"factor must be in [0, 1), got {factor}")
    rng = rng_from(seed)
    n0, n1 = _class_sizes(n, 2)
    t0 = np.linspace(0.0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0.0, 2 * np.pi, n1, endpoint=False)
    X = np.concatenate([
        np.column_stack([np.cos(t0), np.sin(t0)]),
        factor * np.column_stack([np.cos(t1), np.sin(t1)]),
    ])
    y = np.concatenate([np.zeros(n0, np.int64), np.ones(n1, np.int64)])
    return X + noise * rng.standard_normal(X.shape), y


def xor(n=200, noise=0.1, seed=0):
    """Points in the square [-1, 1]^2, labelled 1 where exactly one coordinate is negative.

    The label is ``(x1 < 0) xor (x2 < 0)`` of the clean point; Gaussian noise of std
    ``noise`` is added afterwards, so a few points land across the axes.

    Returns
    -------
    X : ndarray, float64, shape (n, 2)
    y : ndarray, int64, shape (n,)
    """
    n = positive_int(n, "n")
    noise = non_negative(noise, "noise")
    rng = rng_from(seed)
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    y = ((X[:, 0] < 0) ^ (X[:, 1] < 0)).astype(np.int64)
    return X + noise * rng.standard_normal(X.shape), y


def regression(n=100, noise=0.1, seed=0):
    """A noisy sine: ``y = sin(x) + noise * N(0, 1)`` with ``x`` uniform in [-pi, pi].

    Returns
    -------
    X : ndarray, float64, shape (n, 1)
    y : ndarray, float64, shape (n,)
        For ``MSELoss`` against a model output of shape ``(n, 1)``, use ``y[:, None]``
        (``MSELoss`` also accepts the flat targets for a single output column).
    """
    n = positive_int(n, "n")
    noise = non_negative(noise, "noise")
    rng = rng_from(seed)
    x = np.sort(rng.uniform(-np.pi, np.pi, size=n))
    y = np.sin(x) + noise * rng.standard_normal(n)
    return x[:, None], y
