"""Charts of tiers and portfolios: tiered MM against notional, every position under a shock.

Drawn on the theme of `course.charts` (which re-exports these builders).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from course.charts.position_tables import shock_table, tier_table  # noqa: F401 (doctest examples)
from course.charts.theme import BLUE, GREEN, HEIGHT, ORANGE, VERMILLION, WIDTH


def tier_chart(table: pd.DataFrame, *, title: str | None = None) -> alt.VConcatChart:
    """
    Draw tiered maintenance margin against notional, and its rate, on log axes.

    Parameters
    ----------
    table : pandas.DataFrame
        From `tier_table`: columns ``notional, maintenance_margin, effective_rate_pct,
        bracket, mmr_pct, maint_amount, boundary``.
    title : str, optional

    Returns
    -------
    altair.VConcatChart
        Above, MM (USDT) with a point at each bracket boundary: no jump. Below, the
        bracket's MMR, which jumps, and MM / notional, which does not. One legend
        ("Series") names the four colours.

    Examples
    --------
    >>> type(tier_chart(tier_table(points=20))).__name__
    'VConcatChart'
    """
    notional = alt.X("notional:Q", scale=alt.Scale(type="log"), title="Notional (USDT, log)")
    tooltip = [
        alt.Tooltip("notional:Q", title="Notional (USDT)", format=",.0f"),
        alt.Tooltip("maintenance_margin:Q", title="Maintenance margin (USDT)", format=",.2f"),
        alt.Tooltip("bracket:O", title="Bracket"),
        alt.Tooltip("mmr_pct:Q", title="Bracket MMR (%)", format=".2f"),
        alt.Tooltip("maint_amount:Q", title="Maintenance amount (USDT)", format=",.0f"),
        alt.Tooltip("effective_rate_pct:Q", title="MM / notional (%)", format=".3f"),
    ]
    base = alt.Chart(table).encode(x=notional, tooltip=tooltip)
    margin = alt.Y(
        "maintenance_margin:Q", scale=alt.Scale(type="log"), title="Maintenance margin (USDT, log)"
    )
    rate = "Rate (% of notional)"
    series = ["maintenance margin", "bracket boundary", "bracket MMR", "MM / notional"]

    colour = alt.Color(
        "series:N",
        title="Series",
        scale=alt.Scale(domain=series, range=[BLUE, VERMILLION, ORANGE, GREEN]),
    )

    def named(name: str) -> alt.Chart:
        return base.transform_calculate(series=repr(name)).encode(color=colour)

    return (
        alt.vconcat(
            (
                named("maintenance margin").mark_line().encode(y=margin)
                + named("bracket boundary")
                .transform_filter("datum.boundary")
                .mark_point(size=50, filled=True)
                .encode(y=margin)
            ).properties(title="Maintenance margin: continuous at every cap"),
            (
                named("bracket MMR")
                .mark_line(interpolate="step-after")
                .encode(y=alt.Y("mmr_pct:Q", title=rate))
                + named("MM / notional")
                .mark_line()
                .encode(y=alt.Y("effective_rate_pct:Q", title=rate))
            ).properties(title="The bracket rate jumps; MM / notional does not"),
        )
        .resolve_scale(color="shared")
        .properties(title=title or "Tiered maintenance margin (Binance-style brackets)")
    )


def shock_chart(table: pd.DataFrame, *, title: str | None = None) -> alt.LayerChart:
    """
    Draw each position's PnL against a common price shock, marking where it is liquidated.

    Parameters
    ----------
    table : pandas.DataFrame
        From `shock_table`: columns ``position, shock_pct, mark, pnl, liquidation_price,
        account_equity, status``.
    title : str, optional

    Returns
    -------
    altair.LayerChart
        A PnL line per position; points shaped by status ("open" or "liquidated").

    Examples
    --------
    >>> from course.margin import Position
    >>> table = shock_table([Position("BTCUSDT", "long", 1, 60_000)], 5_000, [-10, 0, 10])
    >>> type(shock_chart(table)).__name__
    'LayerChart'
    """
    base = alt.Chart(table).encode(
        x=alt.X("shock_pct:Q", title="Price shock to every mark (%)"),
        y=alt.Y("pnl:Q", title="Unrealised PnL (USDT)"),
        color=alt.Color("position:N", title="Position"),
        tooltip=[
            alt.Tooltip("position:N", title="Position"),
            alt.Tooltip("shock_pct:Q", title="Shock (%)", format="+.1f"),
            alt.Tooltip("mark:Q", title="Mark (USDT)", format=",.2f"),
            alt.Tooltip("pnl:Q", title="PnL (USDT)", format=",.2f"),
            alt.Tooltip(
                "liquidation_price:Q", title="Cross liquidation price (USDT)", format=",.2f"
            ),
            alt.Tooltip("account_equity:Q", title="Account equity (USDT)", format=",.2f"),
            alt.Tooltip("status:N", title="Status"),
        ],
    )
    return (
        base.mark_line()
        + base.mark_point(size=40, filled=True).encode(
            shape=alt.Shape(
                "status:N",
                title="Status",
                scale=alt.Scale(domain=["open", "liquidated"], range=["circle", "cross"]),
            )
        )
    ).properties(
        title=title or "One shock, every position: PnL and liquidation",
        width=WIDTH + 160,
        height=HEIGHT,
    )
