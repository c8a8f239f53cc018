"""Lesson 06: checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

from course.feedback.registry import Question, register

QUESTIONS: tuple[Question, ...] = ()

# Where this lesson (or an earlier one) teaches each idea: a hint ends "(See <section>.)".
SECTIONS: dict[str, str] = {}

register(*QUESTIONS, sections=SECTIONS)
