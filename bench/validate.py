"""Validate speed: stock nbgrader's Validator against ours, on the same explorer lesson, one run.

Both run the way the Validate button's server code does (``Validator(config=...).validate``)
with the course's settings (60 s per cell); "stock" only resets the kernel client to
jupyter_client's own, so the difference is the stall after widget bursts (autograder/limits.py).
The stall is intermittent, so the figures are the total and the slowest of several runs.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from autograder.config import ROOT, course_config

LESSON = "00-start-here"  # its explorer cell sends a burst of widget messages
RUNS = 6
STOCK_CLIENT = "jupyter_client.asynchronous.AsyncKernelClient"


def validate_times(notebook: Path, *, stock: bool, runs: int = RUNS) -> list[float]:
    """Seconds for each of ``runs`` validations of ``notebook``, with stock or our client."""
    from nbgrader.validator import Validator

    config = course_config()
    if stock:
        config.AsyncKernelManager.client_class = STOCK_CLIENT
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        Validator(config=config).validate(str(notebook))
        times.append(time.perf_counter() - start)
    return times


def bench_validate(runs: int = RUNS) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as folder:
        notebook = Path(folder) / f"{LESSON}.ipynb"
        shutil.copy(ROOT / "lessons" / LESSON / notebook.name, notebook)
        return {
            "stock": validate_times(notebook, stock=True, runs=runs),
            "ours": validate_times(notebook, stock=False, runs=runs),
        }


def report(result: dict[str, list[float]]) -> list[str]:
    stock, ours = result["stock"], result["ours"]
    return [
        f"Validate, lesson {LESSON} (explorer), {len(stock)} runs each, 60 s cell timeout: "
        f"stock {sum(stock):.1f} s in all (slowest {max(stock):.1f} s); "
        f"ours {sum(ours):.1f} s (slowest {max(ours):.1f} s)",
        f"  ours is {sum(stock) / sum(ours):.2f}x faster in all, "
        f"{max(stock) / max(ours):.2f}x on the slowest run (1.00x: no stall this time)",
    ]


if __name__ == "__main__":
    print("\n".join(report(bench_validate())))
