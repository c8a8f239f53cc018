"""Liquidation cascades: forced selling that pushes the price into the next cluster of stops.

Positions whose liquidation prices (or stops) sit near one level form a **cluster**: when the
price falls to the level, the cluster's units are sold at market. Each unit sold moves the
price down by the **impact** (price per unit, the inverse of the book's depth), which can
reach the next cluster, and so on until the price stops short of one. With the clusters
sorted from the highest level down, ``S_k`` the units of clusters ``0..k`` and ``p0`` the
price after the first shock::

    price before cluster k   p_k = max(p0 - impact * S_(k-1), floor)
    cluster k fires          if p_k <= level_k and every cluster above it fired
    final price              p0 - impact * (units of the clusters that fired), not below floor

Once one cluster is not reached, no lower one is (the price stops and the levels only fall),
so the chain is a prefix of the sorted clusters: a threshold process, not a proportional one.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from course.engine.validation import (
    NON_NEGATIVE,
    POSITIVE,
    PRICE,
    FloatArray,
    Result,
    as_array,
    as_count,
    broadcast,
    require,
    wrap,
)


def sorted_clusters(levels: ArrayLike, sizes: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """
    Return the clusters' levels and sizes, checked, from the highest level down.

    Parameters
    ----------
    levels : array-like
        One price level per cluster, where its positions are sold; each finite and > 0.
    sizes : array-like
        The units each cluster sells when it fires, same length; each finite and >= 0.

    Returns
    -------
    tuple of numpy.ndarray
        ``(levels, sizes)``, 1-D, sorted by level, highest first.

    Raises
    ------
    ValueError
        If a level or a size is out of range, or their lengths differ; the message names it.

    Examples
    --------
    >>> sorted_clusters([92, 97, 95], [12_000, 5_000, 8_000])
    (array([97., 95., 92.]), array([ 5000.,  8000., 12000.]))
    """
    level = np.atleast_1d(as_array("levels", levels, PRICE)).astype(float)
    size = np.atleast_1d(as_array("sizes", sizes, NON_NEGATIVE)).astype(float)
    require(
        level.ndim == 1 and level.shape == size.shape and level.size >= 1,
        lambda: (
            "levels and sizes must be 1-D with the same length >= 1; "
            f"got shapes {level.shape} and {size.shape}"
        ),
    )
    order = np.argsort(-level, kind="stable")
    return level[order], size[order]


def _chain(
    shock_price: Any, levels: ArrayLike, sizes: ArrayLike, impact: Any, floor: Any
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """Broadcast the inputs and return (p0, impact, floor, levels, sizes, fired mask)."""
    start = as_array("shock_price", shock_price, PRICE)
    rate = as_array("impact", impact, NON_NEGATIVE)
    bottom = as_array("floor", floor, NON_NEGATIVE)
    broadcast(shock_price=start, impact=rate, floor=bottom)
    require(
        np.all(bottom < start),
        lambda: f"floor must be below shock_price; got floor {bottom} and shock_price {start}",
    )
    level, size = sorted_clusters(levels, sizes)
    before = np.concatenate([[0.0], np.cumsum(size)[:-1]])  # units sold before cluster k
    p0, per_unit, low = (np.asarray(a, dtype=float)[..., None] for a in (start, rate, bottom))
    reached = np.maximum(p0 - per_unit * before, low) <= level
    fired = np.cumprod(reached, axis=-1).astype(bool)  # a prefix: the chain breaks once
    return p0[..., 0], per_unit[..., 0], low[..., 0], level, size, fired


def cascade_final_price(
    shock_price: ArrayLike,
    levels: ArrayLike,
    sizes: ArrayLike,
    impact: ArrayLike,
    *,
    floor: ArrayLike = 0.0,
) -> Result:
    """
    Return the price where a liquidation cascade stops.

    The price starts at ``shock_price``; every cluster it reaches sells its units, each
    unit moving the price down by ``impact``, until the next cluster is out of reach::

        final = max(shock_price - impact * sum(sizes of the clusters that fire), floor)

    Parameters
    ----------
    shock_price : float or array-like
        The price after the first shock, before any cluster sells; finite and > 0.
    levels : array-like
        One price level per cluster; finite and > 0, in any order.
    sizes : array-like
        Units each cluster sells, same length as ``levels``; finite and >= 0.
    impact : float or array-like
        Price move per unit sold (price units per unit); finite and >= 0. The reference's
        "0.5 per 1,000 units" is ``impact=0.0005``.
    floor : float or array-like, default 0
        The lowest price the book can reach (its lowest bid); finite, >= 0 and below
        ``shock_price``.

    Returns
    -------
    float or numpy.ndarray
        A float for scalar ``shock_price``, ``impact`` and ``floor``; else one price per
        broadcast element (a sweep over impacts, for example).

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it.

    See Also
    --------
    cascade_fired : which clusters fire.

    Examples
    --------
    The reference's toy cascade (pedagogy notes, lesson 9, exercise 1):

    >>> levels, sizes = [97, 95, 92, 88], [5_000, 8_000, 12_000, 20_000]
    >>> cascade_final_price(97, levels, sizes, impact=0.0005)
    74.5
    >>> cascade_final_price(97, levels, sizes, impact=[0.0005, 0.00025, 0.0])
    array([74.5 , 95.75, 97.  ])
    """
    p0, per_unit, low, _, size, fired = _chain(shock_price, levels, sizes, impact, floor)
    sold = (fired * size).sum(axis=-1)
    return wrap(np.maximum(p0 - per_unit * sold, low), shock_price, impact, floor)


def cascade_fired(
    shock_price: float,
    levels: ArrayLike,
    sizes: ArrayLike,
    impact: float,
    *,
    floor: float = 0.0,
) -> FloatArray:
    """
    Return, for each cluster from the highest level down, 1.0 if it fires and 0.0 if not.

    Parameters
    ----------
    shock_price, levels, sizes, impact, floor
        As in `cascade_final_price`; ``shock_price``, ``impact`` and ``floor`` are numbers.

    Returns
    -------
    numpy.ndarray
        One flag per cluster, ordered like `sorted_clusters`.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it.

    Examples
    --------
    >>> cascade_fired(97, [97, 95, 92, 88], [5_000, 8_000, 12_000, 20_000], 0.00025)
    array([1., 0., 0., 0.])
    """
    *_, fired = _chain(shock_price, levels, sizes, impact, floor)
    require(fired.ndim == 1, "shock_price, impact and floor must be numbers here")
    return fired.astype(float)


def even_clusters(
    top: float, spacing: float, count: int, size: float
) -> tuple[FloatArray, FloatArray]:
    """
    Return ``count`` clusters of ``size`` units, ``spacing`` apart from ``top`` down.

    The density of liquidations is ``size / spacing`` units per unit of price::

        level_i = top - i * spacing,   i = 0 .. count - 1

    Parameters
    ----------
    top : float
        The highest level; finite and > 0.
    spacing : float
        Price between two levels; finite, > 0 and with ``(count - 1) * spacing < top``.
    count : int
        Number of clusters, >= 1.
    size : float
        Units per cluster; finite and >= 0.

    Returns
    -------
    tuple of numpy.ndarray
        ``(levels, sizes)``, highest level first.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it.

    Examples
    --------
    >>> even_clusters(97, 3, 3, 5_000)
    (array([97., 94., 91.]), array([5000., 5000., 5000.]))
    """
    high = float(as_array("top", top, PRICE))
    step = float(as_array("spacing", spacing, POSITIVE))
    number = as_count("count", count, 1)
    units = float(as_array("size", size, NON_NEGATIVE))
    require(
        (number - 1) * step < high,
        lambda: (
            f"spacing must keep every level > 0: (count - 1) * spacing < top; "
            f"got {(number - 1) * step:g} >= {high:g}"
        ),
    )
    return high - step * np.arange(number, dtype=float), np.full(number, units)


__all__ = ["cascade_final_price", "cascade_fired", "even_clusters", "sorted_clusters"]
