"""Every curriculum notebook meets the house standard (see README, "Adding a notebook").

nbval checks that a notebook's stored outputs are reproduced; these tests check that
what is stored is what a learner, and a reader on GitHub, should see.
"""

import json
import re
from pathlib import Path

import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
CURRICULUM = [p for p in PATHS if not p.name.startswith("00_")]


def load(path):
    return json.loads(path.read_text())


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def text(cell):
    return "".join(cell["source"])


def test_there_is_a_first_notebook():
    assert (NOTEBOOK_DIR / "00_start_here.ipynb").exists()


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_stored_executed_in_order(path):
    counts = [c["execution_count"] for c in code_cells(load(path))]
    assert None not in counts, "some code cells are not executed; run scripts/run_notebooks.py"
    assert counts == sorted(counts), "cells were executed out of order"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_outputs_hold_no_errors_or_warnings(path):
    for cell in code_cells(load(path)):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"stored error in cell: {text(cell)[:80]}"
            if out["output_type"] == "stream" and out["name"] == "stderr":
                raise AssertionError(f"stderr leaked into outputs: {''.join(out['text'])[:200]}")
            plain = "".join(out.get("data", {}).get("text/plain", ""))
            assert "<matplotlib." not in plain, "end plotting lines with ';'"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_opens_with_title_goals_and_binder_link(path):
    first = text(load(path)["cells"][0])
    assert first.startswith("# "), "the first cell is the title"
    assert f"urlpath=lab/tree/notebooks/{path.name}" in first, "Binder link to this notebook"
    assert "Learning goals" in first


@pytest.mark.parametrize("path", CURRICULUM, ids=lambda p: p.name)
def test_has_exercises_figures_explorer_and_summary(path):
    nb = load(path)
    source = "\n".join(text(c) for c in code_cells(nb))
    assert len(re.findall(r"\bcheck_\w+\(", source)) >= 2, "at least two self-checking exercises"
    assert "raise NotImplementedError" in source, "exercise stubs are left for the learner"
    outputs = [o for c in code_cells(nb) for o in c.get("outputs", [])]
    mimes = {m for o in outputs for m in o.get("data", {})}
    assert "image/png" in mimes, "a static figure a reader on GitHub can see"
    assert "application/vnd.jupyter.widget-view+json" in mimes, "an interactive explorer"
    assert nb["metadata"].get("widgets"), "widget state stored, so a reopened notebook shows it"
    markdown = "\n".join(text(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "Summary" in markdown


@pytest.mark.parametrize("path", CURRICULUM[:-1], ids=lambda p: p.name)
def test_links_to_the_next_notebook(path):
    following = PATHS[PATHS.index(path) + 1].name
    markdown = "\n".join(text(c) for c in load(path)["cells"] if c["cell_type"] == "markdown")
    assert f"({following})" in markdown, f"link to the next notebook, {following}"
