"""The insurance-fund explorer: a liquidation's fill against the fund, then the ADL queue.

One engine call per redraw (`course.engine.clearing.liquidate`), with the charts of
`course.charts.clearing`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from course.charts.clearing import fund_chart, fund_table, haircut_chart, haircut_table
from course.engine.adl import METHODS, Method
from course.engine.clearing import EXAMPLE_BOOK, Account
from course.widgets.parts import Explorer, price, slider, table, toggle, usdt


def insurance_explorer(
    fill: float = 44_000.0,
    fund: float = 40_000.0,
    *,
    fee_rate_pct: float = 0.0,
    method: Method = "queue",
    book: Sequence[Account] = EXAMPLE_BOOK,
    name: str = "whale",
) -> Explorer:
    """
    Show one liquidation from fill to fund to ADL: the fund's result and each winner's haircut.

    The book is `EXAMPLE_BOOK` by default: a 10x long of 100 BTC at 50,000 USDT (bankrupt
    at 45,000) and three shorts. The fill is also the mark the winners are valued at.

    Parameters
    ----------
    fill : float, default 44,000
        The liquidation order's fill price, USDT per coin; the slider allows the bankruptcy
        price -8% to +4%.
    fund : float, default 40,000
        The insurance fund's balance, USDT; the slider allows 0 to 200,000.
    fee_rate_pct : float, default 0
        The liquidation fee rate, percent of the notional at the fill; 0 to 1.
    method : {"queue", "pro_rata"}, default "queue"
    book : sequence of Account, default EXAMPLE_BOOK
    name : str, default "whale"
        The account liquidated.

    Returns
    -------
    Explorer
        The fill (primary), fund and fee sliders, the method toggle, readout and charts.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the chart prints
    ...     explorer = insurance_explorer()
    >>> explorer.topic, "mm-shortfall" in explorer.readout.value
    ('insurance', True)
    """
    bankrupt = next(a for a in book if a.name == name)
    bankruptcy = bankrupt.bankruptcy
    low, high = round(bankruptcy * 0.92, -1), round(bankruptcy * 1.04, -1)
    fill_slider = slider("Fill price (USDT)", fill, low, high, 50, readout_format=",.0f")
    fund_slider = slider("Fund (USDT)", fund, 0, 200_000, 5_000, readout_format=",.0f")
    fee_slider = slider("Liquidation fee (%)", fee_rate_pct, 0, 1, 0.05, readout_format=".2f")
    method_toggle = toggle("ADL method", list(METHODS), method)
    fills = np.linspace(low, high, 121)

    def compute():
        fee_rate = fee_slider.value / 100
        haircuts = haircut_table(
            book, name, fill_slider.value, fund_slider.value, fee_rate=fee_rate
        )
        chosen = haircuts[haircuts.method.eq(method_toggle.value)]
        curve = fund_table(bankrupt, fills, fund=fund_slider.value, fee_rate=fee_rate)
        point = fund_table(bankrupt, [fill_slider.value], fund=fund_slider.value, fee_rate=fee_rate)
        result = {str(k): float(v) for k, v in zip(point["part"], point["usdt"], strict=True)}
        surplus = (
            (1 if bankrupt.side == "long" else -1) * bankrupt.qty * (fill_slider.value - bankruptcy)
        )
        socialised = float(chosen["haircut"].sum())
        rows = [
            ("Bankruptcy price", price(bankruptcy), "mm-bankruptcy-price"),
            ("Fill", price(fill_slider.value), "mm-fill"),
            ("Liquidation fee", usdt(result["fee"]), "mm-fee"),
            ("Fund's gain or loss", usdt(result["fund"]), "mm-fund-change"),
            ("Fund after", usdt(fund_slider.value + result["fund"]), "mm-fund-after"),
            ("Shortfall to ADL", usdt(max(-surplus - fund_slider.value, 0.0)), "mm-shortfall"),
        ]
        rows += [
            (
                f"Haircut of {winner} (rank {rank})",
                f"{usdt(cut)} ({share:.2f}% of profit)",
                f"mm-haircut-{winner}",
            )
            for winner, rank, cut, share in zip(
                chosen["name"],
                chosen["rank"],
                chosen["haircut"].astype(float),
                chosen["haircut_pct"].astype(float),
                strict=True,
            )
        ]
        if surplus >= 0:
            verdict = "The fill beats the bankruptcy price: the fee and the fund share the surplus."
        elif socialised == 0:
            verdict = "The fill is worse than bankruptcy, and the fund pays the whole deficit."
        else:
            verdict = "The fund runs out: the winners on the other side pay the rest (ADL)."
        charts = fund_chart(curve, bankruptcy, fill_slider.value) & haircut_chart(haircuts)
        return table(rows, verdict=verdict, good=socialised == 0), charts

    return Explorer(
        "insurance",
        [fill_slider, fund_slider, fee_slider, method_toggle],
        compute,
        primary=fill_slider,
        title="Insurance fund and auto-deleveraging: one liquidation, fill to ADL",
    )


__all__ = ["insurance_explorer"]
