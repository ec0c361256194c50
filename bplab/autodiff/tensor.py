"""Tensor reverse-mode autodiff on numpy arrays.

Every operation computes its output with numpy and records, for each input, a small
closure ``vjp(g)`` — the vector-Jacobian product that turns the upstream gradient
``g = dL/d(out)`` into ``dL/d(input)``. ``backward()`` walks the graph once in reverse
topological order and sums what flows into each node:

    dL/dx = sum over children c of vjp_c(dL/dc)

The closures are written with operators that work on ndarrays *and* on Tensors. With
``backward(create_graph=True)`` the upstream gradient is itself a Tensor, so the backward
pass is recorded as ordinary Tensor operations and can be differentiated again: this is
how ``hessian`` and ``hvp`` are exact.

Broadcasting follows numpy; the gradient of a broadcast input is summed over the axes it
was stretched along (``_unbroadcast``). As in PyTorch, only leaves keep ``.grad``; an
interior gradient is freed once it has been passed on.

``cross_entropy(logits, labels)`` fuses ``-log_softmax(z)[rows, y].mean()`` into one node
(gradient ``(softmax(z) - onehot(y)) / n``), the loss the training benchmarks use.
"""

import math
import warnings

import numpy as np

__all__ = ["Tensor", "exp", "log", "tanh", "sigmoid", "relu", "sin", "cos", "softmax",
           "log_softmax", "logsumexp", "cross_entropy"]


class Tensor:
    """A float64 array that records the operations applied to it.

    Parameters
    ----------
    data : array_like
        Numbers; ints and bools are cast to float64, object/str/complex arrays are refused.
        A float64 ndarray is wrapped without copying (like ``np.asarray``), so updating it
        in place (an optimizer step) is seen by the Tensor.
    requires_grad : bool, default True
        Whether ``backward()`` computes ``.grad`` for this leaf.

    Attributes
    ----------
    data : ndarray
    grad : ndarray or Tensor or None
        Leaves only (as in PyTorch): after ``backward()``, d(root)/d(self) with
        ``self.shape``; a Tensor after ``backward(create_graph=True)``. Accumulates across
        ``backward()`` calls until ``zero_grad()`` (or ``.grad = None``).
    op : str
        The operation that made this Tensor (``""`` for a leaf).
    parents : tuple of Tensor
    """

    __slots__ = ("data", "grad", "requires_grad", "parents", "vjps", "op")
    __array_ufunc__ = None  # make ndarray (op) Tensor call our reflected methods

    def __init__(self, data, requires_grad=True):
        self.data = _as_float_array(data, "Tensor(data)")
        self.grad = None
        self.requires_grad = bool(requires_grad)
        self.parents = ()
        self.vjps = ()
        self.op = ""

    # ---- array-like basics -------------------------------------------------------
    shape = property(lambda self: self.data.shape)
    ndim = property(lambda self: self.data.ndim)
    size = property(lambda self: self.data.size)

    def __repr__(self):
        body = np.array2string(self.data, precision=4, separator=", ", prefix="Tensor(")
        extra = f", op={self.op!r}" if self.op else ""
        return f"Tensor({body}{extra})"

    def __len__(self):
        return len(self.data)

    def item(self):
        """The single number in a size-1 Tensor, as a Python float."""
        if self.data.size != 1:
            raise ValueError(f"item(): the Tensor has shape {self.shape}, expected one element")
        return float(self.data.reshape(()))

    def numpy(self):
        """The underlying ndarray (shared, not copied)."""
        return self.data

    def detach(self):
        """The same data as a new leaf that does not require grad."""
        return Tensor(self.data, requires_grad=False)

    def zero_grad(self):
        """Reset this Tensor's ``.grad`` to zeros."""
        self.grad = np.zeros_like(self.data)

    def __lt__(self, other):
        return self.data < _data(other)

    def __le__(self, other):
        return self.data <= _data(other)

    def __gt__(self, other):
        return self.data > _data(other)

    def __ge__(self, other):
        return self.data >= _data(other)

    # ---- arithmetic --------------------------------------------------------------
    def __add__(self, other):
        other = other if type(other) is Tensor else _const(other)
        out = _broadcasting(np.add, self.data, other.data, "+")
        sa, sb = self.data.shape, other.data.shape
        return _make(out, (self, other),
                     (lambda g: _unbroadcast(g, sa), lambda g: _unbroadcast(g, sb)), "+")

    def __sub__(self, other):
        other = other if type(other) is Tensor else _const(other)
        out = _broadcasting(np.subtract, self.data, other.data, "-")
        sa, sb = self.data.shape, other.data.shape
        return _make(out, (self, other),
                     (lambda g: _unbroadcast(g, sa), lambda g: _unbroadcast(-g, sb)), "-")

    def __mul__(self, other):
        other = other if type(other) is Tensor else _const(other)
        a, b = self, other
        out = _broadcasting(np.multiply, a.data, b.data, "*")
        sa, sb = a.data.shape, b.data.shape
        return _make(out, (a, b), (lambda g: _unbroadcast(g * _like(g, b), sa),
                                   lambda g: _unbroadcast(g * _like(g, a), sb)), "*")

    def __truediv__(self, other):
        """a / b with d/da = 1/b and d/db = -a / b^2."""
        other = other if type(other) is Tensor else _const(other)
        a, b = self, other
        with np.errstate(divide="ignore", invalid="ignore"):
            out = _broadcasting(np.divide, a.data, b.data, "/")
        sa, sb = a.data.shape, b.data.shape
        return _make(out, (a, b), (
            lambda g: _unbroadcast(g / _like(g, b), sa),
            lambda g: _unbroadcast(-g * _like(g, a) / (_like(g, b) * _like(g, b)), sb)), "/")

    def __pow__(self, other):
        """a ** n with d/da = n a^(n-1); a ** b (Tensor b) also has d/db = a^b log a."""
        a = self
        if type(other) is not Tensor:
            n = _exponent(other)
            if type(n) is not float:
                return a ** _const(n)
            with np.errstate(divide="ignore", invalid="ignore"):
                out = a.data**n
            return _make(out, (a,), (lambda g: g * (n * _like(g, a) ** (n - 1.0)),), "**")
        b = other
        with np.errstate(divide="ignore", invalid="ignore"):
            out = _broadcasting(np.power, a.data, b.data, "**")
        sa, sb = a.data.shape, b.data.shape
        return _make(out, (a, b), (
            lambda g: _unbroadcast(g * _like(g, b) * _like(g, a) ** (_like(g, b) - 1.0), sa),
            lambda g: _unbroadcast(g * _like(g, a) ** _like(g, b) * _safe_log(_like(g, a)), sb),
        ), "**")

    def __radd__(self, other):
        return _const(other) + self

    def __rsub__(self, other):
        return _const(other) - self

    def __rmul__(self, other):
        return _const(other) * self

    def __rtruediv__(self, other):
        return _const(other) / self

    def __rpow__(self, other):
        return _const(other) ** self

    def __neg__(self):
        return _make(-self.data, (self,), (_negate,), "neg")

    def __matmul__(self, other):
        other = other if type(other) is Tensor else _const(other)
        return _matmul(self, other)

    def __rmatmul__(self, other):
        return _matmul(_const(other), self)

    # ---- shape -------------------------------------------------------------------
    @property
    def T(self):
        """Axes reversed (numpy's ``.T``)."""
        return self.transpose()

    def transpose(self, *axes):
        """Permute axes like ``ndarray.transpose``; no axes reverses them."""
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = tuple(axes[0])
        axes = axes or tuple(range(self.ndim - 1, -1, -1))
        inverse = tuple(np.argsort(axes))
        return _make(self.data.transpose(axes), (self,), (lambda g: g.transpose(inverse),),
                     "transpose")

    def swapaxes(self, axis1, axis2):
        """Exchange two axes (``ndarray.swapaxes``)."""
        axes = list(range(self.ndim))
        axes[axis1], axes[axis2] = axes[axis2], axes[axis1]
        return self.transpose(tuple(axes))

    def reshape(self, *shape):
        """Same data, new shape (accepts ``reshape(2, 3)`` or ``reshape((2, 3))``)."""
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        try:
            out = self.data.reshape(shape)
        except ValueError:
            raise ValueError(f"reshape: cannot reshape shape {self.shape} "
                             f"(size {self.size}) into {shape}") from None
        original = self.data.shape
        return _make(out, (self,), (lambda g: g.reshape(original),), "reshape")

    def __getitem__(self, index):
        """Basic indexing and slicing; integer-array indexing also works (``x[rows, cols]``)."""
        index = _plain_index(index)
        out = self.data[index]
        shape = self.data.shape
        return _make(np.asarray(out), (self,), (lambda g: _scatter(g, index, shape),), "[]")

    # ---- reductions ----------------------------------------------------------------
    def sum(self, axis=None, keepdims=False):
        """Sum over ``axis``; the gradient copies ``g`` back along the summed axes."""
        out = np.add.reduce(self.data, axis=axis, keepdims=keepdims)
        shape = self.data.shape
        kept = _kept_shape(shape, axis, keepdims)
        return _make(np.asarray(out), (self,), (lambda g: _expand(g, kept, shape),), "sum")

    def mean(self, axis=None, keepdims=False):
        """Mean over ``axis``: the sum's gradient divided by the count."""
        total = np.add.reduce(self.data, axis=axis, keepdims=keepdims)
        shape = self.data.shape
        scale = total.size / self.data.size if self.data.size else math.nan
        out = total * scale
        kept = _kept_shape(shape, axis, keepdims)
        return _make(np.asarray(out), (self,), (lambda g: _expand(g * scale, kept, shape),),
                     "mean")

    # ---- elementwise functions -----------------------------------------------------
    def exp(self):
        """e^x, with d/dx = e^x."""
        with np.errstate(over="ignore"):
            out = np.exp(self.data)
        a = self
        return _make(out, (a,), (lambda g: g * (out if type(g) is not Tensor else a.exp()),),
                     "exp")

    def log(self):
        """Natural log, with d/dx = 1/x; non-positive inputs give -inf/nan and a warning."""
        x = self.data
        if (x <= 0).any():
            warnings.warn("log: the input has zero or negative entries, so the result holds "
                          "-inf (log 0) or nan (log of a negative number); a probability "
                          "probably reached 0 — add a small epsilon or use log_softmax",
                          RuntimeWarning, stacklevel=2)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.log(x)
        a = self
        return _make(out, (a,), (lambda g: g / _like(g, a),), "log")

    def tanh(self):
        """tanh x, with d/dx = 1 - tanh^2 x."""
        out = np.tanh(self.data)
        a = self

        def vjp(g):
            t = out if type(g) is not Tensor else a.tanh()
            return g * (1.0 - t * t)

        return _make(out, (a,), (vjp,), "tanh")

    def sigmoid(self):
        """sigma(x) = 1/(1 + e^-x) (stable for large |x|), with d/dx = sigma (1 - sigma)."""
        x = self.data
        e = np.exp(-np.abs(x))
        out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        a = self

        def vjp(g):
            s = out if type(g) is not Tensor else a.sigmoid()
            return g * (s * (1.0 - s))

        return _make(out, (a,), (vjp,), "sigmoid")

    def sin(self):
        """sin x, with d/dx = cos x."""
        a = self
        return _make(np.sin(a.data), (a,),
                     (lambda g: g * (np.cos(a.data) if type(g) is not Tensor else a.cos()),),
                     "sin")

    def cos(self):
        """cos x, with d/dx = -sin x."""
        a = self
        return _make(np.cos(a.data), (a,),
                     (lambda g: g * (-np.sin(a.data) if type(g) is not Tensor else -a.sin()),),
                     "cos")

    def relu(self):
        """max(0, x), with d/dx = 1 where x > 0, else 0."""
        out = np.maximum(self.data, 0.0)
        return _make(out, (self,), (lambda g: g * (out > 0),), "relu")

    # ---- the backward pass -----------------------------------------------------------
    def topological_order(self):
        """Every grad-requiring node this one depends on, leaves first, ``self`` last."""
        interior = _interior_order(self)
        leaves = {}  # a dict keeps the order of first appearance, without repeats
        for node in interior:
            for parent in node.parents:
                if parent.requires_grad and not parent.parents:
                    leaves[parent] = None
        return [*leaves, *interior] if interior else [self]

    def backward(self, grad=None, create_graph=False):
        """Add d(self)/d(leaf) to ``.grad`` of every leaf below, by the chain rule.

        Parameters
        ----------
        grad : array_like, optional
            The upstream gradient dL/d(self), of ``self.shape``; required unless ``self``
            holds a single number (then it is 1).
        create_graph : bool, default False
            Record the backward pass as Tensor operations, so each ``.grad`` is a Tensor
            that can itself be differentiated (gradients of gradients).

        Leaves accumulate across calls; call ``zero_grad()`` (or set ``.grad = None``).
        """
        seed = _seed(self, grad, "backward")
        if create_graph:
            seed = Tensor(seed, requires_grad=False)
        given = set()  # one vjp may hand the same array to two leaves (a + b)
        for leaf, g in _backprop(self, seed).items():
            if leaf.grad is not None:
                leaf.grad = leaf.grad + g
            elif type(g) is Tensor or (g.base is None and id(g) not in given):
                leaf.grad = g
            else:
                leaf.grad = np.array(g)
            given.add(id(leaf.grad))


# ---- the engine ------------------------------------------------------------------------
def _make(data, parents, vjps, op):
    """An op's output; it tracks its parents only if one of them requires grad."""
    out = Tensor.__new__(Tensor)
    out.data = data
    out.grad = None
    out.op = op
    for p in parents:
        if p.requires_grad:
            out.requires_grad = True
            out.parents = parents
            out.vjps = vjps
            return out
    out.requires_grad = False
    out.parents = ()
    out.vjps = ()
    return out


def _backprop(root, seed):
    """d(root)/d(leaf) for every leaf below ``root``, as a dict; ``seed`` is d(root)/d(root).

    With an ndarray seed the gradients are ndarrays; with a Tensor seed they are Tensors
    built from recorded operations. An interior node's gradient is dropped as soon as it
    has been passed on to its parents.
    """
    if not root.requires_grad:
        raise ValueError("backward(): this Tensor does not depend on any Tensor with "
                         "requires_grad=True, so there is nothing to differentiate")
    grads = {root: seed}
    for node in reversed(_interior_order(root)):
        g = grads.pop(node)
        vjps = node.vjps
        for i, parent in enumerate(node.parents):  # enumerate: faster than zip here
            if parent.requires_grad:
                if parent in grads:
                    grads[parent] = grads[parent] + vjps[i](g)
                else:
                    grads[parent] = vjps[i](g)
    return grads  # every interior gradient has been popped: only the leaves' are left


def _interior_order(root):
    """The nodes below ``root`` that have parents, in topological order (``root`` last).

    Leaves are left out: they only receive gradients, so their place in the order does not
    matter. Iterative depth-first search, so deep graphs cannot hit the recursion limit.
    """
    order = []
    seen = set()
    stack = [root] if root.parents else []
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        if node is None:  # the marker below it: all of that node's parents are done
            order.append(pop())
        elif node not in seen:
            seen.add(node)
            push(node)
            push(None)
            for parent in node.parents:
                if parent.parents and parent.requires_grad and parent not in seen:
                    push(parent)
    return order


def _seed(root, grad, who):
    if grad is None:
        if root.data.size != 1:
            raise ValueError(f"{who}(): the Tensor has shape {root.shape}, not a single number; "
                             f"pass grad= (the upstream gradient, shape {root.shape}) or reduce "
                             "it first, e.g. .sum()")
        return np.array(1.0).reshape(root.data.shape)
    if isinstance(grad, bool):
        raise TypeError(f"{who}(grad): got {grad}, expected the upstream gradient (an array of "
                        f"shape {root.shape}); for gradients of gradients pass "
                        "create_graph=True by name")
    seed = np.array(grad.data if type(grad) is Tensor else _as_float_array(grad, f"{who}(grad)"))
    if seed.shape != root.shape:
        raise ValueError(f"{who}(grad): expected shape {root.shape} (the Tensor's), "
                         f"got {seed.shape}")
    return seed


# ---- helpers used by the vjps --------------------------------------------------------------
def _like(g, t):
    """``t`` as a Tensor when recording the backward pass (``g`` is a Tensor), else its data."""
    return t if type(g) is Tensor else t.data


def _negate(g):
    return -g


def _unbroadcast(g, shape):
    """Sum ``g`` down to ``shape``: the adjoint of numpy broadcasting."""
    if g.shape == shape:
        return g
    extra = g.ndim - len(shape)
    if extra and g.shape[extra:] == shape:
        lead = tuple(range(extra))
        return g.sum(axis=lead) if type(g) is Tensor else np.add.reduce(g, axis=lead)
    axes = tuple(range(extra)) + tuple(
        i + extra for i, n in enumerate(shape) if n == 1 and g.shape[i + extra] != 1)
    if axes:
        g = g.sum(axis=axes, keepdims=True)
    return g.reshape(shape)


def _expand(g, kept, shape):
    """Broadcast a reduced gradient back to the input's ``shape``."""
    if type(g) is Tensor:
        return g.reshape(kept) + np.zeros(shape)
    if g.ndim == 0:  # a full reduction: np.full is one call, empty + assign are two
        return np.full(shape, g)
    out = np.empty(shape)
    out[...] = g.reshape(kept)
    return out


def _kept_shape(shape, axis, keepdims):
    if axis is None:
        return (1,) * len(shape)
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    axes = {a % len(shape) for a in axes}
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def _scatter(g, index, shape):
    """Zeros of ``shape`` with ``g`` added at ``index``: the adjoint of ``x[index]``."""
    if type(g) is Tensor:
        return _make(_scatter(g.data, index, shape), (g,), (lambda h: h[index],), "scatter")
    out = np.zeros(shape)
    np.add.at(out, index, g)  # unlike out[index] = g, adds up repeated indices
    return out


def _plain_index(index):
    if type(index) is Tensor:
        return index.data.astype(np.intp) if index.data.dtype.kind == "f" else index.data
    if type(index) is tuple and Tensor in map(type, index):
        return tuple(_plain_index(i) for i in index)
    return index


def _matmul(a, b):
    """a @ b for 1-D, 2-D and batched operands (numpy's rules), with both vjps."""
    x, y = a.data, b.data
    try:
        out = x @ y
    except ValueError:
        raise _matmul_error(x.shape, y.shape) from None
    sa, sb = x.shape, y.shape
    if x.ndim == 2 and y.ndim == 2:  # the common case: no batch axes to sum over
        return _make(out, (a, b), (lambda g: g @ _like(g, b).T,
                                   lambda g: _like(g, a).T @ g), "@")
    if x.ndim >= 2 and y.ndim >= 2:
        return _make(out, (a, b), (
            lambda g: _unbroadcast(g @ _like(g, b).swapaxes(-1, -2), sa),
            lambda g: _unbroadcast(_like(g, a).swapaxes(-1, -2) @ g, sb)), "@")
    if x.ndim == 1 and y.ndim == 1:
        return _make(out, (a, b), (lambda g: g * _like(g, b), lambda g: g * _like(g, a)), "@")
    if x.ndim == 1:  # (k,) @ (..., k, m) -> (..., m)
        return _make(out, (a, b), (
            lambda g: _unbroadcast((_like(g, b) @ g.reshape(g.shape + (1,))).reshape(
                g.shape[:-1] + sa), sa),
            lambda g: _like(g, a).reshape(sa + (1,)) * g.reshape(
                g.shape[:-1] + (1,) + g.shape[-1:])), "@")
    # (..., n, k) @ (k,) -> (..., n)
    return _make(out, (a, b), (
        lambda g: g.reshape(g.shape + (1,)) * _like(g, b),
        lambda g: _unbroadcast((g.reshape(g.shape[:-1] + (1,) + g.shape[-1:]) @ _like(g, a))
                               .reshape(g.shape[:-1] + sb), sb)), "@")


def _matmul_error(sa, sb):
    """The ValueError for an ``a @ b`` that numpy refused, saying which axes disagree."""
    if not sa or not sb:
        return ValueError(f"@: operands must have at least one axis, got shapes {sa} and {sb}")
    inner = sb[-2] if len(sb) > 1 else sb[0]
    if sa[-1] != inner:
        return ValueError(f"@: shapes {sa} and {sb} do not match: the last axis of the left "
                          f"({sa[-1]}) must equal the "
                          f"{'second-to-last' if len(sb) > 1 else 'only'} axis of the right "
                          f"({inner})")
    return ValueError(f"@: batch axes of shapes {sa} and {sb} do not broadcast")


def _broadcasting(op, x, y, symbol):
    try:
        return op(x, y)
    except ValueError:
        raise ValueError(f"{symbol}: shapes {np.shape(x)} and {np.shape(y)} do not broadcast "
                         "(numpy aligns trailing axes; each pair must be equal or 1)") from None


def _safe_log(x):
    """log for the exponent's gradient of a ** b; nan where a <= 0, without warnings."""
    if type(x) is Tensor:
        return x.log()
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x)


def _exponent(n):
    if isinstance(n, bool) or not isinstance(n, (int, float, np.number)):
        if isinstance(n, np.ndarray) and n.dtype.kind in "iuf":
            return n.astype(np.float64)
        raise TypeError(f"Tensor ** exponent: expected a number, array or Tensor, "
                        f"got {type(n).__name__}")
    return float(n)


def _const(x):
    out = Tensor.__new__(Tensor)
    out.data = _as_float_array(x, "Tensor operand")
    out.grad = None
    out.requires_grad = False
    out.parents = ()
    out.vjps = ()
    out.op = ""
    return out


def _data(x):
    return x.data if type(x) is Tensor else x


def _as_float_array(data, who):
    if type(data) is Tensor:
        return data.data
    if type(data) is np.ndarray and data.dtype == np.float64:
        return data
    if type(data).__name__ in ("Value", "Dual"):
        raise TypeError(f"{who}: got a {type(data).__name__}; Tensors hold plain numbers "
                        "(use .data / .primal)")
    arr = np.asarray(data)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{who}: expected real numbers (float, int or bool), got an array of "
                        f"dtype {arr.dtype}")
    return arr.astype(np.float64)


# ---- module functions -------------------------------------------------------------------------
def _tensor(x, who):
    """``x`` as a Tensor (arrays become constants) for the module function ``who``."""
    if type(x) is Tensor:
        return x
    if type(x).__name__ == "Value":  # Value's own methods cover exp, log, tanh, sigmoid, relu
        raise TypeError(f"{who}(x): got a Value, but {who} works on Tensor and Dual only; "
                        "use Tensor([x.data]) or Dual(x.data, 1.0)")
    return Tensor(x, requires_grad=False)


def exp(x):
    """e^x elementwise; works on Tensor, Value and Dual (arrays become constant Tensors)."""
    return x.exp() if hasattr(x, "exp") else _tensor(x, "exp").exp()


def log(x):
    """Natural log elementwise; works on Tensor, Value and Dual."""
    return x.log() if hasattr(x, "log") else _tensor(x, "log").log()


def tanh(x):
    """tanh elementwise; works on Tensor, Value and Dual."""
    return x.tanh() if hasattr(x, "tanh") else _tensor(x, "tanh").tanh()


def sigmoid(x):
    """The logistic function 1/(1 + e^-x); works on Tensor, Value and Dual."""
    return x.sigmoid() if hasattr(x, "sigmoid") else _tensor(x, "sigmoid").sigmoid()


def relu(x):
    """max(0, x) elementwise; works on Tensor, Value and Dual."""
    return x.relu() if hasattr(x, "relu") else _tensor(x, "relu").relu()


def sin(x):
    """sin elementwise; works on Tensor and Dual (arrays become constant Tensors)."""
    return x.sin() if hasattr(x, "sin") else _tensor(x, "sin").sin()


def cos(x):
    """cos elementwise; works on Tensor and Dual (arrays become constant Tensors)."""
    return x.cos() if hasattr(x, "cos") else _tensor(x, "cos").cos()


def logsumexp(x, axis=-1, keepdims=False):
    """log sum_i e^{x_i} along ``axis``, computed as m + log sum e^{x_i - m} (m = max).

    d/dx_i = softmax(x)_i. Stable at logits of +-1000.
    """
    if hasattr(x, "logsumexp"):
        return x.logsumexp(axis=axis, keepdims=keepdims)
    x = _tensor(x, "logsumexp")
    z = x.data
    m = z.max(axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    kept = np.log(np.exp(z - m).sum(axis=axis, keepdims=True)) + m
    out = kept if keepdims else np.squeeze(kept, axis=axis)
    shape = z.shape
    kept_shape = kept.shape

    def vjp(g):
        s = np.exp(z - kept) if type(g) is not Tensor else softmax(x, axis=axis)
        return _expand(g, kept_shape, shape) * s

    return _make(out, (x,), (vjp,), "logsumexp")


def log_softmax(x, axis=-1):
    """x_i - logsumexp(x) along ``axis``; stable at logits of +-1000.

    Gradient: g - softmax(x) * sum(g) along ``axis``.
    """
    if hasattr(x, "log_softmax"):
        return x.log_softmax(axis=axis)
    x = _tensor(x, "log_softmax")
    shifted = x.data - np.maximum.reduce(x.data, axis=axis, keepdims=True)
    e = np.exp(shifted)
    total = np.add.reduce(e, axis=axis, keepdims=True)
    out = shifted - np.log(total)

    def vjp(g):
        if type(g) is Tensor:
            return g - softmax(x, axis=axis) * g.sum(axis=axis, keepdims=True)
        return g - np.exp(out) * np.add.reduce(g, axis=axis, keepdims=True)

    return _make(out, (x,), (vjp,), "log_softmax")


def softmax(x, axis=-1):
    """e^{x_i} / sum_j e^{x_j} along ``axis``; stable at logits of +-1000.

    Gradient: s * (g - sum(g * s)) along ``axis``.
    """
    if hasattr(x, "softmax"):
        return x.softmax(axis=axis)
    x = _tensor(x, "softmax")
    e = np.exp(x.data - x.data.max(axis=axis, keepdims=True))
    out = e / e.sum(axis=axis, keepdims=True)

    def vjp(g):
        s = out if type(g) is not Tensor else softmax(x, axis=axis)
        return s * (g - (g * s).sum(axis=axis, keepdims=True))

    return _make(out, (x,), (vjp,), "softmax")


def cross_entropy(logits, labels):
    """Mean softmax cross-entropy of ``(n, classes)`` logits against integer labels.

    L = -(1/n) sum_i log softmax(z_i)[y_i], fused into one node whose gradient is
    dL/dz = (softmax(z) - onehot(y)) / n — the same numbers as
    ``-log_softmax(z)[np.arange(n), y].mean()`` with fewer numpy calls. Stable at +-1000.
    """
    z = _tensor(logits, "cross_entropy")
    if z.ndim != 2:
        raise ValueError(f"cross_entropy(logits): expected shape (n, classes), got {z.shape}")
    y = _labels(labels, z.shape)
    n = z.shape[0]
    rows = np.arange(n)
    shifted = z.data - np.maximum.reduce(z.data, axis=1, keepdims=True)
    e = np.exp(shifted)
    total = np.add.reduce(e, axis=1, keepdims=True)
    try:
        picked = shifted[rows, y]
    except IndexError:  # a label >= classes (_labels refused negative ones): saves a max()
        raise _label_range_error(y, z.shape) from None
    out = np.asarray(np.add.reduce(np.log(total[:, 0]) - picked) / n)

    def vjp(g):
        if type(g) is Tensor:
            onehot = np.zeros(z.shape)
            onehot[rows, y] = 1.0
            return (softmax(z, axis=1) - onehot) * (g / n)
        d = e / total
        d[rows, y] -= 1.0
        d *= float(g) / n
        return d

    return _make(out, (z,), (vjp,), "cross_entropy")


def _labels(labels, shape):
    y = labels.data if type(labels) is Tensor else np.asarray(labels)
    if y.dtype.kind == "f" and np.all(y == np.round(y)):
        y = y.astype(np.intp)
    if y.dtype.kind not in "iu":
        raise TypeError("cross_entropy(labels): expected integer class labels, got dtype "
                        f"{y.dtype}")
    if y.shape != shape[:1]:
        raise ValueError(f"cross_entropy(labels): expected shape {shape[:1]} (one label per "
                         f"row of logits {shape}), got {y.shape}")
    if y.size and np.minimum.reduce(y) < 0:  # labels >= classes: cross_entropy's IndexError
        raise _label_range_error(y, shape)
    return y


def _label_range_error(y, shape):
    return ValueError(f"cross_entropy(labels): labels must lie in 0..{shape[1] - 1}, "
                      f"got {y.min()}..{y.max()}")
