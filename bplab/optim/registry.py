"""The optimizer table the notebooks and widgets share: one place for names, defaults,
slider ranges and equations.

Each entry (an :class:`OptimizerSpec`) names a ``bplab.optim`` class and the settings
that make it that variant ("Nesterov" is ``SGD`` with ``momentum=0.9, nesterov=True``),
a learning rate that works on each landscape, slider ranges, and the label of its
equation in the class docstring: the LaTeX that ``equation(name)`` returns is the
docstring's own ``.. math::`` block, so the documentation and the notebooks cannot
disagree::

    >>> from bplab.optim import registry, trajectory
    >>> registry.names()
    ('SGD', 'Momentum', 'Nesterov', 'Adagrad', 'RMSprop', 'Adam', 'AdamW', 'NAdam', 'AMSGrad')
    >>> make = registry.make("Adam", landscape="beale", beta1=0.8)   # params -> optimizer
    >>> traj = trajectory(make, "beale", steps=200)
"""

import inspect
import math
from dataclasses import dataclass

import numpy as np

from .adagrad import Adagrad
from .adam import Adam, AdamW
from .nadam import NAdam
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["OptimizerSpec", "Slider", "equation", "kwargs", "make", "names", "sliders", "spec"]


@dataclass(frozen=True)
class Slider:
    """A slider's range: ``low`` to ``high``, starting at ``default``; ``log`` for a log scale."""

    low: float
    high: float
    default: float
    log: bool = False


@dataclass(frozen=True)
class OptimizerSpec:
    """One registry entry.

    Attributes
    ----------
    name : str
    cls : type
        The ``bplab.optim`` class.
    settings : dict
        Keyword arguments that make this variant (e.g. ``{"momentum": 0.9}``).
    lr : float
        The learning rate used when no landscape is named.
    lr_by_landscape : dict
        A learning rate that converges (or shows the point) on each landscape.
    sliders : dict of Slider
        Ranges for the other hyperparameters; ``beta1``/``beta2`` stand for ``betas``.
    label : str
        The ``:label:`` of the equation block in ``cls``'s docstring.
    summary : str
        One line for a dropdown's tooltip.
    """

    name: str
    cls: type
    settings: dict
    lr: float
    lr_by_landscape: dict
    sliders: dict
    label: str
    summary: str

    def lr_for(self, landscape=None):
        """The default learning rate on ``landscape`` (a name, a Landscape or None)."""
        name = getattr(landscape, "name", landscape)
        return self.lr_by_landscape.get(name, self.lr)

    @property
    def equation(self):
        return docstring_equation(self.cls, self.label)


_LANDSCAPE_ORDER = ("quadratic", "rosenbrock", "beale", "himmelblau", "saddle", "rastrigin")


def _lrs(*values):
    return dict(zip(_LANDSCAPE_ORDER, values, strict=True))


_MOMENTUM = Slider(0.0, 0.99, 0.9)
_BETA1 = Slider(0.0, 0.99, 0.9)
_BETA2 = Slider(0.9, 0.9999, 0.999)
_EPS = Slider(1e-10, 1.0, 1e-8, log=True)

_SPECS = (
    OptimizerSpec("SGD", SGD, {}, 1e-2, _lrs(0.1, 2e-3, 2e-2, 1e-2, 0.1, 1e-2), {},
                  "sgd", "plain gradient descent: step against the gradient"),
    OptimizerSpec("Momentum", SGD, {"momentum": 0.9}, 1e-2,
                  _lrs(0.05, 2e-3, 3e-3, 5e-3, 0.05, 1e-2),
                  {"momentum": _MOMENTUM, "dampening": Slider(0.0, 0.99, 0.0)},
                  "momentum", "heavy ball: a velocity that accumulates gradients"),
    OptimizerSpec("Nesterov", SGD, {"momentum": 0.9, "nesterov": True}, 1e-2,
                  _lrs(0.05, 1e-3, 3e-3, 3e-3, 0.05, 1e-2), {"momentum": Slider(0.05, 0.99, 0.9)},
                  "nesterov", "momentum that looks ahead along the new velocity"),
    OptimizerSpec("Adagrad", Adagrad, {}, 1e-2, _lrs(1.0, 1.0, 1.0, 0.5, 0.5, 1.0),
                  {"lr_decay": Slider(0.0, 1.0, 0.0), "eps": Slider(1e-10, 1.0, 1e-10, log=True)},
                  "adagrad", "per-coordinate steps shrinking with the summed squared gradients"),
    OptimizerSpec("RMSprop", RMSprop, {}, 1e-2, _lrs(1e-2, 3e-3, 1e-2, 3e-2, 2e-2, 0.1),
                  {"alpha": Slider(0.5, 0.999, 0.99), "eps": _EPS,
                   "momentum": Slider(0.0, 0.99, 0.0)},
                  "rmsprop", "divide by a running RMS of recent gradients"),
    OptimizerSpec("Adam", Adam, {}, 1e-3, _lrs(0.3, 0.1, 0.3, 0.1, 0.05, 0.3),
                  {"beta1": _BETA1, "beta2": _BETA2, "eps": _EPS},
                  "adam", "momentum plus RMSprop, both bias-corrected"),
    OptimizerSpec("AdamW", AdamW, {}, 1e-3, _lrs(0.3, 0.05, 0.3, 0.1, 0.05, 0.3),
                  {"beta1": _BETA1, "beta2": _BETA2, "eps": _EPS,
                   "weight_decay": Slider(0.0, 0.5, 1e-2)},
                  "adamw", "Adam with weight decay applied to the weights, not the gradient"),
    OptimizerSpec("NAdam", NAdam, {}, 2e-3, _lrs(0.3, 2e-2, 0.1, 0.1, 0.05, 0.3),
                  {"beta1": _BETA1, "beta2": _BETA2, "eps": _EPS,
                   "momentum_decay": Slider(0.0, 0.1, 4e-3)},
                  "nadam", "Adam with Nesterov momentum"),
    OptimizerSpec("AMSGrad", Adam, {"amsgrad": True}, 1e-3, _lrs(0.3, 0.5, 0.3, 0.1, 0.05, 0.3),
                  {"beta1": _BETA1, "beta2": _BETA2, "eps": _EPS},
                  "amsgrad", "Adam whose denominator never shrinks"),
)
_BY_NAME = {s.name: s for s in _SPECS}


def names():
    """The registered optimizer names, in curriculum order."""
    return tuple(_BY_NAME)


def spec(name):
    """The :class:`OptimizerSpec` called ``name`` (case-insensitive)."""
    if isinstance(name, OptimizerSpec):
        return name
    for key, value in _BY_NAME.items():
        if isinstance(name, str) and key.lower() == name.lower():
            return value
    raise ValueError(f"unknown optimizer {name!r}; choose one of {', '.join(names())}")


def kwargs(name, landscape=None, **overrides):
    """The keyword arguments ``make`` passes to the class: the variant's settings, the
    landscape's lr, then ``overrides`` (``beta1``/``beta2`` set one entry of ``betas``)."""
    s = spec(name)
    params = inspect.signature(s.cls).parameters
    allowed = set(params) - {"params"} | ({"beta1", "beta2"} if "betas" in params else set())
    unknown = set(overrides) - allowed
    if unknown:
        raise TypeError(f"{s.name} has no hyperparameter {sorted(unknown)[0]!r}; "
                        f"it takes {', '.join(sorted(allowed))}")
    out = {"lr": s.lr_for(landscape), **s.settings}
    out.update((k, v) for k, v in overrides.items() if k not in ("beta1", "beta2"))
    if "beta1" in overrides or "beta2" in overrides:
        beta1, beta2 = out.get("betas", params["betas"].default)
        out["betas"] = (overrides.get("beta1", beta1), overrides.get("beta2", beta2))
    return out


def make(name, landscape=None, **overrides):
    """A function ``params -> optimizer`` for ``trajectory`` or a training loop.

    ``make("Nesterov", landscape="rosenbrock", momentum=0.95)`` uses the registry's lr
    for Rosenbrock and SGD with ``nesterov=True``; overrides win. Bad values raise
    when the optimizer is built, with the class's own message.
    """
    s = spec(name)
    kw = kwargs(s, landscape, **overrides)
    s.cls([np.zeros(2)], **kw)

    def build(params):
        return s.cls(params, **kw)

    build.__name__ = build.__qualname__ = f"make_{s.name}"
    build.__doc__ = f"{s.cls.__name__}(params, {', '.join(f'{k}={v!r}' for k, v in kw.items())})"
    return build


def sliders(name, landscape=None):
    """Slider ranges for ``name`` on ``landscape``: ``"lr"`` (log scale, from a hundredth of
    the default lr to thirty times it, so divergence is reachable) and the rest."""
    s = spec(name)
    lr = s.lr_for(landscape)
    low = 10.0 ** math.floor(math.log10(lr / 100.0))
    high = 10.0 ** math.ceil(math.log10(lr * 30.0))
    return {"lr": Slider(low, high, lr, log=True), **s.sliders}


def equation(name):
    """The update rule of ``name`` as LaTeX (for ``IPython.display.Math`` or ``$$ $$``),
    read from the ``.. math::`` block of the class docstring."""
    return spec(name).equation


def docstring_equation(cls, label):
    """The ``.. math::`` block labelled ``label`` in ``cls.__doc__``, ready for MathJax.

    Lines ending in ``\\\\`` become rows of a ``gathered`` environment.
    """
    lines = inspect.cleandoc(cls.__doc__ or "").splitlines()
    for i, line in enumerate(lines):
        if line.strip() == ".. math::" and i + 1 < len(lines) and \
                lines[i + 1].strip() == f":label: {label}":
            indent = len(line) - len(line.lstrip())
            body = []
            for row in lines[i + 2:]:
                if row.strip() and len(row) - len(row.lstrip()) <= indent:
                    break
                body.append(row.strip())
            tex = "\n".join(body).strip()
            return f"\\begin{{gathered}}\n{tex}\n\\end{{gathered}}" if "\\\\" in tex else tex
    raise ValueError(f"{cls.__name__}'s docstring has no '.. math::' block labelled {label!r}")
