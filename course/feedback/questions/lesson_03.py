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
from course.scenarios.episodes import episode_path, load_episode
from course.scenarios.simulation import summarize_margin_modes


def _gap_losses(wallet_balance, qty, entry, leverage, gap_price):
    """Loss per mode (USDT) when the price gaps from entry to ``gap_price``: the simulation."""
    table = summarize_margin_modes(
        [[entry, gap_price]], "long", qty, leverage, wallet_balance
    ).set_index("mode")
    return table["loss"]


def _replay_losses(episode, asset, entry_date, notional, leverage, wallet_balance):
    """Replay a long of ``notional`` USDT from the close of ``entry_date``, in both modes."""
    dates = load_episode(episode, asset=asset)["date"]
    path = episode_path(episode, asset)[:, int(dates.index[dates == entry_date][0]) :]
    qty = notional / float(path[0, 0])
    table = summarize_margin_modes(path, "long", qty, leverage, wallet_balance)
    return table.set_index("mode")["loss"]


def _isolated_extra_loss(**inputs):
    losses = _replay_losses(**inputs)
    return losses["isolated"] - losses["cross"]


# Exercise 3.6's hedged account, at entry: 88,000 USDT gross, 8,000 USDT net long.
HEDGED_BTC_LONG = Position("BTCUSDT", "long", 0.75, 64_000.0)
HEDGED_ETH_SHORT = Position("ETHUSDT", "short", 12.5, 3_200.0)

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
        pointer="In cross mode the collateral behind a lone position is the whole wallet, not "
        "the initial margin (The idea, last paragraph). Put it in lesson 02's mark-basis "
        "formula, or pass a Position to cross_liquidation_price as in the worked example.",
    ),
    # Exercise 2: the price gaps to a level between the two liquidation prices (review fix:
    # the old gap through both gave the wallet away). Cross survives and loses the move.
    Question(
        id="q3_2_gap_loss",
        answer="cross_gap_loss",
        kind="amount",
        inputs={
            "wallet_balance": 5_000.0,
            "qty": 1.0,
            "entry": 60_000.0,
            "leverage": 20.0,
            "gap_price": 55_500.0,
        },
        expected=lambda **k: _gap_losses(**k)["cross"],
        wrong_ideas=(
            # the isolated loss: the margin posted, as if cross could lose no more
            ("cannot_lose_more_than_deposit", lambda **k: _gap_losses(**k)["isolated"]),
            # the whole wallet: as if the gap had liquidated the cross account too
            ("isolated_always_safer", lambda wallet_balance, **_: wallet_balance),
        ),
        pointer="First compare the gap price with the cross liquidation price of Exercise 3.1: "
        "is the cross account liquidated or still open? Then read its loss as in The worst "
        "case in each mode: an open position has lost the move, a liquidated one its collateral.",
    ),
    # Exercise 3: two positions in one cross wallet, both marks 5% lower (answer key 9.5%).
    Question(
        id="q3_3_margin_ratio",
        answer="margin_ratio_pct",
        kind="percent",
        inputs={
            # 8,000, not the reference's 6,000: with a wallet of 10% of the BTC notional and
            # a 5% move, leaving the ETH short out gave exactly the right ratio (9.5%).
            "wallet_balance": 8_000.0,
            "positions": (
                Position("BTCUSDT", "long", 1.0, 60_000.0),
                Position("ETHUSDT", "short", 10.0, 3_000.0),
            ),
            "shock_pct": -5.0,
        },
        family=MARGIN_RATIO,
        pointer="Go back to Two positions in one wallet: the account's equity and its "
        "maintenance margin each count both positions, and the margin ratio is the one over "
        "the other, in percent.",
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
        pointer="Added margin is more collateral behind the same position (Adding margin, in "
        "the worked example): redo its extra_margin loop with this position's numbers.",
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
        pointer="Check each term of the collateral that the other positions leave this one, "
        "and each sign (The idea, the collateral formula, then lesson 02's mark-basis price).",
    ),
    # Exercise 6: read the explorer (or its chart): the common shock that liquidates a hedged
    # account. Hedged so heavily (gross 11 times the net) that leaving the maintenance margin
    # out moves the answer by about 2.9 points, outside the reading tolerance; on the lesson's
    # own account it moved it by 0.5 points, inside.
    Question(
        id="q3_6_account_shock",
        answer="account_shock_pct",
        kind="percent",
        inputs={
            "wallet_balance": 4_000.0,
            "positions": (HEDGED_BTC_LONG, HEDGED_ETH_SHORT),
            "leverage": 25.0,
        },
        family=ACCOUNT_SHOCK,
        rel_tol=0.0,
        abs_tol=1.5,  # read off a slider with 0.5-point steps, or a chart with 2-point steps
        pointer="Use the second explorer, the hedged account's, and move its shock slider down "
        "until the readout says the cross account is liquidated; give that shock as the slider "
        "shows it (a negative percent). On the chart, it is the first shock whose points turn "
        "to crosses.",
    ),
    # Myth check: "isolated is always safer". Replay a real window in both modes.
    Question(
        id="q3_7_isolated_extra",
        answer="isolated_extra_loss",
        kind="amount",
        inputs={
            "episode": "2025-10-10_tariff_liquidation_cascade",
            "asset": "BTC",
            # The eve of the crash (review fix 1): from the window's first close, 30 Sep,
            # isolated lost more; from every close 1-9 Oct, cross did.
            "entry_date": "2025-10-09",
            "notional": 16_000.0,
            "leverage": 20.0,
            "wallet_balance": 4_000.0,
        },
        expected=_isolated_extra_loss,
        wrong_ideas=(("isolated_always_safer", lambda **k: -_isolated_extra_loss(**k)),),
        pointer="Copy the replay of A real crash, but start the path at the 9 October close "
        "(slice the window from that day's row on), with the same notional, leverage and "
        "wallet. Then subtract the cross loss from the isolated loss.",
    ),
)

# Where this lesson (or an earlier one) teaches each idea: a hint ends "(See <section>.)".
SECTIONS = {
    "bankruptcy_for_liquidation": "lesson 02, The idea, the two prices",
    "wrong_mm_basis": "lesson 02, The idea, the two MM bases",
    "wrong_side": "The idea, the side of each position",
    "wrong_sign": "The idea, the side of each position",
    "cannot_lose_more_than_deposit": "The worst case in each mode",
    "liquidation_price_fixed": "Adding margin",
    "other_upnl_dropped": "Two positions in one wallet",
    "isolated_always_safer": "Many paths",
}

register(*QUESTIONS, sections=SECTIONS)
