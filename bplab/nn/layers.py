"""The affine layer and the elementwise activations, each with its backward pass.

For ``y = f(x)`` and an upstream gradient ``dout = dL/dy``, each ``backward`` applies
the chain rule once:

=============  ===========================  ===========================================
layer          forward                      backward (returns dL/dx)
=============  ===========================  ===========================================
``Linear``     ``y = x W + b``              ``dW = x^T dout``, ``db = sum_rows dout``,
                                            ``dx = dout W^T``
``ReLU``       ``y = max(x, 0)``            ``dx = dout * [x > 0]``
``Tanh``       ``y = tanh(x)``              ``dx = dout * (1 - y^2)``
``Sigmoid``    ``y = 1 / (1 + e^-x)``       ``dx = dout * y (1 - y)``
=============  ===========================  ===========================================
"""

import numpy as np

from bplab.nn import init as initializers
from bplab.nn.base import Layer, as_array, check_size


class Linear(Layer):
    """Affine map ``y = x @ W + b`` with ``W`` of shape ``(in_features, out_features)``.

    Parameters
    ----------
    in_features, out_features : int
    init : str or callable
        Initialiser for ``W`` (see ``bplab.nn.init``): ``"he"``, ``"xavier"``, ``"normal"``,
        ``"zeros"``, or ``init(fan_in, fan_out, rng)``. ``b`` starts at zero.
    seed : int or None
        Seed for the initial weights.

    ``x`` may have any number of leading axes; the last must have ``in_features``
    entries. ``backward`` sums the parameter gradients over all leading axes.
    """

    def __init__(self, in_features, out_features, init="he", seed=None):
        super().__init__()
        self.in_features = check_size(in_features, "in_features")
        self.out_features = check_size(out_features, "out_features")
        self.init = init
        make = initializers.get(init)
        W = np.array(make(self.in_features, self.out_features, np.random.default_rng(seed)),
                     dtype=np.float64)
        if W.shape != (self.in_features, self.out_features):
            raise ValueError(f"init returned shape {W.shape}, expected "
                             f"{(self.in_features, self.out_features)}")
        self.params = {"W": W, "b": np.zeros(self.out_features)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self._x = None

    def forward(self, x):
        x = as_array(x)
        if x.ndim == 0 or x.shape[-1] != self.in_features:
            raise ValueError(f"Linear expected input with {self.in_features} features on its "
                             f"last axis, got shape {x.shape}")
        self._x = x
        out = x @ self.params["W"] + self.params["b"]
        self._out_shape = out.shape
        return out

    def backward(self, dout):
        dout = self._check_dout(dout)
        x2 = self._x.reshape(-1, self.in_features)
        d2 = dout.reshape(-1, self.out_features)
        self.grads["W"][...] = x2.T @ d2
        self.grads["b"][...] = d2.sum(axis=0)
        return dout @ self.params["W"].T

    def __repr__(self):
        init = self.init if isinstance(self.init, str) else getattr(self.init, "__name__", "custom")
        return (f"Linear(in_features={self.in_features}, out_features={self.out_features}, "
                f"init={init!r})")


class ReLU(Layer):
    """``max(x, 0)``: passes the gradient where the input was positive, blocks it elsewhere."""

    def forward(self, x):
        x = as_array(x)
        self._positive = x > 0
        self._out_shape = x.shape
        return np.where(self._positive, x, 0.0)

    def backward(self, dout):
        dout = self._check_dout(dout)
        return dout * self._positive


class Tanh(Layer):
    """``tanh(x)``, with local derivative ``1 - tanh(x)^2`` computed from the output."""

    def forward(self, x):
        self._y = np.tanh(as_array(x))
        self._out_shape = self._y.shape
        return self._y

    def backward(self, dout):
        dout = self._check_dout(dout)
        return dout * (1.0 - self._y ** 2)


def _sigmoid(x):
    """``1 / (1 + exp(-x))`` without overflow: ``exp`` only ever sees non-positive numbers."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class Sigmoid(Layer):
    """``1 / (1 + e^-x)``, with local derivative ``y (1 - y)`` computed from the output."""

    def forward(self, x):
        self._y = _sigmoid(as_array(x))
        self._out_shape = self._y.shape
        return self._y

    def backward(self, dout):
        dout = self._check_dout(dout)
        return dout * self._y * (1.0 - self._y)
