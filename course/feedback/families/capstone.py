"""The capstone's kind of question: a pre-trade check, and a wrong model for each reason.

The learner's ``pre_trade_check(account, trade)`` returns `course.engine.pretrade.reason_code`
of the reasons that failed (0 is a go). Each wrong model replaces one reason's check by the
one a learner holding a misconception would write, so a hint names the reason that went
wrong.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from course.engine.pretrade import pre_trade_verdict
from course.engine.pretrade_checks import (
    FUNDING_HOURS,
    Check,
    cross_fails,
    stop_distance,
    trade_notional,
)
from course.feedback.models import Family, WrongModel

Params = Mapping[str, Any]


def pre_trade_code(account: Params, trade: Params) -> int:
    """
    Return the code of the reasons the trade fails (0 is a go).

    Parameters
    ----------
    account, trade : dict
        As `course.engine.pretrade` describes them.

    Returns
    -------
    int
    """
    return pre_trade_verdict(account, trade).code


def _with(reason: str, check: Check) -> Any:
    return lambda account, trade, **_: pre_trade_verdict(account, trade, {reason: check}).code


def _risk_times_leverage(account: Params, trade: Params) -> bool:
    loss = trade["qty"] * abs(trade["entry"] - trade["stop"]) * trade["leverage"]
    return bool(loss > account["risk_limit"] * account["equity"])


def _stop_at_bankruptcy(account: Params, trade: Params) -> bool:
    return bool(stop_distance(trade) + account["buffer"] > 1.0 / trade["leverage"])


def _stop_without_buffer(account: Params, trade: Params) -> bool:
    return bool(stop_distance(trade) > 1.0 / trade["leverage"] - account["mmr"])


def _cross_alone(account: Params, trade: Params) -> bool:
    return cross_fails({**account, "positions": []}, trade)


def _costs(account: Params, trade: Params, *, fee_sides: int, fee_per_interval: bool,
           funding_always_paid: bool) -> bool:  # fmt: skip
    value = trade_notional(trade)
    intervals = math.floor(trade["hold_hours"] / FUNDING_HOURS)
    sign = 1.0 if trade["side"] == "long" else -1.0
    fees = fee_sides * value * account["fee_rate"] * (max(intervals, 1) if fee_per_interval else 1)
    rate = abs(account["funding_rate"]) if funding_always_paid else sign * account["funding_rate"]
    costs = fees + value * rate * intervals
    return bool(costs > account["cost_limit"] * account["risk_limit"] * account["equity"])


def _history_at_stop(account: Params, trade: Params) -> bool:
    loss = trade_notional(trade) * stop_distance(trade)
    return bool(loss > account["crash_limit"] * account["equity"])


PRE_TRADE_CHECK = Family(
    "a pre-trade check: the code of the reasons that fail",
    pre_trade_code,
    {},
    (
        WrongModel(
            "leverage_scales_pnl", compute=_with("risk", _risk_times_leverage), name="risk x lev"
        ),
        WrongModel(
            "bankruptcy_for_liquidation",
            compute=_with("stop", _stop_at_bankruptcy),
            name="stop vs bankruptcy",
        ),
        WrongModel(
            "stop_guarantees_exit", compute=_with("stop", _stop_without_buffer), name="no buffer"
        ),
        WrongModel("other_upnl_dropped", compute=_with("cross", _cross_alone), name="cross alone"),
        WrongModel(
            "fees_grow_with_time",
            compute=_with(
                "costs",
                lambda a, t: _costs(
                    a, t, fee_sides=2, fee_per_interval=True, funding_always_paid=False
                ),
            ),
            name="fees per interval",
        ),
        WrongModel(
            "funding_is_exchange_fee",
            compute=_with(
                "costs",
                lambda a, t: _costs(
                    a, t, fee_sides=2, fee_per_interval=False, funding_always_paid=True
                ),
            ),
            name="funding always paid",
        ),
        WrongModel(
            "fee_one_side",
            compute=_with(
                "costs",
                lambda a, t: _costs(
                    a, t, fee_sides=1, fee_per_interval=False, funding_always_paid=False
                ),
            ),
            name="one fee",
        ),
        WrongModel(
            "stop_guarantees_exit",
            compute=_with("history", _history_at_stop),
            name="crash loss at the stop",
        ),
    ),
)

__all__ = ["PRE_TRADE_CHECK", "pre_trade_code"]
