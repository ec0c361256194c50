"""Adam and AdamW: bias-corrected first and second moments of the gradient."""

import math

import numpy as np

from .base import Optimizer, check_betas, check_lr, check_nonnegative


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015), exactly as ``torch.optim.Adam``.

    With gradient :math:`g_t` (plus :math:`\lambda \theta_{t-1}` when ``weight_decay``
    is set and not decoupled):

    .. math::
       :label: adam

       m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad
       v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2, \\
       \theta_t = \theta_{t-1} - \frac{\gamma}{1 - \beta_1^t}\,
       \frac{m_t}{\sqrt{v_t} / \sqrt{1 - \beta_2^t} + \epsilon}

    With ``amsgrad=True`` the denominator uses the running maximum of the *raw*
    second moment, bias-corrected afterwards:

    .. math::
       :label: amsgrad

       v^{\max}_t = \max(v^{\max}_{t-1}, v_t), \qquad
       \theta_t = \theta_{t-1} - \frac{\gamma}{1 - \beta_1^t}\,
       \frac{m_t}{\sqrt{v^{\max}_t} / \sqrt{1 - \beta_2^t} + \epsilon}

    With ``decoupled_weight_decay=True`` (that is AdamW) the decay is not added to
    the gradient but shrinks the weights first, by the current lr:
    :math:`\theta_{t-1} \leftarrow \theta_{t-1} (1 - \gamma \lambda)`.

    Parameters
    ----------
    params : list of ndarray
    lr : float or callable
        :math:`\gamma`, default 1e-3.
    betas : (float, float)
        :math:`(\beta_1, \beta_2)` in [0, 1), default (0.9, 0.999).
    eps : float
        :math:`\epsilon`, added *outside* the square root, default 1e-8.
    weight_decay : float
        :math:`\lambda`, default 0.
    amsgrad : bool
    decoupled_weight_decay : bool
    maximize : bool

    Notes
    -----
    The paper writes :math:`\hat m_t / (\sqrt{\hat v_t} + \epsilon)` with
    :math:`\hat m_t = m_t/(1-\beta_1^t)`, :math:`\hat v_t = v_t/(1-\beta_2^t)`: the
    same as torch. Keras uses eps=1e-7 and, like the paper's "efficient version",
    adds :math:`\hat\epsilon` to :math:`\sqrt{v_t}` *before* the bias correction,
    which matters when eps is not tiny. Reddi et al.'s AMSGrad takes the max of the
    bias-corrected moment; torch (and so bplab) takes the max of the raw one.

    State: ``exp_avg``, ``exp_avg_sq``, ``max_exp_avg_sq`` (amsgrad only) and ``step``.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 amsgrad=False, decoupled_weight_decay=False, maximize=False):
        check_lr(lr)
        self.beta1, self.beta2 = check_betas(betas)
        self.eps = check_nonnegative("eps", eps)
        self.weight_decay = check_nonnegative("weight_decay", weight_decay)
        self.amsgrad = bool(amsgrad)
        self.decoupled_weight_decay = bool(decoupled_weight_decay)
        super().__init__(params, lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                         amsgrad=amsgrad, decoupled_weight_decay=decoupled_weight_decay,
                         maximize=maximize)

    def _init_state(self, p):
        state = {"step": 0, "exp_avg": np.zeros_like(p), "exp_avg_sq": np.zeros_like(p)}
        if self.amsgrad:
            state["max_exp_avg_sq"] = np.zeros_like(p)
        return state

    def _update(self, p, g, state, lr):
        t = state["step"]
        if self.weight_decay:
            if self.decoupled_weight_decay:
                p *= 1.0 - lr * self.weight_decay
            else:
                g = g + self.weight_decay * p
        m, v = state["exp_avg"], state["exp_avg_sq"]
        m += (1.0 - self.beta1) * (g - m)  # torch's lerp: beta1 m + (1 - beta1) g
        v *= self.beta2
        v += (1.0 - self.beta2) * g * g
        if self.amsgrad:
            np.maximum(state["max_exp_avg_sq"], v, out=state["max_exp_avg_sq"])
            v = state["max_exp_avg_sq"]
        step_size = lr / (1.0 - self.beta1**t)
        denom = np.sqrt(v)
        denom /= math.sqrt(1.0 - self.beta2**t)
        denom += self.eps
        p -= step_size * m / denom


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov & Hutter, 2019), as ``torch.optim.AdamW``.

    The decay shrinks the weights directly, scaled by the current learning rate,
    instead of entering the gradient (and so the moment estimates):

    .. math::
       :label: adamw

       \theta_{t-1} \leftarrow \theta_{t-1}\,(1 - \gamma \lambda), \qquad
       m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad
       v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2, \\
       \theta_t = \theta_{t-1} - \frac{\gamma}{1 - \beta_1^t}\,
       \frac{m_t}{\sqrt{v_t} / \sqrt{1 - \beta_2^t} + \epsilon}

    Defaults as torch: lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2.

    Notes
    -----
    The paper decays by :math:`\eta_t \lambda` with a schedule multiplier
    :math:`\eta_t` separate from the lr :math:`\alpha`; torch (and bplab) multiply
    by the lr itself, so ``weight_decay`` values are not interchangeable with the
    paper's. Keras' AdamW decays by ``lr * weight_decay`` too, default 4e-3.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False, maximize=False):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad,
                         decoupled_weight_decay=True, maximize=maximize)
        del self.defaults["decoupled_weight_decay"]
