"""`make bench`: speed figures, each a ratio measured in this one run against a baseline."""

from __future__ import annotations

import platform
import sys

from bench.engine import bench_engine
from bench.engine import report as engine_report
from bench.grading import bench_every_lesson, bench_grading, lesson_report
from bench.grading import report as grading_report
from bench.scenarios import bench_simulation
from bench.scenarios import report as simulation_report
from bench.validate import bench_validate
from bench.validate import report as validate_report
from bench.widgets import bench_browser_latency, bench_widget_updates
from bench.widgets import report as widget_report


def main() -> int:
    print(f"Margin Mechanics benchmarks (Python {platform.python_version()}, {platform.machine()})")
    print("Each figure is a ratio against a baseline timed in this same run.\n")
    print("== Engine ==")
    print("\n".join(engine_report(bench_engine())))
    print("\n== Simulation ==")
    print("\n".join(simulation_report(bench_simulation())))
    print("\n== Explorers ==")
    print("\n".join(widget_report(bench_widget_updates(), bench_browser_latency())))
    print("\n== Grading ==")
    print("\n".join(grading_report(bench_grading())))
    print("\n".join(lesson_report(bench_every_lesson())))
    print("\n== Validate ==")
    print("\n".join(validate_report(bench_validate())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
