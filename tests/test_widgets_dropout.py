"""The dropout explorer of notebook 14: mask, inverted scaling, train vs eval."""

import json

import numpy as np
import pytest
from matplotlib.figure import Figure

from bplab.nn import Dropout
from bplab.widgets.dropout import DropoutExplorer, dropout_outputs, plot_masks


@pytest.fixture(scope="module")
def explorer():
    return DropoutExplorer()


def heights(explorer):
    return np.array([bar.get_height() for bar in explorer.bars])


def test_outputs_come_from_the_layer():
    x = np.linspace(0.5, 2.0, 7)
    assert np.array_equal(dropout_outputs(x, 0.4, seed=3)[0], Dropout(0.4, seed=3).forward(x))
    plain = dropout_outputs(x, 0.4, scaling=False, seed=3)[0]
    assert np.allclose(plain, np.where(Dropout(0.4, seed=3).forward(x) > 0, x, 0.0))
    assert np.array_equal(dropout_outputs(x, 0.4, training=False, samples=3), np.tile(x, (3, 1)))
    many = dropout_outputs(x, 0.5, samples=20000, seed=1).mean(axis=0)
    assert np.allclose(many, x, rtol=0.05)


def test_every_p_in_train_mode_redraws_the_mask(explorer):
    explorer.set_state(mode="train", scaling=True, seed=0)
    slider = explorer.controls["p"]
    for p in np.arange(slider.min, slider.max + 1e-9, slider.step):
        slider.value = float(round(p, 2))
        p = slider.value
        h = heights(explorer)
        assert np.array_equal(h, explorer.output)
        kept = np.count_nonzero(h)
        if 0 < p < 1:
            assert np.allclose(h[h > 0], explorer.x[h > 0] / (1 - p))
            assert f"{kept} of 16 kept" in explorer.ax_mask.get_title()
            assert len(explorer.crosses.get_xdata()) == 16 - kept
            assert np.allclose(explorer.mean_output, explorer.x, rtol=0.2, atol=0.05 / (1 - p))
        lo, hi = explorer.ax_mask.get_ylim()
        assert lo < 0 < h.max() <= hi or h.max() == 0
    assert "every unit dropped" in explorer.ax_mask.get_title()
    assert np.all(heights(explorer) == 0) and "nothing gets through" in explorer.ax_mean.get_title()


def test_without_scaling_the_mean_shrinks_by_one_minus_p(explorer):
    explorer.set_state(p=0.8, mode="train", scaling=False, seed=0)
    assert np.allclose(explorer.mean_output, 0.2 * explorer.x, rtol=0.2, atol=0.02)
    assert "(1 − p) x = 0.20 x" in explorer.ax_mean.get_title()
    xs, ys = explorer.shrunk.get_data()
    assert ys[1] == pytest.approx(0.2 * xs[1])
    assert "kept unscaled" in explorer.ax_mask.get_title()
    assert "(0.199 × the input)" in explorer.readout.value
    explorer.controls["scaling"].value = True
    assert np.all(np.isnan(explorer.shrunk.get_ydata()))


def test_eval_mode_is_the_identity_at_any_p(explorer):
    explorer.set_state(mode="eval")
    for p in (0.0, 0.5, 1.0):
        explorer.controls["p"].value = p
        assert np.array_equal(heights(explorer), explorer.x)
        assert np.allclose(explorer.mean_output, explorer.x, rtol=1e-12)
        assert explorer.ax_mask.get_title().startswith("eval mode")
        assert len(explorer.crosses.get_xdata()) == 0


def test_seed_changes_the_mask_and_state_round_trips(explorer):
    explorer.set_state(p=0.5, mode="train", scaling=True, seed=0)
    first = heights(explorer)
    masks = set()
    for seed in range(explorer.controls["seed"].max + 1):
        explorer.controls["seed"].value = seed
        masks.add(tuple(heights(explorer) > 0))
    assert len(masks) > 15 and not np.array_equal(first, heights(explorer))
    other = DropoutExplorer()
    other.set_state(json.loads(json.dumps(explorer.state)))
    assert np.array_equal(heights(other), heights(explorer))


def test_plot_masks_titles_and_bad_input():
    image = np.arange(64.0).reshape(8, 8)
    drawing = plot_masks(image, ps=(0.5, 1.0))
    axes = drawing.axes
    assert isinstance(drawing.figure, Figure) and len(axes) == 4
    assert repr(drawing) == ("<MaskDrawing: input x, train, p = 0.5, train, p = 1, "
                             "eval, p = 1>")
    assert drawing._repr_png_().startswith(b"\x89PNG")
    assert "×2" in axes[1].get_title() and "0/64 pixels kept" in axes[2].get_title()
    assert np.array_equal(axes[3].images[0].get_array(), image)
    tint = axes[1].images[1].get_array()  # dropped pixels tinted, kept ones masked out
    layer = Dropout(0.5, seed=0)
    layer.forward(image)
    assert np.array_equal(~np.ma.getmaskarray(tint), layer.mask == 0)
    assert np.ma.getmaskarray(axes[2].images[1].get_array()).sum() == 0  # p = 1: all dropped
    assert len(axes[0].images) == len(axes[3].images) == 1
    with pytest.raises(ValueError, match="2-D"):
        plot_masks(np.ones(5))


def test_small_moves_of_p_and_the_seed_are_blitted(monkeypatch):
    explorer = DropoutExplorer(p=0.3, mode="train", scaling=True, seed=0)
    canvas = explorer.fig.canvas
    canvas.draw()  # the browser's first frame: caches the background
    calls = []
    monkeypatch.setattr(canvas, "draw_idle", lambda: calls.append("full"))
    blit = canvas.blit
    monkeypatch.setattr(canvas, "blit", lambda bbox=None: (calls.append("blit"), blit(bbox)))
    for seed in (1, 2, 3):
        explorer.controls["seed"].value = seed
    explorer.controls["p"].value = 0.35
    assert calls == ["blit"] * 4
    explorer.controls["p"].value = 0.9  # survivors x10: the y-axis must grow, a full redraw
    assert calls[-1] == "full" and explorer.ax_mask.get_ylim()[1] >= explorer.output.max()
