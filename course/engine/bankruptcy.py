"""The bankruptcy price of one position: where its equity falls to zero.

Exchanges liquidate earlier, at `course.engine.liquidation.liquidation_price`, and close a
liquidated position at this price; `course.engine.liquidation` re-exports it.
"""

from __future__ import annotations

from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from course.engine.validation import (
    CONTRACTS,
    NON_NEGATIVE,
    PRICE,
    SIZE,
    Contract,
    Price,
    Side,
    Sides,
    as_array,
    as_choice,
    broadcast,
    side_sign,
    wrap,
)


def _bankruptcy(sign, entry, qty, collateral, contract: str):
    """Return the price where equity is zero: linear E - s*C/Q, inverse s*Q/(C + s*Q/E)."""
    if contract == "linear":
        return np.maximum(entry - sign * collateral / qty, 0.0)
    denominator = sign * collateral + qty / entry
    safe = np.where(denominator > 0, denominator, 1.0)
    return np.where(denominator > 0, qty / safe, np.inf)


@overload
def bankruptcy_price(
    side: Side, entry: float, qty: float, collateral: float, *, contract: Contract = ...
) -> float: ...
@overload
def bankruptcy_price(
    side: Sides,
    entry: ArrayLike,
    qty: ArrayLike,
    collateral: ArrayLike,
    *,
    contract: Contract = ...,
) -> Price: ...
def bankruptcy_price(
    side: Sides,
    entry: ArrayLike,
    qty: ArrayLike,
    collateral: ArrayLike,
    *,
    contract: Contract = "linear",
) -> Price:
    """
    Return the price at which the position's equity falls to zero.

    At this price the loss equals all of ``collateral``, as Bybit's help page and BitMEX
    support define it; exchanges liquidate earlier, at `liquidation_price`, and close the
    position at this price. With ``s = +1`` for a long and ``-1`` for a short::

        linear:   BP = entry - s * collateral / qty
        inverse:  BP = s * qty / (collateral + s * qty / entry)

    Parameters
    ----------
    side : {"long", "short"} or array-like of them
    entry : float or array-like
        Average entry price, USDT per coin; finite and > 0.
    qty : float or array-like
        Coins (linear) or USD face value (inverse); finite and > 0.
    collateral : float or array-like
        Margin behind this position, USDT (linear) or coin (inverse); finite and >= 0.
    contract : {"linear", "inverse"}, default "linear"

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Price, USDT per coin (USD per coin for inverse); a float for all-scalar input.
        0.0 for a long that no positive price bankrupts, ``inf`` for a short that no finite
        price does.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> bankruptcy_price("long", entry=50_000, qty=1, collateral=5_000)
    45000.0
    >>> bankruptcy_price("short", 50_000, qty=[1, 2], collateral=5_000)
    array([55000., 52500.])
    >>> bankruptcy_price("long", 10_000, 1, collateral=10_000 / 50)  # Bybit: 50x long
    9800.0
    """
    sign = side_sign(side)
    start = as_array("entry", entry, PRICE)
    size = as_array("qty", qty, SIZE)
    margin = as_array("collateral", collateral, NON_NEGATIVE)
    chosen_contract = str(as_choice("contract", contract, CONTRACTS))
    broadcast(side=sign, entry=start, qty=size, collateral=margin)
    with np.errstate(all="ignore"):
        result = _bankruptcy(sign, start, size, margin, chosen_contract)
    return wrap(result, side, entry, qty, collateral)


__all__ = ["bankruptcy_price"]
