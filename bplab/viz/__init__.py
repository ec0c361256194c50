"""Figures for the curriculum, matplotlib only (no pyplot state, no graphviz).

Every function takes an optional ``ax`` and returns a small :class:`Drawing` dataclass of
the artists it made, so explorers in ``bplab.widgets`` update them in place. Modules:

- :mod:`~bplab.viz.palette` — the Okabe–Ito colours; one style per optimizer.
- :mod:`~bplab.viz.graph` — a ``Value`` graph with data and grad; the backward stepper.
- :mod:`~bplab.viz.network` — layered MLP diagrams coloured by activations or gradients.
- :mod:`~bplab.viz.landscape` — loss contours (drawn once) and optimizer trajectories.
- :mod:`~bplab.viz.curves` — loss curves, gradient norms per layer and per time step,
  learning-rate schedules, a ``fit`` run's history.
- :mod:`~bplab.viz.boundary` — decision regions of a classifier over its data.
- :mod:`~bplab.viz.matrix` — a matrix as coloured cells (Jacobians, Hessians, masks).
- :mod:`~bplab.viz.images` — image grids (the digits) with labels and predictions.
"""

from bplab.viz.boundary import class_scores, draw_decision_boundary
from bplab.viz.curves import (
    plot_grad_norm_history,
    plot_history,
    plot_layer_grad_norms,
    plot_loss_curves,
    plot_lr_schedules,
    plot_series,
    plot_time_step_grad_norms,
)
from bplab.viz.drawing import Drawing, new_axes, png_bytes
from bplab.viz.graph import backward_steps, draw_backward_stepper, draw_graph, graph_layout
from bplab.viz.images import draw_images
from bplab.viz.landscape import (
    draw_landscape,
    draw_trajectory,
    landscape_title,
    plot_optimizer_comparison,
    plot_trajectories,
)
from bplab.viz.matrix import draw_matrix
from bplab.viz.network import draw_network, network_columns
from bplab.viz.palette import OKABE_ITO, OPTIMIZER_COLORS, optimizer_color, optimizer_style

__all__ = [
    "OKABE_ITO",
    "OPTIMIZER_COLORS",
    "Drawing",
    "backward_steps",
    "class_scores",
    "draw_backward_stepper",
    "draw_decision_boundary",
    "draw_graph",
    "draw_images",
    "draw_landscape",
    "draw_matrix",
    "draw_network",
    "draw_trajectory",
    "graph_layout",
    "landscape_title",
    "network_columns",
    "new_axes",
    "optimizer_color",
    "optimizer_style",
    "plot_grad_norm_history",
    "plot_history",
    "plot_layer_grad_norms",
    "plot_loss_curves",
    "plot_lr_schedules",
    "plot_optimizer_comparison",
    "plot_series",
    "plot_time_step_grad_norms",
    "plot_trajectories",
    "png_bytes",
]
