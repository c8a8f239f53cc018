"""Shared pieces of the lesson-number tables (tests/test_lesson_NN_numbers.py).

Each lesson's table lists every result number its prose quotes, as written, with the engine
call that reproduces it; these helpers format numbers the way the lessons write them and
read a lesson's prose.
"""

from __future__ import annotations

import re

import nbformat

from tests.test_lessons import source_path


def usdt(value: float) -> str:
    """58,825.00 USDT"""
    return f"{value:,.2f} USDT"


def whole_usdt(value: float) -> str:
    """4,000 USDT"""
    return f"{value:,.0f} USDT"


def price(value: float) -> str:
    """58,825.00"""
    return f"{value:,.2f}"


def percent(places: int):
    """A formatter of fractions as percent with ``places`` decimals: 0.0452 -> 4.52%."""
    return lambda fraction: f"{100 * fraction:.{places}f}%"


LINK_TARGET = re.compile(r"\]\([^)\s]*\)")


def markdown_of(path) -> str:
    """All markdown cells of the notebook at ``path``, joined, without link targets.

    ``[06 · Fees](../06-fees-and-funding/06-fees-and-funding.ipynb)`` reads as ``[06 · Fees]``:
    the digits of a path are not numbers the prose quotes.
    """
    notebook = nbformat.read(path, as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    return LINK_TARGET.sub("]", text)


def lesson_prose(slug: str) -> str:
    """All markdown of the lesson's solutions notebook, joined."""
    return markdown_of(source_path(slug))
