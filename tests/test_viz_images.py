"""bplab.viz.images: digit grids with labels and highlighted mistakes."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.colors import to_hex

from bplab import data
from bplab.viz.images import caption, draw_images, mosaic
from bplab.viz.palette import HIGHLIGHT


def test_mosaic_places_tiles_with_gaps():
    tiles = np.arange(2 * 2 * 2, dtype=float).reshape(2, 2, 2)
    out = mosaic(tiles, rows=1, cols=3, pad=1, row_gap=1)
    assert out.shape == (3, 8)
    np.testing.assert_array_equal(out[:2, :2], tiles[0])
    np.testing.assert_array_equal(out[:2, 3:5], tiles[1])
    assert np.isnan(out[:, 2]).all() and np.isnan(out[:, 6:]).all() and np.isnan(out[2]).all()


def test_digits_are_captioned_and_mistakes_highlighted():
    X, y = data.digits()
    predicted = y[:12].copy()
    predicted[3] = (y[3] + 1) % 10
    drawing = draw_images(X[:12], y[:12], predicted, cols=6)
    assert (drawing.rows, drawing.cols) == (2, 6)
    assert drawing.texts[0].get_text() == f"{y[0]} → {y[0]}"
    assert drawing.texts[3].get_text() == f"{y[3]} → {predicted[3]}"
    assert to_hex(drawing.texts[3].get_color()) == HIGHLIGHT.lower()
    assert drawing.texts[0].get_color() == "black"
    np.testing.assert_array_equal(drawing.image.get_array()[:8, :8], X[0].reshape(8, 8))
    assert "wrong ones highlighted" in drawing.ax.get_title()


def test_update_swaps_pixels_and_clears_unused_captions():
    X, y = data.digits()
    drawing = draw_images(X[:4], y[:4], cols=4)
    image = drawing.image
    drawing.update(X[10:13], labels=y[10:13])
    assert drawing.image is image
    np.testing.assert_array_equal(image.get_array()[:8, :8], X[10].reshape(8, 8))
    assert [t.get_text() for t in drawing.texts] == [str(v) for v in y[10:13]] + [""]


def test_captions_and_bad_input():
    assert caption(None, None) == "" and caption(None, 3) == "→ 3" and caption(2, None) == "2"
    with pytest.raises(ValueError, match="not square"):
        draw_images(np.zeros((2, 10)))
    assert draw_images(np.zeros((2, 10)), shape=(2, 5)).rows == 1
    with pytest.raises(ValueError, match="n must be in 1..2"):
        draw_images(np.zeros((2, 4)), n=3)
    with pytest.raises(ValueError, match="X must be"):
        draw_images(np.zeros(5))
