"""Tiered maintenance margin: dated bracket tables, their validator and the tiered LP.

Exchanges raise the maintenance margin rate (MMR) as a position's notional grows. Each
bracket has a notional cap, an MMR and a maintenance amount (Binance's ``cum``, Bybit's
"MM deduction") chosen so that MM is continuous across brackets::

    MM(n) = n * mmr_k - maint_amount_k            for cap_{k-1} < n <= cap_k
    maint_amount_k = cap_{k-1} * (mmr_k - mmr_{k-1}) + maint_amount_{k-1},   maint_amount_1 = 0

Tables drift: Binance changes them by announcement, so every table here carries its date
and source, and `validate_brackets` checks any hand-copied table against the recurrence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, overload

import numpy as np
from numpy.typing import ArrayLike

from course.engine.liquidation import _solve
from course.engine.validation import (
    BASES,
    NON_NEGATIVE,
    PRICE,
    SIZE,
    Basis,
    Price,
    Result,
    Side,
    Sides,
    as_array,
    as_choice,
    broadcast,
    side_sign,
    wrap,
)


class Bracket(NamedTuple):
    """
    One row of a tier table: notional up to ``notional_cap`` pays ``mmr`` less ``maint_amount``.

    Parameters
    ----------
    notional_cap : float
        Largest notional in the bracket, USDT; above the previous bracket's cap.
    mmr : float
        Maintenance margin rate of the bracket, in [0, 1).
    maint_amount : float
        Maintenance amount (Binance's ``cum``, Bybit's MM deduction), USDT; >= 0.

    Examples
    --------
    >>> BINANCE_BTCUSDT_2021.brackets[2]
    Bracket(notional_cap=1000000.0, mmr=0.01, maint_amount=1300.0)
    """

    notional_cap: float
    mmr: float
    maint_amount: float


@dataclass(frozen=True)
class TierTable:
    """
    A dated, sourced bracket table for one symbol on one venue.

    Parameters
    ----------
    venue : str
        Exchange and product, e.g. ``"Binance USD-M"``.
    symbol : str
        The contract, e.g. ``"BTCUSDT"``.
    as_of : str
        When the table was valid: tables change by announcement.
    source : str
        Where the numbers come from.
    brackets : tuple of Bracket
        Ascending rows, checked by `validate_brackets`.

    Examples
    --------
    >>> BINANCE_BTCUSDT_2021.as_of, len(BINANCE_BTCUSDT_2021.brackets)
    ('2021', 10)
    """

    venue: str
    symbol: str
    as_of: str
    source: str
    brackets: tuple[Bracket, ...]


def maintenance_amounts(caps: Sequence[float], mmrs: Sequence[float]) -> tuple[float, ...]:
    """
    Return the maintenance amounts that make tiered MM continuous, from caps and rates.

    ::

        maint_amount_1 = 0
        maint_amount_k = cap_{k-1} * (mmr_k - mmr_{k-1}) + maint_amount_{k-1}

    Parameters
    ----------
    caps : sequence of float
        Notional caps of the brackets, USDT, ascending; the last one may be left out.
    mmrs : sequence of float
        Maintenance margin rate of each bracket, in [0, 1).

    Returns
    -------
    tuple of float
        One maintenance amount per rate, USDT, rounded to 6 decimals. Nothing is checked:
        use `validate_brackets` on a whole table.

    Examples
    --------
    >>> maintenance_amounts([50_000, 250_000, 1_000_000], [0.004, 0.005, 0.01])
    (0.0, 50.0, 1300.0)
    """
    amounts = [0.0]
    for k in range(1, len(mmrs)):
        amounts.append(caps[k - 1] * (mmrs[k] - mmrs[k - 1]) + amounts[-1])
    return tuple(round(amount, 6) for amount in amounts)


def validate_brackets(
    brackets: Sequence[Sequence[float]], *, rel_tol: float = 1e-9
) -> tuple[Bracket, ...]:
    """
    Check a bracket table and return it as `Bracket` tuples.

    The caps must rise, the rates must lie in [0, 1) and not fall, and every maintenance
    amount must follow the recurrence in `maintenance_amounts` (within ``rel_tol``), so
    that MM has no jump at a bracket boundary.

    Parameters
    ----------
    brackets : sequence of (notional_cap, mmr, maint_amount)
        At least one row, caps in USDT; only the last cap may be ``inf``.
    rel_tol : float, default 1e-9
        Relative tolerance of the maintenance-amount check.

    Returns
    -------
    tuple of Bracket
        The rows as floats.

    Raises
    ------
    ValueError
        Naming the first bracket that breaks a rule.

    Examples
    --------
    >>> validate_brackets([(50_000, 0.004, 0), (250_000, 0.005, 60)])
    Traceback (most recent call last):
    ...
    ValueError: brackets[1].maint_amount must be 50 to keep MM continuous at 50,000; got 60
    """
    if len(brackets) == 0:
        raise ValueError("brackets must hold at least one (notional_cap, mmr, maint_amount) row")
    rows: list[Bracket] = []
    for index, row in enumerate(brackets):
        try:
            cap, rate, amount = (float(value) for value in row)
        except (TypeError, ValueError):
            raise ValueError(
                f"brackets[{index}] must be (notional_cap, mmr, maint_amount); got {row!r}"
            ) from None
        if not (cap > 0 and (math.isfinite(cap) or index == len(brackets) - 1)):
            raise ValueError(f"brackets[{index}].notional_cap must be > 0; got {cap!r}")
        if not 0.0 <= rate < 1.0:
            raise ValueError(f"brackets[{index}].mmr must be in [0, 1); got {rate!r}")
        if not (math.isfinite(amount) and amount >= 0):
            raise ValueError(
                f"brackets[{index}].maint_amount must be finite and >= 0; got {amount!r}"
            )
        if rows and cap <= rows[-1].notional_cap:
            raise ValueError(
                f"brackets[{index}].notional_cap must exceed {rows[-1].notional_cap:,g}; got {cap:,g}"
            )
        if rows and rate < rows[-1].mmr:
            raise ValueError(f"brackets[{index}].mmr must be >= {rows[-1].mmr!r}; got {rate!r}")
        floor = rows[-1].notional_cap if rows else 0.0
        expected = floor * (rate - rows[-1].mmr) + rows[-1].maint_amount if rows else 0.0
        if not math.isclose(amount, expected, rel_tol=rel_tol, abs_tol=1e-9):
            raise ValueError(
                f"brackets[{index}].maint_amount must be {expected:,.6g} to keep MM continuous "
                f"at {floor:,.0f}; got {amount:,.6g}"
            )
        rows.append(Bracket(cap, rate, amount))
    return tuple(rows)


def _bracket_arrays(brackets: Sequence[Sequence[float]]) -> tuple[np.ndarray, ...]:
    rows = validate_brackets(brackets)
    caps = np.array([row.notional_cap for row in rows])
    floors = np.concatenate([[0.0], caps[:-1]])
    rates = np.array([row.mmr for row in rows])
    amounts = np.array([row.maint_amount for row in rows])
    return caps, floors, rates, amounts


def _exceeds_table(notional: np.ndarray, caps: np.ndarray) -> None:
    over = np.flatnonzero(np.ravel(notional) > caps[-1])
    if over.size:
        raise ValueError(
            f"notional must be <= the largest bracket cap {caps[-1]:,.0f}; "
            f"got {float(np.ravel(notional)[over[0]]):,.2f}"
        )


@overload
def tiered_maintenance_margin(notional: float, brackets: Sequence[Sequence[float]]) -> float: ...
@overload
def tiered_maintenance_margin(
    notional: ArrayLike, brackets: Sequence[Sequence[float]]
) -> Result: ...
def tiered_maintenance_margin(notional: ArrayLike, brackets: Sequence[Sequence[float]]) -> Result:
    """
    Return the maintenance margin of a position worth ``notional`` under a tier table.

    ::

        MM(n) = n * mmr_k - maint_amount_k     with k the bracket where cap_{k-1} < n <= cap_k

    Parameters
    ----------
    notional : float or array-like
        Position value, USDT; finite, >= 0 and at most the largest cap.
    brackets : sequence of (notional_cap, mmr, maint_amount)
        Ascending, as in `Bracket`; checked by `validate_brackets`.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Maintenance margin, USDT; continuous in ``notional``.

    Raises
    ------
    ValueError
        If ``notional`` is out of range or above the table, or the table is invalid.

    Examples
    --------
    >>> tiered_maintenance_margin([50_000, 500_000], BINANCE_BTCUSDT_2021.brackets)
    array([ 200., 3700.])
    """
    value = as_array("notional", notional, NON_NEGATIVE)
    caps, _, rates, amounts = _bracket_arrays(brackets)
    _exceeds_table(value, caps)
    index = np.searchsorted(caps, value, side="left")
    return wrap(value * rates[index] - amounts[index], notional)


@overload
def tiered_liquidation_price(
    side: Side,
    entry: float,
    qty: float,
    collateral: float,
    brackets: Sequence[Sequence[float]],
    *,
    basis: Basis = ...,
) -> float: ...
@overload
def tiered_liquidation_price(
    side: Sides,
    entry: ArrayLike,
    qty: ArrayLike,
    collateral: ArrayLike,
    brackets: Sequence[Sequence[float]],
    *,
    basis: Basis = ...,
) -> Price: ...
def tiered_liquidation_price(
    side: Sides,
    entry: ArrayLike,
    qty: ArrayLike,
    collateral: ArrayLike,
    brackets: Sequence[Sequence[float]],
    *,
    basis: Basis = "mark",
) -> Price:
    """
    Return the liquidation price under tiered maintenance margin, in the self-consistent bracket.

    Binance's FAQ: work out the LP with a bracket's (mmr, maint_amount); if the notional at
    that LP falls in another bracket, work it out again with that one. Here every bracket is
    tried at once and the one whose LP notional it contains is kept::

        P_k = liquidation_price(side, entry, qty, collateral, mmr_k, maint_amount=amount_k)
        keep k with cap_{k-1} < qty * P_k <= cap_k          (basis="mark")

    With ``basis="entry"`` the MM is fixed on the entry value, so the bracket is the one of
    ``qty * entry``. Linear (USDT-margined) contracts only.

    Parameters
    ----------
    side, entry, qty, collateral
        As in `liquidation_price`.
    brackets : sequence of (notional_cap, mmr, maint_amount)
        Ascending, as in `Bracket`; checked by `validate_brackets`.
    basis : {"mark", "entry"}, default "mark"
        Value the maintenance margin at the liquidation price or on the entry value.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Mark price, USDT per coin, as in `liquidation_price`.

    Raises
    ------
    ValueError
        If a parameter is out of range, the table is invalid, or the notional (at entry, or
        at the liquidation price) is above the table's largest cap.

    Examples
    --------
    Binance's FAQ rule on the 2021 BTCUSDT table: long 5 BTC at 52,000, 5x, wallet 52,000:

    >>> round(tiered_liquidation_price("long", 52_000, 5, 52_000, BINANCE_BTCUSDT_2021.brackets), 2)
    41798.99
    """
    sign = side_sign(side)
    start = as_array("entry", entry, PRICE)
    size = as_array("qty", qty, SIZE)
    margin = as_array("collateral", collateral, NON_NEGATIVE)
    chosen_basis = str(as_choice("basis", basis, BASES))
    common = broadcast(side=sign, entry=start, qty=size, collateral=margin)
    caps, floors, rates, amounts = _bracket_arrays(brackets)
    if chosen_basis == "entry":
        _exceeds_table(size * start, caps)
        index = np.searchsorted(caps, size * start, side="left")
        with np.errstate(all="ignore"):
            result = _solve(
                sign, start, size, margin, rates[index], amounts[index], "entry", "linear"
            )
        return wrap(result, side, entry, qty, collateral)
    shape = (len(caps),) + (1,) * len(common)
    with np.errstate(all="ignore"):
        candidates = _solve(
            sign,
            start,
            size,
            margin,
            rates.reshape(shape),
            amounts.reshape(shape),
            "mark",
            "linear",
        )
    value = size * candidates
    # Distance of each candidate's notional from its own bracket: 0 when self-consistent.
    miss = np.maximum(floors.reshape(shape) - value, 0.0) + np.maximum(
        value - caps.reshape(shape), 0.0
    )
    miss = np.where(
        value == 0.0, np.where(np.arange(len(caps)).reshape(shape) == 0, 0.0, np.inf), miss
    )
    best = np.argmin(miss, axis=0)
    result = np.take_along_axis(candidates, best[np.newaxis, ...], axis=0)[0]
    _exceeds_table(size * result, caps)
    return wrap(result, side, entry, qty, collateral)


BINANCE_BTCUSDT_2021 = TierTable(
    venue="Binance USD-M",
    symbol="BTCUSDT",
    as_of="2021",
    source=(
        "reverse-engineered in 2021 (gist.github.com/highfestiva/b71e76f51eed84d56c1be8ebbcc286b5); "
        "consistent with Binance's FAQ (250,000 -> cum 1,300). Illustration only: live tiers differ."
    ),
    brackets=validate_brackets(
        [
            (50_000, 0.004, 0),
            (250_000, 0.005, 50),
            (1_000_000, 0.010, 1_300),
            (10_000_000, 0.025, 16_300),
            (20_000_000, 0.050, 266_300),
            (50_000_000, 0.100, 1_266_300),
            (100_000_000, 0.125, 2_516_300),
            (200_000_000, 0.150, 5_016_300),
            (300_000_000, 0.250, 25_016_300),
            (500_000_000, 0.500, 100_016_300),
        ]
    ),
)

TIER_TABLES: dict[str, TierTable] = {"BTCUSDT_2021": BINANCE_BTCUSDT_2021}
