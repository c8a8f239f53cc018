"""The classroom flow in a real JupyterLab + nbgrader, in Debian's chromium, offline.

Instructor: a learner's lesson 01 is autograded, then graded by hand in the Formgrader (score
and comment on the written answer), and the gradebook holds what was typed. The grading page
must work without internet: MathJax comes from jupyter-server-mathjax through our template in
``autograder/jupyter`` (on ``JUPYTER_PATH``), so formgrade.js finishes loading and its keyboard
shortcuts work. The learner's feedback, generated afterwards, shows the grade and the comment
and loads nothing from another machine.

Learner: the Validate button on a released lesson lists the failing checks, or says the
notebook passes. Everything runs on copies in a temporary course; every request that leaves
the machine is aborted and must not have been attempted. Recipe and selectors:
shared/reference/formgrader-ui.md.
"""

from __future__ import annotations

import re
import urllib.parse

import nbformat
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, OfflinePage
from tests.browser.labserver import TOKEN, running_lab
from tests.test_feedback_offline import (
    TEMPLATES,
    answered_release,
    autograde,
    generate_feedback,
    make_course,
    remote_loads,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSON = "01-leverage"
STUDENT = "learner01"
WRITTEN_ID = "q1_6_leverage_explained"
SCORE = 1.5
COMMENT = "Right about PnL; say why the 10x position is closer to liquidation."
SUCCESS = "Success! Your notebook passes all the tests."


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Lesson 01 generated and autograded for one learner, plus learner copies to Validate."""
    folder = tmp_path_factory.mktemp("formgrader-course")
    config = make_course(folder, LESSON)
    autograde(config, LESSON, STUDENT, answered_release(LESSON))
    # Validate saves the notebook first, so the learner side works on throwaway copies.
    copies = folder / "validate"
    copies.mkdir()
    for name, notebook in validate_cases().items():
        nbformat.write(notebook, copies / f"{name}.ipynb")
    return config


def validate_cases() -> dict[str, nbformat.NotebookNode]:
    from autograder.config import ROOT

    return {
        "00-untouched": nbformat.read(
            ROOT / "lessons" / "00-start-here" / "00-start-here.ipynb", 4
        ),
        "00-answered": answered_release("00-start-here"),
    }


@pytest.fixture(scope="module")
def course_lab(course, tmp_path_factory):
    """JupyterLab serving the course, with our nbconvert templates on JUPYTER_PATH."""
    root = course.CourseDirectory.root
    state = tmp_path_factory.mktemp("formgrader-lab-state")
    with running_lab(root, state, extra_env={"JUPYTER_PATH": str(TEMPLATES)}) as (base, pid):
        yield {"base": base, "pid": pid, "root": root}


@pytest.fixture
def offline(browser):
    page = OfflinePage(browser)
    yield page
    page.close()


def screenshot(page, label: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"formgrader-{label}.png"), full_page=True)


def written_grade(config):
    from nbgrader.api import Gradebook

    with Gradebook(config.CourseDirectory.db_url) as gradebook:
        grade = gradebook.find_grade(WRITTEN_ID, LESSON, LESSON, STUDENT)
        comment = gradebook.find_comment(WRITTEN_ID, LESSON, LESSON, STUDENT)
        submission = gradebook.find_submission(LESSON, STUDENT)
        notebook = gradebook.find_submission_notebook(LESSON, LESSON, STUDENT)
        return {
            "manual_score": grade.manual_score,
            "max_score": grade.max_score,
            "needs_manual_grade": grade.needs_manual_grade,
            "comment": comment.manual_comment,
            "code_score": submission.code_score,
            "max_code_score": submission.max_code_score,
            "written_score": submission.written_score,
            "flagged": notebook.flagged,
        }


def dialog_after_validate(offline, base: str, name: str):
    page = offline.page
    page.goto(f"{base}/lab/tree/validate/{name}.ipynb?token={TOKEN}&reset")
    page.wait_for_function(
        """async () => { const app = window.jupyterapp; if (!app) return false;
        await app.restored; const nb = app.shell.currentWidget;
        if (!nb?.context) return false; await nb.context.ready; return true; }""",
        timeout=60_000,
    )
    page.get_by_role("button", name="Validate").click()
    dialog = page.locator(".jp-Dialog")
    expect(dialog.locator(".jp-Dialog-header")).to_have_text("Validation Results", timeout=90_000)
    return dialog


def test_validate_lists_every_failing_check_of_an_untouched_lesson(course, course_lab, offline):
    checks = [
        cell.source.splitlines()[-1]  # the call, e.g. check("q0_1_notional", position_value)
        for cell in validate_cases()["00-untouched"].cells
        if cell.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_check")
    ]
    assert checks
    dialog = dialog_after_validate(offline, course_lab["base"], "00-untouched")
    body = dialog.locator(".jp-Dialog-body")
    expect(body).to_contain_text("The following cell failed")
    text = body.inner_text()
    assert SUCCESS not in text
    assert text.count("The following cell failed") == len(checks)
    for call in checks:
        assert call in text
    screenshot(offline.page, "validate-00-untouched")
    dialog.get_by_role("button", name="Ok").click()
    assert offline.external_requests == []
    assert offline.errors == [], "\n".join(offline.errors)


def test_validate_passes_a_lesson_answered_from_the_solutions(course, course_lab, offline):
    dialog = dialog_after_validate(offline, course_lab["base"], "00-answered")
    expect(dialog.locator(".jp-Dialog-body")).to_have_text(SUCCESS)
    screenshot(offline.page, "validate-00-answered")
    dialog.get_by_role("button", name="Ok").click()
    assert offline.external_requests == []
    assert offline.errors == [], "\n".join(offline.errors)


def test_instructor_grades_the_written_answer_in_the_formgrader(
    course, course_lab, offline, monkeypatch
):
    before = written_grade(course)
    assert before["needs_manual_grade"] and before["manual_score"] is None
    assert before["code_score"] == before["max_code_score"]  # the solutions earn every point
    page = offline.page

    # Enter through /lab: it sets the _xsrf cookie the grading page's POSTs need.
    page.goto(f"{course_lab['base']}/lab?token={TOKEN}&reset")
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
    page.get_by_role("menuitem", name="Formgrader", exact=True).click()
    iframe = page.locator("#formgrader iframe")
    expect(iframe).to_be_visible()
    frame = iframe.element_handle().content_frame()
    row = frame.locator("tr", has=frame.locator("td.name", has_text=LESSON))
    expect(row.locator("td.num-submissions")).to_have_text("1")
    screenshot(page, "manage-assignments")

    frame.get_by_role("link", name="Manual Grading").first.click()
    frame.locator("td a", has_text=LESSON).click()
    frame.wait_for_url(re.compile(rf"/formgrader/gradebook/{LESSON}/?$"))
    frame.locator("td a", has_text=LESSON).click()
    frame.wait_for_url(re.compile(rf"/formgrader/gradebook/{LESSON}/{LESSON}/?$"))
    screenshot(page, "submissions")
    frame.get_by_role("link", name="Submission #1").click()
    frame.wait_for_url(re.compile(r"/formgrader/submissions/[^/]+/"))
    frame.wait_for_function("() => document.readyState === 'complete'")

    # The offline MathJax fix: MathJax exists, so formgrade.js got through init().
    state = frame.evaluate(
        "() => ({formgrader: window.formgrader?.loaded, mathjax: typeof window.MathJax})"
    )
    assert state == {"formgrader": True, "mathjax": "object"}, offline.errors
    frame.wait_for_function("() => MathJax.loaded === true")  # typesetting finished
    answer = frame.locator(".cell", has=frame.locator(f"#{WRITTEN_ID}"))
    expect(answer.locator(".MathJax").first).to_be_attached()  # the learner's $...$ typeset

    score = frame.locator(f"input.score#{WRITTEN_ID}")
    comment = frame.locator(f"textarea.comment#{WRITTEN_ID}-comment")
    with page.expect_response(
        lambda r: "/formgrader/api/grade/" in r.url and r.request.method == "PUT"
    ) as saved:
        score.fill(str(SCORE))
        score.press("Tab")  # both boxes save on their change event
    assert saved.value.ok
    with page.expect_response(
        lambda r: "/formgrader/api/comment/" in r.url and r.request.method == "PUT"
    ) as saved:
        comment.fill(COMMENT)
        comment.press("Tab")
    assert saved.value.ok
    # A keyboard shortcut, which stock nbgrader offline never registers: flag the submission.
    with page.expect_response(lambda r: r.url.endswith("/flag") and r.request.method == "POST"):
        page.keyboard.press("Control+Shift+F")
    expect(frame.locator("#statusmessage")).to_have_text("Submission flagged")
    screenshot(page, "grading-page")
    assert offline.errors == [], "\n".join(offline.errors)

    after = written_grade(course)
    assert after["manual_score"] == SCORE
    assert after["comment"] == COMMENT
    assert not after["needs_manual_grade"]
    assert after["written_score"] == SCORE
    assert after["flagged"]

    # The learner's feedback shows the grade and comment, and loads nothing remote.
    monkeypatch.setenv("JUPYTER_PATH", str(TEMPLATES))
    html = generate_feedback(course, LESSON, STUDENT)
    assert remote_loads(html) == []
    feedback_path = f"{course_lab['root']}/autograder/feedback/{STUDENT}/{LESSON}/{LESSON}.html"
    page.goto(f"file://{urllib.parse.quote(feedback_path)}")
    written = page.locator(".nbgrader_cell", has=page.locator(f'a[name="{WRITTEN_ID}"]'))
    expect(written).to_contain_text(COMMENT)
    expect(written).to_contain_text(f"Score: {SCORE} / {after['max_score']}")
    expect(written).to_contain_text("$q \\times \\Delta P$")  # no MathJax: TeX stays as typed
    screenshot(page, "feedback")

    assert offline.external_requests == []
    # nbconvert writes `var element = $('#...')` under each widget output, and nbgrader's feedback
    # page loads no jQuery: stock nbgrader's feedback has this error too (nothing is visible).
    assert set(offline.errors) <= {"pageerror: $ is not defined"}, "\n".join(offline.errors)
