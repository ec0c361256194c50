"""Exercises for notebook 13: a layer's Jacobian, a Hessian-vector product, GD's rate.

References: ``bplab.autodiff.jacobian`` (reverse mode, one pass per output),
``bplab.autodiff.hvp`` (exact, reverse-over-reverse) and the eigenvalues of the Hessian
(``numpy.linalg.eigvalsh``).
"""

import numpy as np

from bplab.exercises.checking import check

__all__ = ["check_layer_jacobian", "check_hvp_by_differences", "check_gd_rate"]


def _layer_jacobian_reference(x, W, b):
    from bplab.autodiff import jacobian, tanh

    return jacobian(lambda t: tanh(t @ W + b))(x)


def _layer_cases():
    rng = np.random.default_rng(13)
    return [(rng.normal(size=3), rng.normal(size=(3, 2)), rng.normal(size=2)),
            (rng.normal(size=2), rng.normal(size=(2, 4)), np.zeros(4)),
            (0.3 * rng.normal(size=4), rng.normal(size=(4, 4)), rng.normal(size=4))]


def check_layer_jacobian(fn):
    """Check ``fn(x, W, b)``: the Jacobian of ``y = tanh(x W + b)`` with respect to ``x``.

    .. math:: \\frac{\\partial y_i}{\\partial x_j} = (1 - y_i^2)\\, W_{ji},
              \\qquad J = \\operatorname{diag}(1 - y^2)\\, W^\\top

    ``x`` is one example of shape ``(n,)``; the answer has shape ``(m, n)`` (outputs by
    inputs), the layout of ``bplab.autodiff.jacobian``.
    """
    return check("Jacobian of a tanh layer", fn, _layer_jacobian_reference, _layer_cases(),
                 hint="chain rule in two steps: the Jacobian of z = x @ W + b with respect to x "
                      "(which matrix, which way round, for rows = outputs and columns = inputs?), "
                      "then tanh, elementwise, scales row i by its derivative at z_i",
                 describe=lambda c: f"x of shape {c[0].shape}, W of shape {c[1].shape}")


def _loss(w):
    """A small non-quadratic function of a vector: sum of tanh(A w)^2 plus a quartic term."""
    from bplab.autodiff import tanh

    n = w.shape[0]
    A = (np.arange(n * n, dtype=float).reshape(n, n) % 5 - 2.0) / 2.0
    return (tanh(A @ w) ** 2).sum() + 0.25 * ((w * w) ** 2).sum()


def _gradient_of_loss(w):
    from bplab.autodiff import grad

    return grad(_loss)(np.asarray(w, dtype=float))


def _hvp_reference(grad_f, x, v):
    from bplab.autodiff import hvp

    return hvp(_loss)(x, v)


def _hvp_cases():
    rng = np.random.default_rng(130)
    return [(_gradient_of_loss, rng.normal(size=3), rng.normal(size=3)),
            (_gradient_of_loss, rng.normal(size=5), np.eye(5)[2]),
            (_gradient_of_loss, 0.5 * rng.normal(size=4), rng.normal(size=4))]


def check_hvp_by_differences(fn):
    """Check ``fn(grad_f, x, v)``: the Hessian-vector product from two gradient calls.

    .. math:: H v \\approx \\frac{\\nabla f(x + \\varepsilon v) - \\nabla f(x - \\varepsilon v)}
              {2 \\varepsilon}

    The reference is the exact ``bplab.autodiff.hvp``; a central difference with
    ``eps`` around 1e-5 agrees to about 1e-8, within the tolerance used here.
    """
    return check("Hessian-vector product from gradients", fn, _hvp_reference, _hvp_cases(),
                 rtol=1e-5, atol=1e-6,
                 hint="Hv is the derivative of the gradient in the direction v: evaluate grad_f "
                      "a small step (eps around 1e-5) either side of x along v and divide the "
                      "difference by the distance between the two points",
                 describe=lambda c: f"x of size {c[1].size}")


def _gd_rate_reference(H, lr):
    eig = np.linalg.eigvalsh(np.asarray(H, dtype=float))
    return float(np.max(np.abs(1.0 - lr * eig)))


def check_gd_rate(fn):
    """Check ``fn(H, lr)``: the factor by which one GD step shrinks the error on a quadratic.

    On :math:`f(x) = \\tfrac12 x^\\top H x` a step :math:`x \\leftarrow x - \\eta H x`
    multiplies the error's component along eigenvector :math:`u_i` by
    :math:`1 - \\eta \\lambda_i`; the slowest one sets the rate

    .. math:: \\rho(\\eta) = \\max_i |1 - \\eta \\lambda_i| .

    Below 1 GD converges; above 1 it diverges.
    """
    rot = np.array([[np.cos(0.4), -np.sin(0.4)], [np.sin(0.4), np.cos(0.4)]])
    cases = [(np.diag([1.0, 10.0]), 0.1), (np.diag([1.0, 10.0]), 2.0 / 11.0),
             (rot @ np.diag([2.0, 50.0]) @ rot.T, 0.01), (np.diag([1.0, 4.0, 9.0]), 0.3),
             (np.diag([0.5, 3.0]), 1.0)]
    return check("GD contraction factor", fn, _gd_rate_reference, cases,
                 hint="along eigenvector i one step multiplies the error by 1 - lr * lambda_i "
                      "(np.linalg.eigvalsh gives the lambdas); the worst factor in absolute value "
                      "decides, and it can come from the smallest or the largest eigenvalue",
                 describe=lambda c: f"eigenvalues {np.round(np.linalg.eigvalsh(c[0]), 3).tolist()},"
                                    f" lr={c[1]:.4g}")
