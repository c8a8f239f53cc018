"""Lesson 02 (liquidation): every result its prose quotes comes from the engine, and its
exercises say what the lesson claims about them.

NUMBERS lists each number as written in a markdown cell of the solution notebook, with the
engine call that reproduces it and the format that turns the call's value into that text.
"""

from __future__ import annotations

import re

import pytest

import course.feedback.questions  # noqa: F401  (fills the registry)
from course import (
    BINANCE_BTCUSDT_2021,
    bankruptcy_price,
    initial_margin,
    isolated_liquidation_price,
    liquidation_price,
    tiered_liquidation_price,
    tiered_maintenance_margin,
    unrealized_pnl,
)
from course.engine.sizing import liquidation_distance, max_leverage_for_stop
from course.engine.tiers import validate_brackets
from course.hints import MISCONCEPTIONS, hint_for, question
from course.scenarios import load_episode
from tests.lesson_numbers import lesson_prose, markdown_of, percent, price, whole_usdt
from tests.lesson_numbers import usdt as _plain_usdt
from tests.test_lessons import release_path

SLUG = "02-liquidation"
BRACKETS = BINANCE_BTCUSDT_2021.brackets
SEED_QTY = 10_000 / 65_000  # the seed article's 10x long: 10,000 USDT of notional
CRASH = load_episode("2020-03-12_black_thursday", asset="BTC")
CRASH_ENTRY = float(CRASH["close"].iloc[0])


def _usdt(value: float) -> str:
    """USDT with a true minus sign, as the prose writes losses."""
    return _plain_usdt(value).replace("-", "\u2212")


def _distance(level: float, entry: float) -> float:
    return abs(level - entry) / entry


def _worked(side: str, basis: str) -> float:
    """The worked example: 0.2 BTC at 60,000 USDT, 20x isolated, MMR 0.5%."""
    return isolated_liquidation_price(side, 60_000, 20, 0.005, qty=0.2, basis=basis)


def _inverse(side: str, contract: str) -> float:
    return isolated_liquidation_price(side, 60_000, 10, 0.005, basis="entry", contract=contract)


def _inverse_20x() -> float:
    """Exercise 2.6: an inverse long at 65,000 USD, 20x, MMR 0.5% on the entry value."""
    return isolated_liquidation_price("long", 65_000, 20, 0.005, basis="entry", contract="inverse")


def _crash(leverage: float) -> float:
    return isolated_liquidation_price("long", CRASH_ENTRY, leverage, 0.005)


# (text as written in the lesson, engine call, format)
NUMBERS = [
    # A worked example: 0.2 BTC long at 60,000 USDT, 20x, MMR 0.5%.
    ("12,000 USDT", lambda: 0.2 * 60_000, whole_usdt),
    ("600.00 USDT", lambda: initial_margin(0.2, 60_000, 20), _usdt),
    ("60.00 USDT", lambda: 0.005 * 0.2 * 60_000, _usdt),
    ("57,000.00 USDT", lambda: bankruptcy_price("long", 60_000, 0.2, 600), _usdt),
    ("57,300.00 USDT", lambda: _worked("long", "entry"), _usdt),
    ("4.5%", lambda: _distance(_worked("long", "entry"), 60_000), percent(1)),
    ("13.57 USDT", lambda: _worked("long", "entry") - _worked("long", "mark"), _usdt),
    ("57,286.43 USDT", lambda: _worked("long", "mark"), _usdt),
    ("63,000.00 USDT", lambda: bankruptcy_price("short", 60_000, 0.2, 600), _usdt),
    ("62,700.00 USDT", lambda: _worked("short", "entry"), _usdt),
    ("62,686.57 USDT", lambda: _worked("short", "mark"), _usdt),
    # Explore: distance to liquidation, MM at the mark, MMR 0.5%.
    (
        "9.55% at 10x",
        lambda: liquidation_distance("long", 10, 0.005),
        lambda v: f"{100 * v:.2f}% at 10x",
    ),
    (
        "1.51% at 50x",
        lambda: liquidation_distance("long", 50, 0.005),
        lambda v: f"{100 * v:.2f}% at 50x",
    ),
    (
        "0.50% at 100x",
        lambda: liquidation_distance("long", 100, 0.005),
        lambda v: f"{100 * v:.2f}% at 100x",
    ),
    # A real crash: 3x long from the close of 3 March 2020.
    ("8,768.81", lambda: CRASH_ENTRY, price),
    ("5,875.25", lambda: _crash(3), price),
    ("33.0%", lambda: _distance(_crash(3), CRASH_ENTRY), percent(1)),
    (
        "5,845.87",
        lambda: bankruptcy_price("long", CRASH_ENTRY, 1, initial_margin(1, CRASH_ENTRY, 3)),
        price,
    ),
    ("4,959.31", lambda: CRASH.loc[CRASH["date"] == "2020-03-12", "close"].item(), price),
    ("4,406.44", lambda: _crash(2), price),
    # Where the margin goes: the worked long, bankrupt at 57,000, filled at 57,150 or 56,875.
    ("30.00 USDT", lambda: unrealized_pnl("long", 57_000, 0.2, 57_150), _usdt),
    ("25.00 USDT", lambda: -unrealized_pnl("long", 57_000, 0.2, 56_875), _usdt),
    # Inverse vs linear at 10x, MMR 0.5%, MM on the entry value.
    ("8.68%", lambda: _distance(_inverse("long", "inverse"), 60_000), percent(2)),
    ("10.50%", lambda: _distance(_inverse("short", "inverse"), 60_000), percent(2)),
    # Tiers: Binance BTCUSDT 2021.
    ("1,200.00 USDT", lambda: tiered_maintenance_margin(250_000, BRACKETS), _usdt),
    ("260,000 USDT", lambda: 5 * 52_000, whole_usdt),
    (
        "41,757.58 USDT",
        lambda: liquidation_price("long", 52_000, 5, 52_000, 0.01, maint_amount=1_300),
        _usdt,
    ),
    (
        "208,787.88 USDT",
        lambda: 5 * liquidation_price("long", 52_000, 5, 52_000, 0.01, maint_amount=1_300),
        _usdt,
    ),
    (
        "41,798.99 USDT",
        lambda: tiered_liquidation_price("long", 52_000, 5, 52_000, BRACKETS),
        _usdt,
    ),
    (
        "41.42 USDT",
        lambda: (
            tiered_liquidation_price("long", 52_000, 5, 52_000, BRACKETS)
            - liquidation_price("long", 52_000, 5, 52_000, 0.01, maint_amount=1_300)
        ),
        _usdt,
    ),
    ("30,000 USDT", lambda: initial_margin(5, 48_000, 8), whole_usdt),
    ("240,000 USDT", lambda: 5 * 48_000, whole_usdt),
    # Myth check: the seed article's 10x long at 65,000 USDT with 1,000 USDT of margin.
    (
        "58,825.00 USDT",
        lambda: liquidation_price("long", 65_000, SEED_QTY, 1_000, 0.005, basis="entry"),
        _usdt,
    ),
    (
        "58,793.97 USDT",
        lambda: liquidation_price("long", 65_000, SEED_QTY, 1_000, 0.005, basis="mark"),
        _usdt,
    ),
    ("\u22125.38 USDT", lambda: 1_000 + unrealized_pnl("long", 65_000, SEED_QTY, 58_465), _usdt),
    ("58,464.90", lambda: 65_000 * 0.9 * (1 - 0.0006), price),
]


@pytest.fixture(scope="module")
def prose() -> str:
    return lesson_prose(SLUG)


@pytest.mark.parametrize(("text", "call", "form"), NUMBERS, ids=[row[0] for row in NUMBERS])
def test_each_quoted_number_is_in_the_lesson_and_matches_the_engine(text, call, form, prose):
    assert text in prose, f"{text!r} is not in any markdown cell"
    assert form(float(call())) == text


# Exercise answers the lesson pins (the reference's answer keys where the conventions agree).
ANSWERS = {
    "q2_1_liquidation_short": 3_135.0,
    "q2_2_leverage_reading": 18.26484,
    "q2_3_liquidation_long": 45_250.0,
    "q2_4_insurance_fund": 20.0,
    "q2_5_inverse_long": 1_826.4840,
    "q2_6_liquidation_distance": 100 * _distance(_inverse_20x(), 65_000),
    "q2_8_tiered_short": 53_722.7723,
    "q2_9_seed_bankruptcy": 58_500.0,
}


@pytest.mark.parametrize("question_id", sorted(ANSWERS))
def test_each_exercise_expects_the_pinned_answer(question_id):
    assert question(question_id).expected_value() == pytest.approx(ANSWERS[question_id], rel=1e-6)


@pytest.mark.parametrize("question_id", sorted(ANSWERS))
def test_no_markdown_cell_of_the_release_gives_an_answer_away(question_id):
    value = question(question_id).expected_value()
    prose = markdown_of(release_path(SLUG))
    for form in {f"{value:,.2f}", f"{value:.2f}"}:
        assert not re.search(rf"(?<![\d,.]){re.escape(form)}(?!\d)", prose), form


def test_the_chart_reading_accepts_neighbouring_leverages_and_names_one_over_leverage():
    item = question("q2_2_leverage_reading")
    for read_off in (18, 18.5, 19):  # the chart's tooltips straddle the answer
        assert hint_for(item.id, read_off) is None
    assert MISCONCEPTIONS["one_over_leverage"].hint in hint_for(item.id, 20)
    assert max_leverage_for_stop(0.05, 0.005) == pytest.approx(item.expected_value())


def test_the_function_exercise_hidden_cases_pass_with_the_textbook_formula():
    item = question("q2_7_liquidation_function")
    assert len(item.hidden_cases) >= 3

    def textbook(entry, leverage, mmr):
        return entry * (1 - 1 / leverage + mmr)

    for case in (*item.cases, *item.hidden_cases):
        assert textbook(*case.values()) == pytest.approx(item.expected_value(case), rel=1e-12)


def _bracket_of(notional: float) -> int:
    return next(k for k, row in enumerate(BRACKETS) if notional <= row.notional_cap)


def test_the_naive_bracket_contradicts_itself_and_the_tiered_price_does_not():
    assert _bracket_of(5 * 52_000) == 2  # the third bracket at entry
    naive = liquidation_price("long", 52_000, 5, 52_000, 0.01, maint_amount=1_300)
    assert _bracket_of(5 * naive) == 1
    tiered = tiered_liquidation_price("long", 52_000, 5, 52_000, BRACKETS)
    assert _bracket_of(5 * tiered) == 1


def test_the_tiered_short_climbs_from_the_second_bracket_into_the_third():
    inputs = question("q2_8_tiered_short").inputs
    assert _bracket_of(inputs["qty"] * inputs["entry"]) == 1
    price = question("q2_8_tiered_short").expected_value()
    assert _bracket_of(inputs["qty"] * price) == 2
    entry_bracket = BRACKETS[1]
    naive = liquidation_price(
        "short", 48_000, 5, 30_000, entry_bracket.mmr, maint_amount=entry_bracket.maint_amount
    )
    assert naive > price  # the entry bracket would liquidate the short later than it is


def test_the_table_is_valid_and_mm_is_continuous_at_every_cap():
    assert validate_brackets(BRACKETS) == BRACKETS
    for row in BRACKETS[:-1]:
        below = tiered_maintenance_margin(row.notional_cap, BRACKETS)
        above = tiered_maintenance_margin(row.notional_cap * (1 + 1e-12), BRACKETS)
        assert above == pytest.approx(below, rel=1e-9)


def test_the_seed_articles_price_lies_below_the_bankruptcy_price():
    bankruptcy = bankruptcy_price("long", 65_000, SEED_QTY, 1_000)
    for basis in ("entry", "mark"):
        liquidation = liquidation_price("long", 65_000, SEED_QTY, 1_000, 0.005, basis=basis)
        assert 58_465 < bankruptcy < liquidation < 65_000
    assert 1_000 + unrealized_pnl("long", 65_000, SEED_QTY, 58_465) < 0


def test_the_insurance_fund_keeps_the_fill_above_bankruptcy_and_the_trader_loses_the_margin():
    margin = initial_margin(0.2, 50_000, 10)
    bankruptcy = bankruptcy_price("long", 50_000, 0.2, margin)
    liquidation = isolated_liquidation_price("long", 50_000, 10, 0.005, qty=0.2, basis="entry")
    assert bankruptcy < 45_100 < liquidation
    equity_at_liquidation = margin + unrealized_pnl("long", 50_000, 0.2, liquidation)
    assert equity_at_liquidation == pytest.approx(0.005 * 0.2 * 50_000)  # the MM, not refunded
    assert question("q2_4_insurance_fund").expected_value() < equity_at_liquidation


@pytest.mark.parametrize("question_id", sorted(ANSWERS))
def test_every_wrong_idea_is_a_distinct_answer(question_id):
    item = question(question_id)
    values = [item.expected_value()] + [idea.value(item.inputs) for idea in item.mistakes()]
    for index, first in enumerate(values):
        for second in values[index + 1 :]:
            assert not item.close(first, second)


def test_the_distance_exercise_is_an_inverse_20x_long_and_not_exercise_0_2_again():
    item = question("q2_6_liquidation_distance")
    assert item.expected_value() == pytest.approx(100 * _distance(_inverse_20x(), 65_000))
    assert item.expected_value() != pytest.approx(question("q0_2_distance").expected_value())
    assert item.expected_value() < 100 / 20  # sooner than the rule of thumb's 5%
    labels = {idea.label for idea in item.mistakes()}
    assert "one over the leverage, as for a linear contract" in labels
    assert MISCONCEPTIONS["one_over_leverage"].hint in hint_for(item.id, 100 / 20)
    linear = isolated_liquidation_price("long", 65_000, 20, 0.005, basis="entry")
    as_linear = round(100 * _distance(linear, 65_000), 2)
    assert MISCONCEPTIONS["inverse_as_linear"].hint in hint_for(item.id, as_linear)


def test_the_wick_fires_the_stop_on_the_last_price_and_not_the_liquidation_on_the_mark():
    item = question("q2_10_mark_vs_last")
    given = item.inputs
    liquidation = _worked("long", "mark")
    assert given["mark_extreme"] > liquidation  # the mark never reaches liquidation
    assert given["last_extreme"] <= given["stop"]  # the wick triggers the stop
    assert bankruptcy_price("long", 60_000, 0.2, 600) < given["stop"] < liquidation
    assert item.expected_value() == pytest.approx(given["stop"])
    # Judged on the last price, liquidation would come first: the misconception's answer.
    hint = hint_for(item.id, round(liquidation, 2))
    assert MISCONCEPTIONS["last_price_trigger"].hint in hint
    assert hint_for(item.id, given["stop"]) is None
    prose = lesson_prose(SLUG)
    for level in ("stop", "last_extreme", "mark_extreme"):
        assert whole_usdt(given[level]) in prose


def test_the_chart_reading_names_the_mark_basis_and_accepts_the_entry_line_too():
    item = question("q2_2_leverage_reading")
    assert 'MM valued at the mark (`basis="mark"`' in lesson_prose(SLUG)
    entry_line = 1 / (item.inputs["distance_pct"] / 100 + item.inputs["mmr"])  # 1/L - m = d
    assert isolated_liquidation_price(
        "long", 100, entry_line, item.inputs["mmr"], basis="entry"
    ) == pytest.approx(100 * (1 - item.inputs["distance_pct"] / 100))
    assert hint_for(item.id, entry_line) is None


def test_the_insurance_fund_exercise_says_to_ignore_the_liquidation_fee():
    assert "Ignore the liquidation fee" in lesson_prose(SLUG)
