"""bplab: a runnable curriculum on backpropagation and the optimizers built on it.

The package is the engine room behind ``notebooks/``. Its modules follow the curriculum::

    autodiff  ->  nn, optim, landscapes, data  ->  viz  ->  widgets, exercises

Importing ``bplab`` is cheap: submodules load on first use, and only ``viz`` and
``widgets`` import matplotlib and ipywidgets.
"""

import importlib

__version__ = "0.1.0"

__all__ = ["autodiff", "data", "exercises", "landscapes", "nn", "optim", "viz", "widgets"]


def __getattr__(name):
    if name in __all__:
        return importlib.import_module(f"bplab.{name}")
    raise AttributeError(f"module 'bplab' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
