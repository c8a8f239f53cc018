"""Real crash windows: daily BTC and ETH closes shipped in ``course/data``.

`episodes`, `load_episode` and `episode_path` read the daily closes of six crash windows
(Coin Metrics Community Data, CC BY-NC 4.0). Show `ATTRIBUTION` (or `attribution()`) next to
every table or chart made from them.
"""

from __future__ import annotations

import functools
from importlib import resources

import numpy as np
import pandas as pd

from course.engine.validation import as_choice

DATA_FILE = "coinmetrics_btc_eth_daily_close_event_windows.csv"
SOURCE_FILE = "DATA-SOURCE.md"
ASSETS = ("BTC", "ETH")
ATTRIBUTION = (
    "Source: Coin Metrics Community Data (github.com/coinmetrics/data), CC BY-NC 4.0 "
    "(https://creativecommons.org/licenses/by-nc/4.0/); extract and rounding by the "
    "course authors."
)


@functools.lru_cache(maxsize=1)
def _read_episodes() -> pd.DataFrame:
    """Read the shipped CSV once and reshape it to one row per date, episode and asset."""
    with resources.files("course").joinpath("data", DATA_FILE).open(encoding="utf-8") as file:
        wide = pd.read_csv(file, parse_dates=["date"])
    tidy = wide.melt(
        id_vars=["date", "episode"],
        value_vars=["btc_close_usd", "eth_close_usd"],
        var_name="asset",
        value_name="close",
    ).dropna(subset=["close"])
    tidy["asset"] = tidy["asset"].map({"btc_close_usd": "BTC", "eth_close_usd": "ETH"})
    tidy = tidy.sort_values(["episode", "asset", "date"], ignore_index=True)
    return tidy[["date", "episode", "asset", "close"]]


def attribution() -> str:
    """
    Return the line to show next to any table or chart made from the shipped price data.

    The data is Coin Metrics Community Data under CC BY-NC 4.0, which requires this
    attribution and allows only non-commercial use; `data_source` gives the full notes.

    Returns
    -------
    str
        `ATTRIBUTION`: source, licence and who extracted and rounded the data.

    Examples
    --------
    >>> attribution().startswith("Source: Coin Metrics Community Data")
    True
    """
    return ATTRIBUTION


def data_source() -> str:
    """
    Return ``course/data/DATA-SOURCE.md``: origin, columns, versions, changes and licence.

    Returns
    -------
    str
        The file's Markdown text.

    Examples
    --------
    >>> "CC BY-NC 4.0" in data_source()
    True
    """
    return resources.files("course").joinpath("data", SOURCE_FILE).read_text(encoding="utf-8")


def episode_names() -> tuple[str, ...]:
    """
    Return the names of the shipped crash windows, oldest first.

    Returns
    -------
    tuple of str
        Names that start with the crash's date, e.g. ``"2020-03-12_black_thursday"``.

    Examples
    --------
    >>> episode_names()[0]
    '2020-03-12_black_thursday'
    """
    return tuple(sorted(_read_episodes()["episode"].unique()))


def episodes() -> pd.DataFrame:
    """
    Return every shipped crash window as one tidy table of daily closes.

    Returns
    -------
    pandas.DataFrame
        ``date`` (UTC day, datetime64), ``episode`` (window name), ``asset`` ("BTC" or
        "ETH") and ``close`` (Coin Metrics ``PriceUSD`` at the end of the UTC day, USD).
        Days an asset was not extracted have no row. ``attrs["attribution"]`` holds
        `ATTRIBUTION`, which must be shown with the data.

    Examples
    --------
    >>> table = episodes()
    >>> list(table.columns), len(table)
    (['date', 'episode', 'asset', 'close'], 226)
    """
    table = _read_episodes().copy()
    table.attrs["attribution"] = ATTRIBUTION
    return table


def load_episode(name: str, asset: str | None = None) -> pd.DataFrame:
    """
    Return the daily closes of one crash window, for both assets or one.

    Parameters
    ----------
    name : str
        One of `episode_names()`, e.g. ``"2020-03-12_black_thursday"``.
    asset : {"BTC", "ETH"} or None, default None
        Keep one asset only.

    Returns
    -------
    pandas.DataFrame
        As in `episodes`, with a fresh index; ``attrs["attribution"]`` holds `ATTRIBUTION`.

    Raises
    ------
    ValueError
        If ``name`` or ``asset`` is unknown; the message lists the valid ones.

    Examples
    --------
    >>> crash = load_episode("2020-03-12_black_thursday", asset="BTC")
    >>> crash.loc[crash["date"] == "2020-03-12", "close"].item()
    4959.31
    """
    chosen = str(as_choice("name", name, episode_names()))
    table = _read_episodes()
    keep = table["episode"] == chosen
    if asset is not None:
        keep &= table["asset"] == str(as_choice("asset", asset, ASSETS))
    result = table[keep].reset_index(drop=True)
    result.attrs["attribution"] = ATTRIBUTION
    return result


def episode_path(name: str, asset: str) -> np.ndarray:
    """
    Return one asset's closes in a crash window as a single path, shape ``(1, days)``.

    The shape is what `summarize_margin_modes` takes, so a real crash can be replayed
    with an entry at the window's first close.

    Parameters
    ----------
    name : str
        One of `episode_names()`.
    asset : {"BTC", "ETH"}

    Returns
    -------
    numpy.ndarray
        Daily closes, USD, oldest first, shape ``(1, days)``.

    Raises
    ------
    ValueError
        If ``name`` or ``asset`` is unknown; the message lists the valid ones.

    Examples
    --------
    >>> path = episode_path("2022-11-08_ftx_collapse", "ETH")
    >>> path.shape, float(path[0, 0])
    ((1, 20), 1529.8)
    """
    return load_episode(name, asset=asset)["close"].to_numpy(dtype=float)[np.newaxis, :]


__all__ = [
    "ASSETS",
    "ATTRIBUTION",
    "attribution",
    "data_source",
    "episode_names",
    "episode_path",
    "episodes",
    "load_episode",
]
