"""Read a learner's answers from a saved notebook without running it.

The misconception inventory compares answers written in two notebooks: lesson 00's, read
back from disk in lesson 10, and a whole class's, read by the instructor's report. Nothing
in them is trusted or executed: the notebook is read as JSON, each code cell is parsed
with `ast`, and only a top-level ``name = <number>`` is taken, where the number may be a
literal with ``+ - * /`` between literals (``60_000 * 0.9``). Anything else leaves the name
`UNREADABLE`; ``name = None`` leaves it None, not answered. Cell magics (``%%bash``) are
skipped, and line magics (``%time``) dropped.
"""

from __future__ import annotations

import ast
import json
import operator
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

MAX_NOTEBOOK_BYTES = 20_000_000
MAX_DEPTH = 20  # nested operators in one answer


class _Unreadable:
    """The value of an answer that is written, but not as a number this reader takes."""

    def __repr__(self) -> str:
        return "UNREADABLE"


UNREADABLE: Any = _Unreadable()

_OPERATORS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def literal_number(node: ast.AST, depth: int = 0) -> Any:
    """
    Return the number an expression of literals spells, None for ``None``, else `UNREADABLE`.

    Parameters
    ----------
    node : ast.AST
        The right-hand side of an assignment.
    depth : int
        How deep in the expression this node sits (the recursion is bounded).

    Returns
    -------
    float, None or UNREADABLE

    Examples
    --------
    >>> literal_number(ast.parse("60_000 * (1 - 0.1)", mode="eval").body)
    54000.0
    >>> literal_number(ast.parse("open('x')", mode="eval").body)
    UNREADABLE
    """
    if depth > MAX_DEPTH:
        return UNREADABLE
    if isinstance(node, ast.Constant):
        if node.value is None:
            return None
        value = node.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            try:
                return float(value)
            except OverflowError:  # an int literal of hundreds of digits
                return UNREADABLE
        return UNREADABLE
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        value = literal_number(node.operand, depth + 1)
        if not isinstance(value, float):
            return UNREADABLE
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        left = literal_number(node.left, depth + 1)
        right = literal_number(node.right, depth + 1)
        if not (isinstance(left, float) and isinstance(right, float)):
            return UNREADABLE
        try:
            return float(_OPERATORS[type(node.op)](left, right))
        except (ZeroDivisionError, OverflowError):
            return UNREADABLE
    return UNREADABLE


def _statements(source: str) -> list[ast.stmt]:
    """The top-level statements of a cell; a cell that does not parse is read line by line."""
    if source.lstrip().startswith("%%"):  # a cell magic: the cell is not Python
        return []
    code = "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )
    try:
        return ast.parse(code).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass
    statements: list[ast.stmt] = []
    for line in code.splitlines():
        try:
            statements.extend(ast.parse(line.strip()).body)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
    return statements


def assigned_values(source: str, names: Collection[str]) -> dict[str, Any]:
    """
    Return the values a cell's top-level assignments give to ``names``, the last one winning.

    Parameters
    ----------
    source : str
        A code cell's source.
    names : collection of str
        The answer names to read.

    Returns
    -------
    dict
        Name -> a float, None, or `UNREADABLE`; names the cell does not assign are absent.

    Examples
    --------
    >>> assigned_values("a = 2 * 3\\nb = None\\na = a + 1", {"a", "b"})
    {'a': UNREADABLE, 'b': None}
    """
    found: dict[str, Any] = {}
    for statement in _statements(source):
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name) and target.id in names:
                found[target.id] = literal_number(value)
    return found


def notebook_answers(path: Path, names: Collection[str]) -> dict[str, Any] | None:
    """
    Return the answers a saved notebook assigns to ``names``, reading it and never running it.

    Parameters
    ----------
    path : pathlib.Path
        The ``.ipynb`` file.
    names : collection of str
        The answer names to read.

    Returns
    -------
    dict or None
        Name -> a float, None or `UNREADABLE`, for each name any code cell assigns (the last
        cell wins); None when the file is missing, too big or not a notebook.
    """
    try:
        if not path.is_file() or path.stat().st_size > MAX_NOTEBOOK_BYTES:
            return None
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        return None
    found: dict[str, Any] = {}
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(part for part in source if isinstance(part, str))
        if isinstance(source, str):
            found.update(assigned_values(source, names))
    return found


__all__ = ["UNREADABLE", "assigned_values", "literal_number", "notebook_answers"]
