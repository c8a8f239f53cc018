"""Lesson 05 (stops and slippage): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

import pandas as pd

from course.engine.balance import roe, unrealized_pnl
from course.engine.liquidation import bankruptcy_price, isolated_liquidation_price
from course.engine.orderbook import example_book, vwap, walk_book
from course.engine.sizing import position_notional
from course.feedback.registry import Question, register

# The Coin Metrics close of BTC on 9 October 2025 (course.scenarios, tariff cascade window).
BTC_CLOSE_2025_10_09 = 121_603.33


def _bids(prices, sizes) -> pd.DataFrame:
    """A bid-only book from two lists, as `course.engine.orderbook.walk_book` takes it."""
    return pd.DataFrame({"side": "bid", "price": list(prices), "size": list(sizes)})


def _sell_vwap(prices, sizes, qty):
    """Average fill of a market sell of ``qty`` coins into these bids (the engine's walk)."""
    return vwap(walk_book(_bids(prices, sizes), qty, "sell"))


def _best_bid(prices, sizes, qty):
    """The top of the book: what a learner gets who assumes the whole order fills there."""
    return max(prices)


def _explorer_losses(entry, stop_pct, qty, depth_coin):
    """Planned and realised loss of the stop-market sell that `slippage_explorer` shows."""
    stop = entry * (1 - stop_pct / 100)
    book = example_book(stop, depth_coin=depth_coin, levels=30, tick_fraction=0.001)
    average = vwap(walk_book(book, qty, "sell"))
    planned = -unrealized_pnl("long", entry, qty, stop)
    realised = -unrealized_pnl("long", entry, qty, average)
    return planned, realised


def _excess_over_plan_pct(entry, stop_pct, qty, depth_coin):
    """How much bigger the realised loss is than the planned one, in percent of the plan."""
    planned, realised = _explorer_losses(entry, stop_pct, qty, depth_coin)
    return 100.0 * (realised / planned - 1.0)


def _gap_liquidation(entry, leverage, mmr, basis="entry", side="long"):
    """Liquidation price of the isolated 10x long (qty 1) in the gap exercise."""
    return isolated_liquidation_price(side, entry, leverage, mmr, basis=basis)


def _gap_bankruptcy(entry, leverage, mmr):
    return bankruptcy_price("long", entry, qty=1.0, collateral=entry / leverage)


def _loss_pct_of_margin(entry, leverage, price):
    """Loss of a long closed at ``price``, in percent of its initial margin (minus the ROE)."""
    return -100.0 * roe("long", entry, 1.0, price, leverage)


def _stop_limit_loss(entry, trigger, limit, first_trade, close):
    """Loss of a 1-coin long whose stop-limit sell meets a gap: no fill below the limit."""
    exit_price = first_trade if first_trade >= limit else close
    return -unrealized_pnl("long", entry, 1.0, exit_price)


def _risk_sized_loss_pct(equity, risk_fraction, entry, stop, fill):
    """Loss, in percent of equity, of a position sized to lose ``risk_fraction`` at the stop."""
    qty = position_notional(equity, risk_fraction, (entry - stop) / entry) / entry
    return -100.0 * unrealized_pnl("long", entry, qty, fill) / equity


QUESTIONS = (
    # Write sell_vwap(prices, sizes, qty): walk the bids, return the average fill price.
    Question(
        id="q5_1_book_vwap",
        answer="sell_vwap",
        kind="function",
        cases=(
            {"prices": [60_000, 59_950, 59_900, 59_800], "sizes": [1, 1.5, 2, 3], "qty": 5},
            {"prices": [3_000, 2_999, 2_997, 2_990, 2_980], "sizes": [5, 5, 10, 20, 50], "qty": 30},
            {"prices": [100.0, 99.0, 97.0, 94.0, 90.0], "sizes": [2, 2, 4, 8, 16], "qty": 20},
        ),
        hidden_cases=(
            {"prices": [65_000, 64_990, 64_950], "sizes": [0.3, 0.2, 5], "qty": 0.75},
            {"prices": [317.0, 310.0, 290.0, 250.0], "sizes": [40, 60, 100, 400], "qty": 200},
            {"prices": [1.5, 1.4, 1.2], "sizes": [1_000, 1_000, 1_000], "qty": 2_500},
        ),
        expected=_sell_vwap,
        wrong_ideas=(("stop_guarantees_exit", _best_bid),),
        pointer="A market sell takes the bids level by level, best first, until the order is "
        "filled; its price is the average over what it took (Walking the order book, by hand "
        "first). Try your function on that book and compare.",
    ),
    # Read slippage_explorer: 12 coins, depth 0.5, 2% stop. Realised loss over plan, percent.
    Question(
        id="q5_2_explorer_excess",
        answer="excess_pct",
        kind="percent",
        inputs={"entry": 65_000.0, "stop_pct": 2.0, "qty": 12.0, "depth_coin": 0.5},
        expected=_excess_over_plan_pct,
        wrong_ideas=(("stop_guarantees_exit", 0.0),),
        rel_tol=0.01,
        pointer="In the explorer (Explore: order size against book depth), set the order size "
        "to the question's value and leave the other controls at their defaults. The answer "
        "is how much bigger the realised loss is than the planned one, in percent of the plan.",
    ),
    # 10 Oct 2025 gap: isolated 10x long from the 9 Oct close, MMR 0.5% on entry value.
    Question(
        id="q5_3_gap_liquidation",
        answer="liquidation_oct",
        kind="price",
        inputs={"entry": BTC_CLOSE_2025_10_09, "leverage": 10.0, "mmr": 0.005},
        expected=_gap_liquidation,
        wrong_ideas=(
            ("bankruptcy_for_liquidation", _gap_bankruptcy),
            ("wrong_mm_basis", lambda **k: _gap_liquidation(**k, basis="mark")),
            ("wrong_side", lambda **k: _gap_liquidation(**k, side="short")),
        ),
        pointer="Liquidation is the exchange's exit, not the stop's (The idea: two ways out of a "
        "trade): this is lesson 02's isolated liquidation price, with the maintenance margin "
        'valued on the entry price (basis="entry"). The stop and the gap do not enter it.',
    ),
    # Same trade in cross margin: the stop fills at the gap price. Loss, % of initial margin.
    Question(
        id="q5_4_gap_cross",
        answer="cross_loss_pct",
        kind="percent",
        inputs={
            "entry": BTC_CLOSE_2025_10_09,
            "leverage": 10.0,
            "stop_pct": 5.0,
            "fill": 108_000.0,
        },
        expected=lambda entry, leverage, stop_pct, fill: _loss_pct_of_margin(entry, leverage, fill),
        wrong_ideas=(
            (
                "stop_guarantees_exit",
                lambda entry, leverage, stop_pct, fill: _loss_pct_of_margin(
                    entry, leverage, entry * (1 - stop_pct / 100)
                ),
            ),
            ("cannot_lose_more_than_deposit", 100.0),
        ),
        pointer="In cross margin nothing closes the trade before the fill: price the loss at "
        "the fill, then measure it against the position's initial margin (The idea, the "
        "balance sheet), in percent.",
    ),
    # Myth check: "my stop caps my loss at 2%". Loss in percent of equity after slippage.
    Question(
        id="q5_5_stop_myth",
        answer="myth_loss_pct",
        kind="percent",
        inputs={
            "equity": 10_000.0,
            "risk_fraction": 0.02,
            "entry": 61_200.0,
            "stop": 60_000.0,
            "fill": 59_500.0,
        },
        expected=_risk_sized_loss_pct,
        wrong_ideas=(
            (
                "stop_guarantees_exit",
                lambda equity, risk_fraction, entry, stop, fill: _risk_sized_loss_pct(
                    equity, risk_fraction, entry, stop, stop
                ),
            ),
        ),
        pointer="Size the position from the plan first, as in lesson 04, then price its loss "
        "at the fill, not at the stop, as a share of the equity in percent.",
    ),
    # A stop-limit sell in a gap: the first trade after the trigger is below the limit, so
    # the order never fills and the position is closed by hand at the day's close.
    Question(
        id="q5_6_stop_limit",
        answer="stop_limit_loss",
        kind="amount",
        inputs={
            "entry": 3_000.0,
            "trigger": 2_850.0,
            "limit": 2_800.0,
            "first_trade": 2_760.0,
            "close": 2_640.0,
        },
        expected=_stop_limit_loss,
        wrong_ideas=(
            (
                "stop_guarantees_exit",
                lambda entry, trigger, **_: -unrealized_pnl("long", entry, 1.0, trigger),
            ),
        ),
        pointer="A stop-limit sell fills only at its limit or higher (Stop-limit orders). Did "
        "any trade after the trigger reach the limit? If none did, the position stayed open "
        "until you closed it: price the loss there.",
    ),
)

register(*QUESTIONS)
