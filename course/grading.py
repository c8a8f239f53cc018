"""The hidden grade and the answer records, as lessons, tests and the driver import them.

A façade over `course.feedback.grading` and `course.feedback.records`: hidden test cells
write ``grade("q2_3_liquidation_long")``; the grading driver recomputes `verdict` from the
published answer records, outside the learner's kernel.
"""

from course.feedback.grading import (
    MODES,
    RECORD_MIMETYPE,
    answer_record,
    grade,
    problem,
    publish,
    verdict,
)

__all__ = ["MODES", "RECORD_MIMETYPE", "answer_record", "grade", "problem", "publish", "verdict"]
