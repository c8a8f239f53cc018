"""The seed articles' claims, settled with the engine (shared/reference/exchange-formulas.md §11)."""

import pytest

from course.margin import (
    bankruptcy_price,
    initial_margin,
    isolated_liquidation_price,
    liquidation_price,
    notional,
    unrealized_pnl,
)

ENTRY = 65_000.0
SEED_QTY = 10_000 / ENTRY  # 10x long with 1,000 USDT of isolated margin
PRINTED_BY_SEED = 58_465.0


def test_seed_formula_gives_58825_not_the_printed_58465():
    by_seed_formula = isolated_liquidation_price(
        "long", ENTRY, 10, 0.005, qty=SEED_QTY, basis="entry"
    )
    assert by_seed_formula == pytest.approx(58_825.0, rel=1e-12)
    assert by_seed_formula - PRINTED_BY_SEED == pytest.approx(360.0, rel=1e-9)


def test_binance_algebra_gives_58793_97():
    by_binance = liquidation_price("long", ENTRY, SEED_QTY, 1_000, 0.005)
    assert round(by_binance, 2) == 58_793.97
    assert (ENTRY - by_binance) / ENTRY == pytest.approx(0.0955, abs=5e-5)


def test_printed_58465_lies_below_the_bankruptcy_price():
    bankruptcy = bankruptcy_price("long", ENTRY, SEED_QTY, 1_000)
    assert bankruptcy == pytest.approx(58_500.0, rel=1e-12)
    assert PRINTED_BY_SEED < bankruptcy  # no formula with MM >= 0 can liquidate below BP
    for basis in ("mark", "entry"):
        for mmr in (0.0, 0.004, 0.005, 0.01):
            assert liquidation_price("long", ENTRY, SEED_QTY, 1_000, mmr, basis=basis) >= bankruptcy


def test_20x_long_is_liquidated_at_about_4_5_percent_before_a_5_percent_stop():
    equity = 10_000.0
    position_notional = 0.02 * equity / 0.05  # sized so a 5% move costs 2% of equity
    qty = position_notional / ENTRY
    assert position_notional == pytest.approx(4_000.0)
    margin = initial_margin(qty, ENTRY, 20)
    assert margin == pytest.approx(200.0)
    stop = ENTRY * 0.95
    assert unrealized_pnl("long", ENTRY, qty, stop) == pytest.approx(-0.02 * equity)
    for basis, expected_distance in (("mark", 0.0452), ("entry", 0.045)):
        liquidation = isolated_liquidation_price("long", ENTRY, 20, 0.005, qty=qty, basis=basis)
        distance = (ENTRY - liquidation) / ENTRY
        assert distance == pytest.approx(expected_distance, abs=5e-5)
        assert liquidation > stop  # liquidation comes first: the 5% stop never fires
    assert round(isolated_liquidation_price("long", ENTRY, 20, 0.005, qty=qty), 2) == 62_060.30


def test_10x_liquidation_comes_before_a_10_percent_move():
    """'10x: a 10% move wipes you out': liquidation comes at 9.5% (entry) or 9.55% (mark)."""
    for basis, distance in (("entry", 0.095), ("mark", 0.0955)):
        liquidation = isolated_liquidation_price("long", ENTRY, 10, 0.005, basis=basis)
        assert (ENTRY - liquidation) / ENTRY == pytest.approx(distance, abs=5e-5)
    assert notional(SEED_QTY, ENTRY) == pytest.approx(10_000.0)
