"""Misconceptions lesson 09 (cascades) adds to the catalogue: (id, wrong idea, hint) rows.

Hints hold no digits (see `course.feedback.misconceptions`).
"""

ENTRIES: tuple[tuple[str, str, str], ...] = ()
