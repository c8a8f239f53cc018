"""Kinds of question about two positions together: correlation, sigma, VaR, a joint shock.

Each `Family` states the engine computation that answers its questions and the wrong models
that apply to every one of them (`course.feedback.models`). Lesson 07 uses them.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from statistics import NormalDist

from course.engine.cross import Position
from course.engine.portfolio import joint_shock_to_liquidation, parametric_var, portfolio_sigma
from course.feedback.models import Family, WrongModel, scaled
from course.scenarios.correlation import window_closes, window_returns


def window_correlation(episode: str, kind: str = "log", levels: bool = False) -> float:
    """
    Return the correlation of BTC's and ETH's daily returns (or closes) in one window.

    Parameters
    ----------
    episode : str
        A shipped window with both assets.
    kind : {"log", "simple"}, default "log"
    levels : bool, default False
        Correlate the closes themselves (a wrong model).

    Returns
    -------
    float
    """
    if levels:
        closes = window_closes(episode)
        return float(closes["BTC"].corr(closes["ETH"]))
    returns = window_returns(episode, kind)
    return float(returns["BTC"].corr(returns["ETH"]))


WINDOW_CORRELATION = Family(
    "the correlation of BTC's and ETH's daily log returns in a crash window",
    window_correlation,
    {"kind": "log", "levels": False},
    (
        WrongModel("simple_for_log_returns", {"kind": "simple"}, name="simple returns"),
        WrongModel("prices_for_returns", {"levels": True}, name="the closes correlated"),
    ),
)


def _risks(notional_1, sigma_1, notional_2, sigma_2):
    return notional_1 * sigma_1, notional_2 * sigma_2


def _linear_sum(notional_1, sigma_1, notional_2, sigma_2, **_):
    first, second = _risks(notional_1, sigma_1, notional_2, sigma_2)
    return abs(first) + abs(second)


def _perfect_hedge(notional_1, sigma_1, notional_2, sigma_2, **_):
    first, second = _risks(notional_1, sigma_1, notional_2, sigma_2)
    return abs(first + second)


def _opposite(params) -> bool:
    return params["notional_1"] * params["notional_2"] < 0


def _sigma_models(scale) -> tuple[WrongModel, ...]:
    """The wrong models of a sigma, and of a VaR (``scale`` turns a sigma into the answer)."""
    return (
        WrongModel(
            "sigma_added_linearly",
            compute=lambda **p: scale(_linear_sum(**p), p),
            name="sigmas added",
        ),
        WrongModel("correlation_ignored", {"correlation": 0.0}, name="rho taken as 0"),
        WrongModel(
            "short_as_long",
            {
                "notional_2": lambda p: abs(p["notional_2"]),
                "notional_1": lambda p: abs(p["notional_1"]),
            },
            name="the short as a long",
        ),
        WrongModel(
            "hedge_ignores_correlation",
            compute=lambda **p: scale(_perfect_hedge(**p), p),
            name="the hedge as if rho were 1",
            when=_opposite,
        ),
        WrongModel(
            "hedge_ignores_correlation",
            result=lambda right, p: 0.0,
            name="the hedge cancels all risk",
            when=_opposite,
        ),
        WrongModel(
            "hedge_ignores_correlation",
            {"correlation": lambda p: p.get("assumed_correlation", p["correlation"])},
            name="the assumed rho kept",
        ),
    )


def pair_sigma(
    notional_1: float, sigma_1: float, notional_2: float, sigma_2: float, correlation: float
) -> float:
    """
    Return `portfolio_sigma` of two positions, USDT.

    Parameters
    ----------
    notional_1 : float
        Signed notional of the first position, USDT: positive for a long, negative for a
        short; finite.
    sigma_1 : float
        Daily standard deviation of the first asset's returns, a fraction (0.03 for 3%);
        finite and >= 0.
    notional_2, sigma_2 : float
        The same for the second position.
    correlation : float
        In [-1, 1].

    Returns
    -------
    float
    """
    return portfolio_sigma(notional_1, sigma_1, notional_2, sigma_2, correlation)


PORTFOLIO_SIGMA = Family(
    "the standard deviation of two positions' daily PnL, USDT",
    pair_sigma,
    {},
    (
        *_sigma_models(lambda sigma, _: sigma),
        WrongModel("variance_for_sigma", result=lambda right, _: right**2, name="the variance"),
        scaled("rate_in_percent", 100.0, name="sigmas in percent"),
    ),
)


def pair_var(
    notional_1: float,
    sigma_1: float,
    notional_2: float,
    sigma_2: float,
    correlation: float,
    confidence: float = 0.99,
) -> float:
    """
    Return the one-day parametric VaR of two positions, USDT.

    Parameters
    ----------
    notional_1 : float
        Signed notional of the first position, USDT: positive for a long, negative for a
        short; finite.
    sigma_1 : float
        Daily standard deviation of the first asset's returns, a fraction (0.03 for 3%);
        finite and >= 0.
    notional_2, sigma_2 : float
        The same for the second position.
    correlation : float
        In [-1, 1].
    confidence : float, default 0.99
        One-sided, in (0.5, 1).

    Returns
    -------
    float
    """
    sigma = portfolio_sigma(notional_1, sigma_1, notional_2, sigma_2, correlation)
    return parametric_var(sigma, confidence)


def _two_sided(notional_1, sigma_1, notional_2, sigma_2, correlation, confidence=0.99):
    sigma = portfolio_sigma(notional_1, sigma_1, notional_2, sigma_2, correlation)
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2) * sigma


def _var_of(sigma, params):
    return parametric_var(sigma, params.get("confidence", 0.99))


PAIR_VAR = Family(
    "the one-day parametric VaR of two positions, USDT",
    pair_var,
    {"confidence": 0.99},
    (
        *_sigma_models(_var_of),
        WrongModel("var_is_sigma", compute=pair_sigma, name="one sigma"),
        WrongModel("var_two_sided", compute=_two_sided, name="the two-sided quantile"),
    ),
)


def risk_kept_pct(
    notional_1: float, sigma_1: float, notional_2: float, sigma_2: float, correlation: float
) -> float:
    """
    Return the pair's sigma as a percent of the two positions' risks added.

    ``100`` means no diversification at all (rho = 1 for two longs)::

        kept = 100 * sigma_p / (|n_1 sigma_1| + |n_2 sigma_2|)

    Parameters
    ----------
    notional_1 : float
        Signed notional of the first position, USDT: positive for a long, negative for a
        short; finite.
    sigma_1 : float
        Daily standard deviation of the first asset's returns, a fraction (0.03 for 3%);
        finite and >= 0.
    notional_2, sigma_2 : float
        The same for the second position.
    correlation : float
        In [-1, 1].

    Returns
    -------
    float
    """
    sigma = portfolio_sigma(notional_1, sigma_1, notional_2, sigma_2, correlation)
    return 100.0 * sigma / _linear_sum(notional_1, sigma_1, notional_2, sigma_2)


DIVERSIFICATION = Family(
    "the risk two positions keep together, percent of their risks added",
    risk_kept_pct,
    {},
    (
        WrongModel("correlation_ignored", {"correlation": 0.0}, name="rho taken as 0"),
        WrongModel("sigma_added_linearly", result=lambda right, p: 100.0, name="sigmas added"),
    ),
)


def joint_shock_pct(wallet_balance: float, positions: Sequence[Position]) -> float:
    """
    Return `joint_shock_to_liquidation` of a cross account (MM at the mark), percent.

    Parameters
    ----------
    wallet_balance : float
        The wallet, USDT.
    positions : sequence of Position
        The account's positions, at entry.

    Returns
    -------
    float
    """
    return joint_shock_to_liquidation(wallet_balance, positions)


def _first_alone(wallet_balance, positions):
    """The shock to the first position alone, the others held at their marks."""
    first, rest = positions[0], list(positions[1:])

    def room(shock_pct):
        moved = [dataclasses.replace(first, mark=first.mark * (1 + shock_pct / 100)), *rest]
        equity = wallet_balance + math.fsum(p.unrealized_pnl() for p in moved)
        return equity - math.fsum(p.maintenance_margin() for p in moved)

    now = room(0.0)
    return -50.0 * now / (now - room(-50.0))  # room is linear in the shock


JOINT_SHOCK = Family(
    "the joint move of every mark that liquidates a cross account, in percent",
    joint_shock_pct,
    {},
    (
        WrongModel(
            "positions_fall_alone",
            compute=_first_alone,
            name="the first position alone shocked",
            when=lambda p: len(p["positions"]) > 1,
        ),
        WrongModel(
            "bankruptcy_for_liquidation",
            {"positions": lambda p: tuple(dataclasses.replace(x, mmr=0.0) for x in p["positions"])},
            name="MM left out",
        ),
        WrongModel("wrong_sign", result=lambda right, _: -right, name="the sign flipped"),
    ),
)

__all__ = [
    "DIVERSIFICATION",
    "JOINT_SHOCK",
    "PAIR_VAR",
    "PORTFOLIO_SIGMA",
    "WINDOW_CORRELATION",
    "joint_shock_pct",
    "pair_sigma",
    "pair_var",
    "risk_kept_pct",
    "window_correlation",
]
