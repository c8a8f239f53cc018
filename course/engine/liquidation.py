"""Liquidation and bankruptcy prices of one position.

Liquidation comes when equity falls to the maintenance margin (MM); bankruptcy when it falls
to zero. Exchanges solve the same linear equation and differ only in where they value MM:

* ``basis="mark"``: MM at the liquidation price (Binance, OKX, Gate, Phemex, Hyperliquid,
  dYdX, Kraken, Binance COIN-M);
* ``basis="entry"``: MM fixed on the entry value (classic Bybit, KuCoin, BitMEX's examples and
  the formula popular articles print).

The solving is done once, in `_solve`, for both contract types; the public functions validate
their inputs, call it and shape the result like the inputs. `bankruptcy_price`, where equity
reaches zero, lives in `course.engine.bankruptcy` and is importable from here too.
"""

from __future__ import annotations

from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from course.engine.bankruptcy import bankruptcy_price
from course.engine.validation import (
    BASES,
    CONTRACTS,
    LEVERAGE,
    NON_NEGATIVE,
    PRICE,
    RATE,
    SIZE,
    Basis,
    Contract,
    Price,
    Side,
    Sides,
    as_array,
    as_choice,
    broadcast,
    is_zero,
    require,
    side_sign,
    wrap,
)


def _solve(sign, entry, qty, collateral, rate, maint_amount, basis: str, contract: str):
    """
    Solve ``equity(P) = MM(P)`` for P with checked inputs (``rate`` = mmr + fee_rate).

    linear, mark    P = (C + A - s*Q*E) / (Q*(r - s))
    linear, entry   P = E - s*(C - Q*E*r + A) / Q
    inverse, mark   P = Q*(r + s) / (C + A + s*Q/E)
    inverse, entry  P = s*Q / (C + A + s*Q/E - r*Q/E)

    A long whose solution is <= 0 is never liquidated (0.0); an inverse short whose
    denominator (times s) is <= 0 never is either (inf).
    """
    if not is_zero(maint_amount):
        collateral = collateral + maint_amount
    if contract == "linear":
        # Single expressions with the temporary first, so NumPy reuses it on large arrays.
        if basis == "entry":
            price = entry - sign * (collateral - qty * entry * rate) / qty
        elif np.ndim(sign) == 0 and sign > 0:  # (Q E - C) / (Q (1 - r))
            price = (qty * entry - collateral) / (qty * (1.0 - rate))
        elif np.ndim(sign) == 0:  # (Q E + C) / (Q (1 + r))
            price = (qty * entry + collateral) / (qty * (1.0 + rate))
        else:
            price = (collateral - sign * qty * entry) / (qty * (rate - sign))
        if isinstance(price, np.ndarray) and price.ndim:
            return np.maximum(price, 0.0, out=price)
        return np.maximum(price, 0.0)
    value = qty / entry
    # Multiplied through by s, so that only a short's denominator can reach zero or below,
    # where no finite price liquidates it.
    if basis == "mark":
        numerator = qty * (1.0 + sign * rate)
        denominator = sign * collateral + value
    else:
        numerator = qty
        denominator = sign * collateral + value - sign * rate * value
    safe = np.where(denominator > 0, denominator, 1.0)
    return np.where(denominator > 0, numerator / safe, np.inf)


def _rates(mmr: ArrayLike, fee_rate: ArrayLike) -> np.ndarray:
    """Check mmr and fee_rate and return their sum, which must stay below 1."""
    maintenance = as_array("mmr", mmr, RATE)
    fee = as_array("fee_rate", fee_rate, RATE)
    broadcast(mmr=maintenance, fee_rate=fee)
    if is_zero(fee):
        return maintenance
    total = maintenance + fee
    require(total < 1.0, lambda: f"mmr + fee_rate must be < 1; got {float(np.max(total))!r}")
    return total


def _require_room_above_maintenance(leverage, value, rate, maint_amount) -> None:
    """Refuse a leverage whose initial margin is at or below maintenance margin at entry."""
    leverage, value, rate, maint_amount = np.broadcast_arrays(leverage, value, rate, maint_amount)
    # value/leverage > value*rate - maint_amount  <=>  1/leverage > rate - maint_amount/value
    threshold = rate - maint_amount / value
    bad = np.flatnonzero(~(1.0 / leverage > threshold))
    if bad.size:
        first = bad[0]
        limit = 1.0 / threshold.ravel()[first]
        where = "" if leverage.ndim == 0 else f" at position {first}"
        raise ValueError(
            f"leverage must be < {limit:g} so that initial margin exceeds maintenance margin; "
            f"got {float(leverage.ravel()[first])!r}{where}"
        )


@overload
def liquidation_price(
    side: Side,
    entry: float,
    qty: float,
    collateral: float,
    mmr: float,
    *,
    maint_amount: float = ...,
    fee_rate: float = ...,
    basis: Basis = ...,
    contract: Contract = ...,
) -> float: ...
@overload
def liquidation_price(
    side: Sides,
    entry: ArrayLike,
    qty: ArrayLike,
    collateral: ArrayLike,
    mmr: ArrayLike,
    *,
    maint_amount: ArrayLike = ...,
    fee_rate: ArrayLike = ...,
    basis: Basis = ...,
    contract: Contract = ...,
) -> Price: ...
def liquidation_price(
    side: Sides,
    entry: ArrayLike,
    qty: ArrayLike,
    collateral: ArrayLike,
    mmr: ArrayLike,
    *,
    maint_amount: ArrayLike = 0.0,
    fee_rate: ArrayLike = 0.0,
    basis: Basis = "mark",
    contract: Contract = "linear",
) -> Price:
    """
    Return the mark price at which the position's equity falls to its maintenance margin.

    With ``s = +1`` for a long and ``-1`` for a short, ``C`` the collateral, ``A`` the
    maintenance amount and ``r = mmr + fee_rate``, equity ``C + uPnL(P)`` meets
    ``MM = value * r - A`` at::

        linear,  basis="mark":   P = (C + A - s*qty*entry) / (qty * (r - s))
        linear,  basis="entry":  P = entry - s * (C - qty*entry*r + A) / qty
        inverse, basis="mark":   P = qty * (r + s) / (C + A + s*qty/entry)
        inverse, basis="entry":  P = s * qty / (C + A + s*qty/entry - r*qty/entry)

    ``basis="mark"`` values MM at the liquidation price: Binance USD-M and COIN-M, OKX and
    Gate (fee_rate = taker), Phemex, Hyperliquid, dYdX, Kraken. ``basis="entry"`` values it
    on the entry value: classic Bybit USDT, KuCoin, BitMEX's examples, the seed article.

    Parameters
    ----------
    side : {"long", "short"} or array-like of them
    entry : float or array-like
        Average entry price, USDT per coin; finite and > 0.
    qty : float or array-like
        Coins (linear) or USD face value (inverse); finite and > 0.
    collateral : float or array-like
        Margin backing this one position, USDT (linear) or coin (inverse): the isolated margin
        with any added margin, or the cross collateral net of other positions; finite, >= 0.
    mmr : float or array-like
        Maintenance margin rate, in [0, 1).
    maint_amount : float or array-like, default 0.0
        Binance's maintenance amount / Bybit's MM deduction, >= 0, same unit as collateral.
    fee_rate : float or array-like, default 0.0
        Close (taker) fee rate added to ``mmr``, in [0, 1); ``mmr + fee_rate < 1``.
    basis : {"mark", "entry"}, default "mark"
        Value the maintenance margin at the liquidation price or on the entry value.
    contract : {"linear", "inverse"}, default "linear"

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Mark price, USDT per coin (USD per coin for inverse); a float for all-scalar input.
        0.0 for a long that no positive price liquidates, ``inf`` for a short that no finite
        price liquidates. A collateral already below the maintenance margin gives a price on
        the wrong side of entry: liquidated at once.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    See Also
    --------
    bankruptcy_price, isolated_liquidation_price, tiered_liquidation_price

    Examples
    --------
    >>> qty = 10_000 / 65_000                       # 10x long, 1,000 USDT margin
    >>> round(liquidation_price("long", 65_000, qty, 1_000, 0.005), 2)
    58793.97
    >>> round(liquidation_price("long", 65_000, qty, 1_000, 0.005, basis="entry"), 2)
    58825.0
    >>> liquidation_price("short", 8_000, qty=1_000, collateral=0.2, mmr=0.01, contract="inverse")
    inf

    Kraken's inverse example (1,000 USD long at 8,000 on 0.01 BTC; MM 1% at the LP):

    >>> round(liquidation_price("long", 8_000, 1_000, 0.01, 0.01, contract="inverse"), 2)
    7481.48
    """
    sign = side_sign(side)
    start = as_array("entry", entry, PRICE)
    size = as_array("qty", qty, SIZE)
    margin = as_array("collateral", collateral, NON_NEGATIVE)
    amount = as_array("maint_amount", maint_amount, NON_NEGATIVE)
    rate = _rates(mmr, fee_rate)
    chosen_basis = str(as_choice("basis", basis, BASES))
    chosen_contract = str(as_choice("contract", contract, CONTRACTS))
    broadcast(side=sign, entry=start, qty=size, collateral=margin, mmr=rate, maint_amount=amount)
    with np.errstate(all="ignore"):
        result = _solve(sign, start, size, margin, rate, amount, chosen_basis, chosen_contract)
    return wrap(result, side, entry, qty, collateral, mmr, maint_amount, fee_rate)


@overload
def isolated_liquidation_price(
    side: Side,
    entry: float,
    leverage: float,
    mmr: float,
    *,
    qty: float = ...,
    extra_margin: float = ...,
    maint_amount: float = ...,
    fee_rate: float = ...,
    basis: Basis = ...,
    contract: Contract = ...,
) -> float: ...
@overload
def isolated_liquidation_price(
    side: Sides,
    entry: ArrayLike,
    leverage: ArrayLike,
    mmr: ArrayLike,
    *,
    qty: ArrayLike = ...,
    extra_margin: ArrayLike = ...,
    maint_amount: ArrayLike = ...,
    fee_rate: ArrayLike = ...,
    basis: Basis = ...,
    contract: Contract = ...,
) -> Price: ...
def isolated_liquidation_price(
    side: Sides,
    entry: ArrayLike,
    leverage: ArrayLike,
    mmr: ArrayLike,
    *,
    qty: ArrayLike = 1.0,
    extra_margin: ArrayLike = 0.0,
    maint_amount: ArrayLike = 0.0,
    fee_rate: ArrayLike = 0.0,
    basis: Basis = "mark",
    contract: Contract = "linear",
) -> Price:
    """
    Return the liquidation price of an isolated position opened at ``leverage``.

    The collateral is the initial margin plus any margin added later::

        collateral = notional(qty, entry) / leverage + extra_margin
        P = liquidation_price(side, entry, qty, collateral, mmr, ...)

    With no extras (and then for any ``qty``) this is the textbook
    ``entry * (1 - s/leverage + s*mmr)`` of classic Bybit and KuCoin (``basis="entry"``),
    or Binance's ``entry * (1 - s/leverage) / (1 - s*mmr)`` (``basis="mark"``).

    Parameters
    ----------
    side : {"long", "short"} or array-like of them
    entry : float or array-like
        Average entry price, USDT per coin; finite and > 0.
    leverage : float or array-like
        The leverage setting; finite and >= 1, and low enough that the initial margin
        exceeds the maintenance margin at entry: ``1/leverage > mmr + fee_rate -
        maint_amount / notional``.
    mmr : float or array-like
        Maintenance margin rate, in [0, 1).
    qty : float or array-like, default 1.0
        Coins (linear) or USD face value (inverse); finite and > 0.
    extra_margin : float or array-like, default 0.0
        Margin added after opening, USDT (linear) or coin (inverse); finite and >= 0.
    maint_amount, fee_rate, basis, contract
        As in `liquidation_price`.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        As in `liquidation_price`.

    Raises
    ------
    ValueError
        If a parameter is out of range, or the leverage leaves no room above maintenance
        (the position would be liquidated the moment it opens).

    See Also
    --------
    liquidation_price : The same price for any collateral.

    Examples
    --------
    >>> isolated_liquidation_price("long", 20_000, 50, 0.005, basis="entry")  # Bybit's example
    19700.0
    >>> round(isolated_liquidation_price("long", 65_000, 20, 0.005), 2)
    62060.3
    >>> isolated_liquidation_price("short", 20_000, 50, 0.005, extra_margin=3_000, basis="entry")
    23300.0

    Bybit's inverse example (60,000 USD long at 50,000, 10x), MM on entry value or at the LP:

    >>> args = ("long", 50_000, 10, 0.005)
    >>> round(isolated_liquidation_price(*args, qty=60_000, contract="inverse", basis="entry"), 2)
    45662.1
    >>> round(isolated_liquidation_price(*args, qty=60_000, contract="inverse"), 2)
    45681.82
    """
    lever = as_array("leverage", leverage, LEVERAGE)
    size = as_array("qty", qty, SIZE)
    start = as_array("entry", entry, PRICE)
    added = as_array("extra_margin", extra_margin, NON_NEGATIVE)
    amount = as_array("maint_amount", maint_amount, NON_NEGATIVE)
    rate = _rates(mmr, fee_rate)
    inverse = str(as_choice("contract", contract, CONTRACTS)) == "inverse"
    broadcast(
        leverage=lever, qty=size, entry=start, extra_margin=added, maint_amount=amount, mmr=rate
    )
    value = size / start if inverse else size * start
    _require_room_above_maintenance(lever, value, rate, amount)
    collateral = value / lever + added
    result = liquidation_price(
        side,
        start,
        size,
        collateral,
        mmr,
        maint_amount=amount,
        fee_rate=fee_rate,
        basis=basis,
        contract=contract,
    )
    return wrap(result, side, entry, leverage, mmr, qty, extra_margin, maint_amount, fee_rate)


__all__ = ["bankruptcy_price", "isolated_liquidation_price", "liquidation_price"]
