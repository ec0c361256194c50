"""bplab.viz.palette and drawing basics: one style per optimizer, pyplot-free figures."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import pytest
from matplotlib.colors import to_rgb

from bplab.viz.drawing import new_axes, new_axes_row, png_bytes
from bplab.viz.palette import (
    OKABE_ITO,
    OPTIMIZER_COLORS,
    OPTIMIZER_STYLES,
    optimizer_color,
    optimizer_style,
)

REGISTRY = ["SGD", "Momentum", "Nesterov", "Adagrad", "RMSprop", "Adam", "AdamW", "NAdam",
            "Newton"]


def test_every_registry_name_has_a_style_from_okabe_ito():
    assert list(OPTIMIZER_STYLES) == REGISTRY
    assert set(OPTIMIZER_COLORS.values()) <= set(OKABE_ITO.values())


def test_styles_are_pairwise_distinct():
    seen = {(s["color"], s["linestyle"], s["marker"]) for s in OPTIMIZER_STYLES.values()}
    assert len(seen) == len(REGISTRY)


def test_labels_that_start_with_a_name_share_its_style():
    assert optimizer_color("Adam (lr=0.1)") == OPTIMIZER_COLORS["Adam"]
    assert optimizer_color("AdamW lr=1e-3") == OPTIMIZER_COLORS["AdamW"]  # longest match wins
    assert optimizer_style("NAdam")["linestyle"] == "--"


def test_unknown_names_get_a_stable_colour():
    assert optimizer_color("my optimizer") == optimizer_color("my optimizer")
    to_rgb(optimizer_color("my optimizer"))
    with pytest.raises(TypeError, match="name must be a str"):
        optimizer_style(3)


def test_style_is_a_fresh_dict():
    optimizer_style("SGD")["color"] = "red"
    assert OPTIMIZER_STYLES["SGD"]["color"] == OKABE_ITO["black"]


def test_new_axes_makes_a_pyplot_free_figure():
    ax = new_axes()
    assert ax.figure.canvas.manager is None
    assert new_axes(ax) is ax
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        new_axes("not an axes")
    assert len(new_axes_row(3)) == 3
    with pytest.raises(ValueError, match="axes must hold 2 Axes"):
        new_axes_row(2, axes=[ax])
    assert png_bytes(ax.figure).startswith(b"\x89PNG")


def test_importing_viz_does_not_import_pyplot():
    code = "import bplab.viz, sys; print('matplotlib.pyplot' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
