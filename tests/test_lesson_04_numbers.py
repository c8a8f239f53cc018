"""Lesson 04 (position sizing): every result number its prose states comes from the engine.

NUMBERS pairs each result, written exactly as in a markdown cell of the solution notebook,
with the engine call that computes it, in the unit of the text (percent for "%"). The
format is read off the text itself: its decimals, its thousands separator and its unit.
A second check makes sure no number with a unit escaped the table: each is a result listed
here or an input in GIVEN. The last checks pin the exercises to the reference answer keys.
"""

from __future__ import annotations

import math
import re

import nbformat
import pytest

from autograder.config import ROOT
from course.charts.trade import ladder_table
from course.engine.cross import Position, cross_liquidation_price
from course.engine.sizing import (
    liquidation_distance,
    losing_streak_drawdown,
    max_leverage_for_stop,
    position_notional,
)
from course.feedback.misconceptions import MISCONCEPTIONS
from course.hints import hint_for, question
from course.margin import (
    bankruptcy_price,
    effective_leverage,
    initial_margin,
    isolated_liquidation_price,
    recovery_gain,
    unrealized_pnl,
)

SLUG = "04-position-sizing"
NOTEBOOK = ROOT / "solutions" / SLUG / f"{SLUG}.ipynb"

EQUITY, RISK, STOP, ENTRY, MMR = 10_000.0, 0.02, 0.05, 65_000.0, 0.005
SIZE = position_notional(EQUITY, RISK, STOP)
QTY = SIZE / ENTRY


def _ladder(leverage: float, level: str) -> float:
    """A price from the ladder the lesson charts (MM at the mark)."""
    table = ladder_table(ENTRY, 100 * STOP, leverage, MMR)
    return float(table.set_index("level").price[level])


def _first_unsafe_setting(stop: float) -> float:
    return math.floor(max_leverage_for_stop(stop, MMR)) + 1


# (text as written in the lesson, engine call giving the number in the text's unit)
NUMBERS = [
    # Worked example: 10,000 USDT, 2% risk, long at 65,000, stop 61,750.
    ("200.00 USDT", lambda: EQUITY * RISK),
    ("5%", lambda: 100 * (ENTRY - 61_750) / ENTRY),
    ("4,000.00 USDT", lambda: position_notional(EQUITY, RISK, STOP)),
    ("0.0615 BTC", lambda: QTY),
    ("2,000.00 USDT", lambda: initial_margin(QTY, ENTRY, 2)),
    ("400.00 USDT", lambda: initial_margin(QTY, ENTRY, 10)),
    ("200.00 USDT", lambda: initial_margin(QTY, ENTRY, 20)),
    ("200.00 USDT", lambda: -unrealized_pnl("long", ENTRY, QTY, 61_750)),
    ("2%", lambda: -100 * unrealized_pnl("long", ENTRY, QTY, 61_750) / EQUITY),
    ("0.4x", lambda: effective_leverage(SIZE, EQUITY)),
    ("4,000 USDT", lambda: SIZE),
    # Leverage last.
    ("9.55%", lambda: 100 * liquidation_distance("long", 10, MMR)),
    ("18.26x", lambda: max_leverage_for_stop(STOP, MMR)),
    ("15.46x", lambda: max_leverage_for_stop(STOP, MMR, buffer=0.01)),  # the buffer alone
    ("15.38x", lambda: max_leverage_for_stop(STOP, MMR, buffer=0.01, basis="entry")),
    ("15x", lambda: math.floor(max_leverage_for_stop(STOP, MMR, buffer=0.01, basis="entry"))),
    # The explorer and the ladder chart at 15x.
    ("19x", lambda: _first_unsafe_setting(STOP)),
    ("61,750.00 USDT", lambda: _ladder(15, "stop")),
    ("60,971.52 USDT", lambda: _ladder(15, "liquidation")),
    ("6.20%", lambda: 100 * liquidation_distance("long", 15, MMR)),
    # Losing streaks.
    ("9.61%", lambda: 100 * losing_streak_drawdown(0.02, 5)),
    ("18.29%", lambda: 100 * losing_streak_drawdown(0.02, 10)),
    ("33.24%", lambda: 100 * losing_streak_drawdown(0.02, 20)),
    ("200 USDT", lambda: 0.02 * EQUITY),
    ("20%", lambda: 100 * 10 * 0.02),
    ("65.13%", lambda: 100 * losing_streak_drawdown(0.10, 10)),
    ("186.80%", lambda: 100 * recovery_gain(losing_streak_drawdown(0.10, 10))),
    ("22.39%", lambda: 100 * recovery_gain(losing_streak_drawdown(0.02, 10))),
    # Myth check: the seed's 20x with a 5% stop.
    ("200 USDT", lambda: initial_margin(QTY, ENTRY, 20)),
    ("5%", lambda: 100 / 20),  # at 20x, 1/L is the stop distance: bankruptcy at the stop
    ("62,060.30 USDT", lambda: isolated_liquidation_price("long", ENTRY, 20, MMR, qty=QTY)),
    ("4.5%", lambda: 100 * liquidation_distance("long", 20, MMR)),
    ("4.52%", lambda: 100 * liquidation_distance("long", 20, MMR)),
    ("4.50%", lambda: 100 * liquidation_distance("long", 20, MMR, basis="entry")),
    ("61,750.00 USDT", lambda: ENTRY * (1 - STOP)),
    # After Exercise 4.5 (25x): the bankruptcy price 4% below entry.
    (
        "4%",
        lambda: (
            100 * (1 - bankruptcy_price("long", ENTRY, QTY, initial_margin(QTY, ENTRY, 25)) / ENTRY)
        ),
    ),
    (
        "0.0",
        lambda: cross_liquidation_price(
            EQUITY, [Position("BTCUSDT", "long", QTY, ENTRY)], "BTCUSDT"
        ),
    ),
    ("2%", lambda: -100 * unrealized_pnl("long", ENTRY, QTY, 61_750) / EQUITY),
    ("200,000 USDT", lambda: 20 * EQUITY),
    ("10,000.00 USDT", lambda: -unrealized_pnl("long", ENTRY, 20 * EQUITY / ENTRY, 61_750)),
    # Choosing the stop distance: lesson 03's daily volatility.
    ("3.1%", lambda: 100 * 0.6 / math.sqrt(365)),
]

# Inputs the prose states (not results), as written.
GIVEN = {
    "2%",
    "5%",
    "1%",
    "4%",
    "4.8%",
    "3%",
    "10%",
    "1.5%",
    "0.5%",
    "0.4%",
    "12.5%",
    "2x",
    "10x",
    "15x",
    "20x",
    "10,000 USDT",
    "65,000 USDT",
    "61,750 USDT",
    "25,000 USDT",
    "3,200 USDT",
    "3,040 USDT",
    "25x",
    "5x",
    "60%",
    "0.01 USDT",
    "1,800 USDT",
    "50,000 USDT",
    "60,000 USDT",
}

_NUMBER = re.compile(r"^(-?)([\d,]*\d)(?:\.(\d+))?(.*)$")
_WITH_UNIT = re.compile(r"(?<![\w.,])\d[\d,]*(?:\.\d+)?(?: USDT| BTC|%|x\b)")


def render(text: str, value: float) -> str:
    """Write ``value`` the way ``text`` is written: same decimals, separator and unit."""
    sign, whole, decimals, unit = _NUMBER.match(text).groups()
    spec = f"{',' if ',' in whole else ''}.{len(decimals or '')}f"
    return f"{sign}{value:{spec}}{unit}"


def _prose() -> str:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize(("text", "call"), NUMBERS, ids=[text for text, _ in NUMBERS])
def test_each_number_is_in_the_prose_and_reproduced_by_the_engine(text, call):
    assert re.search(rf"(?<![\d.,]){re.escape(text)}(?![\d])", _prose()), text
    assert render(text, float(call())) == text


def test_every_number_with_a_unit_in_the_prose_is_listed_or_given():
    listed = {text for text, _ in NUMBERS} | GIVEN
    unlisted = sorted(set(_WITH_UNIT.findall(_prose())) - listed)
    assert unlisted == []


def test_the_ladder_chart_shows_the_stop_before_liquidation_at_15x_and_after_at_20x():
    assert _ladder(15, "liquidation") < _ladder(15, "stop")  # a long: lower comes later
    assert _ladder(20, "liquidation") > _ladder(20, "stop")
    assert _ladder(20, "bankruptcy") == pytest.approx(_ladder(20, "stop"))


def test_seed_trade_is_liquidated_before_its_stop_on_either_basis():
    stop_price = ENTRY * (1 - STOP)
    for basis in ("mark", "entry"):
        price = isolated_liquidation_price("long", ENTRY, 20, MMR, qty=QTY, basis=basis)
        assert price > stop_price
    assert bankruptcy_price("long", ENTRY, QTY, initial_margin(QTY, ENTRY, 20)) == pytest.approx(
        stop_price
    )  # why Exercise 4.5 moved to 25x: at 20x the stop and the bankruptcy hints coincide
    item = question("q4_5_seed_liquidation")
    assert item.inputs["leverage"] == 25
    assert round(item.expected_value(), 2) == 62_713.57
    bankruptcy = bankruptcy_price("long", ENTRY, QTY, initial_margin(QTY, ENTRY, 25))
    assert item.expected_value() > bankruptcy > stop_price  # the order the prose reads


def test_answers_match_the_reference_answer_keys():
    """pedagogy-and-cases.md section 2, lesson 4: exercises 1 to 3."""
    assert question("q4_1_position_qty").expected_value() == pytest.approx(2.34375)
    safe = question("q4_2_safe_leverage")
    assert safe.expected_value(safe.cases[0]) == pytest.approx(15.38, abs=0.005)
    assert 1 - losing_streak_drawdown(0.02, 10) == pytest.approx(0.817, abs=5e-4)
    assert question("q4_3_explorer_leverage").expected_value() == 23
    assert question("q4_4_streak_recovery").expected_value() == pytest.approx(27.59, abs=0.005)
    atr = question("q4_6_atr_stop")  # exercise 4: 0.1389 BTC, 8,333 USDT notional
    assert atr.expected_value() == pytest.approx(0.1389, abs=5e-5)
    assert atr.expected_value() * atr.inputs["entry"] == pytest.approx(8_333.33, abs=0.005)


def test_the_explorer_verdict_flips_where_exercise_4_3_says():
    """The explorer's rule: the stop fires first while the liquidation distance exceeds it."""
    answer = question("q4_3_explorer_leverage").expected_value()
    assert liquidation_distance("long", answer - 1, MMR) > 0.04
    assert liquidation_distance("long", answer, MMR) < 0.04


WRONG = [
    ("q4_1_position_qty", 78.125, "size_from_leverage"),
    ("q4_1_position_qty", 23.4375, "margin_for_notional"),
    ("q4_3_explorer_leverage", 25, "one_over_leverage"),
    ("q4_4_streak_recovery", 21.6257, "recovery_symmetric"),
    ("q4_4_streak_recovery", 0.27593, "fraction_for_percent"),
    ("q4_5_seed_liquidation", 62_400.0, "bankruptcy_for_liquidation"),
    ("q4_5_seed_liquidation", 61_750.0, "stop_for_liquidation"),
    ("q4_5_seed_liquidation", 62_725.0, "wrong_mm_basis"),
    ("q4_5_seed_liquidation", 67_263.72, "wrong_side"),
    ("q4_6_atr_stop", 4.1667, "size_from_leverage"),
    ("q4_6_atr_stop", 0.69444, "margin_for_notional"),
    ("q4_6_atr_stop", 13.8889, "percent_for_fraction"),
]


@pytest.mark.parametrize(("question_id", "answer", "misconception"), WRONG)
def test_a_typical_wrong_answer_gets_its_misconceptions_hint(question_id, answer, misconception):
    assert MISCONCEPTIONS[misconception].hint in hint_for(question_id, answer)


@pytest.mark.parametrize(
    ("wrong", "misconception"),
    [
        (lambda stop, mmr, buffer: 1 / stop, "one_over_leverage"),
        (lambda stop, mmr, buffer: 1 / (stop + buffer), "bankruptcy_for_liquidation"),
        (lambda stop, mmr, buffer: 1 / (stop + mmr), "stop_guarantees_exit"),
        (lambda stop, mmr, buffer: 1 / ((stop + buffer) * (1 - mmr) + mmr), "wrong_mm_basis"),
    ],
)
def test_a_typical_wrong_function_gets_its_misconceptions_hint(wrong, misconception):
    assert MISCONCEPTIONS[misconception].hint in hint_for("q4_2_safe_leverage", wrong)
