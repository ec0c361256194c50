"""The checkers of notebook 13: a tanh layer's Jacobian, Hv from gradients, GD's rate."""

import numpy as np

from bplab.exercises.jacobian import (
    check_gd_rate,
    check_hvp_by_differences,
    check_layer_jacobian,
)


def stub(*args):
    raise NotImplementedError


def layer_jacobian(x, W, b):
    y = np.tanh(x @ W + b)
    return np.diag(1 - y**2) @ W.T


def hvp_by_differences(grad_f, x, v, eps=1e-5):
    return (grad_f(x + eps * v) - grad_f(x - eps * v)) / (2 * eps)


def test_layer_jacobian_verdicts():
    assert check_layer_jacobian(layer_jacobian).status == "correct"
    transposed = check_layer_jacobian(lambda x, W, b: layer_jacobian(x, W, b).T)
    assert transposed.status == "wrong" and "shape" in transposed.message
    no_tanh = check_layer_jacobian(lambda x, W, b: W.T)
    assert no_tanh.status == "wrong" and "tanh, elementwise" in no_tanh.message
    assert check_layer_jacobian(stub).status == "not attempted"


def test_hvp_by_differences_verdicts():
    assert check_hvp_by_differences(hvp_by_differences).status == "correct"
    one_sided = check_hvp_by_differences(lambda g, x, v: (g(x + 1e-1 * v) - g(x)) / 1e-1)
    assert one_sided.status == "wrong" and "x of size 3" in one_sided.message
    half = check_hvp_by_differences(lambda g, x, v: hvp_by_differences(g, x, v) / 2)
    assert half.status == "wrong" and "constant factor" in half.message
    gradient_only = check_hvp_by_differences(lambda g, x, v: g(x))
    assert gradient_only.status == "wrong"
    assert check_hvp_by_differences(stub).status == "not attempted"


def test_gd_rate_verdicts():
    def rate(H, lr):
        return np.max(np.abs(1 - lr * np.linalg.eigvalsh(H)))

    assert check_gd_rate(rate).status == "correct"
    largest_only = check_gd_rate(lambda H, lr: abs(1 - lr * np.linalg.eigvalsh(H).max()))
    assert largest_only.status == "wrong" and "lr=0.1" in largest_only.message
    no_abs = check_gd_rate(lambda H, lr: np.max(1 - lr * np.linalg.eigvalsh(H)))
    assert no_abs.status == "wrong" and "smallest or the largest" in no_abs.message
    diagonal = check_gd_rate(lambda H, lr: np.max(np.abs(1 - lr * np.diag(H))))
    assert diagonal.status == "wrong" and "eigenvalues [2.0, 50.0]" in diagonal.message
    assert check_gd_rate(stub).status == "not attempted"
