"""Explorers, driven in-process: every readout number is the engine's, and moving changes it."""

from __future__ import annotations

import re

import altair as alt
import pytest

from course.engine.sizing import liquidation_distance, position_notional
from course.margin import (
    Position,
    bankruptcy_price,
    break_even_price,
    example_book,
    funding_cost,
    initial_margin,
    isolated_liquidation_price,
    liquidation_price_after_funding,
    slippage,
    trading_fee,
    unrealized_pnl,
    walk_book,
)
from course.widgets import (
    cascade_explorer,
    correlation_explorer,
    crash_explorer,
    cross_vs_isolated_explorer,
    funding_explorer,
    insurance_explorer,
    leverage_explorer,
    liquidation_explorer,
    position_sizing_explorer,
    slippage_explorer,
)
from course.widgets.parts import percent, usdt

EXPLORERS = [
    crash_explorer,
    funding_explorer,
    cascade_explorer,
    leverage_explorer,
    liquidation_explorer,
    cross_vs_isolated_explorer,
    position_sizing_explorer,
    slippage_explorer,
    correlation_explorer,
    insurance_explorer,
]


def value_of(explorer, css: str) -> str:
    match = re.search(rf'class="mm-value {css}"[^>]*><b>([^<]*)</b>', explorer.readout.value)
    assert match, f"{css} not in the readout"
    return match.group(1)


@pytest.mark.parametrize("build", EXPLORERS, ids=lambda f: f.__name__)
def test_explorer_has_stable_classes_and_a_valid_chart(build):
    explorer = build()
    topic = explorer.topic
    assert {"mm-explorer", f"mm-{topic}-explorer"} <= set(explorer._dom_classes)
    assert f"{build.__name__}".startswith(topic.replace("-", "_"))
    assert "mm-primary" in explorer.primary._dom_classes
    assert "mm-readout" in explorer.readout._dom_classes
    readout, chart = explorer._compute()
    assert isinstance(chart, alt.TopLevelMixin)
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    assert "url" not in str(spec.get("data", ""))


@pytest.mark.parametrize("build", EXPLORERS, ids=lambda f: f.__name__)
def test_moving_the_main_slider_changes_the_readout(build):
    explorer = build()
    before = explorer.readout.value
    slider = explorer.primary
    slider.value = min(slider.max, slider.value + 5 * slider.step)
    assert explorer.readout.value != before
    assert "must be" not in explorer.readout.value


def test_liquidation_readout_is_the_engines_number():
    explorer = liquidation_explorer(entry=65_000, leverage=10, mmr=0.005)
    expected = isolated_liquidation_price("long", 65_000, 10, 0.005)
    assert value_of(explorer, "mm-liquidation-price") == f"{expected:,.2f}"
    assert (
        value_of(explorer, "mm-bankruptcy-price")
        == f"{bankruptcy_price('long', 65_000, 1, 6_500):,.2f}"
    )
    explorer.controls[4].value = "entry"  # MM basis toggle
    assert value_of(explorer, "mm-liquidation-price") == "58,825.00"


def test_liquidation_explorer_shows_the_engines_error_instead_of_crashing():
    explorer = liquidation_explorer()
    explorer.controls[3].value = 5.0  # MMR 5%
    explorer.primary.value = 50  # 2% initial margin < 5% maintenance
    assert (
        "leverage must be &lt;" in explorer.readout.value
        or "leverage must be <" in explorer.readout.value
    )


def test_sizing_explorer_flags_liquidation_before_the_stop_at_20x():
    explorer = position_sizing_explorer(equity=10_000, risk_pct=2, stop_pct=5, leverage=20)
    assert value_of(explorer, "mm-size") == f"{position_notional(10_000, 0.02, 0.05):,.2f} USDT"
    assert (
        value_of(explorer, "mm-liquidation-distance")
        == f"{liquidation_distance('long', 20, 0.005):.2%}"
    )
    assert "Liquidation comes before the stop" in explorer.readout.value
    explorer.primary.value = 10
    assert "The stop fires first" in explorer.readout.value


def test_cross_vs_isolated_verdict_depends_on_the_size_of_the_shock():
    small = cross_vs_isolated_explorer(shock_pct=-9.6)
    large = cross_vs_isolated_explorer(shock_pct=-40)
    assert "LIQUIDATED" in value_of(small, "mm-isolated-btcusdt")
    assert value_of(small, "mm-cross-status") == "survives"
    assert "cross margin loses less" in small.readout.value
    assert "LIQUIDATED" in value_of(large, "mm-isolated-ethusdt")
    assert "isolated margin loses less" in large.readout.value


def test_cross_account_is_liquidated_as_a_whole_when_every_position_loses():
    longs = [Position("BTCUSDT", "long", 0.2, 65_000), Position("ETHUSDT", "long", 3.0, 3_500)]
    explorer = cross_vs_isolated_explorer(wallet_balance=5_000, positions=longs, shock_pct=-25)
    assert value_of(explorer, "mm-cross-status") == "LIQUIDATED"
    assert value_of(explorer, "mm-cross-loss") == "5,000.00 USDT"


def test_leverage_setting_changes_margin_and_roe_but_not_pnl():
    explorer = leverage_explorer(equity=10_000, position_notional=20_000, leverage=10, move_pct=-5)
    pnl, account = value_of(explorer, "mm-pnl"), value_of(explorer, "mm-account-return")
    explorer.controls[2].value = 20
    assert value_of(explorer, "mm-pnl") == pnl == "-1,000.00 USDT"
    assert value_of(explorer, "mm-account-return") == account == "-10.00%"
    assert value_of(explorer, "mm-roe") == "-100.00%"
    assert value_of(explorer, "mm-effective-leverage") == "2.00x"


def test_slippage_grows_with_the_order_size():
    explorer = slippage_explorer(qty=0.4)
    small = float(value_of(explorer, "mm-slippage").rstrip("%"))
    explorer.primary.value = 20
    assert float(value_of(explorer, "mm-slippage").rstrip("%")) > small


@pytest.mark.parametrize("move_pct", [-9.0, -9.5, -12.0, -20.0, -30.0])
def test_leverage_explorer_caps_the_loss_at_the_margin_past_liquidation(move_pct):
    equity, size, setting = 10_000.0, 20_000.0, 10.0
    explorer = leverage_explorer(equity, size, setting, move_pct)
    qty, moved = size / 100.0, 100.0 * (1 + move_pct / 100)
    margin = initial_margin(qty, 100.0, setting)
    liquidation = isolated_liquidation_price("long", 100.0, setting, 0.005, basis="entry")
    pnl = unrealized_pnl("long", 100.0, qty, moved)
    expected = -margin if moved <= liquidation else pnl
    assert value_of(explorer, "mm-pnl") == usdt(expected)
    assert value_of(explorer, "mm-equity") == usdt(equity + expected)
    assert value_of(explorer, "mm-roe") == percent(expected / margin, signed=True)
    assert ("loss stops at the margin posted" in explorer.readout.value) == (moved <= liquidation)
    assert expected >= -margin  # never more than the margin posted, even where pnl < -margin


@pytest.mark.parametrize("qty", [0.1, 0.3, 0.5])
def test_slippage_explorer_shows_no_slippage_when_the_best_bid_is_at_the_stop(qty):
    entry, stop_pct = 65_000.0, 2.0
    explorer = slippage_explorer(entry, stop_pct, qty, depth_coin=0.5, gap_ticks=0)
    stop_price = entry * (1 - stop_pct / 100)
    book = example_book(stop_price, depth_coin=0.5, levels=30, tick_fraction=0.001, gap_ticks=0)
    fills = walk_book(book, qty, "sell")
    assert slippage(fills, stop_price) == 0.0
    assert value_of(explorer, "mm-slippage") == percent(0.0)
    assert value_of(explorer, "mm-realised-loss") == value_of(explorer, "mm-planned-loss")
    assert "No slippage" in explorer.readout.value
    explorer.primary.value = 2.0  # larger than the best bid: now it walks the book
    assert "No slippage" not in explorer.readout.value


def test_funding_readout_is_the_answer_key_of_lesson_6():
    explorer = funding_explorer(days=30, funding_rate_pct=0.03, leverage=10)
    assert value_of(explorer, "mm-funding-paid") == usdt(
        funding_cost("long", 1, 60_000, 0.0003, 90)
    )
    assert value_of(explorer, "mm-liquidation-open") == "54,300.00"
    assert value_of(explorer, "mm-liquidation-now") == "55,920.00"
    assert value_of(explorer, "mm-fees") == usdt(2 * trading_fee(60_000, 0.0005))
    assert (
        value_of(explorer, "mm-break-even")
        == f"{break_even_price('long', 60_000, 0.0005, 0.0005):,.2f}"
    )


def test_funding_explorer_fees_do_not_move_with_holding_time_but_funding_does():
    explorer = funding_explorer()
    fees, paid = value_of(explorer, "mm-fees"), value_of(explorer, "mm-funding-paid")
    explorer.primary.value = 60
    assert value_of(explorer, "mm-fees") == fees
    assert value_of(explorer, "mm-funding-paid") != paid


def test_funding_explorer_negative_rate_moves_a_long_away_and_a_short_towards():
    explorer = funding_explorer(funding_rate_pct=-0.02, basis="mark")
    received = funding_cost("long", 1, 60_000, -0.0002, 14 * 3)
    expected = liquidation_price_after_funding("long", 60_000, 10, 0.005, received)
    assert value_of(explorer, "mm-liquidation-now") == f"{expected:,.2f}"
    assert "away from the mark" in explorer.readout.value
    explorer.controls[4].value = "short"
    assert "towards the mark" in explorer.readout.value


def test_funding_explorer_says_when_funding_alone_liquidates():
    explorer = funding_explorer(days=30, funding_rate_pct=0.1, leverage=50)
    assert "Liquidated on day 5.0 by funding alone" in explorer.readout.value


def test_correlation_explorer_var_grows_with_rho_for_two_longs_and_falls_for_a_hedge():
    explorer = correlation_explorer(correlation=0.0)
    low = float(value_of(explorer, "mm-var").removesuffix(" USDT").replace(",", ""))
    explorer.primary.value = 1.0
    high = float(value_of(explorer, "mm-var").removesuffix(" USDT").replace(",", ""))
    assert high > low
    hedge = correlation_explorer(correlation=0.0, eth_side="short")
    low_hedge = float(value_of(hedge, "mm-var").removesuffix(" USDT").replace(",", ""))
    hedge.primary.value = 1.0
    assert float(value_of(hedge, "mm-var").removesuffix(" USDT").replace(",", "")) < low_hedge


def test_correlation_explorer_reads_the_lessons_joint_move_and_room():
    explorer = correlation_explorer(0.9, 15_000, 5_000, btc_sigma_pct=2, eth_sigma_pct=3)
    assert value_of(explorer, "mm-room") == "3,900.00 USDT"
    assert value_of(explorer, "mm-joint-shock") == "-19.60% on both marks"
    assert value_of(explorer, "mm-sigma") == "439.89 USDT"


def test_insurance_explorer_sends_the_shortfall_to_adl_only_when_the_fund_runs_out():
    explorer = insurance_explorer(fill=44_000, fund=40_000)
    assert value_of(explorer, "mm-shortfall") == usdt(60_000)
    assert "The fund runs out" in explorer.readout.value
    explorer.controls[1].value = 100_000
    assert value_of(explorer, "mm-shortfall") == usdt(0)
    assert "the fund pays the whole deficit" in explorer.readout.value
    explorer.primary.value = 45_500
    assert "surplus" in explorer.readout.value
    assert value_of(explorer, "mm-haircut-A").startswith(usdt(0))


def test_insurance_explorer_fee_takes_its_share_before_the_fund():
    explorer = insurance_explorer(fill=45_500, fund=0, fee_rate_pct=0.1)
    fee = 0.001 * 100 * 45_500
    assert value_of(explorer, "mm-fee") == usdt(fee)
    assert value_of(explorer, "mm-fund-change") == usdt(100 * 500 - fee)


def test_the_cascade_explorer_shows_the_toy_and_its_half_impact():
    explorer = cascade_explorer()
    assert value_of(explorer, "mm-final-price") == "74.50"
    assert value_of(explorer, "mm-clusters-sold") == "4 of 4"
    explorer.primary.value = 0.25
    assert value_of(explorer, "mm-final-price") == "95.75"
    assert value_of(explorer, "mm-clusters-sold") == "1 of 4"
    assert "stopped above the cluster at 95.00" in explorer.readout.value


def test_the_cascade_explorer_with_no_impact_sells_only_what_the_shock_reaches():
    explorer = cascade_explorer(impact_per_thousand=0.0, shock_price=94.0)
    assert value_of(explorer, "mm-final-price") == "94.00"
    assert value_of(explorer, "mm-clusters-sold") == "2 of 4"


def test_crash_explorer_counts_are_the_grids():
    from course.scenarios.crashes import outcome_grid

    explorer = crash_explorer("2020-03-12_black_thursday BTC", wallet_multiple=2.0)
    grid = outcome_grid("2020-03-12_black_thursday", "BTC", wallet_multiple=2.0)
    cells = len(grid) // 4
    for css, mode, basis in [
        ("mm-isolated-close", "isolated", "close"),
        ("mm-isolated-low", "isolated", "reported low"),
        ("mm-cross-close", "cross", "close"),
        ("mm-cross-low", "cross", "reported low"),
    ]:
        count = int(grid[(grid["mode"] == mode) & (grid["basis"] == basis)]["liquidated"].sum())
        assert value_of(explorer, css) == f"{count} of {cells}"


def test_crash_explorer_window_menu_redraws_for_another_window():
    explorer = crash_explorer()
    before = value_of(explorer, "mm-crash-low")
    explorer.controls[0].value = "2020-03-12_black_thursday ETH"
    assert value_of(explorer, "mm-crash-low") != before
