"""The tree is the architecture: layers, no import cycles, small modules, lessons on façades.

The layer rules live in ``pyproject.toml`` ([tool.importlinter]) and are run here with
import-linter; the cycle check and the module-size check are our own, over grimp's graph
(the graph import-linter itself builds).
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import grimp
import nbformat
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 400
# What a lesson may import from the course: the façades, never a module underneath.
FACADES = {
    "course",
    "course.margin",
    "course.scenarios",
    "course.charts",
    "course.widgets",
    "course.hints",
    "course.grading",
    "course.misconceptions",
}


def import_cycles(imports: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Return the import cycles of a graph {module: modules it imports} (Tarjan's SCCs)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in imports.get(module, ()):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1 or module in imports.get(module, ()):
                cycles.append(sorted(component))

    for module in sorted(imports):
        if module not in index:
            visit(module)
    return cycles


def package_imports(package: str) -> dict[str, set[str]]:
    """Return {module: the package's modules it imports}, function-level imports included."""
    graph = grimp.build_graph(package, cache_dir=None)
    return {
        module: {m for m in graph.find_modules_directly_imported_by(module) if m in graph.modules}
        for module in graph.modules
    }


def test_the_layer_contracts_hold():
    os.chdir(ROOT)  # import-linter reads pyproject.toml from the working directory
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


@pytest.mark.parametrize("package", ["course", "autograder"])
def test_no_import_cycles(package):
    assert import_cycles(package_imports(package)) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert sorted(import_cycles(graph)) == [["a", "b", "c"], ["e"]]


def python_files() -> list[Path]:
    return sorted(
        path
        for folder in ("course", "autograder", "bench")
        for path in (ROOT / folder).rglob("*.py")
        if "rebuilt" not in path.parts
    )


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_about_400_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.name} has {lines} lines: split it by idea"


def course_imports(source: str) -> set[str]:
    """Return the ``course`` modules a code cell imports (IPython magics are skipped)."""
    code = "\n".join(
        line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
    )
    found = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "course" or name.startswith("course.")}


def test_course_imports_reads_from_and_plain_imports():
    assert course_imports("from course.margin import x\nimport course.engine.tiers\nimport os") == {
        "course.margin",
        "course.engine.tiers",
    }


def lesson_notebooks() -> list[Path]:
    return sorted((ROOT / "solutions").glob("*/*.ipynb"))


@pytest.mark.parametrize("notebook", lesson_notebooks(), ids=lambda p: p.stem)
def test_lessons_import_only_from_the_facades(notebook):
    cells = nbformat.read(notebook, as_version=4).cells
    used = set().union(*(course_imports(cell.source) for cell in cells if cell.cell_type == "code"))
    assert used, "a lesson imports from the course"
    assert used <= FACADES, f"private modules imported: {sorted(used - FACADES)}"


def test_the_misconception_catalogue_keeps_its_public_path():
    from course.feedback.misconceptions import MISCONCEPTIONS as underneath
    from course.misconceptions import MISCONCEPTIONS

    assert MISCONCEPTIONS is underneath and all(m.hint for m in MISCONCEPTIONS.values())
