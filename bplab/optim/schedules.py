"""Learning-rate schedules: plain callables ``k -> lr``, with torch's numbers.

Pass one as an optimizer's ``lr``: the step that follows ``k`` completed steps uses
``lr(k)``, which is what ``torch.optim.lr_scheduler.X`` gives when ``scheduler.step()``
is called after every ``optimizer.step()``::

    opt = SGD(params, lr=cosine_annealing_lr(0.1, T_max=100))

Each schedule is a small frozen dataclass (named in lower case: it reads like a
function), so it prints its settings and can be
compared; ``sched(np.arange(n))`` evaluates many steps at once for plots.
"""

from dataclasses import dataclass

import numpy as np

from .base import check_lr, check_nonnegative

__all__ = ["cosine_annealing_lr", "exponential_lr", "linear_lr", "step_lr"]


def _k(k):
    k = np.asarray(k)
    if not np.issubdtype(k.dtype, np.integer) or (k < 0).any():
        raise ValueError(f"k must be a non-negative integer step count, got {k!r}")
    return k


def _out(x):
    return float(x) if np.ndim(x) == 0 else x


def _positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


@dataclass(frozen=True)
class step_lr:
    r"""``StepLR``: multiply by ``gamma`` every ``step_size`` steps.

    .. math:: \gamma_k = \gamma_0\, \text{gamma}^{\lfloor k / \text{step\_size} \rfloor}
    """

    lr: float
    step_size: int
    gamma: float = 0.1

    def __post_init__(self):
        check_lr(self.lr)
        _positive_int("step_size", self.step_size)
        check_nonnegative("gamma", self.gamma)

    def __call__(self, k):
        return _out(self.lr * self.gamma ** (_k(k) // self.step_size))


@dataclass(frozen=True)
class exponential_lr:
    r"""``ExponentialLR``: multiply by ``gamma`` every step.

    .. math:: \gamma_k = \gamma_0\, \text{gamma}^{k}
    """

    lr: float
    gamma: float

    def __post_init__(self):
        check_lr(self.lr)
        check_nonnegative("gamma", self.gamma)

    def __call__(self, k):
        return _out(self.lr * self.gamma ** _k(k).astype(float))


@dataclass(frozen=True)
class cosine_annealing_lr:
    r"""``CosineAnnealingLR``: half a cosine from ``lr`` down to ``eta_min`` over ``T_max``.

    .. math::
       \gamma_k = \eta_{\min} + \tfrac12 (\gamma_0 - \eta_{\min})
       \left(1 + \cos \frac{\pi k}{T_{\max}}\right)

    As in torch, the formula simply continues after ``T_max``: the rate climbs back
    to ``lr`` at ``2 T_max`` (period ``2 T_max``; no warm restart, no clamping).
    At ``k = T_max`` it is exactly ``eta_min``, so with the default 0 that step
    does not move (optimizers accept a schedule's 0).
    """

    lr: float
    T_max: int
    eta_min: float = 0.0

    def __post_init__(self):
        check_lr(self.lr)
        _positive_int("T_max", self.T_max)
        check_nonnegative("eta_min", self.eta_min)

    def __call__(self, k):
        phase = np.cos(np.pi * _k(k) / self.T_max)
        return _out(self.eta_min + (self.lr - self.eta_min) * (1.0 + phase) / 2.0)


@dataclass(frozen=True)
class linear_lr:
    r"""``LinearLR``: scale ``lr`` linearly from ``start_factor`` to ``end_factor``.

    .. math::
       \gamma_k = \gamma_0 \left(s + (e - s)\, \frac{\min(k, K)}{K}\right)

    with torch's defaults :math:`s = 1/3`, :math:`e = 1`, :math:`K = 5` (a warm-up
    that starts at lr/3); constant at ``lr * end_factor`` after ``total_iters``.
    """

    lr: float
    start_factor: float = 1.0 / 3.0
    end_factor: float = 1.0
    total_iters: int = 5

    def __post_init__(self):
        check_lr(self.lr)
        if not 0 < self.start_factor <= 1:
            raise ValueError(f"start_factor must be in (0, 1], got {self.start_factor!r}")
        if not 0 <= self.end_factor <= 1:
            raise ValueError(f"end_factor must be in [0, 1], got {self.end_factor!r}")
        _positive_int("total_iters", self.total_iters)

    def __call__(self, k):
        frac = np.minimum(_k(k), self.total_iters) / self.total_iters
        return _out(self.lr * (self.start_factor + (self.end_factor - self.start_factor) * frac))
