"""Lesson 00 (start here): checked questions. Ids are gradebook keys: never rename one."""

from course.engine.balance import notional
from course.engine.liquidation import isolated_liquidation_price
from course.feedback.registry import Question, register


def _distance_pct(entry, leverage, mmr):
    """Percent fall from entry to an isolated long's liquidation, MM on entry value."""
    return (
        100.0
        * (entry - isolated_liquidation_price("long", entry, leverage, mmr, basis="entry"))
        / entry
    )


QUESTIONS = (
    Question(
        id="q0_1_notional",
        answer="position_value",
        kind="amount",
        inputs={"qty": 0.25, "price": 64_000.0, "leverage": 10.0},
        expected=lambda qty, price, leverage: notional(qty, price),
        wrong_ideas=(
            ("margin_for_notional", lambda qty, price, leverage: notional(qty, price) / leverage),
        ),
        pointer="Notional is the position's size in coins times the price.",
    ),
    Question(
        id="q0_2_distance",
        answer="distance_pct",
        kind="percent",
        inputs={"entry": 65_000.0, "leverage": 10.0, "mmr": 0.005},
        expected=_distance_pct,
        wrong_ideas=(("one_over_leverage", lambda leverage, **_: 100.0 / leverage),),
        pointer="Compute the liquidation price first (see the worked example), then its distance from entry.",
    ),
)

register(*QUESTIONS)
