"""A learner who answered like the solutions: the one place tests and benchmarks fill answers in."""

from __future__ import annotations

import copy

import nbformat

from autograder.config import ROOT

DELIMITERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def solution_answers(slug: str, *, code_only: bool = False) -> dict[str, str]:
    """grade id -> the solution's answer as a student would type it (no delimiters)."""
    answers = {}
    for cell in nbformat.read(ROOT / "solutions" / slug / f"{slug}.ipynb", as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and (cell.cell_type == "code" or not code_only):
            lines = [line for line in cell.source.splitlines() if line.strip() not in DELIMITERS]
            answers[meta["grade_id"]] = "\n".join(lines)
    return answers


def with_solution_answers(release, slug: str, written: str | None = None):
    """A copy of ``release`` with every code answer from solutions/; written answers become
    ``written`` (or keep the release's stub when it is None)."""
    answers = solution_answers(slug, code_only=True)
    notebook = copy.deepcopy(release)
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") in answers:
            cell.source = answers[meta["grade_id"]]
        elif meta.get("solution") and cell.cell_type == "markdown" and written is not None:
            cell.source = written
    return notebook
