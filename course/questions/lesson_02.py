"""Lesson 02 (liquidation): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

from course.hints import Question, register
from course.margin import (
    bankruptcy_price,
    isolated_liquidation_price,
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
    # STYLE.md section 8: long 1 BTC at 50,000, 10x isolated, MMR 0.5% of entry value.
    Question(
        id="q2_3_liquidation_long",
        kind="price",
        inputs={"entry": 50_000.0, "leverage": 10.0, "mmr": 0.005},
        expected=_liquidation_long,
        wrong_ideas=(
            ("bankruptcy_for_liquidation", _bankruptcy_long),
            ("wrong_mm_basis", lambda **k: _liquidation_long(**k, basis="mark")),
            ("wrong_side", lambda **k: _liquidation_long(**k, side="short")),
        ),
        pointer="Go back to the worked example of a long's liquidation price: set equity "
        "equal to the maintenance margin, valued on the entry price, and solve for "
        "the price.",
    ),
    # Myth check: "with 10x, a 10% move wipes me out". How far is liquidation, in percent?
    Question(
        id="q2_6_liquidation_distance",
        kind="percent",
        inputs={"entry": 65_000.0, "leverage": 10.0, "mmr": 0.005},
        expected=_distance_pct,
        wrong_ideas=(
            ("one_over_leverage", lambda leverage, **_: 100.0 / leverage),
            ("wrong_mm_basis", lambda **k: _distance_pct(**k, basis="mark")),
        ),
        pointer="Go back to the worked example: find the liquidation price first, then its "
        "distance from entry as a percent of the entry price.",
    ),
    # Write liquidation_long(entry, leverage, mmr): isolated long, qty 1, MM on entry value.
    Question(
        id="q2_7_liquidation_function",
        kind="function",
        cases=(
            {"entry": 50_000.0, "leverage": 10.0, "mmr": 0.005},
            {"entry": 20_000.0, "leverage": 50.0, "mmr": 0.005},
            {"entry": 3_000.0, "leverage": 20.0, "mmr": 0.01},
            {"entry": 64_000.0, "leverage": 3.0, "mmr": 0.004},
        ),
        expected=_liquidation_long,
        wrong_ideas=(
            ("bankruptcy_for_liquidation", _bankruptcy_long),
            ("wrong_mm_basis", lambda **k: _liquidation_long(**k, basis="mark")),
            ("wrong_side", lambda **k: _liquidation_long(**k, side="short")),
        ),
        pointer="Check your function by hand against the worked example of a long's "
        "liquidation price, with the maintenance margin valued on the entry price.",
    ),
)

register(*QUESTIONS)
