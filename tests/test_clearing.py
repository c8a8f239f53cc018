"""The liquidation engine model: fee, fund, ADL ranking and haircuts, and value conserved."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.engine.adl import adl_haircuts, adl_score
from course.engine.clearing import Account, adl_queue, liquidate
from course.engine.fund import fund_change, liquidation_fee, shortfall
from course.engine.liquidation import liquidation_price
from tests.strategies import sides

entries = st.floats(min_value=100.0, max_value=100_000.0)
quantities = st.floats(min_value=0.01, max_value=100.0)
leverages = st.floats(min_value=1.0, max_value=100.0)
moves = st.floats(min_value=-0.5, max_value=0.5)
funds = st.floats(min_value=0.0, max_value=1e7)
fee_rates = st.floats(min_value=0.0, max_value=0.01)
methods = st.sampled_from(["queue", "pro_rata"])


@st.composite
def books(draw):
    """A book of 1 to 6 accounts, the first of which is liquidated; entries near 1,000."""
    count = draw(st.integers(min_value=1, max_value=6))
    book = []
    for index in range(count):
        side = draw(sides)
        entry = draw(st.floats(min_value=500.0, max_value=1_500.0))
        qty = draw(quantities)
        leverage = draw(leverages)
        book.append(Account(f"a{index}", side, qty, entry, qty * entry / leverage))
    return book


# The reference's answer keys (pedagogy-and-cases.md, section 2, lesson 8).
def test_a_fill_above_bankruptcy_pays_the_fund_and_a_fill_below_costs_it():
    assert fund_change("long", 50_000, 2, 10_000, fill=45_150) == pytest.approx(300.0)
    assert fund_change("long", 50_000, 2, 10_000, fill=44_700) == pytest.approx(-600.0)


def test_the_fund_covers_what_it_can_and_the_rest_is_socialised():
    assert shortfall(5_000_000, 3_200_000) == pytest.approx(1_800_000)


def test_the_adl_scores_of_the_reference_rank_a_first():
    assert adl_score(500, 1_000, 15_000) == pytest.approx(5.0)
    assert adl_score(2_000, 5_000, 21_000) == pytest.approx(1.2)


def test_pro_rata_takes_a_fifth_of_each_profit_and_the_queue_takes_the_top_winner():
    profits = [3e6, 1e6, 1e6]
    assert adl_haircuts(1e6, profits).tolist() == pytest.approx([6e5, 2e5, 2e5])
    assert adl_haircuts(1e6, profits, method="queue").tolist() == pytest.approx([1e6, 0, 0])


def test_the_queue_follows_the_scores_not_the_profits():
    haircuts = adl_haircuts(100, [300, 50], method="queue", scores=[1.0, 9.0])
    assert haircuts.tolist() == [50, 50]


def test_the_fee_comes_only_out_of_the_surplus():
    assert liquidation_fee("long", 50_000, 2, 10_000, 45_150, 0.003) == pytest.approx(270.9)
    assert liquidation_fee("long", 50_000, 2, 10_000, 45_010, 0.003) == pytest.approx(20.0)
    assert liquidation_fee("short", 50_000, 2, 10_000, 55_100, 0.003) == 0.0


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: fund_change("long", 50_000, 2, 10_000, fill=-1), "fill"),
        (lambda: fund_change("long", 50_000, 2, 10_000, fill=45_000, fund=-1), "fund"),
        (lambda: liquidation_fee("long", 50_000, 2, 10_000, 45_000, 1.5), "fee_rate"),
        (lambda: shortfall(-1, 10), "loss"),
        (lambda: adl_score(1, 0, 10), "collateral"),
        (lambda: adl_haircuts(1, [1, -1]), "profits"),
        (lambda: adl_haircuts(1, [1], method="fifo"), "method"),
        (lambda: adl_haircuts(1, [1, 2], method="queue", scores=[1]), "scores"),
        (lambda: Account("", "long", 1, 1, 1), "name"),
        (lambda: Account("a", "long", 0, 1, 1), "qty"),
        (lambda: liquidate([Account("a", "long", 1, 1, 1)], "b", 1, 0), "name"),
        (lambda: liquidate([Account("a", "long", 1, 1, 1)], "a", 1, 0, mark=0), "mark"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@settings(max_examples=200, deadline=None)
@given(book=books(), move=moves, fund=funds, fee_rate=fee_rates, method=methods, drift=moves)
def test_a_liquidation_conserves_value(book, move, fund, fee_rate, method, drift):
    """Every account's change, the market's, the fees, the fund's and the uncovered sum to 0."""
    fill = book[0].bankruptcy * (1 + move) if book[0].bankruptcy > 0 else 1.0
    mark = fill * (1 + drift / 10)
    ledger = liquidate(book, "a0", fill, fund, mark=mark, fee_rate=fee_rate, method=method)
    scale = sum(a.qty * max(a.entry, fill, mark) for a in book) + fund
    assert math.isclose(float(ledger["change"].sum()), 0.0, abs_tol=1e-9 * scale)


@settings(max_examples=200, deadline=None)
@given(book=books(), move=moves, fund=funds, method=methods)
def test_no_winner_loses_more_than_its_profit_and_the_fund_never_goes_negative(
    book, move, fund, method
):
    fill = book[0].bankruptcy * (1 + move) if book[0].bankruptcy > 0 else 1.0
    ledger = liquidate(book, "a0", fill, fund, method=method).set_index("party")
    assert ledger.loc["insurance fund", "change"] >= -fund - 1e-9
    winners = adl_queue(book, "short" if book[0].side == "long" else "long", fill)
    for name, profit in zip(winners["name"], winners["upnl"], strict=True):
        assert -profit - 1e-9 <= ledger.loc[name, "change"] <= 0.0
    assert ledger.loc["uncovered", "change"] <= 1e-9


@given(
    side=sides,
    entry=entries,
    qty=quantities,
    leverage=leverages,
    move=moves,
    fee_rate=fee_rates,
)
def test_the_fund_gets_the_surplus_less_the_fee_and_pays_the_deficit(
    side, entry, qty, leverage, move, fee_rate
):
    account = Account("x", side, qty, entry, qty * entry / leverage)
    fill = account.bankruptcy * (1 + move) if account.bankruptcy > 0 else entry
    surplus = (1 if side == "long" else -1) * qty * (fill - account.bankruptcy)
    fee = liquidation_fee(side, entry, qty, account.collateral, fill, fee_rate)
    change = fund_change(side, entry, qty, account.collateral, fill, fee_rate=fee_rate)
    assert 0.0 <= fee <= max(surplus, 0.0) + 1e-9
    assert change == pytest.approx(surplus - fee, rel=1e-9, abs=1e-6)


@given(
    loss=st.floats(min_value=0, max_value=1e9),
    profits=st.lists(st.floats(min_value=0, max_value=1e9), min_size=1, max_size=8),
    method=methods,
)
def test_the_haircuts_cover_the_shortfall_or_every_profit(loss, profits, method):
    haircuts = adl_haircuts(loss, profits, method=method)
    covered = min(loss, sum(profits))
    assert float(haircuts.sum()) == pytest.approx(covered, rel=1e-9, abs=1e-6)
    assert np.all(haircuts <= np.asarray(profits) + 1e-6)


@given(side=sides, entry=entries, qty=quantities, leverage=leverages, move=moves)
def test_the_trigger_is_the_liquidation_price_with_mm_at_the_mark(side, entry, qty, leverage, move):
    account = Account("x", side, qty, entry, qty * entry / leverage)
    trigger = liquidation_price(side, entry, qty, account.collateral, 0.005, basis="mark")
    mark = entry * (1 + move)
    if trigger <= 0 or not math.isfinite(trigger) or math.isclose(mark, trigger, rel_tol=1e-9):
        return
    beyond = mark <= trigger if side == "long" else mark >= trigger
    assert account.triggered(mark, 0.005) == beyond
