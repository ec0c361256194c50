"""Functional transforms: turn ``f`` (Tensor -> Tensor) into a function of numpy arrays.

Each is built from the one before, as in the JAX autodiff cookbook:

- ``grad``: one reverse pass, d f / d x (``f`` scalar-valued).
- ``jacobian``: one reverse pass per output entry, seeded with the unit vector e_i.
- ``hvp``: reverse-over-reverse. Record the backward pass (``create_graph=True``) to get
  g(x) = grad f(x) as a Tensor, then run one more reverse pass seeded with v:
  v^T (dg/dx) = (H v)^T, exact and as cheap as two gradients.
- ``hessian``: the Jacobian of that recorded gradient, one ``hvp`` per basis vector.
- ``jvp``: forward mode — evaluate ``f`` once on ``Dual(x, v)``.
- ``numerical_grad``: central differences (f(x + h e_i) - f(x - h e_i)) / 2h, the
  reference that gradient checks compare against.
"""

import numpy as np

from bplab.autodiff.forward import Dual
from bplab.autodiff.tensor import Tensor, _as_float_array, _backprop

__all__ = ["grad", "value_and_grad", "jacobian", "hessian", "hvp", "jvp", "numerical_grad"]


def grad(f):
    """The gradient function of a scalar-valued ``f``: ``grad(f)(x)`` has ``x``'s shape."""
    def grad_f(x):
        return value_and_grad(f)(x)[1]

    return grad_f


def value_and_grad(f):
    """``value_and_grad(f)(x) -> (f(x) as float, grad f(x))`` from one forward+backward."""
    def value_and_grad_f(x):
        xt = _input(x, "grad")
        y = _scalar_output(f(xt), "grad")
        return y.item(), _gradient(y, xt, np.ones_like(y.data))

    return value_and_grad_f


def jacobian(f):
    """``jacobian(f)(x)`` of shape ``f(x).shape + x.shape``: entry [i, j] = d f_i / d x_j."""
    def jacobian_f(x):
        xt = _input(x, "jacobian")
        y = _output(f(xt), "jacobian")
        return _jacobian_rows(y, xt)

    return jacobian_f


def hessian(f):
    """``hessian(f)(x)`` of shape ``x.shape + x.shape``, exact (reverse-over-reverse)."""
    def hessian_f(x):
        xt = _input(x, "hessian")
        return _jacobian_rows(_recorded_grad(f, xt, "hessian"), xt)

    return hessian_f


def hvp(f):
    """``hvp(f)(x, v) = H(x) v``, the Hessian-vector product, without forming H."""
    def hvp_f(x, v):
        xt = _input(x, "hvp")
        v = _direction(v, xt.shape, "hvp")
        g = _recorded_grad(f, xt, "hvp")
        return _gradient(g, xt, v)

    return hvp_f


def jvp(f):
    """``jvp(f)(x, v) -> (f(x), J(x) v)`` by forward mode: one evaluation on ``Dual(x, v)``."""
    def jvp_f(x, v):
        x = _as_float_array(x, "jvp(x)")
        v = _direction(v, x.shape, "jvp")
        y = f(Dual(x, v))
        if type(y) is not Dual:
            value = np.asarray(_plain(y, "jvp"), dtype=np.float64)
            return value, np.zeros_like(value)
        return np.asarray(y.primal, dtype=np.float64), np.asarray(y.tangent, dtype=np.float64)

    return jvp_f


def numerical_grad(f, x, h=1e-5):
    """Central-difference derivative of ``f`` at ``x``: (f(x + h e_i) - f(x - h e_i)) / 2h.

    ``f`` receives the same kind of input as ``x`` (an ndarray, or a Tensor that does not
    require grad) and may return a float, an array or a Tensor. For a scalar ``f`` the
    result has ``x``'s shape; otherwise it is the Jacobian, ``f(x).shape + x.shape``.
    The error is O(h^2); ``x`` is left unchanged.
    """
    as_tensor = type(x) is Tensor
    point = np.array(_as_float_array(x, "numerical_grad(x)"), dtype=np.float64)
    if isinstance(h, bool) or not (isinstance(h, (int, float, np.integer, np.floating))
                                   and h > 0):
        raise ValueError(f"numerical_grad: h must be a positive number, got {h!r}")

    def evaluate(p):
        arg = Tensor(p.copy(), requires_grad=False) if as_tensor else p.copy()
        return np.asarray(_plain(f(arg), "numerical_grad"), dtype=np.float64)

    out_shape = evaluate(point).shape
    result = np.zeros(point.shape + out_shape)
    for i in np.ndindex(point.shape):
        saved = point[i]
        point[i] = saved + h
        up = evaluate(point)
        point[i] = saved - h
        down = evaluate(point)
        point[i] = saved
        result[i] = (up - down) / (2 * h)
    if out_shape:
        result = np.moveaxis(result.reshape(point.size, -1), 0, -1).reshape(
            out_shape + point.shape)
    return result


# ---- helpers ---------------------------------------------------------------------------
def _input(x, who):
    if type(x) is Tensor:
        x = x.data
    return Tensor(np.array(_as_float_array(x, f"{who}(f)(x)")), requires_grad=True)


def _output(y, who):
    if type(y) is not Tensor:
        raise TypeError(f"{who}(f): f returned {type(y).__name__}; it must return a Tensor "
                        "computed from its input (did it call .item(), float() or np.* on it?)")
    return y


def _scalar_output(y, who):
    y = _output(y, who)
    if y.size != 1:
        raise ValueError(f"{who}(f): f must return a single number, got a Tensor of shape "
                         f"{y.shape} (use jacobian for vector outputs, or reduce with .sum())")
    return y


def _gradient(y, x, seed):
    """d(seed . y)/dx as an ndarray (zeros if y does not depend on x)."""
    if not y.requires_grad:
        return np.zeros_like(x.data)
    g = _backprop(y, seed).get(x)
    if g is None:
        return np.zeros_like(x.data)
    return np.array(g.data if type(g) is Tensor else g)


def _jacobian_rows(y, x):
    rows = np.zeros((y.size,) + x.shape)
    seed = np.zeros(y.shape)
    for i in range(y.size):
        seed.flat[i] = 1.0
        rows[i] = _gradient(y, x, seed)
        seed.flat[i] = 0.0
    return rows.reshape(y.shape + x.shape)


def _recorded_grad(f, xt, who):
    """grad f(xt) as a Tensor whose graph is recorded (so it can be differentiated)."""
    y = _scalar_output(f(xt), who)
    if not y.requires_grad:
        return Tensor(np.zeros_like(xt.data), requires_grad=False)
    g = _backprop(y, Tensor(np.ones_like(y.data), requires_grad=False)).get(xt)
    return g if g is not None else Tensor(np.zeros_like(xt.data), requires_grad=False)


def _direction(v, shape, who):
    v = _as_float_array(v.data if type(v) is Tensor else v, f"{who}(v)")
    if v.shape != shape:
        raise ValueError(f"{who}(f)(x, v): v must have x's shape {shape}, got {v.shape}")
    return v


def _plain(y, who):
    if type(y) is Tensor:
        return y.data
    if type(y).__name__ in ("Value", "Dual"):
        raise TypeError(f"{who}: f returned a {type(y).__name__}; expected a number, "
                        "array or Tensor")
    return y
