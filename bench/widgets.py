"""Explorer latency: one slider move, server-side in-process, and slider-to-chart in chromium."""

from __future__ import annotations

import contextlib
import io
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from IPython.core.interactiveshell import InteractiveShell

import course.widgets

# Every explorer the facade exports.
EXPLORERS = tuple(
    getattr(course.widgets, name) for name in course.widgets.__all__ if name.endswith("_explorer")
)
DEMO = (
    Path(__file__).resolve().parents[1] / "tests" / "browser" / "notebooks" / "explorers-demo.ipynb"
)


def bench_widget_updates(moves: int = 20) -> dict[str, float]:
    """Median time for one slider move: engine calls, readout, and the chart's Vega-Lite spec.

    An IPython shell formats each displayed chart, so the time includes building and
    validating the spec, as in a kernel.
    """
    InteractiveShell.instance()
    per_explorer = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for build in EXPLORERS:
            explorer = build()
            slider, times = explorer.primary, []
            for move in range(moves):
                target = slider.min + (slider.max - slider.min) * (0.3 + 0.4 * (move % 2))
                start = time.perf_counter()
                slider.value = round(target / slider.step) * slider.step
                times.append(time.perf_counter() - start)
            per_explorer[build.__name__] = statistics.median(times) * 1e3
    return {
        "median_ms": statistics.median(per_explorer.values()),
        "slowest_ms": max(per_explorer.values()),
        **per_explorer,
    }


def bench_browser_latency(moves: int = 10) -> dict[str, float] | None:
    """Median ms from a key press on the liquidation slider to a redrawn chart, in chromium."""
    from tests.browser.conftest import CHART_PICTURE_JS, CHROMIUM, FLAGS, OpenNotebook
    from tests.browser.labserver import running_lab

    if not CHROMIUM:
        return None
    from playwright.sync_api import sync_playwright

    root, state = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    target = root / "bench" / "tests" / "browser" / "notebooks"  # served as <variant>/<path>
    target.mkdir(parents=True)
    shutil.copy(DEMO, target / DEMO.name)
    times = []
    with running_lab(root, state) as (base, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        opened = OpenNotebook(browser, {"base": base}, ("bench", DEMO))
        explorer = opened.page.locator(".mm-liquidation-explorer")
        explorer.scroll_into_view_if_needed()
        handle = explorer.locator(".mm-primary .noUi-handle")
        for _ in range(moves):
            before = explorer.evaluate(CHART_PICTURE_JS)
            handle.focus()
            start = time.perf_counter()
            opened.page.keyboard.press("ArrowRight")
            opened.page.wait_for_function(
                f"([el, old]) => {{ const now = ({CHART_PICTURE_JS})(el); return now && now !== old; }}",
                arg=[explorer.element_handle(), before],
                polling="raf",
            )
            times.append(time.perf_counter() - start)
        opened.close()
        browser.close()
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(state, ignore_errors=True)
    return {"median_ms": statistics.median(times) * 1e3, "moves": moves}


def report(updates: dict[str, float], browser: dict[str, float] | None) -> list[str]:
    lines = [
        f"widget update, server-side: median {updates['median_ms']:.1f} ms per slider move, "
        f"slowest explorer {updates['slowest_ms']:.1f} ms (goal <= 50 ms)"
    ]
    lines += [f"  {name}: {ms:.1f} ms" for name, ms in updates.items() if not name.endswith("_ms")]
    if browser is None:
        lines.append("slider-to-chart in chromium: SKIPPED (chromium not installed)")
    else:
        lines.append(
            f"slider-to-chart in chromium: median {browser['median_ms']:.0f} ms over "
            f"{browser['moves']} moves (goal <= 300 ms)"
        )
    return lines


if __name__ == "__main__":
    print("\n".join(report(bench_widget_updates(), bench_browser_latency())))
