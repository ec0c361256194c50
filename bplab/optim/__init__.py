"""Optimizers with torch.optim's names, defaults and update equations.

``params`` is a list of float numpy arrays that ``opt.step(grads)`` updates in place;
``opt.state[i]`` holds each parameter's buffers under torch's names. See
``bplab.optim.registry`` for the table the notebooks and widgets share.
"""

from .adam import Adam, AdamW
from .base import Optimizer
from .sgd import SGD
from .trajectory import Trajectory, trajectory

__all__ = ["SGD", "Adam", "AdamW", "Optimizer", "Trajectory", "trajectory"]
