"""The course's checked questions, registered with `course.hints` in one place.

One module per lesson (``lesson_NN``) defines a ``QUESTIONS`` tuple and registers it on
import. Ids are gradebook keys (``q<lesson>_<exercise>_<slug>``, STYLE.md section 8): never
rename one after release. Expected answers and wrong ideas are engine calls on each
question's own inputs; `course.hints.check` gives the visible feedback and
`course.grading.grade` the hidden grade, both from this one registry.
"""

from course.feedback.questions import (  # noqa: F401  (importing registers the questions)
    lesson_00,
    lesson_01,
    lesson_02,
    lesson_03,
    lesson_04,
    lesson_05,
    lesson_06,
    lesson_07,
    lesson_08,
    lesson_09,
    lesson_10,
)
