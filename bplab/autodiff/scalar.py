"""Scalar reverse-mode autodiff: one :class:`Value` per number.

Each operation builds a new node and records, *during the forward pass*, the local
derivative of its output with respect to each input:

    z = f(x, y)      ->   z.parents = (x, y),   z.local_grads = (dz/dx, dz/dy)

``backward()`` then applies the chain rule once per edge, in reverse topological order,

    parent.grad += local_grad * node.grad,

so no operation carries its own backward code, and a drawing of the graph can label
every edge with its chain-rule factor.

Gradient semantics (the same as PyTorch): leaves *accumulate* — calling ``backward()``
twice doubles their ``.grad`` — while interior nodes hold the gradient of the latest
``backward()`` call. Call ``zero_grad()`` between steps.
"""

import math
import warnings

__all__ = ["Value"]

_EXP_MAX = 709.782712893384  # math.exp overflows just above this


class Value:
    """A scalar that remembers how it was computed.

    Parameters
    ----------
    data : float
        The number. Ints and numpy scalars are cast to ``float``.
    label : str, optional
        A name shown when the graph is drawn (settable later).

    Attributes
    ----------
    data, grad : float
        The value and d(root)/d(self) after ``root.backward()``.
    op : str
        The operation that produced this node (``""`` for a leaf).
    parents : tuple of Value
        The inputs of that operation.
    local_grads : tuple of float
        d(self)/d(parent) for each parent, evaluated in the forward pass.
    """

    __slots__ = ("data", "grad", "label", "op", "parents", "local_grads")

    def __init__(self, data, label=""):
        if isinstance(data, Value):
            raise TypeError("Value(data): data is already a Value; pass data.data for a copy")
        if isinstance(data, bool) or not hasattr(data, "__float__") or getattr(data, "ndim", 0):
            raise TypeError(f"Value(data): expected a real number, got {type(data).__name__}")
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self.op = ""
        self.parents = ()
        self.local_grads = ()

    def __repr__(self):
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.6g}, grad={self.grad:.6g})"

    # ---- binary operations -------------------------------------------------------
    def __add__(self, other):
        other = other if type(other) is Value else _lift(other, "+")
        return _node(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __sub__(self, other):
        other = other if type(other) is Value else _lift(other, "-")
        return _node(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __mul__(self, other):
        other = other if type(other) is Value else _lift(other, "*")
        return _node(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __truediv__(self, other):
        """a / b with d/da = 1/b and d/db = -a/b^2."""
        other = other if type(other) is Value else _lift(other, "/")
        b = other.data
        if b == 0.0:
            warnings.warn("Value division by zero: the result is inf or nan", RuntimeWarning,
                          stacklevel=2)
            out = math.copysign(math.inf, self.data) if self.data else math.nan
            return _node(out, (self, other), (math.inf, -math.inf), "/")
        return _node(self.data / b, (self, other), (1.0 / b, -self.data / (b * b)), "/")

    def __pow__(self, other):
        """a ** b with d/da = b a^(b-1) and, when b is a Value, d/db = a^b log a."""
        if type(other) is not Value:
            n = float(other) if type(other) in (int, float) else _lift(other, "**").data
            return _node(_power(self.data, n), (self,), (n * _power(self.data, n - 1.0),), "**")
        a, b = self.data, other.data
        out = _power(a, b)
        d_exponent = out * math.log(a) if a > 0.0 else (0.0 if a == 0.0 else math.nan)
        return _node(out, (self, other), (b * _power(a, b - 1.0), d_exponent), "**")

    def __radd__(self, other):
        return _lift(other, "+") + self

    def __rsub__(self, other):
        return _lift(other, "-") - self

    def __rmul__(self, other):
        return _lift(other, "*") * self

    def __rtruediv__(self, other):
        return _lift(other, "/") / self

    def __rpow__(self, other):
        return _lift(other, "**") ** self

    def __neg__(self):
        return _node(-self.data, (self,), (-1.0,), "neg")

    # ---- unary functions ---------------------------------------------------------
    def exp(self):
        """e^x, with d/dx = e^x."""
        out = math.exp(self.data) if self.data < _EXP_MAX else math.inf
        return _node(out, (self,), (out,), "exp")

    def log(self):
        """Natural log, with d/dx = 1/x (``-inf`` at 0 and ``nan`` below, with a warning)."""
        x = self.data
        return _node(_log(x, "log"), (self,), (1.0 / x if x else math.inf,), "log")

    def tanh(self):
        """tanh x, with d/dx = 1 - tanh^2 x."""
        t = math.tanh(self.data)
        return _node(t, (self,), (1.0 - t * t,), "tanh")

    def sigmoid(self):
        """sigma(x) = 1 / (1 + e^-x), with d/dx = sigma (1 - sigma); stable for large |x|."""
        x = self.data
        if x >= 0:
            s = 1.0 / (1.0 + math.exp(-x))
        else:
            e = math.exp(x) if x > -_EXP_MAX else 0.0
            s = e / (1.0 + e)
        return _node(s, (self,), (s * (1.0 - s),), "sigmoid")

    def relu(self):
        """max(0, x), with d/dx = 1 for x > 0 and 0 otherwise."""
        x = self.data
        return _node(x if x > 0.0 else 0.0, (self,), (1.0 if x > 0.0 else 0.0,), "relu")

    # ---- the backward pass -------------------------------------------------------
    def topological_order(self):
        """Every node this one depends on, leaves first and ``self`` last.

        Iterative depth-first search, so a chain of 10^6 nodes needs no recursion.
        """
        order = []
        seen = set()
        stack = [self]
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
                    if parent not in seen:
                        push(parent)
        return order

    def backward(self):
        """Fill ``.grad`` of every node below with d(self)/d(node).

        Seeds ``self.grad = 1`` and applies ``parent.grad += local * node.grad`` in reverse
        topological order. Leaves accumulate across calls (call ``zero_grad()`` to reset);
        interior nodes are reset first, so they show this call's gradient.
        """
        order = self.topological_order()
        for node in order:
            if node.parents:
                node.grad = 0.0
        self.grad = 1.0 if self.parents else self.grad + 1.0
        for node in reversed(order):
            parents = node.parents
            if len(parents) == 2:  # unrolled for speed: ops have one or two parents
                (a, b), (da, db) = parents, node.local_grads
                a.grad += da * node.grad
                b.grad += db * node.grad
            elif parents:
                parents[0].grad += node.local_grads[0] * node.grad

    def zero_grad(self):
        """Set ``.grad = 0`` on this node and every node it depends on."""
        for node in self.topological_order():
            node.grad = 0.0


def _node(data, parents, local_grads, op):
    """Build an interior node without the input checks of ``Value.__init__``."""
    out = Value.__new__(Value)
    out.data = data
    out.grad = 0.0
    out.label = ""
    out.op = op
    out.parents = parents
    out.local_grads = local_grads
    return out


def _lift(other, op):
    if isinstance(other, bool):
        raise TypeError(f"Value {op} operand: expected a number or Value, got bool")
    if isinstance(other, (int, float)) or (
        hasattr(other, "__float__") and getattr(other, "ndim", 0) == 0
    ):
        return Value(float(other))
    raise TypeError(f"Value {op} operand: expected a number or Value, got {type(other).__name__}")


def _power(a, b):
    try:
        out = a**b
    except ZeroDivisionError:
        return math.inf
    except OverflowError:
        return math.inf
    if isinstance(out, complex):
        warnings.warn(f"Value: {a:g} ** {b:g} is not a real number; the result is nan",
                      RuntimeWarning, stacklevel=3)
        return math.nan
    return out


def _log(x, op):
    if x > 0.0:
        return math.log(x)
    if x == 0.0:
        warnings.warn(f"Value {op}: log(0) = -inf; the input reached zero (check for "
                      "a vanishing probability or a missing epsilon)", RuntimeWarning,
                      stacklevel=3)
        return -math.inf
    warnings.warn(f"Value {op}: log of the negative number {x:g} is nan (log is defined "
                  "only for positive numbers)", RuntimeWarning, stacklevel=3)
    return math.nan
