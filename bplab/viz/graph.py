"""Draw a scalar computational graph, and step through its backward pass.

Layout without graphviz. Inputs are on the left and the output on the right. A value's
column is its depth, ``depth(v) = 1 + max(depth(p) for p in v.parents)`` (leaves 0), except
that a leaf is pulled right to sit just before its first use, so weights and constants
do not all pile up in column 0. Each interior value gets a small operation node just to
its left, as in micrograd's ``draw_dot``: ``parents -> (op) -> value``. Rows are placed
from the output backwards: each node goes to the mean height of the nodes that use it.

The backward stepper replays ``Value.backward`` one node at a time,

    step 0:  root.grad = 1
    step k:  for each parent p of node k (reverse topological order):
                 p.grad += local * node.grad,

highlighting the node (vermillion), the parents that receive gradient (blue), the edges
between them, and the products with their numbers. Unlabelled nodes are called ``v{i}``
after their topological index, in the boxes and in the captions.
It visits nodes in reverse :func:`topological_order` (operand order, so the picture
reads top to bottom; any reverse topological order gives the same gradients) and
computes its own gradients from ``local_grads``, so the graph's ``.grad`` fields are
left untouched.
"""

from dataclasses import dataclass, field

import numpy as np

from bplab.viz.drawing import Drawing, new_axes
from bplab.viz.palette import HIGHLIGHT, MUTED, OKABE_ITO, OP_NODE, VALUE_NODE

MAX_NODES = 150
"""Graphs with more values than this are refused: they cannot be read when drawn."""

RECEIVER = OKABE_ITO["blue"]
"""Edge colour of the parents that receive gradient in the current backward step."""

_OP_SYMBOLS = {"*": "×", "-": "−", "/": "÷", "**": "pow", "neg": "−x"}
_X_VALUE = 2.6
_X_OP = 1.0
_MAX_WIDTH = 18.0


def _check_root(root):
    for name in ("data", "grad", "parents", "local_grads", "op", "label"):
        if not hasattr(root, name):
            raise TypeError(f"root must be a bplab.autodiff.Value, got {type(root).__name__}")


def op_symbol(op):
    """How an operation is written in its node: ``"*"`` -> ``"×"``, ``"**2"`` -> ``"^2"``."""
    if op.startswith("**") and len(op) > 2:
        return "^" + op[2:]
    return _OP_SYMBOLS.get(op, op)


def node_symbol(node):
    """The op symbol of ``node``; a power by a constant shows its exponent (``"^2"``).

    ``Value`` records ``x ** n`` with op ``"**"`` and one parent; the exponent is read back
    from the forward pass: ``n = (d out/dx) * x / out``, since ``d out/dx = n x^(n-1)``.
    """
    if node.op == "**" and len(node.parents) == 1:
        x, out, local = node.parents[0].data, node.data, node.local_grads[0]
        if x != 0 and out != 0 and np.isfinite(out) and np.isfinite(local):
            return f"^{local * x / out:.4g}"
    return op_symbol(node.op)


def _fmt(x):
    return f"{x:.4g}"


def node_name(node, index):
    """A node's label, or ``"v{index}"`` when it has none (used in captions)."""
    return node.label or f"v{index}"


def topological_order(root):
    """Every node ``root`` depends on, each after all of its parents, ``root`` last.

    Iterative depth-first search (no recursion limit) that expands each node once and
    visits parents in operand order, so the first operand's branch comes first: the
    graph reads top to bottom, and the backward stepper ends on the first operand.
    """
    order, expanded, stack = [], set(), [(root, False)]
    while stack:
        node, finished = stack.pop()
        if finished:
            order.append(node)
        elif node not in expanded:
            expanded.add(node)
            stack.append((node, True))
            stack.extend((p, False) for p in reversed(node.parents) if p not in expanded)
    return order


def _columns(order):
    """Column of every node: depth from the leaves, leaves pulled next to their first use."""
    column = {}
    for node in order:
        column[node] = 1 + max((column[p] for p in node.parents), default=-1)
    users = {node: [] for node in order}
    for node in order:
        for p in node.parents:
            users[p].append(node)
    for node in order:
        if not node.parents and users[node]:
            column[node] = min(column[u] for u in users[node]) - 1
    return column, users


def _rows(order, column, users):
    """Height of every node: near its users, operands in order, spread one unit apart."""
    row = {order[-1]: 0.0}
    for c in range(column[order[-1]] - 1, -1, -1):
        members = [n for n in order if column[n] == c]
        keys, wanted = [], []
        for node in members:
            homes, offsets, slots = [], [], []
            for u in users[node]:
                if u in row:
                    k = len(u.parents)
                    i = next(j for j, p in enumerate(u.parents) if p is node)
                    homes.append(row[u])
                    offsets.append(((k - 1) / 2.0 - i) * 1.0)
                    slots.append(i)
            home = np.mean(homes) if homes else 0.0
            keys.append((-home, np.mean(slots) if slots else 0.0))
            wanted.append(home + (np.mean(offsets) if offsets else 0.0))
        by_key = sorted(range(len(members)), key=lambda j: keys[j])
        placed = []
        for j in by_key:
            placed.append(wanted[j] if not placed else min(wanted[j], placed[-1] - 1.0))
        shift = np.mean([wanted[j] for j in by_key]) - np.mean(placed)
        for j, y in zip(by_key, placed, strict=True):
            row[members[j]] = y + shift
    return row


@dataclass
class GraphLayout:
    """Where each node goes: ``order`` (topological), ``xy`` of its box, ``op_xy`` of its op."""

    order: list
    xy: dict
    op_xy: dict

    @property
    def width(self):
        return max(x for x, _ in self.xy.values()) + 1.0

    @property
    def height(self):
        ys = [y for _, y in self.xy.values()]
        return max(ys) - min(ys) + 1.0


def graph_layout(root):
    """Compute the layered layout of every node ``root`` depends on (see module docstring)."""
    _check_root(root)
    order = topological_order(root)
    if len(order) > MAX_NODES:
        raise ValueError(f"root's graph has {len(order)} nodes; drawing is limited to "
                         f"{MAX_NODES} (draw a smaller expression, e.g. one neuron)")
    column, users = _columns(order)
    row = _rows(order, column, users)
    xy = {n: (column[n] * _X_VALUE, row[n]) for n in order}
    op_xy = {n: (column[n] * _X_VALUE - _X_OP, row[n]) for n in order if n.parents}
    return GraphLayout(order=order, xy=xy, op_xy=op_xy)


@dataclass(eq=False, repr=False)
class GraphDrawing(Drawing):
    """A drawn Value graph.

    Attributes
    ----------
    layout : GraphLayout
    boxes : dict of Value -> Text
        One box per value: its label, ``data`` and ``grad``.
    ops : dict of Value -> Text
        One operation node per interior value.
    edges : list of (Value, Value, Annotation)
        ``(parent, node, arrow)`` for each input edge into an op node, then one
        ``(node, node, arrow)`` from each op node to its value.
    locals : dict of (Value, int) -> Text
        Local derivative written on input edge ``i`` of ``node`` (when drawn).
    """

    layout: GraphLayout = None
    boxes: dict = field(default_factory=dict)
    ops: dict = field(default_factory=dict)
    edges: list = field(default_factory=list)
    locals: dict = field(default_factory=dict)
    show_grad: bool = True

    def __post_init__(self):
        self._index = {node: i for i, node in enumerate(self.layout.order)}

    def name(self, node):
        """``node``'s label, or ``"v{i}"`` with ``i`` its topological index."""
        return node_name(node, self._index[node])

    def box_text(self, node, grad=None):
        """The three-line text of ``node``'s box (``grad`` overrides ``node.grad``)."""
        lines = [self.name(node)]
        lines.append(f"data {_fmt(node.data)}")
        if self.show_grad:
            lines.append(f"grad {_fmt(node.grad if grad is None else grad)}")
        return "\n".join(lines)

    def update(self, grads=None):
        """Rewrite every box from the nodes' current ``data`` and ``grad`` (or ``grads``)."""
        grads = grads or {}
        for node, text in self.boxes.items():
            text.set_text(self.box_text(node, grads.get(node)))

    def dynamic_artists(self):
        return [*self.boxes.values(), *(arrow for _, _, arrow in self.edges)]

    def _summary(self):
        return f"{len(self.boxes)} values, {len(self.ops)} operations"


def _box(ax, xy, text, fill):
    return ax.text(*xy, text, ha="center", va="center", fontsize=8.5, family="DejaVu Sans Mono",
                   zorder=3, bbox={"boxstyle": "round,pad=0.4", "fc": fill, "ec": MUTED,
                                   "lw": 1.0})


def _op_node(ax, xy, node):
    symbol = node_symbol(node)
    style = "circle,pad=0.25" if len(symbol) <= 2 else "round,pad=0.3"
    return ax.text(*xy, symbol, ha="center", va="center", fontsize=10, zorder=3,
                   bbox={"boxstyle": style, "fc": OP_NODE, "ec": MUTED, "lw": 1.0})


def _arrow(ax, source, target):
    return ax.annotate("", xy=(0.0, 0.5), xycoords=target, xytext=(1.0, 0.5),
                       textcoords=source, zorder=2,
                       arrowprops={"arrowstyle": "-|>", "color": MUTED, "lw": 1.0,
                                   "shrinkA": 1, "shrinkB": 1, "mutation_scale": 10})


def draw_graph(root, ax=None, show_grad=True, show_local=False,
               title="Computational graph: data from the forward pass, grad from backward"):
    """Draw every value ``root`` depends on as a box (label, data, grad) with its op node.

    Parameters
    ----------
    root : bplab.autodiff.Value
        The output; usually the loss after ``root.backward()``.
    ax : Axes or None
        Where to draw; default a new figure sized to the graph.
    show_grad : bool
        Write each node's ``.grad`` (turn off to show a forward pass only).
    show_local : bool
        Write the local derivative ``d node / d parent`` on each input edge.

    Returns
    -------
    GraphDrawing
    """
    layout = graph_layout(root)
    if ax is None:
        size = (min(_MAX_WIDTH, max(4.0, 1.1 * layout.width)), max(2.2, layout.height + 0.8))
        ax = new_axes(None, figsize=size)
    ax = new_axes(ax)
    drawing = GraphDrawing(ax=ax, layout=layout, show_grad=show_grad)
    for node in layout.order:
        drawing.boxes[node] = _box(ax, layout.xy[node], drawing.box_text(node), VALUE_NODE)
        if node.parents:
            drawing.ops[node] = _op_node(ax, layout.op_xy[node], node)
    for node in layout.order:
        if not node.parents:
            continue
        for i, (parent, local) in enumerate(zip(node.parents, node.local_grads, strict=True)):
            drawing.edges.append((parent, node, _arrow(ax, drawing.boxes[parent],
                                                       drawing.ops[node])))
            if show_local:
                drawing.locals[(node, i)] = _local_label(ax, layout, parent, node, local)
        drawing.edges.append((node, node, _arrow(ax, drawing.ops[node], drawing.boxes[node])))
    _frame(ax, layout)
    ax.set_title(title, fontsize=10)
    return drawing


def _local_label(ax, layout, parent, node, local):
    (x0, y0), (x1, y1) = layout.xy[parent], layout.op_xy[node]
    return ax.text(0.35 * x0 + 0.65 * x1, 0.35 * y0 + 0.65 * y1 + 0.12, _fmt(local),
                   fontsize=7.5, color=OKABE_ITO["blue"], ha="center", va="bottom", zorder=4)


def _frame(ax, layout, bottom_margin=0.0):
    xs = [x for x, _ in layout.xy.values()]
    ys = [y for _, y in layout.xy.values()]
    ax.set_xlim(min(xs) - 0.9, max(xs) + 0.9)
    ax.set_ylim(min(ys) - 0.7 - bottom_margin, max(ys) + 0.7)
    ax.set_axis_off()


@dataclass(frozen=True)
class BackwardStep:
    """One step of the backward pass.

    ``node`` is the value whose gradient is being passed on (None for step 0, the seed),
    ``grad`` its gradient, and ``terms`` one ``(parent, local, product, before, after)`` per
    input edge: ``after = before + product`` and ``product = local * grad``.
    """

    node: object
    grad: float
    terms: tuple
    grads: dict


def backward_steps(root):
    """Replay the backward pass from ``root``: a list of :class:`BackwardStep`.

    Step 0 seeds ``root.grad = 1``; each later step is one interior node in reverse
    topological order. ``steps[k].grads`` holds every gradient after step ``k``; the last
    one is d root / d node for every node (what ``root.backward()`` computes on freshly
    zeroed leaves).
    """
    _check_root(root)
    order = topological_order(root)
    grads = {node: 0.0 for node in order}
    grads[root] = 1.0
    steps = [BackwardStep(node=root, grad=1.0, terms=(), grads=dict(grads))]
    for node in reversed(order):
        if not node.parents:
            continue
        g = grads[node]
        terms = []
        for parent, local in zip(node.parents, node.local_grads, strict=True):
            before = grads[parent]
            grads[parent] = before + local * g
            terms.append((parent, local, local * g, before, grads[parent]))
        steps.append(BackwardStep(node=node, grad=g, terms=tuple(terms), grads=dict(grads)))
    return steps


@dataclass(eq=False, repr=False)
class BackwardStepper(Drawing):
    """A graph drawing that shows one step of the backward pass at a time.

    Make one with :func:`draw_backward_stepper`, then call ``show(k)`` for
    ``k = 0 .. n_steps - 1``; only texts and colours change.

    Attributes
    ----------
    graph : GraphDrawing
    steps : list of BackwardStep
    caption : Text
        The chain-rule products of the current step, with numbers.
    step : int
        The step on display.
    """

    graph: GraphDrawing = None
    steps: list = field(default_factory=list)
    caption: object = None
    step: int = 0

    @property
    def n_steps(self):
        return len(self.steps)

    def name(self, node):
        return self.graph.name(node)

    def caption_text(self, k):
        """What step ``k`` does, in words and numbers."""
        step = self.steps[k]
        head = f"step {k} of {self.n_steps - 1}: "
        if k == 0:
            return head + f"seed {self.name(step.node)}.grad = 1 (d out / d out)"
        node = step.node
        symbol = node_symbol(node)
        parents = f" {symbol} ".join(self.name(p) for p in node.parents)
        if symbol.startswith("^"):
            parents = f"{parents}{symbol}"
        elif node.op == "neg":
            parents = f"−{parents}"
        elif len(node.parents) == 1:
            parents = f"{symbol}({parents})"
        lines = [head + f"{self.name(node)} = {parents},  {self.name(node)}.grad = "
                 f"{_fmt(step.grad)}"]
        for parent, local, product, before, after in step.terms:
            lines.append(f"  {self.name(parent)}.grad += {_fmt(local)} × {_fmt(step.grad)}"
                         f" = {_fmt(product)}   ({_fmt(before)} → {_fmt(after)})")
        return "\n".join(lines)

    def show(self, k):
        """Display step ``k``: gradients so far, the active node and edges, the caption."""
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
            raise TypeError(f"k must be an int step index, got {type(k).__name__}")
        if not 0 <= k < self.n_steps:
            raise ValueError(f"k must be in 0..{self.n_steps - 1}, got {k}")
        self.step = int(k)
        step = self.steps[k]
        self.graph.update(step.grads)
        for node, box in self.graph.boxes.items():
            active = node is step.node
            target = any(t[0] is node for t in step.terms)
            patch = box.get_bbox_patch()
            patch.set_edgecolor(HIGHLIGHT if active else (RECEIVER if target else MUTED))
            patch.set_linewidth(2.5 if active or target else 1.0)
        for _parent, node, arrow in self.graph.edges:
            hot = node is step.node and k > 0
            arrow.arrow_patch.set_color(HIGHLIGHT if hot else MUTED)
            arrow.arrow_patch.set_linewidth(2.0 if hot else 1.0)
        self.caption.set_text(self.caption_text(k))
        return self

    def dynamic_artists(self):
        return [*self.graph.dynamic_artists(), self.caption]

    def _summary(self):
        return f"step {self.step} of {self.n_steps - 1}"


def draw_backward_stepper(root, k=0, ax=None,
                          title="Backward pass, one node at a time (reverse topological order)"):
    """Draw ``root``'s graph with a caption, and show backward step ``k``.

    Returns
    -------
    BackwardStepper
        Call ``.show(k)`` to move to another step in place.
    """
    steps = backward_steps(root)
    if ax is None:
        layout = graph_layout(root)
        size = (min(_MAX_WIDTH, max(6.0, 1.1 * layout.width)), max(3.0, layout.height + 1.4))
        ax = new_axes(None, figsize=size)
    graph = draw_graph(root, ax=ax, title=title)
    lines = 1 + max(len(n.parents) for n in graph.layout.order)
    _frame(ax, graph.layout, bottom_margin=0.18 * lines + 0.1)
    caption = ax.text(0.0, 0.0, "", transform=ax.transAxes, ha="left", va="bottom",
                      fontsize=9.5, family="DejaVu Sans Mono", color="black")
    stepper = BackwardStepper(ax=graph.ax, graph=graph, steps=steps, caption=caption)
    return stepper.show(k)
