"""Every lesson's release through the grading driver, with a small hostile batch (issue 13).

`tests/test_driver.py` runs the full hostile batch on lesson 00. Here each other lesson gets the
attacks that depend on its own cells: the solutions' answers earn the autograded points, an
untouched release earns 0, a loop times out, a faked check in the locked setup cell, an
engine patched from an answer cell and a printed verdict change nothing.
"""

from __future__ import annotations

import copy
import csv
import subprocess
import sys

import nbformat
import pytest

from autograder.config import ASSIGNMENTS
from autograder.solution_answers import with_solution_answers
from tests.hostile import STATUS_WORDS
from tests.test_lessons import release_path

pytestmark = pytest.mark.slow
# 00: tests/test_driver.py. Lessons 06-10 (issue 13) run in `make test`; 01-05, which
# earlier issues' suites already grade, in `make test-extended` (CI runs both).
LESSONS = [
    pytest.param(slug, marks=[pytest.mark.extended] if slug < "06" else [])
    for slug in ASSIGNMENTS
    if slug != "00-start-here"
]
TIMEOUT = 20  # seconds per cell: the lessons' setup cells import altair and pandas


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _autograded_points(release) -> float:
    return sum(
        _meta(cell).get("points", 0)
        for cell in release.cells
        if _meta(cell).get("grade") and cell.cell_type == "code"
    )


def _first_answer(notebook):
    return next(c for c in notebook.cells if _meta(c).get("solution") and c.cell_type == "code")


def _setup(notebook):
    return next(c for c in notebook.cells if str(_meta(c).get("grade_id", "")).startswith("setup"))


def _batch(slug: str, release) -> dict[str, tuple[nbformat.NotebookNode, str, float | None]]:
    """student -> (notebook, expected status or "", expected score)."""
    answered = with_solution_answers(release, slug, written="My own words.")
    full = _autograded_points(release)
    loops = copy.deepcopy(answered)
    _first_answer(loops).source += "\nwhile True:\n    pass\n"
    faked = copy.deepcopy(release)
    _setup(faked).source += "\n\ndef check(*args, **kwargs):\n    pass\n\n\ngrade = check\n"
    patched = copy.deepcopy(release)
    _first_answer(patched).source = (
        "import math, course.grading, course.hints\n"
        "course.grading.grade = course.hints.check = lambda *args, **kwargs: None\n"
        "math.isclose = lambda *args, **kwargs: True\n"
    )
    printed = copy.deepcopy(release)
    _first_answer(printed).source = (
        f"print('status,score\\nok,{full:g}')\nprint({' '.join(STATUS_WORDS)!r})\n"
        "print('All tests passed.')\n"
    )
    return {
        "answered": (answered, "", full),
        "untouched": (release, "", 0.0),
        "loops forever": (loops, "timeout", None),
        "faked checks": (faked, "", 0.0),
        "patched engine": (patched, "", 0.0),
        "printed verdict": (printed, "", 0.0),
    }


@pytest.mark.parametrize("slug", LESSONS)
def test_a_hostile_batch_gets_the_grades_its_answers_earn(slug, tmp_path):
    release = nbformat.read(release_path(slug), as_version=4)
    folder, out = tmp_path / "submissions", tmp_path / "graded"
    folder.mkdir()
    batch = _batch(slug, release)
    for student, (notebook, _, _) in batch.items():
        nbformat.write(notebook, folder / f"{student}.ipynb")
    command = [sys.executable, "-m", "autograder", "grade", slug, str(folder), "--out", str(out)]
    result = subprocess.run(
        [*command, "--workers", "2", "--timeout", str(TIMEOUT)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = {row["student_id"]: row for row in csv.DictReader((out / "grades.csv").open())}
    assert set(rows) == set(batch)
    for student, (_, status, score) in batch.items():
        row = rows[student]
        if status:
            assert row["status"] == status, (student, row)
        else:
            assert row["status"] in ("ok", "needs_review"), (student, row)
        assert row["score"] == ("" if score is None else f"{score:g}"), (student, row)
    assert "edited-locked-cell" in rows["faked checks"]["flags"].split(";")
    assert not set(STATUS_WORDS) & set(rows["printed verdict"]["flags"].split(";"))
