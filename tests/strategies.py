"""Hypothesis strategies shared by the test files (``from strategies import ...``).

Everything draws float64 numbers from ranges where central differences are accurate:
magnitudes of order 1, and (where an op has a kink or a pole) away from it.
"""

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

GRADIENT_CHECK = settings(max_examples=20, deadline=None)

small_shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)
matrix_sides = st.integers(min_value=1, max_value=5)


def floats(low=-2.0, high=2.0):
    """Finite float64 numbers in [low, high]."""
    return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False,
                     width=64)


def arrays(shape, low=-2.0, high=2.0):
    """float64 arrays of ``shape`` (a shape or a strategy of shapes) with entries in [low, high]."""
    return hnp.arrays(np.float64, shape, elements=floats(low, high))


def away_from_zero(shape, low=0.2, high=2.0):
    """float64 arrays whose entries have magnitude in [low, high], either sign."""
    magnitude = arrays(shape, low, high)
    signs = hnp.arrays(np.float64, shape, elements=st.sampled_from([-1.0, 1.0]))
    return st.tuples(magnitude, signs).map(lambda pair: pair[0] * pair[1])


@st.composite
def broadcastable_pair(draw, max_dims=3):
    """Two shapes that broadcast together (numpy's rules), e.g. (3, 1, 2) and (4, 1)."""
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=max_dims,
                                                    max_side=3))
    return shapes.input_shapes


@st.composite
def matmul_shapes(draw):
    """Shapes (a, b) valid for ``a @ b``: 1-D, 2-D or batched (with batch broadcasting)."""
    n, k, m = draw(matrix_sides), draw(matrix_sides), draw(matrix_sides)
    kind = draw(st.sampled_from(["vv", "vm", "mv", "mm", "batched", "broadcast"]))
    if kind == "vv":
        return (k,), (k,)
    if kind == "vm":
        return (k,), draw(st.sampled_from([(k, m), (2, k, m)]))
    if kind == "mv":
        return draw(st.sampled_from([(n, k), (2, n, k)])), (k,)
    if kind == "mm":
        return (n, k), (k, m)
    if kind == "batched":
        return (2, n, k), (2, k, m)
    return (3, 1, n, k), (2, k, m)


def relative_error(a, b, floor=1e-3):
    """||a - b|| / max(||a|| + ||b||, floor): the CS231n gradient-check measure.

    The floor keeps gradients that are almost exactly 0 from turning round-off into a
    large *relative* error.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise AssertionError(f"shapes differ: {a.shape} vs {b.shape}")
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), floor))
