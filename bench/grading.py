"""Grading speed: a class of submissions by stock `nbgrader autograde` and by our driver, one run.

Lesson 00 with 20 students is the headline; every other lesson is timed with a smaller class,
so that the driver's speed is measured on each lesson's own cells (explorers, charts, data).
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder.config import ASSIGNMENTS, ROOT, ensure_tools_on_path
from autograder.driver import grade
from autograder.solution_answers import with_solution_answers

SLUG = "00-start-here"
STUDENTS = 20
STUDENTS_PER_OTHER_LESSON = 4


def answered_release(slug: str = SLUG) -> nbformat.NotebookNode:
    """The release with the solutions' code answers (written answers keep their stub)."""
    release = nbformat.read(ROOT / "lessons" / slug / f"{slug}.ipynb", 4)
    return with_solution_answers(copy.deepcopy(release), slug)


def stock_nbgrader(
    notebook, folder: Path, *, slug: str = SLUG, students: int = STUDENTS, sliced: bool = False
) -> float:
    """
    Seconds for `nbgrader autograde` (CLI, serial) after `nbgrader generate_assignment`.

    ``sliced`` swaps in our executor (`autograder.limits.CappedExecute`), to show how much of
    the gap is nbclient's stall after widget bursts rather than the driver's parallel workers.
    """
    ensure_tools_on_path()  # nbgrader runs `alembic` by name
    course = folder / slug / ("stock-sliced" if sliced else "stock")
    for part in ("lessons", "solutions"):
        shutil.copytree(ROOT / part / slug, course / part / slug)
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
    for number in range(students):
        target = course / "autograder" / "submitted" / f"s{number:02d}" / slug
        target.mkdir(parents=True)
        nbformat.write(notebook, target / f"{slug}.ipynb")
    nbgrader = [sys.executable, "-m", "nbgrader"]
    subprocess.run(
        [*nbgrader, "generate_assignment", slug, "--force"],
        cwd=course,
        check=True,
        capture_output=True,
    )
    start = time.perf_counter()
    subprocess.run(
        [*nbgrader, "autograde", slug, "--force"], cwd=course, check=True, capture_output=True
    )
    return time.perf_counter() - start


def driver(notebook, folder: Path, *, slug: str = SLUG, students: int = STUDENTS) -> float:
    """Seconds for `python -m autograder grade` on the same notebooks (2 workers)."""
    submissions = folder / slug / "flat"
    submissions.mkdir(parents=True)
    for number in range(students):
        nbformat.write(notebook, submissions / f"s{number:02d}.ipynb")
    start = time.perf_counter()
    rows = grade(slug, submissions, folder / slug / "out", workers=2, timeout=30)
    elapsed = time.perf_counter() - start
    full = autograded_points(notebook)
    wrong = [row for row in rows if row.status not in ("ok", "needs_review") or row.score != full]
    assert not wrong, f"{slug}: the solutions' answers did not earn {full:g}: {wrong[:2]}"
    return elapsed


def autograded_points(notebook) -> float:
    """The points of a notebook's autograded test cells."""
    return sum(
        cell.metadata.get("nbgrader", {}).get("points", 0)
        for cell in notebook.cells
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade")
    )


def bench_grading(slug: str = SLUG, students: int = STUDENTS) -> dict[str, float]:
    """Stock, stock with our executor, and the driver on ``students`` copies of ``slug``."""
    notebook = answered_release(slug)
    with tempfile.TemporaryDirectory() as folder:
        stock_s = stock_nbgrader(notebook, Path(folder), slug=slug, students=students)
        sliced_s = stock_nbgrader(notebook, Path(folder), slug=slug, students=students, sliced=True)
        driver_s = driver(notebook, Path(folder), slug=slug, students=students)
    return {
        "slug": slug,
        "students": students,
        "stock_s": stock_s,
        "sliced_s": sliced_s,
        "driver_s": driver_s,
        "ratio": stock_s / driver_s,
        "sliced_ratio": sliced_s / driver_s,
    }


def report(result: dict) -> list[str]:
    return [
        f"{result['slug']}, {result['students']} submissions, stock `nbgrader autograde`: {result['stock_s']:.1f} s; "
        f"driver (2 workers, with feedback): {result['driver_s']:.1f} s",
        f"  driver is {result['ratio']:.2f}x faster (goal >= 3.5x)",
        f"  stock CLI with our stall-free executor: {result['sliced_s']:.1f} s; the driver is "
        f"still {result['sliced_ratio']:.2f}x faster (workers, no CLI start per run, lean kernel)",
    ]


def bench_every_lesson(students: int = STUDENTS_PER_OTHER_LESSON) -> list[dict]:
    """The driver against stock nbgrader on each lesson after 00, with a small class."""
    return [bench_grading(slug, students) for slug in ASSIGNMENTS if slug != SLUG]


def lesson_report(results: list[dict]) -> list[str]:
    lines = [f"Every other lesson, {STUDENTS_PER_OTHER_LESSON} submissions each:"]
    for result in results:
        lines.append(
            f"  {result['slug']:<24} stock {result['stock_s']:6.1f} s, driver "
            f"{result['driver_s']:6.1f} s: {result['ratio']:.2f}x "
            f"({result['sliced_ratio']:.2f}x against stock with our executor)"
        )
    return lines


if __name__ == "__main__":
    print("\n".join(report(bench_grading())))
    print("\n".join(lesson_report(bench_every_lesson())))
