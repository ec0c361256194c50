"""Execute curriculum notebooks in a fresh kernel and store their outputs in place.

    .venv/bin/python scripts/run_notebooks.py                   # every notebook
    .venv/bin/python scripts/run_notebooks.py notebooks/03_*.ipynb

Each notebook runs top to bottom in a new kernel with ``PYTHONHASHSEED=0`` and one BLAS
thread (as under ``dev.py test``, where two kernels share the cores); outputs,
execution counts and widget state (so a reopened notebook shows its explorers) are
written back, which is what nbval's strict mode later compares. Prints each
notebook's execution time.
"""

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def execute(path, timeout=600):
    """Run the notebook at ``path`` in a fresh kernel; return (notebook, seconds)."""
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # two kernels share two cores in CI
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            store_widget_state=True)
    start = time.perf_counter()
    client.execute()
    return nb, time.perf_counter() - start


def main(paths):
    paths = [Path(p).resolve() for p in paths] or sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))
    total = 0.0
    for path in paths:
        nb, seconds = execute(path)
        nbformat.write(nb, path)
        total += seconds
        print(f"{path.name:40s} {seconds:6.2f} s", flush=True)
    print(f"{'total':40s} {total:6.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
