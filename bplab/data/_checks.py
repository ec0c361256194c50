"""Argument checks shared by the data generators and helpers."""

import numbers

import numpy as np


def positive_int(value, name, minimum=1):
    """Return ``value`` as an int, or raise if it is not an integer >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def non_negative(value, name):
    """Return ``value`` as a float, or raise if it is not a finite number >= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value}")
    return float(value)


def rng_from(seed):
    """A numpy Generator from an int seed, None, or an existing Generator (used as is)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral)):
        kind = type(seed).__name__
        raise TypeError(f"seed must be an int, None or a numpy Generator, got {kind}")
    return np.random.default_rng(seed)
