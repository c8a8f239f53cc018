"""A pre-trade check: five reasons not to place a trade, each a pure test of two dicts.

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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from course.engine.costs import funding_cost, trading_fee
from course.engine.cross import Position, cross_liquidation_price
from course.engine.validation import require

REASONS = ("risk", "stop", "cross", "costs", "history")
REASON_CODES = {reason: 2**index for index, reason in enumerate(REASONS)}
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


def _require_keys(name: str, given: Mapping[str, Any], keys: Iterable[str]) -> None:
    require(isinstance(given, Mapping), lambda: f"{name} must be a dict; got {given!r}")
    missing = [key for key in keys if key not in given]
    require(not missing, lambda: f"{name} must have the keys {', '.join(missing)}; got {given!r}")


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


def reason_code(reasons: Iterable[str]) -> int:
    """
    Return the number that stands for a set of failed reasons: the sum of their codes.

    Parameters
    ----------
    reasons : iterable of str
        Names from `REASONS`; each counts once.

    Returns
    -------
    int
        0 when nothing failed (a go).

    Raises
    ------
    ValueError
        If a name is not one of `REASONS`.

    Examples
    --------
    >>> reason_code([]), reason_code(["risk", "costs"])
    (0, 9)
    """
    names = set(reasons)
    unknown = sorted(names - set(REASONS))
    require(not unknown, lambda: f"reasons must be among {', '.join(REASONS)}; got {unknown}")
    return sum(REASON_CODES[name] for name in names)


def failed_reasons(code: int) -> tuple[str, ...]:
    """
    Return the reasons a code stands for, in the order of `REASONS`.

    Parameters
    ----------
    code : int
        A sum of `REASON_CODES`, in [0, 31].

    Returns
    -------
    tuple of str

    Raises
    ------
    ValueError
        If ``code`` is not a whole number in [0, 31].

    Examples
    --------
    >>> failed_reasons(9)
    ('risk', 'costs')
    """
    require(
        float(code) == int(code) and 0 <= int(code) < 2 ** len(REASONS),
        lambda: f"code must be a whole number in [0, {2 ** len(REASONS) - 1}]; got {code!r}",
    )
    return tuple(name for name in REASONS if int(code) & REASON_CODES[name])


@dataclass(frozen=True)
class Verdict:
    """
    A go/no-go and the reasons that failed.

    ``go`` is True when nothing failed; ``code`` is `reason_code` of the failed reasons.

    Parameters
    ----------
    failed : tuple of str
        The failed reasons, in the order of `REASONS`.
    figures : dict
        The numbers each check compared, for the learner to read.

    Examples
    --------
    >>> verdict = Verdict(("risk",))
    >>> verdict.go, verdict.code
    (False, 1)
    """

    failed: tuple[str, ...]
    figures: dict[str, float] = field(default_factory=dict)

    @property
    def go(self) -> bool:
        """Return whether no check failed."""
        return not self.failed

    @property
    def code(self) -> int:
        """Return `reason_code` of the failed reasons."""
        return reason_code(self.failed)


def pre_trade_verdict(
    account: Mapping[str, Any],
    trade: Mapping[str, Any],
    checks: Mapping[str, Check] | None = None,
) -> Verdict:
    """
    Return the verdict of the five checks on a trade: go, or the reasons that failed.

    Parameters
    ----------
    account : dict
        ``equity``, ``positions``, ``mmr``, ``fee_rate``, ``funding_rate``, ``risk_limit``,
        ``buffer``, ``cost_limit``, ``crash_limit`` (see the module).
    trade : dict
        ``side``, ``entry``, ``stop``, ``qty``, ``leverage``, ``hold_hours``, ``worst_move``.
    checks : mapping, optional
        Reason -> check, replacing those of `CHECKS` (the wrong models swap one).

    Returns
    -------
    Verdict

    Raises
    ------
    ValueError
        If a key is missing, or a number is out of range; the message names it.

    Examples
    --------
    >>> account = {"equity": 10_000.0, "positions": [], "mmr": 0.005, "fee_rate": 0.0005,
    ...            "funding_rate": 0.0001, "risk_limit": 0.02, "buffer": 0.01,
    ...            "cost_limit": 0.25, "crash_limit": 0.1}
    >>> trade = {"side": "long", "entry": 50_000.0, "stop": 48_500.0, "qty": 0.1,
    ...          "leverage": 5.0, "hold_hours": 48, "worst_move": 0.375}
    >>> verdict = pre_trade_verdict(account, trade)
    >>> verdict.go, verdict.failed, verdict.code
    (False, ('history',), 16)
    """
    _require_keys("account", account, ACCOUNT_KEYS)
    _require_keys("trade", trade, TRADE_KEYS)
    _validate(account, trade)
    chosen = {**CHECKS, **(checks or {})}
    failed = tuple(name for name in REASONS if chosen[name](account, trade))
    figures = {
        "loss_at_stop": trade["qty"] * abs(trade["entry"] - trade["stop"]),
        "risk_budget": account["risk_limit"] * account["equity"],
        "stop_distance": stop_distance(trade),
        "isolated_distance": 1.0 / trade["leverage"] - account["mmr"],
        "cross_distance": cross_distance(account, trade),
        "costs": holding_costs(account, trade),
        "crash_loss": trade_notional(trade) * trade["worst_move"],
    }
    return Verdict(failed, figures)


def _validate(account: Mapping[str, Any], trade: Mapping[str, Any]) -> None:
    """Check each number's range; the message names the key."""
    ranges = {
        ("account", "equity"): (account["equity"], 0.0, math.inf),
        ("account", "mmr"): (account["mmr"], 0.0, 1.0),
        ("account", "fee_rate"): (account["fee_rate"], 0.0, 1.0),
        ("account", "funding_rate"): (account["funding_rate"], -1.0, 1.0),
        ("account", "risk_limit"): (account["risk_limit"], 0.0, 1.0),
        ("account", "buffer"): (account["buffer"], 0.0, 1.0),
        ("account", "cost_limit"): (account["cost_limit"], 0.0, math.inf),
        ("account", "crash_limit"): (account["crash_limit"], 0.0, math.inf),
        ("trade", "entry"): (trade["entry"], 0.0, math.inf),
        ("trade", "stop"): (trade["stop"], 0.0, math.inf),
        ("trade", "qty"): (trade["qty"], 0.0, math.inf),
        ("trade", "leverage"): (trade["leverage"], 1.0, math.inf),
        ("trade", "hold_hours"): (trade["hold_hours"], 0.0, math.inf),
        ("trade", "worst_move"): (trade["worst_move"], 0.0, 1.0),
    }
    for (owner, key), (value, low, high) in ranges.items():
        fine = isinstance(value, (int, float)) and not isinstance(value, bool)
        fine = fine and math.isfinite(value) and low <= value < high
        fine = fine and (value > 0 or key in _MAY_BE_ZERO)
        if not fine:
            raise ValueError(f"{owner}['{key}'] must be in [{low}, {high}); got {value!r}")
    require(
        trade["side"] in ("long", "short"),
        lambda: f"trade['side'] must be 'long' or 'short'; got {trade['side']!r}",
    )


_MAY_BE_ZERO = {"mmr", "fee_rate", "funding_rate", "buffer", "cost_limit", "hold_hours"}

__all__ = [
    "CHECKS",
    "REASONS",
    "REASON_CODES",
    "Verdict",
    "cross_distance",
    "failed_reasons",
    "holding_costs",
    "pre_trade_verdict",
    "reason_code",
    "stop_distance",
]
