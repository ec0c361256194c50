import subprocess
import sys

import numpy as np

from bplab.data import digits


def test_digits_shapes_dtypes_and_ranges():
    X, y = digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0 and X.max() == 16
    np.testing.assert_array_equal(X, np.round(X))
    counts = np.bincount(y)
    assert len(counts) == 10 and counts.min() >= 170


def test_digits_first_image_is_a_zero():
    X, y = digits()
    assert y[0] == 0
    image = X[0].reshape(8, 8)
    assert image[3:5, 3:5].sum() == 0
    assert image[:, 0].sum() == 0


def test_digits_returns_fresh_arrays():
    X, _ = digits()
    X[:] = -1
    assert digits()[0].min() == 0


def test_bplab_data_does_not_import_sklearn():
    code = "import bplab.data, sys; bplab.data.digits(); print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
