"""Walking an order book: what a market order really fills at.

A market sell eats the bids from the best price down (a buy eats the asks upward). Its
average fill is the volume-weighted average price (VWAP)::

    VWAP = sum(price_i * filled_i) / sum(filled_i)
    slippage = |VWAP - best price| / best price

A stop-market order is such an order: the stop decides *when* it fires, the book decides
*at what price* it fills.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.engine.validation import SIZE, as_array, as_choice


def example_book(
    mid: float = 65_000.0,
    *,
    levels: int = 20,
    tick_fraction: float = 0.0005,
    depth_coin: float = 0.5,
    growth: float = 1.15,
) -> pd.DataFrame:
    """
    Return a synthetic book: ``levels`` bids below and asks above ``mid``, thicker further out.

    Level ``i`` (from 0) sits ``(i + 1) * tick_fraction`` away from mid and holds
    ``depth_coin * growth**i`` coins. Columns: side ("bid"/"ask"), price, size (coins).

    Examples
    --------
    >>> book = example_book(levels=3)
    >>> book[book.side == "bid"].price.round(2).tolist()
    [64967.5, 64935.0, 64902.5]
    """
    as_array("mid", mid, SIZE)
    steps = np.arange(1, levels + 1)
    sizes = depth_coin * growth ** (steps - 1)
    bids = pd.DataFrame({"side": "bid", "price": mid * (1 - steps * tick_fraction), "size": sizes})
    asks = pd.DataFrame({"side": "ask", "price": mid * (1 + steps * tick_fraction), "size": sizes})
    return pd.concat([bids, asks], ignore_index=True)


def walk_book(book: pd.DataFrame, qty: float, side: str) -> pd.DataFrame:
    """
    Return the fills of a market order for ``qty`` coins against ``book``.

    ``side="sell"`` takes bids from the highest price down; ``"buy"`` takes asks from the
    lowest up. Columns: price, size (coins filled at that level), cumulative, notional.

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

    Examples
    --------
    >>> slippage(pd.DataFrame({"price": [100.0, 98.0], "size": [1.0, 1.0]}), 100.0)
    0.01
    """
    reference = float(as_array("reference_price", reference_price, SIZE))
    return abs(vwap(fills) - reference) / reference
