"""Cross against isolated margin: the same positions and the same wallet, over many price paths.

Each position is linear (USDT-margined) and opens at the first price of its path. With
``s = +1`` for a long and ``-1`` for a short, at every step ``t`` of every path::

    uPnL_j(t) = s_j * qty_j * (P_j(t) - entry_j)       as course.engine.balance.unrealized_pnl
    MM_j(t)   = qty_j * P_j(t) * mmr_j     (basis="mark", as course.engine.balance.maintenance_margin)
              = qty_j * entry_j * mmr_j    (basis="entry")

* **isolated**: position ``j`` has its own margin ``qty_j * entry_j / leverage_j`` and is
  liquidated at the first step where ``margin_j + uPnL_j(t) <= MM_j(t)``; that margin is lost
  (no more) and the position stays closed. The wallet not posted as margin is kept.
* **cross**: the whole ``wallet_balance`` backs every position; the account is liquidated at
  the first step where ``wallet_balance + sum_j uPnL_j(t) <= sum_j MM_j(t)``, every position
  is closed and the whole wallet is lost.

Both modes start from the same wallet, so their losses compare like for like. The work is
array arithmetic over (paths, steps); the only Python loop runs over the few positions.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from course.engine.liquidation import _require_room_above_maintenance
from course.engine.validation import (
    BASES,
    LEVERAGE,
    POSITIVE,
    PRICE,
    RATE,
    SIZE,
    Basis,
    Side,
    as_array,
    as_choice,
    as_count,
    broadcast,
    side_sign,
)

MODES = ("cross", "isolated")
MAX_ROWS = 2_000_000
"""The most rows `simulate_margin_modes` builds; thin with ``every=`` or use the summary."""


class _Outcome(NamedTuple):
    """Equity per mode, path and step, and when and how often each path was liquidated."""

    equity: np.ndarray  # (2, paths, times): cross, isolated
    liquidated_at: np.ndarray  # (2, paths): first liquidation step, or `times` if none
    liquidations: np.ndarray  # (2, paths): positions closed by liquidation


def _per_position(name: str, value: np.ndarray) -> np.ndarray:
    """Refuse anything but a number or a 1-D array with one entry per position."""
    if value.ndim > 1:
        raise ValueError(
            f"{name} must be a number or a 1-D array, one per position; got shape {value.shape}"
        )
    return value


def _first_true(hits: np.ndarray) -> np.ndarray:
    """Return the first column index where each row is True, or the row length if none is."""
    first = hits.argmax(axis=1)
    found = hits[np.arange(hits.shape[0]), first]
    return np.where(found, first, hits.shape[1])


def _check(prices, side, qty, leverage, wallet_balance, mmr, basis):
    """Validate the inputs; return prices as (paths, times, columns) and 1-D position arrays."""
    values = as_array("prices", prices, PRICE)
    if values.ndim not in (2, 3) or 0 in values.shape:
        raise ValueError(
            "prices must be a non-empty (paths, steps + 1) or (paths, steps + 1, positions) "
            f"array; got shape {values.shape}"
        )
    if values.ndim == 2:
        values = values[:, :, np.newaxis]
    sign = _per_position("side", np.asarray(side_sign(side)))
    size = _per_position("qty", as_array("qty", qty, SIZE))
    lever = _per_position("leverage", as_array("leverage", leverage, LEVERAGE))
    rate = _per_position("mmr", as_array("mmr", mmr, RATE))
    shape = broadcast(side=sign, qty=size, leverage=lever, mmr=rate)  # names them if they clash
    columns = values.shape[2]
    described = shape[0] if shape else 1
    if columns != 1 and described not in (1, columns):
        raise ValueError(
            f"prices has {columns} position columns but side, qty, leverage and mmr "
            f"describe {described} positions"
        )
    count = max(described, columns)
    sign, size, lever, rate = (np.broadcast_to(a, (count,)) for a in (sign, size, lever, rate))
    # With no maintenance amount the room check depends on leverage and mmr only.
    _require_room_above_maintenance(lever, size, rate, 0.0)
    wallet = as_array("wallet_balance", wallet_balance, POSITIVE)
    if wallet.ndim:
        raise ValueError(f"wallet_balance must be a single number; got shape {wallet.shape}")
    return values, sign, size, lever, float(wallet), rate, str(as_choice("basis", basis, BASES))


def _simulate(prices, side, qty, leverage, wallet_balance, mmr, basis) -> _Outcome:
    """Run both modes over every path; the loop is over positions, never paths or steps."""
    values, sign, size, lever, wallet, rate, basis = _check(
        prices, side, qty, leverage, wallet_balance, mmr, basis
    )
    paths, times, columns = values.shape
    entries = values[:, 0, :] if columns > 1 else np.repeat(values[:, 0, :], len(sign), axis=1)
    margins = size * entries / lever  # (paths, positions): isolated margin = IM
    posted = margins.sum(axis=1)
    if posted.max() > wallet:
        raise ValueError(
            f"wallet_balance must be >= the total isolated margin {posted.max():,.2f} so that "
            f"both modes start from the same wallet; got {wallet!r}"
        )
    steps = np.arange(times)
    equity = np.empty((2, paths, times))
    cross, isolated = equity  # views: cross accumulates sum uPnL, isolated the open equity
    cross[:] = wallet
    isolated[:] = (wallet - posted)[:, np.newaxis]  # the free balance is kept
    total_mm = np.zeros((paths, times))
    isolated_first = np.full(paths, times)
    isolated_count = np.zeros(paths, dtype=int)
    for j in range(len(sign)):
        price = np.ascontiguousarray(values[:, :, j if columns > 1 else 0])
        entry = price[:, :1]
        pnl = sign[j] * size[j] * (price - entry)
        mm = size[j] * rate[j] * (price if basis == "mark" else entry)
        cross += pnl
        total_mm += mm
        pnl += margins[:, j : j + 1]  # now the position's isolated equity
        first = _first_true(pnl <= mm)
        pnl[steps >= first[:, np.newaxis]] = 0.0  # liquidated: its margin is gone
        isolated += pnl
        isolated_first = np.minimum(isolated_first, first)
        isolated_count += first < times
    cross_first = _first_true(cross <= total_mm)
    cross[steps >= cross_first[:, np.newaxis]] = 0.0  # liquidated: the whole wallet is gone
    cross_count = np.where(cross_first < times, len(sign), 0)
    return _Outcome(
        equity=equity,
        liquidated_at=np.stack([cross_first, isolated_first]),
        liquidations=np.stack([cross_count, isolated_count]),
    )


def _modes(repeats: int) -> pd.Categorical[str]:
    """The mode column: every cross row first, then every isolated row."""
    return pd.Categorical.from_codes(np.repeat([0, 1], repeats), categories=pd.Index(MODES))


def summarize_margin_modes(
    prices: ArrayLike,
    side: Side | ArrayLike,
    qty: ArrayLike,
    leverage: ArrayLike,
    wallet_balance: float,
    mmr: ArrayLike = 0.005,
    *,
    basis: Basis = "mark",
) -> pd.DataFrame:
    """
    Simulate cross and isolated margin over every path and return one row per path and mode.

    Liquidation comes at the first step where equity <= maintenance margin, per position
    (isolated) or for the whole account (cross)::

        isolated:  IM_j + uPnL_j(t) <= MM_j(t),     then IM_j = qty_j * entry_j / leverage_j is lost
        cross:     WB + sum_j uPnL_j(t) <= sum_j MM_j(t),  then the whole WB is lost
        loss = WB - final_equity

    Lessons use it to settle "isolated is always safer" over thousands of paths.

    Parameters
    ----------
    prices : array-like, shape (paths, steps + 1) or (paths, steps + 1, positions)
        Mark prices, USDT per coin; finite and > 0. The first column of each path is every
        position's entry. A 2-D array is one asset that all positions share; a 3-D array
        gives each position its own column (see `course.scenarios.gbm_paths`).
    side : {"long", "short"} or a 1-D array of them, one per position
    qty : float or 1-D array-like
        Coins per position; finite and > 0.
    leverage : float or 1-D array-like
        Leverage setting per position, finite and >= 1, with ``1/leverage > mmr``; it fixes
        the isolated margin ``qty * entry / leverage``.
    wallet_balance : float
        The account's USDT, the same in both modes; finite, > 0 and at least the total
        isolated margin (the rest stays free in isolated mode).
    mmr : float or 1-D array-like, default 0.005
        Maintenance margin rate per position, in [0, 1).
    basis : {"mark", "entry"}, default "mark"
        Value MM at the mark price (Binance, OKX) or on the entry value (classic Bybit).

    Returns
    -------
    pandas.DataFrame
        ``path`` (int), ``mode`` ("cross"/"isolated"), ``final_equity`` (USDT at the last
        step), ``liquidated`` (bool), ``liquidation_time`` (first liquidation step, Int64,
        <NA> if none), ``liquidations`` (positions closed by liquidation) and ``loss``
        (``wallet_balance - final_equity``, USDT; negative is a gain). Cross rows come first.

    Raises
    ------
    ValueError
        If an input is out of range, the shapes disagree, or the wallet cannot post every
        isolated margin; the message names the parameter.

    See Also
    --------
    simulate_margin_modes : the same simulation, one row per path, mode and step.

    Examples
    --------
    A 10x long of 1 coin at 100 with a 1,000 USDT wallet; the price drops 20% at step 1:

    >>> table = summarize_margin_modes([[100.0, 80.0]], "long", qty=1, leverage=10,
    ...                                wallet_balance=1_000)
    >>> table[["mode", "liquidated", "liquidation_time", "loss"]]
           mode  liquidated  liquidation_time  loss
    0     cross       False              <NA>  20.0
    1  isolated        True                 1  10.0
    """
    outcome = _simulate(prices, side, qty, leverage, wallet_balance, mmr, basis)
    paths, times = outcome.equity.shape[1:]
    final = outcome.equity[:, :, -1].ravel()
    first = outcome.liquidated_at.ravel()
    liquidated = first < times
    liquidation_time = pd.array(first, dtype="Int64")
    liquidation_time[~liquidated] = pd.NA
    return pd.DataFrame(
        {
            "path": np.tile(np.arange(paths), 2),
            "mode": _modes(paths),
            "final_equity": final,
            "liquidated": liquidated,
            "liquidation_time": liquidation_time,
            "liquidations": outcome.liquidations.ravel(),
            "loss": float(wallet_balance) - final,
        }
    )


def simulate_margin_modes(
    prices: ArrayLike,
    side: Side | ArrayLike,
    qty: ArrayLike,
    leverage: ArrayLike,
    wallet_balance: float,
    mmr: ArrayLike = 0.005,
    *,
    basis: Basis = "mark",
    every: int = 1,
) -> pd.DataFrame:
    """
    Simulate cross and isolated margin and return the account's equity at every step.

    The same model as `summarize_margin_modes`, kept step by step for charts::

        equity(t) = WB + sum_j uPnL_j(t)                          cross, 0 once liquidated
        equity(t) = WB - sum_j IM_j + sum_open_j (IM_j + uPnL_j(t))   isolated
        loss(t)   = WB - equity(t)

    Parameters
    ----------
    prices, side, qty, leverage, wallet_balance, mmr, basis
        As in `summarize_margin_modes`.
    every : int, default 1
        Keep every ``every``-th step (and always the last); integer >= 1. The table has
        ``2 * paths * kept_steps`` rows and must stay within `MAX_ROWS`.

    Returns
    -------
    pandas.DataFrame
        One row per mode, path and kept step: ``path``, ``time`` (step index, 0 = entry;
        days when ``dt = 1/365``), ``mode`` ("cross"/"isolated"), ``equity`` (USDT),
        ``liquidated`` (True from the step of the account's, or any isolated position's,
        first liquidation) and ``loss`` (USDT, ``wallet_balance - equity``).

    Raises
    ------
    ValueError
        As in `summarize_margin_modes`, or if ``every`` leaves more than `MAX_ROWS` rows.

    Examples
    --------
    >>> table = simulate_margin_modes([[100.0, 80.0, 100.0]], "long", qty=1, leverage=10,
    ...                               wallet_balance=1_000)
    >>> table.pivot(index="time", columns="mode", values="loss")
    mode  cross  isolated
    time
    0       0.0       0.0
    1      20.0      10.0
    2       0.0      10.0
    """
    step = as_count("every", every, 1)
    values = as_array("prices", prices, PRICE)
    if values.ndim in (2, 3):
        paths, times = values.shape[:2]
        kept = len(range(0, times, step)) + (1 if (times - 1) % step else 0)
        if 2 * paths * kept > MAX_ROWS:
            raise ValueError(
                f"every must leave at most {MAX_ROWS:,} rows (2 modes x {paths:,} paths x "
                f"{kept:,} steps = {2 * paths * kept:,}); got {step!r}. Use a larger every, "
                "fewer paths, or summarize_margin_modes"
            )
    outcome = _simulate(values, side, qty, leverage, wallet_balance, mmr, basis)
    paths, times = outcome.equity.shape[1:]
    kept_steps = np.union1d(np.arange(0, times, step), [times - 1])
    equity = outcome.equity[:, :, kept_steps].ravel()
    liquidated = kept_steps[np.newaxis, np.newaxis, :] >= outcome.liquidated_at[:, :, np.newaxis]
    return pd.DataFrame(
        {
            "path": np.tile(np.repeat(np.arange(paths), len(kept_steps)), 2),
            "time": np.tile(kept_steps, 2 * paths),
            "mode": _modes(paths * len(kept_steps)),
            "equity": equity,
            "liquidated": liquidated.ravel(),
            "loss": float(wallet_balance) - equity,
        }
    )


__all__ = ["MAX_ROWS", "MODES", "simulate_margin_modes", "summarize_margin_modes"]
