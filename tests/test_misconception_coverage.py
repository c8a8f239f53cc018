"""Each misconception the sources name has a home: an exercise that names it.

shared/reference/pedagogy-and-cases.md section 1.3 lists twelve beliefs the sources refute, and
issue 13 names seven more for lessons 06-10. Each must be named by the check of at least one
exercise; those with a home lesson below must be named by an exercise of that lesson.
"""

from __future__ import annotations

import pytest

import course.feedback.questions  # noqa: F401  (fills the registry)
from autograder.config import ASSIGNMENTS
from course.hints import MISCONCEPTIONS, QUESTIONS

REFERENCE_TWELVE = (
    "leverage_scales_pnl",
    "isolated_always_safer",
    "stop_guarantees_exit",
    "last_price_trigger",
    "funding_is_exchange_fee",
    "insurance_fund_protects_me",
    "winners_are_safe",
    "one_over_leverage",
    "liquidation_price_fixed",
    "reported_totals_complete",
    "stable_collateral",
    "cannot_lose_more_than_deposit",
)

# Homes in the second half of the course (issue 13): the lesson that must exercise each.
LATER = {
    "fees_grow_with_time": "06-fees-and-funding",
    "funding_is_exchange_fee": "06-fees-and-funding",
    "liquidation_price_fixed": "06-fees-and-funding",
    "hedge_ignores_correlation": "07-correlation",
    "winners_are_safe": "08-insurance-and-adl",
    "reported_totals_complete": "09-cascades",
    "close_decides_liquidation": "10-case-studies",
    "stable_collateral": "10-case-studies",
}


def _named_somewhere() -> set[str]:
    return {idea.misconception for q in QUESTIONS.values() for idea in q.mistakes()}


def _named_in(slug: str) -> set[str]:
    number = int(slug[:2])
    return {
        idea.misconception
        for grade_id, q in QUESTIONS.items()
        if int(grade_id[1 : grade_id.index("_")]) == number
        for idea in q.mistakes()
    }


def test_every_named_misconception_is_in_the_catalogue():
    assert set(REFERENCE_TWELVE) | set(LATER) <= set(MISCONCEPTIONS)


@pytest.mark.parametrize("misconception", REFERENCE_TWELVE)
def test_each_of_the_twelve_has_an_exercise(misconception):
    assert misconception in _named_somewhere(), f"no exercise names {misconception}"


@pytest.mark.parametrize("misconception", sorted(LATER))
def test_each_later_misconception_is_exercised_in_its_lesson(misconception):
    lesson = LATER[misconception]
    assert lesson in ASSIGNMENTS, f"{lesson} is not in the course"
    assert misconception in _named_in(lesson), f"no exercise of {lesson} names {misconception}"
