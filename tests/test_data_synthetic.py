import numpy as np
import pytest

from bplab import data

CLASSIFICATION = {
    "spirals": (data.spirals, 300, 3),
    "moons": (data.moons, 200, 2),
    "circles": (data.circles, 200, 2),
    "xor": (data.xor, 200, 2),
}


@pytest.mark.parametrize("name", sorted(CLASSIFICATION))
def test_classification_sets_have_documented_shapes_and_dtypes(name):
    make, n, classes = CLASSIFICATION[name]
    X, y = make()
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    assert set(np.unique(y)) == set(range(classes))
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", sorted(CLASSIFICATION))
def test_same_seed_same_points_other_seed_other_points(name):
    make = CLASSIFICATION[name][0]
    X1, y1 = make(n=50, seed=3)
    X2, y2 = make(n=50, seed=3)
    X3, _ = make(n=50, seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize("name", sorted(CLASSIFICATION))
def test_n_is_respected_for_odd_counts(name):
    X, y = CLASSIFICATION[name][0](n=31)
    assert X.shape == (31, 2) and y.shape == (31,)


def test_spirals_classes_and_balance():
    X, y = data.spirals(n=100, classes=4, seed=1)
    assert X.shape == (100, 2)
    np.testing.assert_array_equal(np.bincount(y), [25, 25, 25, 25])
    assert np.all(np.linalg.norm(data.spirals(noise=0.0)[0], axis=1) <= 1 + 1e-12)


def test_noise_zero_circles_lie_on_their_radii():
    X, y = data.circles(n=40, noise=0.0, factor=0.3)
    radius = np.linalg.norm(X, axis=1)
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.3)


def test_xor_labels_follow_quadrants_without_noise():
    X, y = data.xor(n=100, noise=0.0)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))


def test_regression_shapes_and_signal():
    X, y = data.regression()
    assert X.shape == (100, 1) and X.dtype == np.float64
    assert y.shape == (100,) and y.dtype == np.float64
    clean_X, clean_y = data.regression(noise=0.0)
    np.testing.assert_allclose(clean_y, np.sin(clean_X[:, 0]))
    np.testing.assert_array_equal(data.regression(seed=5)[1], data.regression(seed=5)[1])


@pytest.mark.parametrize("kwargs, error", [
    ({"n": 0}, ValueError),
    ({"n": 2.5}, TypeError),
    ({"noise": -1.0}, ValueError),
    ({"classes": 1}, ValueError),
    ({"seed": "zero"}, TypeError),
])
def test_bad_arguments_are_named(kwargs, error):
    name = next(iter(kwargs))
    with pytest.raises(error, match=name):
        data.spirals(**kwargs)


def test_circles_factor_must_be_below_one():
    with pytest.raises(ValueError, match="factor"):
        data.circles(factor=1.5)
