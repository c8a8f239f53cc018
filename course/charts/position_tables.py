"""Tidy tables of positions and tiers for the charts: a shocked portfolio, tiered MM.

Like `course.charts.tables` (which re-exports these), every number comes from the engine.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from course.engine.balance import unrealized_pnl
from course.engine.cross import Position, cross_liquidation_price, shock_marks
from course.engine.tiers import BINANCE_BTCUSDT_2021, tiered_maintenance_margin
from course.engine.validation import FINITE, Basis, as_array, as_count


def tier_table(
    brackets: Sequence[Sequence[float]] = BINANCE_BTCUSDT_2021.brackets,
    *,
    start: float = 1_000.0,
    points: int = 200,
) -> pd.DataFrame:
    """
    Tabulate tiered maintenance margin against notional, on both sides of every cap.

    ``points`` log-spaced notionals from ``start`` to the last cap, plus each cap and the
    next float above it, all through `tiered_maintenance_margin`; so the table shows MM
    at a boundary from both brackets (they agree: MM is continuous), while the bracket's
    rate jumps::

        effective_rate_pct = MM / notional * 100

    Parameters
    ----------
    brackets : sequence of (notional_cap, mmr, maint_amount), default Binance BTCUSDT 2021
        Checked by `validate_brackets`; the last cap must be finite.
    start : float, default 1,000
        Smallest notional, USDT; > 0 and below the first cap.
    points : int, default 200
        Log-spaced notionals besides the boundaries, >= 2.

    Returns
    -------
    pandas.DataFrame
        Columns ``notional, maintenance_margin, effective_rate_pct, bracket, mmr_pct,
        maint_amount, boundary`` (``bracket`` counts from 1; ``boundary`` is True at a cap
        and just above it).

    Raises
    ------
    ValueError
        If the table is invalid, ``start`` is not below the first cap, or ``points`` < 2.

    Examples
    --------
    >>> table = tier_table(points=10)
    >>> table.loc[table.notional.eq(250_000), "maintenance_margin"].item()
    1200.0
    """
    as_count("points", points, 2)
    caps = np.array([float(row[0]) for row in brackets])
    if not (0 < start < caps[0]) or not math.isfinite(caps[-1]):
        raise ValueError(
            f"start must be in (0, {caps[0]:,g}), below a finite last cap; got {start!r}"
        )
    above = np.nextafter(caps[:-1], np.inf)
    notionals = np.unique(np.concatenate([np.geomspace(start, caps[-1], points), caps, above]))
    bracket = np.searchsorted(caps, notionals, side="left")
    margin = tiered_maintenance_margin(notionals, brackets)
    return pd.DataFrame(
        {
            "notional": notionals,
            "maintenance_margin": margin,
            "effective_rate_pct": margin / notionals * 100,
            "bracket": bracket + 1,
            "mmr_pct": np.array([float(row[1]) for row in brackets])[bracket] * 100,
            "maint_amount": np.array([float(row[2]) for row in brackets])[bracket],
            "boundary": np.isin(notionals, caps[:-1]) | np.isin(notionals, above),
        }
    )


def shock_table(
    positions: Sequence[Position],
    wallet_balance: float,
    shocks_pct: ArrayLike = tuple(range(-30, 31)),
    *,
    basis: Basis = "mark",
) -> pd.DataFrame:
    """
    Move every mark by the same percentage and tabulate each position's PnL and fate.

    The positions share one cross wallet. At each shock `shock_marks` moves every mark to
    ``mark * (1 + shock_pct / 100)`` (from the mark, not the entry); then, with `Position`
    methods and `cross_liquidation_price` (the other positions at their shocked marks)::

        pnl                  = position.unrealized_pnl()
        account_equity       = wallet_balance + sum(pnl)
        account_maintenance  = sum(maintenance_margin(basis))
        liquidated           = account_equity <= account_maintenance

    The whole cross account is liquidated at once, so the flag is the same for every
    position at one shock; it agrees with each position's own cross liquidation price.

    Parameters
    ----------
    positions : sequence of Position
        The open positions (linear, USDT).
    wallet_balance : float
        Cross wallet balance, USDT; >= 0.
    shocks_pct : array-like, default -30, -29, ..., 30
        Shocks in percent, each finite and > -100.
    basis : {"mark", "entry"}, default "mark"

    Returns
    -------
    pandas.DataFrame
        Columns ``position, symbol, side, shock_pct, mark, pnl, liquidation_price,
        account_equity, account_maintenance, liquidated, status``; ``position`` reads "BTCUSDT long",
        ``status`` is "liquidated" or "open".

    Raises
    ------
    ValueError
        If a shock is not finite and > -100, ``positions`` is empty or not a sequence
        of `Position`, or ``wallet_balance`` is out of range.

    Examples
    --------
    >>> btc = Position("BTCUSDT", "long", qty=1, entry=60_000)
    >>> eth = Position("ETHUSDT", "short", qty=10, entry=3_000)
    >>> table = shock_table([btc, eth], 6_000, [-5, 0])
    >>> table.loc[table.shock_pct.eq(-5), "pnl"].tolist()
    [-3000.0, 1500.0]
    """
    shocks = np.atleast_1d(as_array("shocks_pct", shocks_pct, FINITE))
    if np.any(shocks <= -100):
        raise ValueError(f"shocks_pct must be finite and > -100; got {float(shocks.min())!r}")
    if isinstance(positions, Position) or len(positions) == 0:
        raise ValueError(f"positions must be a non-empty sequence of Position; got {positions!r}")
    rows = []
    for shock in shocks:
        moved = shock_marks(positions, float(shock))
        equity = wallet_balance + math.fsum(p.unrealized_pnl() for p in moved)
        maintenance = math.fsum(p.maintenance_margin(basis) for p in moved)
        liquidated = equity <= maintenance
        for p in moved:
            rows.append(
                {
                    "position": f"{p.symbol} {p.side}",
                    "symbol": p.symbol,
                    "side": p.side,
                    "shock_pct": float(shock),
                    "mark": p.mark,
                    "pnl": unrealized_pnl(p.side, p.entry, p.qty, p.mark),
                    "liquidation_price": cross_liquidation_price(
                        wallet_balance, moved, p.symbol, basis=basis
                    ),
                    "account_equity": equity,
                    "account_maintenance": maintenance,
                    "liquidated": liquidated,
                    "status": "liquidated" if liquidated else "open",
                }
            )
    return pd.DataFrame(rows)
