"""Seeded paths, the shipped crash windows, and cross against isolated margin over many paths.

Every number an assertion compares with is worked out here from the balance sheet
(margin = notional / leverage, equity = margin + uPnL, MM = qty * price * mmr), never read
back from the code under test. All randomness is seeded.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from course.margin import isolated_liquidation_price, liquidation_price
from course.scenarios import (
    ATTRIBUTION,
    MAX_ROWS,
    attribution,
    data_source,
    episode_names,
    episode_path,
    episodes,
    gbm_paths,
    jump_paths,
    load_episode,
    simulate_margin_modes,
    summarize_margin_modes,
)

EPISODES = (
    "2020-03-12_black_thursday",
    "2021-04-18_flash_crash",
    "2021-05-19_china_crash",
    "2022-11-08_ftx_collapse",
    "2024-08-05_yen_carry_unwind",
    "2025-10-10_tariff_liquidation_cascade",
)


def outcome(table: pd.DataFrame, mode: str, path: int = 0) -> pd.Series:
    """The summary row of one mode and path."""
    rows = table[(table["mode"] == mode) & (table["path"] == path)]
    assert len(rows) == 1
    return rows.iloc[0]


# Seeded paths ---------------------------------------------------------------------------------


def test_same_seed_gives_the_same_paths_and_another_seed_does_not():
    first = gbm_paths(60_000, 0.05, 0.8, steps=30, paths=50, seed=11)
    again = gbm_paths(60_000, 0.05, 0.8, steps=30, paths=50, seed=11)
    other = gbm_paths(60_000, 0.05, 0.8, steps=30, paths=50, seed=12)
    np.testing.assert_array_equal(first, again)
    assert not np.allclose(first, other)
    crash = dict(jump_rate=3, jump_mean=-0.2, jump_std=0.05)
    crashing = jump_paths(100, 0, 0.5, 30, 50, seed=4, **crash)
    np.testing.assert_array_equal(crashing, jump_paths(100, 0, 0.5, 30, 50, seed=4, **crash))
    assert not np.allclose(crashing, jump_paths(100, 0, 0.5, 30, 50, seed=5, **crash))


def test_paths_have_shape_paths_by_steps_plus_one_and_start_at_start():
    prices = gbm_paths(65_000, 0.0, 0.6, steps=365, paths=200, seed=1)
    assert prices.shape == (200, 366)
    assert (prices[:, 0] == 65_000).all()
    assert (prices > 0).all()
    assets = jump_paths(
        [60_000, 3_000, 150],
        0.0,
        [0.6, 0.8, 1.0],
        steps=10,
        paths=7,
        jump_rate=2,
        jump_mean=-0.3,
        seed=2,
    )
    assert assets.shape == (7, 11, 3)
    np.testing.assert_array_equal(assets[:, 0, :], np.broadcast_to([60_000, 3_000, 150], (7, 3)))


def test_zero_volatility_gives_the_deterministic_exponential_growth():
    prices = gbm_paths(100, drift=0.1, volatility=0.0, steps=365, paths=3, seed=0)
    np.testing.assert_allclose(prices[:, -1], 100 * math.exp(0.1))


def test_gbm_log_returns_have_the_model_mean_and_standard_deviation():
    drift, volatility, dt = 0.2, 0.8, 1 / 365
    returns = np.diff(np.log(gbm_paths(1.0, drift, volatility, 365, 4_000, seed=7, dt=dt)), axis=1)
    expected_mean = (drift - volatility**2 / 2) * dt
    expected_std = volatility * math.sqrt(dt)
    standard_error = expected_std / math.sqrt(returns.size)
    assert abs(returns.mean() - expected_mean) < 5 * standard_error
    assert returns.std() == pytest.approx(expected_std, rel=0.005)


def test_each_asset_uses_its_own_volatility():
    prices = gbm_paths([100, 100], 0.0, [0.0, 0.5], steps=100, paths=100, seed=3)
    assert (prices[:, :, 0] == 100).all()
    returns = np.diff(np.log(prices[:, :, 1]), axis=1)
    assert returns.std() == pytest.approx(0.5 * math.sqrt(1 / 365), rel=0.02)


def test_jump_paths_without_jumps_equal_gbm_paths_with_the_same_seed():
    plain = gbm_paths(100, 0.05, 0.7, steps=50, paths=20, seed=9)
    no_jumps = jump_paths(100, 0.05, 0.7, steps=50, paths=20, jump_rate=0, jump_mean=-0.5, seed=9)
    np.testing.assert_allclose(no_jumps, plain, rtol=1e-12)


def test_jump_paths_have_crashes_as_often_as_the_jump_rate_says():
    jump_rate, crash, paths = 2.0, math.log(0.7), 1_000
    calm = gbm_paths(100, 0.0, 0.5, 365, paths, seed=5)
    crashing = jump_paths(100, 0.0, 0.5, 365, paths, jump_rate=jump_rate, jump_mean=crash, seed=5)
    # A daily 50% volatility step is 0.026 in log; a 30% crash is -0.357, 9 of those away.
    threshold = crash / 2
    assert (np.diff(np.log(calm), axis=1) < threshold).sum() == 0
    crash_days = (np.diff(np.log(crashing), axis=1) < threshold).sum()
    expected = paths * 365 * (1 - math.exp(-jump_rate / 365))  # days with at least one jump
    assert abs(crash_days - expected) < 5 * math.sqrt(expected)
    worst_day = np.diff(np.log(crashing), axis=1).min()
    assert worst_day < crash


def test_jumps_in_one_step_are_poisson_and_add_up_in_log():
    # One step of one year, fixed 10% log drops, no diffusion: log(S1/S0) = N * jump_mean.
    jump_rate, jump_mean, paths = 5.0, -0.1, 20_000
    prices = jump_paths(
        1.0,
        0.0,
        0.0,
        steps=1,
        paths=paths,
        jump_rate=jump_rate,
        jump_mean=jump_mean,
        seed=6,
        dt=1.0,
        compensate=False,
    )
    counts = np.log(prices[:, 1]) / jump_mean
    np.testing.assert_allclose(counts, np.round(counts), atol=1e-9)
    assert abs(counts.mean() - jump_rate) < 5 * math.sqrt(jump_rate / paths)
    assert counts.var() == pytest.approx(jump_rate, rel=0.05)
    # Lognormal sizes: a compound Poisson sum, variance jump_rate * (jump_mean**2 + jump_std**2).
    spread = jump_paths(
        1.0,
        0.0,
        0.0,
        steps=1,
        paths=paths,
        jump_rate=jump_rate,
        jump_mean=jump_mean,
        jump_std=0.05,
        seed=6,
        dt=1.0,
        compensate=False,
    )
    variance = jump_rate * (jump_mean**2 + 0.05**2)
    assert np.log(spread[:, 1]).var() == pytest.approx(variance, rel=0.05)


def test_compensated_jumps_keep_the_mean_price_of_gbm():
    jump_rate, jump_mean, jump_std = 4.0, -0.15, 0.05
    prices = jump_paths(
        1.0,
        0.0,
        0.3,
        365,
        20_000,
        jump_rate=jump_rate,
        jump_mean=jump_mean,
        jump_std=jump_std,
        seed=8,
    )
    assert prices[:, -1].mean() == pytest.approx(1.0, abs=0.02)
    uncompensated = jump_paths(
        1.0,
        0.0,
        0.3,
        365,
        20_000,
        jump_rate=jump_rate,
        jump_mean=jump_mean,
        jump_std=jump_std,
        seed=8,
        compensate=False,
    )
    mean_jump = math.exp(jump_mean + jump_std**2 / 2) - 1
    assert uncompensated[:, -1].mean() == pytest.approx(math.exp(jump_rate * mean_jump), abs=0.02)


# Real crash windows ----------------------------------------------------------------------------


def test_every_shipped_episode_loads_as_a_tidy_table_with_attribution():
    assert episode_names() == EPISODES
    table = episodes()
    assert list(table.columns) == ["date", "episode", "asset", "close"]
    assert pd.api.types.is_datetime64_any_dtype(table["date"])
    assert set(table["asset"]) == {"BTC", "ETH"}
    assert table["close"].notna().all() and (table["close"] > 0).all()
    assert not table.duplicated(["date", "episode", "asset"]).any()
    assert table.attrs["attribution"] == ATTRIBUTION
    for name in EPISODES:
        assert load_episode(name).attrs["attribution"] == ATTRIBUTION


def test_black_thursday_has_the_documented_dates_and_closes():
    btc = load_episode("2020-03-12_black_thursday", asset="BTC")
    eth = load_episode("2020-03-12_black_thursday", asset="ETH")
    assert btc["date"].min() == pd.Timestamp("2020-03-03")
    assert btc["date"].max() == pd.Timestamp("2020-03-31")
    assert eth["date"].max() == pd.Timestamp("2020-03-29")  # ETH was extracted to 29 March
    close = btc.set_index("date")["close"]
    assert close["2020-03-11"] == 7_939.34 and close["2020-03-12"] == 4_959.31
    assert close["2020-03-12"] / close["2020-03-11"] - 1 == pytest.approx(-0.375, abs=0.0005)
    assert load_episode("2021-04-18_flash_crash")["asset"].unique().tolist() == ["BTC"]


def test_episode_path_is_one_path_ready_for_the_simulation():
    path = episode_path("2025-10-10_tariff_liquidation_cascade", "BTC")
    assert path.shape == (1, 25)
    assert path[0, 0] == 113_971.74
    table = summarize_margin_modes(path, "long", qty=0.1, leverage=20, wallet_balance=2_000)
    assert set(table["mode"]) == {"cross", "isolated"}


def test_attribution_names_coin_metrics_and_the_non_commercial_licence():
    assert attribution() == ATTRIBUTION
    assert "Coin Metrics" in ATTRIBUTION and "CC BY-NC 4.0" in ATTRIBUTION
    notes = data_source()
    assert "CC BY-NC 4.0" in notes and "NonCommercial" in notes


def test_unknown_episode_lists_the_valid_names():
    with pytest.raises(ValueError, match="name must be one of") as error:
        load_episode("black_thursday")
    assert all(name in str(error.value) for name in EPISODES)
    with pytest.raises(ValueError, match="asset"):
        load_episode(EPISODES[0], asset="SOL")


# Cross against isolated ------------------------------------------------------------------------


def test_ten_x_long_falling_20_percent_loses_its_margin_isolated_but_only_the_move_in_cross():
    entry, qty, leverage, wallet = 100.0, 1.0, 10, 1_000.0
    margin = qty * entry / leverage  # 10 USDT
    table = summarize_margin_modes([[entry, 80.0]], "long", qty, leverage, wallet)
    isolated, cross = outcome(table, "isolated"), outcome(table, "cross")
    assert isolated["liquidated"] and isolated["liquidation_time"] == 1
    assert isolated["loss"] == pytest.approx(margin)
    assert isolated["final_equity"] == pytest.approx(wallet - margin)
    assert not cross["liquidated"] and pd.isna(cross["liquidation_time"])
    assert cross["loss"] == pytest.approx(qty * entry * 0.20)


def test_isolated_is_not_always_safer_a_small_dip_liquidates_only_isolated():
    # $20,000 of BTC long at 60,000 and 20x: $1,000 isolated margin, or a $5,000 cross wallet.
    entry, qty, leverage, wallet, mmr = 60_000.0, 1 / 3, 20, 5_000.0, 0.005
    margin = qty * entry / leverage
    dip = 57_000.0
    assert margin + qty * (dip - entry) <= qty * dip * mmr  # isolated equity 0 <= MM 95
    assert wallet + qty * (dip - entry) > qty * dip * mmr  # cross equity 4,000 > MM 95
    table = summarize_margin_modes([[entry, dip, entry]], "long", qty, leverage, wallet, mmr)
    isolated, cross = outcome(table, "isolated"), outcome(table, "cross")
    assert isolated["liquidated"] and isolated["loss"] == pytest.approx(margin)  # 1,000
    assert not cross["liquidated"] and cross["loss"] == pytest.approx(0.0)  # the dip recovered


def test_isolated_is_not_always_safer_a_huge_crash_costs_cross_the_whole_wallet():
    entry, qty, leverage, wallet, mmr = 60_000.0, 1 / 3, 20, 5_000.0, 0.005
    margin = qty * entry / leverage
    crash = 45_000.0
    assert wallet + qty * (crash - entry) <= qty * crash * mmr  # cross equity 0 <= MM 75
    table = summarize_margin_modes([[entry, crash]], "long", qty, leverage, wallet, mmr)
    isolated, cross = outcome(table, "isolated"), outcome(table, "cross")
    assert cross["liquidated"] and cross["loss"] == pytest.approx(wallet)  # 5,000
    assert isolated["liquidated"] and isolated["loss"] == pytest.approx(margin)  # 1,000
    assert cross["loss"] > isolated["loss"]


@pytest.mark.parametrize("side", ["long", "short"])
@pytest.mark.parametrize("basis", ["mark", "entry"])
def test_liquidation_comes_exactly_at_the_engine_liquidation_price(side, basis):
    entry, qty, leverage, wallet, mmr = 60_000.0, 0.5, 20, 6_000.0, 0.005
    isolated_price = isolated_liquidation_price(side, entry, leverage, mmr, qty=qty, basis=basis)
    cross_price = liquidation_price(side, entry, qty, wallet, mmr, basis=basis)
    worse = 1.0 - 1e-6 if side == "long" else 1.0 + 1e-6
    better = 1.0 + 1e-6 if side == "long" else 1.0 - 1e-6
    for mode, price in [("isolated", isolated_price), ("cross", cross_price)]:
        prices = [[entry, price * better], [entry, price * worse]]
        table = summarize_margin_modes(prices, side, qty, leverage, wallet, mmr, basis=basis)
        assert not outcome(table, mode, path=0)["liquidated"]
        assert outcome(table, mode, path=1)["liquidated"]


def test_a_hedge_survives_in_cross_while_isolated_loses_one_leg():
    # Long and short 1 coin of the same asset at 10x: in cross the PnLs cancel.
    entry, leverage, wallet = 100.0, 10, 1_000.0
    margin = entry / leverage
    table = summarize_margin_modes([[entry, 150.0]], ["long", "short"], 1.0, leverage, wallet)
    cross, isolated = outcome(table, "cross"), outcome(table, "isolated")
    assert not cross["liquidated"] and cross["loss"] == pytest.approx(0.0)
    assert isolated["liquidations"] == 1
    # The short loses its 10 USDT margin; the long keeps its 50 USDT gain.
    assert isolated["loss"] == pytest.approx(margin - 50.0)


def test_each_position_follows_its_own_price_column():
    prices = np.array([[[100.0, 10.0], [120.0, 5.0]]])  # asset 1 halves, asset 0 rises 20%
    table = summarize_margin_modes(
        prices, "long", qty=[1.0, 1.0], leverage=[10, 10], wallet_balance=1_000
    )
    isolated, cross = outcome(table, "isolated"), outcome(table, "cross")
    assert isolated["liquidations"] == 1
    assert isolated["loss"] == pytest.approx(1.0 - 20.0)  # lose 1 of margin, gain 20
    assert cross["loss"] == pytest.approx(5.0 - 20.0)


def test_losses_stay_within_the_margin_at_risk_on_random_crashing_paths():
    prices = jump_paths([60_000, 3_000], 0.0, 0.8, 90, 2_000, jump_rate=3, jump_mean=-0.3, seed=21)
    qty, leverage, wallet = np.array([0.2, 2.0]), np.array([10, 20]), 3_000.0
    margins = qty * prices[:, 0, :] / leverage
    table = summarize_margin_modes(prices, ["long", "short"], qty, leverage, wallet)
    cross = table[table["mode"] == "cross"]
    isolated = table[table["mode"] == "isolated"]
    assert (table["final_equity"] >= 0).all()
    assert (cross["loss"] <= wallet + 1e-9).all()
    assert (isolated["loss"].to_numpy() <= margins.sum(axis=1) + 1e-9).all()
    assert (cross.loc[cross["liquidated"], "loss"] == wallet).all()
    assert cross["liquidated"].any() and isolated["liquidated"].any()


def test_the_long_table_thins_steps_and_agrees_with_the_summary():
    prices = gbm_paths(100, 0.0, 1.5, steps=100, paths=30, seed=13)
    summary = summarize_margin_modes(prices, "long", 1.0, 5, 50.0)
    table = simulate_margin_modes(prices, "long", 1.0, 5, 50.0, every=7)
    kept = sorted(set(range(0, 101, 7)) | {100})
    assert list(table.columns) == ["path", "time", "mode", "equity", "liquidated", "loss"]
    assert len(table) == 2 * 30 * len(kept)
    assert sorted(table["time"].unique()) == kept
    last = table[table["time"] == 100].reset_index(drop=True)
    np.testing.assert_allclose(last["equity"], summary["final_equity"])
    np.testing.assert_array_equal(last["liquidated"], summary["liquidated"])
    np.testing.assert_allclose(table["loss"], 50.0 - table["equity"])
    # Once liquidated, a path stays liquidated.
    flags = table.pivot_table(
        index=["mode", "path"], columns="time", values="liquidated", observed=True
    )
    assert (np.diff(flags.to_numpy().astype(int), axis=1) >= 0).all()


# Bad input --------------------------------------------------------------------------------------

PATH_DEFAULTS = dict(start=100.0, drift=0.0, volatility=0.5, steps=5, paths=3, seed=0)


@pytest.mark.parametrize(
    "name, value",
    [
        ("start", 0.0),
        ("start", [[1.0, 2.0]]),
        ("drift", math.nan),
        ("volatility", -0.1),
        ("steps", 0),
        ("steps", 2.5),
        ("paths", True),
        ("seed", None),
        ("seed", -1),
        ("dt", 0.0),
    ],
    ids=lambda value: repr(value),
)
def test_bad_path_input_names_the_parameter(name, value):
    with pytest.raises(ValueError, match=f"^{name} must be"):
        gbm_paths(**{**PATH_DEFAULTS, name: value})


@pytest.mark.parametrize(
    "name, value",
    [("jump_rate", -1.0), ("jump_mean", math.inf), ("jump_std", -0.1), ("compensate", "yes")],
)
def test_bad_jump_input_names_the_parameter(name, value):
    arguments = {**PATH_DEFAULTS, "jump_rate": 1.0, "jump_mean": -0.2, name: value}
    with pytest.raises(ValueError, match=f"^{name} must be"):
        jump_paths(**arguments)


SIMULATION_DEFAULTS = dict(
    prices=[[100.0, 80.0]], side="long", qty=1.0, leverage=10, wallet_balance=1_000.0
)


@pytest.mark.parametrize(
    "name, value",
    [
        ("prices", [100.0, 80.0]),
        ("prices", [[100.0, -80.0]]),
        ("prices", "high"),
        ("side", "flat"),
        ("qty", 0.0),
        ("qty", [[1.0]]),
        ("leverage", 0.5),
        ("leverage", 500),
        ("mmr", 1.0),
        ("wallet_balance", 5.0),
        ("wallet_balance", [1_000.0]),
        ("basis", "index"),
        ("every", 0),
    ],
)
def test_bad_simulation_input_names_the_parameter(name, value):
    with pytest.raises(ValueError, match=f"^{name} must be"):
        simulate_margin_modes(**{**SIMULATION_DEFAULTS, name: value})


def test_prices_and_positions_must_agree_on_the_number_of_positions():
    with pytest.raises(ValueError, match="qty, leverage.* cannot be broadcast together"):
        summarize_margin_modes([[100.0, 90.0]], "long", [1.0, 2.0], [10, 10, 10], 1_000.0)
    with pytest.raises(ValueError, match="prices has 2 position columns"):
        summarize_margin_modes(np.full((1, 3, 2), 100.0), "long", [1.0, 1.0, 1.0], 10, 1_000.0)


def test_a_table_too_big_to_build_asks_for_a_larger_every():
    prices = np.full((MAX_ROWS // 4 + 1, 2), 100.0)
    with pytest.raises(ValueError, match="every must leave at most"):
        simulate_margin_modes(prices, "long", 1.0, 10, 1_000.0)


def test_per_asset_parameters_must_broadcast_together():
    with pytest.raises(ValueError, match="start, drift, volatility cannot be broadcast together"):
        gbm_paths([100.0, 200.0], 0.0, [0.1, 0.2, 0.3], steps=2, paths=2, seed=0)
