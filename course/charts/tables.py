"""Tidy tables for the charts: every number from the engine, at most a few thousand rows.

Each function calls `course.margin` (or reshapes a `course.scenarios` simulation) and
returns a long-format DataFrame that one builder in `course.charts` draws as is. Long inputs
are thinned or binned here, so no chart trips altair's 5,000-row limit::

    price paths, equity curves   keep each bucket's lowest and highest point (shape kept)
    outcomes of many paths       count paths per (mode, outcome, loss bin)

Nothing here imports altair: the tables can be tested and printed on their own.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from course.engine.balance import initial_margin
from course.engine.liquidation import bankruptcy_price, isolated_liquidation_price
from course.engine.validation import (
    BASES,
    FINITE,
    LEVERAGE,
    PRICE,
    RATE,
    Basis,
    Side,
    as_array,
    as_count,
)

PRICE_LEVELS = ("entry", "liquidation", "bankruptcy")  # price_path_table's level rows
SIMULATION_COLUMNS = ("path", "time", "mode", "equity", "liquidated", "loss")  # one per step


def _require_columns(frame: pd.DataFrame, name: str, columns: Sequence[str]) -> None:
    """Raise a ValueError naming ``name`` unless it is a non-empty frame with ``columns``."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame; got {type(frame).__name__}")
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(
            f"{name} must have columns {', '.join(columns)}; missing {', '.join(missing)}"
        )
    if frame.empty:
        raise ValueError(f"{name} must hold at least one row; got an empty DataFrame")


def _thin(frame: pd.DataFrame, column: str, max_points: int, keep: pd.Series) -> pd.DataFrame:
    """
    Keep at most ``max_points`` rows: each bucket's lowest and highest ``column`` value.

    The first and last rows and the rows flagged in ``keep`` always stay, so a wick that
    touches the liquidation price, or the liquidation itself, never disappears.
    """
    if len(frame) <= max_points:
        return frame
    # Buckets of consecutive rows; idxmin/idxmax give row positions (the index is 0..n-1).
    kept = np.flatnonzero(keep.to_numpy())
    buckets = max(1, (max_points - 2 - len(kept)) // 2)
    bucket = np.arange(len(frame)) * buckets // len(frame)
    values = pd.Series(frame[column].to_numpy(dtype=float)).groupby(bucket)
    rows = np.concatenate([values.idxmin(), values.idxmax(), kept, [0, len(frame) - 1]])
    return frame.iloc[np.unique(rows)]


def liquidation_table(
    side: Side,
    entry: float,
    leverages: ArrayLike = tuple(range(1, 101)),
    mmrs: float | Sequence[float] = (0.005,),
    *,
    bases: Sequence[Basis] = BASES,
    marked: float | None = None,
    extra_margin: float = 0.0,
    fee_rate: float = 0.0,
) -> pd.DataFrame:
    """
    Tabulate the isolated liquidation price and its distance from entry against leverage.

    One row per (basis, mmr, leverage), from `isolated_liquidation_price` with ``qty = 1``
    (and ``extra_margin`` and ``fee_rate`` passed on)::

        distance_pct = |liquidation_price - entry| / entry * 100

    A leverage with ``1 / leverage <= mmr + fee_rate`` opens already liquidated, so the
    engine refuses it; such rows are left out.

    Parameters
    ----------
    side : {"long", "short"}
    entry : float
        Entry price, USDT per coin; finite and > 0.
    leverages : array-like, default 1, 2, ..., 100
        Leverage settings, each >= 1.
    mmrs : float or sequence of float, default 0.005
        Maintenance margin rates, each in [0, 1).
    bases : sequence of {"mark", "entry"}, default both
        Where the maintenance margin is valued (see `liquidation_price`).
    marked : float, optional
        A leverage to highlight (a slider's value); it is added to ``leverages`` if missing.
    extra_margin : float, default 0.0
        Margin added to each position after opening, USDT; finite and >= 0.
    fee_rate : float, default 0.0
        Closing fee rate reserved from the margin, in [0, 1).

    Returns
    -------
    pandas.DataFrame
        Columns ``side, basis, mmr, mmr_pct, leverage, liquidation_price, distance_pct,
        marked`` (``marked`` is True on the rows of the highlighted leverage).

    Raises
    ------
    ValueError
        If a leverage, rate, the entry or the side is out of range; the message names it.

    Examples
    --------
    >>> table = liquidation_table("long", 65_000, [5, 10], [0.005], marked=10)
    >>> list(table.columns)
    ['side', 'basis', 'mmr', 'mmr_pct', 'leverage', 'liquidation_price', 'distance_pct', 'marked']
    >>> table.loc[table.basis.eq("entry") & table.marked, "liquidation_price"].item()
    58825.0
    """
    levels = np.atleast_1d(as_array("leverages", leverages, LEVERAGE))
    if marked is not None:
        levels = np.union1d(levels, [float(as_array("marked", marked, LEVERAGE))])
    frames = []
    for basis in bases:
        for mmr in np.atleast_1d(as_array("mmrs", mmrs, RATE)):
            feasible = levels[1.0 / levels > mmr + fee_rate]
            price = isolated_liquidation_price(
                side,
                entry,
                feasible,
                float(mmr),
                extra_margin=extra_margin,
                fee_rate=fee_rate,
                basis=basis,
            )
            frames.append(
                pd.DataFrame(
                    {
                        "side": side,
                        "basis": basis,
                        "mmr": float(mmr),
                        "mmr_pct": float(mmr) * 100,
                        "leverage": feasible,
                        "liquidation_price": price,
                        "distance_pct": np.abs(price - entry) / entry * 100,
                        "marked": feasible == (np.nan if marked is None else float(marked)),
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def price_path_table(
    path: pd.DataFrame,
    side: Side,
    leverage: float,
    mmr: float,
    *,
    entry: float | None = None,
    basis: Basis = "mark",
    max_points: int = 2_000,
    time_column: str = "time",
    price_column: str = "price",
) -> pd.DataFrame:
    """
    Stack a price path with its entry, liquidation and bankruptcy levels and the liquidation.

    The levels are those of a 1-coin isolated position opened at ``entry``::

        liquidation = isolated_liquidation_price(side, entry, leverage, mmr, basis=basis)
        bankruptcy  = bankruptcy_price(side, entry, 1, initial_margin(1, entry, leverage))

    The liquidation is the first row where the path reaches the liquidation price
    (``price <= liquidation`` for a long, ``>=`` for a short), found on the full path
    before it is thinned to ``max_points``.

    Parameters
    ----------
    path : pandas.DataFrame
        Times (datetimes or numbers, ascending) and prices (USDT per coin), in the columns
        named by ``time_column`` and ``price_column``.
    side : {"long", "short"}
    leverage : float
        Leverage setting, >= 1.
    mmr : float
        Maintenance margin rate, in [0, 1).
    entry : float, optional
        Entry price; the path's first price by default.
    basis : {"mark", "entry"}, default "mark"
    max_points : int, default 2,000
        Most path rows kept (each bucket's low and high stay), >= 10.
    time_column, price_column : str, default "time", "price"
        E.g. ``"date"`` and ``"close"`` for `course.scenarios.load_episode`.

    Returns
    -------
    pandas.DataFrame
        Columns ``series, time, price``; ``series`` is "price" for the path, one row each
        for "entry", "liquidation" and "bankruptcy" (no time), and "liquidated" for the
        first crossing (absent if the path never reaches the liquidation price).

    Raises
    ------
    ValueError
        If ``path`` lacks a column or rows, a price is not finite and > 0, ``max_points``
        < 10, or the engine refuses the side, leverage, rate or basis.

    Examples
    --------
    >>> path = pd.DataFrame({"time": [0, 1, 2, 3], "price": [100.0, 95.0, 89.0, 92.0]})
    >>> table = price_path_table(path, "long", leverage=10, mmr=0.005)
    >>> table.loc[table.series.eq("liquidated"), ["time", "price"]].values.tolist()
    [[2.0, 89.0]]
    """
    _require_columns(path, "path", (time_column, price_column))
    as_count("max_points", max_points, 10)
    path = pd.DataFrame(
        {
            "time": path[time_column].to_numpy(),
            "price": as_array("price", path[price_column], PRICE),
        }
    )
    prices = path["price"]
    start = float(prices.iloc[0]) if entry is None else entry
    liquidation = isolated_liquidation_price(side, start, leverage, mmr, basis=basis)
    bankruptcy = bankruptcy_price(side, start, 1.0, initial_margin(1.0, start, leverage))
    crossed = prices.le(liquidation) if side == "long" else prices.ge(liquidation)
    first = crossed & ~crossed.shift(fill_value=False).cummax()
    line = _thin(path, "price", max_points, first)
    levels = pd.DataFrame({"series": PRICE_LEVELS, "price": [start, liquidation, bankruptcy]})
    return pd.concat(
        [
            line.assign(series="price"),
            levels,
            path.loc[first, ["time", "price"]].assign(series="liquidated"),
        ],
        ignore_index=True,
    )[["series", "time", "price"]]


def equity_table(
    simulation: pd.DataFrame, *, path: object | None = None, max_points: int = 1_000
) -> pd.DataFrame:
    """
    Pick one path of a simulation and flag the moment each mode is liquidated.

    ``liquidated`` is read as "liquidated at or before this time", so the liquidation is
    each mode's first True row. Long paths are thinned per mode to ``max_points`` rows
    (each bucket's lowest and highest equity, the first and last rows and the liquidation).

    Parameters
    ----------
    simulation : pandas.DataFrame
        Columns ``path, time, mode, equity, liquidated`` (``loss`` and others may follow),
        as `course.scenarios` returns them; equity in USDT.
    path : optional
        The ``path`` value to draw; the first path by default.
    max_points : int, default 1,000
        Most rows kept per mode, >= 10.

    Returns
    -------
    pandas.DataFrame
        Columns ``path, time, mode, equity, liquidated, liquidation_moment``.

    Raises
    ------
    ValueError
        If ``simulation`` lacks a column or rows, an equity is not finite, ``path`` is
        not one of its paths, or ``max_points`` < 10.

    Examples
    --------
    >>> simulation = pd.DataFrame({"path": 0, "time": [0, 1, 0, 1],
    ...     "mode": ["cross", "cross", "isolated", "isolated"], "equity": [5e3, 4e3, 3e3, 0.0],
    ...     "liquidated": [False, False, False, True], "loss": [0, 1e3, 0, 3e3]})
    >>> equity_table(simulation).liquidation_moment.tolist()
    [False, False, False, True]
    """
    _require_columns(simulation, "simulation", SIMULATION_COLUMNS[:5])
    as_count("max_points", max_points, 10)
    as_array("equity", simulation["equity"], FINITE)
    chosen = simulation["path"].iloc[0] if path is None else path
    one = simulation[simulation["path"] == chosen]
    if one.empty:
        raise ValueError(f"path must be one of the simulation's paths; got {path!r}")
    frames = []
    ordered = one.sort_values(["mode", "time"], kind="stable")
    for _, rows in ordered.groupby("mode", sort=False, observed=True):
        rows = rows[["path", "time", "mode", "equity", "liquidated"]].reset_index(drop=True)
        done = rows["liquidated"].astype(bool)
        rows["liquidation_moment"] = done & ~done.shift(fill_value=False).cummax()
        frames.append(_thin(rows, "equity", max_points, rows["liquidation_moment"]))
    return pd.concat(frames, ignore_index=True)


def outcome_table(simulation: pd.DataFrame, *, bins: int = 40) -> pd.DataFrame:
    """
    Count the paths of a simulation by mode, outcome and final-loss bin.

    Each (path, mode) keeps its last row's ``loss`` (by ``time``, if there is such a
    column) and whether it was ever liquidated; losses are then cut into ``bins``
    equal-width bins shared by every mode, so 50,000 paths become at most
    ``2 * modes * bins`` rows (empty bins are left out).

    Parameters
    ----------
    simulation : pandas.DataFrame
        Columns ``path, mode, liquidated, loss`` (USDT, negative for a gain), and
        optionally ``time``: `course.scenarios.simulation.simulate_margin_modes` (every step) or
        `course.scenarios.simulation.summarize_margin_modes` (one row per path and mode).
    bins : int, default 40
        Number of loss bins, >= 1.

    Returns
    -------
    pandas.DataFrame
        Columns ``mode, outcome, loss_start, loss_end, paths``; ``outcome`` is
        "liquidated" or "not liquidated" and ``paths`` the count in that bin.

    Raises
    ------
    ValueError
        If ``simulation`` lacks a column or rows, a loss is not finite, or ``bins`` < 1.

    Examples
    --------
    >>> simulation = pd.DataFrame({"path": [0, 1, 0, 1], "time": 1,
    ...     "mode": ["cross", "cross", "isolated", "isolated"],
    ...     "liquidated": [False, True, False, True], "loss": [10.0, 5_000, 10, 3_000]})
    >>> int(outcome_table(simulation, bins=2).paths.sum())
    4
    """
    _require_columns(simulation, "simulation", ("path", "mode", "liquidated", "loss"))
    as_count("bins", bins, 1)
    as_array("loss", simulation["loss"], FINITE)
    if "time" in simulation.columns:
        simulation = simulation.sort_values("time", kind="stable")
    ordered = simulation.groupby(["path", "mode"], observed=True)
    final = pd.DataFrame(
        {"loss": ordered["loss"].last().astype(float), "liquidated": ordered["liquidated"].any()}
    ).reset_index()
    edges = np.histogram_bin_edges(final["loss"], bins=bins)
    which = np.clip(np.searchsorted(edges, final["loss"], side="right") - 1, 0, bins - 1)
    final["outcome"] = np.where(final["liquidated"], "liquidated", "not liquidated")
    sizes = final.assign(bin=which).groupby(["mode", "outcome", "bin"], observed=True).size()
    counts = sizes.rename("paths").reset_index()
    counts["loss_start"] = edges[counts["bin"]]
    counts["loss_end"] = edges[counts["bin"] + 1]
    return counts[["mode", "outcome", "loss_start", "loss_end", "paths"]]
