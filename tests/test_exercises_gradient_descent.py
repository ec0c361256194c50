"""Checkers of notebook 03 (gradient descent): right, wrong and unattempted answers."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from bplab.data import batches
from bplab.exercises.gradient_descent import (
    check_line_grad,
    check_minibatch_indices,
    check_sgd_step,
    line_grad,
    minibatch_indices,
    sgd_step,
)

entries = st.floats(-3.0, 3.0, allow_nan=False)


def stub(*args):
    raise NotImplementedError


def test_sgd_reference_moves_against_the_gradient():
    assert np.allclose(sgd_step(np.array([1.0, 1.0]), np.array([2.0, -4.0]), 0.25), [0.5, 2.0])


@given(st.integers(1, 40), st.integers(1, 12), st.integers(0, 5))
def test_minibatch_indices_cover_the_epoch_like_data_batches(n, batch_size, seed):
    split = minibatch_indices(n, batch_size, seed)
    assert sorted(np.concatenate(split).tolist()) == list(range(n))
    assert all(len(b) == batch_size for b in split[:-1]) and 0 < len(split[-1]) <= batch_size
    X = np.arange(n, dtype=float)[:, None]
    ours = [X[b] for b in split]
    theirs = [xb for xb, _ in batches(X, np.zeros(n), batch_size, seed=seed)]
    assert all(np.array_equal(a, b) for a, b in zip(ours, theirs, strict=True))


@given(entries, entries, st.lists(entries, min_size=1, max_size=8))
def test_line_grad_matches_central_differences(w, b, xs):
    x = np.array(xs)
    y = np.sin(3 * x)
    h = 1e-6

    def loss(w_, b_):
        return np.mean((w_ * x + b_ - y) ** 2)

    dw = (loss(w + h, b) - loss(w - h, b)) / (2 * h)
    db = (loss(w, b + h) - loss(w, b - h)) / (2 * h)
    assert np.allclose(line_grad(w, b, x, y), (dw, db), rtol=1e-5, atol=1e-6)


def test_sgd_checker():
    assert check_sgd_step(lambda w, g, lr: w - lr * g).status == "correct"
    ascent = check_sgd_step(lambda w, g, lr: w + lr * g)
    assert ascent.status == "wrong" and "against" in ascent.message
    no_lr = check_sgd_step(lambda w, g, lr: w - g)
    assert no_lr.status == "wrong" and "learning rate" in no_lr.message
    assert check_sgd_step(stub).status == "not attempted"


def test_minibatch_checker():
    assert check_minibatch_indices(minibatch_indices).status == "correct"
    unshuffled = check_minibatch_indices(
        lambda n, B, s: [np.arange(n)[i:i + B] for i in range(0, n, B)])
    assert unshuffled.status == "wrong" and "shuffle" in unshuffled.message
    dropped = check_minibatch_indices(lambda n, B, s: minibatch_indices(n, B, s)[: n // B])
    assert dropped.status == "wrong" and "smaller batch" in dropped.message
    assert "expected 4 results" in dropped.message
    assert check_minibatch_indices(stub).status == "not attempted"


def test_line_grad_checker():
    assert check_line_grad(line_grad).status == "correct"
    no_two = check_line_grad(
        lambda w, b, x, y: (np.mean((w * x + b - y) * x), np.mean(w * x + b - y)))
    assert no_two.status == "wrong" and "factor 2" in no_two.message
    summed = check_line_grad(lambda w, b, x, y: tuple(len(x) * np.array(line_grad(w, b, x, y))))
    assert summed.status == "wrong" and "batch size" in summed.message
    assert check_line_grad(stub).status == "not attempted"
