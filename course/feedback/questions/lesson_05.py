"""Lesson 05 (stops and slippage): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

from course.engine.pnl import unrealized_pnl
from course.feedback.families import (
    EXCESS_OVER_PLAN,
    GAP_LOSS_OF_MARGIN,
    ISOLATED_LIQUIDATION,
    RISK_SIZED_LOSS,
    SELL_VWAP,
)
from course.feedback.registry import Question, register

# The Coin Metrics close of BTC on 9 October 2025 (course.scenarios, tariff cascade window).
BTC_CLOSE_2025_10_09 = 121_603.33


def _stop_limit_loss(entry, trigger, limit, first_trade, close):
    """Loss of a 1-coin long whose stop-limit sell meets a gap: no fill below the limit."""
    exit_price = first_trade if first_trade >= limit else close
    return -unrealized_pnl("long", entry, 1.0, exit_price)


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
        family=SELL_VWAP,
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
        family=EXCESS_OVER_PLAN,
        sections={"stop_guarantees_exit": "The idea: two ways out of a trade, the slippage"},
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
        family=ISOLATED_LIQUIDATION,
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
        family=GAP_LOSS_OF_MARGIN,
        step=0.1,  # the reference key and the lesson round this one to one decimal
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
        family=RISK_SIZED_LOSS,
        sections={"stop_guarantees_exit": "Worked example: a stop at 60,000 that fills at 59,500"},
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
            (  # a stop-limit taken as a guaranteed fill at its limit
                "stop_guarantees_exit",
                lambda entry, limit, **_: -unrealized_pnl("long", entry, 1.0, limit),
            ),
            (  # a stop-limit taken as a stop-market: filled at the first trade
                "stop_guarantees_exit",
                lambda entry, first_trade, **_: -unrealized_pnl("long", entry, 1.0, first_trade),
            ),
        ),
        sections={"stop_guarantees_exit": "Stop-limit orders: a price floor that may not fill"},
        pointer="A stop-limit sell fills only at its limit or higher (Stop-limit orders). Did "
        "any trade after the trigger reach the limit? If none did, the position stayed open "
        "until you closed it: price the loss there.",
    ),
)

# Where this lesson (or an earlier one) teaches each idea: a hint ends "(See <section>.)".
SECTIONS = {
    "bankruptcy_for_liquidation": "lesson 02, The idea, the two prices",
    "wrong_mm_basis": "The idea: two ways out of a trade",
    "stop_guarantees_exit": "Gaps: when the price jumps over the stop",
    "cannot_lose_more_than_deposit": "A gap on 10 October 2025",
    "vwap_unweighted": "Walking the order book",
}

register(*QUESTIONS, sections=SECTIONS)
