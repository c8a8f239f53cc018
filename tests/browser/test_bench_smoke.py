"""`make bench` measures slider-to-chart latency with the browser tests' helpers: keep them in step."""

import pytest

from bench.widgets import bench_browser_latency

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.extended]


def test_the_benchs_browser_latency_runs_with_the_current_helpers():
    result = bench_browser_latency(moves=2)
    assert result is not None and result["moves"] == 2
    assert 0 < result["median_ms"] < 60_000
