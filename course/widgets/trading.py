"""Explorers of one trade: size it from the risk, then see what its stop really fills at.

Like `course.widgets.explorers` (which re-exports these), each explorer is a thin view over
the engine: its controls feed one compute function, which returns the readout and a chart.
"""

from __future__ import annotations

import math

from course.charts.trade import depth_chart, depth_table, ladder_chart, ladder_table
from course.engine.orderbook import example_book, slippage, vwap, walk_book
from course.engine.sizing import liquidation_distance, max_leverage_for_stop, position_notional
from course.engine.validation import Basis
from course.widgets.parts import Explorer, number, percent, price, slider, table, toggle, usdt


def position_sizing_explorer(
    equity: float = 10_000.0,
    risk_pct: float = 2.0,
    stop_pct: float = 5.0,
    leverage: float = 10.0,
    mmr: float = 0.005,
    entry: float = 65_000.0,
    *,
    basis: Basis = "mark",
    buffer_pct: float = 0.0,
) -> Explorer:
    """
    Show a position sized from the risk, leverage last, and whether its stop beats liquidation.

    The size comes from `position_notional`; the leverage only sets the margin and, through
    `liquidation_distance` (isolated long, MM at the chosen basis and MMR), whether
    liquidation comes before the stop, with the buffer to spare. `max_leverage_for_stop`
    gives the highest setting that keeps stop plus buffer first. The chart is the price
    ladder of `course.charts.ladder_chart`, on the same basis and MMR.

    Parameters
    ----------
    equity : float, default 10,000
        Account equity, USDT; the box allows 100 to 10,000,000.
    risk_pct : float, default 2.0
        Risk per trade, percent of equity; the slider allows 0.25 to 10.
    stop_pct : float, default 5.0
        Stop distance, percent of entry; the slider allows 0.5 to 30.
    leverage : float, default 10
        Isolated leverage setting; the slider allows 1 to 100.
    mmr : float, default 0.005
        Maintenance margin rate; the slider allows 0.001 to 0.05.
    entry : float, default 65,000
        Entry price, USDT per coin; fixed.
    basis : {"mark", "entry"}, default "mark"
        Where the maintenance margin is valued; a toggle.
    buffer_pct : float, default 0.0
        Room kept between the stop and liquidation for slippage and gaps, percent of entry;
        the slider allows 0 to 5.

    Returns
    -------
    Explorer
        The equity box, the risk, stop and leverage (primary) sliders, the basis toggle,
        the MMR and buffer sliders, readout and chart.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the chart prints
    ...     explorer = position_sizing_explorer()
    >>> explorer.topic, type(explorer).__name__
    ('position-sizing', 'Explorer')
    """
    equity_box = number("Equity (USDT)", equity, 100, 10_000_000, 100)
    risk = slider("Risk per trade (%)", risk_pct, 0.25, 10, 0.25)
    stop = slider("Stop distance (%)", stop_pct, 0.5, 30, 0.5, readout_format=".1f")
    lever = slider("Leverage", leverage, 1, 100, 1, readout_format=".0f")
    mm_basis = toggle("MM valued at", ["mark", "entry"], basis)
    rate = slider("MMR (%)", mmr * 100, 0.1, 5, 0.1, readout_format=".1f")
    buffer = slider("Buffer (%)", buffer_pct, 0, 5, 0.25)

    def compute():
        mmr_value, stop_distance, extra = rate.value / 100, stop.value / 100, buffer.value / 100
        size = position_notional(equity_box.value, risk.value / 100, stop_distance)
        margin = size / lever.value
        distance = liquidation_distance("long", lever.value, mmr_value, basis=mm_basis.value)
        ceiling = max_leverage_for_stop(
            stop_distance, mmr_value, buffer=extra, basis=mm_basis.value
        )
        ladder = ladder_table(entry, stop.value, lever.value, mmr_value, basis=mm_basis.value)
        levels = ladder.set_index("level").price  # the chart's own prices decide the verdict
        tie = math.isclose(levels["stop"], levels["liquidation"], rel_tol=1e-12)
        stop_first = levels["stop"] > levels["liquidation"] and not tie
        buffered = stop_first and distance >= stop_distance + extra
        rows = [
            ("Position size", usdt(size), "mm-size"),
            ("Coins at entry", f"{size / entry:,.4f}", "mm-qty"),
            (
                "Margin posted",
                f"{usdt(margin)} ({margin / equity_box.value:.1%} of equity)",
                "mm-margin",
            ),
            ("Liquidation distance", percent(distance), "mm-liquidation-distance"),
            ("Highest leverage, stop + buffer first", f"{ceiling:.1f}x", "mm-max-leverage"),
        ]
        if tie:
            verdict = "Liquidation and the stop sit at the same price: the stop may never fire."
        elif not stop_first:
            verdict = "Liquidation comes before the stop: the stop never fires."
        elif not buffered:
            verdict = (
                "The stop fires first, but with less than the buffer to spare: "
                "slippage or a gap could reach liquidation."
            )
        else:
            verdict = "The stop fires first: the loss is the planned risk (before slippage)."
        chart = ladder_chart(ladder)
        return table(rows, verdict=verdict, good=buffered), chart

    return Explorer(
        "position-sizing",
        [equity_box, risk, stop, lever, mm_basis, rate, buffer],
        compute,
        primary=lever,
        title="Position sizing: risk first, leverage last",
    )


def slippage_explorer(
    entry: float = 65_000.0,
    stop_pct: float = 2.0,
    qty: float = 2.0,
    leverage: float = 10.0,
    *,
    depth_coin: float = 0.5,
    gap_ticks: float = 1.0,
) -> Explorer:
    """
    Show a stop-market sell walking the bids: fills, VWAP, slippage and the loss it costs.

    The book is `example_book` around the stop price, its best bid ``gap_ticks`` ticks of
    0.1% below the stop; `walk_book` fills the order, `vwap` and `slippage` read the fills,
    and the chart is `course.charts.depth_chart`. With the best bid at the stop (0 ticks) an
    order no larger than the first level fills at the stop: no slippage.

    Parameters
    ----------
    entry : float, default 65,000
        Entry price of the long being stopped out, USDT per coin; fixed.
    stop_pct : float, default 2.0
        Stop distance, percent of entry; the slider allows 0.5 to 10.
    qty : float, default 2.0
        Order size, coins; the slider allows 0.1 to 30.
    leverage : float, default 10
        Leverage setting, which fixes the margin the extra loss is compared with; fixed.
    depth_coin : float, default 0.5
        Coins at the best bid; the slider allows 0.1 to 3.
    gap_ticks : float, default 1
        Ticks from the stop down to the best bid; the slider allows 0 to 5.

    Returns
    -------
    Explorer
        The size (primary), depth, gap and stop sliders, readout and chart.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the chart prints
    ...     explorer = slippage_explorer()
    >>> explorer.topic, type(explorer).__name__
    ('slippage', 'Explorer')
    """
    size = slider("Order size (coins)", qty, 0.1, 30, 0.1, readout_format=".1f")
    depth = slider("Depth (coins/level)", depth_coin, 0.1, 3, 0.1, readout_format=".1f")
    gap = slider("Best bid below stop (ticks)", gap_ticks, 0, 5, 1, readout_format=".0f")
    stop = slider("Stop distance (%)", stop_pct, 0.5, 10, 0.5, readout_format=".1f")

    def compute():
        stop_price = entry * (1 - stop.value / 100)
        book = example_book(
            stop_price,
            depth_coin=depth.value,
            levels=30,
            tick_fraction=0.001,
            gap_ticks=gap.value,
        )
        fills = walk_book(book, size.value, "sell")
        average = vwap(fills)
        slipped = slippage(fills, stop_price)
        planned = size.value * (entry - stop_price)
        realised = size.value * (entry - average)
        margin = size.value * entry / leverage
        rows = [
            ("Levels filled", f"{len(fills)}", "mm-levels"),
            ("Average fill (VWAP)", price(average), "mm-vwap"),
            ("Slippage from the stop", percent(slipped), "mm-slippage"),
            ("Planned loss", usdt(planned), "mm-planned-loss"),
            ("Realised loss", usdt(realised), "mm-realised-loss"),
            ("Extra loss, share of margin", percent((realised - planned) / margin), "mm-extra"),
        ]
        if slipped == 0.0:
            verdict = (
                "No slippage: the whole order filled at the stop price, "
                "so the realised loss is the planned one."
            )
        else:
            verdict = (
                "The stop set the trigger; the book set the price: "
                f"{realised / planned:.2f}x the plan."
            )
        return (
            table(rows, verdict=verdict, good=realised <= 1.1 * planned),
            depth_chart(depth_table(book, fills), stop_price),
        )

    return Explorer(
        "slippage",
        [size, depth, gap, stop],
        compute,
        primary=size,
        title="Stops and slippage: walking the order book",
    )


__all__ = ["position_sizing_explorer", "slippage_explorer"]
