"""Lesson 00 (start here): checked questions. Ids are gradebook keys: never rename one."""

from course.feedback.families import LIQUIDATION_DISTANCE, NOTIONAL
from course.feedback.registry import Question, register

QUESTIONS = (
    Question(
        id="q0_1_notional",
        answer="position_value",
        kind="amount",
        family=NOTIONAL,
        inputs={"qty": 0.25, "price": 64_000.0, "leverage": 10.0},
        pointer="Notional is the position's size in coins times the price (The idea).",
    ),
    Question(
        id="q0_2_distance",
        answer="distance_pct",
        kind="percent",
        family=LIQUIDATION_DISTANCE,
        inputs={"entry": 65_000.0, "leverage": 10.0, "mmr": 0.005},
        pointer="Compute the liquidation price first (see the worked example), then its "
        "distance from entry as a percent of the entry price.",
    ),
)

# Where this lesson (or a later one) teaches each idea: a hint ends "(See <section>.)".
SECTIONS = {
    "margin_for_notional": "Warm-up",
    "fraction_for_percent": "Conventions, percentages",
    "wrong_mm_basis": "Conventions, the two MM bases",
    "one_over_leverage": "lesson 02, How far away is liquidation?",
    "price_for_distance": "lesson 02, How far away is liquidation?",
}

register(*QUESTIONS, sections=SECTIONS)
