"""Charts of liquidation cascades: the path step by step, and the final price over a sweep.

Same pattern as `course.charts`: the tables come from `course.scenarios.cascade`
(`cascade_path`, `cascade_clusters`, `cascade_sweep`), and each builder only draws them.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from course.charts.theme import BLUE, HEIGHT, VERMILLION, WIDTH


def cascade_chart(
    path: pd.DataFrame, clusters: pd.DataFrame, *, unit: str = "USD"
) -> alt.LayerChart:
    """
    Draw a cascade step by step: the price after each step, over the clusters' levels.

    Each cluster's level is a horizontal rule, solid if the cascade reached it and dashed if
    not; the line steps from the shock (step 0) through every cluster that sold.

    Parameters
    ----------
    path : pandas.DataFrame
        From `course.scenarios.cascade_path`.
    clusters : pandas.DataFrame
        From `course.scenarios.cascade_clusters`, for the same cascade.
    unit : str, default "USD"
        The price unit, for the axis title.

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> from course.scenarios.cascade import TOY, cascade_clusters, cascade_path
    >>> args = (97, TOY["levels"], TOY["sizes"], 0.0005)
    >>> type(cascade_chart(cascade_path(*args, start=100), cascade_clusters(*args))).__name__
    'LayerChart'
    """
    price_axis = alt.Y("price_after:Q", title=f"Price ({unit})", scale=alt.Scale(zero=False))
    steps = (
        alt.Chart(path)
        .mark_line(point=True, interpolate="step-after", color=BLUE)
        .encode(
            x=alt.X("step:O", title="Step (0 = the shock)", axis=alt.Axis(labelAngle=0)),
            y=price_axis,
            tooltip=[
                alt.Tooltip("step:O", title="Step"),
                alt.Tooltip("level:Q", title="Cluster level", format=",.2f"),
                alt.Tooltip("size:Q", title="Units sold", format=",.0f"),
                alt.Tooltip("price_before:Q", title="Price before", format=",.2f"),
                alt.Tooltip("price_after:Q", title="Price after", format=",.2f"),
                alt.Tooltip("sold:Q", title="Sold so far", format=",.0f"),
            ],
        )
    )
    levels = (
        alt.Chart(clusters)
        .mark_rule(strokeWidth=1.5)
        .encode(
            y=alt.Y("level:Q", title=f"Price ({unit})"),
            color=alt.Color(
                "fired:N",
                title="Cluster sold",
                scale=alt.Scale(domain=[True, False], range=[VERMILLION, "#999999"]),
            ),
            strokeDash=alt.StrokeDash(
                "fired:N",
                scale=alt.Scale(domain=[True, False], range=[[1, 0], [4, 3]]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("level:Q", title="Level", format=",.2f"),
                alt.Tooltip("size:Q", title="Units", format=",.0f"),
                alt.Tooltip("fired:N", title="Sold"),
            ],
        )
    )
    return (levels + steps).properties(title="A cascade, step by step", width=WIDTH, height=HEIGHT)


def cascade_sweep_chart(sweep: pd.DataFrame, *, unit: str = "USD") -> alt.Chart:
    """
    Draw the final price against the impact, one line per cluster density.

    Parameters
    ----------
    sweep : pandas.DataFrame
        From `course.scenarios.cascade_sweep`.
    unit : str, default "USD"
        The price unit, for the axis title.

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> from course.scenarios.cascade import TOY, cascade_sweep
    >>> sweep = cascade_sweep(97, TOY["levels"], TOY["sizes"], [0.0, 0.0005])
    >>> type(cascade_sweep_chart(sweep)).__name__
    'Chart'
    """
    return (
        alt.Chart(sweep)
        .mark_line(interpolate="linear")
        .encode(
            x=alt.X("impact:Q", title="Impact (price per unit sold)"),
            y=alt.Y("final_price:Q", title=f"Final price ({unit})", scale=alt.Scale(zero=False)),
            color=alt.Color("density:N", title="Cluster sizes (x)"),
            tooltip=[
                alt.Tooltip("impact:Q", title="Impact", format=".5f"),
                alt.Tooltip("density:N", title="Sizes (x)"),
                alt.Tooltip("final_price:Q", title="Final price", format=",.2f"),
            ],
        )
        .properties(title="Where the cascade stops", width=WIDTH, height=HEIGHT)
    )


__all__ = ["cascade_chart", "cascade_sweep_chart"]
