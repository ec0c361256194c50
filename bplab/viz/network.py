"""Layered diagrams of a multilayer perceptron, coloured by what flowed through it.

A ``bplab.nn.Sequential`` of ``Linear`` layers and element-wise layers (``ReLU``,
``Tanh``, ``Sigmoid``, ``Dropout``) is drawn as columns of neurons: the input, then the
output of every ``Linear`` after the element-wise layers that follow it. Edges are the
weights ``W[i, j]`` from neuron ``i`` to neuron ``j``.

- ``show="activations"`` (forward pass): neuron colour is its value ``a`` on one sample;
  edge colour and width are the weight ``W``.
- ``show="gradients"`` (backward pass): neuron colour is ``dL/da``, the gradient arriving
  at its output (for the chosen sample); edge colour and width are ``dL/dW`` (summed over
  the batch, the number the optimizer uses).

Colours are the diverging palette: blue negative, white zero, red positive. Neurons share
one scale (the colour bar); each layer's edges are scaled by their own largest magnitude.
The values come from the model's last ``forward`` / ``backward`` (``Sequential`` keeps
``input``, ``activations``, ``activation_grads`` and ``input_grad`` for this), so drawing
never runs the network itself.
"""

from dataclasses import dataclass, field

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize

from bplab.viz.drawing import Drawing, new_axes
from bplab.viz.palette import DIVERGING_CMAP, MUTED

_SHOWS = ("activations", "gradients", None)


@dataclass
class NetworkColumns:
    """How a Sequential maps onto columns of neurons.

    ``sizes[c]`` neurons in column ``c``; ``names[c]`` its caption; ``layer_index[c]`` the
    index in ``model.layers`` whose output column ``c`` shows (``-1``: the input itself);
    ``linears[c]`` the Linear layer between column ``c`` and ``c + 1``.
    """

    sizes: list
    names: list
    layer_index: list
    linears: list


def network_columns(model):
    """Split ``model.layers`` into neuron columns (see :class:`NetworkColumns`)."""
    layers = getattr(model, "layers", None)
    if layers is None:
        raise TypeError(f"model must be a bplab.nn.Sequential, got {type(model).__name__}")
    linears = [layer for layer in layers if "W" in getattr(layer, "params", {})]
    if not linears:
        raise ValueError("model must contain at least one Linear layer to draw")
    sizes, names, index, kept = [linears[0].params["W"].shape[0]], ["input"], [-1], []
    hidden = 0
    for i, layer in enumerate(layers):
        if "W" in layer.params:
            W = layer.params["W"]
            if W.ndim != 2 or W.shape[0] != sizes[-1]:
                raise ValueError(f"layer {i} ({type(layer).__name__}) does not chain: expected "
                                 f"a weight of shape ({sizes[-1]}, n), got {W.shape}")
            hidden += 1
            sizes.append(W.shape[1])
            names.append(f"hidden {hidden}")
            index.append(i)
            kept.append(layer)
        elif layer.params:
            raise TypeError(f"layer {i} ({type(layer).__name__}) is neither Linear nor "
                            "element-wise; only MLPs can be drawn")
        else:
            index[-1] = i
            names[-1] += f" → {type(layer).__name__}"
    names[-1] = "output" + names[-1][len(f"hidden {hidden}"):]
    return NetworkColumns(sizes=sizes, names=names, layer_index=index, linears=kept)


def _sample(array, sample, what):
    a = np.asarray(array, dtype=np.float64)
    if a.ndim == 1:
        return a
    if a.ndim != 2:
        raise ValueError(f"{what} must be (batch, features) to draw, got shape {a.shape}")
    if not 0 <= sample < a.shape[0]:
        raise ValueError(f"sample must be in 0..{a.shape[0] - 1}, got {sample}")
    return a[sample]


def column_values(model, columns, show, sample=0):
    """Per-column neuron values and per-layer edge values for ``show``, from the last pass."""
    if show == "activations":
        if model.activations is None:
            raise ValueError("model has no activations yet: run model.forward(x) before "
                             "drawing its forward pass")
        outs = [model.input] + list(model.activations)
        weights = [layer.params["W"] for layer in columns.linears]
    else:
        if model.activation_grads is None:
            raise ValueError("model has no gradients yet: run model.backward(loss.backward()) "
                             "before drawing its backward pass")
        outs = [model.input_grad] + list(model.activation_grads)
        weights = [layer.grads["W"] for layer in columns.linears]
    neurons = [_sample(outs[i + 1], sample, show) for i in columns.layer_index]
    return neurons, [np.asarray(w, dtype=np.float64) for w in weights]


@dataclass(eq=False, repr=False)
class NetworkDrawing(Drawing):
    """A drawn MLP.

    Attributes
    ----------
    columns : NetworkColumns
    neurons : list of PathCollection
        One scatter per column; ``neurons[c].get_array()`` holds the values drawn.
    edges : list of LineCollection
        One per Linear layer; ``edges[l].get_array()`` holds the weights (or gradients).
    texts : list of list of Text
        The value written in each neuron (empty lists when columns are too tall).
    norm : Normalize
        The shared neuron colour scale, symmetric about zero.
    shown : list of int
        Neurons drawn per column (at most ``max_neurons``).
    """

    columns: NetworkColumns = None
    neurons: list = field(default_factory=list)
    edges: list = field(default_factory=list)
    texts: list = field(default_factory=list)
    norm: object = None
    shown: list = field(default_factory=list)
    show: str = None
    model: object = None
    sample: int = 0
    colorbar: object = None
    scale_note: object = None

    def set_values(self, neurons, weights):
        """Colour the neurons by ``neurons[c]`` and the edges by ``weights[l]`` in place."""
        if len(neurons) != len(self.neurons) or len(weights) != len(self.edges):
            raise ValueError(f"expected {len(self.neurons)} neuron columns and "
                             f"{len(self.edges)} weight matrices, got {len(neurons)} and "
                             f"{len(weights)}")
        shown = [np.asarray(v, dtype=np.float64)[:k] for v, k in zip(neurons, self.shown,
                                                                      strict=True)]
        top = max((np.nanmax(np.abs(v)) for v in shown if v.size), default=1.0)
        top = top if np.isfinite(top) and top > 0 else 1.0
        self.norm.vmin, self.norm.vmax = -top, top
        exponent = int(np.floor(np.log10(top))) if (top < 0.1 or top >= 100) else 0
        for col, v, texts in zip(self.neurons, shown, self.texts, strict=True):
            col.set_array(v)
            for t, x in zip(texts, v, strict=False):
                t.set_text(f"{x / 10.0**exponent:.2f}".replace("-0.00", "0.00"))
                t.set_color("white" if abs(x) > 0.6 * top else "black")
        if self.scale_note is not None:
            self.scale_note.set_text(f"numbers in neurons are × 1e{exponent:+03d}"
                                     if exponent and any(self.texts) else "")
        pairs = list(zip(self.shown[:-1], self.shown[1:], strict=True))
        for lc, W, (a, b) in zip(self.edges, weights, pairs, strict=True):
            w = np.asarray(W, dtype=np.float64)[:a, :b].ravel()
            big = np.nanmax(np.abs(w)) if w.size else 0.0
            big = big if np.isfinite(big) and big > 0 else 1.0
            lc.set_array(w)
            lc.set_clim(-big, big)
            lc.set_linewidths(0.4 + 2.6 * np.abs(np.nan_to_num(w)) / big)

    def update(self, model=None, sample=None):
        """Re-read the model's last forward/backward pass and recolour in place."""
        self.model = model if model is not None else self.model
        self.sample = self.sample if sample is None else int(sample)
        if self.show is not None:
            self.set_values(*column_values(self.model, self.columns, self.show, self.sample))

    def dynamic_artists(self):
        texts = [t for column in self.texts for t in column]
        return [*self.edges, *self.neurons, *texts, self.scale_note]

    def _summary(self):
        return f"{' -> '.join(map(str, self.columns.sizes))}, {self.show or 'structure'}"


def _positions(n_shown):
    """Vertical neuron positions, centred, top to bottom."""
    return (n_shown - 1) / 2.0 - np.arange(n_shown)


def draw_network(model, show="activations", sample=0, ax=None, max_neurons=10,
                 colorbar=True, title=None):
    """Draw ``model`` as columns of neurons coloured by the last pass.

    Parameters
    ----------
    model : bplab.nn.Sequential
        An MLP. For ``show="activations"`` run ``model.forward(x)`` first; for
        ``"gradients"`` also ``model.backward(dout)``.
    show : {"activations", "gradients", None}
        What the colours mean; ``None`` draws the structure only.
    sample : int
        Which row of the batch to show.
    max_neurons : int
        Columns taller than this show their first ``max_neurons`` neurons (the caption
        says so); numbers are written in the neurons when every column shows <= 10.
    colorbar : bool
        Add a colour bar for the neuron values.

    Returns
    -------
    NetworkDrawing
    """
    if show not in _SHOWS:
        raise ValueError(f"show must be one of {_SHOWS}, got {show!r}")
    if isinstance(max_neurons, bool) or not isinstance(max_neurons, int) or max_neurons < 1:
        raise ValueError(f"max_neurons must be a positive int, got {max_neurons!r}")
    columns = network_columns(model)
    shown = [min(n, max_neurons) for n in columns.sizes]
    if ax is None:
        size = (max(4.5, 1.9 * len(shown) + (1.2 if colorbar and show else 0.2)),
                max(3.0, 0.55 * max(shown) + 1.3))
        ax = new_axes(None, figsize=size)
    ax = new_axes(ax)
    norm = Normalize(-1.0, 1.0)
    drawing = NetworkDrawing(ax=ax, columns=columns, norm=norm, shown=shown, show=show,
                             model=model, sample=int(sample))
    ys = [_positions(k) for k in shown]
    drawing.edges = [_edges(ax, c, ys[c], ys[c + 1], show) for c in range(len(ys) - 1)]
    write = max(shown) <= 10 and show is not None
    floor = -(max(shown) - 1) / 2.0 - 0.6
    for c, (y, n, name) in enumerate(zip(ys, columns.sizes, columns.names, strict=True)):
        drawing.neurons.append(_neurons(ax, c, y, norm, show))
        drawing.texts.append([ax.text(c, yy, "", ha="center", va="center", fontsize=6.8,
                                      zorder=4) for yy in y] if write else [])
        caption = f"{name}\n({n})" if n == len(y) else f"{name}\n({n}, first {len(y)} shown)"
        last_caption = ax.text(c, floor, caption, ha="center", va="top", fontsize=8.5)
    drawing.scale_note = ax.annotate("", xy=(0.5, 0.0), xycoords=(ax.transAxes, last_caption),
                                     xytext=(0, -3), textcoords="offset points", ha="center",
                                     va="top", fontsize=8, color=MUTED)
    if show is not None:
        drawing.update()
        if colorbar:
            label = "activation $a$" if show == "activations" else r"$\partial L/\partial a$"
            drawing.colorbar = ax.figure.colorbar(drawing.neurons[0], ax=ax, shrink=0.7,
                                                  pad=0.02, label=label)
    top = max(shown)
    ax.set_xlim(-0.5, len(shown) - 0.5)
    ax.set_ylim(-(top - 1) / 2.0 - 1.9, (top - 1) / 2.0 + 0.6)
    ax.set_axis_off()
    ax.set_title(_title(show, sample) if title is None else title, fontsize=10)
    return drawing


def _edges(ax, c, left, right, show):
    """Every edge from column ``c`` (heights ``left``) to column ``c + 1`` (``right``)."""
    segments = [((c, ya), (c + 1, yb)) for ya in left for yb in right]
    lc = LineCollection(segments, cmap=DIVERGING_CMAP, zorder=1, alpha=0.85, linewidths=0.8)
    lc.set_array(np.zeros(len(segments)))
    if show is None:
        lc.set_array(None)
        lc.set_color(MUTED)
    ax.add_collection(lc)
    return lc


def _neurons(ax, c, y, norm, show):
    """Column ``c`` of neurons at heights ``y``, coloured through ``norm`` (white if no show)."""
    col = ax.scatter(np.full(len(y), float(c)), y, s=640, c=np.zeros(len(y)),
                     cmap=DIVERGING_CMAP, norm=norm, edgecolors="#404040", linewidths=1.0,
                     zorder=3)
    if show is None:
        col.set_array(None)
        col.set_facecolor("white")
    return col


def _title(show, sample):
    if show == "activations":
        return f"Forward pass: neurons = activation a (sample {sample}), edges = weights W"
    if show == "gradients":
        return (f"Backward pass: neurons = dL/da (sample {sample}), "
                "edges = dL/dW (whole batch)")
    return "Network structure"
