"""Lesson 08 (insurance fund and ADL): every number its prose states, reproduced by the engine.

NUMBERS pairs each result as written in a markdown cell of the solution notebook with the
engine call behind it; formatting the call's value the way the text is written must give
the text back exactly. Further tests pin the reference answer keys (pedagogy-and-cases.md,
section 2, lesson 8), the explorer the lesson reads, and the hints of likely mistakes.
"""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from course.grading import grade
from course.hints import check, hint_for, question
from course.margin import (
    Account,
    adl_haircuts,
    adl_queue,
    adl_score,
    bankruptcy_price,
    fund_change,
    isolated_liquidation_price,
    liquidate,
    liquidation_fee,
    shortfall,
)
from course.widgets import insurance_explorer
from tests.lesson_numbers import lesson_prose
from tests.test_lesson_05_numbers import formatted_like

SLUG = "08-insurance-and-adl"

BOOK = [
    Account("whale", "long", qty=100, entry=50_000, collateral=500_000),
    Account("A", "short", qty=10, entry=50_000, collateral=25_000),
    Account("B", "short", qty=40, entry=48_000, collateral=96_000),
    Account("C", "short", qty=50, entry=46_000, collateral=460_000),
]
PROFITS = [3_000_000, 1_000_000, 1_000_000]  # the reference, exercise 4
WORKED_PROFITS = [2_000_000, 1_000_000, 1_000_000]
ADL_CLOSED_MUSD, MINUTES = 2_100, 12  # Chitra, arXiv 2512.01112


def _two_btc(**kwargs):
    return fund_change("long", 50_000, 2, 10_000, **kwargs)


def _ledger(method: str = "queue"):
    return liquidate(BOOK, "whale", fill=44_000, fund=40_000, method=method).set_index("party")


def _queue():
    return adl_queue(BOOK, "short", 44_000).set_index("name")


def _liquidation():
    return isolated_liquidation_price("long", 50_000, 10, 0.005, basis="entry")


NUMBERS = [
    # Worked example: a 10x long of 2 BTC at 50,000, bankrupt at 45,000.
    ("45,250.00 USDT", _liquidation),
    ("500.00 USDT", lambda: BOOK_TWO.equity(_liquidation())),
    ("300.00 USDT", lambda: _two_btc(fill=45_150)),
    ("360.00 USDT", lambda: -_two_btc(fill=44_820)),
    ("10,000.00 USDT", lambda: BOOK_TWO.collateral),
    ("270.90 USDT", lambda: liquidation_fee("long", 50_000, 2, 10_000, 45_150, 0.003)),
    ("29.10 USDT", lambda: _two_btc(fill=45_150, fee_rate=0.003)),
    # The shortfall.
    ("1,600,000.00 USDT", lambda: shortfall(2_500_000, 900_000)),
    # The ADL queue: traders A and B of the reference.
    ("5.00", lambda: adl_score(500, 1_000, 15_000)),
    ("1.20", lambda: adl_score(2_000, 5_000, 21_000)),
    ("50%", lambda: 100 * 500 / 1_000),
    ("10x", lambda: 15_000 / (1_000 + 500)),
    ("40%", lambda: 100 * 2_000 / 5_000),
    ("3x", lambda: 21_000 / (5_000 + 2_000)),
    # Pro rata or down the queue.
    ("15%", lambda: 100 * adl_haircuts(6e5, WORKED_PROFITS)[0] / WORKED_PROFITS[0]),
    ("300,000", lambda: adl_haircuts(6e5, WORKED_PROFITS)[0]),
    ("150,000", lambda: adl_haircuts(6e5, WORKED_PROFITS)[1]),
    ("600,000 from", lambda: adl_haircuts(6e5, WORKED_PROFITS, method="queue")[0]),
    # The book.
    ("100,000 USDT", lambda: -BOOK[0].equity(44_000)),
    ("12.42", lambda: _queue().loc["A", "score"]),
    ("11.46", lambda: _queue().loc["B", "score"]),
    ("60,000.00 USDT", lambda: -_ledger().loc["A", "change"]),
    ("40,000 USDT", lambda: -_ledger().loc["insurance fund", "change"]),
    ("18.75%", lambda: 100 * -_ledger("pro_rata").loc["A", "change"] / _queue().loc["A", "upnl"]),
    ("11,250.00 USDT", lambda: -_ledger("pro_rata").loc["A", "change"]),
    ("30,000.00", lambda: -_ledger("pro_rata").loc["B", "change"]),
    ("18,750.00", lambda: -_ledger("pro_rata").loc["C", "change"]),
    # The explorer at its defaults.
    ("100.00%", lambda: 100 * -_ledger().loc["A", "change"] / _queue().loc["A", "upnl"]),
    # Hyperliquid, 10 October 2025.
    ("175 m USD", lambda: ADL_CLOSED_MUSD / MINUTES),
    ("31.1%", lambda: 100 * 654 / ADL_CLOSED_MUSD),
    # Myth check.
    ("600,000 USDT", lambda: question("q8_4_pro_rata").expected_value()),
]

BOOK_TWO = Account("two", "long", qty=2, entry=50_000, collateral=10_000)


@pytest.mark.parametrize(("text", "compute"), NUMBERS, ids=[text for text, _ in NUMBERS])
def test_each_number_in_the_prose_is_written_and_reproduced_by_the_engine(text, compute):
    assert re.search(rf"(?<![\d.,]){re.escape(text)}", lesson_prose(SLUG)), f"{text!r} not in prose"
    assert formatted_like(text, compute()) == text


def test_the_reference_answer_keys_hold():
    """Pedagogy notes, lesson 8: exercises 1 to 5."""
    assert bankruptcy_price("long", 50_000, 2, 10_000) == 45_000
    assert (_two_btc(fill=45_150), _two_btc(fill=44_700)) == (300.0, -600.0)
    assert question("q8_1_fund_deficit").expected_value() == pytest.approx(-600.0)
    assert question("q8_2_shortfall").expected_value() == pytest.approx(1_800_000)
    scores = [
        question("q8_3_adl_score").expected_value(case)
        for case in question("q8_3_adl_score").hidden_cases[:2]
    ]
    assert scores == pytest.approx([5.0, 1.2])
    assert question("q8_4_pro_rata").expected_value() == pytest.approx(600_000)
    assert adl_haircuts(1e6, PROFITS).tolist() == pytest.approx([6e5, 2e5, 2e5])
    assert ADL_CLOSED_MUSD / MINUTES == 175.0


def test_the_books_ledger_balances_and_the_queue_takes_a_first():
    for method in ("queue", "pro_rata"):
        assert _ledger(method)["change"].sum() == pytest.approx(0.0, abs=1e-6)
    queue = _queue()
    assert list(queue.index) == ["A", "B", "C"]
    assert queue.loc["B", "upnl"] > queue.loc["A", "upnl"]  # B has the larger profit
    assert _ledger().loc[["B", "C"], "change"].tolist() == [0.0, 0.0]


def _readout(explorer, css: str) -> str:
    match = re.search(rf'class="mm-value {css}"[^>]*><b>([^<]*)</b>', explorer.readout.value)
    assert match, f"{css} not in the readout"
    return match.group(1)


def _explorer():
    with contextlib.redirect_stdout(io.StringIO()):
        return insurance_explorer()


def test_the_explorer_shows_what_the_prose_reads():
    explorer = _explorer()
    assert _readout(explorer, "mm-haircut-A") == "60,000.00 USDT (100.00% of profit)"
    assert _readout(explorer, "mm-shortfall") == "60,000.00 USDT"
    explorer.controls[3].value = "pro_rata"
    assert _readout(explorer, "mm-haircut-A") == "11,250.00 USDT (18.75% of profit)"
    explorer.controls[1].value = 100_000  # the fund pays the whole deficit: no ADL
    assert _readout(explorer, "mm-shortfall") == "0.00 USDT"
    assert _readout(explorer, "mm-haircut-B") == "0.00 USDT (0.00% of profit)"
    explorer.controls[0].value = 45_500  # above bankruptcy the fund gains
    assert _readout(explorer, "mm-fund-change") == "50,000.00 USDT"


def test_the_lesson_ends_with_the_link_to_lesson_09():
    import nbformat

    from tests.test_lessons import source_path

    last = nbformat.read(source_path(SLUG), as_version=4).cells[-1].source.strip().splitlines()[-1]
    assert "](../09-cascades/09-cascades.ipynb)" in last


def test_likely_mistakes_get_the_hint_of_their_misconception():
    assert "auto-deleveraging closes profitable" in hint_for("q8_4_pro_rata", 0.0)
    assert "insurance fund covers" in hint_for("q8_1_fund_deficit", 0.0)
    assert "only up to its balance" in hint_for("q8_2_shortfall", 0.0)
    check("q8_4_pro_rata", 600_000.0)
    grade("q8_4_pro_rata", 600_000.0)
