"""Two positions together: sigma, parametric VaR, the joint shock, and the crash data's correlations."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course.charts.position_tables import shock_table
from course.margin import (
    Position,
    isolated_liquidation_price,
    joint_shock_to_liquidation,
    normal_quantile,
    parametric_var,
    portfolio_sigma,
)
from course.scenarios import (
    ATTRIBUTION,
    load_episode,
    rolling_correlation,
    window_correlations,
    window_returns,
)
from tests.strategies import mmrs

notionals = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False, allow_infinity=False)
sigmas = st.floats(min_value=0.0, max_value=0.5, allow_nan=False)
correlations = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False)
TOLERANCE = 1e-6


@given(n1=notionals, s1=sigmas, n2=notionals, s2=sigmas, rho=correlations)
def test_the_pair_sigma_lies_between_the_difference_and_the_sum_of_the_risks(n1, s1, n2, s2, rho):
    sigma = portfolio_sigma(n1, s1, n2, s2, rho)
    first, second = abs(n1 * s1), abs(n2 * s2)
    slack = TOLERANCE * (first + second) + 1e-9
    assert abs(first - second) - slack <= sigma <= first + second + slack


@given(n1=notionals, s1=sigmas, n2=notionals, s2=sigmas)
def test_a_correlation_of_one_adds_the_signed_risks_in_a_straight_line(n1, s1, n2, s2):
    sigma = portfolio_sigma(n1, s1, n2, s2, 1.0)
    assert sigma == pytest.approx(abs(n1 * s1 + n2 * s2), rel=1e-9, abs=1e-6)


@given(n1=notionals, s1=sigmas, n2=notionals, s2=sigmas)
def test_a_correlation_of_zero_adds_the_variances(n1, s1, n2, s2):
    sigma = portfolio_sigma(n1, s1, n2, s2, 0.0)
    assert sigma == pytest.approx(math.hypot(n1 * s1, n2 * s2), rel=1e-9, abs=1e-6)


@given(n1=notionals, s1=sigmas, n2=notionals, s2=sigmas, rho=correlations)
def test_shorting_one_leg_is_the_same_as_flipping_the_correlation(n1, s1, n2, s2, rho):
    assert portfolio_sigma(n1, s1, -n2, s2, rho) == pytest.approx(
        portfolio_sigma(n1, s1, n2, s2, -rho), rel=1e-9, abs=1e-6
    )


@given(n1=notionals, s1=sigmas, n2=notionals, s2=sigmas)
def test_sigma_never_falls_as_rho_rises_for_two_longs(n1, s1, n2, s2):
    n1, n2 = abs(n1), abs(n2)
    values = portfolio_sigma(n1, s1, n2, s2, np.linspace(-1, 1, 21))
    assert np.all(np.diff(values) >= -TOLERANCE * (n1 * s1 + n2 * s2) - 1e-9)


@given(
    sigma=st.floats(min_value=0, max_value=1e7), level=st.floats(min_value=0.51, max_value=0.999)
)
def test_the_var_is_the_one_sided_normal_quantile_times_sigma(sigma, level):
    assert parametric_var(sigma, level) == pytest.approx(NormalDist().inv_cdf(level) * sigma)


def test_the_var_scales_with_the_square_root_of_the_horizon():
    assert parametric_var(100.0, 0.99, horizon_days=4) == pytest.approx(
        2 * parametric_var(100.0, 0.99)
    )


def test_the_reference_answer_keys_hold():
    """Pedagogy notes, lesson 7, exercises 2-4 (the reference rounds z to 2.326)."""
    long_long = portfolio_sigma(10_000, 0.03, 10_000, 0.04, 0.8)
    assert long_long == pytest.approx(664.83, abs=0.005)
    assert parametric_var(long_long, 0.99) == pytest.approx(1_546.40, abs=0.25)
    assert 2.326 * long_long == pytest.approx(1_546.40, abs=0.005)
    assert portfolio_sigma(10_000, 0.03, -10_000, 0.04, 0.8) == pytest.approx(240.83, abs=0.005)
    assert portfolio_sigma(10_000, 0.03, 10_000, 0.04, 1.0) == pytest.approx(700.0)
    assert 2.326 * 700 == pytest.approx(1_628.20)
    assert normal_quantile(0.99) == pytest.approx(2.3263479, abs=1e-7)


def test_results_follow_the_shape_of_the_input():
    assert isinstance(portfolio_sigma(1.0, 0.1, 1.0, 0.1, 0.5), float)
    assert portfolio_sigma(1.0, 0.1, 1.0, 0.1, [0.0, 1.0]).shape == (2,)
    series = pd.Series([0.0, 1.0], index=["calm", "crash"])
    assert list(portfolio_sigma(1.0, 0.1, 1.0, 0.1, series).index) == ["calm", "crash"]
    assert isinstance(parametric_var(100.0), float)


# ---------------------------------------------------------------- the joint shock


def _room(wallet, positions, shock_pct):
    moved = [
        Position(p.symbol, p.side, p.qty, p.entry, mark=p.mark * (1 + shock_pct / 100), mmr=p.mmr)
        for p in positions
    ]
    equity = wallet + math.fsum(p.unrealized_pnl() for p in moved)
    return equity - math.fsum(p.maintenance_margin() for p in moved)


@given(
    wallet=st.floats(min_value=100, max_value=1e6),
    btc=st.floats(min_value=0.01, max_value=10),
    eth=st.floats(min_value=0.1, max_value=100),
    eth_side=st.sampled_from(["long", "short"]),
    mmr=mmrs,
)
def test_the_joint_shock_brings_equity_exactly_to_maintenance(wallet, btc, eth, eth_side, mmr):
    book = [
        Position("BTCUSDT", "long", btc, 60_000.0, mmr=mmr),
        Position("ETHUSDT", eth_side, eth, 2_500.0, mmr=mmr),
    ]
    shock = joint_shock_to_liquidation(wallet, book)
    if math.isinf(shock) or shock == 0.0:
        return
    assert shock > -100
    assert _room(wallet, book, shock) == pytest.approx(0.0, abs=1e-6 * (wallet + 60_000 * btc))


def test_the_joint_shock_agrees_with_the_shock_table_of_lesson_03():
    book = [Position("BTCUSDT", "long", 0.5, 60_000.0), Position("ETHUSDT", "long", 8.0, 2_500.0)]
    shock = joint_shock_to_liquidation(3_000, book)
    table = shock_table(book, 3_000, [shock + 0.01, shock - 0.01])
    assert table.groupby("shock_pct").liquidated.first().tolist() == [True, False]


def test_at_rho_one_cross_buys_no_room_over_isolated_with_the_same_capital():
    book = [
        Position("BTCUSDT", "long", 10_000 / 60_000, 60_000.0),
        Position("ETHUSDT", "long", 4.0, 2_500.0),
    ]
    joint = joint_shock_to_liquidation(4_000, book)
    isolated = 100 * (isolated_liquidation_price("long", 60_000, 5, 0.005) / 60_000 - 1)
    assert joint == pytest.approx(isolated, rel=1e-12)


def test_an_account_already_below_maintenance_needs_no_shock():
    book = [Position("BTCUSDT", "long", 1.0, 60_000.0, mark=50_000.0)]
    assert joint_shock_to_liquidation(1_000, book) == 0.0


# ---------------------------------------------------------------- the data


def test_the_window_correlations_are_the_reference_answer_keys():
    """Pedagogy notes, lesson 7, exercise 1."""
    table = window_correlations().set_index("episode")
    expected = {
        "2020-03-12_black_thursday": 0.980,
        "2021-05-19_china_crash": 0.946,
        "2022-11-08_ftx_collapse": 0.972,
        "2024-08-05_yen_carry_unwind": 0.909,
        "2025-10-10_tariff_liquidation_cascade": 0.930,
    }
    assert table.correlation.round(3).to_dict() == expected
    assert table.loc["2020-03-12_black_thursday", "returns"] == 26
    assert table.attrs["attribution"] == ATTRIBUTION


def test_the_window_returns_are_log_returns_of_the_common_closes():
    returns = window_returns("2021-05-19_china_crash")
    closes = load_episode("2021-05-19_china_crash").pivot(
        index="date", columns="asset", values="close"
    )
    both = closes.dropna()
    assert len(returns) == len(both) - 1
    expected = np.log(both["ETH"].iloc[1] / both["ETH"].iloc[0])
    assert returns["ETH"].iloc[0] == pytest.approx(expected)
    simple = window_returns("2021-05-19_china_crash", "simple")
    assert np.allclose(np.log1p(simple), returns)


def test_the_rolling_correlation_ends_at_the_whole_windows_value_when_it_spans_it():
    returns = window_returns("2024-08-05_yen_carry_unwind")
    rolling = rolling_correlation("2024-08-05_yen_carry_unwind", days=len(returns))
    assert len(rolling) == 1
    assert rolling.correlation.item() == pytest.approx(returns["BTC"].corr(returns["ETH"]))
