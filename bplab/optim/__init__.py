"""Optimizers with torch.optim's names, defaults and update equations.

``params`` is a list of float numpy arrays that ``opt.step(grads)`` updates in place;
``opt.state[i]`` holds each parameter's buffers under torch's names. ``lr`` may be a
float or a schedule ``k -> lr`` (``step_lr``, ``exponential_lr``,
``cosine_annealing_lr``, ``linear_lr``). ``trajectory`` runs any of them on a 2-D
landscape; ``bplab.optim.registry`` is the table of names, defaults, slider ranges and
equations that the notebooks and widgets share.
"""

from . import registry
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .base import Optimizer
from .clipping import clip_grad_norm, clip_grad_value
from .nadam import NAdam
from .newton import newton_step
from .rmsprop import RMSprop
from .schedules import cosine_annealing_lr, exponential_lr, linear_lr, step_lr
from .sgd import SGD
from .trajectory import Trajectory, trajectory

__all__ = [
    "SGD",
    "Adagrad",
    "Adam",
    "AdamW",
    "NAdam",
    "Optimizer",
    "RMSprop",
    "Trajectory",
    "clip_grad_norm",
    "clip_grad_value",
    "cosine_annealing_lr",
    "exponential_lr",
    "linear_lr",
    "newton_step",
    "registry",
    "step_lr",
    "trajectory",
]
