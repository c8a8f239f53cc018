"""Two positions together: VaR against the correlation, and the crash windows' correlations.

`var_table` tabulates `portfolio_sigma` and `parametric_var` over a range of correlations;
`var_chart` draws it with the chosen correlation marked and, optionally, the cross account's
room to its maintenance margin. `correlation_chart` draws `window_correlations` with the
Coin Metrics attribution under its title.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from course.charts.theme import BLACK, VERMILLION, WIDTH
from course.engine.portfolio import CORRELATION, parametric_var, portfolio_sigma
from course.engine.validation import as_array


def var_table(
    notional_1: float,
    sigma_1: float,
    notional_2: float,
    sigma_2: float,
    *,
    confidence: float = 0.99,
    correlations: ArrayLike | None = None,
    marked: float | None = None,
) -> pd.DataFrame:
    """
    Tabulate the pair's sigma and one-day VaR against the correlation of the two assets.

    Every row is one call of `portfolio_sigma` and `parametric_var`; ``marked`` adds its own
    row (flagged), so a chart can mark it and a readout read it from the same table.

    Parameters
    ----------
    notional_1 : float
        Signed notional of the first position, USDT: positive for a long, negative for a
        short; finite.
    sigma_1 : float
        Daily standard deviation of the first asset's returns, a fraction (0.03 for 3%);
        finite and >= 0.
    notional_2, sigma_2 : float
        The same for the second position.
    confidence : float, default 0.99
        One-sided VaR confidence, in (0.5, 1).
    correlations : array-like, optional
        The correlations, each in [-1, 1]; by default -1 to 1 in steps of 0.05.
    marked : float, optional
        A correlation to add and flag (a slider's value), in [-1, 1].

    Returns
    -------
    pandas.DataFrame
        Columns ``correlation, sigma, var, marked``, sorted by correlation.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it.

    Examples
    --------
    >>> table = var_table(10_000, 0.03, 10_000, 0.04, marked=0.8)
    >>> round(table.loc[table.marked, "sigma"].item(), 2)
    664.83
    """
    grid = np.linspace(-1.0, 1.0, 41) if correlations is None else correlations
    values: np.ndarray = np.atleast_1d(as_array("correlations", grid, CORRELATION))
    flags: np.ndarray = np.zeros(values.shape, dtype=bool)
    if marked is not None:
        chosen = float(as_array("marked", marked, CORRELATION))
        values = np.append(values[values != chosen], chosen)
        flags = np.append(np.zeros(len(values) - 1, dtype=bool), True)
    sigma = np.asarray(portfolio_sigma(notional_1, sigma_1, notional_2, sigma_2, values))
    table = pd.DataFrame(
        {
            "correlation": values,
            "sigma": sigma,
            "var": np.asarray(parametric_var(sigma, confidence)),
            "marked": flags,
        }
    )
    return table.sort_values("correlation", ignore_index=True)


def var_chart(table: pd.DataFrame, *, room: float | None = None) -> alt.LayerChart:
    """
    Draw the one-day VaR against the correlation, the marked correlation as a point.

    Parameters
    ----------
    table : pandas.DataFrame
        From `var_table`.
    room : float, optional
        The cross account's equity above its maintenance margin, USDT: drawn as a
        horizontal rule, the loss that would liquidate it.

    Returns
    -------
    altair.LayerChart
        The VaR line, a point at each marked row and, with ``room``, a dashed rule.

    Examples
    --------
    >>> chart = var_chart(var_table(10_000, 0.03, -10_000, 0.04, marked=0.8), room=3_900)
    >>> type(chart).__name__
    'LayerChart'
    """
    x = alt.X("correlation:Q", title="Correlation of daily returns (rho)")
    tips = [
        alt.Tooltip("correlation:Q", title="rho", format=".2f"),
        alt.Tooltip("sigma:Q", title="Sigma (USDT)", format=",.2f"),
        alt.Tooltip("var:Q", title="One-day VaR (USDT)", format=",.2f"),
    ]
    line = (
        alt.Chart(table)
        .mark_line()
        .encode(x=x, y=alt.Y("var:Q", title="One-day VaR (USDT)"), tooltip=tips)
    )
    point = (
        alt.Chart(table[table["marked"]])
        .mark_point(size=90, filled=True, color=VERMILLION)
        .encode(x=x, y=alt.Y("var:Q", title="One-day VaR (USDT)"), tooltip=tips)
    )
    layers = line + point
    if room is not None:
        rule = (
            alt.Chart(pd.DataFrame({"room": [room]}))
            .mark_rule(strokeDash=[4, 3], color=BLACK)
            .encode(
                y=alt.Y("room:Q", title="One-day VaR (USDT)"),
                tooltip=[alt.Tooltip("room:Q", title="Room to MM (USDT)", format=",.2f")],
            )
        )
        layers = layers + rule
    return layers.properties(title="The pair's one-day VaR against rho", width=WIDTH, height=240)


def correlation_chart(table: pd.DataFrame) -> alt.Chart:
    """
    Draw each crash window's BTC-ETH correlation of daily log returns as a bar.

    The table's ``attrs["attribution"]`` (the Coin Metrics line) goes under the title.

    Parameters
    ----------
    table : pandas.DataFrame
        From `course.scenarios.window_correlations`.

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> from course.scenarios.correlation import window_correlations
    >>> chart = correlation_chart(window_correlations())
    >>> chart.to_dict()["title"]["subtitle"].startswith("Source: Coin Metrics")
    True
    """
    return (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X(
                "correlation:Q",
                title="Correlation of daily log returns (rho)",
                scale=alt.Scale(domain=[0, 1]),
            ),
            y=alt.Y("episode:N", title="Crash window (start date, name)", sort=None),
            tooltip=[
                alt.Tooltip("episode:N", title="Window"),
                alt.Tooltip("returns:Q", title="Daily returns"),
                alt.Tooltip("correlation:Q", title="Correlation", format=".3f"),
            ],
        )
        .properties(
            title=alt.TitleParams(
                "BTC and ETH in five crash windows",
                subtitle=table.attrs.get("attribution", ""),
                subtitleFontSize=10,
            ),
            width=WIDTH,
        )
    )


def rolling_correlation_chart(table: pd.DataFrame) -> alt.Chart:
    """
    Draw a window's moving correlation of daily log returns, day by day.

    The table's ``attrs["attribution"]`` (the Coin Metrics line) goes under the title.

    Parameters
    ----------
    table : pandas.DataFrame
        From `course.scenarios.rolling_correlation`.

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> from course.scenarios.correlation import rolling_correlation
    >>> chart = rolling_correlation_chart(rolling_correlation("2024-08-05_yen_carry_unwind"))
    >>> chart.to_dict()["title"]["subtitle"].startswith("Source: Coin Metrics")
    True
    """
    return (
        alt.Chart(table)
        .mark_line(point=True)
        .encode(
            x=alt.X("date:T", title="Last day of the moving window (UTC)"),
            y=alt.Y(
                "correlation:Q",
                title="Correlation of daily log returns (rho)",
                scale=alt.Scale(zero=False),
            ),
            tooltip=[
                alt.Tooltip("date:T", title="Last day", format="%Y-%m-%d"),
                alt.Tooltip("correlation:Q", title="Correlation", format=".3f"),
            ],
        )
        .properties(
            title=alt.TitleParams(
                "BTC and ETH: the moving correlation through a crash",
                subtitle=table.attrs.get("attribution", ""),
                subtitleFontSize=10,
            ),
            width=WIDTH,
        )
    )


__all__ = ["correlation_chart", "rolling_correlation_chart", "var_chart", "var_table"]
