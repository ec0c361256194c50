"""Stochastic gradient descent, with torch's momentum, dampening and Nesterov."""

import numpy as np

from .base import Optimizer, check_lr, check_nonnegative


class SGD(Optimizer):
    r"""Gradient descent with optional momentum, exactly as ``torch.optim.SGD``.

    With gradient :math:`g_t` (plus weight decay :math:`\lambda \theta_{t-1}` when
    ``weight_decay`` is set), plain SGD is

    .. math::
       :label: sgd

       \theta_t = \theta_{t-1} - \gamma\, g_t

    With ``momentum`` :math:`\mu > 0` torch keeps a velocity buffer whose first value
    is the gradient itself (no dampening on step 1), then

    .. math::
       :label: momentum

       b_t = \mu\, b_{t-1} + (1 - \tau)\, g_t, \qquad \theta_t = \theta_{t-1} - \gamma\, b_t

    and with ``nesterov=True`` the step looks ahead along the new velocity:

    .. math::
       :label: nesterov

       b_t = \mu\, b_{t-1} + (1 - \tau)\, g_t, \qquad
       \theta_t = \theta_{t-1} - \gamma\, (g_t + \mu\, b_t)

    Parameters
    ----------
    params : list of ndarray
    lr : float or callable
        :math:`\gamma`; required here (torch 2.x defaults to 1e-3, a poor choice for
        most problems).
    momentum : float
        :math:`\mu`, default 0.
    dampening : float
        :math:`\tau`, default 0.
    weight_decay : float
        :math:`\lambda`, L2 penalty added to the gradient, default 0.
    nesterov : bool
        Requires ``momentum > 0`` and ``dampening == 0`` (torch refuses it too).
    maximize : bool
        Ascend instead of descend.

    Notes
    -----
    Other conventions: Sutskever et al. (2013) and the Keras/CS231n form write
    :math:`v_t = \mu v_{t-1} - \eta g_t,\ \theta_t = \theta_{t-1} + v_t`. With a
    constant learning rate it is torch's form with :math:`v_t = -\gamma b_t`, the same
    iterates; with a schedule they differ, because torch applies the *current* lr to
    the whole buffer. Nesterov's original look-ahead gradient
    :math:`g(\theta + \mu v)` is rewritten here (as in torch and Keras) in terms of
    the gradient at the current point. Polyak's heavy ball sometimes uses
    dampening :math:`\tau = \mu`, i.e. an exponential average of gradients.

    State: ``step`` and ``momentum_buffer``, which is None until the first step
    sets it to that step's gradient (torch's rule; a buffer set by hand is used as is).
    """

    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0,
                 nesterov=False, maximize=False):
        check_lr(lr)
        self.momentum = check_nonnegative("momentum", momentum)
        self.dampening = check_nonnegative("dampening", dampening)
        self.weight_decay = check_nonnegative("weight_decay", weight_decay)
        self.nesterov = bool(nesterov)
        if self.nesterov and (self.momentum <= 0 or self.dampening != 0):
            raise ValueError("nesterov=True requires momentum > 0 and dampening == 0")
        super().__init__(params, lr, momentum=momentum, dampening=dampening,
                         weight_decay=weight_decay, nesterov=nesterov, maximize=maximize)

    def _init_state(self, p):
        if self.momentum == 0:
            return {"step": 0}
        return {"step": 0, "momentum_buffer": None}

    def _update(self, p, g, state, lr):
        if self.weight_decay:
            g = g + self.weight_decay * p
        if self.momentum:
            buf = state["momentum_buffer"]
            if buf is None:
                buf = state["momentum_buffer"] = np.array(g, dtype=p.dtype)
            else:
                buf *= self.momentum
                buf += (1.0 - self.dampening) * g
            g = g + self.momentum * buf if self.nesterov else buf
        p -= lr * g
