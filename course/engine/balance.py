"""The balance sheet of one position: notional, margins, PnL and the ratios built on them.

Every function is pure and vectorised: scalars, NumPy arrays and pandas Series broadcast
together; all-scalar input returns a ``float``. Linear (USDT-margined) contracts count ``qty``
in coins and money in USDT; inverse (coin-margined) contracts count ``qty`` as USD face value
and money in coin.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from course.engine.validation import (
    CONTRACTS,
    FRACTION,
    LEVERAGE,
    NON_NEGATIVE,
    POSITIVE,
    PRICE,
    RATE,
    SIZE,
    Contract,
    Side,
    as_array,
    as_choice,
    broadcast,
    side_sign,
    wrap,
)


def _is_inverse(contract: Contract) -> bool:
    return str(as_choice("contract", contract, CONTRACTS)) == "inverse"


def notional(qty: ArrayLike, price: ArrayLike, *, contract: Contract = "linear") -> ArrayLike:
    """
    Return the position's value at ``price``.

    ::

        linear:   notional = qty * price      (USDT)
        inverse:  notional = qty / price      (coin; qty is USD face value)

    Every exchange sizes margin from this number; tiers are brackets of it.

    Parameters
    ----------
    qty : float or array-like
        Coins (linear) or USD face value (inverse); finite and > 0.
    price : float or array-like
        Entry or mark price, USDT per coin; finite and > 0.
    contract : {"linear", "inverse"}, default "linear"

    Examples
    --------
    >>> notional(0.5, 65_000)
    32500.0
    >>> notional(10_000, 50_000, contract="inverse")
    0.2
    """
    size = as_array("qty", qty, SIZE)
    value = as_array("price", price, PRICE)
    broadcast(qty=size, price=value)
    result = size / value if _is_inverse(contract) else size * value
    return wrap(result, qty, price)


def initial_margin(
    qty: ArrayLike, entry: ArrayLike, leverage: ArrayLike, *, contract: Contract = "linear"
) -> ArrayLike:
    """
    Return the margin posted to open the position: its entry notional over the leverage.

    ::

        IM = notional(qty, entry) / leverage

    Binance, Bybit, OKX and the others all size initial margin this way at the entry price.

    Examples
    --------
    >>> initial_margin(0.15384615384615385, 65_000, 10)
    1000.0
    """
    lever = as_array("leverage", leverage, LEVERAGE)
    value = np.asarray(notional(qty, entry, contract=contract))
    broadcast(qty_entry=value, leverage=lever)
    return wrap(value / lever, qty, entry, leverage)


def maintenance_margin(
    qty: ArrayLike,
    price: ArrayLike,
    mmr: ArrayLike,
    *,
    maint_amount: ArrayLike = 0.0,
    contract: Contract = "linear",
) -> ArrayLike:
    """
    Return the maintenance margin: the equity the position must keep to stay open.

    ::

        MM = notional(qty, price) * mmr - maint_amount

    Value it at the mark price for Binance, OKX, Gate and the like; at the entry price for
    classic Bybit, KuCoin and BitMEX's examples. ``maint_amount`` is Binance's "maintenance
    amount" (Bybit: "MM deduction"), which keeps tiered MM continuous.

    Examples
    --------
    >>> maintenance_margin(109.488, 31_967.27, 0.025, maint_amount=16_300)  # Binance's example
    71200.81144...
    """
    rate = as_array("mmr", mmr, RATE)
    amount = as_array("maint_amount", maint_amount, NON_NEGATIVE)
    value = np.asarray(notional(qty, price, contract=contract))
    broadcast(qty_price=value, mmr=rate, maint_amount=amount)
    return wrap(value * rate - amount, qty, price, mmr, maint_amount)


def unrealized_pnl(
    side: Side, entry: ArrayLike, qty: ArrayLike, mark: ArrayLike, *, contract: Contract = "linear"
) -> ArrayLike:
    """
    Return the profit or loss of an open position if it were closed at ``mark``.

    With ``s = +1`` for a long and ``-1`` for a short::

        linear:   uPnL = s * qty * (mark - entry)            (USDT)
        inverse:  uPnL = s * qty * (1/entry - 1/mark)        (coin)

    Examples
    --------
    >>> unrealized_pnl("long", entry=65_000, qty=0.1, mark=66_000)
    100.0
    >>> unrealized_pnl("short", entry=65_000, qty=0.1, mark=66_000)
    -100.0
    """
    sign = side_sign(side)
    start = as_array("entry", entry, PRICE)
    size = as_array("qty", qty, SIZE)
    now = as_array("mark", mark, PRICE)
    broadcast(side=sign, entry=start, qty=size, mark=now)
    if _is_inverse(contract):
        result = sign * size * (1.0 / start - 1.0 / now)
    else:
        result = sign * size * (now - start)
    return wrap(result, side, entry, qty, mark)


def roe(
    side: Side,
    entry: ArrayLike,
    qty: ArrayLike,
    mark: ArrayLike,
    leverage: ArrayLike,
    *,
    contract: Contract = "linear",
) -> ArrayLike:
    """
    Return the return on equity that exchanges display: PnL over initial margin, as a fraction.

    ::

        ROE = uPnL / IM = s * leverage * (mark - entry) / entry      (linear)

    ROE scales with the leverage setting; the return on the whole account does not
    (see `effective_leverage`). Multiply by 100 for the percent on the exchange screen.

    Examples
    --------
    >>> roe("long", entry=50_000, qty=1, mark=51_000, leverage=10)
    0.2
    """
    pnl = unrealized_pnl(side, entry, qty, mark, contract=contract)
    margin = initial_margin(qty, entry, leverage, contract=contract)
    broadcast(side_entry_qty_mark=pnl, qty_entry_leverage=margin)
    return wrap(pnl / margin, side, entry, qty, mark, leverage)


def margin_ratio(
    side: Side,
    entry: ArrayLike,
    qty: ArrayLike,
    mark: ArrayLike,
    collateral: ArrayLike,
    mmr: ArrayLike,
    *,
    maint_amount: ArrayLike = 0.0,
    contract: Contract = "linear",
) -> ArrayLike:
    """
    Return Binance's margin ratio: maintenance margin over margin balance, at ``mark``.

    ::

        margin_ratio = MM(mark) / (collateral + uPnL(mark))

    **Direction:** this is Binance's convention; the position is liquidated when the ratio
    reaches 1 (100%), and lower is safer. OKX and Phemex show the inverse (equity / MM,
    liquidated at 100% from above), so never compare "margin ratio" across venues. A margin
    balance at or below zero gives ``inf``.

    Examples
    --------
    >>> margin_ratio("long", 65_000, 0.15384615384615385, 65_000, 1_000, 0.005)
    0.05
    """
    wallet = as_array("collateral", collateral, NON_NEGATIVE)
    pnl = np.asarray(unrealized_pnl(side, entry, qty, mark, contract=contract))
    maintenance = np.asarray(
        maintenance_margin(qty, mark, mmr, maint_amount=maint_amount, contract=contract)
    )
    broadcast(collateral=wallet, position=pnl, mmr=maintenance)
    balance = wallet + pnl
    safe = np.where(balance > 0, balance, 1.0)
    result = np.where(balance > 0, maintenance / safe, np.inf)
    return wrap(result, side, entry, qty, mark, collateral, mmr, maint_amount)


def effective_leverage(notional: ArrayLike, equity: ArrayLike) -> ArrayLike:
    """
    Return the leverage the account really runs: position notional over account equity.

    ::

        effective_leverage = notional / equity

    The exchange's leverage *setting* only fixes the initial margin of one position; a
    10x setting on a position worth 40% of the account is 0.4x effective leverage.

    Examples
    --------
    >>> effective_leverage(4_000, 10_000)
    0.4
    """
    value = as_array("notional", notional, NON_NEGATIVE)
    capital = as_array("equity", equity, POSITIVE)
    broadcast(notional=value, equity=capital)
    return wrap(value / capital, notional, equity)


def recovery_gain(loss: ArrayLike) -> ArrayLike:
    """
    Return the gain needed to get back to where you were after losing ``loss``.

    ::

        recovery_gain = loss / (1 - loss)          (both as fractions)

    A 50% loss needs a 100% gain; a total loss (1.0) can never be undone (``inf``).

    Examples
    --------
    >>> recovery_gain(0.5)
    1.0
    >>> recovery_gain([0.1, 0.2, 0.9]).round(4)
    array([0.1111, 0.25  , 9.    ])
    """
    fraction = as_array("loss", loss, FRACTION)
    remaining = np.where(fraction < 1.0, 1.0 - fraction, 1.0)
    result = np.where(fraction < 1.0, fraction / remaining, np.inf)
    return wrap(result, loss)


__all__ = [
    "notional",
    "initial_margin",
    "maintenance_margin",
    "unrealized_pnl",
    "roe",
    "margin_ratio",
    "effective_leverage",
    "recovery_gain",
]
