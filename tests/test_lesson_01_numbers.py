"""Lesson 01 (leverage): every result number its prose states comes from the engine.

NUMBERS lists each result as written in a markdown cell of the solution notebook, the format
that writes it, and the engine call that computes it. A second check makes sure no number
in the prose escaped the table: each is either a result listed here or an input in GIVEN.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from autograder.config import ROOT
from course.feedback.misconceptions import MISCONCEPTIONS
from course.hints import check, hint_for, question
from course.margin import (
    bankruptcy_price,
    effective_leverage,
    initial_margin,
    isolated_liquidation_price,
    notional,
    recovery_gain,
    roe,
    unrealized_pnl,
)
from course.widgets import leverage_explorer

SLUG = "01-leverage"
NOTEBOOK = ROOT / "solutions" / SLUG / f"{SLUG}.ipynb"

HOUSE, HOUSE_EQUITY = 1_000_000.0, 250_000.0
_PETYA_QTY = 12_500 / 62_500  # the myth check: 12,500 USDT of BTC at 62,500 USDT


def _house_equity_change() -> float:
    """The house falls 10%: the owner's equity change, as a fraction (a loss is negative)."""
    return unrealized_pnl("long", HOUSE, 1.0, 0.90 * HOUSE) / HOUSE_EQUITY


def _wipe_out_fall(leverage: float) -> float:
    """The fall, as a fraction of the price, that takes all the equity at ``leverage``."""
    return 1.0 - bankruptcy_price("long", 100.0, qty=1.0, collateral=100.0 / leverage) / 100.0


def _esma_fall() -> float:
    """ESMA's close-out at 2:1: equity at half the required margin (itself half the position).

    As a maintenance margin on the entry value, the close-out level is an MMR of 25%.
    """
    required = initial_margin(1.0, 100.0, 2)
    close_out = isolated_liquidation_price("long", 100.0, 2, 0.5 * required / 100.0, basis="entry")
    return 1.0 - close_out / 100.0


def _worked_pnl() -> float:
    return unrealized_pnl("long", 60_000, 0.1, 61_200)


# (text as written in the lesson, format that writes it, engine call)
NUMBERS = [
    # The idea: the house on a balance sheet.
    ("leverage is 4.0x", "leverage is {:.1f}x", lambda: effective_leverage(HOUSE, HOUSE_EQUITY)),
    ("a 40% fall", "a {:.0%} fall", lambda: -_house_equity_change()),
    (
        "A fall of 25% (250,000 out of 1,000,000)",
        "A fall of {:.0%} (250,000 out of 1,000,000)",
        lambda: _wipe_out_fall(HOUSE / HOUSE_EQUITY),
    ),
    ("that fall is 50%", "that fall is {:.0%}", lambda: _wipe_out_fall(2.0)),
    ("at 100x it is 1%", "at 100x it is {:.0%}", lambda: _wipe_out_fall(100.0)),
    ("the close-out comes after a 25% fall", "the close-out comes after a {:.0%} fall", _esma_fall),
    # Worked example: equity 5,000; long 0.1 BTC at 60,000, 10x; BTC +2%.
    ("worth 6,000.00 USDT", "worth {:,.2f} USDT", lambda: notional(0.1, 60_000)),
    ("locks 600.00 USDT", "locks {:,.2f} USDT", lambda: initial_margin(0.1, 60_000, 10)),
    (
        "The account runs at 1.2x",
        "The account runs at {:.1f}x",
        lambda: effective_leverage(notional(0.1, 60_000), 5_000),
    ),
    ("to 61,200 USDT", "to {:,.0f} USDT", lambda: 60_000 * 1.02),
    ("made 120.00 USDT", "made {:,.2f} USDT", _worked_pnl),
    (
        "an ROE of 20.0%",
        "an ROE of {:.1%}",
        lambda: roe("long", 60_000, 0.1, 61_200, 10),
    ),
    (
        "0.1 × 61,200 / 10 = 612.00 USDT",
        "0.1 × 61,200 / 10 = {:,.2f} USDT",
        lambda: initial_margin(0.1, 61_200, 10),
    ),
    (
        "so it shows 19.61%",
        "so it shows {:.2%}",
        lambda: _worked_pnl() / initial_margin(0.1, 61_200, 10),
    ),
    (
        "The short's PnL is \u2212120.00 USDT",
        "The short's PnL is \u2212{:,.2f} USDT",  # the loss, written with a true minus
        lambda: -unrealized_pnl("short", 60_000, 0.1, 61_200),
    ),
    ("grew by 2.4%", "grew by {:.1%}", lambda: _worked_pnl() / 5_000),
    ("divide the same 120.00 USDT", "divide the same {:,.2f} USDT", _worked_pnl),
    # Losses and the way back.
    (
        "would have lost 2.4%",
        "would have lost {:.1%}",
        lambda: -unrealized_pnl("long", 60_000, 0.1, 58_800) / 5_000,
    ),
    ("2.4% needs +2.46%", "2.4% needs {:+.2%}", lambda: recovery_gain(_worked_pnl() / 5_000)),
    ("10% needs +11.11%", "10% needs {:+.2%}", lambda: recovery_gain(0.10)),
    ("50% needs +100.00%", "50% needs {:+.2%}", lambda: recovery_gain(0.50)),
    ("75% needs +300.00%", "75% needs {:+.2%}", lambda: recovery_gain(0.75)),
    ("90% needs +900.00%", "90% needs {:+.2%}", lambda: recovery_gain(0.90)),
    (
        "a 5% fall takes 50% of the account",
        "a 5% fall takes {:.0%} of the account",
        lambda: -unrealized_pnl("long", 100, 10.0, 95) / 100,  # notional 1,000 on equity 100
    ),
    ("the way back is +100.00%", "the way back is {:+.2%}", lambda: recovery_gain(0.50)),
    # Explore: the chart's slopes are the setting and the effective leverage.
    (
        "(slope 1.2, the effective leverage)",
        "(slope {:.1f}, the effective leverage)",
        lambda: effective_leverage(6_000, 5_000),
    ),
    (
        "liquidates the position 9.5% below entry",
        "liquidates the position {:.1%} below entry",
        lambda: 1 - isolated_liquidation_price("long", 6_000, 10, 0.005, basis="entry") / 6_000,
    ),
    # Exercise 1.4: at 25x the -3% move leaves the position open (MMR 0.5% of entry value).
    (
        "liquidation is 3.5% below entry",
        "liquidation is {:.1%} below entry",
        lambda: 1 - isolated_liquidation_price("long", 100, 25, 0.005, basis="entry") / 100,
    ),
    # Myth check: the question's notional (12,500 USDT) at 62,500.
    ("62,500 USDT: 0.2 BTC each", "62,500 USDT: {:g} BTC each", lambda: _PETYA_QTY),
    # Exercise 1.6's model answer (a written answer, graded by hand; the figures still agree).
    ("made the same 625 USDT", "made the same {:,.0f} USDT", lambda: _petya(pnl=True)),
    ("(0.2 BTC x 3,125 USDT)", "(0.2 BTC x {:,.0f} USDT)", lambda: 62_500 * 1.05 - 62_500),
    (
        "Petya locked 1,250 USDT",
        "Petya locked {:,.0f} USDT",
        lambda: initial_margin(_PETYA_QTY, 62_500, 10),
    ),
    (
        "and Vanya 2,500 USDT",
        "and Vanya {:,.0f} USDT",
        lambda: initial_margin(_PETYA_QTY, 62_500, 5),
    ),
    ("so the same 625 USDT", "so the same {:,.0f} USDT", lambda: _petya(pnl=True)),
    ("is a 50% ROE for Petya", "is a {:.0%} ROE for Petya", lambda: _petya(leverage=10)),
    ("and 25% for Vanya", "and {:.0%} for Vanya", lambda: _petya(leverage=5)),
]


def _petya(*, pnl: bool = False, leverage: float = 10) -> float:
    """The myth check's long: 0.2 BTC at 62,500, up 5%; its PnL, or its ROE at ``leverage``."""
    if pnl:
        return unrealized_pnl("long", 62_500, _PETYA_QTY, 62_500 * 1.05)
    return roe("long", 62_500, _PETYA_QTY, 62_500 * 1.05, leverage)


# Numbers in the prose that are inputs, facts or labels, not results.
GIVEN = {
    "01", "02",  # lesson numbers
    "1.1", "1.2", "1.3", "1.4", "1.5", "1.6",  # exercise numbers
    "2018", "2", "1", "6", "2021", "100",  # ESMA 2:1, FCA 6 January 2021, settings of 100x
    "1,000,000", "250,000", "750,000", "10", "0.90",  # the house
    "5,000", "0.1", "60,000", "61,200", "6,000", "20",  # the worked example
    "0.024", "0.10", "0.25", "0.50", "0.75",  # the recovery loop's losses
    "2,000", "0.05", "64,000", "3",  # exercises 1.1 and 1.2
    "30", "50",  # exercise 1.3's check cases
    "10,000", "30,000", "25", "0.5",  # exercise 1.4
    "62,500", "12,500", "5",  # myth check
}  # fmt: skip

NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?")


def markdown_text() -> str:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize(("text", "template", "call"), NUMBERS, ids=[row[0] for row in NUMBERS])
def test_each_quoted_number_is_the_engines(text, template, call):
    assert template.format(call()) == text
    assert text in markdown_text(), f"{text!r} is not in a markdown cell of {SLUG}"


def test_every_number_in_the_prose_is_a_listed_result_or_a_given_input():
    listed = {token for text, _, _ in NUMBERS for token in NUMBER.findall(text)}
    unlisted = sorted(set(NUMBER.findall(markdown_text())) - listed - GIVEN)
    assert not unlisted, f"numbers in {SLUG}'s prose with no engine call or input: {unlisted}"


ANSWER_KEYS = {  # pedagogy notes, section 2, lesson 1 (same conventions, same numbers)
    "q1_1_effective_leverage": 1.6,
    "q1_2_account_return": 4.8,
    "q1_4_explorer_return": -9.0,
}


@pytest.mark.parametrize(("question_id", "expected"), ANSWER_KEYS.items())
def test_exercises_match_the_answer_keys(question_id, expected):
    assert question(question_id).expected_value() == pytest.approx(expected)


def test_the_recovery_function_matches_the_answer_key_and_the_seed_claim():
    item = question("q1_3_recovery_function")
    assert item.expected_value({"loss_pct": 30.0}) == pytest.approx(42.857142857)
    assert item.expected_value({"loss_pct": 50.0}) == pytest.approx(100.0)  # seed claim (a)


def test_the_myth_check_pnl_is_the_same_and_only_roe_doubles():
    item = question("q1_5_petya_pnl")
    assert item.expected_value() == pytest.approx(_petya(pnl=True))
    assert _petya(leverage=10) == pytest.approx(2 * _petya(leverage=5))
    assert _PETYA_QTY * 62_500 == pytest.approx(item.inputs["position_notional"])


def test_the_explorer_readout_shows_the_expected_answer_of_exercise_1_4():
    item = question("q1_4_explorer_return")
    explorer = leverage_explorer(move_pct=item.inputs["move_pct"], **_settings(item.inputs))
    readout = explorer.readout.value
    shown = re.search(r'mm-account-return"[^>]*><b>([^<]+)</b>', readout).group(1)
    assert shown == f"{item.expected_value() / 100:+.2%}"
    roe_shown = re.search(r'mm-roe"[^>]*><b>([^<]+)</b>', readout).group(1)
    assert MISCONCEPTIONS["roe_vs_account_return"].hint in hint_for(
        item.id, float(roe_shown.rstrip("%"))
    )


def _settings(inputs):
    return {key: inputs[key] for key in ("equity", "position_notional", "leverage")}


@pytest.mark.parametrize(
    ("question_id", "answer"),
    [
        ("q1_1_effective_leverage", 1.6),
        ("q1_2_account_return", 4.8),
        ("q1_4_explorer_return", -9.0),
        ("q1_5_petya_pnl", round(_petya(pnl=True))),
    ],
)
def test_the_rounded_answer_a_learner_would_type_passes(question_id, answer):
    check(question_id, answer)


@pytest.mark.parametrize(
    ("question_id", "answer", "misconception"),
    [
        ("q1_1_effective_leverage", 10, "leverage_setting_for_effective"),
        ("q1_2_account_return", 30, "roe_vs_account_return"),
        ("q1_4_explorer_return", -75, "roe_vs_account_return"),
        ("q1_5_petya_pnl", 10 * _petya(pnl=True), "leverage_scales_pnl"),
        ("q1_3_recovery_function", lambda loss_pct: loss_pct, "recovery_symmetric"),
    ],
)
def test_the_myth_answers_get_their_hint(question_id, answer, misconception):
    assert MISCONCEPTIONS[misconception].hint in hint_for(question_id, answer)


def test_esmas_close_out_at_two_to_one_comes_when_the_equity_has_halved():
    fall = _esma_fall()
    required = initial_margin(1.0, 100.0, 2)  # 2:1 on a position worth 100
    equity = required + unrealized_pnl("long", 100.0, 1.0, 100.0 * (1 - fall))
    assert equity == pytest.approx(required / 2)  # half the required margin: the close-out
    assert fall < _wipe_out_fall(2.0)  # before the wipe-out


def test_the_short_loses_what_the_long_made():
    assert unrealized_pnl("short", 60_000, 0.1, 61_200) == pytest.approx(-_worked_pnl())
