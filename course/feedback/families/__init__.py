"""The kinds of question, each with its engine computation and its wrong models.

A question names its `course.feedback.models.Family`; every wrong model of the family that
applies to the question's parameters is then tried by the check. Declared once per kind:
`liquidation` (one position), `account` (returns and recovery), `cross` (cross margin) and
`trading` (size, stops and fills) and `triggers` (mark or last price); lessons 06-10 add
`costs` (fees and funding), `portfolio` (correlation, sigma, VaR), `clearing` (the fund and
ADL), `cascade` (cascades, venues' mark, throttled feeds), `episodes` (real crashes) and
`capstone` (the pre-trade check). `inventory` holds the ungraded inventory's own kinds.
"""

from course.feedback.families.account import (
    ACCOUNT_RETURN,
    EFFECTIVE_LEVERAGE,
    NOTIONAL,
    PNL,
    RECOVERY,
    STREAK_RECOVERY,
)
from course.feedback.families.capstone import PRE_TRADE_CHECK
from course.feedback.families.cascade import (
    CASCADE_AT_IMPACT,
    CASCADE_FINAL,
    CASCADE_STOP_LOSS,
    THROTTLED_TOTAL,
    UNDERREPORTING,
    VENUE_MARK,
)
from course.feedback.families.clearing import ADL_SCORE, HAIRCUT, SHORTFALL
from course.feedback.families.costs import (
    BREAK_EVEN,
    FUNDING_OVER_TIME,
    LIQUIDATION_AFTER_FUNDING,
    ROUND_TRIP_FEES,
)
from course.feedback.families.cross import ACCOUNT_SHOCK, CROSS_FORMULA, CROSS_LONE, MARGIN_RATIO
from course.feedback.families.episodes import (
    COLLATERAL_LIQUIDATION,
    MAX_DRAWDOWN,
    SURVIVABLE_LEVERAGE,
)
from course.feedback.families.liquidation import (
    BANKRUPTCY,
    FUND_GAIN,
    ISOLATED_LIQUIDATION,
    LEVERAGE_FOR_DISTANCE,
    LIQUIDATION_DISTANCE,
    TIERED_LIQUIDATION,
)
from course.feedback.families.portfolio import (
    DIVERSIFICATION,
    JOINT_SHOCK,
    PAIR_VAR,
    PORTFOLIO_SIGMA,
    WINDOW_CORRELATION,
)
from course.feedback.families.trading import (
    EXCESS_OVER_PLAN,
    FIRST_UNSAFE_SETTING,
    GAP_LOSS_OF_MARGIN,
    RISK_SIZED_LIQUIDATION,
    RISK_SIZED_LOSS,
    RISK_SIZED_QTY,
    SAFE_LEVERAGE,
    SELL_VWAP,
)
from course.feedback.families.triggers import FIRST_EXIT

__all__ = [
    "ACCOUNT_RETURN",
    "ACCOUNT_SHOCK",
    "ADL_SCORE",
    "BANKRUPTCY",
    "BREAK_EVEN",
    "CASCADE_AT_IMPACT",
    "CASCADE_FINAL",
    "CASCADE_STOP_LOSS",
    "COLLATERAL_LIQUIDATION",
    "CROSS_FORMULA",
    "CROSS_LONE",
    "DIVERSIFICATION",
    "EFFECTIVE_LEVERAGE",
    "EXCESS_OVER_PLAN",
    "FIRST_EXIT",
    "FIRST_UNSAFE_SETTING",
    "FUNDING_OVER_TIME",
    "FUND_GAIN",
    "GAP_LOSS_OF_MARGIN",
    "HAIRCUT",
    "ISOLATED_LIQUIDATION",
    "JOINT_SHOCK",
    "LEVERAGE_FOR_DISTANCE",
    "LIQUIDATION_AFTER_FUNDING",
    "LIQUIDATION_DISTANCE",
    "MARGIN_RATIO",
    "MAX_DRAWDOWN",
    "NOTIONAL",
    "PAIR_VAR",
    "PNL",
    "PORTFOLIO_SIGMA",
    "PRE_TRADE_CHECK",
    "RECOVERY",
    "RISK_SIZED_LIQUIDATION",
    "RISK_SIZED_LOSS",
    "RISK_SIZED_QTY",
    "ROUND_TRIP_FEES",
    "SAFE_LEVERAGE",
    "SELL_VWAP",
    "SHORTFALL",
    "STREAK_RECOVERY",
    "SURVIVABLE_LEVERAGE",
    "THROTTLED_TOTAL",
    "TIERED_LIQUIDATION",
    "UNDERREPORTING",
    "VENUE_MARK",
    "WINDOW_CORRELATION",
]
