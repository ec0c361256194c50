"""Exercises for notebook 15: a confusion matrix, per-class recall, an honest lr choice.

References: ``bplab.widgets.capstone.confusion_matrix`` (imported lazily, as it lives in a
module that also draws) and short formulas written out below.
"""

import numpy as np

from bplab.exercises.checking import check

__all__ = ["check_confusion_matrix", "check_per_class_recall", "check_select_lr"]


def _confusion_reference(y_true, y_pred, classes):
    from bplab.widgets.capstone import confusion_matrix

    return confusion_matrix(y_true, y_pred, classes)


def _recall_reference(C):
    C = np.asarray(C, dtype=float)
    return np.diag(C) / np.maximum(C.sum(axis=1), 1.0)


def _select_reference(grid, val_losses, test_accuracies):
    return float(grid[int(np.argmin(val_losses))])


def check_confusion_matrix(fn):
    """Check ``fn(y_true, y_pred, classes)``: counts with true labels as rows.

    .. math:: C_{ij} = \\#\\{n : y_n = i,\\ \\hat y_n = j\\}
    """
    rng = np.random.default_rng(15)
    y = rng.integers(0, 4, size=40)
    noisy = np.where(rng.random(40) < 0.3, rng.integers(0, 4, size=40), y)
    cases = [(np.array([0, 1, 2, 2, 1]), np.array([0, 2, 2, 1, 1]), 3), (y, noisy, 4),
             (np.array([1, 1, 1]), np.array([0, 0, 1]), 3)]
    return check("confusion matrix", fn, _confusion_reference, cases,
                 hint="every example adds 1 to exactly one entry: its true label picks the row "
                      "and its prediction the column; start from a classes x classes array of "
                      "integer zeros",
                 describe=lambda c: f"{len(c[0])} labels, {c[2]} classes")


def check_per_class_recall(fn):
    """Check ``fn(C)``: for each class, the fraction of its examples predicted correctly.

    .. math:: \\text{recall}_i = \\frac{C_{ii}}{\\sum_j C_{ij}}

    A class with no examples gets recall 0.
    """
    cases = [(np.array([[5, 1, 0], [2, 6, 2], [0, 0, 4]]),),
             (np.array([[3, 1], [0, 0]]),),
             (np.diag([4, 2, 7, 1]) + 1,)]
    return check("per-class recall", fn, _recall_reference, cases,
                 hint="recall of class i = examples of i classified as i / all examples of i; "
                      "the rows of C are the true classes (dividing by the column sums gives "
                      "precision instead), and a class with no examples must not divide by 0",
                 describe=lambda c: f"{len(c[0])} classes")


def check_select_lr(fn):
    """Check ``fn(grid, val_losses, test_accuracies)``: choose the lr with the validation set.

    The test accuracies are passed in as a temptation: the right answer ignores them,
    because a test set used for choosing is no longer a fair estimate of new data.

    .. math:: \\eta^* = \\arg\\min_{\\eta \\in \\text{grid}} L_{val}(\\eta)
    """
    grid = np.array([1e-3, 3e-3, 1e-2, 3e-2, 1e-1])
    cases = [(grid, np.array([0.9, 0.4, 0.25, 0.3, 2.0]), np.array([0.7, 0.9, 0.94, 0.96, 0.5])),
             (grid, np.array([0.5, 0.2, 0.3, 0.6, 1.1]), np.array([0.86, 0.93, 0.95, 0.9, 0.8])),
             (grid[:3], np.array([0.3, 0.31, 0.8]), np.array([0.9, 0.92, 0.8]))]
    return check("honest learning-rate choice", fn, _select_reference, cases,
                 hint="choose with the validation split only (a lower loss is better); the test "
                      "accuracies must not influence the choice: the test set is for the one "
                      "final report",
                 describe=lambda c: f"val losses {c[1].tolist()}")
