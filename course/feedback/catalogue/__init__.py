"""Catalogue rows added by the second half of the course, one module per lesson.

Each ``lesson_NN`` module holds ``ENTRIES``: ``(id, wrong_idea, hint)`` rows in the form of
`course.feedback.misconceptions`, which appends them to its own. A lesson's rows live
beside no other lesson's, so lessons can be written side by side.
"""

from course.feedback.catalogue import lesson_06, lesson_07, lesson_08, lesson_09, lesson_10

ENTRIES: tuple[tuple[str, str, str], ...] = (
    lesson_06.ENTRIES
    + lesson_07.ENTRIES
    + lesson_08.ENTRIES
    + lesson_09.ENTRIES
    + lesson_10.ENTRIES
)
