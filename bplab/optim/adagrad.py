"""Adagrad: a per-coordinate step size that shrinks with the gradients seen so far."""

import numpy as np

from .base import Optimizer, check_lr, check_nonnegative


class Adagrad(Optimizer):
    r"""Adagrad (Duchi, Hazan & Singer, 2011), exactly as ``torch.optim.Adagrad``.

    With gradient :math:`g_t` (plus :math:`\lambda \theta_{t-1}` for ``weight_decay``):

    .. math::
       :label: adagrad

       \tilde\gamma_t = \frac{\gamma}{1 + (t - 1)\,\eta}, \qquad
       s_t = s_{t-1} + g_t^2, \qquad
       \theta_t = \theta_{t-1} - \tilde\gamma_t\, \frac{g_t}{\sqrt{s_t} + \epsilon}

    with :math:`s_0` = ``initial_accumulator_value`` and :math:`\eta` = ``lr_decay``.

    Parameters
    ----------
    params : list of ndarray
    lr : float or callable
        :math:`\gamma`, default 1e-2.
    lr_decay : float
        :math:`\eta`, default 0.
    weight_decay : float
        :math:`\lambda`, default 0.
    initial_accumulator_value : float
        :math:`s_0`, default 0.
    eps : float
        :math:`\epsilon`, added *outside* the square root, default 1e-10.
    maximize : bool

    Notes
    -----
    The paper's diagonal form divides by :math:`\delta + \sqrt{s_t}` as torch does.
    Keras puts eps outside too but defaults to lr=1e-3,
    ``initial_accumulator_value=0.1`` and eps=1e-7; some texts (and TensorFlow 1)
    write :math:`\sqrt{s_t + \epsilon}`, which differs when eps is not tiny.

    State: ``sum`` (:math:`s_t`) and ``step``.
    """

    def __init__(self, params, lr=1e-2, lr_decay=0.0, weight_decay=0.0,
                 initial_accumulator_value=0.0, eps=1e-10, maximize=False):
        check_lr(lr)
        self.lr_decay = check_nonnegative("lr_decay", lr_decay)
        self.weight_decay = check_nonnegative("weight_decay", weight_decay)
        self.initial_accumulator_value = check_nonnegative(
            "initial_accumulator_value", initial_accumulator_value)
        self.eps = check_nonnegative("eps", eps)
        super().__init__(params, lr, lr_decay=lr_decay, weight_decay=weight_decay,
                         initial_accumulator_value=initial_accumulator_value, eps=eps,
                         maximize=maximize)

    def _init_state(self, p):
        return {"step": 0, "sum": np.full_like(p, self.initial_accumulator_value)}

    def _update(self, p, g, state, lr):
        if self.weight_decay:
            g = g + self.weight_decay * p
        clr = lr / (1.0 + (state["step"] - 1) * self.lr_decay)
        s = state["sum"]
        s += g * g
        std = np.sqrt(s)
        std += self.eps
        p -= clr * g / std
