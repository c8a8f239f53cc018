"""Lesson 09 (cascades): every number its prose states, reproduced by the engine.

NUMBERS pairs each result as written in a markdown cell of the solution notebook with the
engine call behind it. Formatting the call's value the way the text is written (same
decimals, same thousands separator, same unit) must give the text back exactly. Further
tests pin the reference answer keys, the explorer the lesson reads, and the hints a
learner's likely mistakes get.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from autograder.config import ROOT
from course.engine.feeds import shown_share
from course.feedback.questions.lesson_09 import GDAX_FIRST_TRADE_AT_300
from course.grading import grade
from course.hints import MISCONCEPTIONS, check, hint_for, question
from course.margin import (
    book_for_sweep,
    cascade_final_price,
    cascade_fired,
    mark_price,
    slippage,
    stop_fill,
    unrealized_pnl,
    vwap,
    walk_book,
)
from course.scenarios import GDAX, TOY, cascade_path, liquidation_burst
from course.widgets import cascade_explorer
from tests.lesson_numbers import lesson_prose

SLUG = "09-cascades"
LEVELS, SIZES = list(TOY["levels"]), list(TOY["sizes"])
IMPACT = 0.5 / 1_000


def _toy(impact: float = IMPACT) -> float:
    return cascade_final_price(97, LEVELS, SIZES, impact)


def _gdax_fills():
    book = book_for_sweep(GDAX["best"], GDAX["worst"], GDAX["notional"], GDAX["book_levels"])
    return book, walk_book(book, book["size"].sum(), "sell")


def _gdax_path():
    return cascade_path(
        GDAX["worst"],
        GDAX["levels"],
        GDAX["sizes"],
        GDAX["impact"],
        floor=GDAX["floor"],
        start=GDAX["best"],
    )


def _burst():
    return liquidation_burst(seconds=60, rate=12.0, seed=9)


NUMBERS = [
    # Worked example: the toy cascade.
    ("94.50", lambda: 97 - IMPACT * 5_000),
    ("84.50", lambda: 97 - IMPACT * 25_000),
    ("25.5%", lambda: -100 * (_toy() / 100 - 1)),
    ("45,000 units", lambda: sum(SIZES)),
    # Explore: the explorer at its defaults, and the cliff.
    ("74.50", _toy),
    ("95.05", lambda: _toy(0.00039)),
    ("79.00", lambda: _toy(0.0004)),
    ("2.5%", lambda: 100 * (1 - 0.00039 / 0.0004)),
    ("21%", lambda: -100 * (_toy(0.0004) / 100 - 1)),
    # GDAX: the book that fits the sweep.
    ("46,100.79 ETH", lambda: _gdax_fills()[1]["size"].sum()),
    ("271.15 USD", lambda: vwap(_gdax_fills()[1])),
    ("14.68%", lambda: 100 * slippage(_gdax_fills()[1], GDAX["best"])),
    ("29.37%", lambda: 100 * (GDAX["best"] - GDAX["worst"]) / GDAX["best"]),
    ("29.4%", lambda: 100 * (GDAX["best"] - GDAX["worst"]) / GDAX["best"]),
    ("224.48 USD", lambda: _gdax_fills()[1]["price"].iloc[-1]),
    ("3,000", lambda: mark_price([3_000, 3_010, 2_100])),
    # The cascade on the last price.
    ("27,500 ETH", lambda: _gdax_path()["sold"].iloc[-1]),
    ("0.10 USD", lambda: _gdax_path()["price_after"].iloc[-1]),
    ("209.48 USD", lambda: GDAX_FIRST_TRADE_AT_300),
    # Reading liquidation statistics.
    ("732", lambda: len(_burst())),
    ("7.5%", lambda: 100 * shown_share(_burst()["time"], _burst()["size_usd"])),
    ("50.7%", lambda: -100 * (33 / 67 - 1)),
    ("87%", lambda: 100 * 16.7 / 19.13),
    ("6.3", lambda: 2.1e9 / 333e6),
]


def formatted_like(text: str, value: float) -> str:
    """Write ``value`` as ``text`` is written: its decimals, separator and unit."""
    match = re.fullmatch(r"([\d,]+)(?:\.(\d+))?(.*)", text)
    assert match, f"not a number as the lesson writes one: {text!r}"
    whole, decimals, unit = match.groups()
    comma = "," if "," in whole else ""
    return f"{float(value):{comma}.{len(decimals or '')}f}{unit}"


@pytest.mark.parametrize(("text", "compute"), NUMBERS, ids=[text for text, _ in NUMBERS])
def test_each_number_in_the_prose_is_written_and_reproduced_by_the_engine(text, compute):
    prose = lesson_prose(SLUG)
    assert re.search(rf"(?<![\d.,]){re.escape(text)}", prose), f"{text!r} not in the prose"
    assert formatted_like(text, compute()) == text


def test_the_reference_answer_keys_hold():
    """Pedagogy notes, lesson 9: exercises 1 to 4 (and myth 8, x6.3)."""
    assert question("q9_1_cascade_loop").expected_value(
        question("q9_1_cascade_loop").cases[0]
    ) == pytest.approx(74.5)
    assert question("q9_2_half_impact").expected_value() == pytest.approx(95.75)
    assert round(question("q9_7_myth_factor").expected_value(), 1) == 6.3
    assert round(100 * (33 / 67 - 1), 1) == -50.7
    assert round(100 * 16.7 / 19.13) == 87


def test_the_gdax_numbers_come_from_the_scenario_the_questions_use():
    item = question("q9_3_venue_mark")
    assert item.inputs["last"] == _gdax_fills()[1]["price"].iloc[-1]
    assert item.expected_value() == pytest.approx(318.90)
    stop = question("q9_4_stop_in_cascade")
    assert stop.inputs["first_trade"] == round(GDAX_FIRST_TRADE_AT_300, 2)
    assert stop.expected_value() == pytest.approx(-unrealized_pnl("long", 320, 10, 209.48))
    mark = item.expected_value()
    assert not cascade_fired(mark, GDAX["levels"], GDAX["sizes"], GDAX["impact"]).any()


def test_the_four_ways_of_the_stop_fill_as_the_prose_says():
    last, mark = GDAX["worst"], question("q9_3_venue_mark").expected_value()
    first = GDAX_FIRST_TRADE_AT_300
    assert stop_fill(300, last, first) == pytest.approx(209.48)
    for low, order in ((last, "limit"), (mark, "market"), (mark, "limit")):
        assert math.isnan(stop_fill(300, low, first, order_type=order, limit=295))


def test_the_explorer_shows_what_the_prose_reads():
    explorer = cascade_explorer()
    assert "74.50" in explorer.readout.value and "4 of 4" in explorer.readout.value


def test_the_burst_shows_sixty_of_its_liquidations():
    burst = _burst()
    assert int(burst["pushed"].sum()) == 60
    shown = burst.loc[burst["pushed"], "size_usd"].sum()
    assert shown / burst["size_usd"].sum() == pytest.approx(
        shown_share(burst["time"], burst["size_usd"])
    )


def test_the_exercise_solutions_pass_their_checks():
    def loop(shock_price, levels, sizes, impact):
        price = shock_price
        for level, size in zip(levels, sizes, strict=True):
            if price > level:
                break
            price -= impact * size
        return price

    def vectorised(shock_price, levels, sizes, impact):
        before = np.concatenate([[0.0], np.cumsum(sizes)[:-1]])
        reached = np.cumprod(shock_price - impact * before <= np.asarray(levels)).astype(bool)
        return float(shock_price - impact * np.asarray(sizes)[reached].sum())

    for function in (loop, vectorised):
        check("q9_1_cascade_loop", function)
        grade("q9_1_cascade_loop", function)
    for question_id, answer in (
        ("q9_2_half_impact", 95.75),
        ("q9_3_venue_mark", 318.90),
        ("q9_4_stop_in_cascade", 1_105.20),
        ("q9_5_first_exit", 280.0),
        ("q9_6_throttled_total", 6_000_000),
        ("q9_7_myth_factor", 6.3),
    ):
        check(question_id, answer)
        grade(question_id, answer)


def _hint(misconception: str) -> str:
    return MISCONCEPTIONS[misconception].hint


@pytest.mark.parametrize(
    ("question_id", "answer", "misconception"),
    [
        ("q9_2_half_impact", 87.25, "cascade_linear"),
        ("q9_2_half_impact", 85.75, "every_cluster_fires"),
        ("q9_3_venue_mark", 224.48, "last_price_trigger"),
        ("q9_3_venue_mark", 287.64, "mean_for_median"),
        ("q9_4_stop_in_cascade", 200.0, "stop_guarantees_exit"),
        ("q9_5_first_exit", 289.45, "last_price_trigger"),
        ("q9_6_throttled_total", 500_000.0, "reported_totals_complete"),
        ("q9_7_myth_factor", 1.0, "reported_totals_complete"),
        ("q9_7_myth_factor", 0.1586, "ratio_inverted"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_likely_mistake_gets_the_hint_that_names_it(question_id, answer, misconception):
    message = hint_for(question_id, answer)
    assert message is not None and _hint(misconception) in message


@pytest.mark.parametrize(
    ("wrong", "misconception"),
    [
        (
            lambda shock_price, levels, sizes, impact: (
                shock_price
                - impact
                * sum(s for level, s in zip(levels, sizes, strict=True) if level >= shock_price)
            ),
            "cascade_ignores_feedback",
        ),
        (
            lambda shock_price, levels, sizes, impact: shock_price - impact * sum(sizes),
            "every_cluster_fires",
        ),
    ],
    ids=["no feedback", "every cluster"],
)
def test_a_wrong_loop_gets_the_hint_that_names_it(wrong, misconception):
    message = hint_for("q9_1_cascade_loop", wrong)
    assert message is not None and _hint(misconception) in message


def test_the_last_line_links_the_next_lesson():
    source = ROOT / "autograder" / "lessons" / f"{SLUG}.md"
    last = source.read_text(encoding="utf-8").strip().splitlines()[-1]
    assert "../10-case-studies/10-case-studies.ipynb" in last


@pytest.mark.parametrize(
    "question_id",
    [
        "q9_2_half_impact",
        "q9_3_venue_mark",
        "q9_4_stop_in_cascade",
        "q9_5_first_exit",
        "q9_6_throttled_total",
        "q9_7_myth_factor",
    ],
)
def test_the_hidden_grade_rejects_a_stub_and_a_two_percent_error(question_id):
    right = question(question_id).expected_value()
    for wrong in (0.0, 1.02 * right, 0.98 * right):
        with pytest.raises(AssertionError):
            grade(question_id, wrong)


def test_the_hidden_grade_rejects_a_stub_loop_and_a_two_percent_error():
    def stub(shock_price, levels, sizes, impact):
        return shock_price

    def off(shock_price, levels, sizes, impact):
        return 1.02 * cascade_final_price(shock_price, levels, sizes, impact)

    for function in (stub, off):
        with pytest.raises(AssertionError):
            grade("q9_1_cascade_loop", function)
