"""Kinds of question about the costs of holding a position: fees per trade, funding per interval.

Each `Family` states the engine computation that answers its questions and the wrong models
that apply to every one of them (`course.feedback.models`). Fees are charged per trade on
notional; funding every interval on the mark value, at a signed rate.
"""

from __future__ import annotations

from course.engine.costs import FUNDING_HOURS, break_even_price, funding_cost, trading_fee
from course.engine.margin_changes import liquidation_price_after_funding
from course.engine.validation import Basis, Side
from course.feedback.models import Family, WrongModel, flip_side, other_basis, scaled


def intervals_held(days: float, interval_hours: float = FUNDING_HOURS) -> float:
    """
    Return the number of funding times in ``days`` of holding.

    Parameters
    ----------
    days : float
        Holding time, days; >= 0.
    interval_hours : float, default 8
        Hours between funding times.

    Returns
    -------
    float

    Examples
    --------
    >>> intervals_held(14)
    42.0
    """
    return float(round(days * 24.0 / interval_hours))


def round_trip_fees(
    notional: float,
    open_fee_rate: float,
    close_fee_rate: float,
    leverage: float | None = None,
    days: float | None = None,
    funding_rate: float | None = None,
) -> float:
    """
    Return the trading fees of opening and closing ``notional`` at a flat price, USDT.

    Parameters
    ----------
    notional : float
        Value of each trade, USDT; >= 0.
    open_fee_rate, close_fee_rate : float
        Fee rates, fractions, in [0, 0.1].
    leverage, days, funding_rate : float, optional
        What the statement also gives; the fees do not depend on them (wrong models use
        them).

    Returns
    -------
    float
    """
    return trading_fee(notional, open_fee_rate) + trading_fee(notional, close_fee_rate)


def _fees_times(count):
    def wrong(right, params):
        days = params.get("days")
        return None if not days else right * count(days)

    return wrong


def _fees_plus_funding(right, params):
    if params.get("funding_rate") is None or not params.get("days"):
        return None
    intervals = intervals_held(params["days"])
    funding = funding_cost("long", params["notional"], 1.0, params["funding_rate"], intervals)
    return right + funding


ROUND_TRIP_FEES = Family(
    "the trading fees of a round trip",
    round_trip_fees,
    {},
    (
        WrongModel(
            "fee_one_side",
            compute=lambda notional, open_fee_rate, **_: trading_fee(notional, open_fee_rate),
            name="the opening fee only",
        ),
        scaled("rate_in_percent", 100.0, name="the rate in percent"),
        WrongModel(
            "margin_for_notional",
            result=lambda right, p: None if not p.get("leverage") else right / p["leverage"],
            name="the fee on the margin",
        ),
        WrongModel(
            "fees_grow_with_time", result=_fees_times(lambda d: d), name="charged every day"
        ),
        WrongModel(
            "fees_grow_with_time",
            result=_fees_times(intervals_held),
            name="charged every funding interval",
        ),
        WrongModel("funding_is_exchange_fee", result=_fees_plus_funding, name="funding as a fee"),
    ),
)


def exact_break_even(
    side: Side, entry: float, open_fee_rate: float, close_fee_rate: float
) -> float:
    """
    Return the exact break-even exit price with fees on both trades.

    Parameters
    ----------
    side : {"long", "short"}
    entry : float
        Entry price; > 0.
    open_fee_rate, close_fee_rate : float
        Fee rates, fractions, in [0, 0.1].

    Returns
    -------
    float
    """
    return break_even_price(side, entry, open_fee_rate, close_fee_rate)


def _additive(side, entry, open_fee_rate, close_fee_rate):
    sign = 1.0 if side == "long" else -1.0
    return entry * (1.0 + sign * (open_fee_rate + close_fee_rate))


BREAK_EVEN = Family(
    "the exact break-even price with fees on both sides",
    exact_break_even,
    {},
    (
        WrongModel("fee_one_side", {"close_fee_rate": 0.0}, name="no closing fee"),
        WrongModel("fee_one_side", {"open_fee_rate": 0.0}, name="no opening fee"),
        WrongModel("break_even_additive", compute=_additive, name="entry times one plus both"),
        WrongModel("wrong_side", {"side": flip_side}, name="the other side's formula"),
    ),
)


def funding_over(
    side: Side,
    notional: float,
    mark: float,
    funding_rate: float,
    days: float,
    interval_hours: float = FUNDING_HOURS,
    leverage: float | None = None,
) -> float:
    """
    Return the funding a position of ``notional`` USDT pays over ``days`` at a flat mark.

    Parameters
    ----------
    side : {"long", "short"}
    notional : float
        The position's value at the mark, USDT; > 0.
    mark : float
        Mark price; > 0.
    funding_rate : float
        Signed rate per interval, fraction.
    days : float
        Holding time, days.
    interval_hours : float, default 8
        Hours between funding times.
    leverage : float, optional
        The leverage setting; funding does not depend on it.

    Returns
    -------
    float
        USDT paid; negative when the position receives.
    """
    qty = notional / mark
    return funding_cost(side, qty, mark, funding_rate, intervals_held(days, interval_hours))


FUNDING_OVER_TIME = Family(
    "the funding paid over a holding time",
    funding_over,
    {"interval_hours": FUNDING_HOURS},
    (
        WrongModel("funding_daily", {"interval_hours": 24.0}, name="one payment a day"),
        WrongModel(
            "funding_is_exchange_fee",
            {"days": lambda p: p["interval_hours"] / 24.0},
            name="charged once, like a fee",
        ),
        WrongModel(
            "funding_is_exchange_fee",
            result=lambda right, _: abs(right) if right < 0 else None,
            name="always paid",
        ),
        WrongModel(
            "funding_sign",
            result=lambda right, _: -right if right > 0 else None,
            name="received, not paid",
        ),
        scaled("rate_in_percent", 100.0, name="the rate in percent"),
        WrongModel(
            "margin_for_notional",
            result=lambda right, p: None if not p.get("leverage") else right / p["leverage"],
            name="funding on the margin",
        ),
    ),
)


def liquidation_after_funding(
    side: Side,
    entry: float,
    leverage: float,
    mmr: float,
    funding_rate: float,
    days: float,
    qty: float = 1.0,
    basis: Basis = "entry",
    interval_hours: float = FUNDING_HOURS,
) -> float:
    """
    Return an isolated position's liquidation price after ``days`` of funding at a flat mark.

    Parameters
    ----------
    side : {"long", "short"}
    entry : float
        Entry price, also the mark throughout; > 0.
    leverage : float
        The leverage setting; >= 1.
    mmr : float
        Maintenance margin rate, in [0, 1).
    funding_rate : float
        Signed rate per interval, fraction.
    days : float
        Holding time, days.
    qty : float, default 1
        Coins; > 0.
    basis : {"entry", "mark"}, default "entry"
    interval_hours : float, default 8

    Returns
    -------
    float
    """
    paid = funding_cost(side, qty, entry, funding_rate, intervals_held(days, interval_hours))
    return liquidation_price_after_funding(side, entry, leverage, mmr, paid, qty=qty, basis=basis)


def _funding_on_margin(side, entry, leverage, mmr, funding_rate, days, qty, basis, **_):
    paid = funding_cost(side, qty, entry / leverage, funding_rate, intervals_held(days))
    return liquidation_price_after_funding(side, entry, leverage, mmr, paid, qty=qty, basis=basis)


LIQUIDATION_AFTER_FUNDING = Family(
    "the liquidation price after funding has been paid",
    liquidation_after_funding,
    {"qty": 1.0, "basis": "entry", "interval_hours": FUNDING_HOURS},
    (
        WrongModel("liquidation_price_fixed", {"funding_rate": 0.0}, name="no funding"),
        WrongModel("wrong_mm_basis", {"basis": other_basis}, name="the other MM basis"),
        WrongModel(
            "funding_sign", {"funding_rate": lambda p: -p["funding_rate"]}, name="funding received"
        ),
        WrongModel("funding_daily", {"interval_hours": 24.0}, name="one payment a day"),
        WrongModel("margin_for_notional", compute=_funding_on_margin, name="funding on margin"),
        WrongModel("bankruptcy_for_liquidation", {"mmr": 0.0}, name="MM left out"),
    ),
)

__all__ = [
    "BREAK_EVEN",
    "FUNDING_OVER_TIME",
    "LIQUIDATION_AFTER_FUNDING",
    "ROUND_TRIP_FEES",
    "exact_break_even",
    "funding_over",
    "intervals_held",
    "liquidation_after_funding",
    "round_trip_fees",
]
