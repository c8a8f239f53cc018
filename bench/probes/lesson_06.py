"""Lesson 06: the probe's wrong answers, each computed as a learner holding one idea would.

Written from the lesson's statements and `course.margin`, apart from
`course.feedback.families.costs`: each answer makes one mistake by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from course.margin import liquidation_price_after_funding


def _round_trip(p: dict[str, Any]) -> float:
    return p["notional"] * (p["open_fee_rate"] + p["close_fee_rate"])


def _lp(p: dict[str, Any], paid: float, basis: str = "entry", mmr: float | None = None) -> float:
    return liquidation_price_after_funding(
        "long", p["entry"], p["leverage"], p["mmr"] if mmr is None else mmr, paid, basis=basis
    )


def _month(p: dict[str, Any], per_day: int = 3, base: float | None = None) -> float:
    value = p["entry"] if base is None else base
    return value * p["funding_rate"] * per_day * p["days"]


# question id -> params -> [(misconception id, how the wrong answer is computed from params)]
VALUES: dict[str, Callable[[dict[str, Any]], list[tuple[str, Callable[[dict[str, Any]], Any]]]]] = {
    "q6_1_round_trip_fees": lambda p: [
        ("fee_one_side", lambda p: p["notional"] * p["open_fee_rate"]),
        ("fees_grow_with_time", lambda p: _round_trip(p) * p["days"]),
        ("fees_grow_with_time", lambda p: _round_trip(p) * 3 * p["days"]),
        ("margin_for_notional", lambda p: _round_trip(p) / p["leverage"]),
        ("rate_in_percent", lambda p: 100 * _round_trip(p)),
    ],
    "q6_3_funding_cost": lambda p: [
        ("funding_daily", lambda p: p["notional"] * p["funding_rate"] * p["days"]),
        ("funding_is_exchange_fee", lambda p: p["notional"] * p["funding_rate"]),
        ("funding_sign", lambda p: -p["notional"] * p["funding_rate"] * 3 * p["days"]),
        ("rate_in_percent", lambda p: p["notional"] * p["funding_rate"] * 100 * 3 * p["days"]),
        (
            "margin_for_notional",
            lambda p: p["notional"] / p["leverage"] * p["funding_rate"] * 3 * p["days"],
        ),
    ],
    "q6_4_funding_liquidation": lambda p: [
        ("liquidation_price_fixed", lambda p: p["entry"] * (1 - 1 / p["leverage"] + p["mmr"])),
        ("funding_sign", lambda p: _lp(p, -_month(p))),
        ("funding_daily", lambda p: _lp(p, _month(p, per_day=1))),
        ("wrong_mm_basis", lambda p: _lp(p, _month(p), basis="mark")),
        ("margin_for_notional", lambda p: _lp(p, _month(p, base=p["entry"] / p["leverage"]))),
        ("bankruptcy_for_liquidation", lambda p: _lp(p, _month(p), mmr=0.0)),
    ],
    "q6_5_fee_myth": lambda p: [
        ("fees_grow_with_time", lambda p: 2 * p["notional"] * 0.0002 * p["days"]),
        ("fees_grow_with_time", lambda p: 2 * p["notional"] * 0.0002 * 3 * p["days"]),
        (
            "fees_grow_with_time",
            lambda p: p["notional"] * (1.0006 ** p["days"] - 1.0004 ** p["days"]),
        ),
        ("fee_one_side", lambda p: p["notional"] * 0.0002),
        (
            "funding_is_exchange_fee",
            lambda p: (
                2 * p["notional"] * 0.0002 + p["notional"] * p["funding_rate"] * 3 * p["days"]
            ),
        ),
        ("rate_in_percent", lambda p: 2 * p["notional"] * 0.02),
    ],
}


def _one_fee(side, entry, open_fee_rate, close_fee_rate):
    return entry * (1 + open_fee_rate) if side == "long" else entry * (1 - open_fee_rate)


def _added(side, entry, open_fee_rate, close_fee_rate):
    total = open_fee_rate + close_fee_rate
    return entry * (1 + total) if side == "long" else entry * (1 - total)


def _long_for_both(side, entry, open_fee_rate, close_fee_rate):
    return entry * (1 + open_fee_rate) / (1 - close_fee_rate)


# function question id -> [(misconception id, a wrong function)]
FUNCTIONS: dict[str, list[tuple[str, Callable[..., Any]]]] = {
    "q6_2_break_even": [
        ("fee_one_side", _one_fee),
        ("break_even_additive", _added),
        ("wrong_side", _long_for_both),
    ],
}
