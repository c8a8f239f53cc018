"""Each of the twelve misconceptions the sources name has a home: an exercise that names it.

shared/reference/pedagogy-and-cases.md section 1.3 lists twelve beliefs the sources refute.
Each must be named by the check of at least one exercise. Four belong to lessons the course
does not have yet; once their lesson is in `ASSIGNMENTS`, it must give them an exercise.
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
    "funding_is_exchange_fee": "06-fees-and-funding",
    "winners_are_safe": "08-insurance-and-adl",
    "reported_totals_complete": "09-cascades",
    "stable_collateral": "10-case-studies",
}


def _named_somewhere() -> set[str]:
    return {idea.misconception for q in QUESTIONS.values() for idea in q.mistakes()}


def test_the_twelve_are_in_the_catalogue():
    assert set(REFERENCE_TWELVE) <= set(MISCONCEPTIONS)


@pytest.mark.parametrize("misconception", REFERENCE_TWELVE)
def test_each_of_the_twelve_has_an_exercise(misconception):
    lesson = LATER.get(misconception)
    if lesson is not None and lesson not in ASSIGNMENTS:
        pytest.skip(f"its home is {lesson}, which is not written yet (issue 13)")
    assert misconception in _named_somewhere(), f"no exercise names {misconception}"
