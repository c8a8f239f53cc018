"""`make bench` times the driver against stock nbgrader on every lesson: keep that runnable."""

import pytest

from autograder.config import ASSIGNMENTS
from bench.grading import bench_grading, lesson_report

pytestmark = [pytest.mark.slow, pytest.mark.extended]  # `make bench` runs the real bench


def test_the_grading_bench_runs_on_the_newest_lesson():
    result = bench_grading(ASSIGNMENTS[-1], students=1)  # it asserts the solutions earn full marks
    assert result["slug"] == ASSIGNMENTS[-1] and result["students"] == 1
    assert result["stock_s"] > 0 and result["driver_s"] > 0
    assert ASSIGNMENTS[-1] in lesson_report([result])[1]
