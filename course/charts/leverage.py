"""Charts of leverage against liquidation: how far the liquidation price sits from entry.

Each builder is one declarative expression over `course.charts.tables.liquidation_table`::

    distance_chart(liquidation_table("long", 65_000, range(1, 101), [0.005]))
    leverage_chart(liquidation_table("long", 65_000, range(1, 101), [0.004, 0.01]))
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from course.charts.theme import BLACK, HEIGHT, PANEL_WIDTH, WIDTH


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
    >>> from course.charts import liquidation_table
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
    >>> from course.charts import liquidation_table
    >>> chart = leverage_chart(liquidation_table("short", 65_000, [2, 10], [0.005, 0.01]))
    >>> type(chart).__name__
    'HConcatChart'
    """
    return alt.hconcat(
        _leverage_panel(table, "liquidation_price", "Liquidation price (USDT)").properties(
            title="Liquidation price", width=PANEL_WIDTH
        ),
        distance_chart(table, title="Distance to liquidation").properties(width=PANEL_WIDTH),
    ).properties(title=title or "Higher leverage puts liquidation closer to entry")


__all__ = ["distance_chart", "leverage_chart"]
