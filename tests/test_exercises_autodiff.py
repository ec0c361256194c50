"""The checkers of notebook 09: central differences, the dual-number product, a forward Jacobian."""

import numpy as np

from bplab.autodiff import jvp
from bplab.exercises.autodiff import (
    check_central_difference,
    check_dual_mul,
    check_forward_jacobian,
)


def stub(*args):
    raise NotImplementedError


def forward_jacobian(f, x):
    columns = []
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = 1.0
        columns.append(np.asarray(jvp(f)(x, e)[1]))
    return np.stack(columns, axis=1)


def test_central_difference_verdicts():
    assert check_central_difference(lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h))
    forward = check_central_difference(lambda f, x, h: (f(x + h) - f(x)) / h)
    assert forward.status == "wrong" and "f=sin" in forward.message
    assert "forward difference" in forward.message
    no_two = check_central_difference(lambda f, x, h: (f(x + h) - f(x - h)) / h)
    assert no_two.status == "wrong" and "constant factor" in no_two.message
    assert check_central_difference(stub).status == "not attempted"


def test_dual_mul_verdicts():
    assert check_dual_mul(lambda a, da, b, db: (a * b, da * b + a * db))
    tangents_multiplied = check_dual_mul(lambda a, da, b, db: (a * b, da * db))
    assert tangents_multiplied.status == "wrong" and "product rule" in tangents_multiplied.message
    assert "entry 1" in tangents_multiplied.message
    assert check_dual_mul(stub).status == "not attempted"


def test_forward_jacobian_verdicts():
    assert check_forward_jacobian(forward_jacobian).status == "correct"
    transposed = check_forward_jacobian(lambda f, x: forward_jacobian(f, x).T)
    assert transposed.status == "wrong" and "transposed" in transposed.message
    assert check_forward_jacobian(stub).status == "not attempted"
