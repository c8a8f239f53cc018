"""nbgrader's grading page and feedback HTML must not load MathJax (or anything) from the internet.

Stock nbgrader 0.9.6 renders both through nbconvert's ``mathjax()`` macro, which loads MathJax
from cdnjs.cloudflare.com. With ``autograder/jupyter`` on ``JUPYTER_PATH`` our templates shadow
that macro: the Formgrader page loads MathJax from the jupyter-server-mathjax extension, and
feedback loads nothing. Each test renders the page twice, with and without our folder on
``JUPYTER_PATH``, so it also shows that stock nbgrader does reach for the CDN.

The helpers that build a throwaway nbgrader course here are shared with
``tests/browser/test_formgrader.py``.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from traitlets.config import Config

from autograder.config import ROOT, course_config
from autograder.solution_answers import with_solution_answers

TEMPLATES = ROOT / "autograder" / "jupyter"
LOCAL_MATHJAX = "/static/jupyter_server_mathjax/MathJax.js"
CDN = "cdnjs.cloudflare.com"
# nbclient 0.11 + jupyter_client 8.10 + pyzmq 27 sometimes miss the execute_reply of the cell
# that draws an explorer, and go on only when the cell timeout (60 s in the course) expires.
# The reply is there by then, so grades are right; a shorter timeout keeps these tests fast.
TEST_CELL_TIMEOUT = 20
WRITTEN_ANSWER = (
    "Both made the same PnL, $q \\times \\Delta P$; leverage only changed the margin locked, "
    "so the same profit is a bigger ROE on a smaller margin."
)


# --- a throwaway nbgrader course (also used by the Formgrader browser test) ---------------


def make_course(folder: Path, lesson: str, cell_timeout: int = TEST_CELL_TIMEOUT) -> Config:
    """Copy one lesson's source and release into ``folder``, configured as our course.

    Writes an ``nbgrader_config.py`` like the repo's (so the Formgrader and Validate started
    there read it) with the exchange inside ``folder`` and ``cell_timeout`` seconds per cell,
    runs ``generate_assignment`` to fill the gradebook, and returns the same configuration as a
    traitlets Config for ``NbGraderAPI``.
    """
    from nbgrader.apps import NbGraderAPI

    for part in ("solutions", "lessons"):
        shutil.copytree(ROOT / part / lesson, folder / part / lesson)
    (folder / "autograder").mkdir()
    exchange = folder / "exchange"
    exchange.mkdir()
    (folder / "nbgrader_config.py").write_text(
        "import sys\n"
        "from pathlib import Path\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from autograder.config import apply  # noqa: E402\n"
        "c = get_config()  # noqa: F821\n"
        f"apply(c, Path({str(folder)!r}))\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        f"c.ExecutePreprocessor.timeout = {cell_timeout}\n"
    )
    config = course_config(folder)
    config.Exchange.root = str(exchange)
    config.ExecutePreprocessor.timeout = cell_timeout
    result = NbGraderAPI(config=config).generate_assignment(lesson, force=True)
    assert result["success"], result["log"]
    return config


def answered_release(lesson: str, written: str | None = WRITTEN_ANSWER) -> nbformat.NotebookNode:
    """The released lesson as a learner who answered every exercise hands it in.

    Code answers come from ``solutions/`` (solution delimiters dropped); each written
    (markdown) answer becomes ``written``, or keeps the release's stub when ``written`` is None.
    """
    release = nbformat.read(ROOT / "lessons" / lesson / f"{lesson}.ipynb", 4)
    return with_solution_answers(release, lesson, written)


def autograde(config: Config, lesson: str, student: str, notebook) -> None:
    """Hand ``notebook`` in as ``student`` (nbgrader's submitted/ layout) and autograde it."""
    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI

    folder = Path(config.CourseDirectory.root) / "autograder" / "submitted" / student / lesson
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / f"{lesson}.ipynb")
    (folder / "timestamp.txt").write_text("2026-11-23 19:11:15.641001 UTC")
    with Gradebook(config.CourseDirectory.db_url) as gradebook:
        gradebook.update_or_create_student(student)
    result = NbGraderAPI(config=config).autograde(lesson, student, force=True)
    assert result["success"], result["log"]


def generate_feedback(config: Config, lesson: str, student: str) -> str:
    """nbgrader's feedback HTML for one student, as the current JUPYTER_PATH renders it."""
    from nbgrader.apps import NbGraderAPI

    result = NbGraderAPI(config=config).generate_feedback(lesson, student, force=True)
    assert result["success"], result["log"]
    root = Path(config.CourseDirectory.root)
    return (root / "autograder" / "feedback" / student / lesson / f"{lesson}.html").read_text()


# --- what a page would fetch ---------------------------------------------------------------


class _Loads(HTMLParser):
    """Collect every URL a browser would fetch while loading the page (not plain links)."""

    LOADING = {
        ("script", "src"),
        ("img", "src"),
        ("iframe", "src"),
        ("source", "src"),
        ("video", "src"),
        ("audio", "src"),
        ("embed", "src"),
        ("object", "data"),
        ("link", "href"),  # stylesheets, icons, preloads; <a href> only navigates on a click
    }

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self._in_script = False
        self.inline_scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (tag, name) in self.LOADING and value:
                self.urls.append(value)
        # Only scripts that run count; JSON data blocks (widget views, Vega specs) are inert.
        kind = (dict(attrs).get("type") or "text/javascript").lower()
        self._in_script = tag == "script" and kind in ("text/javascript", "module")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.inline_scripts.append(data)


def remote_loads(html: str) -> list[str]:
    """URLs the page would load from another machine, plus scripts that mention a CDN or http."""
    parser = _Loads()
    parser.feed(html)
    remote = [url for url in parser.urls if url.split(":")[0] in ("http", "https") or "//" in url]
    remote += [
        script.strip()[:200]
        for script in parser.inline_scripts
        if CDN in script or "http://" in script or "https://" in script
    ]
    return remote


def test_remote_loads_finds_scripts_and_stylesheets_but_not_links():
    html = (
        '<a href="https://example.org/help">help</a><script src="https://cdn.x/a.js"></script>'
        '<link rel="stylesheet" href="//cdn.x/b.css"><script>import("https://cdn.x/c.mjs")</script>'
        '<script src="local.js"></script>'
        '<script type="application/json">{"$schema": "https://vega.github.io/schema"}</script>'
    )
    assert remote_loads(html) == [
        "https://cdn.x/a.js",
        "//cdn.x/b.css",
        'import("https://cdn.x/c.mjs")',
    ]


# --- the tests -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    """Lesson 00 generated, handed in fully answered by one learner, and autograded."""
    folder = tmp_path_factory.mktemp("feedback-course")
    config = make_course(folder, "00-start-here")
    autograde(config, "00-start-here", "learner01", answered_release("00-start-here"))
    return config


@pytest.mark.slow
def test_feedback_html_makes_no_request_off_the_machine(graded_course, monkeypatch):
    from nbgrader.api import Gradebook

    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    stock = generate_feedback(graded_course, "00-start-here", "learner01")
    assert any(CDN in url for url in remote_loads(stock)), "stock nbgrader no longer uses a CDN?"

    monkeypatch.setenv("JUPYTER_PATH", str(TEMPLATES))
    ours = generate_feedback(graded_course, "00-start-here", "learner01")
    assert remote_loads(ours) == []
    assert CDN not in ours and "MathJax is not loaded" in ours
    # Still the learner's feedback: the total from the gradebook heads the page.
    with Gradebook(graded_course.CourseDirectory.db_url) as gradebook:
        submission = gradebook.find_submission("00-start-here", "learner01")
        total = f"(Score: {submission.score:.1f} / {submission.max_score:.1f})"
    assert total in stock and total in ours


def render_grading_page(notebook_path: Path) -> str:
    """The Formgrader's per-submission page for a notebook, rendered as its server extension does."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers

    config = Config()
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    resources = {
        "assignment_id": notebook_path.parent.name,
        "notebook_id": notebook_path.stem,
        "submission_id": "0123abcd",
        "index": 0,
        "total": 1,
        "base_url": "/user/someone",
        "student": "learner01",
        "last_name": None,
        "first_name": None,
        "notebook_path": notebook_path.name,
    }
    html, _ = HTMLExporter(config=config).from_filename(str(notebook_path), resources=resources)
    return html


def test_formgrader_page_loads_mathjax_from_the_jupyter_server(monkeypatch):
    lesson = ROOT / "lessons" / "01-leverage" / "01-leverage.ipynb"
    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    stock = render_grading_page(lesson)
    assert any(CDN in url for url in remote_loads(stock)), "stock nbgrader no longer uses a CDN?"
    assert LOCAL_MATHJAX not in stock

    monkeypatch.setenv("JUPYTER_PATH", str(TEMPLATES))
    ours = render_grading_page(lesson)
    assert remote_loads(ours) == []
    assert CDN not in ours
    assert LOCAL_MATHJAX in ours
    # The grading page's own scripts (formgrade.js) are still there, under the server's base URL.
    assert '<script src="/user/someone/formgrader/static/js/formgrade.js">' in ours
    assert 'var base_url = "/user/someone/formgrader";' in ours
