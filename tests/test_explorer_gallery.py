"""The explorer gallery (the browser tests' demo notebook) draws every explorer the course has."""

from __future__ import annotations

import re

import nbformat

import course.widgets
from bench.widgets import DEMO, EXPLORERS


def test_the_gallery_calls_every_facade_explorer():
    notebook = nbformat.read(DEMO, as_version=4)
    called = {
        match
        for cell in notebook.cells
        if cell.cell_type == "code"
        for match in re.findall(r"^(\w+_explorer)\(\)$", cell.source, flags=re.M)
    }
    facade = {name for name in course.widgets.__all__ if name.endswith("_explorer")}
    assert called == facade


def test_the_widget_bench_times_every_facade_explorer():
    assert {build.__name__ for build in EXPLORERS} == {
        name for name in course.widgets.__all__ if name.endswith("_explorer")
    }
