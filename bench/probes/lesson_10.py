"""Lesson 10: the probe's wrong answers, each computed as a learner holding one idea would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import course.margin as m
from course.scenarios import load_episode


def _closes(p: dict[str, Any]) -> list[float]:
    return [float(x) for x in load_episode(p["episode"], p["asset"])["close"]]


def _leverage_at(entry: float, price: float, mmr: float) -> float:
    return 1.0 / ((entry - price) / entry + mmr)


def _cross(p: dict[str, Any], price: float, mmr: float, basis: str = "mark") -> float:
    position = m.Position("BTCUSDT", "long", p["qty"], p["entry"], p["entry"], mmr)
    return m.cross_liquidation_price(
        p["collateral_units"] * price, [position], "BTCUSDT", basis=basis
    )


# question id -> params -> [(misconception id, how the wrong answer is computed from params)]
VALUES: dict[str, Callable[[dict[str, Any]], list[tuple[str, Callable[[dict[str, Any]], Any]]]]] = {
    "q10_1_survivable_leverage": lambda p: [
        ("close_decides_liquidation", lambda p: _leverage_at(p["entry"], p["close"], p["mmr"])),
        ("bankruptcy_for_liquidation", lambda p: _leverage_at(p["entry"], p["low"], 0.0)),
    ],
    "q10_2_max_drawdown": lambda p: [
        ("drawdown_from_first", lambda p: 100 * (min(_closes(p)) / _closes(p)[0] - 1)),
        (
            "drawdown_one_day",
            lambda p: (
                100 * min(b / a - 1 for a, b in zip(_closes(p)[:-1], _closes(p)[1:], strict=True))
            ),
        ),
        ("wrong_sign", lambda p: -100 * m.max_drawdown(_closes(p))),
        ("fraction_for_percent", lambda p: m.max_drawdown(_closes(p))),
    ],
    "q10_3_collateral_depeg": lambda p: [
        ("stable_collateral", lambda p: _cross(p, 1.0, p["mmr"])),
        ("bankruptcy_for_liquidation", lambda p: _cross(p, p["collateral_price"], 0.0)),
        ("wrong_mm_basis", lambda p: _cross(p, p["collateral_price"], p["mmr"], "entry")),
    ],
}


def _screen(side, entry, qty, wallet_balance, mmr, maint_amount, fee_rate, basis):
    s = 1 if side == "long" else -1
    rate = mmr + fee_rate
    if basis == "mark":
        return (wallet_balance + maint_amount - s * qty * entry) / (qty * (rate - s))
    return entry - s * (wallet_balance - qty * entry * rate + maint_amount) / qty


def _check(account, trade, *, risk_times_leverage=False, no_mmr=False, no_buffer=False,
           cross_alone=False, fees_per_interval=False, funding_paid=False, one_fee=False,
           crash_at_stop=False):  # fmt: skip
    """A pre-trade check written from the statement, with one slip switched on."""
    failed = []
    equity, entry, qty = account["equity"], trade["entry"], trade["qty"]
    distance = abs(entry - trade["stop"]) / entry
    loss = qty * abs(entry - trade["stop"]) * (trade["leverage"] if risk_times_leverage else 1)
    if loss > account["risk_limit"] * equity:
        failed.append("risk")
    room = 1 / trade["leverage"] - (0.0 if no_mmr else account["mmr"])
    if distance + (0.0 if no_buffer else account["buffer"]) > room:
        failed.append("stop")
    cross_account = {**account, "positions": []} if cross_alone else account
    if distance + account["buffer"] > m.cross_distance(cross_account, trade):
        failed.append("cross")
    intervals = trade["hold_hours"] // 8
    fees = (1 if one_fee else 2) * qty * entry * account["fee_rate"]
    fees *= max(intervals, 1) if fees_per_interval else 1
    sign = 1 if trade["side"] == "long" else -1
    rate = abs(account["funding_rate"]) if funding_paid else sign * account["funding_rate"]
    if (
        fees + qty * entry * rate * intervals
        > account["cost_limit"] * account["risk_limit"] * equity
    ):
        failed.append("costs")
    move = distance if crash_at_stop else trade["worst_move"]
    if qty * entry * move > account["crash_limit"] * equity:
        failed.append("history")
    return m.reason_code(failed)


def _slip(**switch: bool) -> Callable[..., int]:
    return lambda account, trade: _check(account, trade, **switch)


# function question id -> [(misconception id, a wrong function)]
FUNCTIONS: dict[str, list[tuple[str, Callable[..., Any]]]] = {
    "q10_4_exchange_screen": [
        (
            "maint_amount_left_out",
            lambda side, entry, qty, wb, mmr, a, fee, basis: _screen(
                side, entry, qty, wb, mmr, 0.0, fee, basis
            ),
        ),
        (
            "close_fee_ignored",
            lambda side, entry, qty, wb, mmr, a, fee, basis: _screen(
                side, entry, qty, wb, mmr, a, 0.0, basis
            ),
        ),
        (
            "wrong_mm_basis",
            lambda side, entry, qty, wb, mmr, a, fee, basis: _screen(
                side, entry, qty, wb, mmr, a, fee, "entry" if basis == "mark" else "mark"
            ),
        ),
        (
            "wrong_side",
            lambda side, entry, qty, wb, mmr, a, fee, basis: _screen(
                "short" if side == "long" else "long", entry, qty, wb, mmr, a, fee, basis
            ),
        ),
        (
            "bankruptcy_for_liquidation",
            lambda side, entry, qty, wb, mmr, a, fee, basis: (
                entry - (1 if side == "long" else -1) * wb / qty
            ),
        ),
    ],
    "q10_5_capstone": [
        ("leverage_scales_pnl", _slip(risk_times_leverage=True)),
        ("bankruptcy_for_liquidation", _slip(no_mmr=True)),
        ("stop_guarantees_exit", _slip(no_buffer=True)),
        ("other_upnl_dropped", _slip(cross_alone=True)),
        ("fees_grow_with_time", _slip(fees_per_interval=True)),
        ("funding_is_exchange_fee", _slip(funding_paid=True)),
        ("fee_one_side", _slip(one_fee=True)),
        ("stop_guarantees_exit", _slip(crash_at_stop=True)),
    ],
}
