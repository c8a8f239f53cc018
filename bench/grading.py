"""Grading speed: 20 submissions by stock `nbgrader autograde` and by our driver, one run."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder.config import ROOT, ensure_tools_on_path
from autograder.driver import grade

SLUG = "00-start-here"
STUDENTS = 20
ANSWERS = {
    "q0_1_notional": "position_value = notional(0.25, 64_000)",
    "q0_2_distance": (
        'liquidation = isolated_liquidation_price("long", 65_000, 10, 0.005, basis="entry")\n'
        "distance_pct = 100 * (65_000 - liquidation) / 65_000"
    ),
}


def answered_release() -> nbformat.NotebookNode:
    notebook = copy.deepcopy(nbformat.read(ROOT / "lessons" / SLUG / f"{SLUG}.ipynb", 4))
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in ANSWERS:
            cell.source = ANSWERS[grade_id]
    return notebook


def stock_nbgrader(notebook, folder: Path, *, sliced: bool = False) -> float:
    """
    Seconds for `nbgrader autograde` (CLI, serial) after `nbgrader generate_assignment`.

    ``sliced`` swaps in our executor (`autograder.limits.CappedExecute`), to show how much of
    the gap is nbclient's stall after widget bursts rather than the driver's parallel workers.
    """
    ensure_tools_on_path()  # nbgrader runs `alembic` by name
    course = folder / ("stock-sliced" if sliced else "stock")
    for part in ("lessons", "solutions"):
        shutil.copytree(ROOT / part / SLUG, course / part / SLUG)
    (course / "autograder").mkdir()
    (course / "nbgrader_config.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "from autograder.config import apply\nfrom pathlib import Path\n"
        f"apply(get_config(), Path({str(course)!r}))\n"
        + (
            "from autograder.pipeline.workspace import autograde_preprocessors\n"
            "get_config().Autograde.autograde_preprocessors = autograde_preprocessors()\n"
            if sliced
            # apply() gives nbgrader's own Execute our client too (autograder.config): undo it
            else "get_config().AsyncKernelManager.client_class = "
            '"jupyter_client.asynchronous.AsyncKernelClient"\n'
        )
    )
    for number in range(STUDENTS):
        target = course / "autograder" / "submitted" / f"s{number:02d}" / SLUG
        target.mkdir(parents=True)
        nbformat.write(notebook, target / f"{SLUG}.ipynb")
    nbgrader = [sys.executable, "-m", "nbgrader"]
    subprocess.run(
        [*nbgrader, "generate_assignment", SLUG, "--force"],
        cwd=course,
        check=True,
        capture_output=True,
    )
    start = time.perf_counter()
    subprocess.run(
        [*nbgrader, "autograde", SLUG, "--force"], cwd=course, check=True, capture_output=True
    )
    return time.perf_counter() - start


def driver(notebook, folder: Path) -> float:
    """Seconds for `python -m autograder grade` on the same 20 notebooks (2 workers)."""
    submissions = folder / "flat"
    submissions.mkdir()
    for number in range(STUDENTS):
        nbformat.write(notebook, submissions / f"s{number:02d}.ipynb")
    start = time.perf_counter()
    rows = grade(SLUG, submissions, folder / "out", workers=2, timeout=30)
    elapsed = time.perf_counter() - start
    assert all(row.status == "ok" and row.score == row.max_score for row in rows)
    return elapsed


def bench_grading() -> dict[str, float]:
    notebook = answered_release()
    with tempfile.TemporaryDirectory() as folder:
        stock_s = stock_nbgrader(notebook, Path(folder))
        sliced_s = stock_nbgrader(notebook, Path(folder), sliced=True)
        driver_s = driver(notebook, Path(folder))
    return {
        "stock_s": stock_s,
        "sliced_s": sliced_s,
        "driver_s": driver_s,
        "ratio": stock_s / driver_s,
        "sliced_ratio": sliced_s / driver_s,
    }


def report(result: dict[str, float]) -> list[str]:
    return [
        f"{STUDENTS} submissions, stock `nbgrader autograde`: {result['stock_s']:.1f} s; "
        f"driver (2 workers, with feedback): {result['driver_s']:.1f} s",
        f"  driver is {result['ratio']:.2f}x faster (goal >= 3.5x)",
        f"  stock CLI with our stall-free executor: {result['sliced_s']:.1f} s; the driver is "
        f"still {result['sliced_ratio']:.2f}x faster (workers, no CLI start per run, lean kernel)",
    ]


if __name__ == "__main__":
    print("\n".join(report(bench_grading())))
