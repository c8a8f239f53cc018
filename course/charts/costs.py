"""Charts of holding costs: funding eating an isolated margin, and fees against funding.

Same pattern as `course.charts` (whose theme and renderer apply here too): the tables come
from `course.scenarios.costs`, and each builder draws one and computes nothing.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from course.charts.theme import BLACK, BLUE, GREEN, HEIGHT, ORANGE, PANEL_WIDTH, VERMILLION


def funding_chart(table: pd.DataFrame, *, title: str | None = None) -> alt.HConcatChart:
    """
    Draw the margin left and the liquidation price at each funding time, side by side.

    Parameters
    ----------
    table : pandas.DataFrame
        From `course.scenarios.costs.funding_table`: ``day``, ``margin_left``,
        ``maintenance_margin``, ``liquidation_price`` and ``mark``.
    title : str, optional

    Returns
    -------
    altair.HConcatChart
        Left: margin left and the maintenance margin (USDT). Right: the liquidation price
        and the flat mark (USDT per coin).

    Examples
    --------
    >>> from course.scenarios.costs import funding_table
    >>> table = funding_table("long", 60_000, 10, 0.005, 0.0003, 30)
    >>> type(funding_chart(table)).__name__
    'HConcatChart'
    """
    base = alt.Chart(table).encode(x=alt.X("day:Q", title="Time held (days)"))
    day = alt.Tooltip("day:Q", title="Day", format=".2f")
    margin = base.mark_line(color=BLUE).encode(
        y=alt.Y("margin_left:Q", title="Margin (USDT)", scale=alt.Scale(zero=True)),
        tooltip=[day, alt.Tooltip("margin_left:Q", title="Margin left (USDT)", format=",.2f")],
    )
    maintenance = base.mark_line(color=VERMILLION, strokeDash=[6, 3]).encode(
        y=alt.Y("maintenance_margin:Q", title="Margin (USDT)"),
        tooltip=[alt.Tooltip("maintenance_margin:Q", title="Maintenance margin", format=",.2f")],
    )
    liquidation = base.mark_line(color=ORANGE).encode(
        y=alt.Y("liquidation_price:Q", title="Price (USDT per coin)", scale=alt.Scale(zero=False)),
        tooltip=[
            day,
            alt.Tooltip("liquidation_price:Q", title="Liquidation price", format=",.2f"),
        ],
    )
    mark = base.mark_line(color=BLACK, strokeDash=[2, 2]).encode(
        y=alt.Y("mark:Q", title="Price (USDT per coin)"),
        tooltip=[alt.Tooltip("mark:Q", title="Mark (flat)", format=",.2f")],
    )
    return alt.hconcat(
        (margin + maintenance).properties(
            title="Margin left (blue) and maintenance (dashed)", width=PANEL_WIDTH, height=HEIGHT
        ),
        (liquidation + mark).properties(
            title="Liquidation price (orange) and mark (dotted)", width=PANEL_WIDTH, height=HEIGHT
        ),
    ).properties(title=title or "Funding settles into the isolated margin")


def holding_costs_chart(table: pd.DataFrame, *, title: str | None = None) -> alt.Chart:
    """
    Draw round-trip trading fees and funding against the days a position is held.

    Parameters
    ----------
    table : pandas.DataFrame
        From `course.scenarios.costs.holding_costs`: ``day``, ``trading_fees``, ``funding``.
    title : str, optional

    Returns
    -------
    altair.Chart
        One line per cost, coloured by its name.

    Examples
    --------
    >>> from course.scenarios.costs import holding_costs
    >>> type(holding_costs_chart(holding_costs(10_000, 0.0002, 0.0001, 30))).__name__
    'Chart'
    """
    long_form = table.melt(id_vars=["day"], var_name="cost", value_name="usdt")
    return (
        alt.Chart(long_form)
        .mark_line()
        .encode(
            x=alt.X("day:Q", title="Time held (days)"),
            y=alt.Y("usdt:Q", title="Cost (USDT)"),
            color=alt.Color(
                "cost:N",
                title="Cost",
                sort=["trading_fees", "funding"],
                scale=alt.Scale(range=[GREEN, ORANGE]),
            ),
            tooltip=[
                alt.Tooltip("day:Q", title="Day"),
                alt.Tooltip("cost:N", title="Cost"),
                alt.Tooltip("usdt:Q", title="USDT", format=",.2f"),
            ],
        )
        .properties(
            title=title or "Fees are paid per trade; funding grows with time", width=2 * PANEL_WIDTH
        )
    )


__all__ = ["funding_chart", "holding_costs_chart"]
