"""`grade`, the grader-side check behind every hidden test.

Hidden test cells make exactly one call, ``grade("q2_3_liquidation_long")``, so the whole
course is graded through this one function and the question registry in
`course.feedback.questions`. The answer is read as plain numbers into an answer record
(`course.feedback.records`), published for the grading driver, and judged with real floats;
failure messages never show the expected value.
"""

from __future__ import annotations

import sys
from typing import Any

from course.feedback.answers import NOT_ANSWERED, find_answer
from course.feedback.hints import NotAnswered, WrongAnswer, not_answered, not_answered_message
from course.feedback.records import (
    MODES,
    RECORD_MIMETYPE,
    answer_record,
    problem,
    publish,
    verdict,
)
from course.feedback.registry import question


def grade(question_id: str, answer: Any = NOT_ANSWERED) -> None:
    """
    Pass silently when the answer matches the engine; raise AssertionError otherwise.

    Parameters
    ----------
    question_id : str
        A registered grade id, e.g. ``"q2_3_liquidation_long"``.
    answer : object, optional
        The answer to grade. Left out (as in the lessons' hidden tests), it is the value of
        the question's answer name in the caller's namespace.

    Returns
    -------
    None
        When every case matches within the question's tolerance.

    Raises
    ------
    NotAnswered
        When the exercise is not answered yet.
    WrongAnswer
        When the answer does not match; the message says which case, never the value.

    Examples
    --------
    >>> grade("q2_3_liquidation_long", 45_250.0)
    >>> grade("q2_3_liquidation_long", 45_000.0)
    Traceback (most recent call last):
    course.feedback.hints.WrongAnswer: q2_3_liquidation_long: the answer does not match
    """
    item = question(question_id)
    if answer is NOT_ANSWERED:
        answer = find_answer(item.answer, sys._getframe(1).f_globals)
    record = answer_record(question_id, answer, "grade")
    publish(record)
    if not_answered(item, answer):
        raise NotAnswered(not_answered_message(item), item.exercise)
    reason = problem(question_id, record, "grade")
    if reason is not None:
        raise WrongAnswer(f"{question_id}: {reason}", item.exercise)


__all__ = ["MODES", "RECORD_MIMETYPE", "answer_record", "grade", "problem", "publish", "verdict"]
