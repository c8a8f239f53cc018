"""Kinds of question about planning a trade: size, safe leverage, stops, fills and gaps.

Each `Family` states the engine computation that answers its questions and the wrong models
that apply to every one of them (`course.feedback.models`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from course.engine.balance import roe, unrealized_pnl
from course.engine.liquidation import isolated_liquidation_price
from course.engine.orderbook import example_book, vwap, walk_book
from course.engine.sizing import max_leverage_for_stop, position_notional
from course.engine.validation import Basis, Side
from course.feedback.models import (
    Family,
    WrongModel,
    constant,
    flip_side,
    other_basis,
    scaled,
    shifted,
)


def risk_sized_qty(
    equity: float, risk_fraction: float, entry: float, stop: float, leverage: float | None = None
) -> float:
    """
    Return the coins that lose ``risk_fraction`` of equity if the stop fills exactly.

    Parameters
    ----------
    equity : float
        The account's equity, USDT; > 0.
    risk_fraction : float
        The share of equity risked, in (0, 1).
    entry, stop : float
        Entry and stop prices; > 0 and different.
    leverage : float, optional
        The leverage setting: it does not change the size.

    Returns
    -------
    float
    """
    return position_notional(equity, risk_fraction, abs(entry - stop) / entry) / entry


RISK_SIZED_QTY = Family(
    "a position's size in coins from the risk budget and the stop",
    risk_sized_qty,
    {},
    (
        WrongModel(
            "size_from_leverage",
            compute=lambda equity, entry, leverage=None, **_: (
                None if leverage is None else equity * leverage / entry
            ),
            name="equity times leverage",
        ),
        WrongModel(
            "margin_for_notional",
            result=lambda right, p: None if p.get("leverage") is None else right * p["leverage"],
            name="times the leverage",
        ),
        WrongModel(
            "notional_for_qty",
            result=lambda right, p: right * p["entry"],
            name="the notional in USDT",
        ),
        # the size is linear in the risk: 1.5 for 1.5% makes it a hundred times too big
        scaled("rate_in_percent", 100.0, name="the risk in percent"),
    ),
)


def safe_leverage(stop_distance: float, mmr: float, buffer: float, basis: Basis) -> float:
    """
    Return the highest leverage whose liquidation lies beyond the stop plus the buffer.

    Parameters
    ----------
    stop_distance : float
        The stop's distance from entry, as a fraction; in (0, 1).
    mmr : float
        Maintenance margin rate, in [0, 1).
    buffer : float
        Extra room beyond the stop, as a fraction; in [0, 1).
    basis : {"entry", "mark"}

    Returns
    -------
    float
    """
    return max_leverage_for_stop(stop_distance, mmr, buffer=buffer, basis=basis)


SAFE_LEVERAGE = Family(
    "the highest leverage whose liquidation lies beyond the stop",
    safe_leverage,
    {"buffer": 0.0, "basis": "entry"},
    (
        WrongModel(
            "one_over_leverage",
            compute=lambda stop_distance, **_: 1.0 / stop_distance,
            name="one over the stop distance",
        ),
        WrongModel("bankruptcy_for_liquidation", {"mmr": 0.0}, name="MM left out"),
        WrongModel("stop_guarantees_exit", {"buffer": 0.0}, name="no buffer"),
        WrongModel("wrong_mm_basis", {"basis": other_basis}, name="the other MM basis"),
        WrongModel("leverage_inverted", result=lambda right, _: 1.0 / right, name="one over it"),
    ),
)


def first_unsafe_setting(stop_distance: float, mmr: float, basis: Basis = "mark") -> float:
    """
    Return the lowest whole leverage setting whose liquidation comes before the stop.

    Parameters
    ----------
    stop_distance : float
        The stop's distance from entry, as a fraction; in (0, 1).
    mmr : float
        Maintenance margin rate, in [0, 1).
    basis : {"entry", "mark"}, default "mark"

    Returns
    -------
    float
    """
    return math.floor(max_leverage_for_stop(stop_distance, mmr, basis=basis)) + 1.0


FIRST_UNSAFE_SETTING = Family(
    "the first whole leverage setting that liquidates before the stop",
    first_unsafe_setting,
    {"basis": "mark"},
    # not the MM basis: it moves the safe leverage by less than one whole setting
    (
        WrongModel(
            "one_over_leverage",
            compute=lambda stop_distance, **_: 1.0 / stop_distance,
            name="one over the stop distance",
        ),
        WrongModel("bankruptcy_for_liquidation", {"mmr": 0.0}, name="MM left out"),
        shifted("off_by_one", -1.0, name="the last safe setting"),
        WrongModel("leverage_inverted", result=lambda right, _: 1.0 / right, name="one over it"),
    ),
)


def _risk_qty(equity, risk_fraction, stop_distance, entry):
    return position_notional(equity, risk_fraction, stop_distance) / entry


def risk_sized_liquidation(
    equity: float,
    risk_fraction: float,
    stop_distance: float,
    entry: float,
    leverage: float,
    mmr: float,
    basis: Basis = "mark",
    side: Side = "long",
) -> float:
    """
    Return the liquidation price of a risk-sized isolated position.

    Parameters
    ----------
    equity : float
        The account's equity, USDT; > 0.
    risk_fraction : float
        The share of equity risked at the stop, in (0, 1).
    stop_distance : float
        The stop's distance from entry, as a fraction; in (0, 1).
    entry : float
        Entry price; > 0.
    leverage : float
        The leverage setting; >= 1.
    mmr : float
        Maintenance margin rate, in [0, 1).
    basis : {"entry", "mark"}, default "mark"
    side : {"long", "short"}, default "long"

    Returns
    -------
    float
    """
    qty = _risk_qty(equity, risk_fraction, stop_distance, entry)
    return isolated_liquidation_price(side, entry, leverage, mmr, qty=qty, basis=basis)


def _stop_price(stop_distance, entry, side="long", **_):
    return entry * (1 - stop_distance) if side == "long" else entry * (1 + stop_distance)


RISK_SIZED_LIQUIDATION = Family(
    "the liquidation price of a risk-sized position",
    risk_sized_liquidation,
    {"basis": "mark", "side": "long"},
    (
        WrongModel("bankruptcy_for_liquidation", {"mmr": 0.0}, name="the bankruptcy price"),
        WrongModel("wrong_mm_basis", {"basis": other_basis}, name="the other MM basis"),
        WrongModel("wrong_side", {"side": flip_side}, name="the other side"),
        WrongModel("stop_for_liquidation", compute=_stop_price, name="the stop price"),
    ),
)


def _bids(prices: Sequence[float], sizes: Sequence[float]) -> pd.DataFrame:
    return pd.DataFrame({"side": "bid", "price": list(prices), "size": list(sizes)})


def sell_vwap(prices: Sequence[float], sizes: Sequence[float], qty: float) -> float:
    """
    Return the average fill price of a market sell of ``qty`` coins into these bids.

    Parameters
    ----------
    prices : sequence of float
        The bids' prices, best first; > 0.
    sizes : sequence of float
        The coins at each price; > 0.
    qty : float
        The coins sold; > 0 and at most the book's depth.

    Returns
    -------
    float
    """
    return vwap(walk_book(_bids(prices, sizes), qty, "sell"))


def _unweighted(prices, sizes, qty):
    """The plain mean of the levels the order touches, not weighted by the fills."""
    touched, left = [], qty
    for price, size in zip(prices, sizes, strict=True):
        if left <= 0:
            break
        touched.append(price)
        left -= size
    return sum(touched) / len(touched)


SELL_VWAP = Family(
    "the average fill of a market sell",
    sell_vwap,
    {},
    (
        WrongModel(
            "stop_guarantees_exit",
            compute=lambda prices, sizes, qty: max(prices),
            name="the best bid",
        ),
        WrongModel("vwap_unweighted", compute=_unweighted, name="the levels' plain mean"),
    ),
)


def _explorer_losses(entry, stop_pct, qty, depth_coin):
    stop = entry * (1 - stop_pct / 100)
    book = example_book(stop, depth_coin=depth_coin, levels=30, tick_fraction=0.001)
    average = vwap(walk_book(book, qty, "sell"))
    return -unrealized_pnl("long", entry, qty, stop), -unrealized_pnl("long", entry, qty, average)


def excess_over_plan_pct(entry: float, stop_pct: float, qty: float, depth_coin: float) -> float:
    """
    Return how much bigger the realised loss of a stop-market sell is than planned, in percent.

    The book is `slippage_explorer`'s: `example_book` around the stop, 30 levels.

    Parameters
    ----------
    entry : float
        Entry price; > 0.
    stop_pct : float
        The stop's distance below entry, in percent; in (0, 100).
    qty : float
        Coins sold; > 0.
    depth_coin : float
        Coins per level of the book; > 0.

    Returns
    -------
    float
    """
    planned, realised = _explorer_losses(entry, stop_pct, qty, depth_coin)
    return 100.0 * (realised / planned - 1.0)


EXCESS_OVER_PLAN = Family(
    "the realised loss of a stop over the planned one, in percent",
    excess_over_plan_pct,
    {},
    (constant("stop_guarantees_exit", 0.0, name="no slippage"),),
)


def loss_pct_of_margin(entry: float, leverage: float, fill: float, stop_pct: float = 0.0) -> float:
    """
    Return the loss of a long closed at ``fill``, in percent of its initial margin.

    Parameters
    ----------
    entry : float
        Entry price; > 0.
    leverage : float
        The leverage setting; >= 1.
    fill : float
        The price the position closed at; > 0.
    stop_pct : float, default 0
        The stop's distance below entry, in percent (a wrong model fills there).

    Returns
    -------
    float
    """
    return -100.0 * roe("long", entry, 1.0, fill, leverage)


GAP_LOSS_OF_MARGIN = Family(
    "a gap's loss in percent of the margin",
    loss_pct_of_margin,
    {},
    (
        WrongModel(
            "stop_guarantees_exit",
            {"fill": lambda p: p["entry"] * (1 - p["stop_pct"] / 100)},
            name="filled at the stop",
        ),
        constant("cannot_lose_more_than_deposit", 100.0, name="capped at the margin"),
    ),
)


def risk_sized_loss_pct(
    equity: float, risk_fraction: float, entry: float, stop: float, fill: float
) -> float:
    """
    Return the loss, in percent of equity, of a risk-sized long closed at ``fill``.

    Parameters
    ----------
    equity : float
        The account's equity, USDT; > 0.
    risk_fraction : float
        The share of equity risked at the stop, in (0, 1).
    entry, stop, fill : float
        Entry, stop and fill prices; > 0, the stop below entry.

    Returns
    -------
    float
    """
    qty = position_notional(equity, risk_fraction, (entry - stop) / entry) / entry
    return -100.0 * unrealized_pnl("long", entry, qty, fill) / equity


RISK_SIZED_LOSS = Family(
    "a stopped trade's loss in percent of equity",
    risk_sized_loss_pct,
    {},
    (
        WrongModel(
            "stop_guarantees_exit", {"fill": lambda p: p["stop"]}, name="filled at the stop"
        ),
        scaled("rate_in_percent", 100.0, name="the risk in percent"),
    ),
)

__all__ = [
    "EXCESS_OVER_PLAN",
    "FIRST_UNSAFE_SETTING",
    "GAP_LOSS_OF_MARGIN",
    "RISK_SIZED_LIQUIDATION",
    "RISK_SIZED_LOSS",
    "RISK_SIZED_QTY",
    "SAFE_LEVERAGE",
    "SELL_VWAP",
    "excess_over_plan_pct",
    "first_unsafe_setting",
    "loss_pct_of_margin",
    "risk_sized_liquidation",
    "risk_sized_loss_pct",
    "risk_sized_qty",
    "safe_leverage",
    "sell_vwap",
]
