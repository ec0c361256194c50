"""What every layer shares: parameters, gradients, a mode, and input checks.

A layer is an object with ``forward(x)``, which computes its output and keeps what the
backward pass will need, and ``backward(dout)``, which takes dL/d(output) and returns
dL/d(input), storing dL/d(parameter) in ``grads`` under the keys of ``params``.
Gradients are *overwritten* by every ``backward`` (not accumulated), in place, so a list
from ``gradients()`` stays valid across steps.
"""

import numbers

import numpy as np


def check_size(value, name):
    """Return ``value`` as an int, or raise if it is not a positive integer."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value}")
    return int(value)


def as_array(x, name="x"):
    """``x`` as a float64 array, with a clear error for non-numeric input."""
    try:
        return np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}") from None


class Layer:
    """Base class: empty ``params``/``grads``, training mode, and the shared plumbing."""

    def __init__(self):
        self.params = {}
        self.grads = {}
        self.training = True
        self._out_shape = None

    def forward(self, x):
        raise NotImplementedError

    def backward(self, dout):
        raise NotImplementedError

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def train(self):
        """Switch to training mode (matters for Dropout); returns the layer."""
        self.training = True
        return self

    def eval(self):
        """Switch to evaluation mode (Dropout becomes the identity); returns the layer."""
        self.training = False
        return self

    def parameters(self):
        """The parameter arrays, in the order of ``params`` (what an optimizer updates)."""
        return list(self.params.values())

    def gradients(self):
        """The gradient arrays, matching ``parameters()`` one to one."""
        return [self.grads[k] for k in self.params]

    def zero_grad(self):
        """Set every gradient to zero, in place."""
        for g in self.grads.values():
            g[...] = 0.0

    def grad_norm(self):
        """The Euclidean norm of all this layer's gradients taken together."""
        return float(np.sqrt(sum(np.sum(g * g) for g in self.grads.values())))

    def grad_norms(self):
        """``{layer name: gradient norm}``; empty for a layer without parameters."""
        return {type(self).__name__: self.grad_norm()} if self.params else {}

    def __repr__(self):
        return f"{type(self).__name__}()"

    def _check_dout(self, dout):
        """Raise if ``backward`` comes before ``forward`` or ``dout`` has the wrong shape."""
        if self._out_shape is None:
            raise RuntimeError(f"{type(self).__name__}.backward() called before forward(): "
                               "run a forward pass first, then backward on its gradient")
        dout = as_array(dout, "dout")
        if dout.shape != self._out_shape:
            raise ValueError(f"{type(self).__name__}.backward() expected dout of shape "
                             f"{self._out_shape} (the shape of the forward output), "
                             f"got {dout.shape}")
        return dout
