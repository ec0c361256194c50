#!/usr/bin/env python3
"""Set up bplab in a local ``.venv`` and open the curriculum, or run every test.

    python3 dev.py lab      # set up (once) and open notebooks/ in JupyterLab
    python3 dev.py test     # set up (once) and run unit tests + nbval over every notebook

Only the Python standard library is used here, so this runs on a fresh machine with
Python 3.10+ and git. The environment is rebuilt only when ``pyproject.toml`` changes,
so a second run starts at once. Extra arguments go to ``jupyter lab`` or ``pytest``.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / "bplab-installed.txt"

PYTEST_ARGS = [
    "-n", "2", "--dist", "loadfile",
    "--nbval", "--nbval-current-env",
    "--nbval-sanitize-with", "tests/nbval_sanitize.cfg",
]


def fingerprint():
    """Hash of what the environment is built from: a change means reinstall."""
    text = (ROOT / "pyproject.toml").read_bytes()
    return hashlib.sha256(text + sys.version.encode()).hexdigest()


def ensure_environment():
    """Create ``.venv`` and install bplab with its dev extra, unless already current."""
    if STAMP.exists() and STAMP.read_text() == fingerprint() and PYTHON.exists():
        return
    if not PYTHON.exists():
        print(f"Creating {VENV.relative_to(ROOT)} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    print("Installing bplab and its tools (first run only) ...", flush=True)
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", ".[dev]"], cwd=ROOT, check=True)
    STAMP.write_text(fingerprint())


def lab(args):
    notebooks = sorted(str(p) for p in (ROOT / "notebooks").glob("*.ipynb"))
    subprocess.run([str(BIN / "jupyter"), "trust", *notebooks], cwd=ROOT,  # show saved widgets
                   stdout=subprocess.DEVNULL, check=False)
    command = [str(BIN / "jupyter"), "lab", "--ServerApp.root_dir=notebooks", *args]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI machines often run as root
    return subprocess.call(command, cwd=ROOT)


def test(args):
    command = [str(PYTHON), "-m", "pytest", *PYTEST_ARGS, *args]
    env = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", **os.environ}
    return subprocess.call(command, cwd=ROOT, env=env)  # two workers share the cores


def main(argv):
    tasks = {"lab": lab, "test": test}
    if not argv or argv[0] not in tasks:
        print(__doc__.strip())
        return 2
    ensure_environment()
    return tasks[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
