"""Fees, break-even and funding: per-trade costs against per-interval costs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.margin import (
    break_even_price,
    funding_cost,
    funding_payment,
    isolated_liquidation_price,
    liquidation_price_after_funding,
    liquidation_price_after_margin_change,
    trading_fee,
)
from tests.strategies import bases, prices, sides

fee_rates = st.floats(min_value=0.0, max_value=0.01, allow_nan=False)
funding_rates = st.floats(min_value=-0.003, max_value=0.003, allow_nan=False)
sizes = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False)
counts = st.integers(min_value=0, max_value=1_000)
leverages = st.floats(min_value=1.0, max_value=50.0)


def test_pedagogy_answer_keys():
    """pedagogy-and-cases.md section 2, lesson 6, exercises 1 to 5."""
    assert trading_fee(20_000, 0.0005) * 2 == pytest.approx(20.0)
    assert break_even_price("long", 60_000, 0.0005, 0.0005) == pytest.approx(60_060.03, abs=0.005)
    qty = 50_000 / 60_000
    assert funding_cost("long", qty, 60_000, [0.0001, 0.0005], 42) == pytest.approx([210, 1_050])
    paid = funding_cost("long", 1, 60_000, 0.0003, 90)
    assert paid == pytest.approx(1_620)
    before = liquidation_price_after_funding("long", 60_000, 10, 0.005, 0, basis="entry")
    after = liquidation_price_after_funding("long", 60_000, 10, 0.005, paid, basis="entry")
    assert (before, after) == pytest.approx((54_300, 55_920))
    monthly = 20 * 2 * (trading_fee(10_000, 0.0006) - trading_fee(10_000, 0.0004))
    assert monthly == pytest.approx(80.0)


@given(side=sides, entry=prices, opening=fee_rates, closing=fee_rates)
def test_break_even_lies_beyond_entry_on_the_side_fees_must_be_won_back(
    side, entry, opening, closing
):
    price = break_even_price(side, entry, opening, closing)
    if side == "long":
        assert price >= entry
    else:
        assert price <= entry
    # At break-even the price move pays both fees exactly, for any size.
    move = (price - entry) if side == "long" else (entry - price)
    fees = trading_fee(entry, opening) + trading_fee(price, closing)
    assert move == pytest.approx(fees, rel=1e-9, abs=1e-9 * entry)


@given(side=sides, qty=sizes, mark=prices, rate=funding_rates, n=counts)
def test_funding_over_n_intervals_is_n_times_one(side, qty, mark, rate, n):
    one = funding_payment(side, qty, mark, rate)
    assert funding_cost(side, qty, mark, rate, n) == pytest.approx(n * one, rel=1e-12, abs=1e-12)


@given(qty=sizes, mark=prices, rate=funding_rates)
def test_funding_is_a_transfer_longs_pay_what_shorts_receive(qty, mark, rate):
    assert funding_payment("long", qty, mark, rate) == -funding_payment("short", qty, mark, rate)
    if rate > 1e-9:
        assert funding_payment("long", qty, mark, rate) > 0


def test_trading_fee_does_not_depend_on_holding_time():
    """A fee has no time argument; funding grows linearly with the number of intervals."""
    costs = funding_cost("long", 1, 60_000, 0.0001, np.arange(4))
    np.testing.assert_allclose(np.diff(costs), 6.0)


@given(
    side=sides,
    basis=bases,
    entry=prices,
    leverage=leverages,
    mmr=st.floats(min_value=0.0, max_value=0.01),
    fraction=st.floats(min_value=0.01, max_value=0.9),
)
def test_liquidation_price_creeps_towards_the_mark_as_funding_is_paid(
    side, basis, entry, leverage, mmr, fraction
):
    initial = entry / leverage
    steps = np.linspace(0.0, fraction * initial, 5)
    prices_ = liquidation_price_after_funding(side, entry, leverage, mmr, steps, basis=basis)
    distance = np.abs(entry - prices_)
    assert np.all(np.diff(distance) <= 1e-9 * entry)
    assert distance[-1] < distance[0] or distance[0] == 0.0


@given(
    side=sides,
    basis=bases,
    entry=prices,
    leverage=leverages,
    qty=sizes,
    fraction=st.floats(min_value=0.0, max_value=2.0),
)
def test_received_funding_is_added_margin(side, basis, entry, leverage, qty, fraction):
    received = fraction * qty * entry / leverage
    after = liquidation_price_after_funding(
        side, entry, leverage, 0.005, -received, qty=qty, basis=basis
    )
    expected = isolated_liquidation_price(
        side, entry, leverage, 0.005, qty=qty, extra_margin=received, basis=basis
    )
    assert after == pytest.approx(expected, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("basis", ["mark", "entry"])
@pytest.mark.parametrize("side", ["long", "short"])
def test_removing_margin_is_paying_funding(side, basis):
    removed = liquidation_price_after_margin_change(side, 60_000, 10, 0.005, -500, basis=basis)
    paid = liquidation_price_after_funding(side, 60_000, 10, 0.005, 500, basis=basis)
    assert removed == paid


def test_entry_basis_moves_by_funding_over_qty_and_mark_basis_a_little_more():
    entry_basis = liquidation_price_after_funding(
        "long", 60_000, 10, 0.005, [0, 1_620], qty=2, basis="entry"
    )
    mark_basis = liquidation_price_after_funding("long", 60_000, 10, 0.005, [0, 1_620], qty=2)
    assert np.diff(entry_basis)[0] == pytest.approx(810.0)
    assert np.diff(mark_basis)[0] == pytest.approx(810.0 / (1 - 0.005))


def test_costs_return_floats_for_scalars_and_series_for_series():
    import pandas as pd

    assert type(trading_fee(1_000, 0.001)) is float
    notional = pd.Series([1_000.0, 2_000.0], index=["a", "b"])
    assert trading_fee(notional, 0.001).index.tolist() == ["a", "b"]


def test_bybit_examples_two_and_three_margin_added_and_funding_deducted():
    """exchange-formulas.md 2.1: 3,000 USDT added to a 50x short; 200 USDT of funding paid."""
    added = liquidation_price_after_margin_change("short", 20_000, 50, 0.005, 3_000, basis="entry")
    assert added == pytest.approx(23_300.0, rel=1e-12)
    assert liquidation_price_after_funding(
        "long", 20_000, 50, 0.005, 200, basis="entry"
    ) == pytest.approx(19_900.0, rel=1e-12)


def test_seed_claim_fees_compound_is_wrong_funding_accrues():
    """pedagogy-and-cases.md 6(d): 0.04% against 0.06% maker fees 'compound' while you hold."""
    per_round_trip = 2 * (trading_fee(10_000, 0.0006) - trading_fee(10_000, 0.0004))
    assert per_round_trip == pytest.approx(4.0)  # no holding time anywhere in it
    month = funding_cost("long", 10_000 / 60_000, 60_000, 0.0001, 90)
    assert month == pytest.approx(90.0)  # $90 per $10k per 30 days at 0.01% / 8 h
    assert month / (10_000 / 10) == pytest.approx(0.09)  # 9% of a 10x margin per month
