"""How long ``import bplab`` (and its non-drawing modules) takes in a fresh interpreter.

Target: under 0.3 s. Measured against a bare ``import numpy`` in the same run, because
numpy is the floor every bplab import pays. Prints the median of several fresh processes.
"""

import statistics
import subprocess
import sys

MODULES = "bplab, bplab.autodiff, bplab.nn, bplab.optim, bplab.landscapes, bplab.data"


def fresh_import_seconds(statement, repeats=7):
    code = ("import time; t = time.perf_counter(); " + statement +
            "; print(time.perf_counter() - t)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(repeats)]
    return statistics.median(runs)


def main():
    numpy = fresh_import_seconds("import numpy")
    root = fresh_import_seconds("import bplab")
    engines = fresh_import_seconds(f"import {MODULES}")
    print(f"import numpy                 {numpy * 1e3:7.1f} ms")
    print(f"import bplab                 {root * 1e3:7.1f} ms")
    print(f"import {MODULES}")
    print(f"                             {engines * 1e3:7.1f} ms  "
          f"({engines / numpy:.2f}x numpy; target < 300 ms: "
          f"{'met' if engines < 0.3 else 'MISSED'})")


if __name__ == "__main__":
    main()
