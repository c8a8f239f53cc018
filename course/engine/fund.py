"""The insurance fund's side of a liquidation: the fee, the fund's gain or loss, the shortfall.

A liquidated isolated position is settled at its bankruptcy price: the trader loses the whole
margin and no more. The liquidation engine then closes the position at a fill price. What
the fill makes beyond the bankruptcy price is a surplus (the liquidation fee comes out of it,
and the fund keeps the rest); what it loses is a deficit the fund pays, and what the fund
cannot pay is the shortfall that auto-deleveraging (`course.engine.adl`) socialises.
"""

from __future__ import annotations

from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from course.engine.bankruptcy import bankruptcy_price
from course.engine.validation import (
    NON_NEGATIVE,
    PRICE,
    RATE,
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

# A fund's balance may be unlimited (the default of `fund_change`): >= 0, inf allowed.
BALANCE = Range(0.0, np.inf, True, True, "a number >= 0 (inf for no limit)")


def _surplus(side, entry, qty, collateral, fill):
    """Return s*qty*(fill - bankruptcy), checked, with the sign array."""
    sign = side_sign(side)
    start = as_array("entry", entry, PRICE)
    size = as_array("qty", qty, SIZE)
    margin = as_array("collateral", collateral, NON_NEGATIVE)
    price = as_array("fill", fill, PRICE)
    broadcast(side=sign, entry=start, qty=size, collateral=margin, fill=price)
    bankrupt = np.asarray(bankruptcy_price(side, start, size, margin), dtype=float)
    return sign * size * (price - bankrupt), size * price


@overload
def liquidation_fee(
    side: Side, entry: float, qty: float, collateral: float, fill: float, fee_rate: float
) -> float: ...
@overload
def liquidation_fee(
    side: Sides,
    entry: ArrayLike,
    qty: ArrayLike,
    collateral: ArrayLike,
    fill: ArrayLike,
    fee_rate: ArrayLike,
) -> Result: ...
def liquidation_fee(
    side: Sides,
    entry: ArrayLike,
    qty: ArrayLike,
    collateral: ArrayLike,
    fill: ArrayLike,
    fee_rate: ArrayLike,
) -> Result:
    """
    Return the liquidation fee collected on a liquidated linear position, USDT.

    The fee is a rate on the notional at the fill (Binance's clearance fee, 0.3% on
    BTCUSDT in 2019), paid out of the surplus above the bankruptcy price, so the trader
    never loses more than the margin. With ``s = +1`` for a long and ``-1`` for a short::

        surplus = s * qty * (fill - bankruptcy)
        fee     = min(fee_rate * qty * fill, max(surplus, 0))

    Parameters
    ----------
    side : {"long", "short"} or array-like of them
    entry : float or array-like
        Entry price, USDT per coin; finite and > 0.
    qty : float or array-like
        Coins; finite and > 0.
    collateral : float or array-like
        The isolated margin, USDT; finite and >= 0.
    fill : float or array-like
        The price the liquidation order filled at, USDT per coin; finite and > 0.
    fee_rate : float or array-like
        The liquidation fee rate, in [0, 1).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        USDT; 0.0 when the fill is at or beyond the bankruptcy price.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> liquidation_fee("long", 50_000, 2, 10_000, fill=45_150, fee_rate=0.003)
    270.9
    >>> liquidation_fee("long", 50_000, 2, 10_000, fill=[45_010, 44_700], fee_rate=0.003)
    array([20.,  0.])
    """
    rate = as_array("fee_rate", fee_rate, RATE)
    surplus, value = _surplus(side, entry, qty, collateral, fill)
    broadcast(fill=value, fee_rate=rate)
    fee = np.minimum(rate * value, np.maximum(surplus, 0.0))
    return wrap(fee, side, entry, qty, collateral, fill, fee_rate)


@overload
def fund_change(
    side: Side,
    entry: float,
    qty: float,
    collateral: float,
    fill: float,
    *,
    fee_rate: float = ...,
    fund: float = ...,
) -> float: ...
@overload
def fund_change(
    side: Sides,
    entry: ArrayLike,
    qty: ArrayLike,
    collateral: ArrayLike,
    fill: ArrayLike,
    *,
    fee_rate: ArrayLike = ...,
    fund: ArrayLike = ...,
) -> Result: ...
def fund_change(
    side: Sides,
    entry: ArrayLike,
    qty: ArrayLike,
    collateral: ArrayLike,
    fill: ArrayLike,
    *,
    fee_rate: ArrayLike = 0.0,
    fund: ArrayLike = np.inf,
) -> Result:
    """
    Return the insurance fund's gain (> 0) or loss (< 0) on one liquidation, USDT.

    The fund takes the position over at the bankruptcy price and closes it at ``fill``, as
    BitMEX's and Binance's pages describe; it keeps the surplus after the liquidation fee
    (`liquidation_fee`) and pays a deficit, but never more than its balance ``fund``::

        change = max(s * qty * (fill - bankruptcy) - fee, -fund)

    Parameters
    ----------
    side : {"long", "short"} or array-like of them
    entry : float or array-like
        Entry price, USDT per coin; finite and > 0.
    qty : float or array-like
        Coins; finite and > 0.
    collateral : float or array-like
        The isolated margin, USDT; finite and >= 0.
    fill : float or array-like
        The liquidation order's fill price, USDT per coin; finite and > 0.
    fee_rate : float or array-like, default 0.0
        The liquidation fee rate, in [0, 1).
    fund : float or array-like, default inf
        The fund's balance before the liquidation, USDT; >= 0 (``inf`` for no limit).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        USDT; a float for all-scalar input.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    See Also
    --------
    shortfall : the part of a deficit the fund cannot pay.

    Examples
    --------
    >>> fund_change("long", 50_000, 2, 10_000, fill=45_150)  # bankrupt at 45,000
    300.0
    >>> fund_change("long", 50_000, 2, 10_000, fill=44_700)
    -600.0
    >>> fund_change("long", 50_000, 2, 10_000, fill=44_700, fund=250)
    -250.0
    """
    balance = as_array("fund", fund, BALANCE)
    fee = np.asarray(liquidation_fee(side, entry, qty, collateral, fill, fee_rate), dtype=float)
    surplus, _ = _surplus(side, entry, qty, collateral, fill)
    broadcast(fill=surplus, fund=balance)
    change = np.maximum(surplus - fee, -balance)
    return wrap(change, side, entry, qty, collateral, fill, fee_rate, fund)


@overload
def shortfall(loss: float, fund: float) -> float: ...
@overload
def shortfall(loss: ArrayLike, fund: ArrayLike) -> Result: ...
def shortfall(loss: ArrayLike, fund: ArrayLike) -> Result:
    """
    Return the part of a bankrupt position's loss the insurance fund cannot cover, USDT.

    The fund pays first; what is left is socialised, by auto-deleveraging on Binance,
    BitMEX, Bybit, dYdX and Hyperliquid::

        shortfall = max(loss - fund, 0)

    Parameters
    ----------
    loss : float or array-like
        The deficit beyond the bankruptcy price, USDT; finite and >= 0.
    fund : float or array-like
        The fund's balance, USDT; finite and >= 0.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        USDT; 0.0 when the fund covers the loss.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> shortfall(5_000_000, 3_200_000)
    1800000.0
    >>> shortfall([100, 500], fund=300)
    array([  0., 200.])
    """
    deficit = as_array("loss", loss, NON_NEGATIVE)
    balance = as_array("fund", fund, NON_NEGATIVE)
    broadcast(loss=deficit, fund=balance)
    return wrap(np.maximum(deficit - balance, 0.0), loss, fund)


__all__ = ["fund_change", "liquidation_fee", "shortfall"]
