"""The checkers of notebook 15: confusion matrix, per-class recall, choosing the lr honestly."""

import numpy as np

from bplab.exercises.capstone import (
    check_confusion_matrix,
    check_per_class_recall,
    check_select_lr,
)


def stub(*args):
    raise NotImplementedError


def confusion(y_true, y_pred, classes):
    C = np.zeros((classes, classes), dtype=int)
    for t, p in zip(y_true, y_pred, strict=True):
        C[t, p] += 1
    return C


def test_confusion_matrix_verdicts():
    assert check_confusion_matrix(confusion).status == "correct"
    transposed = check_confusion_matrix(lambda t, p, k: confusion(t, p, k).T)
    assert transposed.status == "wrong" and "true label picks the row" in transposed.message
    too_small = check_confusion_matrix(lambda t, p, k: confusion(t, p, k)[:-1])
    assert too_small.status == "wrong" and "shape" in too_small.message
    assert check_confusion_matrix(stub).status == "not attempted"


def test_per_class_recall_verdicts():
    def recall(C):
        return np.diag(C) / np.maximum(C.sum(axis=1), 1)

    assert check_per_class_recall(recall).status == "correct"
    precision = check_per_class_recall(lambda C: np.diag(C) / np.maximum(C.sum(axis=0), 1))
    assert precision.status == "wrong" and "precision" in precision.message
    with np.errstate(invalid="ignore"):
        crash = check_per_class_recall(lambda C: np.diag(C) / C.sum(axis=1))
    assert crash.status == "wrong" and "nan or inf" in crash.message
    assert check_per_class_recall(stub).status == "not attempted"


def test_select_lr_verdicts():
    assert check_select_lr(lambda g, v, t: g[np.argmin(v)]).status == "correct"
    peeking = check_select_lr(lambda g, v, t: g[np.argmax(t)])
    assert peeking.status == "wrong" and "test accuracies must not influence" in peeking.message
    assert "val losses [0.9, 0.4, 0.25, 0.3, 2.0]" in peeking.message
    largest_loss = check_select_lr(lambda g, v, t: g[np.argmax(v)])
    assert largest_loss.status == "wrong"
    assert check_select_lr(stub).status == "not attempted"
