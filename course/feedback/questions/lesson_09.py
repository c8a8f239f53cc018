"""Lesson 09 (cascades): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

from course.feedback.families.cascade import (
    CASCADE_AT_IMPACT,
    CASCADE_FINAL,
    CASCADE_STOP_LOSS,
    THROTTLED_TOTAL,
    UNDERREPORTING,
    VENUE_MARK,
)
from course.feedback.families.triggers import FIRST_EXIT
from course.feedback.registry import Question, register
from course.scenarios.cascade import GDAX, TOY, cascade_path

_TOY = {key: TOY[key] for key in ("shock_price", "levels", "sizes")}


def _gdax_first_trade(stop_level: float) -> float:
    """The first trade after the stops at ``stop_level`` fire: their step's starting price."""
    path = cascade_path(
        GDAX["worst"], GDAX["levels"], GDAX["sizes"], GDAX["impact"], floor=GDAX["floor"]
    )
    return float(path.loc[path.level == stop_level, "price_before"].item())


# The stop of exercise 9.4 (300 USD) sits in the GDAX case's cluster at 300.
GDAX_FIRST_TRADE_AT_300 = _gdax_first_trade(300.0)

QUESTIONS = (
    # Write cascade_price(shock_price, levels, sizes, impact): follow the feedback loop.
    Question(
        id="q9_1_cascade_loop",
        answer="cascade_price",
        kind="function",
        cases=(
            {**_TOY, "impact": 0.0005},
            {**_TOY, "impact": 0.00025},
            {
                "shock_price": 50.0,
                "levels": [52.0, 49.0, 45.0, 40.0],
                "sizes": [1_000.0, 2_000.0, 2_000.0, 5_000.0],
                "impact": 0.001,
            },
        ),
        hidden_cases=(
            {
                "shock_price": 3_000.0,
                "levels": [3_050.0, 2_990.0, 2_950.0, 2_900.0, 2_800.0],
                "sizes": [100.0, 200.0, 300.0, 400.0, 500.0],
                "impact": 0.1,
            },
            {
                "shock_price": 100.0,
                "levels": [99.0, 90.0],
                "sizes": [1_000.0, 1_000.0],
                "impact": 0.0005,
            },
            {
                "shock_price": 1.0,
                "levels": [1.0, 0.9, 0.8],
                "sizes": [10_000.0, 10_000.0, 10_000.0],
                "impact": 0.00002,
            },
        ),
        family=CASCADE_FINAL,
        pointer="Follow the worked example's table step by step (Worked example: the toy "
        "cascade): a cluster sells if the price has reached its level, its units move the "
        "price down, and the next cluster is checked against the new price.",
    ),
    # The toy cascade at half the impact: where does it stop?
    Question(
        id="q9_2_half_impact",
        answer="half_impact_price",
        kind="price",
        inputs={"start": TOY["start"], **_TOY, "impact": 0.00025, "reference_impact": 0.0005},
        family=CASCADE_AT_IMPACT,
        step=0.01,
        pointer="Run the cascade again with the new impact, from the same shock (Worked "
        "example: the toy cascade), and check each cluster against the new price.",
    ),
    # GDAX 2017: the mark as the median of three venues, one of them GDAX's last price.
    Question(
        id="q9_3_venue_mark",
        answer="mark_gdax",
        kind="price",
        inputs={"last": GDAX["worst"], "other_venues": GDAX["other_venues"]},
        family=VENUE_MARK,
        step=0.01,
        pointer="The mark here is built from all three venues' prices, GDAX's last price among "
        "them (Two prices and one order book).",
    ),
    # Your stop-market sell at 300, on the last price, fills inside the cascade.
    Question(
        id="q9_4_stop_in_cascade",
        answer="stop_loss_gdax",
        kind="amount",
        inputs={
            "entry": 320.0,
            "qty": 10.0,
            "stop": 300.0,
            "first_trade": round(GDAX_FIRST_TRADE_AT_300, 2),
        },
        family=CASCADE_STOP_LOSS,
        step=0.01,
        pointer="The stop fired on the last price and became a market order: it filled at the "
        "first trade after it fired, which the cascade's path shows (Your stop in the "
        "cascade). Price the loss of the whole position there.",
    ),
    # Lessons 02 and 05 meet: a stop on the last price, liquidation on the median mark.
    Question(
        id="q9_5_first_exit",
        answer="first_exit",
        kind="price",
        inputs={
            "side": "long",
            "entry": 320.0,
            "leverage": 10.0,
            "mmr": 0.005,
            "basis": "mark",
            "stop": 280.0,
            "last_extreme": GDAX["floor"],
            "mark_extreme": GDAX["other_venues"][0],
        },
        family=FIRST_EXIT,
        step=0.01,
        pointer="Check each exit against the price it watches (Two prices and one order book): "
        "the stop against the last price's low, the liquidation against the mark's. Of the "
        "exits that fire, the one nearer the entry closes the position first.",
    ),
    # A one-per-second stream: the real total behind what a tracker adds up.
    Question(
        id="q9_6_throttled_total",
        answer="real_total",
        kind="amount",
        inputs={"shown_total": 500_000.0, "per_second": 12.0},
        family=THROTTLED_TOTAL,
        pointer="The stream pushes one liquidation per second and symbol (Reading liquidation "
        "statistics): count how many happened in each second, and what that makes in total.",
    ),
    # Myth check: Bybit's own 24 h liquidations against what the aggregators showed, Feb 2025.
    Question(
        id="q9_7_myth_factor",
        answer="underreporting",
        kind="number",
        inputs={"actual": 2_100_000_000.0, "reported": 333_000_000.0},
        family=UNDERREPORTING,
        step=0.1,  # the reference key rounds it to one decimal (6.3x)
        pointer="Compare the exchange's own total with the aggregated one: how many times "
        "larger is it? (Reading liquidation statistics.)",
    ),
)

# Where this lesson (or an earlier one) teaches each idea: a hint ends "(See <section>.)".
SECTIONS = {
    "cascade_ignores_feedback": "The idea: forced selling that feeds itself",
    "every_cluster_fires": "Worked example: the toy cascade",
    "cascade_linear": "Explore: impact and cluster density",
    "last_price_trigger": "Two prices and one order book: GDAX, 21 June 2017",
    "mean_for_median": "Two prices and one order book: GDAX, 21 June 2017",
    "stop_guarantees_exit": "Your stop in the cascade",
    "reported_totals_complete": "Reading liquidation statistics",
    "ratio_inverted": "Reading liquidation statistics",
}

register(*QUESTIONS, sections=SECTIONS)
