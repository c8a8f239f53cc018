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


def _atr_qty(equity, risk_fraction, entry, atr, atrs, leverage):
    """Coins for a risk-sized long with its stop ``atrs`` ATRs below entry (leverage unused)."""
    return position_notional(equity, risk_fraction, atrs * atr / entry) / entry


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
            "Size comes from the risk budget and the stop, not from the leverage setting (The "
            "idea: risk first, size second; then the worked example). Find the notional first, "
            "then turn it into coins."
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
            "Liquidation must lie at least the stop distance plus the buffer away from entry "
            "(Leverage last: liquidation beyond the stop). Write the liquidation distance with MM "
            "on entry value, ask for it to cover that move, and solve for the leverage."
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
            "In the explorer (Explore), set the stop slider to the question's distance, then raise "
            "the leverage one step at a time and watch the verdict under the readout: the answer "
            "is the first whole setting at which it changes."
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
            "First the drawdown after the streak, where each loss takes its share of what is "
            "left, then the gain that undoes it on the smaller account (Losing streaks)."
        ),
    ),
    # The seed's trade pushed to 25x. At the seed's own 20x, 1/L is the 5% stop distance, so the
    # stop price and the bankruptcy price coincide (61,750) and the two hints could not be told
    # apart; the lesson computes the 20x case in a code cell before the exercise.
    Question(
        id="q4_5_seed_liquidation",
        answer="seed_liquidation",
        kind="price",
        inputs={
            "equity": 10_000.0,
            "risk_fraction": 0.02,
            "stop_distance": 0.05,
            "entry": 65_000.0,
            "leverage": 25.0,
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
            (
                "stop_for_liquidation",
                lambda stop_distance, entry, **_: entry * (1 - stop_distance),
            ),
        ),
        pointer=(
            "The liquidation price of an isolated long depends on the leverage setting and the "
            "MMR, not on the size or the stop (Leverage last, and lesson 02). Use this question's "
            "setting, with MM at the mark."
        ),
    ),
    # Reference lesson 4, exercise 4 (ATR stop): 0.1389 BTC, 8,333 USDT notional.
    Question(
        id="q4_6_atr_stop",
        answer="atr_qty",
        kind="number",
        inputs={
            "equity": 50_000.0,
            "risk_fraction": 0.01,
            "entry": 60_000.0,
            "atr": 1_800.0,
            "atrs": 2.0,
            "leverage": 5.0,
        },
        expected=_atr_qty,
        wrong_ideas=(
            ("size_from_leverage", lambda equity, entry, leverage, **_: equity * leverage / entry),
            (
                "margin_for_notional",
                lambda leverage, **k: leverage * _atr_qty(leverage=leverage, **k),
            ),
            (
                "percent_for_fraction",  # the 1% risk entered as 1
                lambda risk_fraction, **k: 100 * _atr_qty(risk_fraction=risk_fraction, **k),
            ),
        ),
        pointer=(
            "The stop distance is a number of ATRs below entry (Choosing the stop distance): turn "
            "it into a fraction of the entry price, then size the trade from the risk as in the "
            "worked example, and give coins, not USDT."
        ),
    ),
)

register(*QUESTIONS)
