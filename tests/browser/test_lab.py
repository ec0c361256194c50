"""The optimizer explorer in a real JupyterLab, driven by headless Chromium.

Starts ``jupyter lab`` from this environment on 127.0.0.1 with a token (in its own process
group), opens a notebook that displays ``OptimizerExplorer``, runs all cells, checks that
every widget rendered (no "Error displaying widget", no "model not found"), moves the lr
slider with the keyboard and checks that the ipympl canvas repainted. It prints the
keypress -> canvas-changed latency and saves a screenshot to ``tests/browser/artifacts/``.

The notebook is ``notebooks/00_start_here.ipynb`` when it shows the explorer, otherwise a
two-cell notebook written here; either way a copy in a temporary folder is opened, so
JupyterLab's autosave never touches the repository.

Needs Debian's Chromium at /usr/bin/chromium (``apt-get install -y chromium``); skipped
with a loud reason when it is missing.
"""

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CURRICULUM_NOTEBOOK = ROOT / "notebooks" / "00_start_here.ipynb"
JUPYTER = Path(sys.executable).with_name("jupyter")
CANVAS = "canvas.jupyter-matplotlib-canvas, .jupyter-matplotlib-canvas-div canvas"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="BROWSER TEST SKIPPED: /usr/bin/chromium is missing; install it with "
               "`apt-get install -y chromium` (Playwright's own download does not work here)",
    ),
]


def fixture_notebook():
    """A notebook that shows the explorer, plus an inline static figure before it."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\n"
                                  "fig, ax = plt.subplots(figsize=(3, 2))\n"
                                  "_ = ax.plot([3, 1, 2])"),
        nbformat.v4.new_code_cell("from bplab.widgets import OptimizerExplorer\n"
                                  "OptimizerExplorer()"),
    ]
    return nb


def shows_explorer(path):
    if not path.exists():
        return False
    cells = json.loads(path.read_text())["cells"]
    return any("OptimizerExplorer" in "".join(c["source"]) for c in cells)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """``(base_url, token, notebook_name)`` of a running JupyterLab; stopped afterwards."""
    import nbformat

    root = tmp_path / "lab"
    root.mkdir()
    if shows_explorer(CURRICULUM_NOTEBOOK):
        name = CURRICULUM_NOTEBOOK.name
        shutil.copy(CURRICULUM_NOTEBOOK, root / name)
    else:
        name = "explorer_fixture.ipynb"
        nbformat.write(fixture_notebook(), root / name)
    port, token = free_port(), os.urandom(16).hex()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "jupyter_lab.log", "w")  # noqa: SIM115 (closed below)
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1"}
    env.pop("MPLBACKEND", None)  # the kernel must start with the notebook default (inline)
    proc = subprocess.Popen(
        [str(JUPYTER), "lab", "--allow-root", "--no-browser", "--ip=127.0.0.1",
         f"--port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=root, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("jupyter lab did not start; see "
                                       f"{ARTIFACTS / 'jupyter_lab.log'}") from None
                time.sleep(0.5)
        yield base, token, name
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        log.close()


ALL_CELLS_RUN = """() => {
  const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')];
  return indicator && indicator.getAttribute('data-status') === 'idle' && prompts.length > 0
    && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""


def accept_kernel_dialog(page):
    """Accept JupyterLab's "Select Kernel" dialog if it comes up (it may, for a new file)."""
    try:
        page.wait_for_selector(".jp-Dialog .jp-mod-accept", timeout=8_000)
    except Exception:  # noqa: BLE001 (playwright's TimeoutError: no dialog, nothing to do)
        return
    page.click(".jp-Dialog .jp-mod-accept")


def canvas_url(page):
    return page.evaluate(f"document.querySelector({CANVAS!r}).toDataURL()")


def canvas_ink(page):
    """The fraction of the canvas's pixels that are drawn (not white, not transparent).

    Contours fill most of the landscape panel, so a picture that lost its background
    (frames drawn over the wrong base image) shows as a sharp drop.
    """
    return page.evaluate(
        f"() => {{ const c = document.querySelector({CANVAS!r});"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 0; i < d.length; i += 4)"
        " if (d[i + 3] > 0 && d[i] + d[i + 1] + d[i + 2] < 720) n++;"
        " return n / (d.length / 4); }")


def test_optimizer_explorer_renders_and_redraws_in_jupyterlab(lab):
    from playwright.sync_api import sync_playwright

    base, token, name = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        try:
            page.goto(f"{base}/lab/tree/{name}?reset&token={token}")
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                                   timeout=120_000)
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
            accept_kernel_dialog(page)
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                                   timeout=120_000)
            # not awaited: the command's promise settles only when every cell has run
            page.evaluate("() => { window.jupyterapp.commands.execute("
                          "'notebook:run-all-cells'); }")
            page.wait_for_selector(CANVAS, state="attached", timeout=180_000)
            page.wait_for_function(ALL_CELLS_RUN, timeout=180_000)
            text = page.inner_text(".jp-Notebook")
            assert "Error displaying widget" not in text
            assert "model not found" not in text.lower()
            assert "Traceback" not in text
            assert "Question." in text

            slider = page.locator(".widget-slider").filter(
                has=page.locator("label", has_text=re.compile(r"^lr$"))).first
            handle = slider.locator(".noUi-handle")
            readout = slider.locator(".widget-readout")
            handle.scroll_into_view_if_needed()
            page.wait_for_timeout(1500)  # let the first frames arrive
            ink_before = canvas_ink(page)
            assert ink_before > 0.1, f"the figure looks empty ({ink_before:.0%} drawn)"
            latencies = []
            for _ in range(5):
                before_url, before_value = canvas_url(page), readout.inner_text()
                handle.focus()
                start = time.perf_counter()
                page.keyboard.press("ArrowRight")
                page.wait_for_function(
                    f"() => document.querySelector({CANVAS!r}).toDataURL() !== "
                    f"{json.dumps(before_url)}", timeout=30_000, polling=5)
                latencies.append((time.perf_counter() - start) * 1e3)
                assert readout.inner_text() != before_value
                page.wait_for_timeout(300)
            for _ in range(8):  # a burst, as when the handle is dragged: frames overlap
                page.keyboard.press("ArrowLeft")
                page.wait_for_timeout(15)
            page.wait_for_timeout(2000)
            for button in page.locator(".jp-toast-button", has_text="No").all():
                button.click()  # the "Jupyter news?" toast would cover the figure
            page.locator(CANVAS).first.scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            ink_after = canvas_ink(page)
            assert ink_after > 0.7 * ink_before, (
                f"after the slider moves only {ink_after:.0%} of the canvas is drawn "
                f"(was {ink_before:.0%}): frames landed on the wrong picture")
            page.screenshot(path=str(ARTIFACTS / "optimizer_explorer.png"))
            page.locator(".jp-OutputArea-output", has=page.locator(CANVAS)).first.screenshot(
                path=str(ARTIFACTS / "optimizer_explorer_widget.png"))
            print(f"\nkeypress -> ipympl canvas changed: median "
                  f"{statistics.median(latencies):.0f} ms, max {max(latencies):.0f} ms "
                  f"over {len(latencies)} lr slider steps ({name})")
            text = page.inner_text(".jp-Notebook")
            assert "Error displaying widget" not in text
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "failure.png"), full_page=True)
            raise
        finally:
            browser.close()
