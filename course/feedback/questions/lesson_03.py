"""Lesson 03 (cross vs isolated): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

import dataclasses
import math

from course.engine.balance import initial_margin
from course.engine.cross import Position, cross_liquidation_price
from course.engine.liquidation import (
    bankruptcy_price,
    isolated_liquidation_price,
    liquidation_price,
)
from course.feedback.registry import Question, register
from course.scenarios.episodes import episode_path, load_episode
from course.scenarios.simulation import summarize_margin_modes


def _one_long(qty, entry, mmr):
    return [Position("BTCUSDT", "long", qty, entry, mmr=mmr)]


def _cross_long(wallet_balance, qty, entry, leverage, mmr, basis="mark"):
    """Cross liquidation price of a lone long backed by the whole wallet."""
    return cross_liquidation_price(
        wallet_balance, _one_long(qty, entry, mmr), "BTCUSDT", basis=basis
    )


def _isolated_long(wallet_balance, qty, entry, leverage, mmr, extra_margin=0.0, basis="mark"):
    """Isolated liquidation price of the same long, backed by its initial margin (plus extra)."""
    return isolated_liquidation_price(
        "long", entry, leverage, mmr, qty=qty, extra_margin=extra_margin, basis=basis
    )


def _gap_losses(wallet_balance, qty, entry, leverage, gap_price):
    """Loss per mode (USDT) when the price gaps from entry to ``gap_price``: the simulation."""
    table = summarize_margin_modes(
        [[entry, gap_price]], "long", qty, leverage, wallet_balance
    ).set_index("mode")
    return table["loss"]


def _shifted(positions, shock_pct):
    """The positions with every mark moved by ``shock_pct`` percent from entry."""
    return [dataclasses.replace(p, mark=p.entry * (1 + shock_pct / 100)) for p in positions]


def _margin_ratio_pct(wallet_balance, positions, shock_pct, basis="mark", pnl=None):
    """
    Account MM over account equity, in percent (Binance's direction: 100% liquidates).

    ``pnl`` replaces each position's signed uPnL, to compute the slips: ``abs`` or the
    short priced as a long.
    """
    moved = _shifted(positions, shock_pct)
    pnl = pnl or (lambda p: p.unrealized_pnl())
    equity = wallet_balance + math.fsum(pnl(p) for p in moved)
    maintenance = math.fsum(p.maintenance_margin(basis) for p in moved)
    return 100.0 * maintenance / equity


def _one_position_ratio_pct(keep, wallet_balance, positions, shock_pct):
    """The margin ratio with only ``positions[keep]`` in the account (the other left out)."""
    return _margin_ratio_pct(wallet_balance, positions[keep : keep + 1], shock_pct)


def _cross_function(wallet_balance, qty, entry, mmr, other_mm, other_pnl, basis="mark"):
    """Binance's one-way cross liquidation price of a long, the others as TMM and UPNL."""
    collateral = wallet_balance - other_mm + other_pnl
    return liquidation_price("long", entry, qty, collateral, mmr, basis=basis)


def _account_shock_pct(wallet_balance, positions, leverage=None):
    """
    The common shock (percent) to every mark at which the cross account reaches maintenance.

    Equity minus MM is linear in the shock, so two evaluations with the engine's
    `Position` methods find the root exactly. ``leverage`` (isolated mode only) plays no part.
    """

    def room(shock_pct):
        moved = _shifted(positions, shock_pct)
        equity = wallet_balance + math.fsum(p.unrealized_pnl() for p in moved)
        return equity - math.fsum(p.maintenance_margin() for p in moved)

    at_zero, at_minus_fifty = room(0.0), room(-50.0)
    return -50.0 * at_zero / (at_zero - at_minus_fifty)


def _zero_equity_shock_pct(wallet_balance, positions, leverage=None):
    """The common shock (percent) at which the account's equity reaches zero (MM left out)."""
    exposure = math.fsum((1.0 if p.side == "long" else -1.0) * p.qty * p.entry for p in positions)
    return -100.0 * wallet_balance / exposure


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
        expected=_cross_long,
        wrong_ideas=(
            ("isolated_always_safer", _isolated_long),
            ("wrong_mm_basis", lambda **k: _cross_long(**k, basis="entry")),
            (
                "bankruptcy_for_liquidation",
                lambda wallet_balance, qty, entry, **_: bankruptcy_price(
                    "long", entry, qty, wallet_balance
                ),
            ),
        ),
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
        expected=_margin_ratio_pct,
        wrong_ideas=(
            ("wrong_mm_basis", lambda **k: _margin_ratio_pct(**k, basis="entry")),
            ("other_upnl_dropped", lambda **k: _one_position_ratio_pct(0, **k)),  # ETH left out
            ("other_upnl_dropped", lambda **k: _one_position_ratio_pct(1, **k)),  # BTC left out
            (
                "other_upnl_dropped",  # the short priced as a long (freqtrade's sum)
                lambda **k: _margin_ratio_pct(**k, pnl=lambda p: p.qty * (p.mark - p.entry)),
            ),
            (
                "other_upnl_dropped",  # every uPnL taken as a gain
                lambda **k: _margin_ratio_pct(**k, pnl=lambda p: abs(p.unrealized_pnl())),
            ),
        ),
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
        expected=_isolated_long,
        wrong_ideas=(
            ("liquidation_price_fixed", lambda extra_margin, **k: _isolated_long(**k)),
            ("wrong_mm_basis", lambda **k: _isolated_long(**k, basis="entry")),
            (
                "bankruptcy_for_liquidation",
                lambda qty, entry, leverage, extra_margin, **_: bankruptcy_price(
                    "long", entry, qty, initial_margin(qty, entry, leverage) + extra_margin
                ),
            ),
        ),
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
        expected=_cross_function,
        wrong_ideas=(
            (
                "liquidation_price_fixed",
                lambda other_mm, other_pnl, **k: _cross_function(other_mm=0.0, other_pnl=0.0, **k),
            ),
            ("wrong_mm_basis", lambda **k: _cross_function(**k, basis="entry")),
            (
                "bankruptcy_for_liquidation",
                lambda wallet_balance, qty, entry, mmr, other_mm, other_pnl: bankruptcy_price(
                    "long", entry, qty, wallet_balance - other_mm + other_pnl
                ),
            ),
        ),
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
        expected=_account_shock_pct,
        wrong_ideas=(
            ("bankruptcy_for_liquidation", _zero_equity_shock_pct),
            (
                "liquidation_price_fixed",
                lambda wallet_balance, positions, leverage: _account_shock_pct(
                    wallet_balance, positions[:1]
                ),
            ),
            (
                "isolated_always_safer",
                lambda positions, leverage, **_: (
                    100.0
                    * (
                        isolated_liquidation_price(
                            "long", positions[0].entry, leverage, positions[0].mmr
                        )
                        / positions[0].entry
                        - 1
                    )
                ),
            ),
            ("wrong_side", lambda **k: -_account_shock_pct(**k)),
        ),
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

register(*QUESTIONS)
