"""Charts of price paths and simulated accounts: levels on a path, equity, outcomes.

Each builder is one declarative expression over a table from `course.charts.tables`::

    price_path_chart(price_path_table(path, "long", leverage=10, mmr=0.005))
    equity_chart(equity_table(simulation))          outcome_chart(outcome_table(simulation))
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from course.charts.tables import PRICE_LEVELS
from course.charts.theme import BLACK, BLUE, HEIGHT, PANEL_WIDTH, PURPLE, VERMILLION, WIDTH


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
    >>> from course.charts import price_path_table
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
    >>> from course.charts import equity_table
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
        .properties(width=PANEL_WIDTH, height=HEIGHT)
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
    >>> from course.charts import outcome_table
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
from course.charts.position import shock_chart, tier_chart  # noqa: E402, F401

__all__ = ["equity_chart", "outcome_chart", "price_path_chart"]
