"""Crash-window charts: who was liquidated, by entry date, leverage, margin mode and price.

`crash_heatmap` draws `course.scenarios.crashes.outcome_grid`: one cell per entry date and
leverage, in a panel per margin mode (rows) and price basis (columns), so the closes can be
read against the reported intraday lows. The grid's prices come from Coin Metrics (CC BY-NC
4.0): the chart's subtitle carries ``table.attrs["attribution"]``.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from course.charts.theme import BLUE, VERMILLION

CELL_WIDTH = 16  # px per entry date: a window's 14 to 20 entry dates fit two panels in 950 px


def crash_heatmap(table: pd.DataFrame, *, title: str | None = None) -> alt.FacetChart:
    """
    Draw whether a long was liquidated, by entry date and leverage, per mode and price basis.

    Parameters
    ----------
    table : pandas.DataFrame
        From `course.scenarios.crashes.outcome_grid`: ``entry_date``, ``leverage``, ``mode``,
        ``basis``, ``outcome``, ``liquidation_price`` and ``loss_pct``; its
        ``attrs["attribution"]`` becomes the subtitle.
    title : str, optional

    Returns
    -------
    altair.FacetChart

    Examples
    --------
    >>> from course.scenarios.crashes import outcome_grid
    >>> chart = crash_heatmap(outcome_grid("2020-03-12_black_thursday", "BTC"))
    >>> type(chart).__name__
    'FacetChart'
    """
    dates = table["entry_date"].nunique()
    data = table.assign(entry_day=table["entry_date"].dt.strftime("%Y-%m-%d"))
    return (
        alt.Chart(data)
        .mark_rect(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("entry_day:O", title="Entry date (UTC close)"),
            y=alt.Y("leverage:O", title="Leverage (x)", sort="descending"),
            color=alt.Color(
                "outcome:N",
                title="Outcome",
                scale=alt.Scale(domain=["survived", "liquidated"], range=[BLUE, VERMILLION]),
            ),
            tooltip=[
                alt.Tooltip("entry_day:O", title="Entry date"),
                alt.Tooltip("leverage:Q", title="Leverage (x)"),
                alt.Tooltip("mode:N", title="Margin mode"),
                alt.Tooltip("basis:N", title="Price basis"),
                alt.Tooltip("liquidation_price:Q", title="Liquidation (USD)", format=",.2f"),
                alt.Tooltip("outcome:N", title="Outcome"),
                alt.Tooltip("loss_pct:Q", title="Worst loss (% of wallet)", format=".1f"),
            ],
        )
        .properties(width=CELL_WIDTH * dates, height=110)
        .facet(
            row=alt.Row("mode:N", title="Margin mode"),
            column=alt.Column("basis:N", title="Price basis"),
        )
        .properties(
            title=alt.TitleParams(
                title or "Liquidated or not: entry date x leverage, on closes and reported lows",
                subtitle=table.attrs.get("attribution", ""),
            )
        )
    )


__all__ = ["CELL_WIDTH", "crash_heatmap"]
