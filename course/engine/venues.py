"""Two prices and one order book: a venue's last trade, the mark across venues, a stop's fill.

A market sell that walks one venue's book moves that venue's **last price** (its latest
trade) all the way down; the **mark price** is built from several venues, so one venue's
book cannot drag it far. A stop that watches the last price fires on that venue's crash,
one that watches the mark does not::

    mark = median(the venues' prices)
    a sell stop fires        if watched low <= stop
    stop-market fills at     the first trade after the trigger
    stop-limit fills at      its limit, if the first trade after the trigger is >= the limit
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from course.engine.validation import (
    PRICE,
    SIZE,
    Result,
    as_array,
    as_choice,
    as_count,
    broadcast,
    require,
    wrap,
)

ORDER_TYPES = ("market", "limit")


def book_for_sweep(best: float, worst: float, notional: float, levels: int = 20) -> pd.DataFrame:
    """
    Return a bid book that a market sell of ``notional`` walks exactly from ``best`` to ``worst``.

    ``levels`` bids evenly spaced from ``best`` down to ``worst``, each holding the same
    number of coins, so that selling them all raises ``notional``::

        price_i = best - i * (best - worst) / (levels - 1)
        size    = notional / sum(price_i)          (coins per level)

    Walk it with `course.engine.orderbook.walk_book` for ``levels * size`` coins.

    Parameters
    ----------
    best : float
        The best bid, USD per coin; finite and > 0.
    worst : float
        The last bid the sell reaches; finite, > 0 and below ``best``.
    notional : float
        What the whole sweep raises, USD; finite and > 0.
    levels : int, default 20
        Number of bids, >= 2.

    Returns
    -------
    pandas.DataFrame
        Columns ``side`` ("bid"), ``price`` and ``size`` (coins), best bid first, in the
        form of `course.engine.orderbook.example_book`.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it.

    Examples
    --------
    >>> book = book_for_sweep(317.81, 224.48, 12_500_000, levels=3)
    >>> book.price.round(3).tolist(), round(float((book.price * book["size"]).sum()))
    ([317.81, 271.145, 224.48], 12500000)
    """
    high = float(as_array("best", best, PRICE))
    low = float(as_array("worst", worst, PRICE))
    require(low < high, f"worst must be below best; got {low:g} >= {high:g}")
    raised = float(as_array("notional", notional, SIZE))
    count = as_count("levels", levels, 2)
    prices = np.linspace(high, low, count)
    return pd.DataFrame({"side": "bid", "price": prices, "size": raised / prices.sum()})


def mark_price(venue_prices: ArrayLike) -> float:
    """
    Return the mark price as the median of the venues' prices.

    A median ignores one venue's outlier as long as most venues agree; exchanges' mark
    prices use an index of several spot venues (with weights and caps this leaves out).

    Parameters
    ----------
    venue_prices : array-like
        One price per venue; each finite and > 0, at least one.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If a price is out of range or none is given.

    Examples
    --------
    >>> mark_price([224.48, 318.90, 319.55])
    318.9
    """
    prices = np.atleast_1d(as_array("venue_prices", venue_prices, PRICE))
    require(prices.size >= 1, "venue_prices must hold at least one price; got none")
    return float(np.median(prices))


def stop_fill(
    stop: ArrayLike,
    watched_low: ArrayLike,
    first_trade: ArrayLike,
    *,
    order_type: str = "market",
    limit: ArrayLike | None = None,
) -> Result:
    """
    Return the fill price of a sell stop, or NaN when it never fires or never fills.

    The stop fires when the price it watches (last or mark) falls to it. A stop-market
    order then fills at the first trade after the trigger; a stop-limit order fills at its
    limit only if that trade is at or above the limit (else it rests, unfilled)::

        fires            watched_low <= stop
        market fill      first_trade                    (if it fires)
        limit fill       limit  if first_trade >= limit (if it fires), else NaN

    Parameters
    ----------
    stop : float or array-like
        The trigger price; finite and > 0.
    watched_low : float or array-like
        The lowest value of the price the stop watches; finite and > 0.
    first_trade : float or array-like
        The first trade on the venue after the trigger; finite and > 0.
    order_type : {"market", "limit"}, default "market"
    limit : float or array-like, optional
        The limit of a stop-limit order; finite and > 0. Required for ``"limit"``.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        The fill price, NaN where the stop does not fire or the limit does not fill.

    Raises
    ------
    ValueError
        If a parameter is out of range, or a limit order has no ``limit``.

    Examples
    --------
    >>> stop_fill(300, 224.48, 224.48)
    224.48
    >>> stop_fill(300, 318.9, 224.48)
    nan
    >>> stop_fill(300, 224.48, 224.48, order_type="limit", limit=295)
    nan
    """
    trigger = as_array("stop", stop, PRICE)
    low = as_array("watched_low", watched_low, PRICE)
    trade = as_array("first_trade", first_trade, PRICE)
    kind = str(as_choice("order_type", order_type, ORDER_TYPES))
    fires = low <= trigger
    if kind == "market":
        broadcast(stop=trigger, watched_low=low, first_trade=trade)
        return wrap(np.where(fires, trade, np.nan), stop, watched_low, first_trade)
    if limit is None:
        raise ValueError("limit must be a finite price > 0 for a limit order; got None")
    bound = as_array("limit", limit, PRICE)
    broadcast(stop=trigger, watched_low=low, first_trade=trade, limit=bound)
    fill = np.where(fires & (trade >= bound), bound, np.nan)
    return wrap(fill, stop, watched_low, first_trade, limit)


__all__ = ["ORDER_TYPES", "book_for_sweep", "mark_price", "stop_fill"]
