"""Explorers: sliders and toggles driving one engine call, a readout and a chart.

Each explorer is a thin view over the engine: its controls feed one redraw function, which
makes one engine call and draws a `course.charts` chart. Lessons call them by name, for
example ``liquidation_explorer()``; `Explorer` (`course.widgets.parts`) is the shared frame.
"""

from course.widgets.cascade import cascade_explorer
from course.widgets.clearing import insurance_explorer
from course.widgets.costs import funding_explorer
from course.widgets.crashes import crash_explorer
from course.widgets.explorers import (
    cross_vs_isolated_explorer,
    leverage_explorer,
    liquidation_explorer,
    position_sizing_explorer,
    slippage_explorer,
)
from course.widgets.parts import Explorer
from course.widgets.portfolio import correlation_explorer

__all__ = [
    "Explorer",
    "correlation_explorer",
    "cascade_explorer",
    "crash_explorer",
    "cross_vs_isolated_explorer",
    "funding_explorer",
    "insurance_explorer",
    "leverage_explorer",
    "liquidation_explorer",
    "position_sizing_explorer",
    "slippage_explorer",
]
