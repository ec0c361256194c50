"""Every bplab.viz drawing updates in place: no new artists, and blitting works."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from bplab import landscapes, nn, optim
from bplab.autodiff import Value
from bplab.viz import (
    draw_backward_stepper,
    draw_decision_boundary,
    draw_network,
    plot_layer_grad_norms,
    plot_loss_curves,
    plot_time_step_grad_norms,
    plot_trajectories,
)


def children(ax):
    return {id(a) for a in ax.get_children()}


def check_in_place(drawing, update):
    """``update`` changes artists but adds none; dynamic artists belong to the axes."""
    before = children(drawing.ax)
    update()
    assert children(drawing.ax) == before
    dynamic = drawing.dynamic_artists()
    assert dynamic, f"{type(drawing).__name__} names no dynamic artists"
    assert {id(a) for a in dynamic} <= before | {id(a) for a in drawing.figure.get_children()}


def test_trajectories_update_in_place():
    land = landscapes.get("rosenbrock")
    runs = [optim.trajectory(lambda ps, lr=lr: optim.Adam(ps, lr=lr), land, steps=50)
            for lr in (0.01, 0.1)]
    drawing = plot_trajectories(land, {"Adam": runs[0]})
    check_in_place(drawing, lambda: drawing.update("Adam", runs[1]))
    assert len(drawing.dynamic_artists()) == 5


def test_loss_curves_update_in_place_and_can_keep_their_limits():
    drawing = plot_loss_curves({"SGD": [1.0, 0.5, 0.25]})
    limits = drawing.ax.get_ylim()
    check_in_place(drawing, lambda: drawing.update("SGD", [100.0, 1e-5], rescale=False))
    assert drawing.ax.get_ylim() == limits


def test_other_drawings_update_in_place():
    bars = plot_layer_grad_norms([1.0, 2.0])
    check_in_place(bars, lambda: bars.update([3.0, 4.0]))
    steps = plot_time_step_grad_norms([1.0, 2.0, 4.0], threshold=2.0)
    check_in_place(steps, lambda: steps.update(clipped=[1.0, 2.0, 2.0], threshold=3.0))
    x = Value(2.0, "x")
    stepper = draw_backward_stepper((x * x).tanh())
    check_in_place(stepper, lambda: stepper.show(2))
    model = nn.Sequential(nn.Linear(2, 3, seed=0), nn.ReLU(), nn.Linear(3, 2, seed=1))
    model.forward(np.ones((2, 2)))
    net = draw_network(model)
    check_in_place(net, lambda: (model.forward(-np.ones((2, 2))), net.update()))
    X, y = np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([0, 1])
    regions = draw_decision_boundary(model, X, y, n=8)
    check_in_place(regions, lambda: regions.update(lambda p: (p[:, 0] > 0.5).astype(int)))


def test_set_landscape_swaps_only_the_background():
    quad = landscapes.quadratic(10.0)
    run = optim.trajectory(lambda ps: optim.SGD(ps, lr=0.05), quad, steps=20)
    drawing = plot_trajectories(quad, {"SGD": run})
    path = drawing.trajectories["SGD"].path
    drawing.set_landscape(landscapes.get("beale"), n=30, levels=6)
    assert drawing.landscape.name == "beale"
    assert drawing.trajectories["SGD"].path is path
    assert drawing.trajectories["SGD"].bounds == drawing.landscape.bounds
    assert drawing.ax.get_title().startswith("beale")
    contour_sets = [a for a in drawing.ax.get_children() if a is drawing.lines]
    assert len(contour_sets) == 1


def test_blitting_redraws_a_moved_path_over_the_cached_background():
    land = landscapes.get("himmelblau")
    first = optim.trajectory(lambda ps: optim.SGD(ps, lr=0.01), land, steps=40)
    second = optim.trajectory(lambda ps: optim.SGD(ps, lr=0.01), land, x0=(-3.0, -3.0),
                              steps=40)
    drawing = plot_trajectories(land, {"SGD": first})
    canvas = FigureCanvasAgg(drawing.figure)
    for artist in drawing.dynamic_artists():
        artist.set_animated(True)
    canvas.draw()
    background = canvas.copy_from_bbox(drawing.ax.bbox)
    plain = np.asarray(canvas.buffer_rgba()).copy()
    drawing.update("SGD", second)
    canvas.restore_region(background)
    for artist in drawing.dynamic_artists():
        drawing.ax.draw_artist(artist)
    blitted = np.asarray(canvas.buffer_rgba())
    assert (blitted != plain).any(axis=-1).sum() > 100, "the new path must show"
