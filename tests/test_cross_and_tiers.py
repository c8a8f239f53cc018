"""Cross margin and tier tables: the pitfalls the reference warns about."""

import math

import pytest

from course.margin import (
    BINANCE_BTCUSDT_2021,
    Position,
    cross_liquidation_price,
    liquidation_price,
    maintenance_amounts,
    tiered_liquidation_price,
    tiered_maintenance_margin,
    unrealized_pnl,
    validate_brackets,
)


def test_binance_two_position_example_reproduces():
    btc = Position("BTCUSDT", "long", 109.488, 32_481.98, 31_967.27, 0.025, 16_300)
    eth = Position("ETHUSDT", "long", 3_683.979, 1_456.84, 1_335.18, 0.10, 135_365)
    assert cross_liquidation_price(1_535_443.01, [btc, eth], "ETHUSDT") == pytest.approx(
        1_153.26, rel=1e-5
    )
    assert cross_liquidation_price(1_535_443.01, [btc, eth], "BTCUSDT") == pytest.approx(
        26_316.89, rel=1e-5
    )


def test_a_losing_short_elsewhere_pulls_the_liquidation_price_closer():
    """freqtrade's pitfall: the other short's uPnL must carry its sign (a loss, not a gain)."""
    eth = Position("ETHUSDT", "long", 10, 2_000, mmr=0.01)
    losing_short = Position("BTCUSDT", "short", 0.1, 60_000, mark=66_000, mmr=0.005)
    alone = cross_liquidation_price(10_000, [eth], "ETHUSDT")
    with_short = cross_liquidation_price(10_000, [eth, losing_short], "ETHUSDT")
    assert unrealized_pnl("short", 60_000, 0.1, 66_000) == pytest.approx(-600)
    expected = liquidation_price("long", 2_000, 10, 10_000 - 600 - 0.1 * 66_000 * 0.005, 0.01)
    assert with_short == pytest.approx(expected, rel=1e-12)
    assert with_short > alone
    unsigned = liquidation_price("long", 2_000, 10, 10_000 + 600 - 0.1 * 66_000 * 0.005, 0.01)
    assert with_short != pytest.approx(unsigned, rel=1e-6)


def test_hedge_mode_legs_share_one_price_where_equity_meets_maintenance():
    long_leg = Position("BTCUSDT", "long", 2.0, 50_000, mmr=0.004)
    short_leg = Position("BTCUSDT", "short", 0.5, 52_000, mmr=0.004)
    price = cross_liquidation_price(40_000, [long_leg, short_leg], "BTCUSDT")
    equity = (
        40_000
        + unrealized_pnl("long", 50_000, 2.0, price)
        + unrealized_pnl("short", 52_000, 0.5, price)
    )
    assert equity == pytest.approx(2.5 * price * 0.004, rel=1e-9)


def test_perfect_hedge_with_entry_basis_has_no_liquidation_price():
    legs = [Position("X", "long", 1, 100, mmr=0.01), Position("X", "short", 1, 100, mmr=0.01)]
    assert cross_liquidation_price(50, legs, "X", basis="entry") == math.inf


def test_tier_chosen_at_the_liquidation_notional_not_at_entry():
    naive = liquidation_price("long", 52_000, 5, 52_000, 0.01, maint_amount=1_300)
    correct = tiered_liquidation_price("long", 52_000, 5, 52_000, BINANCE_BTCUSDT_2021.brackets)
    assert naive == pytest.approx(41_757.58, abs=0.01)
    assert correct == pytest.approx(41_798.99, abs=0.01)
    assert 50_000 < 5 * correct <= 250_000


def test_binance_2021_table_follows_the_maintenance_amount_recurrence():
    brackets = BINANCE_BTCUSDT_2021.brackets
    caps = [b.notional_cap for b in brackets]
    rates = [b.mmr for b in brackets]
    assert maintenance_amounts(caps, rates) == tuple(b.maint_amount for b in brackets)
    assert brackets[2].maint_amount == 250_000 * (0.01 - 0.005) + 50 == 1_300
    assert BINANCE_BTCUSDT_2021.as_of == "2021" and "gist" in BINANCE_BTCUSDT_2021.source


def test_a_table_without_deductions_is_rejected_because_mm_would_jump():
    with pytest.raises(ValueError, match=r"brackets\[1\].maint_amount must be 5,000"):
        validate_brackets([(1_000_000, 0.005, 0), (2_000_000, 0.010, 0)])


def test_tiered_maintenance_margin_matches_binance_faq():
    assert tiered_maintenance_margin(264_000, BINANCE_BTCUSDT_2021.brackets) == pytest.approx(
        264_000 * 0.01 - 1_300
    )
