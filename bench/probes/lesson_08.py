"""Lesson 08: the probe's wrong answers, each computed as a learner holding one idea would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import course.margin as m


def _bankruptcy(p: dict[str, Any]) -> float:
    return m.bankruptcy_price("long", p["entry"], p["qty"], p["qty"] * p["entry"] / p["leverage"])


def _liquidation(p: dict[str, Any]) -> float:
    return m.isolated_liquidation_price("long", p["entry"], p["leverage"], p["mmr"], basis="entry")


def _pro_rata(p: dict[str, Any]) -> float:
    return p["shortfall"] * p["profits"][p["winner"]] / sum(p["profits"])


# question id -> params -> [(misconception id, how the wrong answer is computed from params)]
VALUES: dict[str, Callable[[dict[str, Any]], list[tuple[str, Callable[[dict[str, Any]], Any]]]]] = {
    "q8_1_fund_deficit": lambda p: [
        ("insurance_fund_protects_me", lambda p: 0.0),
        ("wrong_sign", lambda p: p["qty"] * (_bankruptcy(p) - p["fill"])),
        ("settled_at_liquidation", lambda p: p["qty"] * (p["fill"] - _liquidation(p))),
        ("settled_at_liquidation", lambda p: p["mmr"] * p["qty"] * p["entry"]),
    ],
    "q8_2_shortfall": lambda p: [
        ("fund_covers_all", lambda p: 0.0),
        ("fund_skipped", lambda p: p["loss"]),
        ("fund_skipped", lambda p: p["loss"] + p["fund"]),
    ],
    "q8_4_pro_rata": lambda p: [
        ("winners_are_safe", lambda p: 0.0),
        ("adl_method_confused", lambda p: min(p["shortfall"], max(p["profits"]))),
        ("haircut_equal_split", lambda p: p["shortfall"] / len(p["profits"])),
        ("fraction_for_amount", lambda p: 100 * p["shortfall"] / sum(p["profits"])),
    ],
}
# function question id -> [(misconception id, a wrong function)]
FUNCTIONS: dict[str, list[tuple[str, Callable[..., Any]]]] = {
    "q8_3_adl_score": [
        ("adl_by_profit", lambda upnl, collateral, notional: upnl / collateral),
        ("adl_by_profit", lambda upnl, collateral, notional: notional / (collateral + upnl)),
        (
            "leverage_setting_for_effective",
            lambda upnl, collateral, notional: upnl / collateral * notional / collateral,
        ),
        (
            "rate_in_percent",
            lambda upnl, collateral, notional: (
                100 * upnl / collateral * notional / (collateral + upnl)
            ),
        ),
    ],
}
