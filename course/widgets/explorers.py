"""Explorers: one call in a notebook puts sliders, a live readout and a chart on screen.

Each ``<topic>_explorer()`` is a thin view over the engine: its controls feed one compute
function that calls `course.margin` (and friends) and returns the readout and the chart.
The explorers of one trade (`position_sizing_explorer`, `slippage_explorer`) live in
`course.widgets.trading` and are importable from here too.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from course.charts.leverage import distance_chart
from course.charts.position import shock_chart
from course.charts.position_tables import shock_table
from course.charts.tables import liquidation_table
from course.charts.trade import (
    marked_shock_chart,
    returns_chart,
    returns_table,
)
from course.engine.balance import effective_leverage, initial_margin
from course.engine.cross import Position, shock_marks
from course.engine.liquidation import bankruptcy_price, isolated_liquidation_price
from course.engine.validation import BASES, Basis, Side, as_choice
from course.widgets.parts import Explorer, number, percent, price, slider, table, toggle, usdt
from course.widgets.trading import position_sizing_explorer, slippage_explorer

MMR = 0.005  # the leverage explorer's isolated long, MM on entry value as in lesson 01


def leverage_explorer(
    equity: float = 10_000.0,
    position_notional: float = 20_000.0,
    leverage: float = 10.0,
    move_pct: float = -5.0,
) -> Explorer:
    """
    Show one long's balance sheet: how the leverage setting and the size change a move's effect.

    Margin, PnL, effective leverage, ROE and the return on the account come from the engine
    (at a unit price of 100, as only ratios matter) through `returns_table`, whose row at the
    chosen move the readout shows; the chart is `returns_chart` of the same table. The long
    is isolated with MM 0.5% of entry value: past its liquidation price the loss stops at
    the margin posted, in the readout and on the chart.

    Parameters
    ----------
    equity : float, default 10,000
        Account equity, USDT; the box allows 100 to 1,000,000.
    position_notional : float, default 20,000
        Size of the long, USDT; the slider allows 1,000 to 200,000.
    leverage : float, default 10
        Leverage setting; the slider allows 1 to 100.
    move_pct : float, default -5.0
        Price move, percent; the slider allows -30 to 30.

    Returns
    -------
    Explorer
        The equity box and the size, leverage and move (primary) sliders, readout and chart.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the chart prints
    ...     explorer = leverage_explorer()
    >>> explorer.topic, type(explorer).__name__
    ('leverage', 'Explorer')
    """
    equity_box = number("Equity (USDT)", equity, 100, 1_000_000, 100)
    size = slider(
        "Position (USDT)", position_notional, 1_000, 200_000, 1_000, readout_format=",.0f"
    )
    setting = slider("Leverage setting", leverage, 1, 100, 1, readout_format=".0f")
    move = slider("Price move (%)", move_pct, -30, 30, 0.5, readout_format="+.1f")

    def compute():
        moves = np.union1d(np.arange(-30, 31), [move.value])
        returns = returns_table(
            equity_box.value, size.value, setting.value, moves, mmr=MMR, basis="entry"
        )
        row = returns[returns.move_pct.eq(move.value) & returns.measure.eq("ROE")].iloc[0]
        pnl, liquidated = float(row.pnl), bool(row.liquidated)  # the chart's own row
        margin = initial_margin(size.value / 100.0, 100.0, setting.value)  # unit price 100
        rows = [
            ("Notional", usdt(size.value), "mm-notional"),
            ("Margin posted", usdt(margin), "mm-margin"),
            ("Free balance", usdt(equity_box.value - margin), "mm-free"),
            ("PnL", usdt(pnl), "mm-pnl"),
            ("Equity after the move", usdt(equity_box.value + pnl), "mm-equity"),
            (
                "Effective leverage",
                f"{effective_leverage(size.value, equity_box.value):.2f}x",
                "mm-effective-leverage",
            ),
            ("ROE (PnL / margin)", percent(pnl / margin, signed=True), "mm-roe"),
            (
                "Return on account",
                percent(pnl / equity_box.value, signed=True),
                "mm-account-return",
            ),
        ]
        enough = margin <= equity_box.value
        if not enough:
            verdict = "Not enough equity to post this margin: raise the setting or shrink the size."
        elif liquidated:
            verdict = (
                f"Past the liquidation price (isolated, MM {MMR:.1%} of entry value): the "
                "position is closed and the loss stops at the margin posted."
            )
        else:
            verdict = "The leverage setting changed the margin, not the PnL."
        chart = returns_chart(returns, move.value)
        return table(rows, verdict=verdict, good=enough and not liquidated), chart

    return Explorer(
        "leverage",
        [equity_box, size, setting, move],
        compute,
        primary=move,
        title="Leverage from the balance sheet",
    )


def liquidation_explorer(
    entry: float = 65_000.0,
    leverage: float = 10.0,
    mmr: float = 0.005,
    side: Side = "long",
    basis: Basis = "mark",
) -> Explorer:
    """
    Show where a 1-coin isolated position is liquidated, and where it goes bankrupt.

    Side, leverage, MMR, MM basis, added margin and close fee feed one
    `isolated_liquidation_price` call; the chart is `distance_chart` against leverage.

    Parameters
    ----------
    entry : float, default 65,000
        Entry price, USDT per coin; the box allows 0.01 to 10,000,000.
    leverage : float, default 10
        Isolated leverage setting; the slider allows 1 to 100.
    mmr : float, default 0.005
        Maintenance margin rate; the slider allows 0.001 to 0.05.
    side : {"long", "short"}, default "long"
    basis : {"mark", "entry"}, default "mark"
        The MM basis the toggle starts on.

    Returns
    -------
    Explorer
        The side, entry, leverage (primary), MMR, basis, added-margin and fee controls,
        readout and chart.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the chart prints
    ...     explorer = liquidation_explorer()
    >>> explorer.topic, type(explorer).__name__
    ('liquidation', 'Explorer')
    """
    as_choice("basis", basis, BASES)  # a ValueError naming it, not a widget's TraitError
    side_toggle = toggle("Side", ["long", "short"], side)
    entry_box = number("Entry (USDT)", entry, 0.01, 10_000_000, 100)
    lever = slider("Leverage", leverage, 1, 100, 0.5, readout_format=".1f")
    rate = slider("MMR (%)", mmr * 100, 0.1, 5, 0.1, readout_format=".1f")
    basis_toggle = toggle("MM valued at", ["mark", "entry"], basis)
    extra = slider("Added margin (USDT)", 0, 0, 20_000, 100, readout_format=",.0f")
    fee = slider("Close fee (%)", 0, 0, 0.1, 0.005, readout_format=".3f")

    def compute():
        mmr_value = rate.value / 100
        liquidation = isolated_liquidation_price(
            side_toggle.value,
            entry_box.value,
            lever.value,
            mmr_value,
            extra_margin=extra.value,
            fee_rate=fee.value / 100,
            basis=basis_toggle.value,
        )
        collateral = entry_box.value / lever.value + extra.value
        bankruptcy = bankruptcy_price(side_toggle.value, entry_box.value, 1.0, collateral)
        rows = [
            ("Liquidation price", price(liquidation), "mm-liquidation-price"),
            ("Distance from entry", _distance(liquidation, entry_box.value), "mm-distance"),
            ("Bankruptcy price", price(bankruptcy), "mm-bankruptcy-price"),
            (
                "Distance from entry",
                _distance(bankruptcy, entry_box.value),
                "mm-bankruptcy-distance",
            ),
        ]
        verdict = (
            f"Liquidated at the {basis_toggle.value}-basis price, before equity reaches zero "
            f"at the bankruptcy price (1 coin, {lever.value:g}x isolated)."
        )
        chart = distance_chart(
            liquidation_table(
                side_toggle.value,
                entry_box.value,
                mmrs=(mmr_value,),
                marked=lever.value,
                extra_margin=extra.value,
                fee_rate=fee.value / 100,
            )
        )
        return table(rows, verdict=verdict), chart

    return Explorer(
        "liquidation",
        [side_toggle, entry_box, lever, rate, basis_toggle, extra, fee],
        compute,
        primary=lever,
        title="Liquidation and bankruptcy prices",
    )


def _distance(level: float, entry: float) -> str:
    if level in (0.0, float("inf")):
        return "-"
    return percent((level - entry) / entry, signed=True)


DEFAULT_POSITIONS = (
    Position("BTCUSDT", "long", 0.2, 65_000, mmr=0.005),
    Position("ETHUSDT", "long", 3.0, 3_500, mmr=0.005),
    Position("SOLUSDT", "short", 40.0, 150, mmr=0.01),
)


def cross_vs_isolated_explorer(
    wallet_balance: float = 10_000.0,
    positions: Sequence[Position] = DEFAULT_POSITIONS,
    leverage: float = 10.0,
    shock_pct: float = -8.0,
) -> Explorer:
    """
    Show one shock to every mark: who survives in isolated and in cross, and what each loses.

    The shock moves every mark from the mark (`shock_marks`, as `shock_table` does), MM at
    the mark. Isolated: each position has its own margin at ``leverage`` and its own
    liquidation price. Cross: the wallet backs them all and the account is liquidated once
    equity reaches the summed maintenance margin; the readout reads the chart's own row of
    `shock_table`. The chart is `shock_chart` with the shock marked.

    Parameters
    ----------
    wallet_balance : float, default 10,000
        The wallet, USDT; the box allows 100 to 10,000,000.
    positions : sequence of Position, default BTC and ETH longs and a SOL short
        The positions (linear, USDT), each at its own mark (by default its entry).
    leverage : float, default 10
        Isolated leverage setting of every position; the slider allows 1 to 50.
    shock_pct : float, default -8.0
        Shock to every mark, percent; the slider allows -50 to 50.

    Returns
    -------
    Explorer
        The wallet box and the leverage and shock (primary) sliders, readout and chart.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the chart prints
    ...     explorer = cross_vs_isolated_explorer()
    >>> explorer.topic, type(explorer).__name__
    ('cross-vs-isolated', 'Explorer')
    """
    wallet = number("Wallet (USDT)", wallet_balance, 100, 10_000_000, 100)
    lever = slider("Isolated leverage", leverage, 1, 50, 1, readout_format=".0f")
    shock = slider("Shock to marks (%)", shock_pct, -50, 50, 0.5, readout_format="+.1f")

    def compute():
        moved = shock_marks(positions, shock.value)  # the shock_table's own definition
        rows, isolated_loss = [], 0.0
        for before, after in zip(positions, moved, strict=True):
            margin = initial_margin(before.qty, before.entry, lever.value)
            level = isolated_liquidation_price(
                before.side, before.entry, lever.value, before.mmr, qty=before.qty
            )
            hit = after.mark <= level if before.side == "long" else after.mark >= level
            loss = margin if hit else -after.unrealized_pnl()  # negative: a gain
            isolated_loss += loss
            fate = "LIQUIDATED" if hit else "open"
            outcome = f"loses {usdt(loss)}" if loss >= 0 else f"gains {usdt(-loss)}"
            rows.append(
                (
                    f"Isolated {before.symbol} {before.side}",
                    f"{fate}, {outcome}",
                    f"mm-isolated-{before.symbol.lower()}",
                )
            )
        shocks = np.union1d(np.arange(-50, 51, 2), [shock.value])
        shocked = shock_table(list(positions), wallet.value, shocks)
        account = shocked[shocked.shock_pct == shock.value].iloc[0]  # the chart's own row
        equity, maintenance = account.account_equity, account.account_maintenance
        cross_hit = bool(account.liquidated)
        cross_loss = wallet.value if cross_hit else wallet.value - equity
        rows += [
            ("Isolated: net loss", usdt(isolated_loss), "mm-isolated-loss"),
            (
                "Cross: equity / maintenance",
                f"{usdt(equity)} / {usdt(maintenance)}",
                "mm-cross-equity",
            ),
            ("Cross: account", "LIQUIDATED" if cross_hit else "survives", "mm-cross-status"),
            ("Cross: net loss", usdt(cross_loss), "mm-cross-loss"),
        ]
        if abs(isolated_loss - cross_loss) < 0.005:
            verdict = "At this shock both modes lose the same."
        else:
            safer = "isolated" if isolated_loss < cross_loss else "cross"
            verdict = f"At this shock {safer} margin loses less."
        chart = marked_shock_chart(shock_chart(shocked), shock.value)
        return table(rows, verdict=verdict), chart

    return Explorer(
        "cross-vs-isolated",
        [wallet, lever, shock],
        compute,
        primary=shock,
        title="Cross or isolated: the same positions, the same shock",
    )


__all__ = [
    "cross_vs_isolated_explorer",
    "leverage_explorer",
    "liquidation_explorer",
    "position_sizing_explorer",
    "slippage_explorer",
]
