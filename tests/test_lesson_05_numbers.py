"""Lesson 05 (stops and slippage): every number its prose states, reproduced by the engine.

NUMBERS pairs each result as written in a markdown cell of the solution notebook with the
engine call behind it. Formatting the call's value the way the text is written (same
decimals, same thousands separator, same unit) must give the text back exactly. Further
tests pin the reference answer keys, the GDAX figure, the explorer the lesson reads, and the
hints a learner's likely mistakes get.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from course.charts.trade import depth_table
from course.engine.orderbook import example_book, slippage, vwap, walk_book
from course.feedback.questions.lesson_05 import BTC_CLOSE_2025_10_09
from course.grading import grade
from course.hints import MISCONCEPTIONS, check, hint_for, question
from course.margin import initial_margin, isolated_liquidation_price, unrealized_pnl
from course.scenarios import load_episode
from course.widgets import slippage_explorer

SLUG = "05-stops-and-slippage"
NOTEBOOK = Path(__file__).resolve().parents[1] / "solutions" / SLUG / f"{SLUG}.ipynb"

# Worked example: a 20x long of 1 BTC at 62,000, stop 60,000, filled at 59,500.
ENTRY, STOP, FILL, LEVERAGE = 62_000.0, 60_000.0, 59_500.0, 20.0
BOOK = pd.DataFrame(
    {"side": "bid", "price": [60_000, 59_950, 59_900, 59_800], "size": [1, 1.5, 2, 3]}
)


def _planned() -> float:
    return -unrealized_pnl("long", ENTRY, 1.0, STOP)


def _realised() -> float:
    return -unrealized_pnl("long", ENTRY, 1.0, FILL)


def _liquidation() -> float:
    return isolated_liquidation_price("long", ENTRY, LEVERAGE, 0.005, basis="entry")


def _book_fills() -> pd.DataFrame:
    return walk_book(BOOK, 5, "sell")


def _one_fill(price: float) -> pd.DataFrame:
    return pd.DataFrame({"price": [price], "size": [1.0]})


def _explorer_walk(qty: float, depth_coin: float, entry: float = 65_000.0, stop_pct: float = 2.0):
    """The stop-market sell `slippage_explorer` shows: (fills, planned loss, realised loss)."""
    stop = entry * (1 - stop_pct / 100)
    fills = walk_book(
        example_book(stop, depth_coin=depth_coin, levels=30, tick_fraction=0.001), qty, "sell"
    )
    planned = -unrealized_pnl("long", entry, qty, stop)
    realised = -unrealized_pnl("long", entry, qty, vwap(fills))
    return fills, planned, realised


NUMBERS = [
    # Worked example: the stop at 60,000 that fills at 59,500.
    ("0.83%", lambda: 100 * slippage(_one_fill(FILL), STOP)),
    ("16.13%", lambda: 100 * (_realised() - _planned()) / initial_margin(1, ENTRY, LEVERAGE)),
    ("2,000.00 USDT", _planned),
    ("2,500.00 USDT", _realised),
    ("16.7%", lambda: LEVERAGE * 100 * slippage(_one_fill(FILL), STOP)),  # the quick rule L*s
    ("59,210.00 USDT", _liquidation),
    ("790 USDT", lambda: STOP - _liquidation()),
    ("290 USDT", lambda: FILL - _liquidation()),
    # Walking the book: 5 BTC sold into four bids.
    ("59,925.00 USDT", lambda: vwap(_book_fills())),
    ("0.125%", lambda: 100 * slippage(_book_fills(), 60_000)),
    ("0.33%", lambda: 100 * slippage(_one_fill(_book_fills()["price"].min()), 60_000)),
    (
        "2.5 BTC",
        lambda: depth_table(BOOK, _book_fills()).set_index("price").loc[59_800, "left"],
    ),
    # The explorer at its defaults, then with a thinner book.
    ("4 levels", lambda: len(_explorer_walk(2.0, 0.5)[0])),
    ("2,898.67 USDT", lambda: _explorer_walk(2.0, 0.5)[2]),
    ("2,600.00 USDT", lambda: _explorer_walk(2.0, 0.5)[1]),
    ("7 levels", lambda: len(_explorer_walk(2.0, 0.2)[0])),
    # The gap: 1 ETH at 3,000, stop 2,850, next trade 2,700.
    ("150.00 USDT", lambda: -unrealized_pnl("long", 3_000, 1.0, 2_850)),
    ("300.00 USDT", lambda: -unrealized_pnl("long", 3_000, 1.0, min(2_850, 2_700))),
    # GDAX, 21 June 2017: first fill 317.81, last fill 224.48.
    ("29.37%", lambda: 100 * slippage(_one_fill(224.48), 317.81)),
    ("29.4%", lambda: 100 * slippage(_one_fill(224.48), 317.81)),
    # 10 October 2025: the 9 October close and the 5% stop below it.
    ("121,603.33 USD", lambda: _btc_close("2025-10-09")),
    ("115,523.16", lambda: _btc_close("2025-10-09") * 0.95),
]


def _btc_close(day: str) -> float:
    btc = load_episode("2025-10-10_tariff_liquidation_cascade", asset="BTC")
    return btc.loc[btc["date"] == day, "close"].item()


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


def test_the_gdax_figure_checks_out_as_first_to_last_fill():
    """GDAX: 317.81 -> 224.48 is 29.37%, so the published 29.4% is right, to one decimal."""
    drop = slippage(_one_fill(224.48), 317.81)
    assert drop == pytest.approx((317.81 - 224.48) / 317.81, rel=1e-12)
    assert round(100 * drop, 1) == 29.4
    # Any fills between the two prices average above the last one: VWAP slippage is smaller.
    fills = pd.DataFrame({"price": [317.81, 280.0, 224.48], "size": [1.0, 1.0, 1.0]})
    assert slippage(fills, 317.81) < drop


def test_the_reference_answer_keys_hold_under_the_lessons_conventions():
    """Pedagogy notes, lesson 5: exercises 1, 2, 3 and 5 (and the seed claim e)."""
    assert 100 * slippage(_one_fill(59_500), 60_000) == pytest.approx(0.8333, abs=1e-4)
    assert question("q5_1_book_vwap").expected_value(question("q5_1_book_vwap").cases[0]) == (
        pytest.approx(59_925.0)
    )
    assert question("q5_5_stop_myth").expected_value() == pytest.approx(2.8333, abs=1e-4)
    myth = question("q5_5_stop_myth").expected_value() / 2.0 - 1.0
    assert 100 * myth == pytest.approx(41.67, abs=0.01)  # "42% over plan"
    assert question("q5_4_gap_cross").expected_value() == pytest.approx(111.9, abs=0.05)
    assert question("q5_3_gap_liquidation").expected_value() == pytest.approx(110_051.01, abs=0.01)


def test_the_gap_case_orders_stop_liquidation_and_fill_as_the_prose_says():
    entry = question("q5_3_gap_liquidation").inputs["entry"]
    liquidation = question("q5_3_gap_liquidation").expected_value()
    stop = entry * (1 - question("q5_4_gap_cross").inputs["stop_pct"] / 100)
    fill = question("q5_4_gap_cross").inputs["fill"]
    assert entry > stop > liquidation > fill  # isolated: liquidation comes before the fill
    assert question("q5_4_gap_cross").expected_value() > 100  # cross: more than the margin


def test_the_gap_entry_is_the_shipped_close():
    assert _btc_close("2025-10-09") == BTC_CLOSE_2025_10_09


def _readout(explorer, css: str) -> str:
    match = re.search(rf'class="mm-value {css}"[^>]*><b>([^<]*)</b>', explorer.readout.value)
    assert match, f"{css} not in the readout"
    return match.group(1)


def test_the_explorer_shows_what_the_prose_and_exercise_5_2_read():
    explorer = slippage_explorer()
    assert _readout(explorer, "mm-levels") == "4"
    assert _readout(explorer, "mm-realised-loss") == "2,898.67 USDT"
    assert _readout(explorer, "mm-planned-loss") == "2,600.00 USDT"
    explorer.primary.value = 12
    planned = float(_readout(explorer, "mm-planned-loss").removesuffix(" USDT").replace(",", ""))
    realised = float(_readout(explorer, "mm-realised-loss").removesuffix(" USDT").replace(",", ""))
    assert (planned, realised) == (15_600.00, 21_173.90)  # the solution's two readings
    excess = 100 * (realised / planned - 1)
    check("q5_2_explorer_excess", excess)
    grade("q5_2_explorer_excess", excess)
    # A learner who reads the verdict's rounded ratio instead still passes.
    ratio = float(re.search(r"([\d.]+)x the plan", explorer.readout.value).group(1))
    check("q5_2_explorer_excess", 100 * (ratio - 1))


def test_the_function_exercise_accepts_a_loop_and_a_numpy_version():
    import numpy as np

    def loop(prices, sizes, qty):
        left, paid = qty, 0.0
        for price, size in zip(prices, sizes, strict=True):
            taken = min(left, size)
            paid += taken * price
            left -= taken
        return paid / qty

    def vectorised(prices, sizes, qty):
        before = np.concatenate([[0.0], np.cumsum(sizes)[:-1]])
        filled = np.clip(qty - before, 0.0, sizes)
        return float(np.dot(filled, prices) / qty)

    for function in (loop, vectorised):
        check("q5_1_book_vwap", function)
        grade("q5_1_book_vwap", function)


def _hint(misconception: str) -> str:
    return MISCONCEPTIONS[misconception].hint


@pytest.mark.parametrize(
    ("question_id", "answer", "misconception"),
    [
        ("q5_1_book_vwap", lambda prices, sizes, qty: prices[0], "stop_guarantees_exit"),
        ("q5_2_explorer_excess", 0.0, "stop_guarantees_exit"),
        ("q5_3_gap_liquidation", 109_443.0, "bankruptcy_for_liquidation"),
        ("q5_3_gap_liquidation", 109_992.96, "wrong_mm_basis"),
        ("q5_4_gap_cross", 50.0, "stop_guarantees_exit"),
        ("q5_4_gap_cross", 100.0, "cannot_lose_more_than_deposit"),
        ("q5_4_gap_cross", 1.1187, "fraction_for_percent"),
        ("q5_5_stop_myth", 2.0, "stop_guarantees_exit"),
        ("q5_5_stop_myth", 0.028333, "fraction_for_percent"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_likely_mistake_gets_the_hint_that_names_it(question_id, answer, misconception):
    message = hint_for(question_id, answer)
    assert message is not None and _hint(misconception) in message


def test_the_stop_limit_exercise_never_fills_and_prices_the_loss_at_the_close():
    item = question("q5_6_stop_limit")
    inputs = item.inputs
    assert inputs["first_trade"] < inputs["limit"] < inputs["trigger"]  # no fill after the gap
    assert item.expected_value() == pytest.approx(360.0)
    assert hint_for(item.id, 150.0) == f"Not quite. {item.named('stop_guarantees_exit')}"
    assert hint_for(item.id, 360.0) is None


def test_the_prose_states_the_gap_assumption_and_the_relative_tolerance():
    prose = _markdown()
    assert "If the mark price falls with the trades" in prose
    assert "a relative margin" in prose and question("q5_2_explorer_excess").rel_tol == 0.01
