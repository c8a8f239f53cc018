"""The learner's Validate button is about as quick on a lesson with an explorer as without one.

Stock nbgrader's Validate could wait out the whole cell timeout (60 s in the course) after an
explorer cell's burst of widget messages; the course's config (autograder/config.py,
``stall_free_execution``, found through ``JUPYTER_CONFIG_PATH`` as in ``make lab``) gives it
our sliced kernel client. This test clicks Validate on lesson 00 (with its explorer) and on
the same lesson with its explorer cell removed, in a Lab started in a scratch folder (so no
working-folder ``nbgrader_config.py`` helps), and prints both times. Its only bound is
generous: the explorer lesson within 3x the plain one plus 10 s. The structural check is
tests/test_validate.py.
"""

from __future__ import annotations

import re
import time

import nbformat
import pytest
from playwright.sync_api import expect

from autograder.config import ROOT
from tests.browser.conftest import OfflinePage
from tests.browser.labserver import TOKEN, running_lab

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.extended]

LESSON = "00-start-here"
EXPLORER_CALL = re.compile(r"^\w+_explorer\(", re.MULTILINE)
CLICKS = 2  # per notebook: a stall hit about one explorer cell run in six before the fix


def validate_copies() -> dict[str, nbformat.NotebookNode]:
    """The untouched lesson, and the same lesson without the cells that draw an explorer."""
    lesson = nbformat.read(ROOT / "lessons" / LESSON / f"{LESSON}.ipynb", 4)
    plain = nbformat.from_dict(lesson)
    plain.cells = [cell for cell in lesson.cells if not EXPLORER_CALL.search(cell.source)]
    assert len(plain.cells) < len(lesson.cells)
    return {"explorer": lesson, "plain": plain}


@pytest.fixture(scope="module")
def validate_lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("validate-root")
    for name, notebook in validate_copies().items():
        nbformat.write(notebook, root / f"{name}.ipynb")
    state = tmp_path_factory.mktemp("validate-lab-state")
    with running_lab(root, state) as (base, _pid):
        yield base


def seconds_to_validate(page, base: str, name: str) -> float:
    """Open ``name`` in Lab, click Validate; seconds from the click to the result dialog."""
    page.goto(f"{base}/lab/tree/{name}.ipynb?token={TOKEN}&reset")
    page.wait_for_function(
        """async () => { const app = window.jupyterapp; if (!app) return false;
        await app.restored; const nb = app.shell.currentWidget;
        if (!nb?.context) return false; await nb.context.ready; return true; }""",
        timeout=60_000,
    )
    page.locator("#jp-main-statusbar").get_by_text("Idle").first.wait_for(timeout=90_000)
    start = time.perf_counter()
    page.get_by_role("button", name="Validate").click()
    dialog = page.locator(".jp-Dialog")
    expect(dialog.locator(".jp-Dialog-header")).to_have_text("Validation Results", timeout=180_000)
    elapsed = time.perf_counter() - start
    expect(dialog.locator(".jp-Dialog-body")).to_contain_text("The following cell failed")
    dialog.get_by_role("button", name="Ok").click()
    return elapsed


def test_validate_on_an_explorer_lesson_is_about_as_quick_as_without(browser, validate_lab):
    offline = OfflinePage(browser)
    try:
        times = {
            name: [seconds_to_validate(offline.page, validate_lab, name) for _ in range(CLICKS)]
            for name in ("plain", "explorer")
        }
    finally:
        offline.close()
    plain, explorer = max(times["plain"]), max(times["explorer"])
    print(
        f"\nValidate, slowest of {CLICKS}: lesson {LESSON} with its explorer {explorer:.1f} s, "
        f"without {plain:.1f} s (ratio {explorer / plain:.2f}); all: {times}"
    )
    assert explorer <= 3 * plain + 10, times
    assert offline.external_requests == []
