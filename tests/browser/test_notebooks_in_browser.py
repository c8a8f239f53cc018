"""Every lesson (and the explorer demo) runs in a real JupyterLab in Debian's chromium, offline.

Each lesson is opened twice: answered (every exercise done) and untouched (as released). For
each: *Run → Run All Cells* in the browser's kernel, then check that the last cell ran, no
widget fell back to text, no chart failed to draw, nothing left the machine, and that moving
each explorer's main slider changes both its readout and its chart. Answered, nothing raises;
untouched, the only errors are the answer cells' ``NotImplementedError``, and each check cell
says, in one line, that its exercise is not answered yet.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ANSWERED, CHART_PICTURE_JS, UNTOUCHED

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# What a broken widget or chart leaves on the page instead of itself.
BROKEN_OUTPUT = re.compile(
    r"Error displaying widget|Loading widget|model not found|Javascript Error"
    r"|\w+\(children=\(|(Int|Float)Slider\(value=|VegaLite \d+ object|<VegaLite|Error loading script"
)


def _errors(cell: dict) -> list[str]:
    return [output["ename"] for output in cell["outputs"] if output["output_type"] == "error"]


def test_run_all_reaches_the_last_cell(opened):
    cells = opened.code_cells()
    assert cells and all(cell["count"] for cell in cells), "a code cell did not run"
    assert cells[-1]["count"] == max(cell["count"] for cell in cells)


def test_only_unanswered_answer_cells_raise(opened):
    for cell in opened.code_cells():
        errors = _errors(cell)
        if opened.variant == UNTOUCHED and cell["solution"]:
            assert errors == ["NotImplementedError"] or not errors, (cell["grade_id"], errors)
            assert "raises-exception" in cell["tags"], cell["grade_id"]
        else:
            assert errors == [], (cell["grade_id"] or cell["id"], errors)
    # What the learner sees: JupyterLab draws an error as stderr-styled text with its name.
    raising = sum(bool(_errors(cell)) for cell in opened.code_cells())
    shown = opened.page.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    ).filter(has_text="NotImplementedError")
    expect(shown).to_have_count(raising)
    if opened.variant == ANSWERED:
        assert raising == 0


def test_each_check_says_in_one_line_whether_its_exercise_is_answered(opened):
    checks = [c for c in opened.code_cells() if (c["grade_id"] or "").endswith("_check")]
    for cell in checks:
        text = "".join(o.get("text", "") for o in cell["outputs"] if o["output_type"] == "stream")
        if opened.variant == UNTOUCHED:
            lines = text.strip().splitlines()
            assert len(lines) == 1 and "is not answered yet" in lines[0], (cell["grade_id"], text)
        else:
            assert "not answered" not in text, cell["grade_id"]
    if opened.variant == UNTOUCHED and "lessons/" in opened.name:
        assert checks, "every lesson has checked exercises"
        unanswered = opened.page.get_by_text(re.compile(r"Exercise \d+\.\d+ is not answered yet"))
        expect(unanswered).to_have_count(len(checks))


def test_no_widget_or_chart_falls_back_to_text(opened):
    outputs = opened.page.locator(".jp-OutputArea-output")
    expect(outputs.filter(has_text=BROKEN_OUTPUT)).to_have_count(0)
    explorers = opened.page.locator(".mm-explorer")
    for index in range(explorers.count()):
        expect(explorers.nth(index)).to_be_visible()


def test_every_chart_has_rendered(opened):
    charts = opened.page.locator(".vega-embed")
    expect(charts.first).to_be_visible()
    for index in range(charts.count()):
        marks = charts.nth(index).locator("svg.marks, canvas.marks").first
        expect(marks).to_be_attached()
        box = charts.nth(index).bounding_box()
        assert box is None or box["width"] > 100  # None: scrolled off; attached is enough
    opened.screenshot("all")


def _chart_picture(explorer) -> str:
    """What the explorer's chart shows: SVG markup, or the canvas's pixels as a data URL."""
    return explorer.evaluate(CHART_PICTURE_JS)


def test_moving_each_explorers_slider_changes_its_readout_and_chart(opened):
    explorers = opened.page.locator(".mm-explorer")
    for index in range(explorers.count()):
        explorer = explorers.nth(index)
        explorer.scroll_into_view_if_needed()
        readout = explorer.locator(".mm-readout").first
        expect(
            explorer.locator(".vega-embed svg.marks, .vega-embed canvas.marks").first
        ).to_be_attached()
        before_text = readout.inner_text()
        before_chart = _chart_picture(explorer)
        handle = explorer.locator(".mm-primary .noUi-handle").first
        handle.focus()
        for _ in range(3):
            opened.page.keyboard.press("ArrowRight")
        expect(readout).not_to_have_text(before_text)
        opened.page.wait_for_function(
            f"([el, old]) => {{ const now = ({CHART_PICTURE_JS})(el); return now && now !== old; }}",
            arg=[explorer.element_handle(), before_chart],
        )
        opened.screenshot_of(explorer, f"explorer-{index}")


def test_no_javascript_errors_and_nothing_left_the_machine(opened):
    assert opened.external_requests == []
    assert opened.errors == []


def test_jupytext_is_not_the_learners_contents_manager(lab):
    """A MyST source is a text file to the learner's Lab, never a notebook (issue: build step)."""
    import urllib.error
    import urllib.request

    from tests.browser.labserver import TOKEN

    url = f"{lab['base']}/api/contents/lesson-source.md?type=notebook&token={TOKEN}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=30)
    assert refused.value.code == 400
    plain = f"{lab['base']}/api/contents/lesson-source.md?token={TOKEN}"
    with urllib.request.urlopen(plain, timeout=30) as reply:
        assert json.loads(reply.read())["type"] == "file"
