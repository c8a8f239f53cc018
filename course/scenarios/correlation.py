"""How BTC and ETH moved together in the shipped crash windows: returns and correlations.

`window_returns` turns one window's daily closes into daily returns, one column per asset;
`window_correlations` gives each window's correlation of daily log returns, computed with
pandas; `rolling_correlation` the same over a moving window of days. The closes are Coin
Metrics Community Data (CC BY-NC 4.0): show `ATTRIBUTION` next to any table or chart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.engine.validation import as_choice, as_count
from course.scenarios.episodes import ATTRIBUTION, episode_names, load_episode

RETURN_KINDS = ("log", "simple")


def window_closes(name: str) -> pd.DataFrame:
    """
    Return one crash window's daily BTC and ETH closes, on the days both assets have one.

    Parameters
    ----------
    name : str
        One of `episode_names()` that holds both assets' closes.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``date``, columns ``BTC`` and ``ETH``, USD. ``attrs["attribution"]``
        holds `ATTRIBUTION`.

    Raises
    ------
    ValueError
        If ``name`` is unknown, or the window has fewer than three common closes.

    Examples
    --------
    >>> window_closes("2020-03-12_black_thursday").loc["2020-03-12"].tolist()
    [4959.31, 110.33]
    """
    closes = load_episode(name).pivot(index="date", columns="asset", values="close").dropna()
    if len(closes) < 3 or list(closes.columns) != ["BTC", "ETH"]:
        raise ValueError(f"name must be a window with BTC and ETH closes; got {name!r}")
    closes.columns.name = None
    closes.attrs["attribution"] = ATTRIBUTION
    return closes


def window_returns(name: str, kind: str = "log") -> pd.DataFrame:
    """
    Return one crash window's daily BTC and ETH returns, on the days both assets have a close.

    ::

        log:     r_t = ln(close_t / close_{t-1})
        simple:  r_t = close_t / close_{t-1} - 1

    Parameters
    ----------
    name : str
        One of `episode_names()` that holds both assets' closes.
    kind : {"log", "simple"}, default "log"

    Returns
    -------
    pandas.DataFrame
        Indexed by ``date``, columns ``BTC`` and ``ETH``: one row per return (a window of
        ``n`` common closes gives ``n - 1``). ``attrs["attribution"]`` holds `ATTRIBUTION`.

    Raises
    ------
    ValueError
        If ``name`` or ``kind`` is unknown, or the window has fewer than three common closes.

    Examples
    --------
    >>> returns = window_returns("2020-03-12_black_thursday")
    >>> len(returns), round(float(returns.loc["2020-03-12", "ETH"]), 4)
    (26, -0.5656)
    """
    chosen = str(as_choice("kind", kind, RETURN_KINDS))
    closes = window_closes(name)
    ratio = closes / closes.shift(1)
    moves: pd.DataFrame = ratio.apply(np.log) if chosen == "log" else ratio - 1.0
    returns = moves.dropna()
    returns.attrs["attribution"] = ATTRIBUTION
    return returns


def window_correlations(kind: str = "log") -> pd.DataFrame:
    """
    Return the correlation of BTC's and ETH's daily returns in every window that has both.

    Pearson's correlation, as ``DataFrame.corr`` computes it, of the returns of
    `window_returns`; windows with one asset only (April 2021 has no ETH) are left out.

    Parameters
    ----------
    kind : {"log", "simple"}, default "log"

    Returns
    -------
    pandas.DataFrame
        One row per window, oldest first: ``episode``, ``first_day``, ``last_day``,
        ``returns`` (how many), ``correlation``, ``btc_sigma`` and ``eth_sigma`` (sample
        standard deviations of the daily returns, fractions). ``attrs["attribution"]``
        holds `ATTRIBUTION`.

    Raises
    ------
    ValueError
        If ``kind`` is unknown.

    Examples
    --------
    >>> table = window_correlations()
    >>> first = table.iloc[0]
    >>> first.episode, int(first.returns), round(float(first.correlation), 3)
    ('2020-03-12_black_thursday', 26, 0.98)
    """
    as_choice("kind", kind, RETURN_KINDS)
    rows = []
    for name in episode_names():
        assets = set(load_episode(name)["asset"])
        if assets != {"BTC", "ETH"}:
            continue
        returns = window_returns(name, kind)
        rows.append(
            {
                "episode": name,
                "first_day": returns.index.min(),
                "last_day": returns.index.max(),
                "returns": len(returns),
                "correlation": float(returns["BTC"].corr(returns["ETH"])),
                "btc_sigma": float(returns["BTC"].std()),
                "eth_sigma": float(returns["ETH"].std()),
            }
        )
    table = pd.DataFrame(rows)
    table.attrs["attribution"] = ATTRIBUTION
    return table


def rolling_correlation(name: str, days: int = 7) -> pd.DataFrame:
    """
    Return the correlation of daily log returns over a moving window of ``days`` returns.

    Parameters
    ----------
    name : str
        One of `episode_names()` that holds both assets' closes.
    days : int, default 7
        Returns in each moving window; an integer >= 3.

    Returns
    -------
    pandas.DataFrame
        ``date`` (the window's last day), ``episode`` and ``correlation``; one row per
        full window. ``attrs["attribution"]`` holds `ATTRIBUTION`.

    Raises
    ------
    ValueError
        If ``name`` is unknown or has one asset only, or ``days`` is not an integer >= 3.

    Examples
    --------
    >>> rolling = rolling_correlation("2022-11-08_ftx_collapse", days=7)
    >>> list(rolling.columns), bool(rolling.correlation.between(-1, 1).all())
    (['date', 'episode', 'correlation'], True)
    """
    window = as_count("days", days, 3)
    returns = window_returns(name)
    moving = returns["BTC"].rolling(window).corr(returns["ETH"]).dropna()
    table = pd.DataFrame(
        {"date": moving.index, "episode": name, "correlation": moving.to_numpy(dtype=float)}
    )
    table.attrs["attribution"] = ATTRIBUTION
    return table


__all__ = [
    "RETURN_KINDS",
    "rolling_correlation",
    "window_closes",
    "window_correlations",
    "window_returns",
]
