"""The five rules of the pre-trade check: each a pure test of an account and a trade dict.

Lesson 10's capstone. ``account`` and ``trade`` are plain dicts (keys below); each check
returns True when the trade FAILS it, and `pre_trade_verdict` collects the failures::

    risk     qty * |entry - stop|                       >  risk_limit * equity
    stop     |entry - stop| / entry + buffer            >  1/leverage - mmr      (isolated)
    cross    |entry - stop| / entry + buffer            >  cross distance after the trade
    costs    2 * notional * fee_rate + s * funding      >  cost_limit * risk_limit * equity
             funding = notional * funding_rate * floor(hold_hours / 8)
    history  notional * worst_move                      >  crash_limit * equity

``account``: ``equity`` (USDT, the cross wallet), ``positions`` (open positions on the same
contract, dicts with ``side``, ``entry`` and ``qty``), ``mmr``, ``fee_rate`` (taker, per
side), ``funding_rate`` (per 8-hour interval, signed), ``risk_limit`` (0.02 is the 2% rule),
``buffer`` (room between the stop and liquidation, a fraction of entry), ``cost_limit``
(share of the risk budget that costs may take) and ``crash_limit`` (share of equity the
worst shipped move may cost). ``trade``: ``side``, ``entry``, ``stop``, ``qty``,
``leverage``, ``hold_hours`` and ``worst_move`` (the worst adverse close-to-close move of
the shipped windows, a fraction; `course.scenarios.crashes.worst_move` gives it).

The verdict's ``code`` adds `REASON_CODES` of the failed checks (0 is a go), so one number
says which failed; `failed_reasons` reads it back.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from course.engine.costs import funding_cost, trading_fee
from course.engine.cross import Position, cross_liquidation_price

REASONS = ("risk", "stop", "cross", "costs", "history")
FUNDING_HOURS = 8.0
ACCOUNT_KEYS = (
    "equity",
    "positions",
    "mmr",
    "fee_rate",
    "funding_rate",
    "risk_limit",
    "buffer",
    "cost_limit",
    "crash_limit",
)
TRADE_KEYS = ("side", "entry", "stop", "qty", "leverage", "hold_hours", "worst_move")

ACCOUNT_EXAMPLE = {
    "equity": 10_000.0,
    "positions": [],
    "mmr": 0.005,
    "fee_rate": 0.0005,
    "funding_rate": 0.0001,
    "risk_limit": 0.02,
    "buffer": 0.01,
    "cost_limit": 0.25,
    "crash_limit": 0.1,
}
TRADE_EXAMPLE = {
    "side": "long",
    "entry": 50_000.0,
    "stop": 48_500.0,
    "qty": 0.1,
    "leverage": 5.0,
    "hold_hours": 48,
    "worst_move": 0.375,
}  # the worked example of `pre_trade_verdict`

Check = Callable[[Mapping[str, Any], Mapping[str, Any]], bool]


def stop_distance(trade: Mapping[str, Any]) -> float:
    """
    Return the stop's distance from entry, as a fraction of entry.

    Parameters
    ----------
    trade : dict
        With ``entry`` and ``stop``, prices > 0.

    Returns
    -------
    float

    Examples
    --------
    >>> stop_distance({"entry": 50_000.0, "stop": 48_500.0})
    0.03
    """
    return abs(trade["entry"] - trade["stop"]) / trade["entry"]


def trade_notional(trade: Mapping[str, Any]) -> float:
    """
    Return the trade's notional at entry, USDT: ``qty * entry``.

    Parameters
    ----------
    trade : dict
        With ``qty`` (coins) and ``entry`` (USDT per coin).

    Returns
    -------
    float

    Examples
    --------
    >>> trade_notional({"qty": 0.1, "entry": 60_000.0})
    6000.0
    """
    return float(trade["qty"] * trade["entry"])


def risk_fails(account: Mapping[str, Any], trade: Mapping[str, Any]) -> bool:
    """
    Return whether the loss at the stop is over ``risk_limit`` of equity (the 2% rule).

    Parameters
    ----------
    account, trade : dict
        As the module describes them.

    Returns
    -------
    bool
        True when the trade fails this check.

    Examples
    --------
    >>> risk_fails(ACCOUNT_EXAMPLE, TRADE_EXAMPLE)
    False
    """
    loss = trade["qty"] * abs(trade["entry"] - trade["stop"])
    return bool(loss > account["risk_limit"] * account["equity"])


def stop_fails(account: Mapping[str, Any], trade: Mapping[str, Any]) -> bool:
    """
    Return whether the stop plus the buffer reaches the isolated liquidation distance.

    Parameters
    ----------
    account, trade : dict
        As the module describes them.

    Returns
    -------
    bool
        True when the trade fails this check.

    Examples
    --------
    >>> stop_fails(ACCOUNT_EXAMPLE, TRADE_EXAMPLE)
    False
    """
    distance = 1.0 / trade["leverage"] - account["mmr"]  # entry-MM basis
    return bool(stop_distance(trade) + account["buffer"] > distance)


def cross_distance(account: Mapping[str, Any], trade: Mapping[str, Any]) -> float:
    """
    Return how far the price may move against the trade before the cross account liquidates.

    The trade joins the account's open positions on the same contract (all marked at the
    trade's entry) and the whole ``equity`` backs them, with MM on entry value.

    Parameters
    ----------
    account, trade : dict
        As the module describes them.

    Returns
    -------
    float
        A fraction of entry; ``inf`` when no price liquidates the account.

    Examples
    --------
    >>> account = {"equity": 10_000.0, "positions": [], "mmr": 0.005}
    >>> trade = {"side": "long", "entry": 50_000.0, "qty": 1.0}
    >>> round(cross_distance(account, trade), 4)
    0.195
    """
    legs = [*account["positions"], trade]
    positions = [
        Position("X", leg["side"], leg["qty"], leg["entry"], trade["entry"], account["mmr"])
        for leg in legs
    ]
    price = cross_liquidation_price(account["equity"], positions, "X", basis="entry")
    if not math.isfinite(price) or price <= 0.0:
        return math.inf if trade["side"] == "long" or not math.isfinite(price) else 0.0
    sign = 1.0 if trade["side"] == "long" else -1.0
    return sign * (trade["entry"] - price) / trade["entry"]


def cross_fails(account: Mapping[str, Any], trade: Mapping[str, Any]) -> bool:
    """
    Return whether the stop plus the buffer reaches the cross account's liquidation.

    Parameters
    ----------
    account, trade : dict
        As the module describes them.

    Returns
    -------
    bool
        True when the trade fails this check.

    Examples
    --------
    >>> cross_fails(ACCOUNT_EXAMPLE, TRADE_EXAMPLE)
    False
    """
    return bool(stop_distance(trade) + account["buffer"] > cross_distance(account, trade))


def holding_costs(account: Mapping[str, Any], trade: Mapping[str, Any]) -> float:
    """
    Return the fees and funding of the trade over its planned holding time, USDT.

    Fees are charged per trade: once to open and once to close, on notional
    (`course.engine.costs.trading_fee`). Funding is paid (or received) every 8 hours on
    notional, at a signed rate: a long pays a positive rate, a short receives it
    (`course.engine.costs.funding_cost`, the mark held at entry).

    Parameters
    ----------
    account, trade : dict
        As the module describes them.

    Returns
    -------
    float
        Negative when the funding received is larger than the fees.

    Examples
    --------
    >>> account = {"fee_rate": 0.0005, "funding_rate": 0.0001}
    >>> holding_costs(account, {"side": "long", "entry": 50_000.0, "qty": 0.2, "hold_hours": 72})
    19.0
    """
    intervals = math.floor(trade["hold_hours"] / FUNDING_HOURS)
    fees = 2.0 * trading_fee(trade_notional(trade), account["fee_rate"])  # open and close
    funding = funding_cost(
        trade["side"], trade["qty"], trade["entry"], account["funding_rate"], intervals
    )
    return round(fees + funding, 10)


def costs_fail(account: Mapping[str, Any], trade: Mapping[str, Any]) -> bool:
    """
    Return whether the costs take more than ``cost_limit`` of the risk budget.

    Parameters
    ----------
    account, trade : dict
        As the module describes them.

    Returns
    -------
    bool
        True when the trade fails this check.

    Examples
    --------
    >>> costs_fail(ACCOUNT_EXAMPLE, TRADE_EXAMPLE)
    False
    """
    budget = account["cost_limit"] * account["risk_limit"] * account["equity"]
    return bool(holding_costs(account, trade) > budget)


def history_fails(account: Mapping[str, Any], trade: Mapping[str, Any]) -> bool:
    """
    Return whether the worst shipped move would cost more than ``crash_limit`` of equity.

    Parameters
    ----------
    account, trade : dict
        As the module describes them.

    Returns
    -------
    bool
        True when the trade fails this check.

    Examples
    --------
    >>> history_fails(ACCOUNT_EXAMPLE, TRADE_EXAMPLE)
    True
    """
    loss = trade_notional(trade) * trade["worst_move"]
    return bool(loss > account["crash_limit"] * account["equity"])


CHECKS: dict[str, Check] = {
    "risk": risk_fails,
    "stop": stop_fails,
    "cross": cross_fails,
    "costs": costs_fail,
    "history": history_fails,
}


__all__ = [
    "ACCOUNT_KEYS",
    "CHECKS",
    "FUNDING_HOURS",
    "REASONS",
    "TRADE_KEYS",
    "cross_distance",
    "cross_fails",
    "costs_fail",
    "history_fails",
    "holding_costs",
    "risk_fails",
    "stop_distance",
    "stop_fails",
    "trade_notional",
]
