"""Shared test settings: deterministic hypothesis runs without wall-clock deadlines.

The machines that run CI are small and noisy, so no test depends on timing; speed is
measured by the scripts in ``benchmarks/``.
"""

import matplotlib
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")

settings.register_profile(
    "bplab",
    deadline=None,
    derandomize=True,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("bplab")
