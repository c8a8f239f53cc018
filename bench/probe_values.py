"""The probe's wrong values: each computed as a learner who holds one idea would compute it.

Written from the lessons' statements and the engine's public façade (`course.margin`), not
from `course.feedback.families`; `bench.hint_probe` feeds them to the checks.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import course.margin as m
from bench.probes import LESSONS
from course.hints import question

Wrong = tuple[str, Callable[[dict[str, Any]], Any]]


def _flip(side: str) -> str:
    return "short" if side == "long" else "long"


def _other(basis: str) -> str:
    return "mark" if basis == "entry" else "entry"


def _lp(p: dict[str, Any], **change: Any) -> float:
    """An isolated liquidation price from a question's parameters, one thing changed."""
    q = {"side": "long", "qty": 1.0, "basis": "entry", "contract": "linear", "extra_margin": 0.0}
    q.update(p)
    q.update(change)
    return m.isolated_liquidation_price(
        q["side"],
        q["entry"],
        q["leverage"],
        q["mmr"],
        qty=q["qty"],
        basis=q["basis"],
        contract=q["contract"],
        extra_margin=q["extra_margin"],
    )


def _distance(p: dict[str, Any], **change: Any) -> float:
    return 100 * abs(p["entry"] - _lp(p, **change)) / p["entry"]


def _isolated_price_mistakes(p: dict[str, Any]) -> list[Wrong]:
    side = p.get("side", "long")
    wrong: list[Wrong] = [
        ("bankruptcy_for_liquidation", lambda p: _lp(p, mmr=0.0)),
        ("wrong_side", lambda p: _lp(p, side=_flip(side))),
        ("wrong_mm_basis", lambda p: _lp(p, basis=_other(p.get("basis", "entry")))),
    ]
    if p.get("contract") == "inverse":
        wrong.append(("inverse_as_linear", lambda p: _lp(p, contract="linear")))
    if p.get("extra_margin"):
        wrong.append(("liquidation_price_fixed", lambda p: _lp(p, extra_margin=0.0)))
    return wrong


def _distance_mistakes(p: dict[str, Any]) -> list[Wrong]:
    wrong: list[Wrong] = [
        ("one_over_leverage", lambda p: 100.0 / p["leverage"]),
        ("wrong_mm_basis", lambda p: _distance(p, basis=_other(p.get("basis", "entry")))),
        ("fraction_for_percent", lambda p: _distance(p) / 100),
        ("price_for_distance", lambda p: _lp(p)),
    ]
    if p.get("contract") == "inverse":
        wrong.append(("inverse_as_linear", lambda p: _distance(p, contract="linear")))
    return wrong


def _pnl(p: dict[str, Any]) -> float:
    qty = p.get("qty") or p["position_notional"] / p.get("entry", 100.0)
    entry = p.get("entry", 100.0)
    return m.unrealized_pnl("long", entry, qty, entry * (1 + p["move_pct"] / 100))


def _margin(p: dict[str, Any]) -> float:
    qty = p.get("qty") or p["position_notional"] / p.get("entry", 100.0)
    return m.initial_margin(qty, p.get("entry", 100.0), p["leverage"])


def _return_mistakes(p: dict[str, Any]) -> list[Wrong]:
    right = lambda p: 100 * _pnl(p) / p["equity"]  # noqa: E731
    return [
        ("roe_vs_account_return", lambda p: 100 * _pnl(p) / _margin(p)),
        ("leverage_scales_pnl", lambda p: right(p) * p["leverage"]),
        ("fraction_for_percent", lambda p: right(p) / 100),
        ("wrong_sign", lambda p: -right(p)),
    ]


def _shift(positions, shock_pct):
    return [dataclasses.replace(x, mark=x.entry * (1 + shock_pct / 100)) for x in positions]


def _ratio(wallet, positions, shock_pct, basis="mark", absolute=False):
    moved = _shift(positions, shock_pct)
    pnl = [x.unrealized_pnl() for x in moved]
    equity = wallet + sum(abs(v) if absolute else v for v in pnl)
    return 100 * sum(x.maintenance_margin(basis) for x in moved) / equity


def _shock(wallet, positions):
    def room(s):
        moved = _shift(positions, s)
        return (
            wallet
            + sum(x.unrealized_pnl() for x in moved)
            - sum(x.maintenance_margin() for x in moved)
        )

    return -50 * room(0) / (room(0) - room(-50))


def _qty(p):
    return (
        m.position_notional(
            p["equity"], p["risk_fraction"], abs(p["entry"] - p["stop"]) / p["entry"]
        )
        / p["entry"]
    )


def _sized_lp(p, **change):
    q = {"basis": "mark", **p, **change}
    qty = m.position_notional(q["equity"], q["risk_fraction"], q["stop_distance"]) / q["entry"]
    return m.isolated_liquidation_price(
        q.get("side", "long"), q["entry"], q["leverage"], q["mmr"], qty=qty, basis=q["basis"]
    )


def _tier_without_cum(p):
    """The bracket the liquidation price lands in, with its MMR but no maintenance amount."""
    brackets = m.BINANCE_BTCUSDT_2021.brackets
    right = m.tiered_liquidation_price(p["side"], p["entry"], p["qty"], p["collateral"], brackets)
    bracket = next(b for b in brackets if p["qty"] * right <= b.notional_cap)
    return m.liquidation_price(p["side"], p["entry"], p["qty"], p["collateral"], bracket.mmr)


def _streak(risk, losses):
    return 100 * m.recovery_gain(m.losing_streak_drawdown(risk, losses))


# Wrong answers per question: (the misconception it should be named as, how it is computed).
VALUES: dict[str, Callable[[dict[str, Any]], list[Wrong]]] = {
    "q0_1_notional": lambda p: [
        ("margin_for_notional", lambda p: p["qty"] * p["price"] / p["leverage"])
    ],
    "q0_2_distance": _distance_mistakes,
    "q1_1_effective_leverage": lambda p: [
        ("leverage_setting_for_effective", lambda p: p["leverage"]),
        ("margin_for_notional", lambda p: p["qty"] * p["entry"] / p["leverage"] / p["equity"]),
        ("leverage_inverted", lambda p: p["equity"] / (p["qty"] * p["entry"])),
        ("percent_for_fraction", lambda p: 100 * p["qty"] * p["entry"] / p["equity"]),
    ],
    "q1_2_account_return": _return_mistakes,
    "q1_4_explorer_return": _return_mistakes,
    "q1_5_petya_pnl": lambda p: [
        ("leverage_scales_pnl", lambda p: _pnl(p) * p["leverage"]),
        ("margin_for_notional", lambda p: _margin(p) * p["move_pct"] / 100),
        ("wrong_sign", lambda p: -_pnl(p)),
    ],
    "q2_1_liquidation_short": _isolated_price_mistakes,
    "q2_2_leverage_reading": lambda p: [
        ("one_over_leverage", lambda p: 100 / p["distance_pct"]),
        (
            "leverage_inverted",
            lambda p: 1 / m.max_leverage_for_stop(p["distance_pct"] / 100, p["mmr"]),
        ),
    ],
    "q2_3_liquidation_long": _isolated_price_mistakes,
    "q2_4_insurance_fund": lambda p: [
        ("insurance_fund_protects_me", lambda p: 0.0),
        ("wrong_sign", lambda p: -p["qty"] * (p["fill"] - p["entry"] * (1 - 1 / p["leverage"]))),
        # the statement's MMR: settled at the liquidation price, or the MM left there
        ("settled_at_liquidation", lambda p: p["qty"] * (p["fill"] - _lp(p))),
        ("settled_at_liquidation", lambda p: 0.005 * p["qty"] * p["entry"]),
    ],
    "q2_5_inverse_long": _isolated_price_mistakes,
    "q2_6_liquidation_distance": _distance_mistakes,
    "q2_8_tiered_short": lambda p: [
        (
            "ignored_tier",
            lambda p: m.liquidation_price(p["side"], p["entry"], p["qty"], p["collateral"], 0.004),
        ),
        ("maint_amount_left_out", lambda p: _tier_without_cum(p)),
        (
            "wrong_side",
            lambda p: m.tiered_liquidation_price(
                _flip(p["side"]),
                p["entry"],
                p["qty"],
                p["collateral"],
                m.BINANCE_BTCUSDT_2021.brackets,
            ),
        ),
        (
            "bankruptcy_for_liquidation",
            lambda p: m.bankruptcy_price(p["side"], p["entry"], p["qty"], p["collateral"]),
        ),
    ],
    "q2_9_seed_bankruptcy": lambda p: [
        (
            "wrong_side",
            lambda p: m.bankruptcy_price("short", p["entry"], p["qty"], p["collateral"]),
        ),
        # the myth check's own liquidation prices, on either basis
        ("liquidation_for_bankruptcy", lambda p: _lp({**p, "leverage": 10.0, "mmr": 0.005})),
        (
            "liquidation_for_bankruptcy",
            lambda p: m.liquidation_price(
                "long", p["entry"], p["qty"], p["collateral"], 0.005, basis="mark"
            ),
        ),
    ],
    "q2_10_mark_vs_last": lambda p: [  # liquidation judged on the last price's wick
        (
            "last_price_trigger",
            lambda p, basis=basis: m.isolated_liquidation_price(
                "long", p["entry"], p["leverage"], p["mmr"], qty=p["qty"], basis=basis
            ),
        )
        for basis in ("mark", "entry")
    ],
    "q3_1_cross_liquidation": lambda p: [
        (
            "isolated_always_safer",
            lambda p: m.isolated_liquidation_price(
                "long", p["entry"], p["leverage"], p["mmr"], qty=p["qty"]
            ),
        ),
        (
            "bankruptcy_for_liquidation",
            lambda p: m.bankruptcy_price("long", p["entry"], p["qty"], p["wallet_balance"]),
        ),
        (
            "wrong_mm_basis",
            lambda p: m.liquidation_price(
                "long", p["entry"], p["qty"], p["wallet_balance"], p["mmr"], basis="entry"
            ),
        ),
    ],
    "q3_3_margin_ratio": lambda p: [
        (
            "other_upnl_dropped",
            lambda p: _ratio(p["wallet_balance"], p["positions"][:1], p["shock_pct"]),
        ),
        (
            "other_upnl_dropped",
            lambda p: _ratio(p["wallet_balance"], p["positions"], p["shock_pct"], absolute=True),
        ),
        (
            "wrong_mm_basis",
            lambda p: _ratio(p["wallet_balance"], p["positions"], p["shock_pct"], basis="entry"),
        ),
        (
            "fraction_for_percent",
            lambda p: _ratio(p["wallet_balance"], p["positions"], p["shock_pct"]) / 100,
        ),
    ],
    "q3_4_added_margin": _isolated_price_mistakes,
    "q3_6_account_shock": lambda p: [
        ("other_upnl_dropped", lambda p: _shock(p["wallet_balance"], p["positions"][:1])),
        (
            "bankruptcy_for_liquidation",
            lambda p: _shock(
                p["wallet_balance"], [dataclasses.replace(x, mmr=0.0) for x in p["positions"]]
            ),
        ),
        ("wrong_sign", lambda p: -_shock(p["wallet_balance"], p["positions"])),
        ("fraction_for_percent", lambda p: _shock(p["wallet_balance"], p["positions"]) / 100),
    ],
    "q4_1_position_qty": lambda p: [
        ("size_from_leverage", lambda p: p["equity"] * p["leverage"] / p["entry"]),
        ("notional_for_qty", lambda p: _qty(p) * p["entry"]),
        ("margin_for_notional", lambda p: _qty(p) * p["leverage"]),
        ("rate_in_percent", lambda p: 100 * _qty(p)),  # 1.5 for the 1.5% risk
    ],
    "q4_3_explorer_leverage": lambda p: [
        ("one_over_leverage", lambda p: 1 / p["stop_distance"]),
        ("off_by_one", lambda p: math.floor(m.max_leverage_for_stop(p["stop_distance"], p["mmr"]))),
    ],
    "q4_4_streak_recovery": lambda p: [
        (
            "recovery_symmetric",
            lambda p: 100 * m.losing_streak_drawdown(p["risk_fraction"], p["losses"]),
        ),
        ("streak_added", lambda p: 100 * m.recovery_gain(p["risk_fraction"] * p["losses"])),
        ("off_by_one", lambda p: _streak(p["risk_fraction"], p["losses"] - 1)),
        ("fraction_for_percent", lambda p: _streak(p["risk_fraction"], p["losses"]) / 100),
    ],
    "q4_5_seed_liquidation": lambda p: [
        ("bankruptcy_for_liquidation", lambda p: _sized_lp(p, mmr=0.0)),
        ("wrong_mm_basis", lambda p: _sized_lp(p, basis="entry")),
        ("stop_for_liquidation", lambda p: p["entry"] * (1 - p["stop_distance"])),
    ],
    "q5_3_gap_liquidation": _isolated_price_mistakes,
    "q3_2_gap_loss": lambda p: [
        ("cannot_lose_more_than_deposit", lambda p: p["qty"] * p["entry"] / p["leverage"])
    ],
    "q3_7_isolated_extra": lambda p: [
        ("isolated_always_safer", lambda p: -question("q3_7_isolated_extra").expected_value())
    ],
    "q5_2_explorer_excess": lambda p: [
        ("stop_guarantees_exit", lambda p: 0.0),
        ("fraction_for_percent", lambda p: question("q5_2_explorer_excess").expected_value() / 100),
    ],
    "q5_4_gap_cross": lambda p: [
        ("stop_guarantees_exit", lambda p: 100 * p["stop_pct"] / 100 * p["leverage"]),
        ("cannot_lose_more_than_deposit", lambda p: 100.0),
    ],
    "q5_5_stop_myth": lambda p: [
        ("stop_guarantees_exit", lambda p: 100 * p["risk_fraction"]),
        ("rate_in_percent", lambda p: 100 * question("q5_5_stop_myth").expected_value()),
    ],
    "q4_6_atr_stop": lambda p: [
        ("atr_multiple_dropped", lambda p: p["equity"] * p["risk_fraction"] / p["atr"]),
        (
            "notional_for_qty",
            lambda p: p["equity"] * p["risk_fraction"] / (p["atrs"] * p["atr"]) * p["entry"],
        ),
        ("size_from_leverage", lambda p: p["equity"] * p["leverage"] / p["entry"]),
        (
            "percent_for_fraction",
            lambda p: 100 * p["equity"] * p["risk_fraction"] / (p["atrs"] * p["atr"]),
        ),
    ],
    "q5_6_stop_limit": lambda p: [
        ("stop_guarantees_exit", lambda p: p["entry"] - p["trigger"]),
        ("stop_guarantees_exit", lambda p: p["entry"] - p["limit"]),
        ("stop_guarantees_exit", lambda p: p["entry"] - p["first_trade"]),
    ],
}

for _lesson in LESSONS:
    VALUES.update(_lesson.VALUES)
