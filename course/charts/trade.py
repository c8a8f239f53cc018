"""Charts for one trade: returns against a price move, the price ladder of a sized trade,
and the order book a stop-market order walks.

Same pattern as `course.charts` (whose theme and renderer apply here too): a table function
calls the engine, a chart builder draws it and computes nothing.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from course.charts.theme import HEIGHT, WIDTH
from course.engine.balance import initial_margin, unrealized_pnl
from course.engine.liquidation import bankruptcy_price, isolated_liquidation_price
from course.engine.validation import FINITE, SIDES, Basis, Side, as_array, as_choice


def returns_table(
    equity: float,
    position_notional: float,
    leverage: float,
    moves_pct: ArrayLike = tuple(range(-20, 21)),
    *,
    mmr: float | None = None,
    basis: Basis = "entry",
) -> pd.DataFrame:
    """
    Tabulate ROE and the return on the whole account for a long across price moves.

    ::

        ROE            = PnL / initial margin          (what the exchange shows)
        account return = PnL / equity                  (what happens to you)

    With ``mmr`` given, the long is isolated: a move that reaches the liquidation price
    (`isolated_liquidation_price`) closes it, and its loss stops at the margin posted::

        PnL = -initial margin     where price <= liquidation price

    Without it (the default) the PnL is the straight line, past liquidation too.

    Parameters
    ----------
    equity : float
        Account equity, USDT; > 0.
    position_notional : float
        Value of the long at entry, USDT; > 0.
    leverage : float
        The leverage setting, which fixes the initial margin; >= 1.
    moves_pct : array-like, default -20, -19, ..., 20
        Price moves from entry, in percent, each > -100.
    mmr : float, optional
        Maintenance margin rate, in [0, 1); if given, cap the loss at liquidation.
    basis : {"mark", "entry"}, default "entry"
        Where the maintenance margin is valued, when ``mmr`` is given.

    Returns
    -------
    pandas.DataFrame
        Columns ``move_pct``, ``measure`` ("ROE" or "Return on account"), ``return_pct``,
        ``pnl`` (USDT) and ``liquidated`` (always False without ``mmr``); the ROE rows
        first.

    Raises
    ------
    ValueError
        If the engine refuses the size, the leverage, the MMR or the basis; the message
        names it.

    Examples
    --------
    >>> table = returns_table(10_000, 20_000, 10, [-5, 5])
    >>> table.return_pct.tolist()
    [-50.0, 50.0, -10.0, 10.0]
    >>> returns_table(10_000, 20_000, 10, [-20, -5], mmr=0.005).pnl.tolist()[:2]
    [-2000.0, -1000.0]
    """
    moves = np.asarray(moves_pct, dtype=float)
    qty = position_notional / 100.0  # a unit price of 100: only ratios matter here
    prices = 100.0 * (1 + moves / 100.0)
    pnl = np.asarray(unrealized_pnl("long", 100.0, qty, prices))
    margin = initial_margin(qty, 100.0, leverage)
    liquidated = np.zeros(moves.shape, dtype=bool)
    if mmr is not None:
        level = isolated_liquidation_price("long", 100.0, leverage, mmr, qty=qty, basis=basis)
        liquidated = prices <= level
        pnl = np.where(liquidated, -margin, pnl)
    frames = [
        pd.DataFrame(
            {
                "move_pct": moves,
                "measure": name,
                "return_pct": 100.0 * pnl / base,
                "pnl": pnl,
                "liquidated": liquidated,
            }
        )
        for name, base in (("ROE", margin), ("Return on account", equity))
    ]
    return pd.concat(frames, ignore_index=True)


def returns_chart(table: pd.DataFrame, marked_move_pct: float) -> alt.LayerChart:
    """
    Draw ROE and the account's return against the price move, with a rule at the move.

    Parameters
    ----------
    table : pandas.DataFrame
        From `returns_table`.
    marked_move_pct : float
        The move to mark (a slider's value), in percent.

    Returns
    -------
    altair.LayerChart
        One line per measure and a dashed rule at ``marked_move_pct``.

    Examples
    --------
    >>> type(returns_chart(returns_table(10_000, 20_000, 10), -5)).__name__
    'LayerChart'
    """
    lines = (
        alt.Chart(table)
        .mark_line()
        .encode(
            x=alt.X("move_pct:Q", title="Price move (%)"),
            y=alt.Y("return_pct:Q", title="Return (%)"),
            color=alt.Color("measure:N", title="Measure"),
            tooltip=[
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("move_pct:Q", title="Move (%)", format="+.1f"),
                alt.Tooltip("return_pct:Q", title="Return (%)", format="+.1f"),
                alt.Tooltip("pnl:Q", title="PnL (USDT)", format=",.2f"),
                alt.Tooltip("liquidated:N", title="Liquidated"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"move_pct": [marked_move_pct]}))
        .mark_rule(strokeDash=[4, 3])
        .encode(
            x=alt.X("move_pct:Q", title="Price move (%)"),
            tooltip=[alt.Tooltip("move_pct:Q", title="Chosen move (%)", format="+.1f")],
        )
    )
    return (lines + rule).properties(
        title="Same PnL, two very different percentages", width=WIDTH, height=HEIGHT
    )


LADDER_LEVELS = ["entry", "stop", "liquidation", "bankruptcy"]


def ladder_table(
    entry: float,
    stop_pct: float,
    leverage: float,
    mmr: float,
    *,
    side: Side = "long",
    basis: Basis = "mark",
) -> pd.DataFrame:
    """
    Tabulate the prices that matter for a sized trade: entry, stop, liquidation, bankruptcy.

    The liquidation price is `isolated_liquidation_price` (MM at ``basis``), the bankruptcy
    price `bankruptcy_price` with the initial margin as collateral. With ``s = +1`` for a
    long and ``-1`` for a short::

        stop = entry * (1 - s * stop_pct / 100)
        distance_pct = (price - entry) / entry * 100

    Parameters
    ----------
    entry : float
        Entry price, USDT per coin; finite and > 0.
    stop_pct : float
        Distance from entry to the stop, in percent; in (0, 100).
    leverage : float
        The isolated leverage setting; >= 1 and with ``1/leverage > mmr``.
    mmr : float
        Maintenance margin rate, in [0, 1).
    side : {"long", "short"}, default "long"
    basis : {"mark", "entry"}, default "mark"
        Where the maintenance margin is valued (see `isolated_liquidation_price`).

    Returns
    -------
    pandas.DataFrame
        Columns ``level`` ("entry", "stop", "liquidation", "bankruptcy"), ``price`` (USDT)
        and ``distance_pct`` (signed, from entry).

    Raises
    ------
    ValueError
        If ``side`` is not one of "long", "short", ``stop_pct`` is not in (0, 100), or the
        engine refuses the other inputs; the message names the parameter.

    Examples
    --------
    >>> ladder_table(65_000, 5, 20, 0.005).level.tolist()
    ['entry', 'stop', 'liquidation', 'bankruptcy']
    >>> ladder_table(65_000, 5, 20, 0.005, side="flat")
    Traceback (most recent call last):
    ...
    ValueError: side must be one of 'long', 'short'; got 'flat'
    """
    chosen = as_choice("side", side, SIDES)
    if chosen.ndim != 0:
        raise ValueError(f"side must be one of 'long', 'short' (one string); got {side!r}")
    if not 0 < float(as_array("stop_pct", stop_pct, FINITE)) < 100:
        raise ValueError(f"stop_pct must be in (0, 100); got {stop_pct!r}")
    sign = 1.0 if str(chosen) == "long" else -1.0
    prices = {
        "entry": entry,
        "stop": entry * (1 - sign * stop_pct / 100.0),
        "liquidation": isolated_liquidation_price(side, entry, leverage, mmr, basis=basis),
        "bankruptcy": bankruptcy_price(side, entry, 1.0, entry / leverage),
    }
    table = pd.DataFrame({"level": list(prices), "price": list(prices.values())})
    table["distance_pct"] = 100.0 * (table.price - entry) / entry
    return table


def ladder_chart(table: pd.DataFrame) -> alt.LayerChart:
    """
    Draw the ladder as labelled horizontal rules on a price axis.

    Parameters
    ----------
    table : pandas.DataFrame
        From `ladder_table`.

    Returns
    -------
    altair.LayerChart
        One coloured rule per level, and its label just above it, each level's label in
        its own column (entry, stop, liquidation, bankruptcy, left to right) so that
        levels at nearly the same price stay readable.

    Examples
    --------
    >>> type(ladder_chart(ladder_table(65_000, 5, 20, 0.005))).__name__
    'LayerChart'
    """
    base = alt.Chart(table).encode(
        y=alt.Y("price:Q", title="Price (USDT)", scale=alt.Scale(zero=False)),
        color=alt.Color("level:N", title="Level", sort=LADDER_LEVELS),
        tooltip=[
            alt.Tooltip("level:N", title="Level"),
            alt.Tooltip("price:Q", title="Price (USDT)", format=",.2f"),
            alt.Tooltip("distance_pct:Q", title="From entry (%)", format="+.2f"),
        ],
    )
    rules = base.mark_rule(strokeWidth=3)
    # Each label gets its own column, so levels at (nearly) the same price do not overlap.
    labels = base.mark_text(align="center", baseline="bottom", dy=-4, fontSize=13).encode(
        x=alt.X("level:N", sort=LADDER_LEVELS, axis=None, scale=alt.Scale(padding=0.5)),
        text=alt.Text("level:N"),
    )
    return (rules + labels).properties(
        title="Which comes first: the stop or liquidation?", width=WIDTH, height=HEIGHT
    )


def depth_table(book: pd.DataFrame, fills: pd.DataFrame) -> pd.DataFrame:
    """
    Tabulate the bid side of ``book`` with how much of each level the order took.

    Parameters
    ----------
    book : pandas.DataFrame
        An order book as `course.engine.orderbook.example_book` makes it.
    fills : pandas.DataFrame
        A sell order's fills against it, from `course.engine.orderbook.walk_book`.

    Returns
    -------
    pandas.DataFrame
        One row per bid level: ``price`` (USDT), ``size``, ``filled`` and ``left`` (coins).

    Examples
    --------
    >>> from course.engine.orderbook import example_book, walk_book
    >>> book = example_book(levels=3, depth_coin=1, growth=1)
    >>> depth_table(book, walk_book(book, 1.5, "sell")).filled.tolist()
    [1.0, 0.5, 0.0]
    """
    bids = book[book["side"] == "bid"][["price", "size"]].reset_index(drop=True)
    taken = fills.set_index("price")["size"]
    bids["filled"] = bids["price"].map(taken).fillna(0.0)
    bids["left"] = bids["size"] - bids["filled"]
    return bids


def depth_chart(table: pd.DataFrame, stop_price: float) -> alt.Chart:
    """
    Draw the bids as bars, split into what the sell order took and what it left.

    Parameters
    ----------
    table : pandas.DataFrame
        From `depth_table`.
    stop_price : float
        The stop that fired the sell order, USDT per coin (shown in the title).

    Returns
    -------
    altair.Chart
        Horizontal bars per bid price, stacked "filled" and "left".

    Examples
    --------
    >>> from course.engine.orderbook import example_book, walk_book
    >>> book = example_book(levels=3)
    >>> type(depth_chart(depth_table(book, walk_book(book, 1.0, "sell")), 65_000)).__name__
    'Chart'
    """
    long_form = table.melt(
        id_vars=["price"], value_vars=["filled", "left"], var_name="part", value_name="coins"
    )
    bars = (
        alt.Chart(long_form)
        .mark_bar()
        .encode(
            y=alt.Y(
                "price:O", title="Bid price (USDT)", sort="descending", axis=alt.Axis(format=",.0f")
            ),
            x=alt.X("coins:Q", title="Size at the level (coins)", stack="zero"),
            color=alt.Color("part:N", title="Liquidity", sort=["filled", "left"]),
            tooltip=[
                alt.Tooltip("price:Q", title="Price (USDT)", format=",.2f"),
                alt.Tooltip("part:N", title="Part"),
                alt.Tooltip("coins:Q", title="Coins", format=",.3f"),
            ],
        )
    )
    return bars.properties(
        title=f"A stop-market sell at {stop_price:,.0f} walks down the bids",
        width=WIDTH,
        height=HEIGHT + 80,
    )


def marked_shock_chart(shock_chart: alt.LayerChart, shock_pct: float) -> alt.LayerChart:
    """
    Add a dashed rule at the chosen shock to a `course.charts.shock_chart`.

    Parameters
    ----------
    shock_chart : altair.LayerChart
        A chart from `course.charts.position.shock_chart`.
    shock_pct : float
        The shock to mark (a slider's value), in percent.

    Returns
    -------
    altair.LayerChart
        ``shock_chart`` with the rule layered on top.

    Examples
    --------
    >>> from course.charts.position import shock_chart
    >>> from course.charts.position_tables import shock_table
    >>> from course.engine.cross import Position
    >>> table = shock_table([Position("BTCUSDT", "long", 1, 60_000)], 5_000, [-10, 0, 10])
    >>> type(marked_shock_chart(shock_chart(table), -5)).__name__
    'LayerChart'
    """
    rule = (
        alt.Chart(pd.DataFrame({"shock_pct": [shock_pct]}))
        .mark_rule(strokeDash=[4, 3], color="#000000")
        .encode(
            x=alt.X("shock_pct:Q", title="Price shock to every mark (%)"),
            tooltip=[alt.Tooltip("shock_pct:Q", title="Chosen shock (%)", format="+.1f")],
        )
    )
    return shock_chart + rule
