"""Lesson 07 (correlation and portfolio risk): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

from course.engine.cross import Position
from course.feedback.families.portfolio import (
    DIVERSIFICATION,
    JOINT_SHOCK,
    PAIR_VAR,
    PORTFOLIO_SIGMA,
    WINDOW_CORRELATION,
)
from course.feedback.registry import Question, register

# The reference's two-position example (pedagogy notes, lesson 7, exercises 2-4).
PAIR = {"notional_1": 10_000.0, "sigma_1": 0.03, "notional_2": 10_000.0, "sigma_2": 0.04}
HEDGE = {**PAIR, "notional_2": -10_000.0}
# Exercise 7.5's cross account: a 3,000 USDT wallet behind two longs, MM 0.5% at the mark.
CROSS_BOOK = (
    Position("BTCUSDT", "long", qty=0.5, entry=60_000.0),
    Position("ETHUSDT", "long", qty=8.0, entry=2_500.0),
)

QUESTIONS = (
    # Correlation of daily log returns in the August 2024 window, from the shipped closes.
    Question(
        id="q7_1_window_correlation",
        answer="corr_aug_2024",
        kind="number",
        inputs={"episode": "2024-08-05_yen_carry_unwind"},
        family=WINDOW_CORRELATION,
        step=0.001,  # the reference key gives three decimals
        pointer="Redo the worked example on this window: the closes of both assets, then "
        "the log of each close over the one before, then the correlation of the two columns "
        "(Correlation in the data).",
    ),
    # Long 10k BTC (3%) + long 10k ETH (4%), rho 0.8: the pair's daily sigma, USDT.
    Question(
        id="q7_2_pair_sigma",
        answer="pair_sigma",
        kind="amount",
        inputs={**PAIR, "correlation": 0.8},
        family=PORTFOLIO_SIGMA,
        step=0.01,
        pointer="Each position's risk in USDT is its notional times its sigma; combine the two "
        "with the formula of The idea, the cross term included, then take the square root.",
    ),
    # The same pair's one-day 99% parametric VaR, USDT.
    Question(
        id="q7_3_pair_var",
        answer="pair_var",
        kind="amount",
        inputs={**PAIR, "correlation": 0.8, "confidence": 0.99},
        family=PAIR_VAR,
        pointer="Find the pair's sigma first (as in exercise 7.2), then scale it by the normal "
        "quantile of the confidence level, one tail (The idea, value at risk).",
    ),
    # Long 10k BTC, short 10k ETH, rho 0.8: the hedge's daily sigma, USDT.
    Question(
        id="q7_4_hedge_sigma",
        answer="hedge_sigma",
        kind="amount",
        inputs={**HEDGE, "correlation": 0.8},
        family=PORTFOLIO_SIGMA,
        step=0.01,
        pointer="A short has a negative notional. Put it into the same formula as the long "
        "pair and read what the cross term does now (A hedge is only as good as rho).",
    ),
    # A cross account of two longs: the joint move of both marks that liquidates it, percent.
    Question(
        id="q7_5_joint_shock",
        answer="joint_shock",
        kind="percent",
        inputs={"wallet_balance": 3_000.0, "positions": CROSS_BOOK},
        family=JOINT_SHOCK,
        pointer="Move both marks by the same percentage and find where the account's equity "
        "meets its maintenance margin, at the shocked marks (A crash moves everything "
        "together). A fall is negative.",
    ),
    # Myth check: the risk the pair keeps at Black Thursday's correlation, percent of the sum.
    Question(
        id="q7_6_diversification_myth",
        answer="kept_pct",
        kind="percent",
        inputs={**PAIR, "correlation": 0.98},
        family=DIVERSIFICATION,
        pointer="Compare the pair's sigma with the two positions' risks added: divide the "
        "first by the second, in percent (Myth check).",
    ),
)

# Where this lesson (or an earlier one) teaches each idea: a hint ends "(See <section>.)".
SECTIONS = {
    "hedge_ignores_correlation": "A hedge is only as good as rho",
    "sigma_added_linearly": "The idea: two positions, one PnL, the pair's sigma",
    "correlation_ignored": "The idea: two positions, one PnL, the pair's sigma",
    "variance_for_sigma": "The idea: two positions, one PnL, the pair's sigma",
    "short_as_long": "A hedge is only as good as rho",
    "rate_in_percent": "Worked example",
    "var_is_sigma": "The idea: two positions, one PnL, value at risk",
    "var_two_sided": "The idea: two positions, one PnL, value at risk",
    "simple_for_log_returns": "Correlation in the data",
    "prices_for_returns": "Correlation in the data",
    "positions_fall_alone": "A crash moves everything together",
    "bankruptcy_for_liquidation": "lesson 02, The idea, the two prices",
    "wrong_sign": "A crash moves everything together",
    "fraction_for_percent": 'Myth check: "BTC and ETH diversify each other"',
}

register(*QUESTIONS, sections=SECTIONS)
