"""Build nbgrader source notebooks from the prose-first lesson sources (MyST Markdown).

A lesson is one text file, ``autograder/lessons/<slug>.md``, that reads like the lesson:
prose in Markdown (LaTeX as in Markdown, nothing escaped), code in ``{code-cell}`` fences,
``+++`` between two Markdown cells. jupytext reads it into a notebook; this module then

* turns the ``{code-cell}`` tagged ``setup`` into the lesson's read-only setup cell;
* expands each exercise, written once as one block, into nbgrader's cells::

      :::{exercise} q2_3_liquidation_long
      :title: liquidation of a long
      :points: 3

      You buy 1 BTC at 50,000 USDT with 10x isolated leverage ... `long_liquidation`.

      ```python
      long_liquidation = isolated_liquidation_price("long", 50_000, 10, 0.005, basis="entry")
      ```
      :::

  becomes the question (``### Exercise 2.3: liquidation of a long (3 points)`` and the
  statement), the answer cell (tagged ``raises-exception``, so *Run All* goes past its
  release stub), the visible ``check("q2_3_liquidation_long")`` worth 1 point and the hidden
  ``grade("q2_3_liquidation_long")`` worth the rest. A Python solution may keep given lines
  (a ``def`` and its docstring) outside explicit ``### BEGIN SOLUTION`` / ``### END
  SOLUTION`` lines; otherwise the whole block is the solution. A ```` ```markdown ````
  solution makes a written answer, graded by the instructor.

Cell ids are the grade id where there is one and the position otherwise, never random, so
two builds give the same bytes. Markdown is parsed by markdown-it-py (the parser jupytext
uses), with the MyST colon-fence plugin.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.config import ROOT

SOURCES = Path("autograder") / "lessons"
KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
CHECK_POINTS = 1  # the visible check; the hidden tests get the rest of an exercise's points
SETUP_TAG = "setup"
ANSWER_TAG = "raises-exception"  # JupyterLab's Run All and nbclient go past these cells
OPTIONS = {"title", "points"}
_GRADE_ID = re.compile(r"q(0|[1-9]\d*)_([1-9]\d*)_[a-z][a-z0-9]*(_[a-z][a-z0-9]*){0,2}")
_OPTION = re.compile(r":([a-z][a-z-]*):(.*)")
_MARKDOWN = MarkdownIt("commonmark").use(colon_fence_plugin)


class LessonSourceError(ValueError):
    """A lesson source that cannot be built; the message names the file and the line."""


@dataclass(frozen=True)
class Exercise:
    """
    One exercise as its source block states it.

    Parameters
    ----------
    grade_id : str
        ``q<lesson>_<exercise>_<slug>``; a gradebook key, never renamed after release.
    title : str
        The heading's words after "Exercise 2.3:".
    points : int
        The exercise's total points, >= 2 for code (1 for the check, the rest hidden).
    statement : str
        The question in Markdown.
    solution : str
        The solution: Python code, or the model answer in Markdown for a written exercise.
    written : bool
        Whether the answer is prose graded by the instructor.
    """

    grade_id: str
    title: str
    points: int
    statement: str
    solution: str
    written: bool

    @property
    def number(self) -> str:
        """Return the exercise number the learner sees, e.g. ``"2.3"``."""
        lesson, exercise = self.grade_id[1:].split("_")[:2]
        return f"{lesson}.{exercise}"

    def heading(self) -> str:
        """
        Return the question's heading, with the points and, if written, who grades it.

        Returns
        -------
        str
        """
        graded_by = ", graded by your instructor" if self.written else ""
        return f"### Exercise {self.number}: {self.title} ({self.points} points{graded_by})"

    def cells(self) -> list[NotebookNode]:
        """
        Return nbgrader's cells for this exercise (STYLE.md section 8).

        Returns
        -------
        list of nbformat.NotebookNode
            Question, answer, check and hidden tests; or question and answer if written.
        """
        question = new_markdown_cell(f"{self.heading()}\n\n{self.statement}")
        if self.written:
            answer = new_markdown_cell(f"### BEGIN SOLUTION\n{self.solution}\n### END SOLUTION")
            answer.metadata["nbgrader"] = _nbgrader(
                self.grade_id, solution=True, grade=True, locked=False, points=self.points
            )
            return [question, answer]
        if "### BEGIN SOLUTION" in self.solution:
            body = self.solution
        else:
            body = f"### BEGIN SOLUTION\n{self.solution}\n### END SOLUTION"
        answer = new_code_cell(body)
        answer.metadata["tags"] = [ANSWER_TAG]
        answer.metadata["nbgrader"] = _nbgrader(
            self.grade_id, solution=True, grade=False, locked=False
        )
        check = _tests(
            f"{self.grade_id}_check",
            '"""Instant feedback: passes quietly, or names the likely mistake."""\n'
            f'check("{self.grade_id}")',
            CHECK_POINTS,
        )
        hidden = _tests(
            f"{self.grade_id}_hidden",
            "# Hidden tests compare your answer with the engine, as real floats.\n"
            f'### BEGIN HIDDEN TESTS\ngrade("{self.grade_id}")\n### END HIDDEN TESTS',
            self.points - CHECK_POINTS,
        )
        return [question, answer, check, hidden]


def _nbgrader(
    grade_id: str, *, solution: bool, grade: bool, locked: bool, points: int | None = None
) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return meta


def _tests(grade_id: str, source: str, points: int) -> NotebookNode:
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = _nbgrader(
        grade_id, solution=False, grade=True, locked=True, points=points
    )
    return cell


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


def parse_exercise(info: str, content: str, where: str) -> Exercise:
    """
    Read one ``{exercise}`` block: its id, options, statement and solution.

    Parameters
    ----------
    info : str
        The fence's info string, ``{exercise} <grade id>``.
    content : str
        The block's body: ``:option: value`` lines, the statement, then the solution fence.
    where : str
        ``file:line`` of the block, for error messages.

    Returns
    -------
    Exercise

    Raises
    ------
    LessonSourceError
        If the id, an option or the solution is missing or malformed.
    """
    parts = info.split()
    if len(parts) != 2 or not _GRADE_ID.fullmatch(parts[1]):
        raise LessonSourceError(f"{where}: write `:::{{exercise}} q2_3_some_slug`; got {info!r}")
    grade_id = parts[1]
    lines = content.splitlines()
    options: dict[str, object] = {}
    while lines and (match := _OPTION.fullmatch(lines[0].strip())):
        options.update(yaml.safe_load(f"{match.group(1)}: {match.group(2).strip() or 'null'}"))
        lines.pop(0)
    unknown = sorted(set(options) - OPTIONS)
    if unknown or OPTIONS - set(options):
        raise LessonSourceError(
            f"{where}: {grade_id} needs the options :title: and :points: and no others; "
            f"got {sorted(options)}"
        )
    body = "\n".join(lines)
    fences = [token for token in _MARKDOWN.parse(body) if token.type == "fence"]
    if not fences or fences[-1].info.strip() not in ("python", "markdown"):
        raise LessonSourceError(
            f"{where}: {grade_id} must end with its solution in a ```python "
            "(or ```markdown, for a written answer) fence"
        )
    fence = fences[-1]
    assert fence.map is not None
    if body.splitlines()[fence.map[1] :] and "\n".join(body.splitlines()[fence.map[1] :]).strip():
        raise LessonSourceError(f"{where}: {grade_id}: nothing may follow the solution fence")
    statement = "\n".join(body.splitlines()[: fence.map[0]]).strip()
    points = options["points"]
    written = fence.info.strip() == "markdown"
    if not isinstance(points, int) or points < (1 if written else CHECK_POINTS + 1):
        raise LessonSourceError(f"{where}: {grade_id}: :points: must be an integer >= 2")
    if not statement:
        raise LessonSourceError(f"{where}: {grade_id} has no statement")
    return Exercise(
        grade_id=grade_id,
        title=str(options["title"]).strip(),
        points=points,
        statement=statement,
        solution=fence.content.rstrip("\n"),
        written=written,
    )


def split_markdown(text: str, where: str) -> list[str | Exercise]:
    """
    Split a Markdown cell into its prose and its exercise blocks, in order.

    Parameters
    ----------
    text : str
        A Markdown cell's source.
    where : str
        The source file, for error messages.

    Returns
    -------
    list of str or Exercise
        Prose pieces (non-empty) and exercises, in the order they appear.
    """
    lines = text.splitlines()
    pieces: list[str | Exercise] = []
    start = 0
    for token in _MARKDOWN.parse(text):
        if token.type != "colon_fence" or not token.info.startswith("{exercise}"):
            continue
        assert token.map is not None
        first, last = token.map
        pieces.append("\n".join(lines[start:first]))
        pieces.append(parse_exercise(token.info, token.content, f"{where}:{first + 1}"))
        start = last
    pieces.append("\n".join(lines[start:]))
    return [piece for piece in pieces if not isinstance(piece, str) or piece.strip()]


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
                code.metadata["nbgrader"] = _nbgrader(
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


def defines(solution: str, name: str) -> bool:
    """
    Return whether Python ``solution`` assigns or defines ``name`` at its top level.

    Parameters
    ----------
    solution : str
        Python source.
    name : str
        The answer's name.

    Returns
    -------
    bool

    Examples
    --------
    >>> defines("x = 1\\ny = x", "y"), defines("def f():\\n    y = 1", "y")
    (True, False)
    """
    for node in ast.parse(solution).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return True
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            names = target.elts if isinstance(target, ast.Tuple) else [target]
            if any(isinstance(n, ast.Name) and n.id == name for n in names):
                return True
    return False


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
