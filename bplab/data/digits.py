"""The UCI 8x8 handwritten digits, shipped with bplab (see DATA_LICENSES.md).

1,797 grey-scale images of the digits 0-9, each 8x8 pixels with values 0..16 (the number
of inked pixels in a 4x4 block of a 32x32 bitmap). This is the copy bundled with
scikit-learn (``sklearn/datasets/data/digits.csv.gz``), the test set of the UCI
"Optical Recognition of Handwritten Digits" data by E. Alpaydin and C. Kaynak (1998),
licensed CC BY 4.0. Nothing is downloaded.
"""

from pathlib import Path

import numpy as np

_FILE = Path(__file__).with_name("digits.npz")


def digits():
    """Load the 8x8 digits.

    Returns
    -------
    X : ndarray, float64, shape (1797, 64)
        Pixel values 0..16, row by row; ``X[i].reshape(8, 8)`` is the image.
    y : ndarray, int64, shape (1797,)
        The digit shown, 0..9 (about 180 of each).
    """
    with np.load(_FILE) as archive:
        return archive["images"].astype(np.float64), archive["labels"].astype(np.int64)
