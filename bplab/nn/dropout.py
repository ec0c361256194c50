"""Dropout with PyTorch's meaning of ``p``: the probability of *dropping* a unit."""

import numbers

import numpy as np

from bplab.nn.base import Layer, as_array


class Dropout(Layer):
    """Inverted dropout: in training, zero each entry with probability ``p`` and scale the rest.

    ``y = x * m / (1 - p)`` with ``m_i ~ Bernoulli(1 - p)``, so ``E[y] = x`` and nothing
    needs rescaling at test time; in evaluation mode (``.eval()``) ``y = x``. The backward
    pass uses the same mask: ``dx = dout * m / (1 - p)``. ``p = 1`` drops everything
    (output zeros). A new layer is in training mode.

    Parameters
    ----------
    p : float in [0, 1]
    seed : int or None
        Seed for the masks; successive forward passes draw fresh masks from it.
    """

    def __init__(self, p=0.5, seed=None):
        super().__init__()
        if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0 <= p <= 1:
            raise ValueError(f"Dropout p must be a probability in [0, 1] (the chance of "
                             f"dropping a unit), got {p!r}")
        self.p = float(p)
        self.rng = np.random.default_rng(seed)
        self.mask = None

    def forward(self, x):
        x = as_array(x)
        self._out_shape = x.shape
        if not self.training or self.p == 0:
            self.mask = None
            return x
        keep = self.rng.random(x.shape) >= self.p
        self.mask = keep / (1.0 - self.p) if self.p < 1 else np.zeros(x.shape)
        return x * self.mask

    def backward(self, dout):
        dout = self._check_dout(dout)
        return dout if self.mask is None else dout * self.mask

    def __repr__(self):
        return f"Dropout(p={self.p})"
