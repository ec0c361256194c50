"""One colour-blind-safe palette for every figure in the curriculum.

Colours come from Okabe & Ito (2008), *Color Universal Design*: eight hues that stay
distinct under the common forms of colour blindness. Each optimizer keeps one style in
every notebook, so "orange" always means momentum. Nine optimizers share eight hues, so
two pairs are told apart by line style as well: Adam / NAdam (NAdam is dashed) and
SGD / Newton (Newton is dash-dotted with a marker at every iterate).

Signed quantities (activations, gradients, weights) use a diverging map centred on zero;
magnitudes (gradient norms, losses) use a perceptually uniform sequential map.
"""

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

_C = OKABE_ITO

OPTIMIZER_STYLES = {
    "SGD": {"color": _C["black"], "linestyle": "-", "marker": "none"},
    "Momentum": {"color": _C["orange"], "linestyle": "-", "marker": "none"},
    "Nesterov": {"color": _C["vermillion"], "linestyle": "-", "marker": "none"},
    "Adagrad": {"color": _C["bluish_green"], "linestyle": "-", "marker": "none"},
    "RMSprop": {"color": _C["reddish_purple"], "linestyle": "-", "marker": "none"},
    "Adam": {"color": _C["blue"], "linestyle": "-", "marker": "none"},
    "AdamW": {"color": _C["sky_blue"], "linestyle": "-", "marker": "none"},
    "NAdam": {"color": _C["blue"], "linestyle": "--", "marker": "none"},
    "Newton": {"color": _C["black"], "linestyle": "-.", "marker": "s"},
}
"""Line style per optimizer, keyed by the names of ``bplab.optim``'s registry."""

OPTIMIZER_COLORS = {name: style["color"] for name, style in OPTIMIZER_STYLES.items()}
"""Colour per optimizer name (the ``color`` of :data:`OPTIMIZER_STYLES`)."""

CYCLE = [_C[k] for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple",
                         "sky_blue", "black")]
"""Colour order for series that are not optimizers (layers, data sets, schedules)."""

CLASS_COLORS = [_C[k] for k in ("blue", "orange", "bluish_green", "vermillion",
                                "reddish_purple", "sky_blue", "yellow", "black")]
"""Colour per class label in scatter plots and decision regions."""

DIVERGING_CMAP = "RdBu_r"
"""Signed values: blue negative, white zero, red positive (safe for red-green blindness)."""

SEQUENTIAL_CMAP = "viridis"
"""Magnitudes: dark small, yellow large."""

LANDSCAPE_CMAP = "Greys"
"""Loss-surface fill: pale greys, so coloured trajectories stand out on top."""

HIGHLIGHT = _C["vermillion"]
"""The one thing the eye should go to (the active node of the backward stepper)."""

MUTED = "#7F7F7F"
"""Secondary ink: contour lines, edges, annotations."""

VALUE_NODE = "#DCEBF7"
"""Fill of a value box in a computational graph (a pale tint of Okabe-Ito blue)."""

OP_NODE = "#FCE9C8"
"""Fill of an operation node in a computational graph (a pale tint of Okabe-Ito orange)."""


def _base_name(name):
    """The registry name ``name`` starts with (``"Adam lr=0.1"`` -> ``"Adam"``), or None."""
    matches = [key for key in OPTIMIZER_STYLES if name.startswith(key)]
    return max(matches, key=len) if matches else None


def optimizer_style(name):
    """Line style (``color``, ``linestyle``, ``marker``) for the optimizer called ``name``.

    Parameters
    ----------
    name : str
        A registry name such as ``"Adam"``, or a label that starts with one
        (``"Adam (lr=0.1)"``). Other names get a colour from :data:`CYCLE` chosen from the
        characters of the name, so the same label is always drawn the same way.

    Returns
    -------
    dict
        A fresh dict, safe to pass as ``**kwargs`` to ``Axes.plot``.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str naming an optimizer, got {type(name).__name__}")
    base = _base_name(name)
    if base is not None:
        return dict(OPTIMIZER_STYLES[base])
    return {"color": CYCLE[sum(map(ord, name)) % len(CYCLE)], "linestyle": "-", "marker": "none"}


def optimizer_color(name):
    """Colour for the optimizer called ``name`` (see :func:`optimizer_style`)."""
    return optimizer_style(name)["color"]


def series_color(i):
    """Colour of the ``i``-th series of a plot that is not about optimizers."""
    return CYCLE[int(i) % len(CYCLE)]


def class_color(label):
    """Colour of class ``label`` (an integer) in scatter plots and decision regions."""
    return CLASS_COLORS[int(label) % len(CLASS_COLORS)]
