"""A hint points at where the lessons teach its idea: "(See <section>.)" names a real heading.

A section is ``Heading`` (of the question's own lesson) or ``lesson NN, Heading``, optionally
followed by ``, detail``. Renaming a heading without its sections map fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import course.feedback.questions  # noqa: F401  (fills the registry)
from course.hints import MISCONCEPTIONS, QUESTIONS, hint_for, question

LESSONS = Path(__file__).resolve().parents[1] / "autograder" / "lessons"
_OTHER_LESSON = re.compile(r"^lesson (\d\d), (.+)$")


def _headings(lesson: str) -> set[str]:
    (source,) = LESSONS.glob(f"{lesson}-*.md")
    return {
        line.lstrip("#").strip()
        for line in source.read_text(encoding="utf-8").splitlines()
        if re.match(r"#{2,4} ", line)
    }


def _lesson_of(question_id: str) -> str:
    return f"0{question_id[1]}" if question_id[2] == "_" else question_id[1:3]


def _resolve(question_id: str, where: str) -> tuple[str, str]:
    """The lesson and the heading a section names (the detail after ", " dropped)."""
    other = _OTHER_LESSON.match(where)
    lesson, rest = (other.group(1), other.group(2)) if other else (_lesson_of(question_id), where)
    headings = _headings(lesson)
    for heading in sorted(headings, key=len, reverse=True):
        if rest == heading or rest.startswith(heading + ", "):
            return lesson, heading
    raise AssertionError(f"{question_id}: no heading of lesson {lesson} starts {rest!r}")


SECTIONS = sorted((q.id, m, where) for q in QUESTIONS.values() for m, where in q.sections.items())


def test_most_questions_say_where_their_ideas_are_taught():
    named = [(q.id, i.misconception) for q in QUESTIONS.values() for i in q.mistakes()]
    placed = [pair for pair in named if pair[1] in question(pair[0]).sections]
    assert len(placed) >= 0.6 * len(named), f"{len(placed)} of {len(named)} hints say where"


@pytest.mark.parametrize(("question_id", "misconception", "where"), SECTIONS)
def test_each_section_is_a_heading_of_a_lesson(question_id, misconception, where):
    assert misconception in MISCONCEPTIONS
    _resolve(question_id, where)


@pytest.mark.parametrize(("question_id", "misconception", "where"), SECTIONS)
def test_the_hint_ends_with_its_section(question_id, misconception, where):
    item = question(question_id)
    if item.kind != "value":
        pytest.skip("function answers: tests/test_learner_functions.py")
    values = {idea.label: idea.value(item.inputs) for idea in item.mistakes()}
    for idea in item.mistakes():
        value = values[idea.label]
        clash = any(item.close(value, v) for k, v in values.items() if k != idea.label)
        if idea.misconception == misconception and not clash:  # clashes: test_wrong_models
            message = hint_for(question_id, value)
            assert message.endswith(f"(See {where}.)")
            assert MISCONCEPTIONS[misconception].hint in message


def test_a_misspelt_heading_is_caught():
    with pytest.raises(AssertionError, match="no heading"):
        _resolve("q3_1_cross_liquidation", "Two positions in a wallet")
