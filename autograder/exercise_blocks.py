"""One exercise block of a lesson source, and the nbgrader cells it expands into.

An exercise is written once, in the lesson's MyST Markdown, as one colon-fenced block::

    :::{exercise} q2_3_liquidation_long
    :title: liquidation of a long
    :points: 3

    You buy 1 BTC at 50,000 USDT with 10x isolated leverage ... `long_liquidation`.

    ```python
    long_liquidation = isolated_liquidation_price("long", 50_000, 10, 0.005, basis="entry")
    ```
    :::

`parse_exercise` reads it (markdown-it-py with the MyST colon-fence plugin does the parsing)
and `Exercise.cells` makes the question (``### Exercise 2.3: liquidation of a long (3
points)`` and the statement), the answer cell (tagged ``raises-exception``, so *Run All* goes
past its release stub), the visible ``check("q2_3_liquidation_long")`` worth 1 point and the
hidden ``grade("q2_3_liquidation_long")`` worth the rest. A Python solution may keep given
lines (a ``def`` and its docstring) outside explicit ``### BEGIN SOLUTION`` / ``### END
SOLUTION`` lines; otherwise the whole block is the solution. A ```` ```markdown ````
solution makes a written answer, graded by the instructor.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell

CHECK_POINTS = 1  # the visible check; the hidden tests get the rest of an exercise's points
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
            answer.metadata["nbgrader"] = nbgrader_metadata(
                self.grade_id, solution=True, grade=True, locked=False, points=self.points
            )
            return [question, answer]
        if "### BEGIN SOLUTION" in self.solution:
            body = self.solution
        else:
            body = f"### BEGIN SOLUTION\n{self.solution}\n### END SOLUTION"
        answer = new_code_cell(body)
        answer.metadata["tags"] = [ANSWER_TAG]
        answer.metadata["nbgrader"] = nbgrader_metadata(
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


def nbgrader_metadata(
    grade_id: str, *, solution: bool, grade: bool, locked: bool, points: int | None = None
) -> dict:
    """
    Return a cell's ``nbgrader`` metadata (schema 3).

    Parameters
    ----------
    grade_id : str
        The cell's grade id; a gradebook key.
    solution, grade, locked : bool
        nbgrader's cell kinds: an answer, a graded cell, a read-only cell.
    points : int, optional
        The points of a graded cell.

    Returns
    -------
    dict
    """
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
    cell.metadata["nbgrader"] = nbgrader_metadata(
        grade_id, solution=False, grade=True, locked=True, points=points
    )
    return cell


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
