"""The instructor's misconception table: per misconception, how many held it before and after.

``python -m autograder report 10-case-studies`` reads each student's lesson 00 notebook (the
inventory's pre-test) and lesson 10 notebook (its post-test) from the course's
``autograder/submitted/<student>/<assignment>/`` (or ``autograded/``), scores both with
`course.feedback.inventory` and prints one row per misconception. The notebooks are read,
never run (`course.feedback.static_answers`). ``report 00-start-here`` shows the pre-test
alone.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Any

from course.feedback.inventory import NAMES, POST_TEST, PRE_TEST, class_table
from course.feedback.static_answers import notebook_answers

FOLDERS = ("submitted", "autograded")
COLUMNS = (
    "misconception",
    "wrong_idea",
    "before",
    "answered_before",
    "after",
    "answered_after",
    "students",
)


def notebook_of(folder: Path, assignment: str) -> Path | None:
    """
    Return a student's notebook of ``assignment`` in ``folder``, or None.

    Parameters
    ----------
    folder : pathlib.Path
        The student's folder, e.g. ``autograder/submitted/alice``.
    assignment : str
        The lesson's slug.

    Returns
    -------
    pathlib.Path or None
        ``<assignment>/<assignment>.ipynb``, or else the first ``.ipynb`` in
        ``<assignment>/``; None when there is none.
    """
    lesson = folder / assignment
    named = lesson / f"{assignment}.ipynb"
    if named.is_file():
        return named
    others = sorted(lesson.glob("*.ipynb")) if lesson.is_dir() else []
    return others[0] if others else None


def class_answers(
    course: Path, assignment: str, folder: str = "submitted"
) -> dict[str, tuple[dict | None, dict | None]]:
    """
    Return each student's inventory answers, before (lesson 00) and after (``assignment``).

    Parameters
    ----------
    course : pathlib.Path
        The course folder (holding ``autograder/submitted/``).
    assignment : str
        `POST_TEST` for before and after; `PRE_TEST` for before alone.
    folder : {"submitted", "autograded"}

    Returns
    -------
    dict
        Student id -> (lesson 00's answers or None, the post-test's answers or None), for
        every student with at least one of the two notebooks.
    """
    base = course / "autograder" / folder
    students: dict[str, tuple[dict | None, dict | None]] = {}
    for student in sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []:
        pre = notebook_of(student, PRE_TEST)
        post = notebook_of(student, assignment) if assignment != PRE_TEST else None
        if pre is None and post is None:
            continue
        students[student.name] = (
            None if pre is None else notebook_answers(pre, NAMES),
            None if post is None else notebook_answers(post, NAMES),
        )
    return students


def rows_for(course: Path, assignment: str, folder: str = "submitted") -> list[dict[str, Any]]:
    """
    Return the class table's rows (see `course.feedback.inventory.class_table`).

    Parameters
    ----------
    course : pathlib.Path
    assignment : str
    folder : {"submitted", "autograded"}

    Returns
    -------
    list of dict

    Raises
    ------
    ValueError
        If ``assignment`` is neither `PRE_TEST` nor `POST_TEST`, or no student has a notebook.
    """
    if assignment not in (PRE_TEST, POST_TEST):
        raise ValueError(f"ASSIGNMENT must be {PRE_TEST} or {POST_TEST}; got {assignment}")
    students = class_answers(course, assignment, folder)
    if not students:
        where = course / "autograder" / folder
        raise ValueError(f"no notebooks of {PRE_TEST} or {assignment} under {where}")
    return class_table(students)


def as_csv(rows: list[dict[str, Any]]) -> str:
    """Return the rows as CSV text, one header line and one line per misconception."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def print_table(rows: list[dict[str, Any]], assignment: str) -> None:
    """Print the rows as a rich table: held before, held after (of those who answered)."""
    from rich.console import Console
    from rich.table import Table

    students = rows[0]["students"] if rows else 0
    table = Table(
        title=f"Misconception inventory: {PRE_TEST} and {assignment}, {students} students"
    )
    table.add_column("Misconception")
    table.add_column("Before", justify="right")
    after = assignment != PRE_TEST
    if after:
        table.add_column("After", justify="right")
    table.add_column("Students", justify="right")
    for row in rows:
        cells = [f"{row['wrong_idea']} ({row['misconception']})"]
        cells.append(f"{row['before']} of {row['answered_before']}")
        if after:
            cells.append(f"{row['after']} of {row['answered_after']}")
        cells.append(str(row["students"]))
        table.add_row(*cells)
    console = Console(width=None if sys.stdout.isatty() else 120)
    console.print(table)
    console.print("Each cell: students who held the belief, of those who answered an item on it.")


__all__ = ["FOLDERS", "as_csv", "class_answers", "notebook_of", "print_table", "rows_for"]
