"""Lesson 04 (position sizing): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

from course.engine.sizing import position_notional
from course.feedback.families import (
    FIRST_UNSAFE_SETTING,
    RISK_SIZED_LIQUIDATION,
    RISK_SIZED_QTY,
    SAFE_LEVERAGE,
    STREAK_RECOVERY,
)
from course.feedback.registry import Question, register


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
        family=RISK_SIZED_QTY,
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
        family=SAFE_LEVERAGE,
        settings={"basis": "entry"},
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
        family=FIRST_UNSAFE_SETTING,
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
        family=STREAK_RECOVERY,
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
        family=RISK_SIZED_LIQUIDATION,
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
            ("atr_multiple_dropped", lambda atrs, **k: _atr_qty(atrs=1.0, **k)),
            ("notional_for_qty", lambda **k: k["entry"] * _atr_qty(**k)),
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
        step=0.0001,  # coins, to the four decimals the reference key prints
        pointer=(
            "The stop distance is a number of ATRs below entry (Choosing the stop distance): turn "
            "it into a fraction of the entry price, then size the trade from the risk as in the "
            "worked example, and give coins, not USDT."
        ),
    ),
)

# Where this lesson (or an earlier one) teaches each idea: a hint ends "(See <section>.)".
SECTIONS = {
    "margin_for_notional": "The idea: risk first, size second",
    "notional_for_qty": "The idea: risk first, size second",
    "size_from_leverage": "The idea: risk first, size second",
    "one_over_leverage": "Leverage last: liquidation beyond the stop",
    "leverage_inverted": "Leverage last: liquidation beyond the stop",
    "off_by_one": "Leverage last: liquidation beyond the stop",
    "wrong_mm_basis": "Leverage last: liquidation beyond the stop, the two bases",
    "stop_guarantees_exit": "Leverage last: liquidation beyond the stop, the buffer",
    "recovery_symmetric": "Losing streaks",
    "streak_added": "Losing streaks",
    "bankruptcy_for_liquidation": 'Myth check: "20x with a 5% stop"',
    "stop_for_liquidation": 'Myth check: "20x with a 5% stop"',
    "atr_multiple_dropped": "Choosing the stop distance",
}

register(*QUESTIONS, sections=SECTIONS)
