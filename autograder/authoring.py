"""Build nbgrader source notebooks from the prose-first lesson sources (MyST Markdown).

A lesson is one text file, ``autograder/lessons/<slug>.md``, that reads like the lesson:
prose in Markdown (LaTeX as in Markdown, nothing escaped), code in ``{code-cell}`` fences,
``+++`` between two Markdown cells. jupytext reads it into a notebook; this module then turns
the ``{code-cell}`` tagged ``setup`` into the lesson's read-only setup cell and expands each
exercise block (`autograder.exercise_blocks`) into nbgrader's cells, checks that each code
exercise is registered and that its solution defines the answer name the registry looks up,
and writes ``solutions/<slug>/<slug>.ipynb``.

Cell ids are the grade id where there is one and the position otherwise, never random, so
two builds give the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.config import ROOT
from autograder.exercise_blocks import (
    Exercise,
    LessonSourceError,
    defines,
    nbgrader_metadata,
    split_markdown,
)

SOURCES = Path("autograder") / "lessons"
KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
SETUP_TAG = "setup"


def source_path(slug: str, root: Path = ROOT) -> Path:
    """
    Return the path of lesson ``slug``'s source, ``autograder/lessons/<slug>.md``.

    Parameters
    ----------
    slug : str
        The lesson's folder name, e.g. ``"02-liquidation"``.
    root : pathlib.Path
        The repository root.

    Returns
    -------
    pathlib.Path
    """
    return root / SOURCES / f"{slug}.md"


def solution_path(slug: str, root: Path = ROOT) -> Path:
    """
    Return the path of lesson ``slug``'s nbgrader source notebook in ``solutions/``.

    Parameters
    ----------
    slug : str
        The lesson's folder name.
    root : pathlib.Path
        The repository root.

    Returns
    -------
    pathlib.Path
    """
    return root / "solutions" / slug / f"{slug}.ipynb"


def expand(notebook: NotebookNode, lesson: int, where: str) -> list[NotebookNode]:
    """
    Return the nbgrader cells of a notebook that jupytext read from a lesson source.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The source as jupytext reads it (``fmt="md:myst"``).
    lesson : int
        The lesson's number (0-99); exercise ids must start with ``q<lesson>_``.
    where : str
        The source file, for error messages.

    Returns
    -------
    list of nbformat.NotebookNode

    Raises
    ------
    LessonSourceError
        If an exercise belongs to another lesson, or the lesson has not exactly one setup cell.
    """
    cells: list[NotebookNode] = []
    setups = 0
    for cell in notebook.cells:
        if cell.cell_type == "code":
            tags = list(cell.metadata.get("tags", []))
            code = new_code_cell(cell.source.strip("\n"))
            if SETUP_TAG in tags:
                setups += 1
                tags.remove(SETUP_TAG)
                code.metadata["nbgrader"] = nbgrader_metadata(
                    f"setup_{lesson:02d}", solution=False, grade=False, locked=True
                )
            if tags:
                code.metadata["tags"] = tags
            cells.append(code)
            continue
        for piece in split_markdown(cell.source, where):
            if isinstance(piece, str):
                cells.append(new_markdown_cell(piece.strip("\n")))
                continue
            if not piece.grade_id.startswith(f"q{lesson}_"):
                raise LessonSourceError(
                    f"{where}: {piece.grade_id} is not an id of lesson {lesson}"
                )
            cells.extend(piece.cells())
    if setups != 1:
        raise LessonSourceError(f"{where}: needs exactly one code cell tagged {SETUP_TAG}")
    return cells


def exercises(slug: str, root: Path = ROOT) -> list[Exercise]:
    """
    Return the exercises of lesson ``slug``'s source, in order.

    Parameters
    ----------
    slug : str
        The lesson's folder name, e.g. ``"02-liquidation"``.
    root : pathlib.Path
        The repository root.

    Returns
    -------
    list of Exercise
    """
    path = source_path(slug, root)
    notebook = jupytext.reads(path.read_text(encoding="utf-8"), fmt="md:myst")
    return [
        piece
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for piece in split_markdown(cell.source, str(path))
        if isinstance(piece, Exercise)
    ]


def build(slug: str, root: Path = ROOT) -> NotebookNode:
    """
    Build lesson ``slug``'s nbgrader source notebook from its MyST source.

    Parameters
    ----------
    slug : str
        The lesson's folder name, ``NN-words``.
    root : pathlib.Path
        The repository root.

    Returns
    -------
    nbformat.NotebookNode
        A valid notebook with stable cell ids.

    Raises
    ------
    LessonSourceError
        If the source is missing or malformed, or a code exercise's solution does not
        define the answer name its registered question looks up.
    """
    from course.hints import question

    path = source_path(slug, root)
    if not path.is_file():
        raise LessonSourceError(f"lesson {slug} has no source: expected {path}")
    notebook = jupytext.reads(path.read_text(encoding="utf-8"), fmt="md:myst")
    cells = expand(notebook, int(slug[:2]), str(path))
    for exercise in exercises(slug, root):
        if exercise.written:
            continue
        try:
            name = question(exercise.grade_id).answer
        except KeyError as error:
            raise LessonSourceError(f"{path}: {error.args[0]} (register it first)") from None
        if not defines(exercise.solution, name):
            raise LessonSourceError(
                f"{path}: the solution of {exercise.grade_id} must define {name}"
            )
    result = new_notebook(
        cells=cells, metadata={"kernelspec": KERNEL, "language_info": {"name": "python"}}
    )
    seen: set[str] = set()
    for index, cell in enumerate(result.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        cell_id = grade_id.replace("_", "-") if grade_id else f"cell-{index:03d}"
        if cell_id in seen:
            raise LessonSourceError(f"{path}: duplicate cell id {cell_id!r}")
        seen.add(cell_id)
        cell["id"] = cell_id
    nbformat.validate(result)
    return result


def write_lesson(slug: str, root: Path = ROOT) -> Path:
    """
    Build lesson ``slug`` and write ``solutions/<slug>/<slug>.ipynb``.

    Parameters
    ----------
    slug : str
        The lesson's folder name.
    root : pathlib.Path
        The repository root.

    Returns
    -------
    pathlib.Path
        The notebook written.
    """
    target = solution_path(slug, root)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(build(slug, root), target)
    return target
