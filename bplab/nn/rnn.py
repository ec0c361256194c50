"""A vanilla (Elman) RNN with tanh cell, trained by backpropagation through time.

Forward, for t = 1..T::

    h_t = tanh(x_t Wx + h_{t-1} Wh + b)

Backward, for t = T..1, with ``g_t = dL/dh_t`` the *total* gradient reaching ``h_t``
(from the loss directly, plus through ``h_{t+1}``)::

    a_t    = g_t * (1 - h_t^2)                  (through tanh)
    dWx   += x_t^T a_t     dWh += h_{t-1}^T a_t     db += sum_rows a_t
    dx_t   = a_t Wx^T
    g_{t-1} = dout_{t-1} + a_t Wh^T             (through the recurrence)

Each step back multiplies the gradient by ``diag(1 - h_t^2) Wh^T``, so its norm shrinks
or grows roughly geometrically with the spectral radius of ``Wh``: vanishing or
exploding gradients. ``hidden_grad_norms[t] = ||g_t||`` records it after ``backward``.
"""

import numpy as np

from bplab.nn import init as initializers
from bplab.nn.base import Layer, as_array, check_size


class RNN(Layer):
    """Tanh RNN over a whole sequence; returns every hidden state.

    Parameters
    ----------
    input_size, hidden_size : int
    init : str or callable
        Initialiser for ``Wx`` and ``Wh`` (see ``bplab.nn.init``); ``b`` starts at zero.
    seed : int or None

    Attributes
    ----------
    params : dict
        ``"Wx"`` (input_size, hidden_size), ``"Wh"`` (hidden_size, hidden_size),
        ``"b"`` (hidden_size,).
    hidden_grad_norms : ndarray, shape (T,)
        After ``backward``: ``||dL/dh_t||`` (Frobenius over the batch) for each step.
    h0_grad : ndarray, shape (batch, hidden_size)
        After ``backward``: dL/dh_0.
    """

    def __init__(self, input_size, hidden_size, init="xavier", seed=None):
        super().__init__()
        self.input_size = check_size(input_size, "input_size")
        self.hidden_size = check_size(hidden_size, "hidden_size")
        self.init = init
        make = initializers.get(init)
        rng = np.random.default_rng(seed)
        self.params = {
            "Wx": np.array(make(self.input_size, self.hidden_size, rng), dtype=np.float64),
            "Wh": np.array(make(self.hidden_size, self.hidden_size, rng), dtype=np.float64),
            "b": np.zeros(self.hidden_size),
        }
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.hidden_grad_norms = None
        self.h0_grad = None

    def forward(self, x, h0=None):
        """Run the sequence ``x`` of shape (T, batch, input_size) from ``h0`` (zeros if None).

        Returns
        -------
        ndarray, shape (T, batch, hidden_size)
            ``h_1 .. h_T``.
        """
        x = as_array(x)
        if x.ndim != 3 or x.shape[2] != self.input_size or x.shape[0] == 0:
            raise ValueError(f"RNN expected x of shape (T, batch, {self.input_size}) with T >= 1, "
                             f"got {x.shape}")
        T, batch, _ = x.shape
        h_prev = np.zeros((batch, self.hidden_size)) if h0 is None else as_array(h0, "h0")
        if h_prev.shape != (batch, self.hidden_size):
            raise ValueError(f"RNN expected h0 of shape {(batch, self.hidden_size)}, "
                             f"got {h_prev.shape}")
        Wx, Wh, b = self.params["Wx"], self.params["Wh"], self.params["b"]
        hs = np.empty((T + 1, batch, self.hidden_size))
        hs[0] = h_prev
        for t in range(T):
            hs[t + 1] = np.tanh(x[t] @ Wx + hs[t] @ Wh + b)
        self._x, self._hs = x, hs
        self._out_shape = hs[1:].shape
        return hs[1:].copy()

    def backward(self, dh):
        """Backpropagate through time.

        Parameters
        ----------
        dh : ndarray, shape (T, batch, hidden_size) or (batch, hidden_size)
            dL/dh_t for every step; a 2-D array is the gradient of the last state only
            (a loss on ``h_T``), the other steps receiving none directly.

        Returns
        -------
        ndarray, shape (T, batch, input_size)
            dL/dx_t for every step.
        """
        if self._out_shape is not None and np.ndim(dh) == 2:
            last = as_array(dh, "dh")
            dh = np.zeros(self._out_shape)
            if last.shape != dh.shape[1:]:
                raise ValueError(f"RNN.backward() expected dh of shape {self._out_shape} or "
                                 f"{self._out_shape[1:]}, got {last.shape}")
            dh[-1] = last
        dh = self._check_dout(dh)
        Wx, Wh = self.params["Wx"], self.params["Wh"]
        x, hs = self._x, self._hs
        T = x.shape[0]
        dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(self.hidden_size)
        dx = np.empty_like(x)
        norms = np.empty(T)
        g_next = np.zeros_like(hs[0])
        for t in reversed(range(T)):
            g = dh[t] + g_next
            norms[t] = np.linalg.norm(g)
            a = g * (1.0 - hs[t + 1] ** 2)
            dWx += x[t].T @ a
            dWh += hs[t].T @ a
            db += a.sum(axis=0)
            dx[t] = a @ Wx.T
            g_next = a @ Wh.T
        self.grads["Wx"][...], self.grads["Wh"][...], self.grads["b"][...] = dWx, dWh, db
        self.hidden_grad_norms = norms
        self.h0_grad = g_next
        return dx

    def __repr__(self):
        init = self.init if isinstance(self.init, str) else getattr(self.init, "__name__", "custom")
        return (f"RNN(input_size={self.input_size}, hidden_size={self.hidden_size}, "
                f"init={init!r})")
