"""Tidy tables and the altair charts drawn from them, in one colour-blind-safe theme.

Tables (DataFrame out) come from the engine and `course.scenarios`; each chart builder is one
declarative expression over such a table, and no builder computes a number or loads from a
URL. Importing this package enables the course's theme and the ``"mimetype"`` renderer
(`course.charts.theme`), which JupyterLab 4 draws offline::

    leverage_chart(liquidation_table("long", 65_000, range(1, 101), [0.004, 0.01]))
    price_path_chart(price_path_table(path, "long", leverage=10, mmr=0.005))
    equity_chart(equity_table(simulation))          outcome_chart(outcome_table(simulation))
    tier_chart(tier_table())                        shock_chart(shock_table(positions, 6_000))
    returns_chart(returns_table(...), 5)            ladder_chart(ladder_table(...))
    depth_chart(depth_table(book, fills), stop_price)
    funding_chart(funding_table(...))               holding_costs_chart(holding_costs(...))
    var_chart(var_table(10_000, 0.03, -10_000, 0.04, marked=0.8))
    correlation_chart(window_correlations())
    fund_chart(fund_table(account, fills), bankruptcy, fill)
    haircut_chart(haircut_table(book, name, fill, fund))
    cascade_chart(cascade_path(...), cascade_clusters(...))   cascade_sweep_chart(cascade_sweep(...))
    crash_heatmap(...)

The modules, one idea each: `tables` and `position_tables` (DataFrames, no altair),
`leverage`, `paths`, `position`, `trade`, `costs`, `portfolio`, `clearing`, `cascade` and
`crashes` (charts), `theme` (colours, sizes, renderer).
"""

from course.charts.cascade import cascade_chart, cascade_sweep_chart
from course.charts.clearing import fund_chart, fund_table, haircut_chart, haircut_table
from course.charts.costs import funding_chart, holding_costs_chart
from course.charts.crashes import crash_heatmap
from course.charts.leverage import distance_chart, leverage_chart
from course.charts.paths import equity_chart, outcome_chart, price_path_chart
from course.charts.portfolio import (
    correlation_chart,
    rolling_correlation_chart,
    var_chart,
    var_table,
)
from course.charts.position import shock_chart, tier_chart
from course.charts.position_tables import shock_table, tier_table
from course.charts.tables import (
    PRICE_LEVELS,
    SIMULATION_COLUMNS,
    equity_table,
    liquidation_table,
    outcome_table,
    price_path_table,
)
from course.charts.theme import OKABE_ITO, THEME, margin_mechanics_theme
from course.charts.trade import (
    depth_chart,
    depth_table,
    ladder_chart,
    ladder_table,
    marked_shock_chart,
    returns_chart,
    returns_table,
)

__all__ = [
    "OKABE_ITO",
    "PRICE_LEVELS",
    "SIMULATION_COLUMNS",
    "THEME",
    "margin_mechanics_theme",
    "correlation_chart",
    "cascade_chart",
    "cascade_sweep_chart",
    "crash_heatmap",
    "depth_chart",
    "distance_chart",
    "equity_chart",
    "funding_chart",
    "holding_costs_chart",
    "fund_chart",
    "ladder_chart",
    "leverage_chart",
    "marked_shock_chart",
    "outcome_chart",
    "price_path_chart",
    "returns_chart",
    "rolling_correlation_chart",
    "shock_chart",
    "tier_chart",
    "var_chart",
    "depth_table",
    "equity_table",
    "fund_table",
    "haircut_chart",
    "haircut_table",
    "ladder_table",
    "liquidation_table",
    "outcome_table",
    "price_path_table",
    "returns_table",
    "shock_table",
    "tier_table",
    "var_table",
]
