"""The visible check and the question registry, as lessons and tests import them.

A façade over `course.feedback.hints` and `course.feedback.registry`: lessons write
``from course.hints import check`` and then ``check("q2_3_liquidation_long")``. Lesson 10's
misconception inventory calls ``inventory_report()`` (`course.feedback.inventory`).
"""

from course.feedback.hints import (
    KINDS,
    MISCONCEPTIONS,
    POINTER,
    QUESTIONS,
    CheckFailed,
    Misconception,
    NotAnswered,
    Question,
    WrongAnswer,
    WrongIdea,
    check,
    grading,
    hint_for,
    not_answered,
    not_answered_message,
    question,
    register,
)
from course.feedback.inventory import inventory_report

__all__ = [
    "KINDS",
    "MISCONCEPTIONS",
    "POINTER",
    "QUESTIONS",
    "CheckFailed",
    "Misconception",
    "NotAnswered",
    "Question",
    "WrongAnswer",
    "WrongIdea",
    "check",
    "grading",
    "hint_for",
    "inventory_report",
    "not_answered",
    "not_answered_message",
    "question",
    "register",
]
