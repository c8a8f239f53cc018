"""Lesson 03 (cross vs isolated): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

from course.engine.cross import Position
from course.feedback.families import (
    ACCOUNT_SHOCK,
    CROSS_FORMULA,
    CROSS_LONE,
    ISOLATED_LIQUIDATION,
    MARGIN_RATIO,
)
from course.feedback.registry import Question, register
from course.scenarios.episodes import episode_path
from course.scenarios.simulation import summarize_margin_modes


def _gap_losses(wallet_balance, qty, entry, leverage, gap_price):
    """Loss per mode (USDT) when the price gaps from entry to ``gap_price``: the simulation."""
    table = summarize_margin_modes(
        [[entry, gap_price]], "long", qty, leverage, wallet_balance
    ).set_index("mode")
    return table["loss"]


def _replay_losses(episode, asset, notional, leverage, wallet_balance):
    """Replay a long of ``notional`` USDT from a window's first close, in both modes."""
    path = episode_path(episode, asset)
    qty = notional / float(path[0, 0])
    table = summarize_margin_modes(path, "long", qty, leverage, wallet_balance)
    return table.set_index("mode")["loss"]


def _isolated_extra_loss(**inputs):
    losses = _replay_losses(**inputs)
    return losses["isolated"] - losses["cross"]


BTC_LONG = Position("BTCUSDT", "long", 0.25, 64_000.0)  # the lesson's account, at entry
ETH_SHORT = Position("ETHUSDT", "short", 1.0, 3_200.0)

QUESTIONS = (
    # Pedagogy notes, lesson 3, exercise 1 (mark basis, cum 0): cross vs isolated (57,286.43).
    Question(
        id="q3_1_cross_liquidation",
        answer="cross_liquidation",
        kind="price",
        inputs={
            "wallet_balance": 5_000.0,
            "qty": 1.0,
            "entry": 60_000.0,
            "leverage": 20.0,
            "mmr": 0.005,
        },
        family=CROSS_LONE,
        pointer="Go back to the worked example: in cross mode the collateral behind the "
        "position is the whole wallet balance, not the initial margin. Put it in the "
        "mark-basis formula, or pass a Position to cross_liquidation_price.",
    ),
    # Exercise 2: the price gaps through both liquidation prices. Loss in cross mode.
    Question(
        id="q3_2_gap_loss",
        answer="cross_gap_loss",
        kind="amount",
        inputs={
            "wallet_balance": 5_000.0,
            "qty": 1.0,
            "entry": 60_000.0,
            "leverage": 20.0,
            "gap_price": 54_000.0,
        },
        expected=lambda **k: _gap_losses(**k)["cross"],
        wrong_ideas=(("cannot_lose_more_than_deposit", lambda **k: _gap_losses(**k)["isolated"]),),
        pointer="Go back to the worst-case table of the worked example. Which balance backs "
        "a cross position, and where does the account's loss stop once its equity is gone? "
        "The insurance fund, not the trader, pays for a fill below the bankruptcy price.",
    ),
    # Exercise 3: two positions in one cross wallet, both marks 5% lower (answer key 9.5%).
    Question(
        id="q3_3_margin_ratio",
        answer="margin_ratio_pct",
        kind="percent",
        inputs={
            "wallet_balance": 6_000.0,
            "positions": (
                Position("BTCUSDT", "long", 1.0, 60_000.0),
                Position("ETHUSDT", "short", 10.0, 3_000.0),
            ),
            "shock_pct": -5.0,
        },
        family=MARGIN_RATIO,
        pointer="Go back to the two-position example: equity is the wallet plus every "
        "position's uPnL with its sign (a short gains when the price falls), and the "
        "margin ratio is the total maintenance margin over that equity, in percent.",
    ),
    # Exercise 4: added margin moves an isolated long's liquidation price (answer key 56,281.41).
    Question(
        id="q3_4_added_margin",
        answer="liquidation_after_adding",
        kind="price",
        inputs={
            "wallet_balance": 5_000.0,
            "qty": 1.0,
            "entry": 60_000.0,
            "leverage": 20.0,
            "mmr": 0.005,
            "extra_margin": 1_000.0,
        },
        family=ISOLATED_LIQUIDATION,
        settings={"basis": "mark"},
        pointer="Added margin is more collateral: the initial margin plus the extra. Go back "
        "to the worked example's extra_margin loop and use this position's numbers.",
    ),
    # Exercise 5: write Binance's one-way cross formula for a long (MM at the mark, cum 0).
    Question(
        id="q3_5_cross_function",
        answer="cross_liquidation_long",
        kind="function",
        cases=(
            {
                "wallet_balance": 4_000.0,
                "qty": 0.25,
                "entry": 64_000.0,
                "mmr": 0.005,
                "other_mm": 0.0,
                "other_pnl": 0.0,
            },
            {
                "wallet_balance": 4_000.0,
                "qty": 0.25,
                "entry": 64_000.0,
                "mmr": 0.005,
                "other_mm": 16.64,
                "other_pnl": -128.0,
            },
            {
                "wallet_balance": 6_000.0,
                "qty": 1.0,
                "entry": 60_000.0,
                "mmr": 0.005,
                "other_mm": 142.5,
                "other_pnl": 1_500.0,
            },
        ),
        hidden_cases=(
            {
                "wallet_balance": 10_000.0,
                "qty": 2.0,
                "entry": 30_000.0,
                "mmr": 0.004,
                "other_mm": 500.0,
                "other_pnl": -1_200.0,
            },
            {
                "wallet_balance": 2_500.0,
                "qty": 0.1,
                "entry": 95_000.0,
                "mmr": 0.01,
                "other_mm": 20.0,
                "other_pnl": 300.0,
            },
            {
                "wallet_balance": 750.0,
                "qty": 40.0,
                "entry": 150.0,
                "mmr": 0.02,
                "other_mm": 0.0,
                "other_pnl": 0.0,
            },
        ),
        family=CROSS_FORMULA,
        pointer="Check each term of the collateral: the wallet, minus the other positions' "
        "maintenance margin, plus their uPnL with its sign. Then divide qty * entry minus "
        "that collateral by qty * (1 - mmr).",
    ),
    # Exercise 6: read the explorer (or its chart): the common shock that liquidates the account.
    Question(
        id="q3_6_account_shock",
        answer="account_shock_pct",
        kind="percent",
        inputs={"wallet_balance": 4_000.0, "positions": (BTC_LONG, ETH_SHORT), "leverage": 20.0},
        family=ACCOUNT_SHOCK,
        rel_tol=0.0,
        abs_tol=1.5,  # read off a slider with 0.5-point steps, or a chart with 2-point steps
        pointer="Move the explorer's shock slider down until the readout says the cross account "
        "is liquidated, and give that shock as the slider shows it (a negative percent). On "
        "the chart, it is the first shock whose points turn to crosses.",
    ),
    # Myth check: "isolated is always safer". Replay a real window in both modes.
    Question(
        id="q3_7_isolated_extra",
        answer="isolated_extra_loss",
        kind="amount",
        inputs={
            "episode": "2025-10-10_tariff_liquidation_cascade",
            "asset": "BTC",
            "notional": 16_000.0,
            "leverage": 20.0,
            "wallet_balance": 4_000.0,
        },
        expected=_isolated_extra_loss,
        wrong_ideas=(("isolated_always_safer", lambda **k: -_isolated_extra_loss(**k)),),
        pointer="Copy the Black Thursday replay: the same notional at the window's first close, "
        "20x, the same wallet. Take each mode's loss from the summary, then subtract the "
        "cross loss from the isolated loss.",
    ),
)

register(*QUESTIONS)
