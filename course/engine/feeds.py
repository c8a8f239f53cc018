"""Throttled liquidation feeds: what a public stream shows of the liquidations that happened.

Binance's USD-M futures stream ``<symbol>@forceOrder`` pushes, for each symbol, "only the
latest one liquidation order within 1000ms" (Binance API docs, Liquidation Order Streams).
A tracker that adds up the stream therefore sees at most one liquidation per symbol per
second, and its totals are lower bounds::

    window of event i     floor(time_i / window)
    pushed                the last event of each window (per symbol)
    shown total           sum of the pushed events' sizes  <=  the real total
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course.engine.validation import FINITE, NON_NEGATIVE, POSITIVE, as_array, require


def pushed_by_stream(times: ArrayLike, window: float = 1.0) -> NDArray[np.bool_]:
    """
    Return which liquidations of one symbol a snapshot stream pushes: the last per window.

    Parameters
    ----------
    times : array-like
        When each liquidation happened, seconds, in any order; finite.
    window : float, default 1.0
        The stream's snapshot interval, seconds (Binance: 1,000 ms); finite and > 0.

    Returns
    -------
    numpy.ndarray of bool
        One flag per liquidation, in the order given: True for the one the stream shows.
        Of two at the same time in one window, the later in the input is shown.

    Raises
    ------
    ValueError
        If a time is not finite or ``window`` is not > 0.

    Examples
    --------
    >>> pushed_by_stream([0.1, 0.5, 0.9, 1.2, 2.7])
    array([False, False,  True,  True,  True])
    """
    when = np.atleast_1d(as_array("times", times, FINITE))
    require(when.ndim == 1, f"times must be 1-D; got shape {when.shape}")
    width = float(as_array("window", window, POSITIVE))
    slot = np.floor(when / width)
    order = np.lexsort((np.arange(when.size), when))  # by time, ties by position
    last_of_slot = np.ones(when.size, dtype=bool)
    last_of_slot[:-1] = slot[order][1:] != slot[order][:-1]
    pushed = np.zeros(when.size, dtype=bool)
    pushed[order] = last_of_slot
    return pushed


def shown_share(times: ArrayLike, sizes: ArrayLike, window: float = 1.0) -> float:
    """
    Return the share of the liquidated size that a snapshot stream shows, in [0, 1].

    Parameters
    ----------
    times : array-like
        As in `pushed_by_stream`.
    sizes : array-like
        Each liquidation's size (USD or coins), same length; finite and >= 0, not all 0.
    window : float, default 1.0
        As in `pushed_by_stream`.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If a parameter is out of range or the lengths differ.

    Examples
    --------
    >>> shown_share([0.1, 0.5, 0.9, 1.2], [10.0, 10.0, 10.0, 10.0])
    0.5
    """
    amount = np.atleast_1d(as_array("sizes", sizes, NON_NEGATIVE))
    pushed = pushed_by_stream(times, window)
    require(
        amount.shape == pushed.shape and amount.sum() > 0,
        f"sizes must match times in length and not all be 0; got {amount.size} sizes",
    )
    return float(amount[pushed].sum() / amount.sum())


__all__ = ["pushed_by_stream", "shown_share"]
