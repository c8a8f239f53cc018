"""Fixtures for the real-browser tests: one JupyterLab and one Debian chromium per session.

Recipe: shared/reference/browser-testing.md. Served notebooks are stripped copies (JupyterLab's
autosave would otherwise write outputs into the repo). Every request that leaves the machine
is aborted and recorded, so a test can assert the course works offline.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import urllib.parse
import warnings
from pathlib import Path

import nbformat
import psutil
import pytest

from autograder.solution_answers import with_solution_answers
from tests.browser.labserver import TOKEN, running_lab

ROOT = Path(__file__).resolve().parents[2]
DEMO = Path(__file__).parent / "notebooks"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Each code cell of the open notebook, read from JupyterLab's own notebook model.
CODE_CELLS_JS = """() => window.jupyterapp.shell.currentWidget.content.widgets
    .filter(cell => cell.model.type === 'code')
    .map(cell => ({ id: cell.model.id, tags: cell.model.getMetadata('tags') || [],
        grade_id: (cell.model.getMetadata('nbgrader') || {}).grade_id || null,
        solution: !!(cell.model.getMetadata('nbgrader') || {}).solution,
        count: cell.model.executionCount, outputs: cell.model.outputs.toJSON() }))"""

# What a chart shows now: its SVG markup, or its canvas pixels as a data URL.
CHART_PICTURE_JS = """el => { const marks = el.querySelector('.vega-embed svg.marks, .vega-embed canvas.marks');
    if (!marks) return null;
    return marks.tagName === 'CANVAS' ? marks.toDataURL() : marks.innerHTML; }"""


ANSWERED, UNTOUCHED = "answered", "untouched"


def notebooks_to_open() -> list[tuple[str, Path]]:
    """
    Return what the browser opens, as (variant, notebook) pairs.

    Every released lesson twice: *answered* (a learner who has done the exercises: answer
    cells from solutions/) and *untouched* (as released, every answer still raising
    ``NotImplementedError``); plus the explorer demo (which uses every explorer).
    """
    lessons = sorted((ROOT / "lessons").glob("*/*.ipynb"))
    answered = [(ANSWERED, notebook) for notebook in lessons + sorted(DEMO.glob("*.ipynb"))]
    return answered + [(UNTOUCHED, notebook) for notebook in lessons]


def browser_params() -> list:
    """
    `notebooks_to_open` as pytest params: answered lessons are marked ``extended``.

    ``make test`` opens every untouched lesson and the explorer demo (every explorer, every
    check's "not answered yet"); the answered lessons, whose solutions real nbgrader also
    runs in tests/test_lessons.py, open in ``make test-extended``, which CI runs as well.
    """
    return [
        pytest.param(
            item,
            id=served_name(item),
            marks=[pytest.mark.extended]
            if item[0] == ANSWERED and "lessons" in item[1].parts
            else [],
        )
        for item in notebooks_to_open()
    ]


def served_name(item: tuple[str, Path]) -> str:
    variant, notebook = item
    return f"{variant}/{notebook.relative_to(ROOT).as_posix()}"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    message = (
        "\n" + "!" * 78 + "\n!! chromium is not installed: the real-browser tests are SKIPPED.\n"
        "!! Install Debian's chromium (apt-get install chromium) to run them.\n" + "!" * 78
    )
    print(message, file=sys.stderr)
    warnings.warn(message, stacklevel=1)
    skip = pytest.mark.skip(reason="chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def with_answers_filled_in(released, notebook: Path):
    """A learner who answered every exercise: released cells, answer cells from solutions/."""
    if not (ROOT / "solutions" / notebook.parent.name / notebook.name).exists():
        return released
    return with_solution_answers(released, notebook.parent.name)


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A JupyterLab serving stripped copies of every notebook under test."""
    root = tmp_path_factory.mktemp("lab-root")
    for variant, notebook in notebooks_to_open():
        copy = nbformat.read(notebook, as_version=4)
        if variant == ANSWERED:
            copy = with_answers_filled_in(copy, notebook)
        for cell in copy.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        copy.metadata.pop("widgets", None)
        target = root / served_name((variant, notebook))
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(copy, target)
    # a lesson source, to show that Lab opens it as text, not through jupytext
    shutil.copy(ROOT / "autograder" / "lessons" / "00-start-here.md", root / "lesson-source.md")
    state = tmp_path_factory.mktemp("lab-state")
    with running_lab(root, state) as (base, pid):
        yield {"base": base, "pid": pid, "root": root}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    xdg = tempfile.mkdtemp(prefix="chrome-xdg-")
    env = {**os.environ, "XDG_CONFIG_HOME": f"{xdg}/config", "XDG_CACHE_HOME": f"{xdg}/cache"}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, env=env)
        chromium_processes = [
            child for child in psutil.Process().children(recursive=True) if "chrom" in child.name()
        ]
        yield browser
        browser.close()
    # Stop by PID anything of chromium's that outlived close().
    for process in chromium_processes:
        if process.is_running():
            process.terminate()
    psutil.wait_procs(chromium_processes, timeout=5)
    shutil.rmtree(xdg, ignore_errors=True)


class OfflinePage:
    """A fresh browser context and page that cannot leave the machine; what went wrong is kept.

    Every request to a host other than loopback is aborted and its URL kept in
    ``external_requests``; uncaught exceptions (in any frame) and console errors go to ``errors``.
    """

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 1000})
        self.external_requests: list[str] = []
        self.context.route("**/*", self._only_loopback)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page.on("console", self._console)

    def _only_loopback(self, route):
        url = urllib.parse.urlparse(route.request.url)
        if url.hostname in ("127.0.0.1", "localhost", "::1") or url.scheme in ("data", "file"):
            route.continue_()
        else:
            self.external_requests.append(route.request.url)
            route.abort()

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console: {message.text} (at {message.location.get('url')})")

    def close(self):
        self.context.close()


class OpenNotebook(OfflinePage):
    """A notebook opened in JupyterLab and run top to bottom, with what went wrong recorded."""

    def __init__(self, browser, lab, item: tuple[str, Path]):
        super().__init__(browser)
        self.variant = item[0]
        self.name = served_name(item)
        url = f"{lab['base']}/lab/tree/{urllib.parse.quote(self.name)}?token={TOKEN}&reset"
        self.page.goto(url)
        self.run_all()

    def run_all(self):
        page = self.page
        page.wait_for_function(
            "() => !!window.jupyterapp?.shell?.currentWidget?.sessionContext", timeout=60_000
        )
        page.locator("#jp-main-statusbar").get_by_text("Idle").first.wait_for(timeout=90_000)
        page.evaluate(
            """async () => { const app = window.jupyterapp; await app.started; await app.restored;
            const nb = app.shell.currentWidget; await nb.context.ready;
            await nb.sessionContext.ready;
            return await app.commands.execute('notebook:run-all-cells'); }"""
        )
        page.wait_for_function(
            """() => { const ps = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
            return ps.length > 0 && ps.every(p => /\\[\\d+\\]/.test(p.textContent)); }""",
            timeout=120_000,
        )

    def code_cells(self) -> list[dict]:
        """Return each code cell as the notebook model holds it: id, tags, count, outputs."""
        return self.page.evaluate(CODE_CELLS_JS)

    def screenshot(self, label: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.variant}-{Path(self.name).stem}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def screenshot_of(self, locator, label: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.variant}-{Path(self.name).stem}-{label}.png"
        locator.screenshot(path=str(path))
        return path


@pytest.fixture(scope="module", params=browser_params())
def opened(request, browser, lab):
    notebook = OpenNotebook(browser, lab, request.param)
    yield notebook
    notebook.close()
