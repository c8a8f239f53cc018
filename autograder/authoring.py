"""Build nbgrader source notebooks from plain Python, with stable ids and full metadata.

A lesson is written as a list of cells made by these helpers, for example::

    lesson = [
        markdown("# 02 Liquidation"),
        setup("from course import liquidation_price"),
        *exercise("q2_3_liquidation_long", "### Exercise 2.3 ...",
                  solution="liquidation_long = ...", answer_name="liquidation_long"),
    ]
    write_lesson("02-liquidation", lesson)

Cell ids are derived from the grade id or the cell's position, never random, so the
release is byte-identical from one build to the next. Every exercise follows STYLE.md
section 8: question, autograded answer, visible check (1 point), hidden tests (2 points).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.config import ROOT

KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _nbgrader(
    grade_id: str,
    *,
    solution: bool,
    grade: bool,
    locked: bool,
    points: float | None = None,
    task: bool = False,
) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": task,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def markdown(text: str) -> nbformat.NotebookNode:
    """Prose; unlocked (the learner may annotate it)."""
    return new_markdown_cell(text.strip("\n"))


def code(source: str) -> nbformat.NotebookNode:
    """An ordinary code cell: worked examples, explorers, charts."""
    return new_code_cell(source.strip("\n"))


def setup(source: str, grade_id: str) -> nbformat.NotebookNode:
    """A read-only code cell, restored from the release if a learner edits it."""
    cell = new_code_cell(source.strip("\n"))
    cell.metadata.update(_nbgrader(grade_id, solution=False, grade=False, locked=True))
    return cell


def answer(grade_id: str, solution: str, *, given: str = "") -> nbformat.NotebookNode:
    """An autograded answer cell; ``given`` lines (e.g. a def line) stay in the release."""
    # The delimiters take the solution's indentation, so that nbgrader's stub
    # (`raise NotImplementedError()`) lands inside a `def` given above it.
    solution = solution.strip("\n")
    first = next((line for line in solution.splitlines() if line.strip()), "")
    indent = first[: len(first) - len(first.lstrip())]
    body = (given.strip("\n") + "\n" if given else "") + (
        f"{indent}### BEGIN SOLUTION\n{solution}\n{indent}### END SOLUTION"
    )
    cell = new_code_cell(body)
    cell.metadata.update(_nbgrader(grade_id, solution=True, grade=False, locked=False))
    return cell


def tests(grade_id: str, source: str, points: float) -> nbformat.NotebookNode:
    """An autograder test cell worth ``points``; locked."""
    cell = new_code_cell(source.strip("\n"))
    cell.metadata.update(
        _nbgrader(grade_id, solution=False, grade=True, locked=True, points=points)
    )
    return cell


def written(grade_id: str, prompt: str, model_answer: str, points: float) -> list:
    """A manually graded written answer: the prompt, then the answer cell (solution cleared)."""
    question = markdown(prompt)
    cell = new_markdown_cell(
        "### BEGIN SOLUTION\n" + model_answer.strip("\n") + "\n### END SOLUTION"
    )
    cell.metadata.update(
        _nbgrader(grade_id, solution=True, grade=True, locked=False, points=points)
    )
    return [question, cell]


def exercise(
    grade_id: str,
    question: str,
    *,
    solution: str,
    answer_name: str,
    given: str = "",
    check_points: float = 1,
    hidden_points: float = 2,
) -> list:
    """
    The four cells of one exercise (STYLE.md section 8).

    The visible check gives instant feedback with `course.hints.check`; the hidden cell
    keeps a comment outside the hidden block (a docstring would echo as the released cell's
    output) and calls `course.grading.grade` once. A solution indented under a ``given``
    def line gets indented delimiters, so the released stub stays in the function body.
    """
    return [
        markdown(question),
        answer(grade_id, solution, given=given),
        tests(
            f"{grade_id}_check",
            '"""Instant feedback: passes quietly, or names the likely mistake."""\n'
            f'check("{grade_id}", {answer_name})',
            check_points,
        ),
        tests(
            f"{grade_id}_hidden",
            "# Hidden tests compare your answer with the engine, as real floats.\n"
            "### BEGIN HIDDEN TESTS\n"
            f'grade("{grade_id}", {answer_name})\n'
            "### END HIDDEN TESTS",
            hidden_points,
        ),
    ]


def build(cells: list) -> nbformat.NotebookNode:
    """A notebook with stable cell ids: the grade id where there is one, else the position."""
    notebook = new_notebook(
        cells=cells, metadata={"kernelspec": KERNEL, "language_info": {"name": "python"}}
    )
    seen: set[str] = set()
    for index, cell in enumerate(notebook.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell_id = grade_id.replace("_", "-") if grade_id else f"cell-{index:03d}"
        if cell_id in seen:
            raise ValueError(f"duplicate cell id {cell_id!r} in the lesson")
        seen.add(cell_id)
        cell["id"] = cell_id
    nbformat.validate(notebook)
    return notebook


def write_lesson(slug: str, cells: list, root: Path = ROOT) -> Path:
    """Write ``solutions/<slug>/<slug>.ipynb`` and return its path."""
    target = root / "solutions" / slug / f"{slug}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(build(cells), target)
    return target
