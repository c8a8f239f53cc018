"""Lesson sources: one module per lesson builds ``solutions/<slug>/<slug>.ipynb``.

Each module defines ``SLUG`` and ``cells()``, a list made with `autograder.authoring`.
``python -m autograder author`` writes every solutions notebook from them, and
``python -m autograder release`` turns those into ``lessons/`` with nbgrader.
"""

from __future__ import annotations

import importlib

MODULES = tuple(f"autograder.lessons.lesson_{number:02d}" for number in range(6))


def available() -> tuple[str, ...]:
    """The lesson modules that exist so far."""
    from importlib.util import find_spec

    return tuple(name for name in MODULES if find_spec(name) is not None)


def lesson_modules():
    """Import and return every lesson module that exists so far, in course order."""
    return [importlib.import_module(name) for name in available()]
