"""The correlation explorer: two positions, their sigma and VaR, and the cross account's room.

Like the other explorers, a thin view over the engine: its controls feed one compute
function, which reads the readout's sigma and VaR from the chart's own marked row of
`var_table`, and the cross account's figures from `joint_shock_to_liquidation`.
"""

from __future__ import annotations

import math

from course.charts.portfolio import var_chart, var_table
from course.engine.cross import Position
from course.engine.portfolio import joint_shock_to_liquidation
from course.widgets.parts import Explorer, number, slider, table, toggle, usdt

BTC_PRICE, ETH_PRICE = 60_000.0, 2_500.0  # the explorer's entry prices, USDT per coin


def cross_book(
    btc_notional: float, btc_side: str, eth_notional: float, eth_side: str, mmr: float = 0.005
) -> list[Position]:
    """
    Return the explorer's two positions, entered at `BTC_PRICE` and `ETH_PRICE`.

    Parameters
    ----------
    btc_notional : float
        The BTC position's notional at entry, USDT; > 0.
    btc_side : {"long", "short"}
    eth_notional : float
        The ETH position's notional at entry, USDT; > 0.
    eth_side : {"long", "short"}
    mmr : float, default 0.005
        Maintenance margin rate of both, in [0, 1).

    Returns
    -------
    list of Position

    Examples
    --------
    >>> [p.qty for p in cross_book(6_000, "long", 5_000, "short")]
    [0.1, 2.0]
    """
    return [
        Position("BTCUSDT", btc_side, btc_notional / BTC_PRICE, BTC_PRICE, mmr=mmr),  # type: ignore[arg-type]
        Position("ETHUSDT", eth_side, eth_notional / ETH_PRICE, ETH_PRICE, mmr=mmr),  # type: ignore[arg-type]
    ]


def _move(shock_pct: float) -> str:
    if math.isinf(shock_pct):
        return "none (no joint move reaches MM)"
    return f"{shock_pct:+,.2f}% on both marks"


def correlation_explorer(
    correlation: float = 0.8,
    btc_notional: float = 10_000.0,
    eth_notional: float = 10_000.0,
    *,
    btc_side: str = "long",
    eth_side: str = "long",
    btc_sigma_pct: float = 3.0,
    eth_sigma_pct: float = 4.0,
    wallet_balance: float = 4_000.0,
    confidence: float = 0.99,
) -> Explorer:
    """
    Show two positions' daily sigma and VaR as rho moves, beside their cross account's room.

    Sigma and VaR come from the marked row of `var_table` (`portfolio_sigma` and
    `parametric_var`, one-sided normal). The positions share a cross wallet, MM 0.5% at the
    mark: the room is equity minus MM at entry, and the joint move is
    `joint_shock_to_liquidation` (every mark moving together, as at rho = 1). The chart is
    `var_chart` with the room as a rule.

    Parameters
    ----------
    correlation : float, default 0.8
        rho; the slider allows -1 to 1.
    btc_notional, eth_notional : float, default 10,000
        Notionals at entry, USDT; the sliders allow 1,000 to 50,000.
    btc_side, eth_side : {"long", "short"}, default "long"
        Toggles.
    btc_sigma_pct, eth_sigma_pct : float, default 3.0 and 4.0
        Daily sigmas, percent; fixed.
    wallet_balance : float, default 4,000
        Cross wallet, USDT; the box allows 100 to 1,000,000.
    confidence : float, default 0.99
        VaR confidence; fixed.

    Returns
    -------
    Explorer
        The rho slider (primary), the size sliders, the side toggles and the wallet box,
        readout and chart.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the chart prints
    ...     explorer = correlation_explorer()
    >>> explorer.topic, "664.83 USDT" in explorer.readout.value
    ('correlation', True)
    """
    rho = slider("Correlation (rho)", correlation, -1, 1, 0.05, css="mm-rho")
    btc_size = slider(
        "BTC notional (USDT)", btc_notional, 1_000, 50_000, 500, readout_format=",.0f"
    )
    btc_way = toggle("BTC side", ["long", "short"], btc_side)
    eth_size = slider(
        "ETH notional (USDT)", eth_notional, 1_000, 50_000, 500, readout_format=",.0f"
    )
    eth_way = toggle("ETH side", ["long", "short"], eth_side)
    wallet = number("Wallet (USDT)", wallet_balance, 100, 1_000_000, 100)

    def compute():
        sign_btc = 1.0 if btc_way.value == "long" else -1.0
        sign_eth = 1.0 if eth_way.value == "long" else -1.0
        rows_table = var_table(
            sign_btc * btc_size.value,
            btc_sigma_pct / 100,
            sign_eth * eth_size.value,
            eth_sigma_pct / 100,
            confidence=confidence,
            marked=rho.value,
        )
        row = rows_table[rows_table["marked"]].iloc[0]  # the chart's own point
        book = cross_book(btc_size.value, btc_way.value, eth_size.value, eth_way.value)
        room = wallet.value - math.fsum(p.maintenance_margin() for p in book)
        shock = joint_shock_to_liquidation(wallet.value, book)
        share = row["var"] / room if room > 0 else math.inf
        rows = [
            ("Daily sigma of the pair", usdt(row["sigma"]), "mm-sigma"),
            (f"One-day VaR ({confidence:.0%})", usdt(row["var"]), "mm-var"),
            ("Cross room: equity - MM", usdt(room), "mm-room"),
            ("VaR / room", f"{share:.1%}", "mm-var-share"),
            ("Joint move to liquidation", _move(shock), "mm-joint-shock"),
        ]
        if share >= 1:
            verdict = "A one-day loss at the VaR would liquidate the cross account."
        elif sign_btc == sign_eth:
            verdict = "The VaR fits in the room, if rho holds; in a crash rho goes to about one."
        else:
            verdict = "The VaR fits in the room, if rho holds; a hedge leaks as rho falls."
        return (
            table(rows, verdict=verdict, good=share < 0.5),
            var_chart(rows_table, room=room),
        )

    return Explorer(
        "correlation",
        [rho, btc_size, btc_way, eth_size, eth_way, wallet],
        compute,
        primary=rho,
        title="Correlation: two positions, one account",
    )


__all__ = ["BTC_PRICE", "ETH_PRICE", "correlation_explorer", "cross_book"]
