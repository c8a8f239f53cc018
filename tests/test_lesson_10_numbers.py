"""Lesson 10 (case studies): every number its prose states, reproduced by the engine.

NUMBERS pairs each result as written in a markdown cell of the solution notebook with the
engine call behind it. Formatting the call's value the way the text is written (same
decimals, same thousands separator, same unit) must give the text back exactly. Further
tests pin the reference answer keys (pedagogy-and-cases.md section 2, lesson 10), the rows
of the reference vectors the screen exercise is graded against, the solutions' functions,
and the hints a learner's likely mistakes get.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course.charts.crashes import crash_heatmap
from course.hints import MISCONCEPTIONS, hint_for, question
from course.margin import (
    Position,
    cross_liquidation_price,
    failed_reasons,
    isolated_liquidation_price,
    pre_trade_verdict,
    survivable_leverage,
)
from course.scenarios.crashes import (
    close_on,
    crash,
    crash_moves,
    outcome_grid,
    survival_table,
    worst_move,
)
from course.scenarios.screens import (
    expected_price,
    reference_vectors,
    screen_case,
    screen_walk,
    tier_step,
)

SLUG = "10-case-studies"
NOTEBOOK = Path(__file__).resolve().parents[1] / "solutions" / SLUG / f"{SLUG}.ipynb"
BLACK_THURSDAY, OCTOBER = "2020-03-12_black_thursday", "2025-10-10_tariff_liquidation_cascade"
ACCOUNT = {
    "equity": 10_000.0,
    "positions": [],
    "mmr": 0.005,
    "fee_rate": 0.0005,
    "funding_rate": 0.0001,
    "risk_limit": 0.02,
    "buffer": 0.01,
    "cost_limit": 0.25,
    "crash_limit": 0.25,
}
TRADE = {
    "side": "long",
    "entry": 60_000.0,
    "stop": 58_800.0,
    "qty": 0.1,
    "leverage": 5.0,
    "hold_hours": 24,
    "worst_move": worst_move("BTC"),
}


def _move(column: str, episode: str, asset: str) -> float:
    moves = crash_moves()
    row = moves[(moves["episode"] == episode) & (moves["asset"] == asset)]
    return float(row[column].item())


def _survival(episode: str, asset: str, leverage: float) -> float:
    table = survival_table()
    keep = (table["episode"] == episode) & (table["asset"] == asset)
    return float(table[keep & (table["leverage"] == leverage)]["liquidation_price"].item())


def _liquidated(episode: str, asset: str, mode: str, basis: str) -> int:
    grid = outcome_grid(episode, asset)
    return int(grid[(grid["mode"] == mode) & (grid["basis"] == basis)]["liquidated"].sum())


def _walk(step: int) -> float:
    return float(screen_walk()["liquidation_price"][step])


def _usde(price: float) -> float:
    position = Position("BTCUSDT", "long", 0.5, 121_603.33)
    return cross_liquidation_price(12_000 * price, [position], "BTCUSDT")


def _figure(name: str) -> float:
    return pre_trade_verdict(ACCOUNT, TRADE).figures[name]


NUMBERS = [
    # Worked example: Black Thursday.
    ("7,939.34 USD", lambda: close_on(BLACK_THURSDAY, "BTC", "2020-03-11")),
    ("4,959.31 USD", lambda: close_on(BLACK_THURSDAY, "BTC", "2020-03-12")),
    ("3,596", lambda: crash(BLACK_THURSDAY, "BTC").low),
    ("4,009.37 USD", lambda: _survival(BLACK_THURSDAY, "BTC", 2.0)),
    ("2.63x", lambda: survivable_leverage("long", 7_939.34, 4_959.31, 0.005)),
    ("1.81x", lambda: survivable_leverage("long", 7_939.34, 3_596.0, 0.005)),
    # Five crashes.
    ("6.45%", lambda: -_move("close_move_pct", OCTOBER, "BTC")),
    ("16.94%", lambda: -_move("low_move_pct", OCTOBER, "BTC")),
    ("110,051.01", lambda: _survival(OCTOBER, "BTC", 10.0)),
    ("113,754.85", lambda: close_on(OCTOBER, "BTC", "2025-10-10")),
    ("97,890.68", lambda: _survival(OCTOBER, "BTC", 5.0)),
    ("116,131.18", lambda: _survival(OCTOBER, "BTC", 20.0)),
    ("3,516.97", lambda: _survival(OCTOBER, "ETH", 5.0)),
    ("3,435", lambda: crash(OCTOBER, "ETH").low),
    ("3,700", lambda: crash(OCTOBER, "ETH").high_low),
    # Maximum drawdown.
    ("45.8%", lambda: -_move("max_drawdown_pct", BLACK_THURSDAY, "BTC")),
    ("54.8%", lambda: -_move("max_drawdown_pct", BLACK_THURSDAY, "ETH")),
    ("14.6%", lambda: -_move("max_drawdown_pct", OCTOBER, "BTC")),
    ("20.1%", lambda: -_move("max_drawdown_pct", OCTOBER, "ETH")),
    # Cross against isolated, Black Thursday BTC.
    ("45 cells", lambda: len(outcome_grid(BLACK_THURSDAY, "BTC")) / 4),
    ("36 isolated", lambda: _liquidated(BLACK_THURSDAY, "BTC", "isolated", "close")),
    ("45; cross", lambda: _liquidated(BLACK_THURSDAY, "BTC", "isolated", "reported low")),
    ("18 and", lambda: _liquidated(BLACK_THURSDAY, "BTC", "cross", "close")),
    ("21.", lambda: _liquidated(BLACK_THURSDAY, "BTC", "cross", "reported low")),
    # The explorer's defaults: October 2025, BTC.
    ("19 of", lambda: _liquidated(OCTOBER, "BTC", "isolated", "close")),
    ("50 isolated", lambda: len(outcome_grid(OCTOBER, "BTC")) / 4),
    ("20; in", lambda: _liquidated(OCTOBER, "BTC", "isolated", "reported low")),
    ("1 and", lambda: _liquidated(OCTOBER, "BTC", "cross", "close")),
    ("9.", lambda: _liquidated(OCTOBER, "BTC", "cross", "reported low")),
    # Collateral.
    ("98,093.80", lambda: _usde(1.0)),
    ("106,294.80", lambda: _usde(0.66)),
    # The walk to a screen.
    ("58,825.", lambda: _walk(0)),
    ("58,793.97", lambda: _walk(1)),
    ("5 USDT", lambda: 10_000 * 0.0005),
    ("58,826.63", lambda: _walk(2)),
    ("58,823.53", lambda: _walk(3)),
    ("58,857.18", lambda: _walk(4)),
    ("41,757.58", lambda: tier_step()["liquidation_price"][0]),
    ("41,798.99", lambda: tier_step()["liquidation_price"][1]),
    # The capstone's worked trade.
    ("37.53%", lambda: 100 * worst_move("BTC")),
    ("120 USDT", lambda: _figure("loss_at_stop")),
    ("200 USDT", lambda: _figure("risk_budget")),
    ("7.80 USDT", lambda: _figure("costs")),
    ("2,252.10 USDT", lambda: _figure("crash_loss")),
    ("2,500 USDT", lambda: ACCOUNT["crash_limit"] * ACCOUNT["equity"]),
]


def formatted_like(text: str, value: float) -> str:
    """Write ``value`` as ``text`` is written: its decimals, separator and unit."""
    match = re.fullmatch(r"([\d,]+)(?:\.(\d+))?(.*)", text)
    assert match, f"not a number as the lesson writes one: {text!r}"
    whole, decimals, unit = match.groups()
    comma = "," if "," in whole else ""
    return f"{float(value):{comma}.{len(decimals or '')}f}{unit}"


def _markdown() -> str:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize(("text", "compute"), NUMBERS, ids=[text for text, _ in NUMBERS])
def test_each_number_in_the_prose_is_written_and_reproduced_by_the_engine(text, compute):
    assert re.search(rf"(?<![\d.,]){re.escape(text)}", _markdown()), f"{text!r} not in the prose"
    assert formatted_like(text, compute()) == text


@pytest.mark.parametrize(
    ("episode", "asset", "leverage", "key"),
    [
        (BLACK_THURSDAY, "BTC", 2.0, 4_009.37),
        (BLACK_THURSDAY, "ETH", 2.0, 98.09),
        (OCTOBER, "BTC", 10.0, 110_051.0),
        (OCTOBER, "BTC", 20.0, 116_131.0),
        (OCTOBER, "BTC", 5.0, 97_891.0),
        (OCTOBER, "ETH", 5.0, 3_516.97),
    ],
)
def test_the_reference_liquidation_keys_hold(episode, asset, leverage, key):
    assert _survival(episode, asset, leverage) == pytest.approx(key, abs=0.5 if key > 1e4 else 0.01)


def test_the_reference_survival_keys_hold():
    table = survival_table().set_index(["episode", "asset", "leverage"])
    assert table.loc[(BLACK_THURSDAY, "BTC", 2.0), "survives_close"]
    assert not table.loc[(BLACK_THURSDAY, "BTC", 2.0), "survives_low"]
    assert not table.loc[(BLACK_THURSDAY, "BTC", 3.0), "survives_close"]
    assert table.loc[(BLACK_THURSDAY, "ETH", 2.0), "survives_close"]
    assert not table.loc[(BLACK_THURSDAY, "ETH", 3.0), "survives_close"]
    assert table.loc[(OCTOBER, "BTC", 10.0), "survives_close"]
    assert not table.loc[(OCTOBER, "BTC", 10.0), "survives_low"]
    assert not table.loc[(OCTOBER, "BTC", 20.0), "survives_close"]
    assert table.loc[(OCTOBER, "BTC", 5.0), "survives_low"]
    assert not table.loc[(OCTOBER, "ETH", 10.0), "survives_close"]
    # ETH 5x, October 2025: liquidated at the lowest quoted low, not at the highest.
    liquidation = _survival(OCTOBER, "ETH", 5.0)
    assert crash(OCTOBER, "ETH").low < liquidation < crash(OCTOBER, "ETH").high_low


@pytest.mark.parametrize(
    ("episode", "btc", "eth"),
    [
        (BLACK_THURSDAY, 45.8, 54.8),
        ("2021-05-19_china_crash", 30.4, 48.5),
        ("2022-11-08_ftx_collapse", 26.0, 33.5),
        ("2024-08-05_yen_carry_unwind", 20.3, 29.4),
        (OCTOBER, 14.6, 20.1),
    ],
)
def test_the_reference_drawdown_keys_hold(episode, btc, eth):
    assert -_move("max_drawdown_pct", episode, "BTC") == pytest.approx(btc, abs=0.06)
    assert -_move("max_drawdown_pct", episode, "ETH") == pytest.approx(eth, abs=0.06)


def test_every_reported_low_is_at_or_under_its_close():
    moves = crash_moves()
    assert (moves["low"] <= moves["crash_close"]).all()
    assert (moves["low"] <= moves["high_low"]).all()


def test_the_closes_understate_liquidations_in_every_window():
    for item in {(c.episode, c.asset) for c in __import__("course").scenarios.CRASHES}:
        grid = outcome_grid(*item)
        for mode in ("isolated", "cross"):
            closes = grid[(grid["mode"] == mode) & (grid["basis"] == "close")]
            lows = grid[(grid["mode"] == mode) & (grid["basis"] == "reported low")]
            assert lows["liquidated"].sum() >= closes["liquidated"].sum()
            # a cell liquidated on the closes is liquidated with the low too
            assert (lows["liquidated"].to_numpy() >= closes["liquidated"].to_numpy()).all()


def test_cross_liquidates_no_more_cells_than_isolated():
    grid = outcome_grid(BLACK_THURSDAY, "BTC")
    for basis in ("close", "reported low"):
        cells = grid[grid["basis"] == basis]
        assert (
            cells[cells["mode"] == "cross"]["liquidated"].sum()
            <= cells[cells["mode"] == "isolated"]["liquidated"].sum()
        )


def test_the_heatmap_carries_the_coin_metrics_attribution():
    spec = crash_heatmap(outcome_grid(OCTOBER, "ETH")).to_dict()
    assert "Coin Metrics" in spec["title"]["subtitle"]


@pytest.mark.parametrize("case_id", ["SEED-FORMULA", "SEED-BINANCE", "SEED-GATE-OKX-FEE",
                                     "FT-BIN-L1", "FT-BYB-S5", "FT-BIN-S3", "FT-GATE-S2",
                                     "FT-BIN-I-BTC", "BYB-USDT-I-S2", "KUC-USDT-S",
                                     "PHX-USDT-I-L", "DYDX-ISO-S"])  # fmt: skip
def test_the_screen_exercise_is_graded_against_its_reference_row(case_id):
    item = question("q10_4_exchange_screen")
    assert screen_case(case_id) in [*item.cases, *item.hidden_cases]
    rows = reference_vectors().set_index("case_id")
    tolerance = max(float(rows.loc[case_id, "rel_tol"]), 1e-9)  # the row's own, as printed
    assert item.expected_value(screen_case(case_id)) == pytest.approx(
        expected_price(case_id), rel=tolerance
    )


@pytest.mark.parametrize(
    ("step", "case_id"),
    [(0, "SEED-FORMULA"), (1, "SEED-BINANCE"), (2, "SEED-BINANCE-OPENFEE"),
     (3, "SEED-GATE-OKX-FEE"), (4, "SEED-BYBIT-FEE2CLOSE")],
)  # fmt: skip
def test_each_step_of_the_walk_matches_its_reference_row(step, case_id):
    walk = screen_walk()
    assert walk["reference"][step] == case_id
    assert _walk(step) == pytest.approx(expected_price(case_id), rel=1e-9)


def test_the_tier_step_matches_its_reference_rows():
    steps = tier_step()
    for price, case_id in zip(steps["liquidation_price"], steps["reference"], strict=True):
        assert price == pytest.approx(expected_price(case_id), rel=1e-9)


def test_the_walk_ends_on_the_tick_toward_the_mark():
    walk = screen_walk()
    funded, shown = walk["liquidation_price"].iloc[-2], walk["liquidation_price"].iloc[-1]
    assert funded <= shown < funded + 0.1 + 1e-9
    assert round(shown * 10) == pytest.approx(shown * 10)


def test_the_worked_trade_passes_and_the_forty_x_trade_fails_twice():
    assert pre_trade_verdict(ACCOUNT, TRADE).go
    bigger = {**TRADE, "qty": 0.15, "leverage": 40.0}
    assert pre_trade_verdict(ACCOUNT, bigger).failed == ("stop", "history")
    assert failed_reasons(18) == ("stop", "history")


def _solution(name: str):
    """The function a solution cell of the notebook defines, run as the grader runs it."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    source = next(c.source for c in notebook.cells if f"def {name}(" in c.source)
    namespace: dict = {}
    exec("from course.margin import *\n" + source, namespace)  # noqa: S102
    return namespace[name]


@pytest.mark.parametrize("question_id", ["q10_4_exchange_screen", "q10_5_capstone"])
def test_the_solutions_function_agrees_with_the_engine_on_every_case(question_id):
    item = question(question_id)
    function = _solution(item.answer)
    for case in (*item.cases, *item.hidden_cases):
        assert function(*case.values()) == pytest.approx(item.expected_value(case), rel=1e-9)


def test_the_capstone_cases_fail_every_reason_somewhere():
    item = question("q10_5_capstone")
    failed = {r for case in item.cases for r in failed_reasons(int(item.expected_value(case)))}
    assert failed == {"risk", "stop", "cross", "costs", "history"}
    hidden = {
        r for case in item.hidden_cases for r in failed_reasons(int(item.expected_value(case)))
    }
    assert "risk" in hidden and "cross" in hidden


def _hint(misconception: str) -> str:
    return MISCONCEPTIONS[misconception].hint


@pytest.mark.parametrize(
    ("question_id", "answer", "misconception"),
    [
        ("q10_1_survivable_leverage", 2.63, "close_decides_liquidation"),
        ("q10_1_survivable_leverage", 1.83, "bankruptcy_for_liquidation"),
        ("q10_2_max_drawdown", -47.04, "drawdown_from_first"),
        ("q10_2_max_drawdown", -24.72, "drawdown_one_day"),
        ("q10_2_max_drawdown", 48.48, "wrong_sign"),
        ("q10_3_collateral_depeg", 98_093.80, "stable_collateral"),
        ("q10_3_collateral_depeg", 105_763.33, "bankruptcy_for_liquidation"),
    ],
)
def test_a_likely_mistake_gets_the_hint_that_names_it(question_id, answer, misconception):
    message = hint_for(question_id, answer)
    assert message is not None and _hint(misconception) in message


def test_the_rounded_answers_are_accepted():
    assert hint_for("q10_1_survivable_leverage", 1.81) is None
    assert hint_for("q10_2_max_drawdown", -48.48) is None
    assert hint_for("q10_3_collateral_depeg", 106_294.80) is None


def _capstone_with(reason: str, check):
    """The reference pre-trade check with one reason's rule replaced."""

    def function(account, trade):
        return pre_trade_verdict(account, trade, {reason: check}).code

    return function


def test_a_capstone_that_multiplies_the_risk_by_the_leverage_is_named():
    def risk(account, trade):
        loss = trade["qty"] * abs(trade["entry"] - trade["stop"]) * trade["leverage"]
        return loss > account["risk_limit"] * account["equity"]

    message = hint_for("q10_5_capstone", _capstone_with("risk", risk))
    assert message is not None and _hint("leverage_scales_pnl") in message


def test_a_capstone_that_ignores_the_other_positions_is_named():
    from course.engine.pretrade_checks import cross_fails

    def cross(account, trade):
        return cross_fails({**account, "positions": []}, trade)

    message = hint_for("q10_5_capstone", _capstone_with("cross", cross))
    assert message is not None and _hint("other_upnl_dropped") in message


def test_a_right_capstone_passes_and_a_go_for_everything_does_not():
    assert hint_for("q10_5_capstone", _solution("pre_trade_check")) is None
    assert hint_for("q10_5_capstone", lambda account, trade: 0) is not None


def test_close_decides_liquidation_is_a_new_catalogue_row_without_digits():
    hint = MISCONCEPTIONS["close_decides_liquidation"].hint
    assert not re.search(r"\d", hint)


def test_the_survivable_leverage_is_where_the_low_touches_liquidation():
    leverage = survivable_leverage("long", 7_939.34, 3_596.0, 0.005)
    price = isolated_liquidation_price("long", 7_939.34, leverage, 0.005, basis="entry")
    assert price == pytest.approx(3_596.0, rel=1e-12)
