"""RMSprop: divide by a running root-mean-square of recent gradients."""

import numpy as np

from .base import Optimizer, check_lr, check_nonnegative, check_unit


class RMSprop(Optimizer):
    r"""RMSprop (Hinton's lecture 6e, 2012), exactly as ``torch.optim.RMSprop``.

    With gradient :math:`g_t` (plus :math:`\lambda \theta_{t-1}` for ``weight_decay``):

    .. math::
       :label: rmsprop

       v_t = \alpha v_{t-1} + (1 - \alpha)\, g_t^2, \qquad
       \theta_t = \theta_{t-1} - \gamma\, \frac{g_t}{\sqrt{v_t} + \epsilon}

    ``centered=True`` also tracks the mean gradient and divides by an estimate of
    the standard deviation instead:
    :math:`\bar g_t = \alpha \bar g_{t-1} + (1 - \alpha) g_t`, denominator
    :math:`\sqrt{v_t - \bar g_t^2} + \epsilon`. With ``momentum`` :math:`\mu > 0` the
    scaled gradient goes into a buffer and lr stays outside it:
    :math:`b_t = \mu b_{t-1} + g_t / (\sqrt{v_t} + \epsilon)`,
    :math:`\theta_t = \theta_{t-1} - \gamma b_t`.

    Parameters
    ----------
    params : list of ndarray
    lr : float or callable
        :math:`\gamma`, default 1e-2.
    alpha : float
        :math:`\alpha` in [0, 1), default 0.99.
    eps : float
        :math:`\epsilon`, outside the square root, default 1e-8.
    weight_decay : float
    momentum : float
        :math:`\mu`, default 0.
    centered : bool
    maximize : bool

    Notes
    -----
    No bias correction: :math:`v_0 = 0`, so the first steps are large
    (:math:`\approx \gamma / \sqrt{1 - \alpha}` per coordinate). Hinton's slides use
    :math:`\alpha = 0.9`; Keras defaults to rho=0.9, lr=1e-3, eps=1e-7 and puts lr
    *inside* its momentum buffer (:math:`b_t = \mu b_{t-1} + \gamma g_t / \ldots`),
    which differs from torch when lr follows a schedule. TensorFlow 1 added eps
    inside the square root.

    State: ``square_avg``, ``momentum_buffer`` (momentum > 0), ``grad_avg``
    (centered) and ``step``.
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0,
                 momentum=0.0, centered=False, maximize=False):
        check_lr(lr)
        self.alpha = check_unit("alpha", alpha)
        self.eps = check_nonnegative("eps", eps)
        self.weight_decay = check_nonnegative("weight_decay", weight_decay)
        self.momentum = check_nonnegative("momentum", momentum)
        self.centered = bool(centered)
        super().__init__(params, lr, alpha=alpha, eps=eps, weight_decay=weight_decay,
                         momentum=momentum, centered=centered, maximize=maximize)

    def _init_state(self, p):
        state = {"step": 0, "square_avg": np.zeros_like(p)}
        if self.momentum > 0:
            state["momentum_buffer"] = np.zeros_like(p)
        if self.centered:
            state["grad_avg"] = np.zeros_like(p)
        return state

    def _update(self, p, g, state, lr):
        if self.weight_decay:
            g = g + self.weight_decay * p
        v = state["square_avg"]
        v *= self.alpha
        v += (1.0 - self.alpha) * g * g
        if self.centered:
            ga = state["grad_avg"]
            ga *= self.alpha
            ga += (1.0 - self.alpha) * g
            avg = np.sqrt(v - ga * ga)
        else:
            avg = np.sqrt(v)
        avg += self.eps
        if self.momentum > 0:
            buf = state["momentum_buffer"]
            buf *= self.momentum
            buf += g / avg
            p -= lr * buf
        else:
            p -= lr * g / avg
