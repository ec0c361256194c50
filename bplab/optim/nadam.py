"""NAdam: Adam with Nesterov momentum and Dozat's momentum-decay schedule."""


import numpy as np

from .base import Optimizer, check_betas, check_lr, check_nonnegative


class NAdam(Optimizer):
    r"""NAdam (Dozat, 2016), exactly as ``torch.optim.NAdam``.

    With gradient :math:`g_t` (plus :math:`\lambda \theta_{t-1}` unless the decay is
    decoupled) and :math:`\psi` = ``momentum_decay``:

    .. math::
       :label: nadam

       \mu_t = \beta_1 \left(1 - \tfrac12\, 0.96^{t \psi}\right), \qquad
       m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad
       v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2, \\
       \theta_t = \theta_{t-1}
       - \gamma\, \frac{1 - \mu_t}{1 - \prod_{i \le t} \mu_i}\, \frac{g_t}{d_t}
       - \gamma\, \frac{\mu_{t+1}}{1 - \prod_{i \le t+1} \mu_i}\, \frac{m_t}{d_t},
       \qquad d_t = \sqrt{v_t / (1 - \beta_2^t)} + \epsilon

    The first moment uses the constant :math:`\beta_1`; only the update uses the
    schedule :math:`\mu_t, \mu_{t+1}`. :math:`\prod_{i \le t} \mu_i` is kept in the
    state as ``mu_product``.

    Parameters
    ----------
    params : list of ndarray
    lr : float or callable
        :math:`\gamma`, default 2e-3.
    betas : (float, float)
        Default (0.9, 0.999).
    eps : float
        Outside the square root, default 1e-8.
    weight_decay : float
    momentum_decay : float
        :math:`\psi`, default 4e-3.
    decoupled_weight_decay : bool
        Shrink weights by :math:`(1 - \gamma\lambda)` first, as AdamW ("NAdamW").
    maximize : bool

    Notes
    -----
    Dozat's paper uses :math:`\mu_t` inside the first-moment average too and a
    schedule with :math:`0.96^{t/250}` (i.e. :math:`\psi = 0.004`); Keras' Nadam
    follows the paper's schedule, defaults lr=1e-3, eps=1e-7, and adds eps to the
    uncorrected root. With ``momentum_decay=0``, :math:`\mu_t = \beta_1/2`.

    State: ``exp_avg``, ``exp_avg_sq``, ``mu_product`` (a float, 1 before step 1)
    and ``step``.
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 momentum_decay=4e-3, decoupled_weight_decay=False, maximize=False):
        check_lr(lr)
        self.beta1, self.beta2 = check_betas(betas)
        self.eps = check_nonnegative("eps", eps)
        self.weight_decay = check_nonnegative("weight_decay", weight_decay)
        self.momentum_decay = check_nonnegative("momentum_decay", momentum_decay)
        self.decoupled_weight_decay = bool(decoupled_weight_decay)
        super().__init__(params, lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                         momentum_decay=momentum_decay,
                         decoupled_weight_decay=decoupled_weight_decay, maximize=maximize)

    def _init_state(self, p):
        return {"step": 0, "exp_avg": np.zeros_like(p), "exp_avg_sq": np.zeros_like(p),
                "mu_product": 1.0}

    def mu(self, t):
        r""":math:`\mu_t = \beta_1 (1 - \frac12 0.96^{t \psi})`, the momentum of step ``t``."""
        return self.beta1 * (1.0 - 0.5 * 0.96 ** (t * self.momentum_decay))

    def _update(self, p, g, state, lr):
        t = state["step"]
        if self.weight_decay:
            if self.decoupled_weight_decay:
                p *= 1.0 - lr * self.weight_decay
            else:
                g = g + self.weight_decay * p
        mu, mu_next = self.mu(t), self.mu(t + 1)
        mu_product = state["mu_product"] = float(state["mu_product"]) * mu
        m, v = state["exp_avg"], state["exp_avg_sq"]
        m += (1.0 - self.beta1) * (g - m)  # torch's lerp: beta1 m + (1 - beta1) g
        v *= self.beta2
        v += (1.0 - self.beta2) * g * g
        denom = np.sqrt(v / (1.0 - self.beta2**t))
        denom += self.eps
        p -= (lr * (1.0 - mu) / (1.0 - mu_product)) * g / denom
        p -= (lr * mu_next / (1.0 - mu_product * mu_next)) * m / denom
