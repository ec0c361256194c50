"""The machinery every exercise checker shares: run, compare, give a verdict.

A checker is a few lines::

    def check_sigmoid_grad(fn):
        return check("sigmoid'", fn, reference.sigmoid_grad, cases=[(0.0,), (2.0,)],
                     hint="d/dx sigmoid(x) = sigmoid(x) * (1 - sigmoid(x))")

``check`` calls ``fn(*case)`` for each case, and stops at the first wrong one with a
message that says *how* it is wrong (shape, sign, a constant factor, which entry).

For a function with several results there is one checker, :func:`check_parts`, which
names the wrong result; :func:`check_update` is ``check_parts`` for an update rule
``(x, state...) -> (x_new, state_new...)``. :func:`likely_mistake` turns a wrong answer
that matches a known slip into the hint that names it.
"""

from dataclasses import dataclass

import numpy as np

CORRECT, WRONG, NOT_ATTEMPTED, ERROR = "correct", "wrong", "not attempted", "error"


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check: ``status`` is correct, wrong, not attempted or error.

    ``bool(verdict)`` is True only when the answer is correct. The message has already
    been printed by the checker, so a notebook does not show the object a second time.
    """

    exercise: str
    status: str
    message: str

    def __bool__(self):
        return self.status == CORRECT

    def _ipython_display_(self):
        pass


def compare(got, expected, rtol=1e-6, atol=1e-9):
    """Describe how ``got`` differs from ``expected``; return None when they agree.

    Recognises the mistakes learners make most: a wrong shape, a flipped sign, a
    constant factor (a forgotten 1/2 or 1/n), a transposed matrix, and otherwise names
    the entry with the largest error.
    """
    if got is None:
        return "your function returned None: did it forget to `return` its result?"
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"expected a number or an array of numbers, got {type(got).__name__}"
    expected = np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        if got.T.shape == expected.shape and np.allclose(got.T, expected, rtol, atol):
            return (f"the values are right but transposed: shape {got.shape}, "
                    f"expected {expected.shape}")
        return f"shape {got.shape}, expected {expected.shape}"
    if not np.all(np.isfinite(got)):
        return "the result contains nan or inf"
    if np.allclose(got, expected, rtol=rtol, atol=atol):
        return None
    if np.allclose(got, -expected, rtol=rtol, atol=atol):
        return "the sign is flipped"
    if expected.ndim == 0:
        return _scalar_difference(float(got), float(expected))
    ratio = _constant_ratio(got, expected)
    if ratio is not None:
        return f"off by a constant factor: yours is {ratio:.4g} times the expected value"
    err = np.abs(got - expected)
    where = np.unravel_index(np.argmax(err), err.shape)
    index = int(where[0]) if len(where) == 1 else tuple(int(i) for i in where)
    return (f"entry {index} is {got[where]:.6g}, expected {expected[where]:.6g} "
            f"(largest error {err[where]:.3g})")


def _constant_ratio(got, expected):
    mask = np.abs(expected) > 1e-12
    if not mask.any() or np.any(np.abs(got[~mask]) > 1e-9):
        return None
    ratios = got[mask] / expected[mask]
    first = ratios.flat[0]
    if np.allclose(ratios, first, rtol=1e-6) and not np.isclose(first, 1.0, rtol=1e-3):
        return float(first)
    return None


def _scalar_difference(got, expected):
    """Two numbers: say both, and name the factor when it is a whole number (2, 3, 1/2)."""
    text = f"got {got:.6g}, expected {expected:.6g}"
    if got != 0 and expected != 0:
        ratio = got / expected
        whole = max(abs(ratio), 1 / abs(ratio))
        if whole > 1.5 and abs(whole - round(whole)) < 1e-6 * whole:
            text += f", off by a constant factor: yours is {ratio:.4g} times the expected value"
    return text


def check(exercise, fn, reference, cases, hint="", rtol=1e-6, atol=1e-9, describe=None):
    """Judge ``fn`` against ``reference`` on every case; print and return a Verdict.

    Parameters
    ----------
    exercise : str
        Short name shown in the verdict.
    fn, reference : callable
        The learner's function and the reference solution, called as ``f(*case)``.
    cases : list of tuple
        Arguments for each call. Arrays are copied, so ``fn`` may modify them.
    hint : str
        One sentence that helps a stuck learner; shown when not attempted or wrong.
    describe : callable, optional
        ``describe(case) -> str`` names a case in the message (default: its index).
    """
    for i, case in enumerate(cases):
        expected = reference(*_copy(case))
        got, failed = _attempt(exercise, fn, case, hint)
        if failed is not None:
            return failed
        problem = compare(got, expected, rtol=rtol, atol=atol)
        if problem is not None:
            where = describe(case) if describe else f"case {i + 1} of {len(cases)}"
            return _verdict(exercise, WRONG, f"not quite ({where}): {problem}", hint)
    return _verdict(exercise, CORRECT, f"correct: all {len(cases)} cases match", "")


def _attempt(exercise, fn, case, hint):
    """Call the learner's ``fn`` on a copy of ``case``: ``(result, None)``, or ``(None, verdict)``
    for a stub that is not attempted yet or a function that raised."""
    try:
        return fn(*_copy(case)), None
    except NotImplementedError:
        return None, _verdict(exercise, NOT_ATTEMPTED, "not attempted yet", hint)
    except Exception as exc:  # a learner's bug is feedback, not a crash
        return None, _verdict(exercise, ERROR,
                              f"your function raised {type(exc).__name__}: {exc}", hint)


def _copy(case):
    return tuple(np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in case)


def _verdict(exercise, status, message, hint):
    icon = {CORRECT: "✅", WRONG: "❌", NOT_ATTEMPTED: "📝", ERROR: "⚠️"}[status]
    text = f"{icon} {exercise}: {message}"
    if hint and status != CORRECT:
        text += f"\n   hint: {hint}"
    print(text)
    return Verdict(exercise, status, text)


def check_parts(exercise, fn, reference, cases, names=None, hint="", rtol=1e-6, atol=1e-9,
                describe=None, part="result", name_in_where=False):
    """Like :func:`check`, for a function that returns several results.

    ``fn(*case)`` must return a tuple or list (or a 1-D array) with as many entries as
    ``reference(*case)``; each entry is compared on its own, in order, and the first wrong
    one is named (``"dW: the values are right but transposed"``), so the learner knows
    which of the results to fix.

    Parameters
    ----------
    names : list of str, optional
        A name per result. ``None`` allows any number of results (as many as the
        reference returns for that case) and names them ``f"{part} 0"``, ``f"{part} 1"``, ...
    part : str
        What one result is called when ``names`` is None (``"batch"``).
    name_in_where : bool
        Put the result's name inside the parentheses that say where the answer is wrong,
        ``"not quite (m, case 1 of 3): ..."``, instead of after them,
        ``"not quite (case 1 of 3): m: ..."``.
    Other parameters as for :func:`check`.
    """
    for i, case in enumerate(cases):
        expected = list(reference(*_copy(case)))
        got, failed = _attempt(exercise, fn, case, hint)
        if failed is not None:
            return failed
        if isinstance(got, np.ndarray) and got.ndim >= 1:
            got = list(got)  # np.array([dx, dy]) is as good as a tuple
        where = describe(case) if describe else f"case {i + 1} of {len(cases)}"
        labels = list(names) if names is not None else [f"{part} {k}" for k in
                                                          range(len(expected))]
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            size = len(got) if isinstance(got, (tuple, list)) else type(got).__name__
            return _verdict(exercise, WRONG, f"not quite ({where}): expected {len(expected)} "
                            f"results ({', '.join(labels[:4])}{', ...' if len(labels) > 4 else ''}"
                            f"), got {size}", hint)
        for label, g, e in zip(labels, got, expected, strict=True):
            problem = compare(g, e, rtol=rtol, atol=atol)
            if problem is not None:
                place = f"{label}, {where}" if name_in_where else where
                text = problem if name_in_where else f"{label}: {problem}"
                return _verdict(exercise, WRONG, f"not quite ({place}): {text}", hint)
    return _verdict(exercise, CORRECT, f"correct: all {len(cases)} cases match", "")


def check_update(exercise, fn, reference, cases, outputs, hint="", rtol=1e-6, atol=1e-9):
    """Judge an update rule that returns several arrays, one named output at a time.

    ``fn(*case)`` and ``reference(*case)`` both take the parameter as first argument and
    return a tuple whose first entry is the new parameter and whose other entries are the
    new state (e.g. ``(x, m, v)``). The state is compared first, because the step is built
    from it: a wrong second moment is reported as such, not as "x is wrong". The parameter
    is judged by its change ``x_new - x``, so a step that is 3 times too long says so.
    This is :func:`check_parts` on ``(m, v, x_new - x)``.

    Parameters
    ----------
    exercise : str
        Short name shown in the verdict.
    fn, reference : callable
        The learner's update and the reference, called as ``f(*case)``.
    cases : list of tuple
        Arguments of each call.
    outputs : list of str
        A name for each returned array, in return order (``["x", "m", "v"]``).
    hint : str
        One sentence for a stuck learner.

    Returns
    -------
    bplab.exercises.Verdict
    """
    names = [*outputs[1:], f"the step {outputs[0]}_new - {outputs[0]}"]
    return check_parts(exercise, _state_then_step(fn, outputs, "your function"),
                       _state_then_step(reference, outputs, "reference"), cases, names=names,
                       hint=hint, rtol=rtol, atol=atol, name_in_where=True)


def _state_then_step(update, outputs, who):
    """``update`` returning ``(*state_new, x_new - x)`` instead of ``(x_new, *state_new)``."""
    def reordered(*case):
        result = update(*case)
        if not isinstance(result, (tuple, list)) or len(result) != len(outputs):
            got = len(result) if isinstance(result, (tuple, list)) else type(result).__name__
            raise ValueError(f"{who} should return {len(outputs)} values "
                             f"({', '.join(outputs)}), got {got}")
        return (*result[1:], np.asarray(result[0], dtype=np.float64) - case[0])
    return reordered


def likely_mistake(fn, cases, mistakes, default):
    """The hint of the first known mistake that ``fn`` reproduces on every case.

    Run before :func:`check` / :func:`check_parts` to pass them a hint that names the slip
    (``"you wrote 1 - x², ..."``) instead of the generic one.

    Parameters
    ----------
    fn : callable
        The learner's function.
    cases : list of tuple
        Arguments, as for :func:`check`.
    mistakes : list of (callable, str)
        A wrong function (what a typical slip computes) and the hint that names that slip.
    default : str
        The hint when no known mistake matches (or ``fn`` is a stub or raises).

    Returns
    -------
    str
    """
    try:
        got = [fn(*_copy(case)) for case in cases]
    except Exception:  # a stub or a crash: the generic hint is the right one
        return default
    for wrong, hint in mistakes:
        if all(_same(g, wrong(*_copy(c))) for g, c in zip(got, cases, strict=True)):
            return hint
    return default


def _same(got, expected):
    if isinstance(expected, (tuple, list)):
        if isinstance(got, np.ndarray) and got.ndim >= 1:
            got = list(got)
        return (isinstance(got, (tuple, list)) and len(got) == len(expected)
                and all(_same(g, e) for g, e in zip(got, expected, strict=True)))
    return compare(got, expected) is None
