"""How long ``bplab.optim.trajectory`` takes: 500 steps of each registered optimizer.

Target: under 5 ms per 500-step run, because the optimizer explorers recompute a whole
trajectory on every slider move. Prints the best of several runs (milliseconds) for
each optimizer on three landscapes, and microseconds per step.

Run: ``.venv/bin/python benchmarks/bench_trajectory.py``
"""

import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from bplab.optim import registry, trajectory  # noqa: E402

STEPS = 500
LANDSCAPES = ("quadratic", "rosenbrock", "rastrigin")
TARGET_MS = 5.0


def best_ms(fn, repeats=15):
    fn()
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best * 1e3


def main():
    print(f"trajectory(): {STEPS} steps, best of 15, target < {TARGET_MS} ms")
    print(f"{'optimizer':10s}" + "".join(f"{n:>13s}" for n in LANDSCAPES) + "   us/step")
    worst = 0.0
    for name in registry.names():
        times = []
        for land in LANDSCAPES:
            make = registry.make(name, landscape=land)
            times.append(best_ms(lambda make=make, land=land: trajectory(make, land, steps=STEPS)))
        worst = max(worst, *times)
        cells = "".join(f"{t:10.2f} ms" for t in times)
        print(f"{name:10s}{cells}   {max(times) / STEPS * 1e3:6.2f}")
    verdict = "OK" if worst < TARGET_MS else "TOO SLOW"
    print(f"slowest: {worst:.2f} ms  ({verdict})")


if __name__ == "__main__":
    main()
