"""Walking an order book: what a market order really fills at.

A market sell eats the bids from the best price down (a buy eats the asks upward). Its
average fill is the volume-weighted average price (VWAP)::

    VWAP = sum(price_i * filled_i) / sum(filled_i)
    slippage = |VWAP - best price| / best price

A stop-market order is such an order: the stop decides *when* it fires, the book decides
*at what price* it fills.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from course.engine.validation import NON_NEGATIVE, SIZE, as_array, as_choice

OrderSide = Literal["buy", "sell"]


def example_book(
    mid: float = 65_000.0,
    *,
    levels: int = 20,
    tick_fraction: float = 0.0005,
    depth_coin: float = 0.5,
    growth: float = 1.15,
    gap_ticks: float = 1.0,
) -> pd.DataFrame:
    """
    Return a synthetic book: ``levels`` bids below and asks above ``mid``, thicker further out.

    Level ``i`` (from 0) sits ``(i + gap_ticks) * tick_fraction`` away from mid and holds
    ``depth_coin * growth**i`` coins::

        bid price_i = mid * (1 - (i + gap_ticks) * tick_fraction)
        ask price_i = mid * (1 + (i + gap_ticks) * tick_fraction)

    With ``gap_ticks=0`` the best bid (and ask) sit exactly at ``mid``: a sell of at most
    ``depth_coin`` fills there, with no slippage from ``mid``.

    Parameters
    ----------
    mid : float, default 65,000
        Mid price, USDT per coin; finite and > 0.
    levels : int, default 20
        Levels on each side, >= 1.
    tick_fraction : float, default 0.0005
        Gap between levels, as a fraction of mid; ``levels * tick_fraction < 1``.
    depth_coin : float, default 0.5
        Coins at the best level, > 0.
    growth : float, default 1.15
        Factor from one level's size to the next one's, > 0.
    gap_ticks : float, default 1.0
        Distance from mid to the best levels, in ticks; finite and >= 0, with
        ``(levels - 1 + gap_ticks) * tick_fraction < 1``.

    Returns
    -------
    pandas.DataFrame
        Columns ``side`` ("bid" or "ask"), ``price`` (USDT) and ``size`` (coins); bids
        first, best price first on each side.

    Raises
    ------
    ValueError
        If ``mid`` is not finite and > 0, or ``gap_ticks`` is not finite and >= 0 (the
        other parameters are not checked).

    Examples
    --------
    >>> book = example_book(levels=3)
    >>> book[book.side == "bid"].price.round(2).tolist()
    [64967.5, 64935.0, 64902.5]
    >>> example_book(levels=3, gap_ticks=0).price.tolist()[:2]
    [65000.0, 64967.5]
    """
    as_array("mid", mid, SIZE)
    gap = float(as_array("gap_ticks", gap_ticks, NON_NEGATIVE))
    steps = np.arange(levels) + gap
    sizes = depth_coin * growth ** np.arange(levels)
    bids = pd.DataFrame({"side": "bid", "price": mid * (1 - steps * tick_fraction), "size": sizes})
    asks = pd.DataFrame({"side": "ask", "price": mid * (1 + steps * tick_fraction), "size": sizes})
    return pd.concat([bids, asks], ignore_index=True)


def walk_book(book: pd.DataFrame, qty: float, side: OrderSide) -> pd.DataFrame:
    """
    Return the fills of a market order for ``qty`` coins against ``book``.

    ``side="sell"`` takes bids from the highest price down; ``"buy"`` takes asks from the
    lowest up, each level up to its size::

        filled_i = clip(qty - sum(size_j for the levels j before i), 0, size_i)

    Parameters
    ----------
    book : pandas.DataFrame
        Columns ``side`` ("bid"/"ask"), ``price`` (USDT) and ``size`` (coins), as
        `example_book` makes it.
    qty : float
        Coins to buy or sell; finite and > 0, at most the depth on that side.
    side : {"buy", "sell"}

    Returns
    -------
    pandas.DataFrame
        One row per level touched: ``price``, ``size`` (coins filled there),
        ``cumulative`` (coins) and ``notional`` (USDT).

    Raises
    ------
    ValueError
        If ``qty`` is not a finite size > 0, or the book cannot fill it.

    Examples
    --------
    >>> fills = walk_book(example_book(levels=3, depth_coin=1, growth=1), 1.5, "sell")
    >>> fills["size"].tolist()
    [1.0, 0.5]
    """
    amount = float(as_array("qty", qty, SIZE))
    chosen = str(as_choice("side", side, ("buy", "sell")))
    levels = book[book["side"] == ("bid" if chosen == "sell" else "ask")]
    levels = levels.sort_values("price", ascending=(chosen == "buy"))
    available = levels["size"].to_numpy(dtype=float)
    if available.sum() < amount:
        raise ValueError(
            f"qty must be at most the book's depth on that side ({available.sum():g} coins); "
            f"got {amount:g}"
        )
    before = np.concatenate([[0.0], np.cumsum(available)[:-1]])
    filled = np.clip(amount - before, 0.0, available)
    taken = filled > 0
    prices = levels["price"].to_numpy(dtype=float)[taken]
    sizes = filled[taken]
    return pd.DataFrame(
        {"price": prices, "size": sizes, "cumulative": np.cumsum(sizes), "notional": prices * sizes}
    )


def vwap(fills: pd.DataFrame) -> float:
    """
    Return the volume-weighted average price of ``fills``: sum(price * size) / sum(size).

    Parameters
    ----------
    fills : pandas.DataFrame
        Columns ``price`` (USDT) and ``size`` (coins), as `walk_book` returns them.

    Returns
    -------
    float
        The average fill price, USDT per coin.

    Examples
    --------
    >>> vwap(pd.DataFrame({"price": [100.0, 98.0], "size": [1.0, 1.0]}))
    99.0
    """
    return float((fills["price"] * fills["size"]).sum() / fills["size"].sum())


def slippage(fills: pd.DataFrame, reference_price: float) -> float:
    """
    Return the adverse distance of the average fill from ``reference_price``, as a fraction.

    ::

        slippage = |VWAP - reference_price| / reference_price

    Parameters
    ----------
    fills : pandas.DataFrame
        Columns ``price`` and ``size``, as `walk_book` returns them.
    reference_price : float
        The price the order was meant to fill at (the stop, or the best price), USDT per
        coin; finite and > 0.

    Returns
    -------
    float
        A fraction of ``reference_price`` (0.01 is 1%), never negative.

    Raises
    ------
    ValueError
        If ``reference_price`` is not finite and > 0.

    Examples
    --------
    >>> slippage(pd.DataFrame({"price": [100.0, 98.0], "size": [1.0, 1.0]}), 100.0)
    0.01
    >>> fills = walk_book(example_book(levels=3, depth_coin=1, growth=1), 1.5, "sell")
    >>> round(vwap(fills), 2), round(slippage(fills, 65_000), 6)
    (64956.67, 0.000667)
    """
    reference = float(as_array("reference_price", reference_price, SIZE))
    return abs(vwap(fills) - reference) / reference
