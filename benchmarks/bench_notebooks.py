"""Execution time of every curriculum notebook in a fresh kernel (nothing is written back).

Targets: the whole curriculum under 60 s on a 2-core machine; part 1 (01-08) under 30 s
with no notebook over 6 s; part 2 (09-15) no notebook over 10 s.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from run_notebooks import NOTEBOOKS, execute  # noqa: E402


def main():
    rows = [(path.name, execute(path)[1]) for path in sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))]
    for name, seconds in rows:
        limit = 6.0 if name[:2] <= "08" else 10.0
        flag = "" if seconds <= limit else f"  over {limit:.0f} s"
        print(f"{name:34s} {seconds:6.2f} s{flag}")
    part1 = sum(s for n, s in rows if "01" <= n[:2] <= "08")
    total = sum(s for _, s in rows)
    print(f"{'part 1 (01-08)':34s} {part1:6.2f} s  (target < 30 s)")
    print(f"{'whole curriculum':34s} {total:6.2f} s  (target < 60 s)")


if __name__ == "__main__":
    main()
