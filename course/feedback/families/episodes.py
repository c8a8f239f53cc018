"""Kinds of question about real crash windows: survivable leverage, drawdowns, collateral.

Each `Family` states the computation that answers its questions and the wrong models that
apply to every one of them (`course.feedback.models`).
"""

from __future__ import annotations

import numpy as np

from course.engine.crashes import max_drawdown, survivable_leverage
from course.engine.cross import Position, cross_liquidation_price
from course.engine.validation import Basis
from course.feedback.models import Family, WrongModel, other_basis
from course.scenarios.episodes import load_episode


def survivable_leverage_at_low(
    entry: float, close: float, low: float, mmr: float, basis: Basis = "entry"
) -> float:
    """
    Return the highest isolated long leverage whose liquidation lies below the intraday low.

    Parameters
    ----------
    entry : float
        Entry price (the last close before the crash), USD; > 0.
    close : float
        The crash day's close, USD; > 0. It does not decide liquidation.
    low : float
        The lowest price reported that day, USD; > 0.
    mmr : float
        Maintenance margin rate, in [0, 1).
    basis : {"entry", "mark"}, default "entry"

    Returns
    -------
    float
    """
    return survivable_leverage("long", entry, low, mmr, basis=basis)


SURVIVABLE_LEVERAGE = Family(
    "the highest leverage a long survives through a crash day",
    survivable_leverage_at_low,
    {"basis": "entry"},
    (
        WrongModel("close_decides_liquidation", {"low": lambda p: p["close"]}, name="the close"),
        WrongModel("bankruptcy_for_liquidation", {"mmr": 0.0}, name="MM left out"),
    ),
)


def drawdown_pct(episode: str, asset: str) -> float:
    """
    Return the maximum drawdown of one asset's shipped closes in a window, in percent (< 0).

    Parameters
    ----------
    episode : str
        One of `course.scenarios.episode_names()`.
    asset : {"BTC", "ETH"}

    Returns
    -------
    float
    """
    return 100.0 * max_drawdown(load_episode(episode, asset)["close"])


def _closes(episode: str, asset: str) -> np.ndarray:
    return load_episode(episode, asset)["close"].to_numpy(dtype=float)


MAX_DRAWDOWN = Family(
    "the maximum drawdown of a crash window, close basis",
    drawdown_pct,
    {},
    (
        WrongModel(
            "drawdown_from_first",
            compute=lambda episode, asset, **_: (
                100.0 * (_closes(episode, asset).min() / _closes(episode, asset)[0] - 1.0)
            ),
            name="from the first close",
        ),
        WrongModel(
            "drawdown_one_day",
            compute=lambda episode, asset, **_: (
                100.0
                * float(np.min(_closes(episode, asset)[1:] / _closes(episode, asset)[:-1] - 1.0))
            ),
            name="the worst day",
        ),
        WrongModel("wrong_sign", result=lambda right, _: -right, name="as a positive number"),
    ),
)


def collateral_liquidation(
    entry: float,
    qty: float,
    collateral_units: float,
    collateral_price: float,
    mmr: float,
    basis: Basis = "mark",
) -> float:
    """
    Return the cross liquidation price of a long backed by collateral valued at its price.

    Parameters
    ----------
    entry : float
        Entry price, USDT; > 0.
    qty : float
        Coins; > 0.
    collateral_units : float
        Units of the collateral token in the wallet; >= 0.
    collateral_price : float
        The price the venue gives the token, USDT per unit; >= 0.
    mmr : float
        Maintenance margin rate, in [0, 1).
    basis : {"mark", "entry"}, default "mark"

    Returns
    -------
    float
    """
    wallet = collateral_units * collateral_price
    position = Position("BTCUSDT", "long", qty, entry, entry, mmr)
    return cross_liquidation_price(wallet, [position], "BTCUSDT", basis=basis)


COLLATERAL_LIQUIDATION = Family(
    "the cross liquidation price of a long when the collateral token gaps",
    collateral_liquidation,
    {"basis": "mark"},
    (
        WrongModel("stable_collateral", {"collateral_price": 1.0}, name="the token at face value"),
        WrongModel("bankruptcy_for_liquidation", {"mmr": 0.0}, name="MM left out"),
        WrongModel("wrong_mm_basis", {"basis": other_basis}, name="the other MM basis"),
    ),
)


__all__ = [
    "COLLATERAL_LIQUIDATION",
    "MAX_DRAWDOWN",
    "SURVIVABLE_LEVERAGE",
    "collateral_liquidation",
    "drawdown_pct",
    "survivable_leverage_at_low",
]
