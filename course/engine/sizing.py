"""Position sizing: risk a fixed share of equity, then choose leverage last.

The size comes from the risk, not from the leverage::

    risk = notional * stop_distance          =>  notional = equity * risk_fraction / stop_distance

Leverage only decides how much margin the position ties up, and where it is liquidated. It
must leave the liquidation price beyond the stop, with a buffer for slippage.
"""

from __future__ import annotations

from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from course.engine.liquidation import isolated_liquidation_price
from course.engine.validation import (
    BASES,
    POSITIVE,
    RATE,
    Basis,
    Range,
    Result,
    Side,
    Sides,
    as_array,
    as_choice,
    broadcast,
    wrap,
)

STOP = Range(0.0, 1.0, False, False, "in (0, 1)")
BUFFER = Range(0.0, 1.0, True, False, "in [0, 1)")


@overload
def position_notional(equity: float, risk_fraction: float, stop_distance: float) -> float: ...
@overload
def position_notional(
    equity: ArrayLike, risk_fraction: ArrayLike, stop_distance: ArrayLike
) -> Result: ...
def position_notional(
    equity: ArrayLike, risk_fraction: ArrayLike, stop_distance: ArrayLike
) -> Result:
    """
    Return the notional that loses ``risk_fraction`` of equity if the stop fills exactly.

    ::

        notional = equity * risk_fraction / stop_distance

    Parameters
    ----------
    equity : float or array-like
        Account equity, USDT; finite and > 0.
    risk_fraction : float or array-like
        Share of equity to lose at the stop, in (0, 1): 0.02 is the "2% rule".
    stop_distance : float or array-like
        Distance from entry to the stop, as a fraction of entry, in (0, 1).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Position notional, USDT (divide by the entry price for coins).

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> position_notional(10_000, 0.02, 0.05)   # the 2% rule with a 5% stop
    4000.0
    >>> position_notional([10_000, 20_000], 0.01, 0.05)
    array([2000., 4000.])
    """
    capital = as_array("equity", equity, POSITIVE)
    risk = as_array("risk_fraction", risk_fraction, STOP)
    stop = as_array("stop_distance", stop_distance, STOP)
    broadcast(equity=capital, risk_fraction=risk, stop_distance=stop)
    return wrap(capital * risk / stop, equity, risk_fraction, stop_distance)


@overload
def liquidation_distance(
    side: Side, leverage: float, mmr: float, *, basis: Basis = ...
) -> float: ...
@overload
def liquidation_distance(
    side: Sides, leverage: ArrayLike, mmr: ArrayLike, *, basis: Basis = ...
) -> Result: ...
def liquidation_distance(
    side: Sides, leverage: ArrayLike, mmr: ArrayLike, *, basis: Basis = "mark"
) -> Result:
    """
    Return how far price moves, as a fraction of entry, before an isolated position is liquidated.

    ::

        distance = |liquidation_price - entry| / entry
        entry basis:          1/leverage - mmr
        mark basis, long:     (1/leverage - mmr) / (1 - mmr)
        mark basis, short:    (1/leverage - mmr) / (1 + mmr)

    It does not depend on the entry price or the size.

    Parameters
    ----------
    side : {"long", "short"} or array-like of them
    leverage : float or array-like
        The leverage setting; finite, >= 1 and with ``1/leverage > mmr``.
    mmr : float or array-like
        Maintenance margin rate, in [0, 1).
    basis : {"mark", "entry"}, default "mark"
        Where the maintenance margin is valued (see `liquidation_price`).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        A fraction of entry (0.045 is a 4.5% move).

    Raises
    ------
    ValueError
        As `isolated_liquidation_price` does for these parameters.

    Examples
    --------
    >>> round(liquidation_distance("long", 20, 0.005), 6)
    0.045226
    >>> round(liquidation_distance("long", 20, 0.005, basis="entry"), 6)
    0.045
    >>> liquidation_distance("long", [10, 20, 50], 0.005).round(4)
    array([0.0955, 0.0452, 0.0151])
    """
    price = isolated_liquidation_price(side, 1.0, leverage, mmr, basis=basis)
    return wrap(np.abs(np.asarray(price) - 1.0), side, leverage, mmr)


@overload
def max_leverage_for_stop(
    stop_distance: float, mmr: float, *, buffer: float = ..., side: Side = ..., basis: Basis = ...
) -> float: ...
@overload
def max_leverage_for_stop(
    stop_distance: ArrayLike,
    mmr: ArrayLike,
    *,
    buffer: ArrayLike = ...,
    side: Side = ...,
    basis: Basis = ...,
) -> Result: ...
def max_leverage_for_stop(
    stop_distance: ArrayLike,
    mmr: ArrayLike,
    *,
    buffer: ArrayLike = 0.0,
    side: Side = "long",
    basis: Basis = "mark",
) -> Result:
    """
    Return the highest leverage whose liquidation lies beyond the stop plus a buffer.

    Liquidation must come no sooner than a move of ``stop_distance + buffer``::

        entry basis:        1/L - mmr = d          =>  L = 1 / (d + mmr)
        mark basis, long:   (1/L - mmr)/(1 - mmr) = d  =>  L = 1 / (d (1 - mmr) + mmr)
        mark basis, short:  (1/L - mmr)/(1 + mmr) = d  =>  L = 1 / (d (1 + mmr) + mmr)

    with ``d = stop_distance + buffer``. A result below 1 means no leverage is safe: the
    stop is farther than a 1x position's liquidation.

    Parameters
    ----------
    stop_distance : float or array-like
        Distance from entry to the stop, as a fraction of entry, in (0, 1).
    mmr : float or array-like
        Maintenance margin rate, in [0, 1).
    buffer : float or array-like, default 0.0
        Extra distance for slippage and gaps, as a fraction of entry, in [0, 1).
    side : {"long", "short"}, default "long"
        One side for every element.
    basis : {"mark", "entry"}, default "mark"
        Where the maintenance margin is valued (see `liquidation_price`).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        The leverage, a multiple (18.26 is 18.26x); round it down to a setting.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> round(max_leverage_for_stop(0.05, 0.005), 2)          # a 5% stop
    18.26
    >>> round(max_leverage_for_stop(0.05, 0.005, buffer=0.02), 2)
    13.4
    >>> round(max_leverage_for_stop(0.05, 0.005, basis="entry"), 2)
    18.18
    """
    stop = as_array("stop_distance", stop_distance, STOP)
    rate = as_array("mmr", mmr, RATE)
    extra = as_array("buffer", buffer, BUFFER)
    chosen = str(as_choice("basis", basis, BASES))
    sign = 1.0 if str(as_choice("side", side, ("long", "short"))) == "long" else -1.0
    broadcast(stop_distance=stop, mmr=rate, buffer=extra)
    distance = stop + extra
    if chosen == "entry":
        result = 1.0 / (distance + rate)
    else:
        result = 1.0 / (distance * (1.0 - sign * rate) + rate)
    return wrap(result, stop_distance, mmr, buffer)


@overload
def losing_streak_drawdown(risk_fraction: float, losses: float) -> float: ...
@overload
def losing_streak_drawdown(risk_fraction: ArrayLike, losses: ArrayLike) -> Result: ...
def losing_streak_drawdown(risk_fraction: ArrayLike, losses: ArrayLike) -> Result:
    """
    Return the drawdown after ``losses`` stopped-out trades in a row, each risking a fraction.

    Each loss takes ``risk_fraction`` of what is left::

        drawdown = 1 - (1 - risk_fraction) ** losses

    Parameters
    ----------
    risk_fraction : float or array-like
        Share of equity lost per trade, in (0, 1).
    losses : float or array-like
        Losing trades in a row; finite and >= 0.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        The drawdown as a fraction of the starting equity, in [0, 1).

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> round(losing_streak_drawdown(0.02, 10), 4)
    0.1829
    >>> losing_streak_drawdown(0.02, [5, 10, 20]).round(4)
    array([0.0961, 0.1829, 0.3324])
    """
    risk = as_array("risk_fraction", risk_fraction, STOP)
    count = as_array("losses", losses, Range(0.0, np.inf, True, False, "a count >= 0"))
    broadcast(risk_fraction=risk, losses=count)
    return wrap(1.0 - (1.0 - risk) ** count, risk_fraction, losses)
