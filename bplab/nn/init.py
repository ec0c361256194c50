"""Weight initialisers: the first step of the backpropagation algorithm, made a choice.

Each initialiser has the signature ``init(fan_in, fan_out, rng=None) -> ndarray`` of
shape ``(fan_in, fan_out)`` (the layout of ``W`` in ``x @ W``):

==========  =========================================  ====================================
name        distribution                               meant for
==========  =========================================  ====================================
``zeros``   0                                          biases; for weights, a lesson: every
                                                       unit of a layer stays identical
``normal``  N(0, std^2), std = 0.01                    the classic "small random numbers"
``xavier``  N(0, 2 / (fan_in + fan_out))  (Glorot)     tanh and sigmoid layers
``he``      N(0, 2 / fan_in)              (Kaiming)    ReLU layers
==========  =========================================  ====================================

Xavier keeps the variance of activations and gradients roughly constant through a
linear or tanh layer; He doubles it to make up for ReLU zeroing half of its inputs.
Layers take an initialiser by name (``Linear(3, 4, init="xavier")``) or any callable
with the signature above.
"""

import numpy as np

__all__ = ["INITIALIZERS", "get", "he", "normal", "xavier", "zeros"]


def _rng(rng):
    return rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)


def zeros(fan_in, fan_out, rng=None):
    """All zeros, shape ``(fan_in, fan_out)``; ``rng`` is accepted and ignored."""
    return np.zeros((fan_in, fan_out))


def normal(fan_in, fan_out, rng=None, std=0.01):
    """Entries drawn from N(0, std^2), ``std = 0.01`` unless given."""
    return std * _rng(rng).standard_normal((fan_in, fan_out))


def xavier(fan_in, fan_out, rng=None):
    """Glorot normal: N(0, sigma^2) with sigma^2 = 2 / (fan_in + fan_out)."""
    return normal(fan_in, fan_out, rng, std=np.sqrt(2.0 / (fan_in + fan_out)))


def he(fan_in, fan_out, rng=None):
    """Kaiming normal (fan-in mode, ReLU gain): N(0, sigma^2) with sigma^2 = 2 / fan_in."""
    return normal(fan_in, fan_out, rng, std=np.sqrt(2.0 / fan_in))


INITIALIZERS = {"he": he, "normal": normal, "xavier": xavier, "zeros": zeros}


def get(init):
    """Look an initialiser up by name, or pass a callable through unchanged.

    Raises
    ------
    ValueError
        For an unknown name, listing the known ones.
    """
    if callable(init):
        return init
    if isinstance(init, str) and init in INITIALIZERS:
        return INITIALIZERS[init]
    names = ", ".join(sorted(INITIALIZERS))
    raise ValueError(f"unknown initializer {init!r}; choose one of: {names} (or pass a callable "
                     "init(fan_in, fan_out, rng))")
