"""A 2-2-1 network whose inputs and weights are sliders: forward values, backward gradients.

The network is the smallest one with a hidden layer,

.. math::
   z_j = \\sum_i x_i W_{ij}, \\quad h_j = \\phi(z_j), \\quad
   \\hat y = \\sum_j h_j v_j, \\quad L = (\\hat y - t)^2,

computed with :class:`bplab.autodiff.Value`, so every number on the figure comes from the
same engine as notebook 01's graphs. The left panel shows the forward pass (node colour
= value, edge colour = weight); the right one the backward pass (node colour =
:math:`\\partial L/\\partial` node, edge colour = :math:`\\partial L/\\partial w`), with the
local derivative :math:`\\phi'(z_j)` written under each hidden unit: when it is near 0 (a
saturated tanh or sigmoid, a ReLU below 0) the gradients of the weights feeding that unit
vanish, whatever the loss.
"""

import ipywidgets as widgets
import numpy as np
from matplotlib import colormaps
from matplotlib.colors import Normalize
from matplotlib.patches import Circle

from bplab.autodiff import Value
from bplab.viz.graph import backward_steps, draw_backward_stepper, graph_layout
from bplab.viz.palette import DIVERGING_CMAP, MUTED
from bplab.widgets.base import Explorer, format_number, new_figure

__all__ = [
    "ACTIVATIONS",
    "BackwardStepperExplorer",
    "ForwardBackwardExplorer",
    "TinyNetPass",
    "neuron",
    "tiny_net_pass",
]

ACTIVATIONS = ("tanh", "sigmoid", "relu")
WEIGHTS = ("w11", "w12", "w21", "w22", "v1", "v2")
"""``w{i}{j}`` joins input ``i`` to hidden unit ``j``; ``v{j}`` joins hidden unit ``j`` to ŷ."""

NODES = ("x1", "x2", "h1", "h2", "y", "L")
_XY = {"x1": (0.0, 1.0), "x2": (0.0, -1.0), "h1": (1.7, 1.0), "h2": (1.7, -1.0),
       "y": (3.4, 0.0), "L": (4.7, 0.0)}
_EDGES = {"w11": ("x1", "h1"), "w12": ("x1", "h2"), "w21": ("x2", "h1"), "w22": ("x2", "h2"),
          "v1": ("h1", "y"), "v2": ("h2", "y")}
_NAMES = {"x1": "x₁", "x2": "x₂", "h1": "h₁", "h2": "h₂", "y": "ŷ", "L": "L",
          "w11": "w₁₁", "w12": "w₁₂", "w21": "w₂₁", "w22": "w₂₂", "v1": "v₁", "v2": "v₂"}
_RADIUS = 0.36
_FORWARD_SCALE = 2.0


class TinyNetPass:
    """Every number of one forward and backward pass of the 2-2-1 network.

    Attributes
    ----------
    values : dict
        ``x1, x2, z1, z2, h1, h2, y, L`` and the weights, by name.
    grads : dict
        :math:`\\partial L / \\partial` each of those names.
    local : dict
        ``{"h1": phi'(z1), "h2": phi'(z2)}``, the hidden units' local derivatives.
    """

    def __init__(self, values, grads, local):
        self.values, self.grads, self.local = values, grads, local

    def __repr__(self):
        return f"TinyNetPass(L={self.values['L']:.4g})"


def tiny_net_pass(x, weights, target, activation="tanh"):
    """Run the 2-2-1 network forward and backward with :class:`~bplab.autodiff.Value`.

    Parameters
    ----------
    x : (float, float)
        The inputs ``x1, x2``.
    weights : dict
        ``w11, w12, w21, w22, v1, v2`` (see :data:`WEIGHTS`).
    target : float
        ``t`` in the loss :math:`L = (\\hat y - t)^2`.
    activation : str
        One of :data:`ACTIVATIONS`.

    Returns
    -------
    TinyNetPass
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")
    missing = sorted(set(WEIGHTS) - set(weights))
    if missing:
        raise ValueError(f"weights is missing {missing}; expected keys {WEIGHTS}")
    if len(x) != 2:
        raise ValueError(f"x must hold two inputs (x1, x2), got {len(x)}")
    leaves = {name: Value(weights[name], name) for name in WEIGHTS}
    leaves["x1"], leaves["x2"] = Value(x[0], "x1"), Value(x[1], "x2")
    nodes = dict(leaves)
    for j in ("1", "2"):
        z = leaves["x1"] * leaves[f"w1{j}"] + leaves["x2"] * leaves[f"w2{j}"]
        nodes[f"z{j}"] = z
        nodes[f"h{j}"] = getattr(z, activation)()
    nodes["y"] = nodes["h1"] * leaves["v1"] + nodes["h2"] * leaves["v2"]
    nodes["L"] = (nodes["y"] - float(target)) ** 2
    nodes["L"].backward()
    values = {name: node.data for name, node in nodes.items()}
    grads = {name: node.grad for name, node in nodes.items()}
    local = {f"h{j}": nodes[f"h{j}"].local_grads[0] for j in ("1", "2")}
    return TinyNetPass(values, grads, local)


def neuron(x1=2.0, x2=0.0, w1=-3.0, w2=1.0, b=6.8813735870195432):
    """One tanh neuron as a labelled Value graph: ``o = tanh(x1 w1 + x2 w2 + b)``.

    The default numbers are micrograd's (``b`` makes ``n = 0.8814``, so ``o = 0.7071``
    and ``do/dn = 1 - o^2 = 0.5``). Returns the output ``o``, not yet differentiated.
    """
    x1, x2 = Value(x1, "x1"), Value(x2, "x2")
    w1, w2, b = Value(w1, "w1"), Value(w2, "w2"), Value(b, "b")
    x1w1 = x1 * w1
    x1w1.label = "x1w1"
    x2w2 = x2 * w2
    x2w2.label = "x2w2"
    s = x1w1 + x2w2
    s.label = "x1w1+x2w2"
    n = s + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o


class BackwardStepperExplorer(Explorer):
    """Step through the backward pass of a Value graph, one node at a time.

    A slider (and a play button) picks the step of :func:`bplab.viz.draw_backward_stepper`:
    step 0 seeds the output's gradient with 1, each later step passes one node's gradient
    to its parents, ``parent.grad += local * node.grad``, in reverse topological order.

    Parameters
    ----------
    root : bplab.autodiff.Value, optional
        The output of the graph; default :func:`neuron`.
    step : int
        The step shown first.

    Attributes
    ----------
    stepper : bplab.viz.graph.BackwardStepper
        The drawing; ``stepper.caption`` is the text of the current step.
    play : ipywidgets.Play
        Advances the step slider in the browser (linked in the front end).
    """

    question = ("Before you move the slider one step, say which node passes its gradient "
                "next and predict the numbers its parents receive. Why is w2's gradient 0, "
                "and x1's equal to w1 times the gradient of x1w1?")

    def __init__(self, root=None, step=0):
        root = neuron() if root is None else root
        n_steps = len(backward_steps(root))
        if isinstance(step, bool) or not isinstance(step, int) or not 0 <= step < n_steps:
            raise ValueError(f"step must be an int in 0..{n_steps - 1}, got {step!r}")
        layout = graph_layout(root)
        fig = new_figure((min(9.0, max(7.0, 0.8 * layout.width)), max(3.2, layout.height + 1.2)))
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.92)
        self.stepper = draw_backward_stepper(root, k=step, ax=fig.add_subplot())
        controls = {"step": widgets.IntSlider(value=step, min=0, max=n_steps - 1,
                                              description="backward step",
                                              style={"description_width": "initial"})}
        super().__init__(controls, fig, self.question, columns=1)
        self.animate(*self.stepper.dynamic_artists())
        self.play = widgets.Play(value=step, min=0, max=n_steps - 1, interval=1500,
                                 description="play")
        widgets.jslink((self.play, "value"), (self.controls["step"], "value"))
        children = list(self.widget.children)
        children.insert(2, self.play)
        self.widget.children = children
        self.update()

    def draw(self):
        k = self.state["step"]
        self.stepper.show(k)
        grads = self.stepper.steps[k].grads
        leaves = [node for node in self.stepper.graph.layout.order if not node.parents]
        known = ", ".join(f"{self.stepper.name(v)} = {format_number(grads[v])}" for v in leaves)
        self.readout.value = (f"step {k} of {self.stepper.n_steps - 1} · gradients of the "
                              f"inputs so far: {known}")


def _slider(name, value, low=-3.0, high=3.0):
    return widgets.FloatSlider(value=value, min=low, max=high, step=0.1, description=name,
                               continuous_update=True, readout_format=".1f",
                               style={"description_width": "initial"},
                               layout=widgets.Layout(width="220px"))


class _Panel:
    """One drawing of the network: circles, node texts, edge lines and edge texts."""

    def __init__(self, ax, title):
        self.ax = ax
        self.nodes, self.node_text, self.lines, self.edge_text = {}, {}, {}, {}
        for edge, (a, b) in _EDGES.items():
            (xa, ya), (xb, yb) = _XY[a], _XY[b]
            (self.lines[edge],) = ax.plot([xa, xb], [ya, yb], color=MUTED, lw=2, zorder=1,
                                          solid_capstyle="round")
            t = 0.28 if edge in ("w12", "w21") else 0.5
            xm, ym = xa + t * (xb - xa), ya + t * (yb - ya)
            self.edge_text[edge] = ax.text(xm, ym, "", ha="center", va="center",
                                           fontsize=7.5, zorder=4,
                                           bbox={"fc": "white", "ec": "none", "alpha": 0.85,
                                                 "pad": 0.8})
        (xy_y, xy_l) = _XY["y"], _XY["L"]
        ax.plot([xy_y[0], xy_l[0]], [xy_y[1], xy_l[1]], color=MUTED, lw=1, ls=":", zorder=1)
        for node, xy in _XY.items():
            self.nodes[node] = Circle(xy, _RADIUS, fc="white", ec=MUTED, lw=1.2, zorder=2)
            ax.add_patch(self.nodes[node])
            self.node_text[node] = ax.text(*xy, "", ha="center", va="center", fontsize=7.5,
                                           zorder=3)
        self.below = {h: ax.text(_XY[h][0], _XY[h][1] - _RADIUS - 0.12, "", ha="center",
                                 va="top", fontsize=7.5, zorder=3) for h in ("h1", "h2")}
        ax.set_xlim(-0.6, 5.3)
        ax.set_ylim(-1.75, 1.6)
        ax.set_aspect("equal")
        ax.set_axis_off()
        self.title = ax.set_title(title, fontsize=10)

    def artists(self):
        """Every artist a new pass changes (all but the dotted ŷ–L line): the blitted ones."""
        return [*self.lines.values(), *self.nodes.values(), *self.node_text.values(),
                *self.edge_text.values(), *self.below.values(), self.title]


class ForwardBackwardExplorer(Explorer):
    """Move the inputs and weights of a 2-2-1 network; watch values and gradients change.

    Parameters
    ----------
    x : (float, float)
        Initial inputs.
    weights : dict, optional
        Initial weights (see :data:`WEIGHTS`); default a small fixed set.
    target : float
        Initial target ``t``.
    activation : str
        Initial hidden activation, one of :data:`ACTIVATIONS`.

    Attributes
    ----------
    result : TinyNetPass
        The numbers on display.
    forward, backward : _Panel
        The two drawings; ``.node_text[name]``, ``.edge_text[weight]``, ``.nodes[name]``
        (circles) and ``.lines[weight]`` are the artists updated in place.

    Notes
    -----
    Every artist a pass changes is registered with :meth:`~Explorer.animate`, so a slider
    move is blitted: the kernel paints the frame and sends it. With nothing animated the
    explorer only called ``draw_idle``, which under ipympl merely asks the browser to request
    a redraw; when that request is lost (ipympl drops it while it still awaits a frame) the
    readout updated and the picture stayed.
    """

    question = ("Drive hidden unit h₁ into saturation (tanh: push x₁ and w₁₁ to 3). What "
                "happens to ∂L/∂w₁₁ and ∂L/∂w₂₁, and why? Then pick relu and find inputs "
                "for which one hidden unit passes no gradient at all.")

    def __init__(self, x=(1.0, -0.5), weights=None, target=0.5, activation="tanh"):
        weights = dict(weights or {"w11": 0.8, "w12": -0.4, "w21": 0.3, "w22": 0.9,
                                   "v1": 1.2, "v2": -0.7})
        controls = {"x1": _slider("x₁", x[0]), "x2": _slider("x₂", x[1])}
        controls.update({w: _slider(_NAMES[w], weights[w]) for w in WEIGHTS})
        controls["target"] = _slider("target t", target, -2.0, 2.0)
        controls["activation"] = widgets.Dropdown(options=ACTIVATIONS, value=activation,
                                                  description="φ",
                                                  layout=widgets.Layout(width="220px"))
        fig = new_figure((9.0, 3.3))
        ax_f, ax_b = fig.subplots(1, 2)
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.88, wspace=0.04)
        self.forward = _Panel(ax_f, "Forward pass: values")
        self.backward = _Panel(ax_b, "Backward pass: gradients ∂L/∂·")
        self.cmap = colormaps[DIVERGING_CMAP]
        self.result = None
        super().__init__(controls, fig, self.question, columns=4)
        self.animate(*self.forward.artists(), *self.backward.artists())
        self.update()

    def draw(self):
        s = self.state
        weights = {w: s[w] for w in WEIGHTS}
        r = tiny_net_pass((s["x1"], s["x2"]), weights, s["target"], s["activation"])
        self.result = r
        self._draw_forward(r)
        self._draw_backward(r, s["activation"])
        biggest = max(WEIGHTS, key=lambda w: abs(r.grads[w]))
        self.readout.value = (
            f"L = (ŷ − t)² = ({format_number(r.values['y'])} − {format_number(s['target'])})² "
            f"= <b>{format_number(r.values['L'])}</b> &nbsp;·&nbsp; steepest weight: "
            f"∂L/∂{_NAMES[biggest]} = {format_number(r.grads[biggest])} &nbsp;·&nbsp; "
            f"φ′(z₁) = {format_number(r.local['h1'])}, φ′(z₂) = {format_number(r.local['h2'])}")

    def _draw_forward(self, r):
        p, norm = self.forward, Normalize(-_FORWARD_SCALE, _FORWARD_SCALE)
        for node in NODES:
            value = r.values[node]
            _fill(p, node, self.cmap(norm(np.clip(value, -2, 2))))
            p.node_text[node].set_text(f"{_NAMES[node]}\n{_f2(value)}")
        for edge in WEIGHTS:
            w = r.values[edge]
            p.lines[edge].set_color(self.cmap(norm(np.clip(w, -2, 2))))
            p.lines[edge].set_linewidth(0.8 + 1.6 * min(abs(w), 3.0))
            p.edge_text[edge].set_text(f"{_NAMES[edge]}={_f2(w)}")
        for h in ("h1", "h2"):
            p.below[h].set_text(f"z={_f2(r.values['z' + h[1]])}")
        p.title.set_text(f"Forward pass: values (colour ±{_FORWARD_SCALE:g}),  "
                         f"L = {r.values['L']:.3g}")

    def _draw_backward(self, r, activation):
        p = self.backward
        scale = max(abs(r.grads[name]) for name in NODES + WEIGHTS if name != "L")
        norm = Normalize(-scale, scale) if scale > 0 else Normalize(-1.0, 1.0)
        for node in NODES:
            g = r.grads[node]
            _fill(p, node, self.cmap(norm(g)))
            p.node_text[node].set_text(f"{_NAMES[node]}\n{_f2(g)}")
        for edge in WEIGHTS:
            g = r.grads[edge]
            p.lines[edge].set_color(self.cmap(norm(g)))
            p.lines[edge].set_linewidth(0.8 + 4.0 * (abs(g) / scale if scale > 0 else 0.0))
            p.edge_text[edge].set_text(f"∂{_NAMES[edge]}={_f2(g)}")
        for h in ("h1", "h2"):
            p.below[h].set_text(f"{activation}′(z)={_f2(r.local[h])}")
        if scale == 0:
            p.title.set_text("Backward pass: every gradient is 0 (ŷ = t, nothing to learn)")
        else:
            p.title.set_text(f"Backward pass: gradients ∂L/∂· (colour ±{scale:.2g})")


def _fill(panel, node, rgba):
    """Colour a node, with white text on a dark fill so the numbers stay legible."""
    panel.nodes[node].set_facecolor(rgba)
    r, g, b = rgba[:3]
    panel.node_text[node].set_color("white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5
                                    else "black")


def _f2(x):
    """Two decimals, without the "-0.00" of a tiny negative number."""
    text = f"{x:.2f}"
    return "0.00" if text == "-0.00" else text
