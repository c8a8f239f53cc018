"""Position sizing: risk a fixed share of equity, then choose leverage last.

The size comes from the risk, not from the leverage::

    risk = notional * stop_distance          =>  notional = equity * risk_fraction / stop_distance

Leverage only decides how much margin the position ties up, and where it is liquidated. It
must leave the liquidation price beyond the stop, with a buffer for slippage.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from course.engine.liquidation import isolated_liquidation_price
from course.engine.validation import (
    BASES,
    POSITIVE,
    RATE,
    Basis,
    Range,
    as_array,
    as_choice,
    broadcast,
    wrap,
)

STOP = Range(0.0, 1.0, False, False, "in (0, 1)")
BUFFER = Range(0.0, 1.0, True, False, "in [0, 1)")


def position_notional(
    equity: ArrayLike, risk_fraction: ArrayLike, stop_distance: ArrayLike
) -> ArrayLike:
    """
    Return the notional that loses ``risk_fraction`` of equity if the stop fills exactly.

    ::

        notional = equity * risk_fraction / stop_distance

    Examples
    --------
    >>> position_notional(10_000, 0.02, 0.05)   # the 2% rule with a 5% stop
    4000.0
    """
    capital = as_array("equity", equity, POSITIVE)
    risk = as_array("risk_fraction", risk_fraction, STOP)
    stop = as_array("stop_distance", stop_distance, STOP)
    broadcast(equity=capital, risk_fraction=risk, stop_distance=stop)
    return wrap(capital * risk / stop, equity, risk_fraction, stop_distance)


def liquidation_distance(
    side: str, leverage: ArrayLike, mmr: ArrayLike, *, basis: Basis = "mark"
) -> ArrayLike:
    """
    Return how far price moves, as a fraction of entry, before an isolated position is liquidated.

    ::

        distance = |liquidation_price - entry| / entry
        entry basis:  1/leverage - mmr;     mark basis, long: (1/leverage - mmr) / (1 - mmr)

    It does not depend on the entry price or the size.

    Examples
    --------
    >>> round(liquidation_distance("long", 20, 0.005), 6)
    0.045226
    >>> round(liquidation_distance("long", 20, 0.005, basis="entry"), 6)
    0.045
    """
    price = isolated_liquidation_price(side, 1.0, leverage, mmr, basis=basis)
    return wrap(np.abs(np.asarray(price) - 1.0), side, leverage, mmr)


def max_leverage_for_stop(
    stop_distance: ArrayLike,
    mmr: ArrayLike,
    *,
    buffer: ArrayLike = 0.0,
    side: str = "long",
    basis: Basis = "mark",
) -> ArrayLike:
    """
    Return the highest leverage whose liquidation lies beyond the stop plus a buffer.

    Liquidation must come no sooner than a move of ``stop_distance + buffer``::

        entry basis:        1/L - mmr = d          =>  L = 1 / (d + mmr)
        mark basis, long:   (1/L - mmr)/(1 - mmr) = d  =>  L = 1 / (d (1 - mmr) + mmr)
        mark basis, short:  (1/L - mmr)/(1 + mmr) = d  =>  L = 1 / (d (1 + mmr) + mmr)

    with ``d = stop_distance + buffer``. A result below 1 means no leverage is safe: the
    stop is farther than a 1x position's liquidation.

    Examples
    --------
    >>> round(max_leverage_for_stop(0.05, 0.005), 2)          # a 5% stop
    18.26
    >>> round(max_leverage_for_stop(0.05, 0.005, buffer=0.02), 2)
    13.4
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


def losing_streak_drawdown(risk_fraction: ArrayLike, losses: ArrayLike) -> ArrayLike:
    """
    Return the drawdown after ``losses`` stopped-out trades in a row, each risking a fraction.

    Each loss takes ``risk_fraction`` of what is left::

        drawdown = 1 - (1 - risk_fraction) ** losses

    Examples
    --------
    >>> round(losing_streak_drawdown(0.02, 10), 4)
    0.1829
    """
    risk = as_array("risk_fraction", risk_fraction, STOP)
    count = as_array("losses", losses, Range(0.0, np.inf, True, False, "a count >= 0"))
    broadcast(risk_fraction=risk, losses=count)
    return wrap(1.0 - (1.0 - risk) ** count, risk_fraction, losses)
