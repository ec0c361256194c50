"""Self-checking exercises: ``check_*`` functions that judge a learner's answer.

Every checker calls the learner's function on a few cases, compares the result with the
reference solution, prints one friendly line (with a specific hint when it is wrong) and
returns a :class:`Verdict`. A stub that still raises ``NotImplementedError`` is reported as
"not attempted yet", so a notebook always runs top to bottom.

Checkers live in one module per notebook (``bplab.exercises.graph``, ``...adam``, ...);
this package re-exports them all.
"""

from bplab.exercises.checking import Verdict, check, compare

__all__ = ["Verdict", "check", "compare"]
