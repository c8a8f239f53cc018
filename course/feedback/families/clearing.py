"""Kinds of question about the exchange's liquidation engine: the shortfall, ADL, haircuts.

The fund's gain on one liquidation is lesson 02's `FUND_GAIN`
(`course.feedback.families.liquidation`); these families cover what comes after it, when
the fund cannot pay (`course.engine.fund`, `course.engine.adl`).
"""

from __future__ import annotations

from collections.abc import Sequence

from course.engine.adl import Method, adl_haircuts, adl_score
from course.engine.fund import shortfall
from course.feedback.models import Family, WrongModel, constant, scaled


def socialised(loss: float, fund: float) -> float:
    """
    Return what the insurance fund cannot cover, USDT (`shortfall`).

    Parameters
    ----------
    loss : float
        The bankrupt position's deficit, USDT; >= 0.
    fund : float
        The fund's balance, USDT; >= 0.

    Returns
    -------
    float
    """
    return shortfall(loss, fund)


SHORTFALL = Family(
    "the shortfall the insurance fund leaves to auto-deleveraging",
    socialised,
    {},
    (
        constant("fund_covers_all", 0.0, name="the fund covers everything"),
        WrongModel("fund_skipped", compute=lambda loss, **_: loss, name="the whole loss"),
        WrongModel(
            "fund_skipped", compute=lambda loss, fund: loss + fund, name="the fund's loss added"
        ),
    ),
)


def score(upnl: float, collateral: float, notional: float) -> float:
    """
    Return a winner's ADL score: profit in percent times effective leverage (`adl_score`).

    Parameters
    ----------
    upnl : float
        Unrealised PnL, USDT.
    collateral : float
        The margin behind the position, USDT; > 0.
    notional : float
        The position's value at the mark, USDT; >= 0.

    Returns
    -------
    float
    """
    return adl_score(upnl, collateral, notional)


ADL_SCORE = Family(
    "a position's ADL score",
    score,
    {},
    (
        WrongModel(
            "adl_by_profit",
            compute=lambda upnl, collateral, **_: upnl / collateral,
            name="the profit in percent alone",
        ),
        WrongModel(
            "leverage_setting_for_effective",
            compute=lambda upnl, collateral, notional: upnl / collateral * notional / collateral,
            name="leverage on the margin, not the equity",
        ),
        WrongModel(
            "adl_by_profit",
            compute=lambda upnl, collateral, notional: notional / (collateral + upnl),
            name="the effective leverage alone",
        ),
        scaled("rate_in_percent", 100.0, name="the profit in percent, a hundred times"),
    ),
)


def haircut(shortfall: float, profits: Sequence[float], winner: int, method: Method) -> float:
    """
    Return one winner's haircut when a shortfall is socialised, USDT (`adl_haircuts`).

    Parameters
    ----------
    shortfall : float
        What the fund cannot cover, USDT; >= 0.
    profits : sequence of float
        Every winner's unrealised profit, USDT; >= 0.
    winner : int
        Which winner the question asks about (0 for the first listed).
    method : {"pro_rata", "queue"}

    Returns
    -------
    float
    """
    return float(adl_haircuts(shortfall, profits, method=method)[winner])


def _other_method(params) -> str:
    return "queue" if params["method"] == "pro_rata" else "pro_rata"


HAIRCUT = Family(
    "a winner's haircut under auto-deleveraging",
    haircut,
    {"method": "pro_rata", "winner": 0},
    (
        constant("winners_are_safe", 0.0, name="the winner keeps its profit"),
        WrongModel("adl_method_confused", {"method": _other_method}, name="the other method"),
        WrongModel(
            "haircut_equal_split",
            compute=lambda shortfall, profits, **_: shortfall / len(profits),
            name="split equally",
        ),
        WrongModel(
            "fraction_for_amount",
            compute=lambda shortfall, profits, **_: 100 * shortfall / sum(profits),
            name="the share taken in percent, not the amount",
        ),
    ),
)

__all__ = ["ADL_SCORE", "HAIRCUT", "SHORTFALL", "haircut", "score", "socialised"]
