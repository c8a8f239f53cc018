"""Price scenarios for the lessons: seeded synthetic paths, real crash windows, simulations.

* `gbm_paths` and `jump_paths` (`course.scenarios.paths`) draw geometric Brownian motion,
  without and with Merton-style crashes, from ``numpy.random.default_rng(seed)``.
* `episodes`, `load_episode` and `episode_path` (`course.scenarios.episodes`) read the daily
  closes of six crash windows shipped in ``course/data`` (Coin Metrics Community Data,
  CC BY-NC 4.0). Show `ATTRIBUTION` next to every table or chart made from them.
* `window_correlations`, `window_returns` and `rolling_correlation`
  (`course.scenarios.correlation`) give BTC's and ETH's daily returns and correlations there.
* `cascade_path`, `cascade_clusters`, `cascade_sweep` and `liquidation_burst`
  (`course.scenarios.cascade`) follow liquidation cascades and throttled feeds (lesson 09).
* `crash_moves`, `survival_table` and `outcome_grid` (`course.scenarios.crashes`) read each
  crash on the closes and on the reported intraday lows; `screen_walk`
  (`course.scenarios.screens`) walks from the textbook liquidation price to a screen.
* `summarize_margin_modes` and `simulate_margin_modes` (`course.scenarios.simulation`) run
  cross and isolated margin over such paths and return tidy DataFrames.
* `funding_table` and `holding_costs` (`course.scenarios.costs`) follow a position through
  funding times at a flat mark: margin left, liquidation price, fees against funding.

This package is the layer above the engine: it imports `course.engine` and nothing above it.
"""

from course.scenarios.cascade import (
    GDAX,
    TOY,
    cascade_clusters,
    cascade_path,
    cascade_sweep,
    liquidation_burst,
)
from course.scenarios.correlation import (
    rolling_correlation,
    window_closes,
    window_correlations,
    window_returns,
)
from course.scenarios.costs import FUNDING_COLUMNS, funding_table, holding_costs
from course.scenarios.crashes import (
    CRASHES,
    crash_moves,
    outcome_grid,
    survival_table,
    worst_move,
)
from course.scenarios.episodes import (
    ASSETS,
    ATTRIBUTION,
    attribution,
    data_source,
    episode_names,
    episode_path,
    episodes,
    load_episode,
)
from course.scenarios.paths import gbm_paths, jump_paths
from course.scenarios.screens import reference_vectors, screen_case, screen_walk, tier_step
from course.scenarios.simulation import MAX_ROWS, simulate_margin_modes, summarize_margin_modes

__all__ = [
    "ASSETS",
    "ATTRIBUTION",
    "CRASHES",
    "FUNDING_COLUMNS",
    "GDAX",
    "MAX_ROWS",
    "TOY",
    "attribution",
    "cascade_clusters",
    "cascade_path",
    "cascade_sweep",
    "crash_moves",
    "data_source",
    "episode_names",
    "episode_path",
    "episodes",
    "funding_table",
    "gbm_paths",
    "holding_costs",
    "jump_paths",
    "liquidation_burst",
    "load_episode",
    "rolling_correlation",
    "simulate_margin_modes",
    "summarize_margin_modes",
    "window_closes",
    "window_correlations",
    "window_returns",
    "outcome_grid",
    "reference_vectors",
    "screen_case",
    "screen_walk",
    "survival_table",
    "tier_step",
    "worst_move",
]
