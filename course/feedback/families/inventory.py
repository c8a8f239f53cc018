"""Kinds of question the misconception inventory asks beyond lessons 00-05: fees, funding, ADL.

Each is an engine computation (`course.engine.balance.notional`,
`course.engine.pnl.unrealized_pnl`) with the wrong models that name a misconception of the
second half of the course: fees that grow with holding time, funding taken for a fee that
is always paid, and a profitable position taken for one no one can close.
"""

from __future__ import annotations

from course.engine.balance import notional
from course.engine.pnl import unrealized_pnl
from course.engine.validation import Side
from course.feedback.models import Family, WrongModel, scaled

HOURS_PER_DAY = 24.0


def round_trip_fees(qty: float, entry: float, exit_price: float, fee_rate: float) -> float:
    """
    Return the trading fees of opening and closing a position, USDT.

    One fee per trade, on that trade's notional; the holding time plays no part::

        fees = fee_rate * (qty * entry + qty * exit_price)

    Parameters
    ----------
    qty : float
        Coins; > 0.
    entry, exit_price : float
        Prices of the opening and the closing trade, USDT; > 0.
    fee_rate : float
        The fee per trade, as a fraction of its notional (0.0005 for 0.05%); >= 0.

    Returns
    -------
    float

    Examples
    --------
    >>> round_trip_fees(1.0, 60_000.0, 60_000.0, 0.0005)
    60.0
    """
    return fee_rate * (notional(qty, entry) + notional(qty, exit_price))


def funding_received(
    side: Side, qty: float, mark: float, funding_rate: float, days: float, interval_hours: float
) -> float:
    """
    Return the funding a position receives while it is held, USDT (negative: it pays).

    A positive rate makes longs pay shorts, at every interval, on the mark value; with
    ``s = +1`` for a long and ``-1`` for a short::

        funding = -s * funding_rate * qty * mark * (24 * days / interval_hours)

    Parameters
    ----------
    side : {"long", "short"}
    qty : float
        Coins; > 0.
    mark : float
        The mark price, USDT, held constant; > 0.
    funding_rate : float
        The signed rate per interval, as a fraction.
    days : float
        How long the position is held, in days; > 0.
    interval_hours : float
        The funding interval, in hours; > 0.

    Returns
    -------
    float

    Examples
    --------
    >>> round(funding_received("short", 1.0, 60_000.0, 0.0001, 2.0, 8.0), 6)
    36.0
    """
    sign = 1.0 if side == "long" else -1.0
    return -sign * funding_rate * notional(qty, mark) * (HOURS_PER_DAY * days / interval_hours)


ROUND_TRIP_FEES = Family(
    "the trading fees of a round trip, USDT",
    round_trip_fees,
    {},
    (
        WrongModel(
            "fees_grow_with_time",
            result=lambda right, p: right * p["days"],
            name="charged every day held",
        ),
        WrongModel(
            "fees_grow_with_time",
            result=lambda right, p: right * p["days"] * HOURS_PER_DAY / 8.0,
            name="charged every eight hours held",
        ),
        WrongModel(
            "fee_one_side",
            compute=lambda qty, entry, fee_rate, **_: fee_rate * notional(qty, entry),
            name="the opening fee only",
        ),
        WrongModel(
            "fee_one_side",
            compute=lambda qty, exit_price, fee_rate, **_: fee_rate * notional(qty, exit_price),
            name="the closing fee only",
        ),
        scaled("rate_in_percent", 100.0, name="the fee in percent"),
    ),
)

FUNDING_RECEIVED = Family(
    "the funding a position receives over its holding time, USDT",
    funding_received,
    {"interval_hours": 8.0},
    (
        WrongModel(
            "funding_is_exchange_fee",
            result=lambda right, _: -abs(right),
            name="a fee always paid",
        ),
        WrongModel(
            "funding_is_exchange_fee",
            result=lambda right, p: -abs(right) * p["interval_hours"] / (HOURS_PER_DAY * p["days"]),
            name="a fee paid once",
        ),
        WrongModel(
            "funding_is_exchange_fee",
            result=lambda right, p: right * p["interval_hours"] / (HOURS_PER_DAY * p["days"]),
            name="one interval only",
        ),
        scaled("rate_in_percent", 100.0, name="the rate in percent"),
    ),
)

ADL_PROFIT = Family(
    "the profit a winning position realises when auto-deleveraging closes it, USDT",
    lambda side, entry, qty, bankruptcy, **_: unrealized_pnl(side, entry, qty, bankruptcy),
    {"side": "long", "qty": 1.0},
    (
        WrongModel(
            "winners_are_safe",
            compute=lambda side, entry, qty, mark, **_: unrealized_pnl(side, entry, qty, mark),
            name="still open at the mark",
        ),
    ),
)

__all__ = [
    "ADL_PROFIT",
    "FUNDING_RECEIVED",
    "ROUND_TRIP_FEES",
    "funding_received",
    "round_trip_fees",
]
