"""Data sets for the curriculum: seeded toy sets and the 8x8 handwritten digits.

Each data set is a function returning ``(X, y)`` with ``X`` float64 of shape
``(n, features)`` and ``y`` int64 labels (float targets for ``regression``)::

    X, y = spirals(n=300, classes=3, noise=0.2, seed=0)
    X_train, X_test, y_train, y_test = train_test_split(*digits(), test_size=0.25)
    X_train, X_test = standardize(X_train, X_test)
    for X_batch, y_batch in batches(X_train, y_train, batch_size=32, seed=0):
        ...
"""

from bplab.data.digits import digits
from bplab.data.split import batches, standardize, train_test_split
from bplab.data.synthetic import circles, moons, regression, spirals, xor

__all__ = [
    "batches",
    "circles",
    "digits",
    "moons",
    "regression",
    "spirals",
    "standardize",
    "train_test_split",
    "xor",
]
