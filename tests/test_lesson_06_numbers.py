"""Lesson 06 (fees and funding): every number its prose states, reproduced by the engine.

NUMBERS pairs each result as written in a markdown cell of the solution notebook with the
engine call behind it. Formatting the call's value the way the text is written (same
decimals, same thousands separator, same unit) must give the text back exactly. Further
tests pin the reference answer keys, the explorer the lesson reads, and the hints a
learner's likely mistakes get.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course.grading import grade
from course.hints import MISCONCEPTIONS, check, hint_for, question
from course.margin import (
    break_even_price,
    funding_cost,
    initial_margin,
    liquidation_price_after_funding,
    liquidation_price_after_margin_change,
    trading_fee,
)
from course.scenarios import funding_table, holding_costs
from course.widgets import funding_explorer

SLUG = "06-fees-and-funding"
NOTEBOOK = Path(__file__).resolve().parents[1] / "solutions" / SLUG / f"{SLUG}.ipynb"

# Worked example: a 10x long of 0.5 BTC at 64,000, taker 0.05%, funding 0.01% per 8 h, 7 days.
QTY, ENTRY, LEVERAGE, TAKER, MMR = 0.5, 64_000.0, 10.0, 0.0005, 0.005
RATE, WEEK = 0.0001, 21


def _week_paid() -> float:
    return funding_cost("long", QTY, ENTRY, RATE, WEEK)


def _liquidation(paid: float, basis: str) -> float:
    return liquidation_price_after_funding("long", ENTRY, LEVERAGE, MMR, paid, qty=QTY, basis=basis)


def _explorer_path(rate: float, days: int = 14, leverage: float = 10.0):
    """The explorer's table at its defaults but for the rate: 1 BTC at 60,000, entry basis."""
    return funding_table("long", 60_000, leverage, MMR, rate, days, basis="entry")


NUMBERS = [
    # Worked example: fees.
    ("16.00 USDT", lambda: trading_fee(QTY * ENTRY, TAKER)),
    ("32.00 USDT", lambda: 2 * trading_fee(QTY * ENTRY, TAKER)),
    ("0.1%", lambda: 100 * 2 * trading_fee(QTY * ENTRY, TAKER) / (QTY * ENTRY)),
    # Break-even.
    ("64,064.03", lambda: break_even_price("long", ENTRY, TAKER, TAKER)),
    ("63,936.03", lambda: break_even_price("short", ENTRY, TAKER, TAKER)),
    # Funding over the week, and the liquidation price on both bases.
    ("67.20 USDT", _week_paid),
    ("3,200.00 USDT", lambda: initial_margin(QTY, ENTRY, LEVERAGE)),
    ("134.40 USDT", lambda: _liquidation(_week_paid(), "entry") - _liquidation(0.0, "entry")),
    ("57,920.00", lambda: _liquidation(0.0, "entry")),
    ("58,054.40", lambda: _liquidation(_week_paid(), "entry")),
    ("57,889.45", lambda: _liquidation(0.0, "mark")),
    ("58,024.52", lambda: _liquidation(_week_paid(), "mark")),
    ("135.08 USDT", lambda: _liquidation(_week_paid(), "mark") - _liquidation(0.0, "mark")),
    (
        "56,920.00",
        lambda: liquidation_price_after_margin_change(
            "long", ENTRY, LEVERAGE, MMR, 500, qty=QTY, basis="entry"
        ),
    ),
    # The 90-day chart.
    (
        "2,336.00 USDT",
        lambda: funding_table(
            "long", ENTRY, LEVERAGE, MMR, RATE, 90, qty=QTY, basis="entry"
        ).margin_left.iloc[-1],
    ),
    (
        "59,648.00",
        lambda: funding_table(
            "long", ENTRY, LEVERAGE, MMR, RATE, 90, qty=QTY, basis="entry"
        ).liquidation_price.iloc[-1],
    ),
    # The explorer at its defaults, then with other rates and leverage.
    ("252.00 USDT", lambda: _explorer_path(RATE).funding_paid.iloc[-1]),
    ("54,300.00", lambda: _explorer_path(RATE).liquidation_price.iloc[0]),
    ("54,552.00", lambda: _explorer_path(RATE).liquidation_price.iloc[-1]),
    ("60.00 USDT", lambda: 2 * trading_fee(60_000, TAKER)),
    ("54,048.00", lambda: _explorer_path(-RATE).liquidation_price.iloc[-1]),
    ("day 5.0", lambda: _explorer_path(0.001, leverage=50).day.iloc[-1]),
    # After the exercises (answer keys 6.3 and 6.4).
    ("1,050.00 USDT", lambda: funding_cost("long", 50_000 / 60_000, 60_000, 0.0005, 42)),
    ("1,620.00 USDT", lambda: funding_cost("long", 1, 60_000, 0.0003, 90)),
    # The myth check.
    ("2.00 USDT", lambda: trading_fee(10_000, 0.0006) - trading_fee(10_000, 0.0004)),
    ("80.00 USDT", lambda: 20 * 2 * (trading_fee(10_000, 0.0006) - trading_fee(10_000, 0.0004))),
    ("4.00 USDT", lambda: holding_costs(10_000, 0.0002, 0.0001, 30).trading_fees.iloc[-1]),
    ("90.00 USDT", lambda: holding_costs(10_000, 0.0002, 0.0001, 30).funding.iloc[-1]),
    ("0.9%", lambda: 100 * holding_costs(10_000, 0.0002, 0.0001, 30).funding.iloc[-1] / 10_000),
    (
        "9.0%",
        lambda: 100 * 10 * holding_costs(10_000, 0.0002, 0.0001, 30).funding.iloc[-1] / 10_000,
    ),
]


def formatted_like(text: str, value: float) -> str:
    """Write ``value`` as ``text`` is written: its decimals, separator and unit."""
    match = re.fullmatch(r"(\D*?)([\d,]+)(?:\.(\d+))?(.*)", text)
    assert match, f"not a number as the lesson writes one: {text!r}"
    prefix, whole, decimals, unit = match.groups()
    comma = "," if "," in whole else ""
    return f"{prefix}{float(value):{comma}.{len(decimals or '')}f}{unit}"


def _markdown() -> str:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize(("text", "compute"), NUMBERS, ids=[text for text, _ in NUMBERS])
def test_each_number_in_the_prose_is_written_and_reproduced_by_the_engine(text, compute):
    assert re.search(rf"(?<![\d.,]){re.escape(text)}", _markdown()), f"{text!r} not in the prose"
    assert formatted_like(text, compute()) == text


def test_the_reference_answer_keys_hold_under_the_lessons_conventions():
    """Pedagogy notes, lesson 6: exercises 1 to 5, as the lesson's questions compute them."""
    assert question("q6_1_round_trip_fees").expected_value() == pytest.approx(20.0)
    item = question("q6_2_break_even")
    assert item.expected_value(item.cases[0]) == pytest.approx(60_060.03, abs=0.005)
    assert question("q6_3_funding_cost").expected_value() == pytest.approx(210.0)
    assert question("q6_4_funding_liquidation").expected_value() == pytest.approx(55_920.0)
    before = liquidation_price_after_funding("long", 60_000, 10, MMR, 0.0, basis="entry")
    assert before == pytest.approx(54_300.0)
    assert question("q6_5_fee_myth").expected_value() == pytest.approx(4.0)


def test_the_fee_difference_does_not_depend_on_holding_time_but_funding_does():
    short, long_ = (
        holding_costs(10_000, 0.0002, 0.0001, 1),
        holding_costs(10_000, 0.0002, 0.0001, 21),
    )
    assert short.trading_fees.iloc[-1] == long_.trading_fees.iloc[-1]
    assert long_.funding.iloc[-1] == pytest.approx(21 * short.funding.iloc[-1])


def _readout(explorer, css: str) -> str:
    match = re.search(rf'class="mm-value {css}"[^>]*><b>([^<]*)</b>', explorer.readout.value)
    assert match, f"{css} not in the readout"
    return match.group(1)


def test_the_explorer_shows_what_the_prose_reads():
    explorer = funding_explorer()
    assert _readout(explorer, "mm-funding-paid") == "252.00 USDT"
    assert _readout(explorer, "mm-liquidation-open") == "54,300.00"
    assert _readout(explorer, "mm-liquidation-now") == "54,552.00"
    assert _readout(explorer, "mm-fees") == "60.00 USDT"
    explorer.controls[1].value = -0.01
    assert _readout(explorer, "mm-liquidation-now") == "54,048.00"
    explorer.controls[2].value = 50
    explorer.controls[1].value = 0.1
    assert "Liquidated on day 5.0 by funding alone" in explorer.readout.value


def test_the_function_exercise_accepts_the_formula_and_a_solved_equation():
    def formula(side, entry, open_fee_rate, close_fee_rate):
        if side == "long":
            return entry * (1 + open_fee_rate) / (1 - close_fee_rate)
        return entry * (1 - open_fee_rate) / (1 + close_fee_rate)

    def solved(side, entry, open_fee_rate, close_fee_rate):
        s = 1 if side == "long" else -1
        return entry * (1 + s * open_fee_rate) / (1 - s * close_fee_rate)

    for function in (formula, solved):
        check("q6_2_break_even", function)
        grade("q6_2_break_even", function)


def _hint(misconception: str) -> str:
    return MISCONCEPTIONS[misconception].hint


def _s(side):
    return 1 if side == "long" else -1


def _additive(side, entry, open_fee_rate, close_fee_rate):
    s = 1 if side == "long" else -1
    return entry * (1 + s * (open_fee_rate + close_fee_rate))


@pytest.mark.parametrize(
    ("question_id", "answer", "misconception"),
    [
        ("q6_1_round_trip_fees", 10.0, "fee_one_side"),
        ("q6_1_round_trip_fees", 40.0, "fees_grow_with_time"),
        ("q6_1_round_trip_fees", 2.0, "margin_for_notional"),
        ("q6_1_round_trip_fees", 2_000.0, "rate_in_percent"),
        ("q6_2_break_even", _additive, "break_even_additive"),
        ("q6_2_break_even", lambda side, entry, o, c: entry * (1 + _s(side) * o), "fee_one_side"),
        ("q6_3_funding_cost", 5.0, "funding_is_exchange_fee"),
        ("q6_3_funding_cost", 70.0, "funding_daily"),
        ("q6_3_funding_cost", -210.0, "funding_sign"),
        ("q6_4_funding_liquidation", 54_300.0, "liquidation_price_fixed"),
        ("q6_4_funding_liquidation", 52_680.0, "funding_sign"),
        ("q6_4_funding_liquidation", 55_899.5, "wrong_mm_basis"),
        ("q6_5_fee_myth", 84.0, "fees_grow_with_time"),
        ("q6_5_fee_myth", 42.42, "fees_grow_with_time"),
        ("q6_5_fee_myth", 67.0, "funding_is_exchange_fee"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_likely_mistake_gets_the_hint_that_names_it(question_id, answer, misconception):
    message = hint_for(question_id, answer)
    assert message is not None and _hint(misconception) in message
