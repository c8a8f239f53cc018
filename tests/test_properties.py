"""Properties every liquidation formula must keep, for both MM bases and both contract types."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from course.margin import (
    BINANCE_BTCUSDT_2021,
    Position,
    bankruptcy_price,
    cross_liquidation_price,
    initial_margin,
    isolated_liquidation_price,
    liquidation_price,
    tiered_liquidation_price,
    tiered_maintenance_margin,
    unrealized_pnl,
)
from tests.strategies import bases, contracts, isolated_positions, prices, quantities, sides


def collateral_of(position: dict) -> float:
    return initial_margin(
        position["qty"], position["entry"], position["leverage"], contract=position["contract"]
    )


@given(isolated_positions())
def test_liquidation_lies_between_bankruptcy_and_entry(position):
    liquidation = isolated_liquidation_price(
        position["side"],
        position["entry"],
        position["leverage"],
        position["mmr"],
        qty=position["qty"],
        fee_rate=position["fee_rate"],
        basis=position["basis"],
        contract=position["contract"],
    )
    bankruptcy = bankruptcy_price(
        position["side"],
        position["entry"],
        position["qty"],
        collateral_of(position),
        contract=position["contract"],
    )
    low, high = min(bankruptcy, position["entry"]), max(bankruptcy, position["entry"])
    slack = 1e-9 * position["entry"]
    assert low - slack <= liquidation <= high + slack


@given(isolated_positions())
def test_equity_equals_maintenance_margin_at_the_liquidation_price(position):
    liquidation = isolated_liquidation_price(
        position["side"],
        position["entry"],
        position["leverage"],
        position["mmr"],
        qty=position["qty"],
        fee_rate=position["fee_rate"],
        basis=position["basis"],
        contract=position["contract"],
    )
    assume(0 < liquidation < math.inf)
    valued_at = liquidation if position["basis"] == "mark" else position["entry"]
    inverse = position["contract"] == "inverse"
    value = position["qty"] / valued_at if inverse else position["qty"] * valued_at
    maintenance = value * (position["mmr"] + position["fee_rate"])
    equity = collateral_of(position) + unrealized_pnl(
        position["side"],
        position["entry"],
        position["qty"],
        liquidation,
        contract=position["contract"],
    )
    scale = collateral_of(position) + value
    assert equity == pytest.approx(maintenance, abs=1e-9 * scale)


@given(
    side=sides,
    basis=bases,
    contract=contracts,
    entry=prices,
    mmr=st.floats(0.0, 0.05),
    leverages=st.lists(st.floats(1.0, 19.0), min_size=2, max_size=8),
)
def test_liquidation_moves_toward_entry_as_leverage_rises(
    side, basis, contract, entry, mmr, leverages
):
    ordered = np.sort(np.asarray(leverages))
    prices_ = isolated_liquidation_price(side, entry, ordered, mmr, basis=basis, contract=contract)
    distance = np.abs(prices_ - entry)  # inf for an inverse short that is never liquidated
    for farther, nearer in zip(distance[:-1], distance[1:], strict=True):
        assert nearer <= farther + 1e-9 * entry or math.isinf(farther)


@given(st.sampled_from([b.notional_cap for b in BINANCE_BTCUSDT_2021.brackets[:-1]]))
def test_maintenance_margin_is_continuous_across_tier_boundaries(cap):
    below, at, above = tiered_maintenance_margin(
        [cap * (1 - 1e-12), cap, cap * (1 + 1e-12)], BINANCE_BTCUSDT_2021.brackets
    )
    assert below == pytest.approx(at, rel=1e-9)
    assert above == pytest.approx(at, rel=1e-9)


@given(
    entry=prices, qty=quantities, fraction=st.floats(0.01, 2.0), mmr=st.floats(0, 0.1), basis=bases
)
def test_linear_long_and_short_mirror_each_other(entry, qty, fraction, mmr, basis):
    collateral = fraction * qty * entry
    long_ = liquidation_price("long", entry, qty, collateral, mmr, basis=basis)
    short = liquidation_price("short", entry, qty, collateral, mmr, basis=basis)
    assume(long_ > 0)
    if basis == "mark":  # (1 - r) LP_long + (1 + r) LP_short = 2 E
        mirror = (1 - mmr) * long_ + (1 + mmr) * short
    else:  # LP_long + LP_short = 2 E
        mirror = long_ + short
    assert mirror == pytest.approx(2 * entry, rel=1e-9)
    bankrupt_long = bankruptcy_price("long", entry, qty, collateral)
    if bankrupt_long > 0:
        assert bankrupt_long + bankruptcy_price("short", entry, qty, collateral) == pytest.approx(
            2 * entry, rel=1e-9
        )


@given(
    entry=prices, qty=quantities, fraction=st.floats(0.01, 0.9), mmr=st.floats(0, 0.1), basis=bases
)
def test_inverse_long_and_short_mirror_each_other_in_reciprocal_price(
    entry, qty, fraction, mmr, basis
):
    collateral = fraction * qty / entry
    long_ = liquidation_price("long", entry, qty, collateral, mmr, basis=basis, contract="inverse")
    short = liquidation_price("short", entry, qty, collateral, mmr, basis=basis, contract="inverse")
    if basis == "mark":  # (1 + r)/LP_long + (1 - r)/LP_short = 2/E
        mirror = (1 + mmr) / long_ + (1 - mmr) / short
    else:  # 1/LP_long + 1/LP_short = 2/E
        mirror = 1 / long_ + 1 / short
    assert mirror == pytest.approx(2 / entry, rel=1e-9)
    reciprocal = sum(
        1 / bankruptcy_price(side, entry, qty, collateral, contract="inverse")
        for side in ("long", "short")
    )
    assert reciprocal == pytest.approx(2 / entry, rel=1e-9)


@given(
    side=sides,
    basis=bases,
    entry=prices,
    qty=quantities,
    fraction=st.floats(0.0, 3.0),
    mmr=st.floats(0, 0.1),
    maint=st.floats(0, 100),
)
def test_cross_with_no_other_positions_equals_isolated_with_same_collateral(
    side, basis, entry, qty, fraction, mmr, maint
):
    wallet = fraction * qty * entry
    position = Position("BTCUSDT", side, qty, entry, mmr=mmr, maint_amount=maint)
    cross = cross_liquidation_price(wallet, [position], "BTCUSDT", basis=basis)
    isolated = liquidation_price(side, entry, qty, wallet, mmr, maint_amount=maint, basis=basis)
    assert cross == isolated


@given(isolated_positions(), st.integers(2, 6))
def test_scalar_and_vectorised_results_agree(position, copies):
    entries = np.linspace(position["entry"], position["entry"] * 1.5, copies)
    common = dict(
        qty=position["qty"],
        fee_rate=position["fee_rate"],
        basis=position["basis"],
        contract=position["contract"],
    )
    vector = isolated_liquidation_price(
        position["side"], entries, position["leverage"], position["mmr"], **common
    )
    scalars = [
        isolated_liquidation_price(
            position["side"], float(e), position["leverage"], position["mmr"], **common
        )
        for e in entries
    ]
    assert isinstance(vector, np.ndarray) and all(isinstance(s, float) for s in scalars)
    np.testing.assert_array_equal(vector, np.array(scalars))
    series = isolated_liquidation_price(
        position["side"],
        pd.Series(entries, index=list("abcdef")[:copies]),
        position["leverage"],
        position["mmr"],
        **common,
    )
    assert isinstance(series, pd.Series) and list(series.index) == list("abcdef")[:copies]
    np.testing.assert_array_equal(series.to_numpy(), vector)


@given(
    side=sides, entry=st.floats(1_000, 100_000), qty=st.floats(0.01, 50), leverage=st.floats(1, 20)
)
def test_tiered_liquidation_uses_the_bracket_of_its_own_notional(side, entry, qty, leverage):
    collateral = qty * entry / leverage
    price = tiered_liquidation_price(side, entry, qty, collateral, BINANCE_BTCUSDT_2021.brackets)
    assume(0 < price < math.inf and qty * price <= BINANCE_BTCUSDT_2021.brackets[-1].notional_cap)
    equity = collateral + unrealized_pnl(side, entry, qty, price)
    maintenance = tiered_maintenance_margin(qty * price, BINANCE_BTCUSDT_2021.brackets)
    assert equity == pytest.approx(maintenance, abs=1e-8 * (collateral + qty * price))
