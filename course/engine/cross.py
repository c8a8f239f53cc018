"""Cross margin: several positions share one wallet, so each one's liquidation price depends on the others.

Binance's cross formula (one-way and hedge mode) solves one equation for the mark price P of
one symbol, with every other position frozen at its own mark::

    WB - TMM + UPNL + sum_i s_i*Q_i*(P - E_i) = sum_i MM_i(P)

``TMM`` and ``UPNL`` are the maintenance margin and the *signed* unrealised PnL of all other
positions. Dropping the sign for shorts (as freqtrade does) gives a wrong price.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import cast, overload

import numpy as np
from numpy.typing import ArrayLike

from course.engine.liquidation import _solve
from course.engine.validation import (
    BASES,
    FINITE,
    NON_NEGATIVE,
    PRICE,
    RATE,
    SIDES,
    SIZE,
    Basis,
    Price,
    Side,
    as_array,
    as_choice,
    wrap,
)


@dataclass(frozen=True)
class Position:
    """
    One open linear position in a cross-margin account.

    Parameters
    ----------
    symbol : str
        The contract, e.g. ``"BTCUSDT"``; non-empty. Legs with the same symbol share one
        cross liquidation price (hedge mode).
    side : {"long", "short"}
    qty : float
        Size in coins; finite and > 0.
    entry : float
        Average entry price, USDT per coin; finite and > 0.
    mark : float, optional
        Current mark price, USDT per coin; finite and > 0. Defaults to ``entry``.
    mmr : float, default 0.005
        Maintenance margin rate of the position's bracket, in [0, 1).
    maint_amount : float, default 0.0
        Maintenance amount of that bracket, USDT; finite and >= 0.

    Raises
    ------
    ValueError
        If a field is out of range or not a single number; the message names it.

    Examples
    --------
    >>> Position("BTCUSDT", "long", qty=0.5, entry=60_000).mark
    60000.0
    >>> Position("BTCUSDT", "short", qty=1, entry=60_000, mark=61_000).unrealized_pnl()
    -1000.0
    """

    symbol: str
    side: Side
    qty: float
    entry: float
    # None stands for "at entry" only until __post_init__ replaces it: the field is a float.
    mark: float = None  # type: ignore[assignment]
    mmr: float = 0.005
    maint_amount: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.symbol, str) or not self.symbol:
            raise ValueError(f"symbol must be a non-empty string; got {self.symbol!r}")
        as_choice("side", self.side, SIDES)
        checks = [
            ("qty", self.qty, SIZE),
            ("entry", self.entry, PRICE),
            ("mmr", self.mmr, RATE),
            ("maint_amount", self.maint_amount, NON_NEGATIVE),
        ]
        if self.mark is not None:
            checks.append(("mark", self.mark, PRICE))
        for name, value, valid in checks:
            if np.ndim(value) != 0:
                raise ValueError(f"{name} must be a single number; got {value!r}")
            object.__setattr__(self, name, float(as_array(name, value, valid)))
        if self.mark is None:
            object.__setattr__(self, "mark", self.entry)

    @property
    def sign(self) -> float:
        """+1.0 for a long, -1.0 for a short."""
        return 1.0 if self.side == "long" else -1.0

    def unrealized_pnl(self) -> float:
        """Return the signed PnL at the mark, USDT: ``s * qty * (mark - entry)``."""
        return self.sign * self.qty * (self.mark - self.entry)

    def maintenance_margin(self, basis: Basis = "mark") -> float:
        """Return the MM, USDT, at the mark (``basis="mark"``) or on entry value (``"entry"``)."""
        price = self.mark if basis == "mark" else self.entry
        return self.qty * price * self.mmr - self.maint_amount


def shock_marks(positions: Sequence[Position], shock_pct: float) -> list[Position]:
    """
    Return the positions with every mark moved by the same percentage, from the mark.

    The one definition of a price shock that the course's tables, charts and explorers
    share: entries stay, marks move::

        mark_after = mark * (1 + shock_pct / 100)

    A position held at entry (the default mark) is therefore shocked from its entry.

    Parameters
    ----------
    positions : sequence of Position
        The open positions; non-empty.
    shock_pct : float
        The shock, percent of each mark; finite and > -100.

    Returns
    -------
    list of Position
        New positions (a `Position` is frozen), in the same order.

    Raises
    ------
    ValueError
        If ``shock_pct`` is not finite and > -100, or ``positions`` is not a non-empty
        sequence of `Position`.

    Examples
    --------
    >>> btc = Position("BTCUSDT", "long", qty=1, entry=60_000, mark=62_000)
    >>> shock_marks([btc], -10)[0].mark
    55800.0
    """
    shock = float(as_array("shock_pct", shock_pct, FINITE))
    if not shock > -100:
        raise ValueError(f"shock_pct must be finite and > -100; got {shock_pct!r}")
    if (
        isinstance(positions, Position)
        or len(positions) == 0
        or not all(isinstance(p, Position) for p in positions)
    ):
        raise ValueError(f"positions must be a non-empty sequence of Position; got {positions!r}")
    return [replace(p, mark=p.mark * (1 + shock / 100)) for p in positions]


@overload
def cross_liquidation_price(
    wallet_balance: float, positions: Sequence[Position], symbol: str, *, basis: Basis = ...
) -> float: ...
@overload
def cross_liquidation_price(
    wallet_balance: ArrayLike, positions: Sequence[Position], symbol: str, *, basis: Basis = ...
) -> Price: ...
def cross_liquidation_price(
    wallet_balance: ArrayLike,
    positions: Sequence[Position],
    symbol: str,
    *,
    basis: Basis = "mark",
) -> Price:
    """
    Return the liquidation price of ``symbol`` when all ``positions`` share the wallet.

    The other symbols count with their MM and signed uPnL at their marks; the legs of
    ``symbol`` (one in one-way mode, a long and a short in hedge mode) share one price::

        C = WB - TMM + UPNL
        basis="mark":   P = (C + sum A_j - sum s_j*Q_j*E_j) / (sum Q_j*mmr_j - sum s_j*Q_j)
        basis="entry":  P = (sum (Q_j*E_j*mmr_j - A_j) - C + sum s_j*Q_j*E_j) / sum s_j*Q_j

    This is Binance USD-M's cross formula (``basis="mark"``); ``basis="entry"`` fixes every
    MM on entry value, as BitMEX's cross example does. With no other positions it equals
    `liquidation_price` with ``collateral = wallet_balance``.

    Parameters
    ----------
    wallet_balance : float or array-like
        Cross wallet balance, USDT; finite and >= 0.
    positions : sequence of Position
        Every open position in the account, including those of ``symbol``.
    symbol : str
        The symbol whose liquidation price is wanted; one of the positions' symbols.
    basis : {"mark", "entry"}, default "mark"
        Value every MM at the mark (the other symbols' at their own marks) or on entry value.

    Returns
    -------
    float or numpy.ndarray
        Mark price of ``symbol``, USDT per coin: a float for a scalar ``wallet_balance``,
        else an array (a Series for a Series). 0.0 when no positive price liquidates a net
        long; ``inf`` when neither the equity nor the MM of a fully hedged symbol depends on
        its price (``basis="entry"``) and equity stays above maintenance (0.0 if it is
        already below). With MM at the mark, a hedged pair's MM still grows with the price,
        so its price is finite.

    Raises
    ------
    ValueError
        If ``wallet_balance`` is out of range, ``positions`` is not a sequence of `Position`,
        or ``symbol`` is not among them.

    Examples
    --------
    Binance's official example (cross wallet 1,535,443.01 USDT):

    >>> btc = Position("BTCUSDT", "long", 109.488, 32_481.98, 31_967.27, 0.025, 16_300)
    >>> eth = Position("ETHUSDT", "long", 3_683.979, 1_456.84, 1_335.18, 0.10, 135_365)
    >>> round(cross_liquidation_price(1_535_443.01, [btc, eth], "ETHUSDT"), 2)
    1153.26
    >>> round(cross_liquidation_price(1_535_443.01, [btc, eth], "BTCUSDT"), 2)
    26316.89

    BitMEX's cross example: 20 ETH long at 1,000 on a 10,000 USDT wallet, MM 1% of entry value:

    >>> eth = Position("ETHUSDT", "long", qty=20, entry=1_000, mmr=0.01)
    >>> cross_liquidation_price(10_000, [eth], "ETHUSDT", basis="entry")
    510.0
    """
    wallet = as_array("wallet_balance", wallet_balance, NON_NEGATIVE)
    chosen_basis = cast(Basis, str(as_choice("basis", basis, BASES)))
    if isinstance(positions, Position) or not all(isinstance(p, Position) for p in positions):
        raise ValueError(f"positions must be a sequence of Position; got {positions!r}")
    legs = [p for p in positions if p.symbol == symbol]
    if not legs:
        known = ", ".join(sorted({p.symbol for p in positions})) or "none"
        raise ValueError(f"symbol must be one of the positions' symbols ({known}); got {symbol!r}")
    others = [p for p in positions if p.symbol != symbol]
    collateral = (
        wallet
        - math.fsum(p.maintenance_margin(chosen_basis) for p in others)
        + math.fsum(p.unrealized_pnl() for p in others)
    )
    if len(legs) == 1:
        leg = legs[0]
        with np.errstate(all="ignore"):
            result = _solve(
                leg.sign,
                leg.entry,
                leg.qty,
                collateral,
                leg.mmr,
                leg.maint_amount,
                chosen_basis,
                "linear",
            )
        return wrap(result, wallet_balance)
    return wrap(_solve_hedged(legs, collateral, chosen_basis), wallet_balance)


def _solve_hedged(legs: Sequence[Position], collateral: np.ndarray, basis: str) -> np.ndarray:
    """Solve the shared equation for several legs of one symbol (hedge mode)."""
    net = math.fsum(p.sign * p.qty for p in legs)
    weighted_entry = math.fsum(p.sign * p.qty * p.entry for p in legs)
    amounts = math.fsum(p.maint_amount for p in legs)
    constant = collateral + amounts - weighted_entry
    if basis == "mark":
        slope = math.fsum(p.qty * p.mmr for p in legs) - net
    else:
        slope = -net
        constant = constant - math.fsum(p.qty * p.entry * p.mmr for p in legs)
    # equity - MM = constant - slope * P; liquidated where it reaches zero.
    if slope == 0.0:
        return np.where(constant > 0, np.inf, 0.0)
    return np.maximum(constant / slope, 0.0)
