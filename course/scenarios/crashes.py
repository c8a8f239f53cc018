"""Crash windows read two ways: on the shipped daily closes and on the reported intraday lows.

`CRASHES` names, for each shipped window and asset, the last close before the crash, the
crash day, and the intraday lows the sources report (shared/reference/pedagogy-and-cases.md
section 4; ranges where venues differ). The tables below compare them: the close-to-close
move against the reported one, which leverage survives each, the window's maximum drawdown,
cross against isolated margin, and an entry date x leverage x margin mode grid. Prices come
from Coin Metrics (CC BY-NC 4.0): each table's ``attrs["attribution"]`` holds the line to
show. The reported lows are the sources', not Coin Metrics'.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from course.engine.crashes import adverse_move, max_drawdown, survivable_leverage
from course.engine.liquidation import isolated_liquidation_price, liquidation_price
from course.engine.validation import SIDES, Side, as_choice
from course.scenarios.episodes import ASSETS, ATTRIBUTION, episode_names, load_episode

LEVERAGES = (2.0, 3.0, 5.0, 10.0, 20.0)
MODES = ("isolated", "cross")
BASES = ("close", "reported low")
MMR = 0.005
WALLET_MULTIPLE = 3.0  # cross: the wallet holds this many times the isolated margin


class Crash(NamedTuple):
    """
    One asset's crash in one window: where the lesson enters, and what was reported.

    Parameters
    ----------
    episode, asset : str
        The shipped window and the asset.
    entry_date : str
        The last UTC close before the crash, where the lesson's longs enter.
    crash_date : str
        The close compared with it (FTX: two days later).
    low, high_low : float
        The lowest and the highest of the reported intraday lows, USD.
    low_source : str
        Who reported them.
    """

    episode: str
    asset: str
    entry_date: str  # the last UTC close before the crash
    crash_date: str  # the close the reference compares with (FTX: two days later)
    low: float  # the lowest reported intraday price (any venue)
    high_low: float  # the highest of the reported lows (the mildest reading)
    low_source: str


CRASHES = (
    Crash("2020-03-12_black_thursday", "BTC", "2020-03-11", "2020-03-12", 3_596.0, 3_800.0,
          "BitMEX XBT perpetual 3,596; spot about 3,800 (Huobi)"),
    Crash("2020-03-12_black_thursday", "ETH", "2020-03-11", "2020-03-12", 90.0, 90.0,
          "intraday about 90 (secondary reports)"),
    Crash("2021-04-18_flash_crash", "BTC", "2021-04-17", "2021-04-18", 50_900.0, 51_500.0,
          "Binance 50,900; about 51,500 elsewhere"),
    Crash("2021-05-19_china_crash", "BTC", "2021-05-18", "2021-05-19", 30_057.0, 31_100.0,
          "venue lows 30,057 to 31,100"),
    Crash("2021-05-19_china_crash", "ETH", "2021-05-18", "2021-05-19", 1_874.0, 1_900.0,
          "venue lows 1,874 to 1,900"),
    Crash("2022-11-08_ftx_collapse", "BTC", "2022-11-07", "2022-11-09", 15_625.0, 15_625.0,
          "CoinDesk BPI 15,625 on 9 November"),
    Crash("2022-11-08_ftx_collapse", "ETH", "2022-11-07", "2022-11-09", 1_093.0, 1_093.0,
          "no intraday low reported: the close is used"),
    Crash("2024-08-05_yen_carry_unwind", "BTC", "2024-08-04", "2024-08-05", 49_513.0, 49_513.0,
          "49,513 (secondary reports)"),
    Crash("2024-08-05_yen_carry_unwind", "ETH", "2024-08-04", "2024-08-05", 2_118.0, 2_118.0,
          "2,118 (secondary reports)"),
    Crash("2025-10-10_tariff_liquidation_cascade", "BTC", "2025-10-09", "2025-10-10",
          101_000.0, 105_000.0, "venue lows quoted 101,000 to 105,000"),
    Crash("2025-10-10_tariff_liquidation_cascade", "ETH", "2025-10-09", "2025-10-10",
          3_435.0, 3_700.0, "venue lows quoted 3,435 to 3,700"),
)  # fmt: skip


def crash(episode: str, asset: str) -> Crash:
    """
    Return the `Crash` of one window and asset.

    Parameters
    ----------
    episode : str
        One of `course.scenarios.episode_names()`.
    asset : {"BTC", "ETH"}

    Returns
    -------
    Crash

    Raises
    ------
    ValueError
        If the window or the asset is unknown, or the window has no such asset.

    Examples
    --------
    >>> crash("2020-03-12_black_thursday", "BTC").low
    3596.0
    """
    chosen = str(as_choice("episode", episode, episode_names()))
    kind = str(as_choice("asset", asset, ASSETS))
    for item in CRASHES:
        if (item.episode, item.asset) == (chosen, kind):
            return item
    raise ValueError(f"asset must be one the window {chosen} ships; got {kind!r}")


def close_on(episode: str, asset: str, date: str) -> float:
    """
    Return one shipped close, USD.

    Parameters
    ----------
    episode : str
        One of `course.scenarios.episode_names()`.
    asset : {"BTC", "ETH"}
    date : str
        A UTC day of the window, ``"YYYY-MM-DD"``.

    Returns
    -------
    float

    Examples
    --------
    >>> close_on("2020-03-12_black_thursday", "BTC", "2020-03-11")
    7939.34
    """
    table = load_episode(episode, asset)
    return float(table.loc[table["date"] == pd.Timestamp(date), "close"].item())


def _attributed(table: pd.DataFrame) -> pd.DataFrame:
    table.attrs["attribution"] = ATTRIBUTION
    return table


def crash_moves() -> pd.DataFrame:
    """
    Return each crash's close-to-close move beside its reported intraday move.

    Returns
    -------
    pandas.DataFrame
        One row per window and asset: ``entry_close``, ``crash_close``, ``low``,
        ``high_low``, ``close_move_pct`` and ``low_move_pct`` (negative: a fall, percent),
        ``max_drawdown_pct`` (close basis, the whole window) and ``low_source``.

    Examples
    --------
    >>> row = crash_moves().iloc[0]
    >>> float(round(row["close_move_pct"], 1)), float(round(row["max_drawdown_pct"], 1))
    (-37.5, -45.8)
    """
    rows = []
    for item in CRASHES:
        entry = close_on(item.episode, item.asset, item.entry_date)
        closes = load_episode(item.episode, item.asset)["close"].to_numpy(dtype=float)
        rows.append(
            {
                "episode": item.episode,
                "asset": item.asset,
                "entry_close": entry,
                "crash_close": close_on(item.episode, item.asset, item.crash_date),
                "low": item.low,
                "high_low": item.high_low,
                "close_move_pct": -100
                * adverse_move("long", entry, close_on(item.episode, item.asset, item.crash_date)),
                "low_move_pct": -100 * adverse_move("long", entry, item.low),
                "max_drawdown_pct": 100 * max_drawdown(closes),
                "low_source": item.low_source,
            }
        )
    return _attributed(pd.DataFrame(rows))


def survival_table(leverages=LEVERAGES, mmr: float = MMR) -> pd.DataFrame:
    """
    Return, for each crash and leverage, whether a long from the last close survives.

    The long is isolated, entered at the last close before the crash, with MM on entry
    value. It survives the close when its liquidation price is below the crash-day close,
    and the reported low when it is below the lowest reported price.

    Parameters
    ----------
    leverages : sequence of float, default `LEVERAGES`
    mmr : float, default 0.005

    Returns
    -------
    pandas.DataFrame
        ``episode``, ``asset``, ``leverage``, ``liquidation_price``, ``survives_close``,
        ``survives_low`` and ``survivable_leverage`` (the highest that survives the low).

    Examples
    --------
    >>> table = survival_table()
    >>> row = table[(table["asset"] == "BTC") & (table["leverage"] == 2.0)].iloc[0]
    >>> float(round(row["liquidation_price"], 2)), bool(row["survives_close"]), bool(row["survives_low"])
    (4009.37, True, False)
    """
    rows = []
    for item in CRASHES:
        entry = close_on(item.episode, item.asset, item.entry_date)
        close = close_on(item.episode, item.asset, item.crash_date)
        for leverage in leverages:
            price = isolated_liquidation_price("long", entry, leverage, mmr, basis="entry")
            rows.append(
                {
                    "episode": item.episode,
                    "asset": item.asset,
                    "leverage": float(leverage),
                    "liquidation_price": price,
                    "survives_close": bool(close > price),
                    "survives_low": bool(item.low > price),
                    "survivable_leverage": survivable_leverage("long", entry, item.low, mmr),
                }
            )
    return _attributed(pd.DataFrame(rows))


def outcome_grid(
    episode: str,
    asset: str,
    leverages=LEVERAGES,
    mmr: float = MMR,
    wallet_multiple: float = WALLET_MULTIPLE,
) -> pd.DataFrame:
    """
    Return the entry date x leverage x margin mode x price basis grid of one crash window.

    A long is opened at each day's close before the crash day and held to the end of the
    window. Isolated, its margin is ``notional / leverage``; cross, the wallet holds
    ``wallet_multiple`` times that margin and all of it backs the position (MM on entry
    value). It is liquidated when a later price reaches its liquidation price: on the
    ``"close"`` basis only the daily closes count; on the ``"reported low"`` basis the crash
    day's reported low counts as well. ``loss_pct`` is the worst loss before the end, in
    percent of the wallet (isolated, at most the margin's share of it).

    Parameters
    ----------
    episode : str
    asset : {"BTC", "ETH"}
    leverages : sequence of float, default `LEVERAGES`
    mmr : float, default 0.005
    wallet_multiple : float, default 3.0
        Cross wallet over isolated margin; >= 1.

    Returns
    -------
    pandas.DataFrame
        ``entry_date``, ``leverage``, ``mode``, ``basis``, ``liquidation_price``,
        ``liquidated`` (bool), ``outcome`` ("liquidated" or "survived") and ``loss_pct``.

    Raises
    ------
    ValueError
        If the window or asset is unknown, or ``wallet_multiple`` is under 1.

    Examples
    --------
    >>> grid = outcome_grid("2020-03-12_black_thursday", "BTC")
    >>> sorted(grid["mode"].unique()), sorted(grid["basis"].unique())
    (['cross', 'isolated'], ['close', 'reported low'])
    """
    item = crash(episode, asset)
    if not (np.isfinite(wallet_multiple) and wallet_multiple >= 1.0):
        raise ValueError(f"wallet_multiple must be finite and >= 1; got {wallet_multiple!r}")
    table = load_episode(item.episode, item.asset)
    dates, closes = table["date"].to_numpy(), table["close"].to_numpy(dtype=float)
    crash_day = pd.Timestamp(item.crash_date)
    rows = []
    for start in np.flatnonzero(dates < np.datetime64(crash_day)):
        later = closes[start + 1 :]
        with_low = np.append(later, item.low)
        for leverage in leverages:
            for mode in MODES:
                multiple = 1.0 if mode == "isolated" else wallet_multiple
                collateral = multiple * closes[start] / leverage  # qty = 1 coin
                price = liquidation_price(
                    "long", closes[start], 1.0, collateral, mmr, basis="entry"
                )
                for basis, path in zip(BASES, (later, with_low), strict=True):
                    worst = float(path.min())
                    liquidated = worst <= price
                    move = max(adverse_move("long", closes[start], worst), 0.0)
                    share = 1.0 / wallet_multiple  # the isolated margin's share of the wallet
                    if mode == "isolated":
                        loss = share if liquidated else min(move * leverage, 1.0) * share
                    else:
                        loss = 1.0 if liquidated else move * leverage * share
                    rows.append(
                        {
                            "entry_date": pd.Timestamp(dates[start]),
                            "leverage": float(leverage),
                            "mode": mode,
                            "basis": basis,
                            "liquidation_price": price,
                            "liquidated": bool(liquidated),
                            "outcome": "liquidated" if liquidated else "survived",
                            "loss_pct": 100 * loss,
                        }
                    )
    return _attributed(pd.DataFrame(rows))


def worst_move(asset: str, side: str = "long") -> float:
    """
    Return the worst one-day close-to-close move against ``side`` in the shipped windows.

    Parameters
    ----------
    asset : {"BTC", "ETH"}
    side : {"long", "short"}, default "long"

    Returns
    -------
    float
        A fraction of the previous close (0.4324 is a 43.24% move).

    Examples
    --------
    >>> round(worst_move("BTC"), 4), round(worst_move("ETH"), 4)
    (0.3753, 0.432)
    """
    kind = str(as_choice("asset", asset, ASSETS))
    chosen: Side = "long" if str(as_choice("side", side, SIDES)) == "long" else "short"
    worst = 0.0
    for name in episode_names():
        table = load_episode(name, None)
        closes = table[table["asset"] == kind]["close"].to_numpy(dtype=float)
        if closes.size > 1:
            moves = adverse_move(chosen, closes[:-1], closes[1:])
            worst = max(worst, float(np.max(moves)))
    return worst


__all__ = [
    "BASES",
    "CRASHES",
    "Crash",
    "LEVERAGES",
    "MMR",
    "MODES",
    "WALLET_MULTIPLE",
    "close_on",
    "crash",
    "crash_moves",
    "outcome_grid",
    "survival_table",
    "worst_move",
]
