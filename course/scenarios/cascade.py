"""Liquidation cascades as tidy tables: the path step by step, and sweeps over impact and density.

`cascade_path` follows one cascade of `course.engine.cascade` (one row per step: the shock,
then each cluster that fires); `cascade_clusters` lists every cluster and whether it fired;
`cascade_sweep` gives the final price over a grid of impacts and cluster densities. The
cases the lesson uses are constants here: the reference's toy cascade (`TOY`) and an
illustrative GDAX 2017 book with stops on the last price (`GDAX`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from course.engine.cascade import cascade_final_price, cascade_fired, sorted_clusters
from course.engine.feeds import pushed_by_stream
from course.engine.validation import NON_NEGATIVE, POSITIVE, PRICE, as_array, as_count, require

# Pedagogy notes, lesson 9, exercise 1: a shock from 100 to 97, four clusters, 0.5 per 1,000.
TOY: Mapping[str, Any] = MappingProxyType(
    {
        "start": 100.0,
        "shock_price": 97.0,
        "levels": (97.0, 95.0, 92.0, 88.0),
        "sizes": (5_000.0, 8_000.0, 12_000.0, 20_000.0),
        "impact": 0.0005,
    }
)

# GDAX ETH-USD, 21 June 2017: the reported first and last fills of the big sell and its size
# (about 12.5 million USD, issue 13), the reported bottom (0.10), and the venues' prices and
# clusters of stops and margin positions below, which are illustrative: GDAX published none.
GDAX: Mapping[str, Any] = MappingProxyType(
    {
        "best": 317.81,
        "worst": 224.48,
        "notional": 12_500_000.0,
        "book_levels": 20,
        "other_venues": (318.90, 319.55),
        "levels": (310.0, 300.0, 290.0, 280.0, 270.0, 260.0, 250.0, 240.0, 230.0)
        + (200.0, 150.0, 100.0, 50.0),
        "sizes": (1_500.0,) * 9 + (3_000.0, 3_000.0, 4_000.0, 4_000.0),
        "impact": 0.01,  # USD per ETH: the thin bids left under 224.48
        "floor": 0.10,
    }
)

PATH_COLUMNS = ("step", "level", "size", "price_before", "price_after", "sold")


def cascade_path(
    shock_price: float,
    levels: ArrayLike,
    sizes: ArrayLike,
    impact: float,
    *,
    floor: float = 0.0,
    start: float | None = None,
) -> pd.DataFrame:
    """
    Return a cascade step by step: the shock, then each cluster that fires, in order.

    Step 0 is the shock, from ``start`` (or ``shock_price``) to ``shock_price``; step ``k``
    is the ``k``-th cluster from the top, which sells ``size`` units::

        price_after = max(price_before - impact * size, floor)

    Parameters
    ----------
    shock_price, levels, sizes, impact, floor
        As in `course.engine.cascade.cascade_final_price`, as numbers.
    start : float, optional
        The price before the shock; finite, > 0 and >= ``shock_price``.

    Returns
    -------
    pandas.DataFrame
        Columns ``step`` (int), ``level`` (NaN for the shock), ``size``, ``price_before``,
        ``price_after`` and ``sold`` (units sold so far). The last ``price_after`` is
        `cascade_final_price`'s.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it.

    Examples
    --------
    >>> path = cascade_path(97, TOY["levels"], TOY["sizes"], 0.0005, start=100)
    >>> path.price_after.tolist()
    [97.0, 94.5, 90.5, 84.5, 74.5]
    """
    fired = cascade_fired(shock_price, levels, sizes, impact, floor=floor).astype(bool)
    level, size = sorted_clusters(levels, sizes)
    before = float(shock_price) if start is None else float(as_array("start", start, PRICE))
    require(before >= shock_price, f"start must be >= shock_price; got {before:g}")
    low, rate = float(as_array("floor", floor, NON_NEGATIVE)), float(impact)
    sold = np.cumsum(size[fired])
    after = np.maximum(float(shock_price) - rate * sold, low)
    return pd.DataFrame(
        {
            "step": np.arange(len(sold) + 1),
            "level": np.concatenate([[np.nan], level[fired]]),
            "size": np.concatenate([[0.0], size[fired]]),
            "price_before": np.concatenate([[before, float(shock_price)], after])[: len(sold) + 1],
            "price_after": np.concatenate([[float(shock_price)], after]),
            "sold": np.concatenate([[0.0], sold]),
        }
    )


def cascade_clusters(
    shock_price: float, levels: ArrayLike, sizes: ArrayLike, impact: float, *, floor: float = 0.0
) -> pd.DataFrame:
    """
    Return every cluster, highest level first, and whether the cascade reached it.

    Parameters
    ----------
    shock_price, levels, sizes, impact, floor
        As in `course.engine.cascade.cascade_final_price`, as numbers.

    Returns
    -------
    pandas.DataFrame
        Columns ``level``, ``size`` and ``fired`` (bool).

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it.

    Examples
    --------
    >>> cascade_clusters(97, TOY["levels"], TOY["sizes"], 0.00025).fired.tolist()
    [True, False, False, False]
    """
    fired = cascade_fired(shock_price, levels, sizes, impact, floor=floor).astype(bool)
    level, size = sorted_clusters(levels, sizes)
    return pd.DataFrame({"level": level, "size": size, "fired": fired})


def cascade_sweep(
    shock_price: float,
    levels: ArrayLike,
    sizes: ArrayLike,
    impacts: Sequence[float] | np.ndarray,
    densities: Sequence[float] = (0.5, 1.0, 2.0),
    *,
    floor: float = 0.0,
) -> pd.DataFrame:
    """
    Return the final price over a grid of impacts and cluster densities (sizes scaled).

    A density of 2 doubles every cluster's size: twice as many positions at each level.

    Parameters
    ----------
    shock_price, levels, sizes
        As in `course.engine.cascade.cascade_final_price`, as numbers.
    impacts : sequence of float
        Price impacts per unit; each finite and >= 0.
    densities : sequence of float, default (0.5, 1, 2)
        Factors applied to ``sizes``; each finite and >= 0.
    floor : float, default 0
        As in `course.engine.cascade.cascade_final_price`.

    Returns
    -------
    pandas.DataFrame
        Columns ``impact``, ``density`` and ``final_price``: one row per pair.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it.

    Examples
    --------
    >>> sweep = cascade_sweep(97, TOY["levels"], TOY["sizes"], [0.00025, 0.0005], [1.0])
    >>> sweep.final_price.tolist()
    [95.75, 74.5]
    """
    rates = np.atleast_1d(as_array("impacts", impacts, NON_NEGATIVE))
    factors = np.atleast_1d(as_array("densities", densities, NON_NEGATIVE))
    base = np.asarray(sizes, dtype=float)
    frames = [
        pd.DataFrame(
            {
                "impact": rates,
                "density": factor,
                "final_price": np.asarray(
                    cascade_final_price(shock_price, levels, base * factor, rates, floor=floor)
                ),
            }
        )
        for factor in factors
    ]
    return pd.concat(frames, ignore_index=True)


def liquidation_burst(
    seconds: int = 60, rate: float = 12.0, mean_size: float = 50_000.0, *, seed: int = 9
) -> pd.DataFrame:
    """
    Return a seeded burst of liquidations on one symbol, and which ones the stream pushes.

    Each second holds a Poisson number of liquidations (mean ``rate``) at uniform times,
    with log-normal sizes of mean ``mean_size`` (sigma 1); `pushed_by_stream` flags the one
    per second a snapshot stream shows.

    Parameters
    ----------
    seconds : int, default 60
        Length of the burst, >= 1.
    rate : float, default 12
        Mean liquidations per second; finite and > 0.
    mean_size : float, default 50,000
        Mean size, USD; finite and > 0.
    seed : int, default 9
        Seed of ``numpy.random.default_rng``, >= 0.

    Returns
    -------
    pandas.DataFrame
        Columns ``time`` (seconds), ``size_usd`` and ``pushed`` (bool), by time.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it.

    Examples
    --------
    >>> burst = liquidation_burst(seconds=5, rate=3.0, seed=1)
    >>> int(burst.pushed.sum()) <= 5 < len(burst)
    True
    """
    length = as_count("seconds", seconds, 1)
    mean = float(as_array("rate", rate, POSITIVE))
    size = float(as_array("mean_size", mean_size, POSITIVE))
    rng = np.random.default_rng(as_count("seed", seed, 0))
    counts = rng.poisson(mean, length)
    times = np.repeat(np.arange(length), counts) + rng.uniform(0.0, 1.0, counts.sum())
    sizes = size * rng.lognormal(-0.5, 1.0, counts.sum())  # mean exp(-0.5 + 0.5) = 1
    order = np.argsort(times, kind="stable")
    times, sizes = times[order], sizes[order]
    return pd.DataFrame({"time": times, "size_usd": sizes, "pushed": pushed_by_stream(times)})


__all__ = [
    "GDAX",
    "PATH_COLUMNS",
    "TOY",
    "cascade_clusters",
    "cascade_path",
    "cascade_sweep",
    "liquidation_burst",
]
