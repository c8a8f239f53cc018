"""Lesson 01 (leverage): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

from course.feedback.families import (
    ACCOUNT_RETURN,
    EFFECTIVE_LEVERAGE,
    PNL,
    RECOVERY,
)
from course.feedback.registry import Question, register

QUESTIONS = (
    # Equity 2,000; buy 0.05 BTC at 64,000 at a 10x setting: the account's effective leverage.
    Question(
        id="q1_1_effective_leverage",
        answer="account_leverage",
        kind="number",
        inputs={"equity": 2_000.0, "qty": 0.05, "entry": 64_000.0, "leverage": 10.0},
        family=EFFECTIVE_LEVERAGE,
        pointer="Go back to the balance-sheet example: effective leverage divides the "
        "position's notional by the equity of the whole account.",
    ),
    # Same trade, price +3%: return on the account in percent (PnL 96 over equity 2,000).
    Question(
        id="q1_2_account_return",
        answer="account_return_pct",
        kind="percent",
        inputs={
            "equity": 2_000.0,
            "qty": 0.05,
            "entry": 64_000.0,
            "leverage": 10.0,
            "move_pct": 3.0,
        },
        family=ACCOUNT_RETURN,
        pointer="Go back to the worked example: compute the PnL in USDT from the size and the "
        "price move, then divide it by the equity of the whole account.",
    ),
    # Write the recovery gain, in percent, for a loss in percent (30% -> +42.86%).
    Question(
        id="q1_3_recovery_function",
        answer="recovery_gain_pct",
        kind="function",
        cases=({"loss_pct": 30.0}, {"loss_pct": 50.0}),
        hidden_cases=({"loss_pct": 10.0}, {"loss_pct": 75.0}, {"loss_pct": 2.5}),
        family=RECOVERY,
        pointer="Write what is left after the loss as a fraction of the start, then ask what "
        "gain takes that back to the start; return it in percent.",
    ),
    # Explorer read: equity 10,000, position 30,000, move -3%; at 25x the account return.
    Question(
        id="q1_4_explorer_return",
        answer="return_at_25x_pct",
        kind="percent",
        inputs={
            "equity": 10_000.0,
            "position_notional": 30_000.0,
            "leverage": 25.0,
            "move_pct": -3.0,
        },
        family=ACCOUNT_RETURN,
        settings={"entry": 100.0},  # the explorer's return does not depend on the price
        pointer="Read the row labelled return on account, with the equity, position and move "
        "the question gives, and keep its sign.",
    ),
    # Myth check: Petya (10x) and Vanya (5x), same 12,500 notional, +5%: Petya's PnL (Vanya's
    # at 5x is the same). Not 10,000: there the PnL on the margin (10,000 * 5% / 10) equals
    # the ROE in percent (10 * 5%), and the check could not tell the two slips apart.
    Question(
        id="q1_5_petya_pnl",
        answer="petya_pnl",
        kind="amount",
        inputs={
            "position_notional": 12_500.0,
            "entry": 62_500.0,
            "leverage": 10.0,
            "move_pct": 5.0,
        },
        family=PNL,
        pointer="Compute the PnL in USDT from the position's size in coins and the price "
        "move, as in the worked example.",
    ),
)

# Where this lesson teaches each idea: a hint ends "(See <section>.)".
SECTIONS = {
    "leverage_inverted": "The same balance sheet for a trade, the effective leverage",
    "leverage_setting_for_effective": "The same balance sheet for a trade, the leverage setting",
    "margin_for_notional": "The same balance sheet for a trade, the notional",
    "roe_vs_account_return": "The same balance sheet for a trade, ROE and return on account",
    "recovery_symmetric": "Losses and the way back",
    "leverage_scales_pnl": 'Myth check: "higher leverage means a bigger profit"',
}

register(*QUESTIONS, sections=SECTIONS)
