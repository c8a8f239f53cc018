"""Lesson 01 (leverage): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

from course.engine.balance import (
    effective_leverage,
    initial_margin,
    notional,
    recovery_gain,
    roe,
    unrealized_pnl,
)
from course.feedback.registry import Question, register


def _pnl(qty, entry, move_pct):
    """PnL in USDT of a long of ``qty`` coins from ``entry`` after a move of ``move_pct`` percent."""
    return unrealized_pnl("long", entry, qty, entry * (1.0 + move_pct / 100.0))


def _account_return_pct(equity, qty, entry, leverage, move_pct):
    """Return on the whole account, in percent: PnL over account equity."""
    return 100.0 * _pnl(qty, entry, move_pct) / equity


def _roe_pct(equity, qty, entry, leverage, move_pct):
    """ROE in percent: the same PnL over the position's initial margin."""
    return 100.0 * roe("long", entry, qty, entry * (1.0 + move_pct / 100.0), leverage)


def _explorer_inputs(equity, position_notional, leverage, move_pct, entry=100.0):
    """The explorer's long as (equity, qty, entry, leverage, move_pct), at any unit price."""
    return equity, position_notional / entry, entry, leverage, move_pct


def _pnl_from_roe(position_notional, entry, leverage, move_pct):
    """A long's PnL in USDT as the screen's ROE times the margin locked at ``leverage``."""
    qty = position_notional / entry
    mark = entry * (1.0 + move_pct / 100.0)
    return roe("long", entry, qty, mark, leverage) * initial_margin(qty, entry, leverage)


QUESTIONS = (
    # Equity 2,000; buy 0.05 BTC at 64,000 at a 10x setting: the account's effective leverage.
    Question(
        id="q1_1_effective_leverage",
        answer="account_leverage",
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
        expected=_account_return_pct,
        wrong_ideas=(
            ("roe_vs_account_return", _roe_pct),
            (
                "leverage_scales_pnl",
                lambda leverage, **k: leverage * _account_return_pct(leverage=leverage, **k),
            ),
        ),
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
        expected=lambda loss_pct: 100.0 * recovery_gain(loss_pct / 100.0),
        wrong_ideas=(
            ("recovery_symmetric", lambda loss_pct: loss_pct),
            ("fraction_for_percent", lambda loss_pct: recovery_gain(loss_pct / 100.0)),
        ),
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
        expected=lambda **k: _account_return_pct(*_explorer_inputs(**k)),
        wrong_ideas=(("roe_vs_account_return", lambda **k: _roe_pct(*_explorer_inputs(**k))),),
        abs_tol=0.01,
        pointer="Read the row labelled return on account, with the equity, position and move "
        "the question gives, and keep its sign.",
    ),
    # Myth check: Petya (10x) and Vanya (5x), same 10,000 notional, +5%: Petya's PnL (Vanya's
    # at 5x is the same).
    Question(
        id="q1_5_petya_pnl",
        answer="petya_pnl",
        kind="amount",
        inputs={
            "position_notional": 10_000.0,
            "entry": 62_500.0,
            "leverage": 10.0,
            "move_pct": 5.0,
        },
        expected=_pnl_from_roe,
        wrong_ideas=(
            (
                "leverage_scales_pnl",
                lambda position_notional, entry, leverage, move_pct: (
                    position_notional * move_pct / 100.0 * leverage
                ),
            ),
            (
                "margin_for_notional",
                lambda position_notional, entry, leverage, move_pct: (
                    initial_margin(position_notional / entry, entry, leverage) * move_pct / 100.0
                ),
            ),
        ),
        pointer="Compute the PnL in USDT from the position's size in coins and the price "
        "move, as in the worked example.",
    ),
)


register(*QUESTIONS)
