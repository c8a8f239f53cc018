"""The balance sheet of one position: notional, margins, PnL and the ratios built on them.

Every function is pure and vectorised: scalars, NumPy arrays and pandas Series broadcast
together; all-scalar input returns a ``float``. Linear (USDT-margined) contracts count ``qty``
in coins and money in USDT; inverse (coin-margined) contracts count ``qty`` as USD face value
and money in coin. `unrealized_pnl` (in `course.engine.pnl`) and the account-level ratios
`effective_leverage` and `recovery_gain` (in `course.engine.account`) are importable from here.
"""

from __future__ import annotations

from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from course.engine.account import effective_leverage, recovery_gain
from course.engine.pnl import unrealized_pnl
from course.engine.validation import (
    CONTRACTS,
    LEVERAGE,
    NON_NEGATIVE,
    PRICE,
    RATE,
    SIZE,
    Contract,
    Result,
    Side,
    Sides,
    as_array,
    as_choice,
    broadcast,
    wrap,
)


def _is_inverse(contract: Contract) -> bool:
    return str(as_choice("contract", contract, CONTRACTS)) == "inverse"


@overload
def notional(qty: float, price: float, *, contract: Contract = ...) -> float: ...
@overload
def notional(qty: ArrayLike, price: ArrayLike, *, contract: Contract = ...) -> Result: ...
def notional(qty: ArrayLike, price: ArrayLike, *, contract: Contract = "linear") -> Result:
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

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        USDT (linear) or coin (inverse); a float for all-scalar input.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

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


@overload
def initial_margin(
    qty: float, entry: float, leverage: float, *, contract: Contract = ...
) -> float: ...
@overload
def initial_margin(
    qty: ArrayLike, entry: ArrayLike, leverage: ArrayLike, *, contract: Contract = ...
) -> Result: ...
def initial_margin(
    qty: ArrayLike, entry: ArrayLike, leverage: ArrayLike, *, contract: Contract = "linear"
) -> Result:
    """
    Return the margin posted to open the position: its entry notional over the leverage.

    ::

        IM = notional(qty, entry) / leverage

    Binance, Bybit, OKX and the others all size initial margin this way at the entry price.

    Parameters
    ----------
    qty : float or array-like
        Coins (linear) or USD face value (inverse); finite and > 0.
    entry : float or array-like
        Average entry price, USDT per coin; finite and > 0.
    leverage : float or array-like
        The leverage setting; finite and >= 1.
    contract : {"linear", "inverse"}, default "linear"

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        USDT (linear) or coin (inverse); a float for all-scalar input.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> initial_margin(0.15384615384615385, 65_000, 10)
    1000.0
    >>> initial_margin(10_000, 50_000, 10, contract="inverse")
    0.02
    """
    lever = as_array("leverage", leverage, LEVERAGE)
    value = np.asarray(notional(qty, entry, contract=contract))
    broadcast(qty_entry=value, leverage=lever)
    return wrap(value / lever, qty, entry, leverage)


@overload
def maintenance_margin(
    qty: float, price: float, mmr: float, *, maint_amount: float = ..., contract: Contract = ...
) -> float: ...
@overload
def maintenance_margin(
    qty: ArrayLike,
    price: ArrayLike,
    mmr: ArrayLike,
    *,
    maint_amount: ArrayLike = ...,
    contract: Contract = ...,
) -> Result: ...
def maintenance_margin(
    qty: ArrayLike,
    price: ArrayLike,
    mmr: ArrayLike,
    *,
    maint_amount: ArrayLike = 0.0,
    contract: Contract = "linear",
) -> Result:
    """
    Return the maintenance margin: the equity the position must keep to stay open.

    ::

        MM = notional(qty, price) * mmr - maint_amount

    Value it at the mark price for Binance, OKX, Gate and the like; at the entry price for
    classic Bybit, KuCoin and BitMEX's examples. ``maint_amount`` is Binance's "maintenance
    amount" (Bybit: "MM deduction"), which keeps tiered MM continuous.

    Parameters
    ----------
    qty : float or array-like
        Coins (linear) or USD face value (inverse); finite and > 0.
    price : float or array-like
        Mark or entry price, USDT per coin, as the venue values MM; finite and > 0.
    mmr : float or array-like
        Maintenance margin rate of the position's bracket, in [0, 1).
    maint_amount : float or array-like, default 0.0
        The bracket's maintenance amount, USDT (linear) or coin (inverse); finite and >= 0.
    contract : {"linear", "inverse"}, default "linear"

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        USDT (linear) or coin (inverse); a float for all-scalar input. Negative if
        ``maint_amount`` is too large for the notional (a bracket that does not apply).

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> maintenance_margin(109.488, 31_967.27, 0.025, maint_amount=16_300)  # Binance's example
    71200.81144...
    >>> maintenance_margin(10_000, 25_000, 0.004, contract="inverse")  # Binance COIN-M
    0.0016
    """
    rate = as_array("mmr", mmr, RATE)
    amount = as_array("maint_amount", maint_amount, NON_NEGATIVE)
    value = np.asarray(notional(qty, price, contract=contract))
    broadcast(qty_price=value, mmr=rate, maint_amount=amount)
    return wrap(value * rate - amount, qty, price, mmr, maint_amount)


@overload
def roe(
    side: Side, entry: float, qty: float, mark: float, leverage: float, *, contract: Contract = ...
) -> float: ...
@overload
def roe(
    side: Sides,
    entry: ArrayLike,
    qty: ArrayLike,
    mark: ArrayLike,
    leverage: ArrayLike,
    *,
    contract: Contract = ...,
) -> Result: ...
def roe(
    side: Sides,
    entry: ArrayLike,
    qty: ArrayLike,
    mark: ArrayLike,
    leverage: ArrayLike,
    *,
    contract: Contract = "linear",
) -> Result:
    """
    Return the return on equity that exchanges display: PnL over initial margin, as a fraction.

    ::

        ROE = uPnL / IM = s * leverage * (mark - entry) / entry      (linear)
                        = s * leverage * (1 - entry / mark)          (inverse)

    ROE scales with the leverage setting; the return on the whole account does not
    (see `effective_leverage`). Multiply by 100 for the percent on the exchange screen.

    Parameters
    ----------
    side, entry, qty, mark
        As in `unrealized_pnl`.
    leverage : float or array-like
        The leverage setting that fixed the initial margin; finite and >= 1.
    contract : {"linear", "inverse"}, default "linear"

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        A fraction (0.2 is +20%); a float for all-scalar input.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> roe("long", entry=50_000, qty=1, mark=51_000, leverage=10)
    0.2
    >>> roe("short", entry=50_000, qty=1, mark=49_000, leverage=20)
    0.4
    """
    pnl = unrealized_pnl(side, entry, qty, mark, contract=contract)
    margin = initial_margin(qty, entry, leverage, contract=contract)
    broadcast(side_entry_qty_mark=pnl, qty_entry_leverage=margin)
    return wrap(pnl / margin, side, entry, qty, mark, leverage)


@overload
def margin_ratio(
    side: Side,
    entry: float,
    qty: float,
    mark: float,
    collateral: float,
    mmr: float,
    *,
    maint_amount: float = ...,
    contract: Contract = ...,
) -> float: ...
@overload
def margin_ratio(
    side: Sides,
    entry: ArrayLike,
    qty: ArrayLike,
    mark: ArrayLike,
    collateral: ArrayLike,
    mmr: ArrayLike,
    *,
    maint_amount: ArrayLike = ...,
    contract: Contract = ...,
) -> Result: ...
def margin_ratio(
    side: Sides,
    entry: ArrayLike,
    qty: ArrayLike,
    mark: ArrayLike,
    collateral: ArrayLike,
    mmr: ArrayLike,
    *,
    maint_amount: ArrayLike = 0.0,
    contract: Contract = "linear",
) -> Result:
    """
    Return Binance's margin ratio: maintenance margin over margin balance, at ``mark``.

    ::

        margin_ratio = MM(mark) / (collateral + uPnL(mark))

    **Direction:** this is Binance's convention; the position is liquidated when the ratio
    reaches 1 (100%), and lower is safer. OKX and Phemex show the inverse (equity / MM,
    liquidated at 100% from above), so never compare "margin ratio" across venues.

    Parameters
    ----------
    side, entry, qty, mark
        As in `unrealized_pnl`.
    collateral : float or array-like
        Wallet balance behind the position, USDT (linear) or coin (inverse); finite, >= 0.
    mmr, maint_amount
        As in `maintenance_margin`, valued at ``mark``.
    contract : {"linear", "inverse"}, default "linear"

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        A fraction (1.0 is liquidation); ``inf`` where the margin balance is <= 0.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> margin_ratio("long", 65_000, 0.15384615384615385, 65_000, 1_000, 0.005)
    0.05
    >>> margin_ratio("long", 65_000, 0.15384615384615385, 58_000, 1_000, 0.005)
    inf
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
