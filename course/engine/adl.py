"""Auto-deleveraging: who is closed out when the insurance fund cannot cover a bankruptcy.

`adl_score` ranks the profitable positions on the other side, as Binance's ADL FAQ and
BitMEX describe the queue (profit in percent times effective leverage). `adl_haircuts`
spreads a shortfall over those winners: pro rata to their profits, or down the queue, the
top-ranked winner first. Exchanges close the winners' positions (at the bankruptcy price on
Binance, at the previous oracle price on Hyperliquid); this model keeps only the amount each
winner loses, as a haircut on its unrealised profit.
"""

from __future__ import annotations

from typing import Literal, overload

import numpy as np
from numpy.typing import ArrayLike

from course.engine.validation import (
    FINITE,
    NON_NEGATIVE,
    POSITIVE,
    FloatArray,
    Result,
    as_array,
    as_choice,
    broadcast,
    require,
    wrap,
)

Method = Literal["pro_rata", "queue"]
METHODS: tuple[Method, ...] = ("pro_rata", "queue")


@overload
def adl_score(upnl: float, collateral: float, notional: float) -> float: ...
@overload
def adl_score(upnl: ArrayLike, collateral: ArrayLike, notional: ArrayLike) -> Result: ...
def adl_score(upnl: ArrayLike, collateral: ArrayLike, notional: ArrayLike) -> Result:
    """
    Return a position's place in the ADL queue: profit in percent times effective leverage.

    Binance's ADL FAQ and BitMEX rank profitable positions by this product, highest
    first; a losing position is not in the queue (score 0)::

        pnl_pct            = upnl / collateral
        effective_leverage = notional / (collateral + upnl)
        score              = pnl_pct * effective_leverage   if upnl > 0, else 0

    Parameters
    ----------
    upnl : float or array-like
        Unrealised PnL at the mark, USDT; finite.
    collateral : float or array-like
        The margin behind the position, USDT; finite and > 0.
    notional : float or array-like
        The position's value at the mark, USDT; finite and >= 0.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        A plain number (5.0 is 500% profit at 1x, or 50% at 10x).

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> adl_score(upnl=500, collateral=1_000, notional=15_000)
    5.0
    >>> adl_score(upnl=[2_000, -300], collateral=5_000, notional=21_000)
    array([1.2, 0. ])
    """
    profit = as_array("upnl", upnl, FINITE)
    margin = as_array("collateral", collateral, POSITIVE)
    value = as_array("notional", notional, NON_NEGATIVE)
    broadcast(upnl=profit, collateral=margin, notional=value)
    with np.errstate(all="ignore"):
        score = np.where(profit > 0, profit / margin * value / (margin + profit), 0.0)
    return wrap(score, upnl, collateral, notional)


def adl_haircuts(
    shortfall: float,
    profits: ArrayLike,
    *,
    method: Method = "pro_rata",
    scores: ArrayLike | None = None,
) -> FloatArray:
    """
    Return what each winner loses when a shortfall is socialised, USDT.

    ``pro_rata`` takes the same share of every winner's profit (the socialised-loss rule
    of early venues, and the haircut the reference's exercise computes); ``queue`` takes
    the top-ranked winner's profit first, then the next one's, as ADL queues do. Neither
    takes more than a winner's profit, so at most ``sum(profits)`` is covered::

        pro_rata:  haircut_i = profit_i * min(shortfall / sum(profits), 1)
        queue:     haircut_i = min(profit_i, shortfall - haircuts of the winners above i)

    Parameters
    ----------
    shortfall : float
        What the insurance fund cannot cover, USDT; finite and >= 0.
    profits : array-like
        Each winner's unrealised profit, USDT; finite and >= 0.
    method : {"pro_rata", "queue"}, default "pro_rata"
    scores : array-like, optional
        The queue's ranking (`adl_score`), one per winner, highest first; by default the
        profits themselves. Ties keep the order given.

    Returns
    -------
    numpy.ndarray
        One haircut per winner, in the order given.

    Raises
    ------
    ValueError
        If a parameter is out of range or ``scores`` does not match ``profits``.

    Examples
    --------
    >>> adl_haircuts(1_000_000, [3_000_000, 1_000_000, 1_000_000])
    array([600000., 200000., 200000.])
    >>> adl_haircuts(1_000_000, [3_000_000, 1_000_000, 1_000_000], method="queue")
    array([1000000.,       0.,       0.])
    """
    loss = float(as_array("shortfall", shortfall, NON_NEGATIVE))
    profit = np.atleast_1d(as_array("profits", profits, NON_NEGATIVE))
    chosen = str(as_choice("method", method, METHODS))
    total = float(profit.sum())
    if chosen == "pro_rata":
        share = min(loss / total, 1.0) if total > 0 else 0.0
        return profit * share
    rank = profit if scores is None else np.atleast_1d(as_array("scores", scores, FINITE))
    require(
        rank.shape == profit.shape,
        lambda: f"scores must have one value per profit; got {rank.shape} for {profit.shape}",
    )
    order = np.argsort(-rank, kind="stable")
    taken_before = np.concatenate([[0.0], np.cumsum(profit[order])[:-1]])
    haircuts = np.empty_like(profit)
    haircuts[order] = np.clip(loss - taken_before, 0.0, profit[order])
    return haircuts


__all__ = ["METHODS", "Method", "adl_haircuts", "adl_score"]
