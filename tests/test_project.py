"""The skeleton a newcomer meets first: the README commands, Binder, import cost."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_ci_runs_the_readme_test_command():
    assert "python3 dev.py test" in README
    assert "python3 dev.py lab" in README
    assert "python3 dev.py test" in (ROOT / ".ci" / "run").read_text()


def test_readme_lists_every_notebook_with_a_binder_link():
    for name in NOTEBOOKS:
        link = f"https://mybinder.org/v2/gh/bplab/bplab/HEAD?urlpath=lab/tree/notebooks/{name}"
        assert link in README, f"README's curriculum table lacks a Binder link to {name}"
    assert "labpath=" not in README, "labpath= opens single-document mode; use urlpath=lab/tree/..."


def test_binder_installs_this_repo_on_python_312():
    assert "-e ." in (ROOT / "binder" / "requirements.txt").read_text().split("\n")
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.12"


def test_repo2docker_reads_binder_folder():
    exe = shutil.which("jupyter-repo2docker", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("jupyter-repo2docker is not installed in this environment")
    out = subprocess.run([exe, "--no-build", "--debug", str(ROOT)], capture_output=True,
                         text=True, timeout=300)
    text = out.stdout + out.stderr
    assert out.returncode == 0, text[-2000:]
    assert "python=3.12" in text
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in text
    assert "binder/postBuild" in text, "postBuild trusts the notebooks"


def test_import_bplab_loads_no_plotting_or_widget_library():
    code = ("import sys, bplab, bplab.autodiff, bplab.optim, bplab.nn, bplab.data, "
            "bplab.landscapes, bplab.exercises\n"
            "heavy = [m for m in ('matplotlib', 'ipywidgets', 'IPython', 'scipy', 'sklearn') "
            "if m in sys.modules]\n"
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import bplab pulled in: {out.stdout.strip()}"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_lab_command_serves_the_notebooks():
    port, token = _free_port(), "bplab-test-token"
    command = [sys.executable, str(ROOT / "dev.py"), "lab", "--no-browser", "--ip=127.0.0.1",
               f"--port={port}", f"--IdentityProvider.token={token}"]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        body = _wait_for(f"http://127.0.0.1:{port}/lab?token={token}", server)
        assert "JupyterLab" in body
        listing = _wait_for(f"http://127.0.0.1:{port}/api/contents?token={token}", server)
        assert "00_start_here.ipynb" in listing
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _wait_for(url, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, "jupyter lab exited early"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"no answer from {url} within {timeout} s")


def test_dev_script_prints_usage_without_a_task():
    out = subprocess.run([sys.executable, str(ROOT / "dev.py")], capture_output=True, text=True)
    assert out.returncode == 2
    assert re.search(r"dev\.py lab", out.stdout)
