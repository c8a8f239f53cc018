"""The crash arithmetic and the pre-trade check: properties that hold for any input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.engine.pretrade import REASON_CODES, failed_reasons, pre_trade_verdict, reason_code
from course.engine.pretrade_checks import REASONS
from course.margin import (
    adverse_move,
    isolated_liquidation_price,
    max_drawdown,
    survivable_leverage,
)
from tests.strategies import bases, mmrs, prices, sides

moves = st.floats(min_value=0.001, max_value=0.9, allow_nan=False)


@given(side=sides, basis=bases, entry=prices, move=moves, mmr=mmrs)
def test_the_survivable_leverage_puts_liquidation_exactly_at_the_worst_price(
    side, basis, entry, move, mmr
):
    worst = entry * (1 - move) if side == "long" else entry * (1 + move)
    leverage = survivable_leverage(side, entry, worst, mmr, basis=basis)
    if leverage < 1 or 1 / leverage <= mmr:
        return  # no leverage setting survives this move
    price = isolated_liquidation_price(side, entry, leverage, mmr, basis=basis)
    assert price == pytest.approx(worst, rel=1e-9)


@given(side=sides, entry=prices, price=prices)
def test_an_adverse_move_for_one_side_is_a_gain_for_the_other(side, entry, price):
    other = "short" if side == "long" else "long"
    assert adverse_move(side, entry, price) == pytest.approx(-adverse_move(other, entry, price))


@given(st.lists(prices, min_size=1, max_size=50))
def test_the_max_drawdown_lies_between_minus_one_and_zero_and_bounds_each_day(closes):
    drawdown = max_drawdown(closes)
    assert -1 < drawdown <= 0
    path = np.asarray(closes)
    assert drawdown <= path[-1] / path.max() - 1 + 1e-12


def test_a_rising_path_has_no_drawdown():
    assert max_drawdown([1.0, 2.0, 2.0, 5.0]) == 0.0


@given(st.sets(st.sampled_from(REASONS)))
def test_a_reason_code_reads_back_to_its_reasons(reasons):
    code = reason_code(reasons)
    assert set(failed_reasons(code)) == reasons
    assert code == sum(REASON_CODES[r] for r in reasons)


@given(
    equity=st.floats(min_value=1_000, max_value=1e6),
    qty=st.floats(min_value=0.001, max_value=2),
    stop_pct=st.floats(min_value=0.1, max_value=20),
    leverage=st.floats(min_value=1, max_value=100),
)
def test_a_smaller_position_never_fails_more_reasons(equity, qty, stop_pct, leverage):
    account = {
        "equity": equity,
        "positions": [],
        "mmr": 0.005,
        "fee_rate": 0.0005,
        "funding_rate": 0.0001,
        "risk_limit": 0.02,
        "buffer": 0.01,
        "cost_limit": 0.25,
        "crash_limit": 0.25,
    }
    trade = {
        "side": "long",
        "entry": 60_000.0,
        "stop": 60_000.0 * (1 - stop_pct / 100),
        "qty": qty,
        "leverage": leverage,
        "hold_hours": 24,
        "worst_move": 0.3753,
    }
    big = set(pre_trade_verdict(account, trade).failed)
    small = set(pre_trade_verdict(account, {**trade, "qty": qty / 2}).failed)
    assert small <= big
