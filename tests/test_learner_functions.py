"""A learner's function can mutate, raise, print, return junk or loop: the check stays whole.

The check and the hidden grade call learner code on deep copies of the registry's cases, with
output captured and a time limit, so every one of these gets one plain line and the next
call, with a fixed function, is judged as if nothing had happened.
"""

from __future__ import annotations

import copy
import time

import pytest

from course.feedback import calls
from course.grading import answer_record, grade
from course.hints import WrongAnswer, check, hint_for, question

VWAP = "q5_1_book_vwap"


def right_vwap(prices, sizes, qty):
    paid, left = 0.0, qty
    for price, size in zip(prices, sizes, strict=True):
        take = min(size, left)
        paid += take * price
        left -= take
    return paid / qty


def consuming_vwap(prices, sizes, qty):
    """Right, but eats the book as it walks it (pops the lists in place)."""
    paid, left = 0.0, qty
    while left > 1e-12:
        price, size = prices.pop(0), sizes.pop(0)
        take = min(size, left)
        paid += take * price
        left -= take
    return paid / qty


def test_a_mutating_function_leaves_the_registrys_cases_as_they_were():
    item = question(VWAP)
    before = copy.deepcopy([*item.cases, *item.hidden_cases])
    check(VWAP, consuming_vwap)  # right values: it passes (with a note, in the Lab)
    grade(VWAP, consuming_vwap)
    answer_record(VWAP, consuming_vwap, "grade")
    assert [*item.cases, *item.hidden_cases] == before
    check(VWAP, right_vwap)  # and the next call is judged on the same cases
    grade(VWAP, right_vwap)


def test_a_mutating_right_function_is_told_to_work_on_a_copy(capsys, monkeypatch):
    monkeypatch.delenv("MM_GRADING", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    check(VWAP, consuming_vwap)
    printed = capsys.readouterr().out.strip()
    assert printed.count("\n") == 0 and "`prices`" in printed and "copy" in printed


def _one_line(message: str) -> None:
    assert message and "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize(
    ("function", "words"),
    [
        (lambda prices, sizes, qty: 1 / 0, "raised ZeroDivisionError"),
        (lambda prices, sizes, qty: prices[99], "raised IndexError"),
        (lambda prices, sizes, qty: "59925", "a string"),
        (lambda prices, sizes, qty: [59_925.0], "a list"),
        (lambda prices, sizes, qty: print(59_925.0), "printed its result but returned None"),
        (lambda prices, sizes, qty: None, "returned None"),
    ],
    ids=["raises", "indexes", "string", "list", "prints", "none"],
)
def test_each_kind_of_broken_function_gets_one_line_then_the_check_still_works(function, words):
    message = hint_for(VWAP, function)
    _one_line(message)
    assert words in message
    with pytest.raises(WrongAnswer):
        check(VWAP, function)
    assert hint_for(VWAP, right_vwap) is None


def test_a_function_that_prints_and_returns_the_right_value_passes(capsys):
    def chatty(prices, sizes, qty):
        print("walking the book ...")
        return right_vwap(prices, sizes, qty)

    assert hint_for(VWAP, chatty) is None
    assert "walking" not in capsys.readouterr().out


def test_a_function_that_loops_forever_is_stopped_with_one_line(monkeypatch):
    monkeypatch.setattr(calls, "CALL_SECONDS", 0.3)

    def spins(prices, sizes, qty):
        while True:
            pass

    start = time.monotonic()
    message = hint_for(VWAP, spins)
    assert time.monotonic() - start < 10
    _one_line(message)
    assert "did not return" in message and "loop" in message
    assert answer_record(VWAP, spins, "check")["values"] == [None] * len(question(VWAP).cases)
    assert hint_for(VWAP, right_vwap) is None


def test_a_loop_that_swallows_exceptions_is_still_stopped(monkeypatch):
    monkeypatch.setattr(calls, "CALL_SECONDS", 0.3)

    def stubborn(prices, sizes, qty):
        while True:
            try:
                while True:
                    pass
            except Exception:
                continue

    message = hint_for(VWAP, stubborn)
    assert "did not return" in message


def test_a_function_that_raises_systemexit_is_reported_not_obeyed():
    def leaves(prices, sizes, qty):
        raise SystemExit(3)

    message = hint_for(VWAP, leaves)
    _one_line(message)
    assert "SystemExit" in message
