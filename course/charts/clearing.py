"""Charts for the exchange's liquidation engine: the fill against the fund, and ADL haircuts.

Same pattern as `course.charts`: a table function calls the engine (`course.engine.fund`,
`course.engine.clearing`), a chart builder draws it and computes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from course.charts.theme import HEIGHT, WIDTH
from course.engine.adl import METHODS
from course.engine.clearing import Account, adl_queue, liquidate
from course.engine.fund import fund_change, liquidation_fee
from course.engine.validation import PRICE, Side, as_array

FUND_PARTS = ("fund", "fee")


def fund_table(
    account: Account,
    fills: ArrayLike,
    *,
    fund: float = np.inf,
    fee_rate: float = 0.0,
) -> pd.DataFrame:
    """
    Tabulate what one liquidation's fill gives the fund and the fee, at each fill price.

    Parameters
    ----------
    account : Account
        The liquidated position (`course.engine.clearing.Account`).
    fills : array-like
        Fill prices, USDT per coin; each finite and > 0.
    fund : float, default inf
        The fund's balance before the liquidation, USDT; >= 0.
    fee_rate : float, default 0.0
        The liquidation fee rate, in [0, 1).

    Returns
    -------
    pandas.DataFrame
        Long form: ``fill`` (USDT per coin), ``part`` ("fund" or "fee") and ``usdt``.

    Examples
    --------
    >>> from course.engine.clearing import EXAMPLE_BOOK
    >>> fund_table(EXAMPLE_BOOK[0], [44_000, 45_500]).pivot(index="fill", columns="part",
    ...                                                     values="usdt").to_dict("list")
    {'fee': [0.0, 0.0], 'fund': [-100000.0, 50000.0]}
    """
    prices = np.atleast_1d(as_array("fills", fills, PRICE))
    position = (account.side, account.entry, account.qty, account.collateral, prices)
    wide = pd.DataFrame(
        {
            "fill": prices,
            "fund": fund_change(*position, fee_rate=fee_rate, fund=fund),
            "fee": liquidation_fee(*position, fee_rate),
        }
    )
    return wide.melt(
        id_vars="fill", value_vars=list(FUND_PARTS), var_name="part", value_name="usdt"
    )


def fund_chart(table: pd.DataFrame, bankruptcy: float, fill: float) -> alt.LayerChart:
    """
    Draw the fund's gain or loss and the fee against the fill, with the bankruptcy price.

    Parameters
    ----------
    table : pandas.DataFrame
        From `fund_table`.
    bankruptcy : float
        The liquidated position's bankruptcy price, USDT per coin (a dashed rule).
    fill : float
        The fill to mark (a slider's value), USDT per coin.

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> from course.engine.clearing import EXAMPLE_BOOK
    >>> table = fund_table(EXAMPLE_BOOK[0], np.linspace(43_000, 46_000, 31))
    >>> type(fund_chart(table, 45_000, 44_000)).__name__
    'LayerChart'
    """
    lines = (
        alt.Chart(table)
        .mark_line()
        .encode(
            x=alt.X("fill:Q", title="Fill price (USDT)", scale=alt.Scale(zero=False)),
            y=alt.Y("usdt:Q", title="Gain or loss (USDT)"),
            color=alt.Color("part:N", title="Goes to", sort=list(FUND_PARTS)),
            tooltip=[
                alt.Tooltip("fill:Q", title="Fill (USDT)", format=",.0f"),
                alt.Tooltip("part:N", title="Goes to"),
                alt.Tooltip("usdt:Q", title="USDT", format=",.2f"),
            ],
        )
    )
    marks = pd.DataFrame({"price": [bankruptcy, fill], "line": ["bankruptcy price", "chosen fill"]})
    rules = (
        alt.Chart(marks)
        .mark_rule(strokeDash=[4, 3], color="#555555")
        .encode(
            x=alt.X("price:Q", title="Fill price (USDT)"),
            tooltip=[
                alt.Tooltip("line:N", title="Line"),
                alt.Tooltip("price:Q", title="Price (USDT)", format=",.2f"),
            ],
        )
    )
    return (lines + rules).properties(
        title="The fill against the fund: above bankruptcy it gains, below it pays",
        width=WIDTH,
        height=HEIGHT,
    )


def haircut_table(
    book: Sequence[Account],
    name: str,
    fill: float,
    fund: float,
    *,
    fee_rate: float = 0.0,
) -> pd.DataFrame:
    """
    Tabulate each winner's profit and its haircut under each ADL method (`liquidate`).

    Parameters
    ----------
    book : sequence of Account
    name : str
        The account liquidated.
    fill : float
        The fill price, USDT per coin; also the mark the winners are valued at.
    fund : float
        The fund's balance before the liquidation, USDT; >= 0.
    fee_rate : float, default 0.0
        The liquidation fee rate, in [0, 1).

    Returns
    -------
    pandas.DataFrame
        One row per winner and method: ``name``, ``rank`` (ADL queue), ``method``,
        ``profit`` and ``haircut`` (USDT, >= 0) and ``haircut_pct`` (of the profit).

    Examples
    --------
    >>> from course.engine.clearing import EXAMPLE_BOOK
    >>> table = haircut_table(EXAMPLE_BOOK, "whale", 44_000, 40_000)
    >>> table[table.method.eq("pro_rata")].haircut.tolist()
    [11250.0, 30000.0, 18750.0]
    """
    bankrupt = next(a for a in book if a.name == name)
    other: Side = "short" if bankrupt.side == "long" else "long"
    queue = adl_queue(book, other, fill).set_index("name")
    frames = []
    for method in METHODS:
        ledger = liquidate(book, name, fill, fund, fee_rate=fee_rate, method=method)
        winners = ledger[ledger.role.eq("winner")].set_index("party")["change"]
        frames.append(
            pd.DataFrame(
                {
                    "name": winners.index,
                    "rank": queue.loc[winners.index, "rank"].to_numpy(),
                    "method": method,
                    "profit": queue.loc[winners.index, "upnl"].to_numpy(),
                    "haircut": -winners.to_numpy() + 0.0,
                }
            )
        )
    table = pd.concat(frames, ignore_index=True)
    table["haircut_pct"] = 100.0 * table["haircut"] / table["profit"]
    return table


def haircut_chart(table: pd.DataFrame) -> alt.Chart:
    """
    Draw each winner's haircut under pro-rata and queue ADL, side by side.

    Parameters
    ----------
    table : pandas.DataFrame
        From `haircut_table`.

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> from course.engine.clearing import EXAMPLE_BOOK
    >>> type(haircut_chart(haircut_table(EXAMPLE_BOOK, "whale", 44_000, 40_000))).__name__
    'Chart'
    """
    return (
        alt.Chart(table)
        .mark_bar()
        .encode(
            x=alt.X(
                "name:N", title="Winner, in ADL queue order (rank)", sort=alt.SortField("rank")
            ),
            xOffset=alt.XOffset("method:N", sort=list(METHODS)),
            y=alt.Y("haircut:Q", title="Haircut (USDT)"),
            color=alt.Color("method:N", title="Method", sort=list(METHODS)),
            tooltip=[
                alt.Tooltip("name:N", title="Winner"),
                alt.Tooltip("rank:Q", title="Queue rank"),
                alt.Tooltip("method:N", title="Method"),
                alt.Tooltip("profit:Q", title="Profit (USDT)", format=",.2f"),
                alt.Tooltip("haircut:Q", title="Haircut (USDT)", format=",.2f"),
                alt.Tooltip("haircut_pct:Q", title="Share of profit (%)", format=".2f"),
            ],
        )
        .properties(
            title="Who pays the shortfall: pro rata or down the queue", width=WIDTH, height=HEIGHT
        )
    )


__all__ = ["fund_chart", "fund_table", "haircut_chart", "haircut_table"]
