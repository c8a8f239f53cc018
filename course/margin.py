"""The margin engine: one import for every pure, vectorised function the course uses.

The formulas live in modules split by idea, and this module gathers them under the names
the lessons, tests and graders use:

* `course.engine.balance`: notional, margins, PnL, ROE, margin ratio, effective leverage;
* `course.engine.liquidation`: liquidation and bankruptcy prices of one position, both MM bases,
  linear and inverse contracts;
* `course.engine.tiers`: tiered MM and the self-consistent bracket;
* `course.engine.cross`: several positions sharing one wallet;
* `course.engine.costs`: trading fees, break-even and funding;
* `course.engine.margin_changes`: the liquidation price after funding or a margin change;
* `course.engine.portfolio`: two positions' sigma and VaR, a joint shock to a cross account;
* `course.engine.fund`, `course.engine.adl`, `course.engine.clearing`: the insurance fund,
  auto-deleveraging and a small liquidation engine;
* `course.engine.cascade`, `course.engine.venues`, `course.engine.feeds`: liquidation
  cascades, a book swept between two prices, the mark across venues, throttled feeds;
* `course.engine.crashes`, `course.engine.pretrade`: crash arithmetic and the pre-trade check.

Only NumPy and pandas are imported underneath; no charts, widgets or I/O.
"""

from course.engine.adl import adl_haircuts, adl_score
from course.engine.balance import (
    effective_leverage,
    initial_margin,
    maintenance_margin,
    margin_ratio,
    notional,
    recovery_gain,
    roe,
    unrealized_pnl,
)
from course.engine.cascade import cascade_final_price, cascade_fired, even_clusters
from course.engine.clearing import Account, adl_queue, liquidate
from course.engine.costs import (
    break_even_price,
    funding_cost,
    funding_payment,
    trading_fee,
)
from course.engine.crashes import adverse_move, max_drawdown, survivable_leverage
from course.engine.cross import Position, cross_liquidation_price, shock_marks
from course.engine.feeds import pushed_by_stream, shown_share
from course.engine.fund import fund_change, liquidation_fee, shortfall
from course.engine.liquidation import (
    bankruptcy_price,
    isolated_liquidation_price,
    liquidation_price,
)
from course.engine.margin_changes import (
    liquidation_price_after_funding,
    liquidation_price_after_margin_change,
)
from course.engine.orderbook import example_book, slippage, vwap, walk_book
from course.engine.portfolio import (
    joint_shock_to_liquidation,
    normal_quantile,
    parametric_var,
    portfolio_sigma,
)
from course.engine.pretrade import (
    REASONS,
    cross_distance,
    failed_reasons,
    pre_trade_verdict,
    reason_code,
)
from course.engine.sizing import (
    liquidation_distance,
    losing_streak_drawdown,
    max_leverage_for_stop,
    position_notional,
)
from course.engine.tiers import (
    BINANCE_BTCUSDT_2021,
    TIER_TABLES,
    Bracket,
    TierTable,
    maintenance_amounts,
    tiered_liquidation_price,
    tiered_maintenance_margin,
    validate_brackets,
)
from course.engine.validation import BASES, CONTRACTS, SIDES, Basis, Contract, Side
from course.engine.venues import book_for_sweep, mark_price, stop_fill

__all__ = [
    "Account",
    "BASES",
    "BINANCE_BTCUSDT_2021",
    "Basis",
    "Bracket",
    "CONTRACTS",
    "Contract",
    "Position",
    "REASONS",
    "SIDES",
    "Side",
    "TIER_TABLES",
    "TierTable",
    "adl_haircuts",
    "adl_queue",
    "adl_score",
    "bankruptcy_price",
    "break_even_price",
    "book_for_sweep",
    "cascade_final_price",
    "cascade_fired",
    "adverse_move",
    "cross_distance",
    "cross_liquidation_price",
    "effective_leverage",
    "even_clusters",
    "example_book",
    "failed_reasons",
    "funding_cost",
    "funding_payment",
    "initial_margin",
    "isolated_liquidation_price",
    "joint_shock_to_liquidation",
    "fund_change",
    "liquidate",
    "liquidation_distance",
    "liquidation_fee",
    "liquidation_price",
    "liquidation_price_after_funding",
    "liquidation_price_after_margin_change",
    "losing_streak_drawdown",
    "maintenance_amounts",
    "maintenance_margin",
    "margin_ratio",
    "mark_price",
    "max_drawdown",
    "max_leverage_for_stop",
    "normal_quantile",
    "notional",
    "parametric_var",
    "portfolio_sigma",
    "position_notional",
    "pushed_by_stream",
    "pre_trade_verdict",
    "reason_code",
    "recovery_gain",
    "roe",
    "shock_marks",
    "shortfall",
    "shown_share",
    "slippage",
    "stop_fill",
    "survivable_leverage",
    "tiered_liquidation_price",
    "tiered_maintenance_margin",
    "trading_fee",
    "unrealized_pnl",
    "validate_brackets",
    "vwap",
    "walk_book",
]
