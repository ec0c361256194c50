"""Self-checking exercises: ``check_*`` functions that judge a learner's answer.

Every checker calls the learner's function on a few cases, compares the result with the
reference solution, prints one friendly line (with a specific hint when it is wrong) and
returns a :class:`Verdict`. A stub that still raises ``NotImplementedError`` is reported as
"not attempted yet", so a notebook always runs top to bottom.

The checkers live in one module per notebook, which is where a notebook imports them from:

========================  ==========================================
module                    notebook
========================  ==========================================
``start``                 00 · start here
``graph``                 01 · the computational graph
``backprop``              02 · backpropagation
``gradient_descent``      03 · gradient descent, SGD, mini-batches
``momentum``              04 · momentum and Nesterov
``adagrad``               05 · Adagrad
``rmsprop``               06 · RMSprop
``adam``                  07 · Adam
``nadam``                 08 · Nadam
``autodiff``              09 · automatic differentiation
``schedules``             10 · learning-rate schedules
``clipping``              11 · gradient clipping
``newton``                12 · Newton's method
``jacobian``              13 · Jacobian and Hessian
``dropout``               14 · dropout
``capstone``              15 · capstone
========================  ==========================================

The shared machinery is :mod:`bplab.exercises.checking` (``check``, ``check_update``,
``compare``) and, for the optimizer exercises, :mod:`bplab.exercises.update_rules`.
"""

from bplab.exercises.checking import Verdict, check, check_update, compare

__all__ = ["Verdict", "check", "check_update", "compare"]
