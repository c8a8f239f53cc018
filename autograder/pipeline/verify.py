"""Stage 4: recompute every checked cell's verdict from its answer records, outside the kernel.

Each test cell of the source calls ``check("q…")`` or ``grade("q…", …)``; in the grading
kernel that call publishes an **answer record** (plain numbers, an output of type
`course.grading.RECORD_MIMETYPE`). Here, in the grading worker where no learner code ever
ran, `course.grading.verdict` judges each record again: a cell passes when it published at
least one record and every record is right. Where nbgrader's score (the kernel's own
verdict) disagrees, the gradebook gets the recomputed one and the row the flag
``verdict-overridden``. A notebook that blanks its test cells, rigs ``__eq__`` or patches
the checks therefore gains nothing.

This runs before nbgrader renders the feedback, so feedback, gradebook and grades.csv agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import nbformat

from autograder.pipeline.workspace import Course

_CALL = re.compile(r"""\b(check|grade)\(\s*["'](q\d+_\d+_[a-z0-9_]+)["']""")


@dataclass
class Verified:
    """The gradebook's scores for one student after verification, and what it changed."""

    tests: list[dict[str, Any]] = field(default_factory=list)  # name, score, max_score
    needs_manual: bool = False  # a cell (a written answer) waits for a person's score
    flags: list[str] = field(default_factory=list)


def checked_cells(source: nbformat.NotebookNode) -> dict[str, tuple[str, str]]:
    """
    Find the test cells that call ``check()`` or ``grade()``, in the lesson's source.

    Parameters
    ----------
    source : nbformat.NotebookNode
        The source (solutions) notebook; test cells come from it, never from a submission.

    Returns
    -------
    dict
        grade id -> (question id, mode), mode being "check" or "grade".
    """
    found = {}
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            calls = _CALL.findall(cell.source)
            if len(calls) == 1:
                found[meta["grade_id"]] = (calls[0][1], calls[0][0])
    return found


def records(cell: nbformat.NotebookNode) -> list[Any]:
    """
    Return the answer records a graded cell published.

    Parameters
    ----------
    cell : nbformat.NotebookNode
        A code cell of the autograded notebook.

    Returns
    -------
    list
        The payload of each output of type `course.grading.RECORD_MIMETYPE`, unchecked.
    """
    from course.grading import RECORD_MIMETYPE

    found = []
    for output in cell.get("outputs", []):
        data = output.get("data", {}) if isinstance(output, dict) else {}
        if RECORD_MIMETYPE in data:
            found.append(data[RECORD_MIMETYPE])
    return found


def verdicts(source: nbformat.NotebookNode, graded: nbformat.NotebookNode) -> dict[str, bool]:
    """
    Recompute each checked cell's verdict from the records: every record right, at least one.

    Parameters
    ----------
    source : nbformat.NotebookNode
        The source (solutions) notebook.
    graded : nbformat.NotebookNode
        The autograded notebook, with its outputs.

    Returns
    -------
    dict
        grade id -> passed, for every cell `checked_cells` finds.
    """
    from course.grading import verdict

    cells = {
        cell.metadata.get("nbgrader", {}).get("grade_id"): cell
        for cell in graded.cells
        if cell.cell_type == "code"
    }
    result = {}
    for grade_id, (question_id, mode) in checked_cells(source).items():
        found = records(cells[grade_id]) if grade_id in cells else []
        result[grade_id] = bool(found) and all(
            verdict(question_id, record, mode) for record in found
        )
    return result


def verify(course: Course, assignment: str, student: str) -> Verified:
    """
    Overwrite nbgrader's auto scores with the recomputed verdicts; read the scores back.

    Parameters
    ----------
    course : Course
        The course; its gradebook is updated.
    assignment : str
        The assignment (lesson) id.
    student : str
        nbgrader's student id, whose notebook nbgrader has just autograded.

    Returns
    -------
    Verified
        Every graded cell's score (points; None where a person has yet to grade it), and
        ``verdict-overridden`` when a score changed.
    """
    from nbgrader.api import Gradebook

    passed = verdicts(
        course.lesson(assignment, "solutions"),
        nbformat.read(course.notebook("autograded", student, assignment), 4),
    )
    verified = Verified()
    with Gradebook(course.db_url) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.name not in passed:
                    continue
                score = float(grade.max_score) if passed[grade.name] else 0.0
                if grade.auto_score is None or float(grade.auto_score) != score:
                    grade.auto_score = score
                    verified.flags = ["verdict-overridden"]
        gradebook.db.commit()
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                verified.needs_manual = verified.needs_manual or bool(grade.needs_manual_grade)
                verified.tests.append(
                    {"name": grade.name, "score": grade.score, "max_score": grade.max_score}
                )
    return verified
