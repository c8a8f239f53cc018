"""Lesson 04 (position sizing): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

import math

from course.engine.balance import recovery_gain
from course.engine.liquidation import bankruptcy_price, isolated_liquidation_price
from course.engine.sizing import losing_streak_drawdown, max_leverage_for_stop, position_notional
from course.feedback.registry import Question, register


def _qty_for_risk(equity, risk_fraction, entry, stop, leverage):
    """Coins that lose ``risk_fraction`` of equity if the stop fills exactly (leverage unused)."""
    return position_notional(equity, risk_fraction, abs(entry - stop) / entry) / entry


def _safe_leverage(stop_distance, mmr, buffer):
    """Highest leverage with liquidation (MM on entry value) beyond the stop plus the buffer."""
    return max_leverage_for_stop(stop_distance, mmr, buffer=buffer, basis="entry")


def _first_unsafe_setting(stop_distance, mmr):
    """The lowest whole leverage setting whose liquidation (MM at the mark) comes before the stop."""
    return math.floor(max_leverage_for_stop(stop_distance, mmr)) + 1.0


def _recovery_pct(risk_fraction, losses):
    """Gain, in percent, that undoes ``losses`` losses in a row at ``risk_fraction`` of equity."""
    return 100.0 * recovery_gain(losing_streak_drawdown(risk_fraction, losses))


def _seed_qty(equity, risk_fraction, stop_distance, entry):
    return position_notional(equity, risk_fraction, stop_distance) / entry


def _seed_liquidation(equity, risk_fraction, stop_distance, entry, leverage, mmr, basis="mark"):
    """Liquidation price of the seed article's risk-sized 20x isolated long."""
    qty = _seed_qty(equity, risk_fraction, stop_distance, entry)
    return isolated_liquidation_price("long", entry, leverage, mmr, qty=qty, basis=basis)


QUESTIONS = (
    Question(
        id="q4_1_position_qty",
        answer="eth_qty",
        kind="number",
        inputs={
            "equity": 25_000.0,
            "risk_fraction": 0.015,
            "entry": 3_200.0,
            "stop": 3_040.0,
            "leverage": 10.0,
        },
        expected=_qty_for_risk,
        wrong_ideas=(
            (
                "size_from_leverage",
                lambda equity, entry, leverage, **_: equity * leverage / entry,
            ),
            (
                "margin_for_notional",
                lambda entry, leverage, **k: (
                    leverage * _qty_for_risk(entry=entry, leverage=leverage, **k)
                ),
            ),
        ),
        pointer=(
            "Risk in USDT divided by the stop distance (as a fraction of entry) gives the "
            "notional; divide the notional by the entry price to get the coins."
        ),
    ),
    Question(
        id="q4_2_safe_leverage",
        answer="max_safe_leverage",
        kind="function",
        cases=(
            {"stop_distance": 0.05, "mmr": 0.005, "buffer": 0.01},
            {"stop_distance": 0.02, "mmr": 0.004, "buffer": 0.01},
        ),
        hidden_cases=(
            {"stop_distance": 0.10, "mmr": 0.004, "buffer": 0.02},
            {"stop_distance": 0.03, "mmr": 0.01, "buffer": 0.0},
            {"stop_distance": 0.008, "mmr": 0.002, "buffer": 0.0025},
        ),
        expected=_safe_leverage,
        wrong_ideas=(
            ("one_over_leverage", lambda stop_distance, **_: 1.0 / stop_distance),
            (
                "bankruptcy_for_liquidation",
                lambda stop_distance, buffer, **_: 1.0 / (stop_distance + buffer),
            ),
            ("stop_guarantees_exit", lambda stop_distance, mmr, **_: 1.0 / (stop_distance + mmr)),
            (
                "wrong_mm_basis",
                lambda stop_distance, mmr, buffer: max_leverage_for_stop(
                    stop_distance, mmr, buffer=buffer, basis="mark"
                ),
            ),
        ),
        pointer=(
            "Liquidation must come no sooner than a move of the stop distance plus the buffer. "
            "With MM on entry value the liquidation distance is one over the leverage minus the "
            "MMR: set it equal to that move and solve for the leverage."
        ),
    ),
    Question(
        id="q4_3_explorer_leverage",
        answer="first_unsafe_leverage",
        kind="number",
        inputs={"stop_distance": 0.04, "mmr": 0.005},
        expected=_first_unsafe_setting,
        wrong_ideas=(("one_over_leverage", lambda stop_distance, **_: 1.0 / stop_distance),),
        abs_tol=0.01,
        pointer=(
            "Set the stop slider to the question's distance, then raise the leverage one step at "
            "a time and watch the verdict under the readout: the answer is the first whole "
            "setting at which it changes."
        ),
    ),
    Question(
        id="q4_4_streak_recovery",
        answer="recovery_pct",
        kind="percent",
        inputs={"risk_fraction": 0.03, "losses": 8},
        expected=_recovery_pct,
        wrong_ideas=(
            (
                "recovery_symmetric",
                lambda risk_fraction, losses: 100.0 * losing_streak_drawdown(risk_fraction, losses),
            ),
        ),
        pointer=(
            "First find the drawdown after the streak (each loss takes its share of what is "
            "left), then the gain that undoes it, as in the worked example."
        ),
    ),
    Question(
        id="q4_5_seed_liquidation",
        answer="seed_liquidation",
        kind="price",
        inputs={
            "equity": 10_000.0,
            "risk_fraction": 0.02,
            "stop_distance": 0.05,
            "entry": 65_000.0,
            "leverage": 20.0,
            "mmr": 0.005,
        },
        expected=_seed_liquidation,
        wrong_ideas=(
            (
                "bankruptcy_for_liquidation",
                lambda equity, risk_fraction, stop_distance, entry, leverage, mmr: bankruptcy_price(
                    "long",
                    entry,
                    _seed_qty(equity, risk_fraction, stop_distance, entry),
                    equity * risk_fraction / stop_distance / leverage,
                ),
            ),
            ("wrong_mm_basis", lambda **k: _seed_liquidation(**k, basis="entry")),
            (
                "wrong_side",
                lambda equity, risk_fraction, stop_distance, entry, leverage, mmr: (
                    isolated_liquidation_price("short", entry, leverage, mmr)
                ),
            ),
        ),
        pointer=(
            "Size the position from the risk and the stop first, then use the isolated "
            "liquidation price of a long at the leverage setting, with MM at the mark."
        ),
    ),
)

register(*QUESTIONS)
