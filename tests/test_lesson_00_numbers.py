"""Lesson 00 (start here): every result its prose quotes comes from the engine, and the
explorer opens on the position the prose describes.

NUMBERS lists each number as written in a markdown cell of the solution notebook, with the
engine call that reproduces it and the format that turns the call's value into that text.
"""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from autograder.config import ROOT
from course import isolated_liquidation_price, maintenance_margin
from course.feedback.inventory import ITEMS
from course.widgets import liquidation_explorer
from tests.lesson_numbers import lesson_prose, percent
from tests.lesson_numbers import usdt as _usdt

SLUG = "00-start-here"


def _example(basis: str) -> float:
    """The lesson's example: a 10x isolated long of 1 BTC at 65,000 USDT, MMR 0.5%."""
    return isolated_liquidation_price("long", 65_000, 10, 0.005, basis=basis)


# (text as written in the lesson, engine call, format)
NUMBERS = [
    ("58,825.00 USDT", lambda: _example("entry"), _usdt),
    # Five words first: the maintenance margin of a 65,000 USDT position at an MMR of 0.5%.
    (
        "must keep 325 USDT",
        lambda: maintenance_margin(1, 65_000, 0.005),
        lambda v: f"must keep {v:,.0f} USDT",
    ),
]

# Numbers in the prose that are inputs, facts or labels, not results.
GIVEN = {
    "00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10",  # lesson numbers
    "0.1", "0.2",  # exercise numbers
    "2018", "2", "50", "74", "89", "6", "2021",  # ESMA 2:1, 50% close-out; 74-89%; FCA
    "65,000", "0.5", "1",  # the example (10: a lesson number above): a 10x long of 1 BTC at 65,000, MMR 0.5%
    "12.5", "0.125",  # the conventions: "12.5", not "0.125"
    "0.25", "64,000", "3",  # exercise 0.1; each exercise's 3 points
}  # fmt: skip

NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?")
# The misconception inventory's item numbers and inputs: its statements, as ITEMS words them.
INVENTORY = {
    token
    for number, item in enumerate(ITEMS, 1)
    for token in NUMBER.findall(f"{number}. {item.statement('before')}")
}


@pytest.fixture(scope="module")
def prose() -> str:
    return lesson_prose(SLUG)


@pytest.mark.parametrize(("text", "call", "form"), NUMBERS, ids=[row[0] for row in NUMBERS])
def test_each_quoted_number_is_in_the_lesson_and_matches_the_engine(text, call, form, prose):
    assert text in prose, f"{text!r} is not in any markdown cell"
    assert form(float(call())) == text


def test_every_number_in_the_prose_is_a_listed_result_or_a_given_input(prose):
    listed = {token for text, _, _ in NUMBERS for token in NUMBER.findall(text)}
    unlisted = sorted(set(NUMBER.findall(prose)) - listed - GIVEN - INVENTORY)
    assert not unlisted, f"numbers in {SLUG}'s prose with no engine call or input: {unlisted}"


def _readout(css: str, explorer) -> str:
    match = re.search(rf'class="mm-value {css}"[^>]*><b>([^<]*)</b>', explorer.readout.value)
    assert match, f"{css} not in the readout"
    return match.group(1)


def test_the_explorer_opens_on_the_position_the_prose_describes(prose):
    """The prose says the explorer "starts from the same position": MM on the entry value."""
    assert 'liquidation_explorer(basis="entry")' in _code_of_lesson()
    with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter the chart prints
        explorer = liquidation_explorer(basis="entry")
    shown = _readout("mm-liquidation-price", explorer)
    assert f"{shown} USDT" in prose
    assert shown == f"{_example('entry'):,.2f}"
    distance = _readout("mm-distance", explorer)
    assert distance == f"{-(1 - _example('entry') / 65_000):.2%}"
    # Exercise 0.2 asks for that distance: the prose leaves it to the readout
    assert percent(1)(1 - _example("entry") / 65_000) not in prose


def test_the_explorer_rejects_an_unknown_basis_by_name():
    with pytest.raises(ValueError, match="basis"):
        liquidation_explorer(basis="last")


def _code_of_lesson() -> str:
    return (ROOT / "autograder" / "lessons" / f"{SLUG}.md").read_text(encoding="utf-8")
