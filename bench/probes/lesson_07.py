"""Lesson 07: the probe's wrong answers, each computed as a learner holding one idea would."""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist
from typing import Any

import numpy as np

import course.margin as m
from course.scenarios import load_episode

Wrong = tuple[str, Callable[[dict[str, Any]], Any]]
Z99 = NormalDist().inv_cdf(0.99)


def _risks(p: dict[str, Any]) -> tuple[float, float]:
    return p["notional_1"] * p["sigma_1"], p["notional_2"] * p["sigma_2"]


def _sigma(p: dict[str, Any], rho: float | None = None, *, shorts: bool = True) -> float:
    """The pair's sigma written out by hand, with one thing changed."""
    first, second = _risks(p)
    if not shorts:
        first, second = abs(first), abs(second)
    rho = p["correlation"] if rho is None else rho
    return math.sqrt(first**2 + second**2 + 2 * rho * first * second)


def _linear(p: dict[str, Any]) -> float:
    first, second = _risks(p)
    return abs(first) + abs(second)


def _sigma_mistakes(p: dict[str, Any]) -> list[Wrong]:
    wrong: list[Wrong] = [
        ("sigma_added_linearly", _linear),
        ("correlation_ignored", lambda p: _sigma(p, 0.0)),
        ("variance_for_sigma", lambda p: _sigma(p) ** 2),
        ("rate_in_percent", lambda p: 100 * _sigma(p)),
    ]
    if p["notional_2"] < 0:
        wrong += [
            ("short_as_long", lambda p: _sigma(p, shorts=False)),
            ("hedge_ignores_correlation", lambda p: abs(sum(_risks(p)))),
            ("hedge_ignores_correlation", lambda p: 0.0),
        ]
    return wrong


def _var_mistakes(p: dict[str, Any]) -> list[Wrong]:
    return [
        ("sigma_added_linearly", lambda p: Z99 * _linear(p)),
        ("correlation_ignored", lambda p: Z99 * _sigma(p, 0.0)),
        ("var_is_sigma", _sigma),
        ("var_two_sided", lambda p: NormalDist().inv_cdf(0.995) * _sigma(p)),
    ]


def _correlation(p: dict[str, Any], how: str) -> float:
    closes = load_episode(p["episode"]).pivot(index="date", columns="asset", values="close")
    closes = closes.dropna()
    if how == "levels":
        series = closes
    elif how == "simple":
        series = closes.pct_change().dropna()
    else:
        series = np.log(closes).diff().dropna()
    return float(series["BTC"].corr(series["ETH"]))


def _room(p: dict[str, Any], shock_pct: float, *, alone: bool = False, mmr: bool = True) -> float:
    equity, maintenance = p["wallet_balance"], 0.0
    for index, position in enumerate(p["positions"]):
        moved = 1 + (shock_pct / 100 if (index == 0 or not alone) else 0.0)
        mark = position.entry * moved
        equity += position.sign * position.qty * (mark - position.entry)
        maintenance += position.qty * mark * position.mmr if mmr else 0.0
    return equity - maintenance


def _root(p: dict[str, Any], **how: Any) -> float:
    now = _room(p, 0.0, **how)
    return -50 * now / (now - _room(p, -50.0, **how))


# question id -> params -> [(misconception id, how the wrong answer is computed from params)]
VALUES: dict[str, Callable[[dict[str, Any]], list[Wrong]]] = {
    "q7_1_window_correlation": lambda p: [
        ("simple_for_log_returns", lambda p: _correlation(p, "simple")),
        ("prices_for_returns", lambda p: _correlation(p, "levels")),
    ],
    "q7_2_pair_sigma": _sigma_mistakes,
    "q7_3_pair_var": _var_mistakes,
    "q7_4_hedge_sigma": _sigma_mistakes,
    "q7_5_joint_shock": lambda p: [
        ("positions_fall_alone", lambda p: _root(p, alone=True)),
        ("bankruptcy_for_liquidation", lambda p: _root(p, mmr=False)),
        (
            "wrong_sign",
            lambda p: -m.joint_shock_to_liquidation(p["wallet_balance"], p["positions"]),
        ),
        ("fraction_for_percent", lambda p: _root(p) / 100),
    ],
    "q7_6_diversification_myth": lambda p: [
        ("correlation_ignored", lambda p: 100 * _sigma(p, 0.0) / _linear(p)),
        ("sigma_added_linearly", lambda p: 100.0),
        ("fraction_for_percent", lambda p: _sigma(p) / _linear(p)),
    ],
}
# function question id -> [(misconception id, a wrong function)]
FUNCTIONS: dict[str, list[tuple[str, Callable[..., Any]]]] = {}
