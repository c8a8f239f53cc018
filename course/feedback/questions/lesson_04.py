"""Lesson 04 (position sizing): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

from course.feedback.families import (
    FIRST_UNSAFE_SETTING,
    RISK_SIZED_LIQUIDATION,
    RISK_SIZED_QTY,
    SAFE_LEVERAGE,
    STREAK_RECOVERY,
)
from course.feedback.registry import Question, register

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
        family=SAFE_LEVERAGE,
        settings={"basis": "entry"},
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
        family=FIRST_UNSAFE_SETTING,
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
        family=STREAK_RECOVERY,
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
        family=RISK_SIZED_LIQUIDATION,
        pointer=(
            "Size the position from the risk and the stop first, then use the isolated "
            "liquidation price of a long at the leverage setting, with MM at the mark."
        ),
    ),
)

register(*QUESTIONS)
