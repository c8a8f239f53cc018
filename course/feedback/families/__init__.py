"""The kinds of question, each with its engine computation and its wrong models.

A question names its `course.feedback.models.Family`; every wrong model of the family that
applies to the question's parameters is then tried by the check. Declared once per kind:
`liquidation` (one position), `account` (returns and recovery), `cross` (cross margin) and
`trading` (size, stops and fills) and `triggers` (mark or last price).
"""

from course.feedback.families.account import (
    ACCOUNT_RETURN,
    EFFECTIVE_LEVERAGE,
    NOTIONAL,
    PNL,
    RECOVERY,
    STREAK_RECOVERY,
)
from course.feedback.families.cross import ACCOUNT_SHOCK, CROSS_FORMULA, CROSS_LONE, MARGIN_RATIO
from course.feedback.families.liquidation import (
    BANKRUPTCY,
    FUND_GAIN,
    ISOLATED_LIQUIDATION,
    LEVERAGE_FOR_DISTANCE,
    LIQUIDATION_DISTANCE,
    TIERED_LIQUIDATION,
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
    "BANKRUPTCY",
    "CROSS_FORMULA",
    "CROSS_LONE",
    "EFFECTIVE_LEVERAGE",
    "EXCESS_OVER_PLAN",
    "FIRST_EXIT",
    "FIRST_UNSAFE_SETTING",
    "FUND_GAIN",
    "GAP_LOSS_OF_MARGIN",
    "ISOLATED_LIQUIDATION",
    "LEVERAGE_FOR_DISTANCE",
    "LIQUIDATION_DISTANCE",
    "MARGIN_RATIO",
    "NOTIONAL",
    "PNL",
    "RECOVERY",
    "RISK_SIZED_LIQUIDATION",
    "RISK_SIZED_LOSS",
    "RISK_SIZED_QTY",
    "SAFE_LEVERAGE",
    "SELL_VWAP",
    "STREAK_RECOVERY",
    "TIERED_LIQUIDATION",
]
