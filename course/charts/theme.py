"""The course's chart theme and renderer, chosen once and only here.

Importing it makes the course's display choices: the ``"mimetype"`` renderer, which
JupyterLab 4 draws offline with its built-in Vega 5 extension (altair stays below 6:
JupyterLab cannot draw Vega-Lite 6), and the ``"margin_mechanics"`` theme (Okabe-Ito palette,
readable fonts, a tooltip on every mark). The colours and sizes here are the constants every
chart module shares, so no two chart modules import each other.
"""

from __future__ import annotations

import altair as alt

# Okabe & Ito's colour-blind-safe palette; yellow comes late, as it is faint on white.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")

BLUE, VERMILLION, GREEN, ORANGE, SKY, PURPLE, YELLOW, BLACK = OKABE_ITO
THEME = "margin_mechanics"
WIDTH, HEIGHT = 360, 240
# Two panels side by side, with their axes and a legend, stay within the ~950 px that
# JupyterLab leaves for output in a 1,280 px window with its side bar open.
PANEL_WIDTH = 280


@alt.theme.register(THEME, enable=True)
def margin_mechanics_theme() -> alt.theme.ThemeConfig:
    """
    Return the course theme: Okabe-Ito colours, 12-16 px text, tooltips on every mark.

    Registered and enabled when `course.charts` is imported, so learners' own altair
    charts look like the course's.

    Returns
    -------
    dict
        An altair theme config: ``{"config": {...}}`` with the view size, palette, mark,
        axis, legend, header and title settings.

    Examples
    --------
    >>> margin_mechanics_theme()["config"]["range"]["category"][:2]
    ['#0072B2', '#D55E00']
    >>> alt.theme.active
    'margin_mechanics'
    """
    return {
        "config": {
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "range": {"category": list(OKABE_ITO)},
            "mark": {"tooltip": {"content": "encoding"}},
            "line": {"strokeWidth": 2},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "grid": True},
            "legend": {"labelFontSize": 12, "titleFontSize": 13},
            "header": {"labelFontSize": 13, "titleFontSize": 13},
            "title": {"fontSize": 16, "anchor": "start"},
        }
    }


alt.renderers.enable("mimetype")

__all__ = [
    "BLACK",
    "BLUE",
    "GREEN",
    "HEIGHT",
    "OKABE_ITO",
    "ORANGE",
    "PANEL_WIDTH",
    "PURPLE",
    "SKY",
    "THEME",
    "VERMILLION",
    "WIDTH",
    "YELLOW",
    "margin_mechanics_theme",
]
