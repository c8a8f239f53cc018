"""Read the learner's own code (never run it) for attempts on the grader: flags for a person.

The flags are advice, not the defence: scores are recomputed outside the kernel from answer
records (`autograder.worker.verify`), so none of these can buy points. They tell the
instructor that a notebook tried:

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

CHECKING_NAMES = {"isclose", "check", "grade", "math", "np", "numpy", "course"}
SHADOWABLE = (set(dir(builtins)) - {"_", "__doc__", "__name__"}) | CHECKING_NAMES
INTERNALS = re.compile(
    r"vnd\.margin-mechanics|answer_record|RECORD_MIMETYPE|\bpublish\b|_as_real|_Unreadable"
    r"|_REGISTRY|\bQUESTIONS\b|expected_value|\bquestion\s*\(|course\.grading|course\.hints"
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
    """The flags one cell's source earns; ``modules`` are names bound to modules so far."""
    flags = set()
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
    """The flags for a learner's cells, read in order (imports carry from cell to cell)."""
    modules = {"math", "np", "pd", "numpy", "pandas", "course", "builtins", "sys", "os"}
    found: set[str] = set()
    for source in sources:
        found |= flags_for(source, modules)
    return sorted(found)
