"""The shared explorer machinery: ipympl figure without a backend switch, state, log slider."""

import json

import ipywidgets as widgets
import matplotlib
import numpy as np
import pytest

from bplab.widgets.base import (
    Explorer,
    finite_or_clipped,
    format_number,
    log_slider,
    new_figure,
    status_message,
)


class Line(Explorer):
    """The smallest explorer: one slider sets the height of one line."""

    def __init__(self):
        fig = new_figure((4, 3))
        self.ax = fig.add_subplot()
        (self.line,) = self.ax.plot([0, 1], [0, 0])
        self.draws = 0
        controls = {"lr": log_slider("lr", 0.1, -3, 0), "n": widgets.IntSlider(3, 1, 10)}
        super().__init__(controls, fig, "Make the line reach 1.")
        self.update()

    def draw(self):
        self.draws += 1
        self.line.set_ydata([0, self.state["lr"]])
        self.ax.title.set_text(f"lr = {self.state['lr']:.3g}, n = {self.state['n']}")


def test_new_figure_is_an_ipympl_canvas_and_keeps_the_backend():
    from ipympl.backend_nbagg import Canvas

    before = matplotlib.rcParams._get_backend_or_none()
    fig = new_figure((3, 2))
    assert isinstance(fig.canvas, Canvas)
    assert isinstance(fig.canvas, widgets.DOMWidget)
    assert matplotlib.rcParams._get_backend_or_none() == before
    assert fig.get_size_inches().tolist() == [3, 2]
    fig.canvas.draw()  # renders with Agg, no front-end needed


def test_control_change_redraws_the_artists():
    ex = Line()
    ex.controls["lr"].value = 0.5
    assert ex.line.get_ydata()[1] == pytest.approx(0.5)
    assert ex.ax.get_title() == "lr = 0.5, n = 3"


def test_state_is_plain_json_and_set_state_redraws_once():
    ex = Line()
    saved = json.loads(json.dumps(ex.state))
    assert saved == {"lr": pytest.approx(0.1), "n": 3}
    draws = ex.draws
    ex.set_state({"lr": 1.0}, n=7)
    assert ex.draws == draws + 1
    assert ex.state == {"lr": 1.0, "n": 7}
    ex.set_state(saved)
    assert ex.ax.get_title() == "lr = 0.1, n = 3"


def test_set_state_rejects_unknown_names():
    with pytest.raises(KeyError, match="momentum"):
        Line().set_state(momentum=0.9)


def test_widget_shows_question_controls_readout_and_canvas():
    ex = Line()
    question, panel, readout, canvas = ex.widget.children
    assert "Make the line reach 1." in question.value
    assert list(panel.children) == list(ex.controls.values())
    assert readout is ex.readout
    assert canvas is ex.fig.canvas


def test_log_slider_spans_decades_and_validates():
    s = log_slider("lr", 5.0, -4, 0)
    assert (s.min, s.max, s.base) == (-4, 0, 10)
    assert s.value == 1.0  # clipped into range
    s.value = 1e-4
    assert s.value == pytest.approx(1e-4)
    with pytest.raises(ValueError, match="min_exp"):
        log_slider("lr", 0.1, 0, -1)
    with pytest.raises(ValueError, match="positive"):
        log_slider("lr", 0.0, -3, 0)


def test_messages_say_what_happened():
    assert status_message([5.0, float("inf")], diverged_at=1) == "diverged at step 1"
    assert status_message([1.0, 1e-3, 1e-7], target=1e-6) == (
        "loss 1.00e-07 at step 2 (< 1.00e-06 at step 2)"
    )
    assert status_message([float("nan")]) == "no finite loss"
    assert [format_number(x) for x in (0, 0.125, 3.2e-7, float("inf"))] == [
        "0", "0.125", "3.20e-07", "inf"
    ]


def test_finite_or_clipped_drops_nonfinite_and_clips():
    pts = finite_or_clipped([[0, 0], [1e300, -1e300], [float("nan"), 0]], ((-1, 1), (-1, 1)))
    assert pts.tolist() == [[0, 0], [2, -2]]


def test_explorer_without_animated_artists_always_redraws_fully():
    ex = Line()
    ex.fig.canvas.draw()  # a background exists now, but nothing is animated
    requested = []
    ex.fig.canvas.draw_idle = lambda: requested.append(True)
    ex.controls["lr"].value = 0.7
    assert requested == [True]


class AnimatedLine(Line):
    def __init__(self):
        super().__init__()
        self.animate(self.line, self.ax.title)  # draw() changes both


def test_animated_artists_are_blitted_until_invalidated():
    ex = AnimatedLine()
    canvas = ex.fig.canvas
    canvas.draw()
    requested = []
    canvas.draw_idle = lambda: requested.append(True)
    ex.controls["lr"].value = 0.7
    assert requested == []  # blitted: the line moved over the cached background
    blitted = np.asarray(canvas.get_renderer().buffer_rgba()).copy()
    canvas.draw()
    assert np.array_equal(blitted, np.asarray(canvas.get_renderer().buffer_rgba()))
    ex.invalidate()
    ex.controls["lr"].value = 0.2
    assert requested == [True]
    ex.ax.set_ylim(0, 5)  # a static change the base class notices by itself
    canvas.draw()
    ex.ax.set_ylim(0, 2)
    ex.controls["lr"].value = 0.3
    assert requested == [True, True]


def test_savefig_includes_animated_artists():
    from bplab.viz import png_bytes

    ex = AnimatedLine()
    ex.controls["lr"].value = 1.0
    with_line = png_bytes(ex.fig)
    ex.line.set_visible(False)
    assert png_bytes(ex.fig) != with_line
