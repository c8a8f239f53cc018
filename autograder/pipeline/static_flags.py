"""Stage 2: read the learner's own code (never run it) for attempts on the grader.

The flags are advice for a person, not the defence: scores are recomputed outside the
kernel from answer records (stage 4, `autograder.pipeline.verify`), so none of these can
buy points. They tell the instructor that a notebook tried:

    builtins-shadowed   to rebind a builtin or a checking name (``abs = ...``, ``def isclose``,
                        ``builtins.round = ...``)
    module-patched      to assign to an attribute of an imported module (``math.isclose = ...``,
                        ``setattr(course.grading, ...)``)
    grader-internals    to reach the checking machinery (answer records, the question
                        registry, IPython's input transformers and exception hooks, sys.modules)
    rigged-object       to define a class that decides its own comparisons or conversions
                        (an always-equal "answer")
    dynamic-code        to run code built at run time (``exec``, ``eval``, ``compile``,
                        ``__import__``, importlib), which hides from this reading
"""

from __future__ import annotations

import ast
import builtins
import re

import nbformat

from autograder.pipeline.rebuild import STUDENT_CELL, Prepared, is_answer

CHECKING_NAMES = {"isclose", "check", "grade", "math", "np", "numpy", "course"}
SHADOWABLE = (set(dir(builtins)) - {"_", "__doc__", "__name__"}) | CHECKING_NAMES
INTERNALS = re.compile(
    r"vnd\.margin-mechanics|answer_record|RECORD_MIMETYPE|\bpublish\b|_as_real|_Unreadable"
    r"|_REGISTRY|\bQUESTIONS\b|expected_value|\bquestion\s*\(|course\.grading|course\.hints"
    r"|course\.feedback|\bas_real\b|\bUnreadable\b|find_answer|NOT_ANSWERED|NBGRADER_EXECUTION"
    r"|_render_traceback_|_getframe"
    r"|input_transformers|ast_transformers|set_custom_exc|showtraceback|excepthook"
    r"|events\.register|sys\.modules|settrace|setprofile|addaudithook|MM_GRADING|MM_AUDIT"
)
RIGGED = {  # a class that decides its own comparisons or conversions
    "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__float__", "__int__",
    "__index__", "__bool__", "__abs__", "__round__", "__array__", "__getattribute__",
}  # fmt: skip
DYNAMIC = {"exec", "eval", "compile", "__import__", "importlib", "ctypes"}


def _parse(source: str) -> ast.Module | None:
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        return ast.parse("\n".join(lines))
    except (SyntaxError, ValueError):
        return None


def _root(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def flags_for(source: str, modules: set[str]) -> set[str]:
    """
    Return the flags one cell's source earns.

    Parameters
    ----------
    source : str
        The cell's code; IPython magics (``%``, ``!`` lines) are skipped, and code that does
        not parse earns only the text-level ``grader-internals`` flag.
    modules : set of str
        Names bound to modules so far; the cell's imports are added to it.

    Returns
    -------
    set of str
    """
    flags: set[str] = set()
    if INTERNALS.search(source):
        flags.add("grader-internals")
    tree = _parse(source)
    if tree is None:
        return flags
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                if isinstance(node, ast.Import):
                    modules.add(bound)
                if alias.asname in SHADOWABLE - CHECKING_NAMES:
                    flags.add("builtins-shadowed")
                if alias.name.split(".")[0] in DYNAMIC or getattr(node, "module", "") in DYNAMIC:
                    flags.add("dynamic-code")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name in SHADOWABLE:
                flags.add("builtins-shadowed")
            if isinstance(node, ast.ClassDef) and any(
                isinstance(item, ast.FunctionDef) and item.name in RIGGED for item in node.body
            ):
                flags.add("rigged-object")
        elif isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Store) and node.id in SHADOWABLE:
                flags.add("builtins-shadowed")
            if node.id in DYNAMIC:
                flags.add("dynamic-code")
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, (ast.Store, ast.Del)):
            root = _root(node)
            if root in ("builtins", "__builtins__"):
                flags.add("builtins-shadowed")
            elif root in modules or root in CHECKING_NAMES:
                flags.add("module-patched")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in ("setattr", "delattr") and node.args:
                if _root(node.args[0]) in modules | CHECKING_NAMES | {"builtins"}:
                    flags.add("module-patched")
    return flags


def notebook_flags(sources: list[str]) -> list[str]:
    """
    Return the flags for a learner's cells, read in order (imports carry from cell to cell).

    Parameters
    ----------
    sources : list of str
        The cells' code, in notebook order.

    Returns
    -------
    list of str
        Sorted, without repeats.
    """
    modules = {"math", "np", "pd", "numpy", "pandas", "course", "builtins", "sys", "os"}
    found: set[str] = set()
    for source in sources:
        found |= flags_for(source, modules)
    return sorted(found)


def learner_flags(notebook: nbformat.NotebookNode) -> list[str]:
    """
    Return the flags for the learner's code in a rebuilt notebook.

    Only the learner's code is read: the answer cells and the learner's own extra cells;
    every other cell came from the release.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        A notebook rebuilt by `autograder.pipeline.rebuild.prepare`.

    Returns
    -------
    list of str
        Sorted, without repeats.
    """
    return notebook_flags(
        [
            cell.source
            for cell in notebook.cells
            if cell.cell_type == "code"
            and (is_answer(cell) or cell.get("id", "").startswith(STUDENT_CELL))
        ]
    )


def flag(prepared: Prepared) -> Prepared:
    """
    Add the static flags of a rebuilt submission's learner code to its flags.

    Parameters
    ----------
    prepared : Prepared
        The precheck's result; one without a notebook (refused) is left as it is.

    Returns
    -------
    Prepared
        ``prepared`` itself, its flags now sorted and without repeats.
    """
    if prepared.notebook is not None:
        prepared.flags = sorted({*prepared.flags, *learner_flags(prepared.notebook)})
    return prepared
