"""Interactive explorers: ipywidgets controls driving an ipympl figure updated in place.

Each explorer is an object: ``.widget`` (what a notebook displays), ``.controls`` (name ->
ipywidget), ``.state`` (a plain dict of the settings), ``.question`` (the goal to reach) and
``.update()``. Set a control's ``.value`` from Python and the figure's artists change at once,
so tests drive explorers without a browser. Shared machinery lives in :mod:`bplab.widgets.base`.
"""

import importlib

from .base import Explorer, log_slider, new_figure

_EXPLORERS = {
    "BackwardStepperExplorer": "forward_backward",
    "ForwardBackwardExplorer": "forward_backward",
    "MiniBatchExplorer": "minibatch",
    "OptimizerExplorer": "optimizers",
    "MomentumExplorer": "momentum",
    "StepSizeExplorer": "adaptive",
    "ScheduleExplorer": "schedules",
    "ClippingExplorer": "clipping",
    "NewtonExplorer": "newton",
    "CurvatureExplorer": "curvature",
    "DropoutExplorer": "dropout",
    "CapstoneExplorer": "capstone",
}

__all__ = ["Explorer", "log_slider", "new_figure", *_EXPLORERS]


def __getattr__(name):
    if name in _EXPLORERS:
        module = importlib.import_module(f"bplab.widgets.{_EXPLORERS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'bplab.widgets' has no attribute {name!r}")
