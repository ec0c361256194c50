"""Splitting, mini-batching and standardising ``(X, y)`` data sets."""

import numbers

import numpy as np

from bplab.data._checks import positive_int, rng_from


def _check_pair(X, y):
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError("X and y must be arrays with one row per sample, got scalars")
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same number of rows, got {len(X)} and {len(y)}")
    return X, y


def train_test_split(X, y, test_size=0.25, seed=0):
    """Shuffle the rows with ``seed`` and split them into a training and a test part.

    Parameters
    ----------
    X, y : array_like
        Inputs and targets with the same number of rows.
    test_size : float or int
        Fraction of rows in (0, 1) for the test part, or an absolute number of rows.
        A fraction is rounded up (scikit-learn's rule), so 0.25 of 1797 rows gives 450.
    seed : int, None or numpy Generator

    Returns
    -------
    X_train, X_test, y_train, y_test : ndarray
        In scikit-learn's order.
    """
    X, y = _check_pair(X, y)
    n = len(X)
    if isinstance(test_size, numbers.Integral) and not isinstance(test_size, bool):
        n_test = int(test_size)
    elif isinstance(test_size, numbers.Real) and 0 < test_size < 1:
        n_test = int(np.ceil(test_size * n))
    else:
        raise ValueError(
            f"test_size must be a fraction in (0, 1) or a row count, got {test_size!r}")
    if not 0 < n_test < n:
        raise ValueError(f"test_size={test_size!r} leaves {n - n_test} of {n} rows for training")
    order = rng_from(seed).permutation(n)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def batches(X, y, batch_size, shuffle=True, seed=0, drop_last=False):
    """Iterate over mini-batches ``(X_batch, y_batch)`` covering the data once (one epoch).

    Parameters
    ----------
    X, y : array_like
        Inputs and targets with the same number of rows.
    batch_size : int
        Rows per batch; the last batch is smaller when ``batch_size`` does not divide the
        number of rows (unless ``drop_last``).
    shuffle : bool
        Visit the rows in a random order drawn from ``seed``.
    seed : int, None or numpy Generator
        Pass one Generator to successive calls for a fresh order every epoch.
    drop_last : bool
        Skip a final incomplete batch.

    Yields
    ------
    X_batch, y_batch : ndarray
    """
    X, y = _check_pair(X, y)
    batch_size = positive_int(batch_size, "batch_size")
    n = len(X)
    order = rng_from(seed).permutation(n) if shuffle else np.arange(n)
    stop = n - n % batch_size if drop_last else n
    for start in range(0, stop, batch_size):
        rows = order[start:start + batch_size]
        yield X[rows], y[rows]


def standardize(train, *others):
    """Shift and scale columns to mean 0 and std 1, with statistics from ``train`` only.

    ``z = (x - mean(train)) / std(train)``, column by column. Using the training
    statistics for the test set too keeps the test set unseen. Constant columns
    (std 0, such as the always-blank corner pixels of ``digits``) are only shifted.

    Returns
    -------
    ndarray, or a tuple of ndarrays
        ``standardize(X)`` returns one array; ``standardize(X_train, X_test)`` returns
        ``(X_train_std, X_test_std)``.
    """
    train = np.asarray(train, dtype=np.float64)
    if train.ndim != 2 or len(train) == 0:
        raise ValueError(f"train must be a non-empty 2-D array (samples, features), got shape "
                         f"{train.shape}")
    mean = train.mean(axis=0)
    std = train.std(axis=0)
    std[std == 0] = 1.0
    out = [(train - mean) / std]
    for i, other in enumerate(others):
        other = np.asarray(other, dtype=np.float64)
        if other.ndim != 2 or other.shape[1] != train.shape[1]:
            raise ValueError(f"array {i + 1} after train must have shape (n, {train.shape[1]}), "
                             f"got {other.shape}")
        out.append((other - mean) / std)
    return out[0] if not others else tuple(out)
