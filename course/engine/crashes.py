"""Crash arithmetic: adverse moves, drawdowns and the leverage that survives a given low.

A crash is read from a price path: the move from entry to the worst price, the deepest fall
from a running peak (the maximum drawdown), and the highest isolated leverage whose
liquidation price lies beyond the worst price. Lesson 10 applies them to the shipped daily
closes and to the intraday lows the sources report; `course.scenarios.crashes` builds the
tables.
"""

from __future__ import annotations

from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from course.engine.validation import (
    BASES,
    PRICE,
    RATE,
    Basis,
    Result,
    Side,
    Sides,
    as_array,
    as_choice,
    broadcast,
    require,
    side_sign,
    wrap,
)


@overload
def adverse_move(side: Side, entry: float, price: float) -> float: ...
@overload
def adverse_move(side: Sides, entry: ArrayLike, price: ArrayLike) -> Result: ...
def adverse_move(side: Sides, entry: ArrayLike, price: ArrayLike) -> Result:
    """
    Return the move from ``entry`` to ``price`` against the position, as a fraction of entry.

    With ``s = +1`` for a long and ``-1`` for a short::

        adverse_move = s * (entry - price) / entry

    Positive when the price went against the position, negative when it went its way.

    Parameters
    ----------
    side : {"long", "short"} or array-like of them
    entry : float or array-like
        Entry price, USD per coin; finite and > 0.
    price : float or array-like
        The price reached (a close or a reported low); finite and > 0.

    Returns
    -------
    float, numpy.ndarray or pandas.Series

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it.

    Examples
    --------
    >>> round(adverse_move("long", 7_939.34, 4_959.31), 4)
    0.3753
    >>> adverse_move("short", 100.0, [90.0, 110.0])
    array([-0.1,  0.1])
    """
    sign = side_sign(side)
    entry_values = as_array("entry", entry, PRICE)
    price_values = as_array("price", price, PRICE)
    broadcast(side=sign, entry=entry_values, price=price_values)
    return wrap(sign * (entry_values - price_values) / entry_values, side, entry, price)


def max_drawdown(closes: ArrayLike) -> float:
    """
    Return the deepest fall from a running peak along a price path, as a negative fraction.

    ::

        drawdown_t = close_t / max(close_0 .. close_t) - 1,   max_drawdown = min_t drawdown_t

    Parameters
    ----------
    closes : array-like
        Prices in time order, oldest first; at least one, each finite and > 0.

    Returns
    -------
    float
        0.0 for a path that never falls; -0.458 is a 45.8% drawdown.

    Raises
    ------
    ValueError
        If ``closes`` is empty or holds a price that is not finite and > 0.

    Examples
    --------
    >>> max_drawdown([100.0, 120.0, 60.0, 90.0])
    -0.5
    >>> max_drawdown([1.0, 2.0, 3.0])
    0.0
    """
    values = as_array("closes", closes, PRICE).ravel()
    require(values.size > 0, "closes must hold at least one price; got an empty path")
    return float(np.min(values / np.maximum.accumulate(values) - 1.0))


@overload
def survivable_leverage(
    side: Side, entry: float, worst_price: float, mmr: float, *, basis: Basis = ...
) -> float: ...
@overload
def survivable_leverage(
    side: Sides, entry: ArrayLike, worst_price: ArrayLike, mmr: ArrayLike, *, basis: Basis = ...
) -> Result: ...
def survivable_leverage(
    side: Sides,
    entry: ArrayLike,
    worst_price: ArrayLike,
    mmr: ArrayLike,
    *,
    basis: Basis = "entry",
) -> Result:
    """
    Return the highest isolated leverage whose liquidation price lies beyond ``worst_price``.

    With ``d`` the `adverse_move` to the worst price, an isolated position survives while its
    liquidation distance (`course.engine.sizing.liquidation_distance`) exceeds ``d``::

        basis="entry":        1/L - mmr > d             =>  L = 1 / (d + mmr)
        basis="mark", long:   (1/L - mmr)/(1 - mmr) > d  =>  L = 1 / (d*(1 - mmr) + mmr)
        basis="mark", short:  (1/L - mmr)/(1 + mmr) > d  =>  L = 1 / (d*(1 + mmr) + mmr)

    Any leverage below the returned value survives; at it, the worst price just touches the
    liquidation price. A path that never went against the position gives ``1/mmr``.

    Parameters
    ----------
    side : {"long", "short"} or array-like of them
    entry : float or array-like
        Entry price, USD per coin; finite and > 0.
    worst_price : float or array-like
        The lowest price reached for a long (highest for a short); finite and > 0.
    mmr : float or array-like
        Maintenance margin rate, in [0, 1).
    basis : {"entry", "mark"}, default "entry"

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        The leverage setting, >= 1 when the worst move is under ``1 - mmr``.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it.

    Examples
    --------
    >>> round(survivable_leverage("long", 7_939.34, 4_959.31, 0.005), 2)
    2.63
    >>> round(survivable_leverage("long", 7_939.34, 3_596.0, 0.005), 2)
    1.81
    """
    sign = side_sign(side)
    move = np.maximum(np.asarray(adverse_move(side, entry, worst_price), dtype=float), 0.0)
    rate = as_array("mmr", mmr, RATE)
    chosen = str(as_choice("basis", basis, BASES))
    broadcast(side=sign, move=move, mmr=rate)
    scale = 1.0 if chosen == "entry" else 1.0 - sign * rate
    return wrap(1.0 / (move * scale + rate), side, entry, worst_price, mmr)


__all__ = ["adverse_move", "max_drawdown", "survivable_leverage"]
