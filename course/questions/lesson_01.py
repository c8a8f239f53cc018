"""Lesson 01 (leverage): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

from course.hints import Question, register
from course.margin import (
    bankruptcy_price,
    effective_leverage,
    initial_margin,
    isolated_liquidation_price,
    notional,
)


def _liquidation_long(entry, leverage, mmr, basis="entry", side="long"):
    """Liquidation price of an isolated long (or ``side``) with qty 1, under ``basis``."""
    return isolated_liquidation_price(side, entry, leverage, mmr, basis=basis)


def _bankruptcy_long(entry, leverage, mmr):
    """Bankruptcy price of an isolated long with qty 1 opened at ``leverage``."""
    return bankruptcy_price("long", entry, qty=1.0, collateral=entry / leverage)


def _distance_pct(entry, leverage, mmr, basis="entry"):
    """How far the price falls, in percent of entry, before the long is liquidated."""
    return 100.0 * (entry - _liquidation_long(entry, leverage, mmr, basis)) / entry


QUESTIONS = (
    # Equity 2,000; buy 0.05 BTC at 64,000 at a 10x setting: the account's effective leverage.
    Question(
        id="q1_1_effective_leverage",
        kind="number",
        inputs={"equity": 2_000.0, "qty": 0.05, "entry": 64_000.0, "leverage": 10.0},
        expected=lambda equity, qty, entry, leverage: effective_leverage(
            notional(qty, entry), equity
        ),
        wrong_ideas=(
            ("leverage_setting_for_effective", lambda leverage, **_: leverage),
            (
                "margin_for_notional",
                lambda equity, qty, entry, leverage: effective_leverage(
                    initial_margin(qty, entry, leverage), equity
                ),
            ),
            (
                "percent_for_fraction",
                lambda equity, qty, entry, leverage: (
                    100.0 * effective_leverage(notional(qty, entry), equity)
                ),
            ),
        ),
        pointer="Go back to the balance-sheet example: effective leverage divides the "
        "position's notional by the equity of the whole account.",
    ),
)


register(*QUESTIONS)
