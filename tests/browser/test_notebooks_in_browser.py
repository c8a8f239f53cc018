"""Every lesson (and the explorer demo) runs in a real JupyterLab in Debian's chromium, offline.

For each notebook: run all cells in the browser's kernel, then check that no widget fell back
to text, no chart failed to draw, nothing raised, nothing left the machine, and that moving
each explorer's main slider changes both its readout and its chart.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHART_PICTURE_JS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# What a broken widget or chart leaves on the page instead of itself.
BROKEN_OUTPUT = re.compile(
    r"Error displaying widget|Loading widget|model not found|Javascript Error"
    r"|\w+\(children=\(|(Int|Float)Slider\(value=|VegaLite \d+ object|<VegaLite|Error loading script"
)


def test_every_cell_runs_without_a_python_error(opened):
    errors = opened.page.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
    )
    expect(errors).to_have_count(0)


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
