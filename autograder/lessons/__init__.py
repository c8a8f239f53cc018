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


def lesson_modules(slugs=()):
    """Import and return the lesson modules that exist so far (or those of ``slugs``), in order."""
    numbers = {slug[:2] for slug in slugs}
    chosen = [name for name in available() if not numbers or name[-2:] in numbers]
    return [importlib.import_module(name) for name in chosen]
