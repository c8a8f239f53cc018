"""Lesson 08 (insurance fund and auto-deleveraging): checked questions.

Ids are gradebook keys: never rename one.
"""

from __future__ import annotations

from course.feedback.families.clearing import ADL_SCORE, HAIRCUT, SHORTFALL
from course.feedback.families.liquidation import FUND_GAIN
from course.feedback.registry import Question, register

QUESTIONS = (
    # Reference, lesson 8 ex. 1: a bankrupt long of 2 BTC (bankrupt at 45,000) fills at 44,700.
    Question(
        id="q8_1_fund_deficit",
        answer="fund_result",
        kind="amount",
        # the MMR is in the statement: a learner may settle at the liquidation price
        inputs={"entry": 50_000.0, "qty": 2.0, "leverage": 10.0, "fill": 44_700.0, "mmr": 0.005},
        family=FUND_GAIN,
        sections={
            "insurance_fund_protects_me": "The idea: from trigger to fill",
            "settled_at_liquidation": "The idea: from trigger to fill",
            "wrong_sign": "Worked example: a bankrupt long of 2 BTC",
        },
        pointer="The trader is settled at the bankruptcy price; the fund takes the position over "
        "there and sells at the fill (Worked example: a bankrupt long of 2 BTC). A fill below "
        "the bankruptcy price is a loss for the fund: give it with its sign.",
    ),
    # Reference, lesson 8 ex. 2: a deficit of 5 m against a fund of 3.2 m.
    Question(
        id="q8_2_shortfall",
        answer="socialised_loss",
        kind="amount",
        inputs={"loss": 5_000_000.0, "fund": 3_200_000.0},
        family=SHORTFALL,
        pointer="The fund pays first, as far as its balance goes (When the fund runs out: the "
        "shortfall). What is left of the deficit is what auto-deleveraging must take.",
    ),
    # Reference, lesson 8 ex. 3: write the ADL score, PnL % times effective leverage.
    Question(
        id="q8_3_adl_score",
        answer="adl_rank_score",
        kind="function",
        # visible inputs hold no digits of a visible answer: a hint may quote the inputs
        cases=(
            {"upnl": 300.0, "collateral": 800.0, "notional": 12_000.0},
            {"upnl": 2_400.0, "collateral": 6_000.0, "notional": 33_000.0},
            {"upnl": 60_000.0, "collateral": 25_000.0, "notional": 440_000.0},
        ),
        hidden_cases=(  # traders A and B of the lesson's section, then others
            {"upnl": 500.0, "collateral": 1_000.0, "notional": 15_000.0},
            {"upnl": 2_000.0, "collateral": 5_000.0, "notional": 21_000.0},
            {"upnl": 150.0, "collateral": 300.0, "notional": 9_000.0},
            {"upnl": 10_000.0, "collateral": 40_000.0, "notional": 160_000.0},
            {"upnl": 7.5, "collateral": 2.5, "notional": 250.0},
        ),
        family=ADL_SCORE,
        pointer="The score multiplies two ratios (The ADL queue): the profit over the margin, and "
        "the notional at the mark over the equity, which is the margin plus the profit. Try "
        "your function on traders A and B of that section.",
    ),
    # Myth check, reference lesson 8 ex. 4: 1 m socialised pro rata over profits of 3 m, 1 m, 1 m.
    Question(
        id="q8_4_pro_rata",
        answer="top_haircut",
        kind="amount",
        inputs={
            "shortfall": 1_000_000.0,
            "profits": (3_000_000.0, 1_000_000.0, 1_000_000.0),
            "winner": 0,
            "method": "pro_rata",
        },
        family=HAIRCUT,
        sections={"winners_are_safe": "Pro rata or down the queue"},
        pointer="Pro rata takes the same share of every winner's profit (Pro rata or down the "
        "queue): find that share from the shortfall and the winners' total profit, then apply "
        "it to this winner's profit.",
    ),
)

# Where this lesson (or an earlier one) teaches each idea: a hint ends "(See <section>.)".
SECTIONS = {
    "insurance_fund_protects_me": "The idea: from trigger to fill",
    "settled_at_liquidation": "The idea: from trigger to fill",
    "wrong_sign": "Worked example: a bankrupt long of 2 BTC",
    "fund_covers_all": "When the fund runs out: the shortfall",
    "fund_skipped": "When the fund runs out: the shortfall",
    "adl_by_profit": "The ADL queue",
    "leverage_setting_for_effective": "The ADL queue",
    "rate_in_percent": "The ADL queue",
    "winners_are_safe": "Pro rata or down the queue",
    "adl_method_confused": "Pro rata or down the queue",
    "haircut_equal_split": "Pro rata or down the queue",
    "fraction_for_amount": "Pro rata or down the queue",
}

register(*QUESTIONS, sections=SECTIONS)
