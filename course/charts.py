"""Altair chart builders: a tidy table in, a chart out, in one colour-blind-safe theme.

Importing it makes the course's display choices, once and only here: the ``"mimetype"``
renderer, which JupyterLab 4 draws offline with its built-in Vega 5 extension (altair stays
below 6: JupyterLab cannot draw Vega-Lite 6), and the ``"margin_mechanics"`` theme
(Okabe-Ito palette, readable fonts, a tooltip on every mark).

Each builder is one declarative expression over a table from `course.chart_data`
(re-exported here), whose tables thin or bin long inputs so that the inline data stays far
below altair's 5,000-row limit; no builder computes a number or loads from a URL::

    leverage_chart(liquidation_table("long", 65_000, range(1, 101), [0.004, 0.01]))
    price_path_chart(price_path_table(path, "long", leverage=10, mmr=0.005))
    equity_chart(equity_table(simulation))          outcome_chart(outcome_table(simulation))
    tier_chart(tier_table())                        shock_chart(shock_table(positions, 6_000))
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from course.chart_data import (
    PRICE_LEVELS,
    SIMULATION_COLUMNS,
    equity_table,
    liquidation_table,
    outcome_table,
    price_path_table,
    shock_table,
    tier_table,
)

__all__ = [
    "OKABE_ITO",
    "PRICE_LEVELS",
    "SIMULATION_COLUMNS",
    "THEME",
    "margin_mechanics_theme",
    "distance_chart",
    "equity_chart",
    "leverage_chart",
    "outcome_chart",
    "price_path_chart",
    "shock_chart",
    "tier_chart",
    "equity_table",
    "liquidation_table",
    "outcome_table",
    "price_path_table",
    "shock_table",
    "tier_table",
]

# Okabe & Ito's colour-blind-safe palette; yellow comes late, as it is faint on white.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")

BLUE, VERMILLION, GREEN, ORANGE, SKY, PURPLE, YELLOW, BLACK = OKABE_ITO
THEME = "margin_mechanics"
WIDTH, HEIGHT = 360, 240


@alt.theme.register(THEME, enable=True)
def margin_mechanics_theme() -> alt.theme.ThemeConfig:
    """
    Return the course theme: Okabe-Ito colours, 12-16 px text, tooltips on every mark.

    Registered and enabled when `course.charts` is imported, so learners' own altair
    charts look like the course's.

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


def _time(frame: pd.DataFrame, title: str | None) -> tuple[alt.X, alt.Tooltip]:
    """Encode ``time`` (axis and tooltip) as dates if it holds datetimes, else as numbers."""
    if pd.api.types.is_datetime64_any_dtype(frame["time"]):
        return (
            alt.X("time:T", title=title or "Date (UTC)"),
            alt.Tooltip("time:T", title="Time", format="%Y-%m-%d %H:%M"),
        )
    return (
        alt.X("time:Q", title=title or "Time (steps)"),
        alt.Tooltip("time:Q", title="Time", format=",.4~g"),
    )


def _leverage_panel(table: pd.DataFrame, field: str, title: str) -> alt.LayerChart:
    """Lines of one liquidation_table column against leverage, with the marked leverage."""
    base = alt.Chart(table).encode(
        x=alt.X(
            "leverage:Q", scale=alt.Scale(type="log", nice=False), title="Leverage (x, log scale)"
        ),
        tooltip=[
            alt.Tooltip("side:N", title="Side"),
            alt.Tooltip("basis:N", title="MM basis"),
            alt.Tooltip("mmr_pct:Q", title="MMR (%)", format=".2f"),
            alt.Tooltip("leverage:Q", title="Leverage (x)", format=".1f"),
            alt.Tooltip("liquidation_price:Q", title="Liquidation price (USDT)", format=",.2f"),
            alt.Tooltip("distance_pct:Q", title="Distance to liquidation (%)", format=".2f"),
        ],
    )
    marked = base.transform_filter("datum.marked")
    value = alt.Y(f"{field}:Q", title=title, scale=alt.Scale(zero=False))
    return (
        base.mark_line().encode(
            y=value,
            color=alt.Color("mmr_pct:N", title="MMR (%)"),
            strokeDash=alt.StrokeDash("basis:N", title="MM basis"),
        )
        + marked.mark_rule(color=BLACK, strokeDash=[2, 2])
        + marked.mark_point(filled=True, size=60, color=BLACK).encode(y=value)
    ).properties(width=WIDTH, height=HEIGHT)


def distance_chart(table: pd.DataFrame, *, title: str | None = None) -> alt.LayerChart:
    """
    Draw the distance from entry to liquidation (%) against leverage, one line per MMR.

    Parameters
    ----------
    table : pandas.DataFrame
        From `liquidation_table`: columns ``side, basis, mmr_pct, leverage,
        liquidation_price, distance_pct, marked``.
    title : str, optional

    Returns
    -------
    altair.LayerChart
        Lines coloured by MMR and dashed by MM basis; the ``marked`` leverage as a rule
        and points.

    Examples
    --------
    >>> type(distance_chart(liquidation_table("long", 65_000, [2, 10, 50]))).__name__
    'LayerChart'
    """
    panel = _leverage_panel(table, "distance_pct", "Distance to liquidation (% of entry)")
    return panel.properties(title=title or "How far the price can move before liquidation")


def leverage_chart(table: pd.DataFrame, *, title: str | None = None) -> alt.HConcatChart:
    """
    Draw liquidation price (USDT) and distance to liquidation (%) against leverage.

    Parameters
    ----------
    table : pandas.DataFrame
        From `liquidation_table` (columns as in `distance_chart`).
    title : str, optional

    Returns
    -------
    altair.HConcatChart
        The liquidation price panel beside `distance_chart`.

    Examples
    --------
    >>> chart = leverage_chart(liquidation_table("short", 65_000, [2, 10], [0.005, 0.01]))
    >>> type(chart).__name__
    'HConcatChart'
    """
    return alt.hconcat(
        _leverage_panel(table, "liquidation_price", "Liquidation price (USDT)").properties(
            title="Liquidation price"
        ),
        distance_chart(table, title="Distance to liquidation"),
    ).properties(title=title or "Higher leverage puts liquidation closer to entry")


def price_path_chart(
    table: pd.DataFrame, *, title: str | None = None, time_title: str | None = None
) -> alt.LayerChart:
    """
    Draw a price path with its entry, liquidation and bankruptcy levels and the liquidation.

    Parameters
    ----------
    table : pandas.DataFrame
        From `price_path_table`: columns ``series, time, price``, with ``series`` one of
        "price", "entry", "liquidation", "bankruptcy", "liquidated".
    title : str, optional
    time_title : str, optional
        Time axis title with its unit; "Date (UTC)" or "Time (steps)" by default.

    Returns
    -------
    altair.LayerChart
        The path, a dashed rule per level, and a rule and point where it is liquidated.

    Examples
    --------
    >>> path = pd.DataFrame({"time": [0, 1, 2], "price": [100.0, 93.0, 88.0]})
    >>> type(price_path_chart(price_path_table(path, "long", 10, 0.005))).__name__
    'LayerChart'
    """
    base = alt.Chart(table)
    moment = base.transform_filter(alt.datum.series == "liquidated")
    time, when = _time(table, time_title)
    price = alt.Y("price:Q", title="Price (USDT)", scale=alt.Scale(zero=False))
    at = [when, alt.Tooltip("price:Q", title="Price (USDT)", format=",.2f")]
    return (
        base.transform_filter(alt.datum.series == "price")
        .mark_line(color=BLUE)
        .encode(
            x=time,
            y=price,
            tooltip=at,
        )
        + base.transform_filter(alt.FieldOneOfPredicate("series", list(PRICE_LEVELS)))
        .mark_rule(strokeDash=[6, 3], strokeWidth=2)
        .encode(
            y=price,
            color=alt.Color(
                "series:N",
                title="Level",
                scale=alt.Scale(domain=list(PRICE_LEVELS), range=[BLACK, VERMILLION, PURPLE]),
            ),
            tooltip=[alt.Tooltip("series:N", title="Level"), at[1]],
        )
        + moment.mark_rule(color=VERMILLION).encode(x=time, tooltip=at)
        + moment.mark_point(shape="diamond", filled=True, size=140, color=VERMILLION).encode(
            x=time,
            y=price,
            tooltip=[alt.Tooltip("series:N", title="Event"), *at],
        )
    ).properties(
        title=title or "Price path and the levels that end the position",
        width=WIDTH + 160,
        height=HEIGHT,
    )


def equity_chart(
    table: pd.DataFrame, *, title: str | None = None, time_title: str | None = None
) -> alt.FacetChart:
    """
    Draw account equity over one path, cross and isolated side by side.

    Parameters
    ----------
    table : pandas.DataFrame
        From `equity_table`: columns ``time, mode, equity, liquidated,
        liquidation_moment`` (a one-path slice of a `course.scenarios` simulation also
        draws, without the liquidation points).
    title, time_title : str, optional

    Returns
    -------
    altair.FacetChart
        One panel per ``mode``: the equity line and a point where it is liquidated.

    Examples
    --------
    >>> simulation = pd.DataFrame({"path": 0, "time": [0, 1, 0, 1],
    ...     "mode": ["cross", "cross", "isolated", "isolated"], "equity": [5e3, 4e3, 3e3, 0.0],
    ...     "liquidated": [False, False, False, True]})
    >>> type(equity_chart(equity_table(simulation))).__name__
    'FacetChart'
    """
    time, when = _time(table, time_title)
    base = alt.Chart().encode(
        x=time,
        y=alt.Y("equity:Q", title="Account equity (USDT)"),
        tooltip=[
            alt.Tooltip("mode:N", title="Margin mode"),
            when,
            alt.Tooltip("equity:Q", title="Equity (USDT)", format=",.2f"),
            alt.Tooltip("liquidated:N", title="Liquidated"),
        ],
    )
    return (
        alt.layer(
            base.mark_line().encode(color=alt.Color("mode:N", title="Margin mode")),
            base.transform_filter("datum.liquidation_moment").mark_point(
                shape="diamond", filled=True, size=140, color=VERMILLION
            ),
            data=table,
        )
        .properties(width=WIDTH, height=HEIGHT)
        .facet(
            column=alt.Column("mode:N", title="Margin mode"),
        )
        .properties(title=title or "Account equity: cross vs isolated on the same path")
    )


def outcome_chart(table: pd.DataFrame, *, title: str | None = None) -> alt.FacetChart:
    """
    Draw the distribution of final losses over many paths, by mode and outcome.

    Parameters
    ----------
    table : pandas.DataFrame
        From `outcome_table`: columns ``mode, outcome, loss_start, loss_end, paths``.
    title : str, optional

    Returns
    -------
    altair.FacetChart
        One histogram per ``mode`` (rows share the loss axis), bars stacked by outcome.

    Examples
    --------
    >>> simulation = pd.DataFrame({"path": [0, 1], "time": 1, "mode": "cross",
    ...     "liquidated": [False, True], "loss": [10.0, 5_000.0]})
    >>> type(outcome_chart(outcome_table(simulation))).__name__
    'FacetChart'
    """
    return (
        alt.Chart(table)
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("loss_start:Q", bin="binned", title="Final loss (USDT)"),
            x2="loss_end:Q",
            y=alt.Y("paths:Q", stack="zero", title="Paths (count)"),
            color=alt.Color(
                "outcome:N",
                title="Outcome",
                scale=alt.Scale(domain=["not liquidated", "liquidated"], range=[BLUE, VERMILLION]),
            ),
            tooltip=[
                alt.Tooltip("mode:N", title="Margin mode"),
                alt.Tooltip("outcome:N", title="Outcome"),
                alt.Tooltip("loss_start:Q", title="Loss from (USDT)", format=",.0f"),
                alt.Tooltip("loss_end:Q", title="Loss to (USDT)", format=",.0f"),
                alt.Tooltip("paths:Q", title="Paths"),
            ],
        )
        .properties(width=WIDTH + 160, height=HEIGHT // 2 + 40)
        .facet(
            row=alt.Row("mode:N", title="Margin mode"),
        )
        .properties(title=title or "Final loss over many paths: how often, and how much")
    )


# Charts of tiers and portfolios live in their own module, on this theme.
from course.position_charts import shock_chart, tier_chart  # noqa: E402, F401
