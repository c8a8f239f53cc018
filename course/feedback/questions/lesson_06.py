"""Lesson 06 (fees and funding): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

from course.feedback.families.costs import (
    BREAK_EVEN,
    FUNDING_OVER_TIME,
    LIQUIDATION_AFTER_FUNDING,
    ROUND_TRIP_FEES,
)
from course.feedback.registry import Question, register

QUESTIONS: tuple[Question, ...] = (
    # Answer key 6.1: 20,000 USDT notional, taker 0.05% in and out, held two days -> 20 USDT.
    Question(
        id="q6_1_round_trip_fees",
        answer="round_trip_fees",
        kind="amount",
        inputs={
            "notional": 20_000.0,
            "open_fee_rate": 0.0005,
            "close_fee_rate": 0.0005,
            "leverage": 10.0,
            "days": 2.0,
        },
        family=ROUND_TRIP_FEES,
        step=0.01,  # a small amount: whole USDT would let a 2% error through
        pointer="A round trip is two trades, each charged once on its own notional at its "
        "fee rate (The idea: two clocks). Add the two fees.",
    ),
    # Write break_even(side, entry, open_fee_rate, close_fee_rate): the exact formula.
    Question(
        id="q6_2_break_even",
        answer="break_even",
        kind="function",
        cases=(
            {"side": "long", "entry": 60_000.0, "open_fee_rate": 0.0005, "close_fee_rate": 0.0005},
            {"side": "short", "entry": 60_000.0, "open_fee_rate": 0.0002, "close_fee_rate": 0.0005},
            {"side": "long", "entry": 2_000.0, "open_fee_rate": 0.005, "close_fee_rate": 0.005},
        ),
        hidden_cases=(
            {"side": "short", "entry": 100.0, "open_fee_rate": 0.01, "close_fee_rate": 0.01},
            {"side": "long", "entry": 30_000.0, "open_fee_rate": 0.001, "close_fee_rate": 0.004},
            {"side": "short", "entry": 3_500.0, "open_fee_rate": 0.006, "close_fee_rate": 0.002},
        ),
        family=BREAK_EVEN,
        rel_tol=1e-7,  # exact: the additive shortcut is off by the fees' product
        pointer="At break-even the price move pays both fees: the opening one on the entry's "
        "notional, the closing one on the exit's (Break-even with fees on both sides). "
        "Write that equation for one coin and solve it for the exit price.",
    ),
    # Answer key 6.3: 50,000 USDT long, 14 days at 0.01% per 8 hours -> 210 USDT.
    Question(
        id="q6_3_funding_cost",
        answer="funding_paid",
        kind="amount",
        inputs={
            "side": "long",
            "notional": 50_000.0,
            "mark": 60_000.0,
            "funding_rate": 0.0001,
            "days": 14.0,
            "leverage": 5.0,
        },
        family=FUNDING_OVER_TIME,
        pointer="Funding is paid at every funding time the position is open, on its value at "
        "the mark, at the signed rate (The idea: two clocks). Count the funding times first.",
    ),
    # Answer key 6.4: 1 BTC at 60,000, 10x, MMR 0.5% on entry value, 0.03% per 8 h, 30 days.
    Question(
        id="q6_4_funding_liquidation",
        answer="liquidation_after",
        kind="price",
        inputs={
            "side": "long",
            "entry": 60_000.0,
            "leverage": 10.0,
            "mmr": 0.005,
            "funding_rate": 0.0003,
            "days": 30.0,
            "basis": "entry",
        },
        family=LIQUIDATION_AFTER_FUNDING,
        pointer="Work out the funding paid over the month, take it out of the isolated "
        "margin, and find where equity meets the maintenance margin on the entry value "
        "(Funding and the liquidation price).",
    ),
    # Myth check, the seed's claim: "0.04% and 0.06% maker fees ... Those fees compound."
    # The extra fees of the dearer tier on a 10,000 USDT round trip held three weeks: the
    # fees are linear in the rate, so the family prices the round trip at the difference.
    Question(
        id="q6_5_fee_myth",
        answer="myth_fees",
        kind="amount",
        inputs={
            "notional": 10_000.0,
            "low_rate": 0.0004,
            "high_rate": 0.0006,
            "open_fee_rate": 0.0002,  # high_rate - low_rate
            "close_fee_rate": 0.0002,
            "leverage": 5.0,
            "days": 21.0,
            "funding_rate": 0.0001,
        },
        family=ROUND_TRIP_FEES,
        wrong_ideas=(
            (  # the seed's belief taken literally: each tier compounding once a day
                "fees_grow_with_time",
                lambda notional, low_rate, high_rate, days, **_: (
                    notional * ((1 + high_rate) ** days - (1 + low_rate) ** days)
                ),
            ),
        ),
        step=0.01,
        pointer="Which costs are charged per trade, and which per funding interval (The "
        "idea: two clocks)? The question asks for the difference in trading fees alone.",
    ),
)

# Where this lesson (or an earlier one) teaches each idea: a hint ends "(See <section>.)".
SECTIONS: dict[str, str] = {
    "bankruptcy_for_liquidation": "lesson 02, The idea, the two prices",
    "break_even_additive": "Break-even with fees on both sides",
    "fee_one_side": "Break-even with fees on both sides",
    "fees_grow_with_time": "The idea: two clocks",
    "funding_daily": "The idea: two clocks",
    "funding_is_exchange_fee": "The idea: two clocks",
    "funding_sign": "The idea: two clocks",
    "liquidation_price_fixed": "Funding and the liquidation price",
    "margin_for_notional": "The idea: two clocks",
    "rate_in_percent": "The idea: two clocks",
    "wrong_mm_basis": "Funding and the liquidation price",
    "wrong_side": "Break-even with fees on both sides",
}

register(*QUESTIONS, sections=SECTIONS)
