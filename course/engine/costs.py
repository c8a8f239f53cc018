"""The costs of holding a position: trading fees per trade, funding per interval.

Two kinds of cost, with different clocks:

* a **trading fee** is charged once per trade, on the trade's notional, at the maker or
  taker rate (Binance's fee FAQ: ``commission = notional * fee_rate``); holding the position
  longer does not change it;
* **funding** on a perpetual is paid or received every funding interval (8 hours on
  Binance, per its funding FAQ; some contracts settle more often) for as long as the position stays open, on the position's
  value at the mark price, at a signed rate: when the rate is positive longs pay shorts,
  when it is negative shorts pay longs.

On an isolated position, funding settles into the position's margin, and so moves its
liquidation price: `course.engine.margin_changes` computes that. Fees and funding here are
in USDT for linear (USDT-margined) contracts.
"""

from __future__ import annotations

from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from course.engine.validation import (
    NON_NEGATIVE,
    PRICE,
    SIZE,
    Range,
    Result,
    Side,
    Sides,
    as_array,
    broadcast,
    side_sign,
    wrap,
)

FEE_RATE = Range(0.0, 0.1, True, True, "in [0, 0.1]")
FUNDING_RATE = Range(-0.1, 0.1, True, True, "in [-0.1, 0.1]")
FUNDING_HOURS = 8.0  # Binance's funding interval (its funding FAQ), in hours


@overload
def trading_fee(notional: float, fee_rate: float) -> float: ...
@overload
def trading_fee(notional: ArrayLike, fee_rate: ArrayLike) -> Result: ...
def trading_fee(notional: ArrayLike, fee_rate: ArrayLike) -> Result:
    """
    Return the fee charged on one trade: notional times the maker or taker rate.

    ::

        fee = notional * fee_rate

    Charged once, when the order fills, whatever the holding time (Binance's fee FAQ). A
    round trip pays it twice: on the opening and on the closing notional.

    Parameters
    ----------
    notional : float or array-like
        Value of the trade, USDT (qty * fill price); finite and >= 0.
    fee_rate : float or array-like
        Maker or taker rate as a fraction (0.0005 is 0.05%), in [0, 0.1].

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        The fee, USDT.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    See Also
    --------
    break_even_price : The exit price that pays both fees back.

    Examples
    --------
    >>> trading_fee(20_000, 0.0005)          # one taker fill of 20,000 USDT
    10.0
    >>> trading_fee(10_000, [0.0002, 0.0005])  # maker vs taker
    array([2., 5.])
    """
    value = as_array("notional", notional, NON_NEGATIVE)
    rate = as_array("fee_rate", fee_rate, FEE_RATE)
    broadcast(notional=value, fee_rate=rate)
    return wrap(value * rate, notional, fee_rate)


@overload
def break_even_price(
    side: Side, entry: float, open_fee_rate: float, close_fee_rate: float
) -> float: ...
@overload
def break_even_price(
    side: Sides, entry: ArrayLike, open_fee_rate: ArrayLike, close_fee_rate: ArrayLike
) -> Result: ...
def break_even_price(
    side: Sides, entry: ArrayLike, open_fee_rate: ArrayLike, close_fee_rate: ArrayLike
) -> Result:
    """
    Return the exit price at which the price move exactly pays both trading fees.

    The opening fee is ``qty * entry * f_o`` and the closing fee ``qty * exit * f_c``, on
    the exit's notional; PnL equals their sum at::

        long:   exit = entry * (1 + f_o) / (1 - f_c)
        short:  exit = entry * (1 - f_o) / (1 + f_c)

    The size cancels. The approximation ``entry * (1 + f_o + f_c)`` is close for small rates
    but not exact.

    Parameters
    ----------
    side : {"long", "short"} or array-like of them
    entry : float or array-like
        Average entry price, USDT per coin; finite and > 0.
    open_fee_rate, close_fee_rate : float or array-like
        Fee rates of the opening and closing trades, in [0, 0.1].

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        The break-even exit price, USDT per coin: above entry for a long, below for a short.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> round(break_even_price("long", 60_000, 0.0005, 0.0005), 2)
    60060.03
    >>> break_even_price(["long", "short"], 100, 0.0, 0.0)
    array([100., 100.])
    """
    sign = side_sign(side)
    start = as_array("entry", entry, PRICE)
    opening = as_array("open_fee_rate", open_fee_rate, FEE_RATE)
    closing = as_array("close_fee_rate", close_fee_rate, FEE_RATE)
    broadcast(side=sign, entry=start, open_fee_rate=opening, close_fee_rate=closing)
    price = start * (1.0 + sign * opening) / (1.0 - sign * closing)
    return wrap(price, side, entry, open_fee_rate, close_fee_rate)


@overload
def funding_payment(side: Side, qty: float, mark: float, funding_rate: float) -> float: ...
@overload
def funding_payment(
    side: Sides, qty: ArrayLike, mark: ArrayLike, funding_rate: ArrayLike
) -> Result: ...
def funding_payment(
    side: Sides, qty: ArrayLike, mark: ArrayLike, funding_rate: ArrayLike
) -> Result:
    """
    Return what the position pays at one funding time (negative: what it receives).

    Funding is charged on the position's value at the mark price, at a signed rate; a
    positive rate makes longs pay shorts (Binance's funding FAQ). With ``s = +1`` for a long
    and ``-1`` for a short::

        payment = s * qty * mark * funding_rate

    It is a transfer between traders, not an exchange fee: whatever one side pays, the other
    receives.

    Parameters
    ----------
    side : {"long", "short"} or array-like of them
    qty : float or array-like
        Position size, coins; finite and > 0.
    mark : float or array-like
        Mark price at the funding time, USDT per coin; finite and > 0.
    funding_rate : float or array-like
        Rate of this interval as a fraction (0.0001 is 0.01%), signed, in [-0.1, 0.1].

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        USDT paid by the position; negative when it receives.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    See Also
    --------
    funding_cost : The same over many intervals.

    Examples
    --------
    >>> funding_payment("long", 1, 60_000, 0.0001)
    6.0
    >>> funding_payment("short", 1, 60_000, 0.0001)   # the short receives it
    -6.0
    >>> funding_payment("long", 1, 60_000, [-0.0001, 0.0003])
    array([-6., 18.])
    """
    sign = side_sign(side)
    size = as_array("qty", qty, SIZE)
    price = as_array("mark", mark, PRICE)
    rate = as_array("funding_rate", funding_rate, FUNDING_RATE)
    broadcast(side=sign, qty=size, mark=price, funding_rate=rate)
    return wrap(sign * size * price * rate, side, qty, mark, funding_rate)


def _as_intervals(intervals: ArrayLike) -> np.ndarray:
    """Check a count of funding intervals: whole numbers >= 0, elementwise."""
    count = as_array("intervals", intervals, NON_NEGATIVE)
    whole = count == np.floor(count)
    if not bool(np.all(whole)):
        bad = np.flatnonzero(~np.asarray(whole).ravel())[0]
        where = "" if count.ndim == 0 else f" at position {bad}"
        raise ValueError(
            f"intervals must be a whole number >= 0; got {float(count.ravel()[bad])!r}{where}"
        )
    return count


@overload
def funding_cost(
    side: Side, qty: float, mark: float, funding_rate: float, intervals: float
) -> float: ...
@overload
def funding_cost(
    side: Sides, qty: ArrayLike, mark: ArrayLike, funding_rate: ArrayLike, intervals: ArrayLike
) -> Result: ...
def funding_cost(
    side: Sides, qty: ArrayLike, mark: ArrayLike, funding_rate: ArrayLike, intervals: ArrayLike
) -> Result:
    """
    Return the funding a position pays over ``intervals`` funding times at a constant rate.

    ::

        cost = intervals * s * qty * mark * funding_rate

    Unlike trading fees, this grows with holding time: 14 days of 8-hour intervals are 42
    payments. Each payment is on the position's value at that time's mark, which this
    function holds constant.

    Parameters
    ----------
    side, qty, mark, funding_rate
        As in `funding_payment`.
    intervals : int or array-like
        Number of funding times while the position is open; whole numbers >= 0.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        USDT paid over the holding time; negative when the position receives.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> round(funding_cost("long", 50_000 / 60_000, 60_000, 0.0001, 42), 2)   # 14 days
    210.0
    >>> funding_cost("long", 1, 60_000, 0.0003, [0, 3, 90])
    array([   0.,   54., 1620.])
    """
    count = _as_intervals(intervals)
    one = funding_payment(side, qty, mark, funding_rate)
    broadcast(payment=np.asarray(one), intervals=count)
    return wrap(np.asarray(one) * count, side, qty, mark, funding_rate, intervals)


__all__ = [
    "FUNDING_HOURS",
    "break_even_price",
    "funding_cost",
    "funding_payment",
    "trading_fee",
]
