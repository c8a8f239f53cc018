"""Isolated margin that changes after opening: margin added or removed, funding settled.

An isolated position's collateral is its initial margin plus whatever moved in or out
since. Funding settles into it (exchange-formulas.md: Bybit's example 3, "funding debits to
isolated margin move the LP"), so paying funding is removing margin and receiving it is
adding margin. Both use `course.engine.liquidation.liquidation_price`, the solver behind
`isolated_liquidation_price`, for either maintenance-margin basis.
"""

from __future__ import annotations

from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from course.engine.liquidation import liquidation_price
from course.engine.validation import (
    BASES,
    LEVERAGE,
    PRICE,
    RATE,
    SIZE,
    Basis,
    Range,
    Result,
    Side,
    Sides,
    as_array,
    as_choice,
    broadcast,
    require,
    wrap,
)

MARGIN_CHANGE = Range(-np.inf, np.inf, False, False, "finite")


def _liquidation_after_change(side, entry, leverage, mmr, change, qty, basis, name, inputs):
    """Liquidation price with collateral = qty*entry/leverage + change (checked inputs)."""
    lever = as_array("leverage", leverage, LEVERAGE)
    start = as_array("entry", entry, PRICE)
    size = as_array("qty", qty, SIZE)
    rate = as_array("mmr", mmr, RATE)
    delta = as_array(name, change, MARGIN_CHANGE)
    as_choice("basis", basis, BASES)
    broadcast(entry=start, leverage=lever, mmr=rate, qty=size, **{name: delta})
    initial = size * start / lever
    require(
        rate < 1.0 / lever,
        lambda: (
            "leverage must be < 1/mmr so that initial margin "
            f"exceeds maintenance margin; got {float(np.max(lever))!r}"
        ),
    )
    collateral = initial + delta
    sign = 1.0 if name == "margin_change" else -1.0
    if not bool(np.all(collateral >= 0)):
        bad = np.flatnonzero(~np.broadcast_to(collateral >= 0, np.shape(collateral)).ravel())[0]
        shown = float(np.broadcast_to(sign * delta, np.shape(collateral)).ravel()[bad])
        limit = float(np.broadcast_to(initial, np.shape(collateral)).ravel()[bad])
        bound = f">= -{limit:g}" if sign > 0 else f"<= {limit:g}"
        raise ValueError(
            f"{name} must be {bound} (the initial margin qty * entry / leverage); got {shown!r}"
        )
    price = liquidation_price(side, start, size, collateral, rate, basis=basis)
    return wrap(price, *inputs)


@overload
def liquidation_price_after_margin_change(
    side: Side,
    entry: float,
    leverage: float,
    mmr: float,
    margin_change: float,
    *,
    qty: float = ...,
    basis: Basis = ...,
) -> float: ...
@overload
def liquidation_price_after_margin_change(
    side: Sides,
    entry: ArrayLike,
    leverage: ArrayLike,
    mmr: ArrayLike,
    margin_change: ArrayLike,
    *,
    qty: ArrayLike = ...,
    basis: Basis = ...,
) -> Result: ...
def liquidation_price_after_margin_change(
    side: Sides,
    entry: ArrayLike,
    leverage: ArrayLike,
    mmr: ArrayLike,
    margin_change: ArrayLike,
    *,
    qty: ArrayLike = 1.0,
    basis: Basis = "mark",
) -> Result:
    """
    Return an isolated position's liquidation price after margin is added or removed.

    ::

        collateral = qty * entry / leverage + margin_change
        P = liquidation_price(side, entry, qty, collateral, mmr, basis=basis)

    Adding margin (``margin_change > 0``) moves the price away from entry; removing it
    moves the price towards entry. For ``margin_change >= 0`` this is
    `isolated_liquidation_price` with ``extra_margin=margin_change``.

    Parameters
    ----------
    side : {"long", "short"} or array-like of them
    entry : float or array-like
        Average entry price, USDT per coin; finite and > 0.
    leverage : float or array-like
        The leverage setting, finite and >= 1, with ``mmr < 1/leverage``.
    mmr : float or array-like
        Maintenance margin rate, in [0, 1).
    margin_change : float or array-like
        USDT added (> 0) or removed (< 0); finite, and no more than the initial margin
        can be removed.
    qty : float or array-like, default 1.0
        Position size, coins; finite and > 0.
    basis : {"mark", "entry"}, default "mark"
        Value the maintenance margin at the liquidation price or on the entry value.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Mark price, USDT per coin. A collateral below maintenance gives a price on the wrong
        side of the mark: liquidated at once.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> liquidation_price_after_margin_change("long", 60_000, 10, 0.005, 0, basis="entry")
    54300.0
    >>> liquidation_price_after_margin_change("long", 60_000, 10, 0.005, -1_620, basis="entry")
    55920.0
    """
    inputs = (side, entry, leverage, mmr, margin_change, qty)
    return _liquidation_after_change(
        side, entry, leverage, mmr, margin_change, qty, basis, "margin_change", inputs
    )


@overload
def liquidation_price_after_funding(
    side: Side,
    entry: float,
    leverage: float,
    mmr: float,
    funding_paid: float,
    *,
    qty: float = ...,
    basis: Basis = ...,
) -> float: ...
@overload
def liquidation_price_after_funding(
    side: Sides,
    entry: ArrayLike,
    leverage: ArrayLike,
    mmr: ArrayLike,
    funding_paid: ArrayLike,
    *,
    qty: ArrayLike = ...,
    basis: Basis = ...,
) -> Result: ...
def liquidation_price_after_funding(
    side: Sides,
    entry: ArrayLike,
    leverage: ArrayLike,
    mmr: ArrayLike,
    funding_paid: ArrayLike,
    *,
    qty: ArrayLike = 1.0,
    basis: Basis = "mark",
) -> Result:
    """
    Return an isolated position's liquidation price once its margin has paid funding.

    Funding settles into the isolated margin, so paying it is removing margin and receiving
    it is adding margin::

        collateral = qty * entry / leverage - funding_paid
        P = liquidation_price(side, entry, qty, collateral, mmr, basis=basis)

    With MM on the entry value (classic Bybit) the price moves by exactly
    ``funding_paid / qty``; with MM at the liquidation price (Binance) by
    ``funding_paid / (qty * (1 - s*mmr))``.

    Parameters
    ----------
    side, entry, leverage, mmr
        As in `liquidation_price_after_margin_change`.
    funding_paid : float or array-like
        Total funding the position has paid, USDT (`funding_cost`); negative when it
        received funding; finite and at most the initial margin.
    qty, basis
        As in `liquidation_price_after_margin_change`.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Mark price, USDT per coin.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    See Also
    --------
    funding_cost, liquidation_price_after_margin_change

    Examples
    --------
    A 10x long of 1 BTC at 60,000 pays 0.03% per 8 hours for 30 days (1,620 USDT):

    >>> liquidation_price_after_funding("long", 60_000, 10, 0.005, 1_620, basis="entry")
    55920.0
    >>> round(liquidation_price_after_funding("long", 60_000, 10, 0.005, 1_620), 2)
    55899.5
    """
    paid = as_array("funding_paid", funding_paid, MARGIN_CHANGE)
    inputs = (side, entry, leverage, mmr, funding_paid, qty)
    return _liquidation_after_change(
        side, entry, leverage, mmr, -paid, qty, basis, "funding_paid", inputs
    )


__all__ = ["liquidation_price_after_funding", "liquidation_price_after_margin_change"]
