"""The explorer of holding costs: funding eating an isolated margin, fees paid once.

Like `course.widgets.explorers` (which re-exports it), the explorer is a thin view over the
engine: its controls feed one compute function, which builds one
`course.scenarios.costs.funding_table` and draws the readout and the chart from it.
"""

from __future__ import annotations

from course.charts.costs import funding_chart
from course.engine.costs import break_even_price, trading_fee
from course.engine.validation import Basis, Side
from course.scenarios.costs import funding_table
from course.widgets.parts import Explorer, price, slider, table, toggle, usdt

# Binance USD-M's regular tier (pedagogy-and-cases.md, lesson 6): maker 0.02%, taker 0.05%.
FEE_TIERS = {"maker 0.02%": 0.0002, "taker 0.05%": 0.0005}


def funding_explorer(
    days: int = 30,
    funding_rate_pct: float = 0.03,
    leverage: float = 10.0,
    fee_tier: str = "taker 0.05%",
    *,
    side: Side = "long",
    basis: Basis = "entry",
    entry: float = 60_000.0,
    qty: float = 1.0,
    mmr: float = 0.005,
) -> Explorer:
    """
    Show funding paid out of an isolated margin and the liquidation price creeping to the mark.

    The mark stays at ``entry``, so only funding moves the numbers. `funding_table` gives,
    for every 8-hour funding time, the funding paid, the margin left and the liquidation
    price (`liquidation_price_after_funding`); the readout reads its last row and the chart
    (`course.charts.funding_chart`) draws all of it. The fee tier sets the opening and the
    closing fee (`trading_fee`, `break_even_price`), which do not change with time.

    Parameters
    ----------
    days : int, default 30
        Holding time, days; the slider allows 0 to 90.
    funding_rate_pct : float, default 0.03
        Funding rate per 8 hours, percent, signed; the slider allows -0.1 to 0.1.
    leverage : float, default 10
        Leverage setting; the slider allows 1 to 50.
    fee_tier : {"maker 0.02%", "taker 0.05%"}, default "taker 0.05%"
        The rate of both trades (Binance USD-M's regular tier).
    side : {"long", "short"}, default "long"
    basis : {"entry", "mark"}, default "entry"
    entry : float, default 60,000
        Entry price and flat mark, USDT per coin; fixed.
    qty : float, default 1
        Coins; fixed.
    mmr : float, default 0.005
        Maintenance margin rate; fixed.

    Returns
    -------
    Explorer
        The holding-time (primary), funding-rate, leverage, fee-tier, side and basis
        controls, readout and chart.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the chart prints
    ...     explorer = funding_explorer()
    >>> explorer.topic, "mm-liquidation-now" in explorer.readout.value
    ('funding', True)
    """
    held = slider("Holding time (days)", days, 0, 90, 1, readout_format=".0f")
    rate = slider("Funding per 8 h (%)", funding_rate_pct, -0.1, 0.1, 0.005, readout_format="+.3f")
    lever = slider("Leverage", leverage, 1, 50, 1, readout_format=".0f")
    tier = toggle("Fee tier", list(FEE_TIERS), fee_tier)
    sides = toggle("Side", ["long", "short"], side)
    bases = toggle("MM basis", ["entry", "mark"], basis)

    def compute():
        path = funding_table(
            sides.value,
            entry,
            lever.value,
            mmr,
            rate.value / 100,
            int(held.value),
            qty=qty,
            basis=bases.value,
        )
        first, last = path.iloc[0], path.iloc[-1]
        fee_rate = FEE_TIERS[tier.value]
        fees = 2 * trading_fee(qty * entry, fee_rate)
        rows = [
            ("Funding paid (negative: received)", usdt(last["funding_paid"]), "mm-funding-paid"),
            ("Margin left", usdt(last["margin_left"]), "mm-margin-left"),
            (
                "Liquidation price at opening",
                price(first["liquidation_price"]),
                "mm-liquidation-open",
            ),
            ("Liquidation price now", price(last["liquidation_price"]), "mm-liquidation-now"),
            ("Trading fees, open and close", usdt(fees), "mm-fees"),
            (
                "Break-even exit (fees only)",
                price(break_even_price(sides.value, entry, fee_rate, fee_rate)),
                "mm-break-even",
            ),
        ]
        if bool(last["liquidated"]):
            verdict = f"Liquidated on day {last['day']:.1f} by funding alone, at a flat price."
        elif last["funding_paid"] == 0:
            verdict = "No funding paid or received: the liquidation price has not moved."
        else:
            moved = abs(last["liquidation_price"] - first["liquidation_price"])
            way = "towards" if last["funding_paid"] > 0 else "away from"
            verdict = (
                f"Funding moved the liquidation price {moved:,.2f} USDT {way} the mark; "
                "the trading fees are the same whatever the holding time."
            )
        good = not bool(last["liquidated"]) and last["funding_paid"] <= 0
        return table(rows, verdict=verdict, good=good), funding_chart(path)

    return Explorer(
        "funding",
        [held, rate, lever, tier, sides, bases],
        compute,
        primary=held,
        title="Fees and funding: what holding a position costs",
    )


__all__ = ["FEE_TIERS", "funding_explorer"]
