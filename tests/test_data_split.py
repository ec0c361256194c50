import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bplab.data import batches, standardize, train_test_split


def _toy(n=20):
    return np.arange(2 * n, dtype=float).reshape(n, 2), np.arange(n)


def test_split_sizes_partition_and_pairing():
    X, y = _toy(20)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, seed=1)
    assert len(X_test) == 5 and len(X_train) == 15
    assert sorted(np.concatenate([y_train, y_test])) == list(range(20))
    np.testing.assert_array_equal(X_train[:, 0], 2 * y_train)
    np.testing.assert_array_equal(X_test[:, 0], 2 * y_test)


def test_split_is_seeded_and_accepts_counts():
    X, y = _toy(20)
    a = train_test_split(X, y, seed=2)
    b = train_test_split(X, y, seed=2)
    for u, v in zip(a, b, strict=True):
        np.testing.assert_array_equal(u, v)
    assert len(train_test_split(X, y, test_size=3)[1]) == 3


@pytest.mark.parametrize("test_size", [0.0, 1.0, 20, -1, "half"])
def test_split_rejects_bad_test_size(test_size):
    with pytest.raises(ValueError, match="test_size"):
        train_test_split(*_toy(20), test_size=test_size)


def test_split_rejects_mismatched_rows():
    with pytest.raises(ValueError, match="same number of rows"):
        train_test_split(np.zeros((4, 2)), np.zeros(5))


@given(n=st.integers(1, 40), batch_size=st.integers(1, 50), shuffle=st.booleans())
def test_batches_cover_every_row_once(n, batch_size, shuffle):
    X, y = _toy(n)
    parts = list(batches(X, y, batch_size, shuffle=shuffle, seed=0))
    assert all(len(xb) == len(yb) <= batch_size for xb, yb in parts)
    seen = np.concatenate([yb for _, yb in parts])
    assert sorted(seen) == list(range(n))
    if not shuffle:
        np.testing.assert_array_equal(seen, np.arange(n))
    for xb, yb in parts:
        np.testing.assert_array_equal(xb[:, 0], 2 * yb)


def test_batches_drop_last_and_seeded_order():
    X, y = _toy(10)
    assert [len(b) for _, b in batches(X, y, 4, drop_last=True)] == [4, 4]
    first = [b for _, b in batches(X, y, 4, seed=7)]
    again = [b for _, b in batches(X, y, 4, seed=7)]
    for u, v in zip(first, again, strict=True):
        np.testing.assert_array_equal(u, v)
    rng = np.random.default_rng(0)
    epoch1 = np.concatenate([b for _, b in batches(X, y, 4, seed=rng)])
    epoch2 = np.concatenate([b for _, b in batches(X, y, 4, seed=rng)])
    assert not np.array_equal(epoch1, epoch2)


def test_batches_rejects_bad_batch_size():
    with pytest.raises(ValueError, match="batch_size"):
        next(batches(*_toy(5), batch_size=0))


def test_standardize_uses_training_statistics():
    rng = np.random.default_rng(0)
    train = rng.normal(3.0, 2.0, size=(200, 3))
    train[:, 2] = 5.0
    test = rng.normal(3.0, 2.0, size=(50, 3))
    train_std, test_std = standardize(train, test)
    np.testing.assert_allclose(train_std.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(train_std[:, :2].std(axis=0), 1.0)
    np.testing.assert_array_equal(train_std[:, 2], 0.0)
    expected = (test[:, 0] - train[:, 0].mean()) / train[:, 0].std()
    np.testing.assert_allclose(test_std[:, 0], expected)
    assert isinstance(standardize(train), np.ndarray)


def test_standardize_rejects_mismatched_widths():
    with pytest.raises(ValueError, match="shape"):
        standardize(np.zeros((4, 2)), np.zeros((3, 3)))
