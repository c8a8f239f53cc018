"""Misconceptions lesson 10 (case studies) adds to the catalogue: (id, wrong idea, hint) rows.

Hints hold no digits (see `course.feedback.misconceptions`).
"""

ENTRIES: tuple[tuple[str, str, str], ...] = ()
