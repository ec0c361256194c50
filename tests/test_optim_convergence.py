"""Convergence budgets: every registered optimizer, with the registry's lr for the landscape,
gets within ``tol`` of the minimum value in at most ``steps`` steps (and never diverges).

Budgets are about 1.5 times what the optimizer needs today, so a regression in an update
rule or a registry default shows up here. AdamW's weight decay moves its fixed point off
the minimum, hence its looser tolerances.
"""

import numpy as np
import pytest

from bplab import landscapes
from bplab.optim import registry, trajectory

BUDGETS = {
    "quadratic": {"SGD": (120, 1e-6), "Momentum": (200, 1e-6), "Nesterov": (120, 1e-6),
                  "Adagrad": (80, 1e-6), "RMSprop": (1000, 1e-6), "Adam": (200, 1e-6),
                  "AdamW": (200, 1e-6), "NAdam": (100, 1e-6), "AMSGrad": (200, 1e-6)},
    "rosenbrock": {"SGD": (3000, 1e-2), "Momentum": (1200, 1e-6), "Nesterov": (2200, 1e-6),
                   "Adagrad": (2600, 1e-2), "RMSprop": (3000, 1e-2), "Adam": (1700, 1e-6),
                   "AdamW": (1600, 1e-2), "NAdam": (2300, 1e-2), "AMSGrad": (1100, 1e-6)},
    "beale": {"SGD": (1250, 1e-6), "Momentum": (600, 1e-6), "Nesterov": (600, 1e-6),
              "Adagrad": (1100, 1e-6), "RMSprop": (1400, 1e-6), "Adam": (300, 1e-6),
              "AdamW": (400, 1e-2), "NAdam": (850, 1e-6), "AMSGrad": (320, 1e-6)},
}
CASES = [(land, name) for land, table in BUDGETS.items() for name in table]


def test_every_registered_optimizer_has_a_budget():
    for table in BUDGETS.values():
        assert set(table) == set(registry.names())


@pytest.mark.parametrize("land, name", CASES)
def test_reaches_the_minimum_within_budget(land, name):
    steps, tol = BUDGETS[land][name]
    L = landscapes.get(land)
    tr = trajectory(registry.make(name, landscape=land), L, steps=steps)
    assert not tr.diverged, tr.message
    gap = tr.losses - L.fmin
    assert gap.min() < tol, f"{name} on {land}: best gap {gap.min():.3g} after {steps} steps"


def test_himmelblau_every_optimizer_lands_in_one_of_the_four_minima():
    L = landscapes.himmelblau()
    for name in registry.names():
        if name == "AdamW":
            continue
        tr = trajectory(registry.make(name, landscape=L), L, steps=1500)
        dist = np.linalg.norm(L.minima - tr.points[-1], axis=1).min()
        assert dist < 1e-2, (name, tr.message)


def test_momentum_escapes_the_saddle_faster_than_plain_sgd():
    L = landscapes.saddle()

    def escape_step(make):
        tr = trajectory(make, L, steps=2000)
        return int(np.argmax(np.abs(tr.points[:, 1]) > 0.5))

    sgd = escape_step(registry.make("SGD", lr=0.01))
    heavy = escape_step(registry.make("Momentum", lr=0.01, momentum=0.9))
    assert 0 < heavy < sgd / 2
