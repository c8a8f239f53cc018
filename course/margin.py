"""The margin engine: one import for every pure, vectorised function the course uses.

The formulas live in modules split by idea, and this module gathers them under the names
the lessons, tests and graders use:

* `course.engine.balance`: notional, margins, PnL, ROE, margin ratio, effective leverage;
* `course.engine.liquidation`: liquidation and bankruptcy prices of one position, both MM bases,
  linear and inverse contracts;
* `course.engine.tiers`: tiered MM and the self-consistent bracket;
* `course.engine.cross`: several positions sharing one wallet;
* `course.engine.costs`: trading fees, break-even and funding;
* `course.engine.margin_changes`: the liquidation price after funding or a margin change.

Only NumPy and pandas are imported underneath; no charts, widgets or I/O.
"""

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
from course.engine.costs import (
    break_even_price,
    funding_cost,
    funding_payment,
    trading_fee,
)
from course.engine.crashes import adverse_move, max_drawdown, survivable_leverage
from course.engine.cross import Position, cross_liquidation_price, shock_marks
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

__all__ = [
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
    "adverse_move",
    "bankruptcy_price",
    "break_even_price",
    "cross_distance",
    "cross_liquidation_price",
    "effective_leverage",
    "example_book",
    "failed_reasons",
    "funding_cost",
    "funding_payment",
    "initial_margin",
    "isolated_liquidation_price",
    "liquidation_distance",
    "liquidation_price",
    "liquidation_price_after_funding",
    "liquidation_price_after_margin_change",
    "losing_streak_drawdown",
    "maintenance_amounts",
    "maintenance_margin",
    "margin_ratio",
    "max_drawdown",
    "max_leverage_for_stop",
    "notional",
    "position_notional",
    "pre_trade_verdict",
    "reason_code",
    "recovery_gain",
    "roe",
    "shock_marks",
    "slippage",
    "survivable_leverage",
    "tiered_liquidation_price",
    "tiered_maintenance_margin",
    "trading_fee",
    "unrealized_pnl",
    "validate_brackets",
    "vwap",
    "walk_book",
]
