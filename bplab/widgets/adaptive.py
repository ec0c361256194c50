"""Step-size explorer: how long a step Adagrad, RMSprop and Adam take for the gradients they get.

An adaptive optimizer divides by a running measure of the gradient's size, so its step in
units of ``lr`` depends only on the *sequence* of gradients, not on where it is. The explorer
therefore feeds the real ``bplab.optim`` optimizers a fixed, seeded stream of gradients (one
parameter) and plots ``|x_t - x_{t-1}| / lr`` for each::

    ex = StepSizeExplorer()
    ex.controls["bias_correction"].value = False     # Adam's first steps grow up to 6.6x lr
    ex.runs["Adam"].max()

Adam without bias correction is run as the real ``Adam`` with the learning-rate schedule
:func:`uncorrected_lr`: the uncorrected update equals the corrected one times
:math:`(1 - \\beta_1^t) / \\sqrt{1 - \\beta_2^t}`, up to where :math:`\\epsilon` sits.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from bplab.widgets.base import Explorer, format_number, new_figure

__all__ = ["OPTIMIZERS", "SCENARIOS", "StepSizeExplorer", "gradient_stream", "recovery_steps",
           "step_lengths", "uncorrected_lr"]

OPTIMIZERS = ("Adagrad", "RMSprop", "Adam")
SCENARIOS = ("constant gradient", "noise, 100× smaller from step 200", "sparse: 5% of steps")
"""The gradient streams the explorer offers."""

_MAX_STEPS = 3000
_DROP = 200  # the step at which the noise scenario's gradients shrink
_LR = 1e-3
_Y_LIMITS = (1e-3, 1e2)


def gradient_stream(scenario, steps, seed=0):
    """The gradient of each step, shape ``(steps,)``, for one of :data:`SCENARIOS`.

    ``"constant gradient"`` is all ones; the noise scenario is standard normal noise whose
    scale drops from 1 to 0.01 at step 200 (a steep region left for a flat one); the sparse
    one is standard normal on a random 5% of the steps and 0 elsewhere (a rare feature).
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {SCENARIOS}, got {scenario!r}")
    if not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    rng = np.random.default_rng(seed)
    if scenario == SCENARIOS[0]:
        return np.ones(steps)
    noise = rng.normal(size=steps)
    if scenario == SCENARIOS[1]:
        return noise * np.where(np.arange(steps) < _DROP, 1.0, 0.01)
    return noise * (rng.random(steps) < 0.05)


def uncorrected_lr(lr, betas=(0.9, 0.999)):
    """Adam without bias correction, as a schedule: ``k -> lr (1 - b1^t) / sqrt(1 - b2^t)``.

    ``t = k + 1`` is the number of the step. Adam's step is
    :math:`\\gamma\\, \\hat m_t / (\\sqrt{\\hat v_t} + \\epsilon)`; with this schedule as its ``lr``
    it becomes :math:`\\gamma\\, m_t / (\\sqrt{v_t} + \\epsilon \\sqrt{1 - \\beta_2^t})`, the
    uncorrected update with a slightly smaller :math:`\\epsilon`.
    """
    b1, b2 = betas
    return lambda k: lr * (1.0 - b1 ** (k + 1)) / np.sqrt(1.0 - b2 ** (k + 1))


def step_lengths(name, grads, alpha=0.99, betas=(0.9, 0.999), bias_correction=True):
    """``|x_t - x_{t-1}| / lr`` for each step of the real optimizer ``name`` fed ``grads``.

    Parameters
    ----------
    name : str
        One of :data:`OPTIMIZERS`, with torch's defaults apart from the arguments here.
    grads : array_like, shape (steps,)
        The gradient of each step.
    alpha : float
        RMSprop's ``alpha``.
    betas : (float, float)
        Adam's ``betas``.
    bias_correction : bool
        Adam only: False runs it with :func:`uncorrected_lr`.
    """
    from bplab.optim import Adagrad, Adam, RMSprop

    if name not in OPTIMIZERS:
        raise ValueError(f"name must be one of {OPTIMIZERS}, got {name!r}")
    x = np.zeros(1)
    if name == "Adagrad":
        opt = Adagrad([x], lr=_LR)
    elif name == "RMSprop":
        opt = RMSprop([x], lr=_LR, alpha=alpha)
    else:
        lr = _LR if bias_correction else uncorrected_lr(_LR, betas)
        opt = Adam([x], lr=lr, betas=betas)
    grads = np.asarray(grads, dtype=np.float64).reshape(-1)
    g = np.empty(1)
    out = np.empty(grads.size)
    for k, gk in enumerate(grads):
        before = x[0]
        g[0] = gk
        opt.step([g])
        out[k] = abs(x[0] - before) / _LR
    return out


def recovery_steps(lengths, level=0.5, window=10, drop=_DROP):
    """Steps after the drop until the steps are back to ``level`` × lr, or None.

    Parameters
    ----------
    lengths : array_like
        Step length / lr of each step (:func:`step_lengths`), step 1 first.
    level : float
        The step length, in units of lr, that counts as recovered.
    window : int
        Steps are noisy, so the mean of ``window`` consecutive steps is compared.
    drop : int
        The last step before the gradients shrink.

    Returns
    -------
    int or None
        The smallest ``k >= 1`` such that steps ``drop + k .. drop + k + window - 1`` have
        mean length at least ``level``; None if that does not happen within ``lengths``.
    """
    after = np.asarray(lengths, dtype=np.float64)[drop:]
    if after.size < window:
        return None
    means = np.convolve(after, np.ones(window) / window, mode="valid")
    hit = np.flatnonzero(means >= level)
    return int(hit[0]) + 1 if hit.size else None


class StepSizeExplorer(Explorer):
    """Adagrad, RMSprop and Adam on one stream of gradients: their steps in units of lr.

    Parameters
    ----------
    scenario : str
        One of :data:`SCENARIOS`.
    alpha : float
        RMSprop's ``alpha``, 0.5 to 0.9999.
    beta1, beta2 : float
        Adam's ``betas``.
    bias_correction : bool
        Adam's bias correction on or off.
    steps : int
        50 to 3000.
    goal : (float, float, int)
        ``(longest, smallest, at_step)``: for a constant gradient, no step longer than
        ``longest`` × lr and still at least ``smallest`` × lr at step ``at_step``.
    question : str, optional
        The question in the header; by default one about ``goal``. (For the noisy
        gradients the readout says how many steps each optimizer needs after the drop to
        take steps of half an lr again, see :func:`recovery_steps`.)

    Attributes
    ----------
    runs : dict of str -> ndarray
        Step length / lr of each optimizer at the current settings.
    grads : ndarray
        The gradient stream shown.
    lines : dict of str -> Line2D
        One line per optimizer on the right axes.
    grad_line : Line2D
        ``|g_t|`` on the left axes.
    """

    def __init__(self, scenario=SCENARIOS[0], alpha=0.99, beta1=0.9, beta2=0.999,
                 bias_correction=True, steps=1000, goal=(1.5, 0.5, 1000), question=None):
        if scenario not in SCENARIOS:
            raise ValueError(f"scenario must be one of {SCENARIOS}, got {scenario!r}")
        self.goal = goal
        self._cache = {}
        controls = {
            "scenario": widgets.Dropdown(options=SCENARIOS, value=scenario,
                                         description="gradients",
                                         layout=widgets.Layout(width="max-content")),
            "steps": widgets.IntSlider(steps, min=50, max=_MAX_STEPS, step=50, description="steps"),
            "alpha": _decay_slider("RMSprop α", alpha),
            "beta1": widgets.FloatSlider(beta1, min=0.0, max=0.999, step=0.001,
                                         readout_format=".3f", description="Adam β1"),
            "beta2": _decay_slider("Adam β2", beta2),
            "bias_correction": widgets.Checkbox(value=bias_correction,
                                                description="Adam's bias correction"),
        }
        longest, smallest, at_step = goal
        if question is None:
            question = (f"With a constant gradient, which optimizer settings keep every step at "
                        f"most {longest:g} × lr and still at least {smallest:g} × lr at step "
                        f"{at_step}? Then switch to the noisy gradients: which settings recover "
                        f"after the drop?")
        super().__init__(controls, self._build_figure(), question, columns=2)
        self.animate(self.grad_line, *self.lines.values())
        self.update()

    def _build_figure(self):
        from bplab.viz.palette import MUTED, optimizer_style

        fig = new_figure((9.0, 3.6), dpi=90)
        self.ax_grad = fig.add_axes((0.07, 0.14, 0.36, 0.72))
        self.ax_step = fig.add_axes((0.55, 0.14, 0.42, 0.72))
        (self.grad_line,) = self.ax_grad.plot([], [], color=MUTED, lw=1.0)
        self.ax_grad.set(yscale="log", ylim=(1e-4, 1e1), xlabel="step", ylabel="|g_t|",
                         title="The gradients (log scale)")
        self.lines = {}
        for name in OPTIMIZERS:
            style = optimizer_style(name)
            style.pop("marker", None)
            (self.lines[name],) = self.ax_step.plot([], [], lw=1.6, label=name, **style)
        self.ax_step.axhline(1.0, color=MUTED, lw=1, ls="--")
        self.ax_step.set(yscale="log", ylim=_Y_LIMITS, xlabel="step", ylabel="|step| / lr",
                         title="Step length in units of lr (log scale)")
        self.ax_step.legend(loc="upper right", fontsize=8.5, frameon=False)
        for ax in (self.ax_grad, self.ax_step):
            ax.grid(True, alpha=0.3)
        return fig

    def run(self, name):
        """Step lengths / lr of optimizer ``name`` at the current settings (all steps, cached)."""
        s = self.state
        if name == "Adagrad":
            key = (s["scenario"], name)
        elif name == "RMSprop":
            key = (s["scenario"], name, s["alpha"])
        else:
            key = (s["scenario"], name, s["beta1"], s["beta2"], s["bias_correction"])
        if key not in self._cache:
            if len(self._cache) > 128:
                self._cache.clear()
            self._cache[key] = step_lengths(name, self._stream(s["scenario"]), s["alpha"],
                                            (s["beta1"], s["beta2"]), s["bias_correction"])
        return self._cache[key][: s["steps"]]

    def _stream(self, scenario):
        key = ("grads", scenario)
        if key not in self._cache:
            self._cache[key] = gradient_stream(scenario, _MAX_STEPS)
        return self._cache[key]

    def draw(self):
        s = self.state
        steps = s["steps"]
        self.grads = self._stream(s["scenario"])[:steps]
        x = np.arange(1, steps + 1)
        self.grad_line.set_data(x, _visible(np.abs(self.grads), 1e-4, 1e1))
        self.runs = {name: self.run(name) for name in OPTIMIZERS}
        for name, run in self.runs.items():
            self.lines[name].set_data(x, _visible(run, *_Y_LIMITS))
        for ax in (self.ax_grad, self.ax_step):
            ax.set_xlim(0, steps + 1)
        self.readout.value = self._readout()

    def _readout(self):
        longest, smallest, at_step = self.goal
        s = self.state
        rows = []
        for name, run in self.runs.items():
            peak = int(np.argmax(run >= run.max() * (1 - 1e-9)))  # first of a flat maximum
            text = (f"<b>{name}</b>: longest step {format_number(run[peak])} × lr at step "
                    f"{peak + 1}, last {format_number(run[-1])} × lr")
            if s["scenario"] == SCENARIOS[0] and s["steps"] >= at_step:
                ok = run.max() <= longest and run[at_step - 1] >= smallest
                text += " — meets the goal ✔" if ok else " — not the goal"
            elif s["scenario"] == SCENARIOS[1] and s["steps"] > _DROP:
                back = recovery_steps(run)
                text += (f"; back to ½ × lr {back} steps after the drop" if back is not None
                         else "; not back to ½ × lr within the steps shown")
            rows.append(text)
        if s["scenario"] == SCENARIOS[0] and s["steps"] < at_step:
            rows.append(f"(set steps ≥ {at_step} to check the goal)")
        return "<br>".join(rows)


def _decay_slider(description, value):
    return widgets.FloatSlider(value, min=0.5, max=0.9999, step=0.0001, readout_format=".4f",
                               description=description, style={"description_width": "initial"})


def _visible(values, low, high):
    """Values clipped into the axis range, so a zero (no step) shows as a drop to the floor."""
    return np.clip(np.asarray(values, dtype=np.float64), low, high)
