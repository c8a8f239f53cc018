"""Margin Mechanics: the shared margin engine and the helpers the lessons use.

Lessons import by name, for example ``from course import liquidation_price``.
"""

from course.margin import (
    BINANCE_BTCUSDT_2021,
    Bracket,
    Position,
    bankruptcy_price,
    break_even_price,
    cross_liquidation_price,
    effective_leverage,
    funding_cost,
    funding_payment,
    initial_margin,
    isolated_liquidation_price,
    liquidation_price,
    liquidation_price_after_funding,
    liquidation_price_after_margin_change,
    maintenance_margin,
    margin_ratio,
    notional,
    recovery_gain,
    roe,
    tiered_liquidation_price,
    tiered_maintenance_margin,
    trading_fee,
    unrealized_pnl,
    validate_brackets,
)

__version__ = "0.1.0"

__all__ = [
    "BINANCE_BTCUSDT_2021",
    "Bracket",
    "Position",
    "bankruptcy_price",
    "break_even_price",
    "cross_liquidation_price",
    "effective_leverage",
    "funding_cost",
    "funding_payment",
    "initial_margin",
    "isolated_liquidation_price",
    "liquidation_price",
    "liquidation_price_after_funding",
    "liquidation_price_after_margin_change",
    "maintenance_margin",
    "margin_ratio",
    "notional",
    "recovery_gain",
    "roe",
    "tiered_liquidation_price",
    "tiered_maintenance_margin",
    "trading_fee",
    "unrealized_pnl",
    "validate_brackets",
]
