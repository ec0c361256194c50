"""Forward-mode autodiff with dual numbers.

A dual number ``a + b*eps`` with ``eps^2 = 0`` carries a value and a directional
derivative together: for any smooth f,

    f(x + v*eps) = f(x) + (J_f(x) v) eps,

so evaluating ``f`` once on ``Dual(x, v)`` yields the Jacobian-vector product ``J v``
with no graph and no backward pass. ``primal`` and ``tangent`` may be floats or
same-shaped ndarrays; ``Dual`` supports the Tensor operations (``@``, ``sum``, ``mean``,
``reshape``, ``.T``, indexing, ``softmax``...), so a function written for Tensors runs
unchanged on Duals.
"""

import warnings

import numpy as np

from bplab.autodiff.tensor import _matmul_error

__all__ = ["Dual"]


class Dual:
    """A value and its tangent: ``primal + tangent * eps`` with ``eps^2 = 0``.

    Parameters
    ----------
    primal : float or array_like
    tangent : float or array_like, default 0
        Broadcast to the primal's shape.
    """

    __slots__ = ("primal", "tangent")
    __array_ufunc__ = None

    def __init__(self, primal, tangent=0.0):
        p = _real(primal, "Dual(primal)")
        t = _real(tangent, "Dual(tangent)")
        if np.ndim(p) or np.ndim(t):
            try:
                t = np.broadcast_to(t, np.shape(p)).astype(np.float64)
            except ValueError:
                raise ValueError(f"Dual: tangent shape {np.shape(t)} does not match primal "
                                 f"shape {np.shape(p)}") from None
        self.primal = p
        self.tangent = t

    def __repr__(self):
        return f"Dual(primal={self.primal!r}, tangent={self.tangent!r})"

    shape = property(lambda self: np.shape(self.primal))
    ndim = property(lambda self: np.ndim(self.primal))
    size = property(lambda self: np.size(self.primal))

    # ---- arithmetic: the sum, product and quotient rules -------------------------
    def __add__(self, other):
        o = _dual(other)
        _check_broadcast(self, o, "+")
        return _new(self.primal + o.primal, self.tangent + o.tangent)

    def __sub__(self, other):
        o = _dual(other)
        _check_broadcast(self, o, "-")
        return _new(self.primal - o.primal, self.tangent - o.tangent)

    def __mul__(self, other):
        o = _dual(other)
        _check_broadcast(self, o, "*")
        return _new(self.primal * o.primal, self.tangent * o.primal + self.primal * o.tangent)

    def __truediv__(self, other):
        o = _dual(other)
        _check_broadcast(self, o, "/")
        q = self.primal / o.primal
        return _new(q, (self.tangent - q * o.tangent) / o.primal)

    def __pow__(self, other):
        """d(a^b) = b a^(b-1) da + a^b log(a) db."""
        o = _dual(other)
        _check_broadcast(self, o, "**")
        a, b = self.primal, o.primal
        with np.errstate(divide="ignore", invalid="ignore"):
            out = a**b
            d = b * a ** (b - 1.0) * self.tangent
            if np.any(o.tangent != 0):
                d = d + out * np.log(a) * o.tangent
        return _new(out, d)

    def __radd__(self, other):
        return _dual(other) + self

    def __rsub__(self, other):
        return _dual(other) - self

    def __rmul__(self, other):
        return _dual(other) * self

    def __rtruediv__(self, other):
        return _dual(other) / self

    def __rpow__(self, other):
        return _dual(other) ** self

    def __neg__(self):
        return _new(-self.primal, -self.tangent)

    def __matmul__(self, other):
        o = _dual(other)
        try:
            primal = self.primal @ o.primal
        except ValueError:
            raise _matmul_error(np.shape(self.primal), np.shape(o.primal)) from None
        return _new(primal, self.tangent @ o.primal + self.primal @ o.tangent)

    def __rmatmul__(self, other):
        return _dual(other) @ self

    # ---- elementwise functions: f(a + b eps) = f(a) + f'(a) b eps ------------------
    def exp(self):
        e = np.exp(self.primal)
        return _new(e, e * self.tangent)

    def log(self):
        if np.any(np.asarray(self.primal) <= 0):
            warnings.warn("Dual log: the primal has zero or negative entries, so the result "
                          "holds -inf (log 0) or nan (log of a negative number)",
                          RuntimeWarning, stacklevel=2)
        with np.errstate(divide="ignore", invalid="ignore"):
            return _new(np.log(self.primal), self.tangent / self.primal)

    def tanh(self):
        t = np.tanh(self.primal)
        return _new(t, (1.0 - t * t) * self.tangent)

    def sigmoid(self):
        x = self.primal
        e = np.exp(-np.abs(x))
        s = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        return _new(s if np.ndim(s) else float(s), s * (1.0 - s) * self.tangent)

    def sin(self):
        return _new(np.sin(self.primal), np.cos(self.primal) * self.tangent)

    def cos(self):
        return _new(np.cos(self.primal), -np.sin(self.primal) * self.tangent)

    def relu(self):
        mask = np.asarray(self.primal) > 0
        return _new(self.primal * mask, self.tangent * mask)

    # ---- shape and reductions (linear, so the tangent follows the primal) -------------
    @property
    def T(self):
        return _new(np.transpose(self.primal), np.transpose(self.tangent))

    def transpose(self, *axes):
        axes = tuple(axes[0]) if len(axes) == 1 and isinstance(axes[0], (tuple, list)) else axes
        return _new(np.transpose(self.primal, axes or None),
                    np.transpose(self.tangent, axes or None))

    def reshape(self, *shape):
        shape = tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (tuple, list)) \
            else shape
        return _new(np.reshape(self.primal, shape), np.reshape(self.tangent, shape))

    def __getitem__(self, index):
        return _new(np.asarray(self.primal)[index], np.asarray(self.tangent)[index])

    def sum(self, axis=None, keepdims=False):
        return _new(np.sum(self.primal, axis=axis, keepdims=keepdims),
                    np.sum(self.tangent, axis=axis, keepdims=keepdims))

    def mean(self, axis=None, keepdims=False):
        return _new(np.mean(self.primal, axis=axis, keepdims=keepdims),
                    np.mean(self.tangent, axis=axis, keepdims=keepdims))

    # ---- softmax family ---------------------------------------------------------------
    def logsumexp(self, axis=-1, keepdims=False):
        """d lse = sum softmax * dx."""
        x = np.asarray(self.primal)
        m = x.max(axis=axis, keepdims=True)
        m = np.where(np.isfinite(m), m, 0.0)
        kept = np.log(np.exp(x - m).sum(axis=axis, keepdims=True)) + m
        d = (np.exp(x - kept) * self.tangent).sum(axis=axis, keepdims=True)
        if not keepdims:
            kept, d = np.squeeze(kept, axis=axis), np.squeeze(d, axis=axis)
        return _new(kept, d)

    def log_softmax(self, axis=-1):
        """d log_softmax = dx - sum(softmax * dx)."""
        lse = self.logsumexp(axis=axis, keepdims=True)
        return self - lse

    def softmax(self, axis=-1):
        """d softmax = s * (dx - sum(s * dx))."""
        ls = self.log_softmax(axis=axis)
        s = np.exp(ls.primal)
        return _new(s, s * ls.tangent)


def _new(primal, tangent):
    out = Dual.__new__(Dual)
    out.primal = primal
    out.tangent = tangent
    return out


def _check_broadcast(a, b, symbol):
    """Raise the Tensor engine's message when the primals' shapes do not broadcast."""
    sa, sb = np.shape(a.primal), np.shape(b.primal)
    if sa != sb and sa and sb:
        try:
            np.broadcast_shapes(sa, sb)
        except ValueError:
            raise ValueError(f"{symbol}: shapes {sa} and {sb} do not broadcast (numpy aligns "
                             "trailing axes; each pair must be equal or 1)") from None


def _dual(x):
    if type(x) is Dual:
        return x
    p = _real(x, "Dual operand")
    return _new(p, np.zeros_like(p) if np.ndim(p) else 0.0)


def _real(x, who):
    if isinstance(x, (float, int)) and not isinstance(x, bool):
        return float(x)
    if type(x).__name__ in ("Value", "Tensor", "Dual"):
        raise TypeError(f"{who}: got a {type(x).__name__}; a Dual holds plain numbers or arrays")
    arr = np.asarray(x)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{who}: expected real numbers, got dtype {arr.dtype}")
    return float(arr) if arr.ndim == 0 else arr.astype(np.float64)
