"""Every explorer agrees with itself: readout, chart data and a direct engine call, at many settings.

For each explorer of the `course.widgets` facade, a case sets its controls to a grid of
values, then compares three things computed independently: the numbers in the readout,
the rows of the chart it draws (``explorer.chart``, read from ``chart.to_dict()``), and the
engine called directly from the test. A new explorer without a case fails
`test_every_facade_explorer_has_a_consistency_case`.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pytest

import course.widgets
from course.engine.cascade import cascade_final_price, cascade_fired, sorted_clusters
from course.engine.clearing import EXAMPLE_BOOK
from course.margin import (
    Position,
    bankruptcy_price,
    break_even_price,
    example_book,
    fund_change,
    funding_cost,
    initial_margin,
    isolated_liquidation_price,
    joint_shock_to_liquidation,
    liquidate,
    liquidation_distance,
    liquidation_price_after_funding,
    max_leverage_for_stop,
    parametric_var,
    portfolio_sigma,
    position_notional,
    slippage,
    trading_fee,
    unrealized_pnl,
    vwap,
    walk_book,
)
from course.scenarios.cascade import TOY
from course.widgets import Explorer
from course.widgets.explorers import DEFAULT_POSITIONS
from course.widgets.parts import percent, price

CENT = 0.006  # readouts round USDT to cents


# ---------------------------------------------------------------- reading an explorer


def build(factory: Callable[..., Explorer], *args: Any, **kwargs: Any) -> Explorer:
    with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the chart prints
        return factory(*args, **kwargs)


def set_controls(explorer: Explorer, settings: dict[str, Any]) -> None:
    """Set each control, found by its label, and check that the widget kept the value."""
    by_label = {control.description: control for control in explorer.controls}
    with contextlib.redirect_stdout(io.StringIO()):
        for label, value in settings.items():
            by_label[label].value = value
    for label, value in settings.items():
        assert by_label[label].value == value, f"{label} did not take {value!r}"
    assert "must be" not in explorer.readout.value, explorer.readout.value


def text_of(explorer: Explorer, css: str) -> str:
    match = re.search(rf'class="mm-value {css}"[^>]*><b>([^<]*)</b>', explorer.readout.value)
    assert match, f"{css} not in the readout"
    return match.group(1)


def number_of(explorer: Explorer, css: str) -> float:
    """The first number in a readout cell: '1,234.56 USDT' -> 1234.56, '-5.00%' -> -5.0."""
    match = re.search(r"[-+]?[\d,]*\.?\d+", text_of(explorer, css))
    assert match, f"no number in {css}"
    return float(match.group(0).replace(",", ""))


def chart_frame(explorer: Explorer, *columns: str) -> pd.DataFrame:
    """The one dataset of the explorer's chart with exactly ``columns``, else with all of them."""
    spec = explorer.chart.to_dict()
    frames = [pd.DataFrame(rows) for rows in spec["datasets"].values()]
    matching = [frame for frame in frames if set(columns) == set(frame.columns)] or [
        frame for frame in frames if set(columns) <= set(frame.columns)
    ]
    assert len(matching) == 1, f"{len(matching)} datasets have {columns}"
    return matching[0]


def grid(**axes: list[Any]) -> list[dict[str, Any]]:
    """Every combination of the control values, as {label: value} dicts."""
    labels = list(axes)
    return [dict(zip(labels, values, strict=True)) for values in itertools.product(*axes.values())]


@dataclass(frozen=True)
class Case:
    """A grid of settings and the check that compares readout, chart and engine."""

    settings: list[dict[str, Any]]
    check: Callable[[dict[str, Any]], None]


# ---------------------------------------------------------------- leverage


LEVERAGE_LABELS = {
    "equity": "Equity (USDT)",
    "size": "Position (USDT)",
    "setting": "Leverage setting",
    "move": "Price move (%)",
}


def check_leverage(settings: dict[str, Any]) -> None:
    explorer = build(course.widgets.leverage_explorer)
    set_controls(explorer, {LEVERAGE_LABELS[key]: value for key, value in settings.items()})
    equity, size, setting, move = (settings[k] for k in ("equity", "size", "setting", "move"))
    # the engine: an isolated long at a unit price of 100, MM 0.5% of entry value
    qty, moved = size / 100.0, 100.0 * (1 + move / 100)
    margin = initial_margin(qty, 100.0, setting)
    liquidation = isolated_liquidation_price("long", 100.0, setting, 0.005, qty=qty, basis="entry")
    liquidated = moved <= liquidation
    pnl = -margin if liquidated else unrealized_pnl("long", 100.0, qty, moved)
    # the readout
    assert number_of(explorer, "mm-margin") == pytest.approx(margin, abs=CENT)
    assert number_of(explorer, "mm-pnl") == pytest.approx(pnl, abs=CENT)
    assert number_of(explorer, "mm-equity") == pytest.approx(equity + pnl, abs=CENT)
    assert text_of(explorer, "mm-roe") == percent(pnl / margin, signed=True)
    assert text_of(explorer, "mm-account-return") == percent(pnl / equity, signed=True)
    if margin <= equity:
        assert ("loss stops at the margin" in explorer.readout.value) == liquidated
    # the chart
    returns = chart_frame(explorer, "move_pct", "measure", "return_pct", "pnl")
    at_move = returns[returns.move_pct == move].set_index("measure")
    assert at_move.loc["ROE", "pnl"] == pytest.approx(pnl)
    assert at_move.loc["ROE", "return_pct"] == pytest.approx(100 * pnl / margin)
    assert at_move.loc["Return on account", "return_pct"] == pytest.approx(100 * pnl / equity)
    assert bool(at_move.loc["ROE", "liquidated"]) == liquidated
    assert chart_frame(explorer, "move_pct").equals(pd.DataFrame({"move_pct": [move]}))


# ---------------------------------------------------------------- liquidation


def liquidation_settings() -> list[dict[str, Any]]:
    every = grid(
        side=["long", "short"],
        leverage=[2.0, 10.0, 50.0],
        mmr_pct=[0.5, 2.0],
        basis=["mark", "entry"],
        extra=[0.0, 2_000.0],
        fee_pct=[0.0, 0.05],
    )
    # the engine refuses a position that opens already liquidated (readout shows the error)
    return [s for s in every if 1 / s["leverage"] > (s["mmr_pct"] + s["fee_pct"]) / 100]


def check_liquidation(settings: dict[str, Any]) -> None:
    explorer = build(course.widgets.liquidation_explorer, entry=65_000.0)
    labels = {
        "side": "Side",
        "leverage": "Leverage",
        "mmr_pct": "MMR (%)",
        "basis": "MM valued at",
        "extra": "Added margin (USDT)",
        "fee_pct": "Close fee (%)",
    }
    set_controls(explorer, {labels[key]: value for key, value in settings.items()})
    side, leverage, basis = settings["side"], settings["leverage"], settings["basis"]
    mmr, fee = settings["mmr_pct"] / 100, settings["fee_pct"] / 100
    # the engine
    liquidation = isolated_liquidation_price(
        side, 65_000.0, leverage, mmr, extra_margin=settings["extra"], fee_rate=fee, basis=basis
    )
    bankruptcy = bankruptcy_price(side, 65_000.0, 1.0, 65_000.0 / leverage + settings["extra"])
    # the readout
    assert text_of(explorer, "mm-liquidation-price") == price(liquidation)
    assert text_of(explorer, "mm-bankruptcy-price") == price(bankruptcy)
    assert f"at the {basis}-basis price" in explorer.readout.value
    # the chart: the marked leverage, on the chosen basis
    table = chart_frame(explorer, "basis", "leverage", "liquidation_price", "marked")
    marked = table[table.marked & table.basis.eq(basis)]
    assert marked.leverage.tolist() == [leverage]
    assert marked.liquidation_price.item() == pytest.approx(liquidation)
    assert marked.mmr_pct.item() == pytest.approx(settings["mmr_pct"])
    assert set(table.side) == {side}


# ---------------------------------------------------------------- cross vs isolated


OFF_ENTRY_POSITIONS = (  # marks away from entry: the case where two shock definitions differ
    Position("BTCUSDT", "long", 0.25, 64_000, mark=60_000),
    Position("ETHUSDT", "short", 1.0, 3_200, mark=3_350),
)
PORTFOLIOS = {"at-entry": DEFAULT_POSITIONS, "off-entry": OFF_ENTRY_POSITIONS}


def check_cross_vs_isolated(settings: dict[str, Any]) -> None:
    positions = PORTFOLIOS[settings["portfolio"]]
    explorer = build(course.widgets.cross_vs_isolated_explorer, positions=positions)
    set_controls(
        explorer,
        {
            "Wallet (USDT)": settings["wallet"],
            "Isolated leverage": settings["leverage"],
            "Shock to marks (%)": settings["shock"],
        },
    )
    wallet, leverage, shock = settings["wallet"], settings["leverage"], settings["shock"]
    # the engine, position by position: every mark moves by the shock, from the mark
    marks = [p.mark * (1 + shock / 100) for p in positions]
    pnls = [
        unrealized_pnl(p.side, p.entry, p.qty, m) for p, m in zip(positions, marks, strict=True)
    ]
    isolated_loss = 0.0
    for position, mark, pnl in zip(positions, marks, pnls, strict=True):
        margin = initial_margin(position.qty, position.entry, leverage)
        level = isolated_liquidation_price(
            position.side, position.entry, leverage, position.mmr, qty=position.qty
        )
        hit = mark <= level if position.side == "long" else mark >= level
        loss = margin if hit else -pnl
        isolated_loss += loss
        cell = text_of(explorer, f"mm-isolated-{position.symbol.lower()}")
        assert cell.startswith("LIQUIDATED" if hit else "open"), cell
        assert number_of(explorer, f"mm-isolated-{position.symbol.lower()}") == pytest.approx(
            abs(loss), abs=CENT
        )
    equity = wallet + sum(pnls)
    maintenance = sum(
        p.qty * m * p.mmr - p.maint_amount for p, m in zip(positions, marks, strict=True)
    )
    cross_hit = equity <= maintenance
    # the readout
    assert number_of(explorer, "mm-isolated-loss") == pytest.approx(isolated_loss, abs=CENT)
    assert text_of(explorer, "mm-cross-status") == ("LIQUIDATED" if cross_hit else "survives")
    assert number_of(explorer, "mm-cross-equity") == pytest.approx(equity, abs=CENT)
    cross_loss = wallet if cross_hit else wallet - equity
    assert number_of(explorer, "mm-cross-loss") == pytest.approx(cross_loss, abs=CENT)
    # the chart, at the slider's shock
    table = chart_frame(explorer, "shock_pct", "symbol", "mark", "status")
    at_shock = table[table.shock_pct == shock].set_index("symbol")
    assert set(at_shock.status) == {"liquidated" if cross_hit else "open"}
    for position, mark, pnl in zip(positions, marks, pnls, strict=True):
        assert at_shock.loc[position.symbol, "mark"] == pytest.approx(mark)
        assert at_shock.loc[position.symbol, "pnl"] == pytest.approx(pnl)
    assert at_shock.account_equity.iloc[0] == pytest.approx(equity)
    assert chart_frame(explorer, "shock_pct").equals(pd.DataFrame({"shock_pct": [shock]}))


# ---------------------------------------------------------------- position sizing


def check_position_sizing(settings: dict[str, Any]) -> None:
    explorer = build(course.widgets.position_sizing_explorer, equity=10_000.0, entry=65_000.0)
    labels = {
        "risk": "Risk per trade (%)",
        "stop": "Stop distance (%)",
        "leverage": "Leverage",
        "basis": "MM valued at",
        "mmr_pct": "MMR (%)",
        "buffer": "Buffer (%)",
    }
    set_controls(explorer, {labels[key]: value for key, value in settings.items()})
    stop, leverage, basis = settings["stop"] / 100, settings["leverage"], settings["basis"]
    mmr, buffer = settings["mmr_pct"] / 100, settings["buffer"] / 100
    # the engine
    size = position_notional(10_000.0, settings["risk"] / 100, stop)
    distance = liquidation_distance("long", leverage, mmr, basis=basis)
    ceiling = max_leverage_for_stop(stop, mmr, buffer=buffer, basis=basis)
    liquidation = isolated_liquidation_price("long", 65_000.0, leverage, mmr, basis=basis)
    # the readout
    assert number_of(explorer, "mm-size") == pytest.approx(size, abs=CENT)
    assert text_of(explorer, "mm-liquidation-distance") == percent(distance)
    assert text_of(explorer, "mm-max-leverage") == f"{ceiling:.1f}x"
    stop_price = 65_000.0 * (1 - stop)
    tie = math.isclose(stop_price, liquidation, rel_tol=1e-12)
    before = "Liquidation comes before the stop" in explorer.readout.value
    assert before == (stop_price < liquidation and not tie)
    assert ("at the same price" in explorer.readout.value) == tie
    stop_first = stop_price > liquidation and not tie
    short_of_buffer = stop_first and distance < stop + buffer
    assert ("less than the buffer" in explorer.readout.value) == short_of_buffer
    # the chart: the ladder's prices, on the same basis and MMR
    ladder = chart_frame(explorer, "level", "price", "distance_pct").set_index("level")
    assert ladder.loc["liquidation", "price"] == pytest.approx(liquidation)
    assert ladder.loc["liquidation", "distance_pct"] == pytest.approx(-100 * distance)
    assert ladder.loc["stop", "price"] == pytest.approx(stop_price)
    stop_first_on_chart = ladder.loc["stop", "price"] > ladder.loc["liquidation", "price"]
    assert stop_first_on_chart == (not before and not tie)


def position_sizing_settings() -> list[dict[str, Any]]:
    return grid(
        risk=[2.0],
        stop=[2.0, 5.0, 12.0],
        leverage=[5.0, 16.0, 19.0, 40.0],
        basis=["mark", "entry"],
        mmr_pct=[0.5, 1.5],
        buffer=[0.0, 1.0],
    )


# ---------------------------------------------------------------- slippage


def check_slippage(settings: dict[str, Any]) -> None:
    explorer = build(course.widgets.slippage_explorer, entry=65_000.0)
    labels = {
        "qty": "Order size (coins)",
        "depth": "Depth (coins/level)",
        "gap": "Best bid below stop (ticks)",
        "stop": "Stop distance (%)",
    }
    set_controls(explorer, {labels[key]: value for key, value in settings.items()})
    qty = settings["qty"]
    # the engine
    stop_price = 65_000.0 * (1 - settings["stop"] / 100)
    book = example_book(
        stop_price,
        depth_coin=settings["depth"],
        levels=30,
        tick_fraction=0.001,
        gap_ticks=settings["gap"],
    )
    fills = walk_book(book, qty, "sell")
    average, slipped = vwap(fills), slippage(fills, stop_price)
    # the readout
    assert number_of(explorer, "mm-levels") == len(fills)
    assert text_of(explorer, "mm-vwap") == price(average)
    assert text_of(explorer, "mm-slippage") == percent(slipped)
    planned, realised = qty * (65_000.0 - stop_price), qty * (65_000.0 - average)
    assert number_of(explorer, "mm-planned-loss") == pytest.approx(planned, abs=CENT)
    assert number_of(explorer, "mm-realised-loss") == pytest.approx(realised, abs=CENT)
    assert ("No slippage" in explorer.readout.value) == (slipped == 0.0)
    # the chart: what the order took from each level
    depth = chart_frame(explorer, "price", "part", "coins")
    taken = depth[depth.part.eq("filled") & depth.coins.gt(0)]
    assert len(taken) == len(fills)
    assert taken.coins.sum() == pytest.approx(qty)
    assert (taken.price * taken.coins).sum() / taken.coins.sum() == pytest.approx(average)
    assert f"{stop_price:,.0f}" in str(explorer.chart.to_dict()["title"])


# ---------------------------------------------------------------- crash windows


def check_crash(settings: dict[str, Any]) -> None:
    from course.scenarios.crashes import outcome_grid

    explorer = build(course.widgets.crash_explorer)
    set_controls(
        explorer,
        {"Window": settings["window"], "Cross wallet (x margin)": settings["wallet"]},
    )
    episode, asset = settings["window"].split(" ")
    # the engine
    table = outcome_grid(episode, asset, wallet_multiple=settings["wallet"])
    cells = len(table) // 4
    # the chart: one cell per entry date, leverage, mode and basis
    chart = chart_frame(explorer, "entry_day", "leverage", "mode", "basis", "outcome")
    assert len(chart) == len(table)
    for mode in ("isolated", "cross"):
        for basis, css in (("close", "close"), ("reported low", "low")):
            keep = table["mode"].eq(mode) & table["basis"].eq(basis)
            count = int(table[keep]["liquidated"].sum())
            # the readout
            assert text_of(explorer, f"mm-{mode}-{css}") == f"{count} of {cells}"
            shown = chart[chart["mode"].eq(mode) & chart["basis"].eq(basis)]
            assert int(shown["outcome"].eq("liquidated").sum()) == count


# ---------------------------------------------------------------- funding

FUNDING_LABELS = {
    "days": "Holding time (days)",
    "rate": "Funding per 8 h (%)",
    "leverage": "Leverage",
    "tier": "Fee tier",
    "side": "Side",
    "basis": "MM basis",
}


def check_funding(settings: dict[str, Any]) -> None:
    explorer = build(course.widgets.funding_explorer)
    set_controls(explorer, {FUNDING_LABELS[key]: value for key, value in settings.items()})
    side, basis, leverage = settings["side"], settings["basis"], settings["leverage"]
    rate, fee_rate = settings["rate"] / 100, {"maker 0.02%": 0.0002, "taker 0.05%": 0.0005}
    # the engine, called directly: 1 coin at a flat 60,000, MMR 0.5%, three payments a day
    intervals = 3 * int(settings["days"])
    paid = funding_cost(side, 1.0, 60_000.0, rate, intervals)
    margin = 60_000.0 / leverage
    liquidated = margin - paid <= 300.0
    # the readout
    if liquidated:
        assert "Liquidated on day" in explorer.readout.value
    else:
        assert number_of(explorer, "mm-funding-paid") == pytest.approx(paid, abs=CENT)
        assert number_of(explorer, "mm-margin-left") == pytest.approx(margin - paid, abs=CENT)
        now = liquidation_price_after_funding(side, 60_000.0, leverage, 0.005, paid, basis=basis)
        assert text_of(explorer, "mm-liquidation-now") == price(now)
    opening = liquidation_price_after_funding(side, 60_000.0, leverage, 0.005, 0.0, basis=basis)
    assert text_of(explorer, "mm-liquidation-open") == price(opening)
    tier = fee_rate[settings["tier"]]
    fees = 2 * trading_fee(60_000.0, tier)
    assert number_of(explorer, "mm-fees") == pytest.approx(fees, abs=CENT)
    assert text_of(explorer, "mm-break-even") == price(break_even_price(side, 60_000.0, tier, tier))
    # the chart: the same path, interval by interval
    path = chart_frame(explorer, "day", "margin_left", "liquidation_price")
    assert path.liquidation_price.iloc[0] == pytest.approx(opening)
    if not liquidated:
        assert len(path) == intervals + 1
        assert path.margin_left.iloc[-1] == pytest.approx(margin - paid)
        assert path.liquidation_price.iloc[-1] == pytest.approx(now)
    else:
        assert path.liquidated.iloc[-1]


# ---------------------------------------------------------------- correlation


def check_correlation(settings: dict[str, Any]) -> None:
    explorer = build(course.widgets.correlation_explorer)
    labels = {
        "rho": "Correlation (rho)",
        "btc": "BTC notional (USDT)",
        "btc_side": "BTC side",
        "eth": "ETH notional (USDT)",
        "eth_side": "ETH side",
        "wallet": "Wallet (USDT)",
    }
    set_controls(explorer, {labels[key]: value for key, value in settings.items()})
    # the engine: BTC at 60,000 and ETH at 2,500, sigmas 3% and 4%, MM 0.5% at the mark
    sign = {"long": 1.0, "short": -1.0}
    btc, eth = (
        sign[settings["btc_side"]] * settings["btc"],
        sign[settings["eth_side"]] * settings["eth"],
    )
    sigma = portfolio_sigma(btc, 0.03, eth, 0.04, settings["rho"])
    var = parametric_var(sigma, 0.99)
    book = [
        Position("BTCUSDT", settings["btc_side"], settings["btc"] / 60_000, 60_000),
        Position("ETHUSDT", settings["eth_side"], settings["eth"] / 2_500, 2_500),
    ]
    room = settings["wallet"] - 0.005 * (settings["btc"] + settings["eth"])
    shock = joint_shock_to_liquidation(settings["wallet"], book)
    assert number_of(explorer, "mm-sigma") == pytest.approx(sigma, abs=CENT)
    assert number_of(explorer, "mm-var") == pytest.approx(var, abs=CENT)
    assert number_of(explorer, "mm-room") == pytest.approx(room, abs=CENT)
    if math.isinf(shock):
        assert "none" in text_of(explorer, "mm-joint-shock")
        assert number_of(explorer, "mm-joint-shock") == pytest.approx(shock, abs=0.006)
    # the chart: its marked point is the readout's row, its rule the room
    frames = [pd.DataFrame(rows) for rows in explorer.chart.to_dict()["datasets"].values()]
    curve = max((f for f in frames if "var" in f.columns), key=len)  # the line; the point's own
    point = min((f for f in frames if "var" in f.columns), key=len)  # dataset is its row
    assert curve.marked.sum() == 1 and point.marked.all()
    assert curve[curve.marked].to_dict("records") == point.to_dict("records")
    assert point.correlation.tolist() == pytest.approx([settings["rho"]])
    assert point["var"].item() == pytest.approx(var, rel=1e-12)
    assert point["sigma"].item() == pytest.approx(sigma, rel=1e-12)
    assert chart_frame(explorer, "room")["room"].item() == pytest.approx(room, rel=1e-12)


# ---------------------------------------------------------------- insurance fund and ADL

INSURANCE_LABELS = {
    "fill": "Fill price (USDT)",
    "fund": "Fund (USDT)",
    "fee": "Liquidation fee (%)",
    "method": "ADL method",
}


def check_insurance(settings: dict[str, Any]) -> None:
    explorer = build(course.widgets.insurance_explorer)
    set_controls(explorer, {INSURANCE_LABELS[key]: value for key, value in settings.items()})
    fill, fund, fee_rate = settings["fill"], settings["fund"], settings["fee"] / 100
    # the engine
    ledger = liquidate(
        EXAMPLE_BOOK, "whale", fill, fund, fee_rate=fee_rate, method=settings["method"]
    ).set_index("party")
    assert ledger["change"].sum() == pytest.approx(0.0, abs=1e-6)
    whale = EXAMPLE_BOOK[0]
    # the readout
    assert text_of(explorer, "mm-bankruptcy-price") == price(whale.bankruptcy)
    assert number_of(explorer, "mm-fee") == pytest.approx(ledger.loc["fees", "change"], abs=CENT)
    fund_delta = ledger.loc["insurance fund", "change"]
    assert number_of(explorer, "mm-fund-change") == pytest.approx(fund_delta, abs=CENT)
    assert number_of(explorer, "mm-fund-after") == pytest.approx(fund + fund_delta, abs=CENT)
    winners = ledger[ledger.role.eq("winner")]
    assert number_of(explorer, "mm-shortfall") == pytest.approx(-winners.change.sum(), abs=CENT)
    for name, change in winners["change"].items():
        assert number_of(explorer, f"mm-haircut-{name}") == pytest.approx(-change, abs=CENT)
    # the charts: the fund's line at the chosen fill, and the haircut bars
    curve = chart_frame(explorer, "fill", "part", "usdt")
    at_fill = curve[curve.part.eq("fund")].set_index("fill")["usdt"]
    nearest = at_fill.index[abs(at_fill.index - fill).argmin()]
    assert at_fill[nearest] == pytest.approx(
        fund_change(
            whale.side,
            whale.entry,
            whale.qty,
            whale.collateral,
            nearest,
            fee_rate=fee_rate,
            fund=fund,
        )
    )
    bars = chart_frame(explorer, "name", "rank", "method", "profit", "haircut", "haircut_pct")
    chosen = bars[bars.method.eq(settings["method"])].set_index("name")["haircut"]
    for name, change in winners["change"].items():
        assert chosen[name] == pytest.approx(-change)


# ---------------------------------------------------------------- the cases


# ---------------------------------------------------------------- cascade


CASCADE_LABELS = {
    "impact": "Impact (per 1,000 units)",
    "density": "Cluster sizes (x)",
    "shock": "Shock to (price)",
}


def check_cascade(settings: dict[str, Any]) -> None:
    explorer = build(course.widgets.cascade_explorer)
    set_controls(explorer, {CASCADE_LABELS[key]: value for key, value in settings.items()})
    sizes = [settings["density"] * size for size in TOY["sizes"]]
    per_unit = settings["impact"] / 1_000
    # the engine
    final = cascade_final_price(settings["shock"], TOY["levels"], sizes, per_unit)
    fired = cascade_fired(settings["shock"], TOY["levels"], sizes, per_unit)
    # the readout
    assert text_of(explorer, "mm-final-price") == f"{final:,.2f}"
    assert text_of(explorer, "mm-clusters-sold") == f"{int(fired.sum())} of {len(fired)}"
    assert number_of(explorer, "mm-units-sold") == pytest.approx(
        float(np.dot(fired, sorted_clusters(TOY["levels"], sizes)[1])), abs=0.5
    )
    assert text_of(explorer, "mm-fall") == percent(final / TOY["start"] - 1, signed=True)
    # the chart
    path = chart_frame(explorer, "step", "price_after")
    assert path.price_after.iloc[-1] == pytest.approx(final)
    assert len(path) == int(fired.sum()) + 1
    flags = chart_frame(explorer, "level", "size", "fired")
    assert flags.fired.astype(float).tolist() == fired.tolist()


CASES: dict[str, Case] = {
    "funding_explorer": Case(
        grid(
            days=[0.0, 30.0, 90.0],
            rate=[-0.05, 0.0, 0.03, 0.1],
            leverage=[2.0, 10.0, 50.0],
            tier=["maker 0.02%", "taker 0.05%"],
            side=["long", "short"],
            basis=["entry", "mark"],
        )[::3],
        check_funding,
    ),
    "leverage_explorer": Case(
        grid(
            equity=[5_000.0, 10_000.0],
            size=[6_000.0, 150_000.0],
            setting=[1.0, 10.0, 100.0],
            move=[-30.0, -9.5, -3.5, 0.0, 7.0],
        ),
        check_leverage,
    ),
    "liquidation_explorer": Case(liquidation_settings(), check_liquidation),
    "crash_explorer": Case(
        grid(
            window=[
                "2020-03-12_black_thursday BTC",
                "2021-04-18_flash_crash BTC",
                "2025-10-10_tariff_liquidation_cascade ETH",
            ],
            wallet=[1.0, 3.0, 8.0],
        ),
        check_crash,
    ),
    "cross_vs_isolated_explorer": Case(
        grid(
            portfolio=list(PORTFOLIOS),
            wallet=[4_000.0, 10_000.0],
            leverage=[5.0, 20.0],
            shock=[-40.0, -9.5, -3.0, 0.0, 6.5, 30.0],
        ),
        check_cross_vs_isolated,
    ),
    "position_sizing_explorer": Case(position_sizing_settings(), check_position_sizing),
    "slippage_explorer": Case(
        grid(qty=[0.1, 0.5, 2.0, 12.0], depth=[0.5, 2.0], gap=[0.0, 2.0], stop=[2.0, 6.5]),
        check_slippage,
    ),
    "correlation_explorer": Case(
        grid(
            rho=[-1.0, 0.0, 0.35, 0.8, 1.0],
            btc=[1_000.0, 10_000.0, 50_000.0],
            btc_side=["long"],
            eth=[10_000.0, 25_000.0],
            eth_side=["long", "short"],
            wallet=[4_000.0],
        ),
        check_correlation,
    ),
    "insurance_explorer": Case(
        grid(
            fill=[41_400.0, 44_000.0, 44_950.0, 45_000.0, 46_000.0],
            fund=[0.0, 40_000.0, 200_000.0],
            fee=[0.0, 0.5],
            method=["queue", "pro_rata"],
        ),
        check_insurance,
    ),
    "cascade_explorer": Case(
        grid(
            impact=[0.0, 0.25, 0.5, 1.5], density=[0.25, 1.0, 3.0], shock=[85.0, 94.0, 97.0, 100.0]
        ),
        check_cascade,
    ),
}

PARAMS = [
    pytest.param(name, settings, id=f"{name}-{index}")
    for name, case in CASES.items()
    for index, settings in enumerate(case.settings)
]


def facade_explorers() -> set[str]:
    """Every explorer the facade exports: each name in course.widgets.__all__ but Explorer."""
    return {name for name in course.widgets.__all__ if name != "Explorer"}


def test_every_facade_explorer_has_a_consistency_case():
    assert facade_explorers() == set(CASES)


@pytest.mark.parametrize(("name", "settings"), PARAMS)
def test_readout_chart_and_engine_agree(name, settings):
    CASES[name].check(settings)
