"""Newton's method: step to the minimum of the local quadratic model."""

import numpy as np

__all__ = ["newton_step"]


def newton_step(x, grad, hessian, lr=1.0, damping=0.0):
    r"""One (damped) Newton step from ``x``.

    .. math:: x_{\text{new}} = x - \eta\, (H + \lambda I)^{-1} g

    Parameters
    ----------
    x : array_like, shape (n,)
    grad : array_like of shape (n,), or callable ``x -> grad``
    hessian : array_like of shape (n, n), or callable ``x -> hessian``
        E.g. ``newton_step(x, land.grad, land.hessian)`` for a landscape.
    lr : float
        :math:`\eta`; 1 jumps straight to the model's stationary point.
    damping : float
        :math:`\lambda \ge 0` (Levenberg-Marquardt): large values turn the step into
        gradient descent with step size :math:`\eta/\lambda`, and make an indefinite
        Hessian positive definite.

    Returns
    -------
    ndarray
        The new point (``x`` is not changed). The system is solved, not inverted.
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"x must be a 1-D point, got shape {x.shape}")
    if not (_is_number(damping) and damping >= 0):
        raise ValueError(f"damping must be a number >= 0, got {damping!r}")
    if not (_is_number(lr) and lr > 0):
        raise ValueError(f"lr must be a number > 0, got {lr!r}")
    g = np.asarray(grad(x) if callable(grad) else grad, dtype=float)
    H = np.asarray(hessian(x) if callable(hessian) else hessian, dtype=float)
    n = x.shape[0]
    if g.shape != (n,):
        raise ValueError(f"grad must have shape ({n},), got {g.shape}")
    if H.shape != (n, n):
        raise ValueError(f"hessian must have shape ({n}, {n}), got {H.shape}")
    for name, value in (("grad", g), ("hessian", H)):
        if not np.isfinite(value).all():
            raise ValueError(f"{name} has non-finite entries at x = {x.tolist()} "
                             "(has the iteration diverged?)")
    A = H + damping * np.eye(n)
    try:
        step = np.linalg.solve(A, g)
    except np.linalg.LinAlgError:
        raise ValueError(
            f"the Hessian (+ damping * I) is singular at x = {x.tolist()}; "
            "add damping > 0 to make the system solvable"
        ) from None
    if np.linalg.cond(A) > 1e14:
        raise ValueError(
            f"the Hessian (+ damping * I) is singular at x = {x.tolist()} "
            f"(condition number {np.linalg.cond(A):.2g}); add damping > 0"
        )
    return x - lr * step


def _is_number(value):
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
