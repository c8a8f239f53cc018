"""Charts: offline, themed, under altair's row limit, and every number from the engine."""

import math

import altair as alt
import numpy as np
import pandas as pd
import pytest

from course import charts
from course.charts import (
    OKABE_ITO,
    THEME,
    cascade_chart,
    cascade_sweep_chart,
    correlation_chart,
    crash_heatmap,
    depth_chart,
    depth_table,
    distance_chart,
    equity_chart,
    equity_table,
    fund_chart,
    fund_table,
    funding_chart,
    haircut_chart,
    haircut_table,
    holding_costs_chart,
    ladder_chart,
    ladder_table,
    leverage_chart,
    liquidation_table,
    marked_shock_chart,
    outcome_chart,
    outcome_table,
    price_path_chart,
    price_path_table,
    returns_chart,
    returns_table,
    rolling_correlation_chart,
    shock_chart,
    shock_table,
    tier_chart,
    tier_table,
    var_chart,
    var_table,
)
from course.engine.clearing import EXAMPLE_BOOK
from course.margin import (
    BINANCE_BTCUSDT_2021,
    Position,
    bankruptcy_price,
    cross_liquidation_price,
    example_book,
    funding_cost,
    isolated_liquidation_price,
    liquidation_price_after_funding,
    parametric_var,
    portfolio_sigma,
    tiered_maintenance_margin,
    unrealized_pnl,
    walk_book,
)
from course.scenarios import ATTRIBUTION, rolling_correlation, window_correlations
from course.scenarios.cascade import TOY, cascade_clusters, cascade_path, cascade_sweep
from course.scenarios.costs import funding_table, holding_costs
from course.scenarios.crashes import outcome_grid
from tests.chart_width import (  # noqa: E402
    MAX_PANEL_WIDTH,
    MAX_TOTAL_WIDTH,
    has_legend,
    panel_widths,
    total_width,
    walk,
)

ROW_LIMIT = 5_000  # altair's default MaxRowsError threshold, which the course keeps on
# Okabe & Ito (2008), "Color Universal Design": the eight colours, written out independently.
OKABE_ITO_REFERENCE = {
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
}


def simulation(paths: int, steps: int = 5, seed: int = 0) -> pd.DataFrame:
    """A seeded stand-in for course.scenarios.simulation's step-by-step output (same columns)."""
    rng = np.random.default_rng(seed)
    frames = []
    for mode, wallet in (("cross", 5_000.0), ("isolated", 3_000.0)):
        equity = wallet + np.cumsum(rng.normal(0, 800, (paths, steps)), axis=1)
        liquidated = np.maximum.accumulate(equity <= 300, axis=1)
        equity = np.where(liquidated, 0.0, equity)
        frames.append(
            pd.DataFrame(
                {
                    "path": np.repeat(np.arange(paths), steps),
                    "time": np.tile(np.arange(steps), paths),
                    "mode": mode,
                    "equity": equity.ravel(),
                    "liquidated": liquidated.ravel(),
                    "loss": (wallet - equity).ravel(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def crash_path(steps: int = 300) -> pd.DataFrame:
    """Daily prices that fall from 100 to 70 and recover to 90."""
    prices = np.concatenate([np.linspace(100, 70, steps // 2), np.linspace(70, 90, steps // 2)])
    return pd.DataFrame(
        {"time": pd.date_range("2020-03-01", periods=steps, freq="D"), "price": prices}
    )


BTC = Position("BTCUSDT", "long", qty=1, entry=60_000)
ETH = Position("ETHUSDT", "short", qty=10, entry=3_000)
SOL = Position("SOLUSDT", "long", qty=100, entry=150, mmr=0.01)

BUILDERS = {
    "leverage": lambda: leverage_chart(
        liquidation_table("long", 65_000, range(1, 126), [0.004, 0.01, 0.025], marked=20)
    ),
    "distance": lambda: distance_chart(liquidation_table("short", 65_000, marked=10)),
    "price_path": lambda: price_path_chart(price_path_table(crash_path(), "long", 5, 0.005)),
    "price_path_steps": lambda: price_path_chart(
        price_path_table(
            pd.DataFrame({"time": np.arange(20_000), "price": np.linspace(100, 130, 20_000)}),
            "short",
            10,
            0.005,
        )
    ),
    "equity": lambda: equity_chart(equity_table(simulation(50, steps=20_000))),
    "outcome": lambda: outcome_chart(outcome_table(simulation(50_000))),
    "tier": lambda: tier_chart(tier_table()),
    "shock": lambda: shock_chart(shock_table([BTC, ETH, SOL], 8_000)),
    "marked_shock": lambda: marked_shock_chart(shock_chart(shock_table([BTC, ETH], 6_000)), -5),
    "returns": lambda: returns_chart(returns_table(5_000, 6_000, 10), 2),
    "returns_capped": lambda: returns_chart(
        returns_table(5_000, 6_000, 10, range(-30, 31), mmr=0.005), -12
    ),
    "ladder": lambda: ladder_chart(ladder_table(65_000, 5, 20, 0.005)),
    "var": lambda: var_chart(var_table(10_000, 0.03, -10_000, 0.04, marked=0.8), room=3_900),
    "var_unmarked": lambda: var_chart(var_table(10_000, 0.03, 10_000, 0.04)),
    "correlation": lambda: correlation_chart(window_correlations()),
    "rolling_correlation": lambda: rolling_correlation_chart(
        rolling_correlation("2024-08-05_yen_carry_unwind", days=7)
    ),
    "crash_heatmap": lambda: crash_heatmap(outcome_grid("2020-03-12_black_thursday", "BTC")),
    "depth": lambda: depth_chart(
        depth_table(example_book(), walk_book(example_book(), 2.0, "sell")), 65_000
    ),
    "funding": lambda: funding_chart(funding_table("long", 60_000, 10, 0.005, 0.0003, 90)),
    "funding_liquidated": lambda: funding_chart(
        funding_table("short", 3_000, 50, 0.005, -0.001, 30)
    ),
    "holding_costs": lambda: holding_costs_chart(holding_costs(10_000, 0.0005, 0.0001, 60)),
    "fund": lambda: fund_chart(
        fund_table(EXAMPLE_BOOK[0], np.linspace(41_000, 47_000, 121), fund=40_000), 45_000, 44_000
    ),
    "haircut": lambda: haircut_chart(haircut_table(EXAMPLE_BOOK, "whale", 44_000, 40_000)),
    "cascade": lambda: cascade_chart(
        cascade_path(97, TOY["levels"], TOY["sizes"], 0.0005, start=100),
        cascade_clusters(97, TOY["levels"], TOY["sizes"], 0.0005),
    ),
    "cascade_sweep": lambda: cascade_sweep_chart(
        cascade_sweep(97, TOY["levels"], TOY["sizes"], np.linspace(0, 0.001, 41))
    ),
}


def unit_specs(spec: dict) -> list[dict]:
    """The specs that draw a mark (layers, concatenated panels, facet bodies)."""
    return [part for part in walk(spec) if "mark" in part and "encoding" in part]


@pytest.fixture(scope="module", params=list(BUILDERS), ids=list(BUILDERS))
def built(request):
    chart = BUILDERS[request.param]()
    return chart, chart.to_dict(validate=True)  # altair validates against Vega-Lite 5


def test_importing_charts_selects_the_offline_mimetype_renderer():
    assert alt.renderers.active == "mimetype"


def test_the_theme_is_enabled_and_uses_the_okabe_ito_palette():
    assert alt.theme.active == THEME
    palette = charts.margin_mechanics_theme()["config"]["range"]["category"]
    assert set(palette) == OKABE_ITO_REFERENCE
    assert len(palette) == len(OKABE_ITO) == 8


def test_every_builder_returns_an_altair_top_level_chart(built):
    chart, _ = built
    assert isinstance(
        chart, (alt.Chart, alt.LayerChart, alt.HConcatChart, alt.VConcatChart, alt.FacetChart)
    )


def test_every_chart_carries_the_theme_colours_and_tooltip_default(built):
    _, spec = built
    assert spec["config"]["range"]["category"] == list(OKABE_ITO)
    assert spec["config"]["mark"]["tooltip"] == {"content": "encoding"}


def test_every_chart_embeds_its_data_and_loads_nothing_from_a_url(built):
    _, spec = built
    assert not any("url" in part for part in walk(spec))
    assert spec["datasets"]  # inline values, named once at the top
    for part in walk(spec):
        if "data" in part and isinstance(part["data"], dict):
            assert set(part["data"]) <= {"name", "values"}


def test_every_chart_stays_under_the_row_limit(built):
    _, spec = built
    assert all(len(rows) < ROW_LIMIT for rows in spec["datasets"].values())


def test_every_chart_fits_the_output_area_of_a_1280_px_window(built):
    _, spec = built
    default = spec["config"]["view"]["continuousWidth"]
    assert max(panel_widths(spec, spec["datasets"], default)) <= MAX_PANEL_WIDTH
    assert total_width(spec) <= MAX_TOTAL_WIDTH


def test_every_mark_has_a_tooltip(built):
    _, spec = built
    marks = unit_specs(spec)
    assert marks
    assert all("tooltip" in mark["encoding"] for mark in marks)


def test_every_positional_axis_title_names_its_unit(built):
    _, spec = built
    for mark in unit_specs(spec):
        for channel in ("x", "y"):
            encoding = mark["encoding"].get(channel, {})
            if "field" in encoding and encoding.get("axis", {}) is not None:
                assert "(" in encoding.get("title", ""), (channel, encoding)


def test_the_row_limit_is_still_on_for_raw_simulations():
    raw = simulation(2_000)
    assert len(raw) > ROW_LIMIT
    with pytest.raises(alt.MaxRowsError):
        alt.Chart(raw).mark_point().encode(x="loss:Q").to_dict()


@pytest.mark.parametrize("basis", ["mark", "entry"])
@pytest.mark.parametrize("side", ["long", "short"])
def test_liquidation_table_matches_the_engine_at_every_leverage(side, basis):
    table = liquidation_table(side, 65_000, [2, 10, 50], [0.005, 0.01], bases=[basis])
    for row in table.itertuples():
        expected = isolated_liquidation_price(side, 65_000, row.leverage, row.mmr, basis=basis)
        assert row.liquidation_price == expected
        assert row.distance_pct == pytest.approx(abs(expected - 65_000) / 65_000 * 100)
    at_ten = table[table.leverage.eq(10) & table.mmr.eq(0.005)]
    assert at_ten.liquidation_price.item() == isolated_liquidation_price(
        side, 65_000, 10, 0.005, basis=basis
    )


def test_liquidation_table_leaves_out_leverages_that_open_already_liquidated():
    table = liquidation_table("long", 65_000, [10, 39, 40, 60], [0.025])
    assert sorted(table.leverage.unique()) == [10, 39]


def test_liquidation_table_adds_and_flags_the_marked_leverage():
    table = liquidation_table("long", 65_000, [5, 20], [0.005, 0.01], marked=12.5)
    assert set(table.loc[table.marked, "leverage"]) == {12.5}
    assert table.marked.sum() == 4  # 2 bases x 2 MMRs


def test_price_path_levels_come_from_the_engine():
    table = price_path_table(crash_path(), "long", 5, 0.005, basis="entry")
    levels = table.set_index("series").price
    assert levels["entry"] == 100.0
    assert levels["liquidation"] == isolated_liquidation_price("long", 100, 5, 0.005, basis="entry")
    assert levels["bankruptcy"] == bankruptcy_price("long", 100, 1, 100 / 5)


@pytest.mark.parametrize("side", ["long", "short"])
def test_price_path_marks_the_first_crossing_of_the_liquidation_price(side):
    prices = [100, 97, 91, 89, 93, 88] if side == "long" else [100, 103, 109, 111, 107, 112]
    path = pd.DataFrame({"time": range(6), "price": np.array(prices, dtype=float)})
    table = price_path_table(path, side, leverage=10, mmr=0.005)
    moment = table[table.series.eq("liquidated")]
    assert moment[["time", "price"]].values.tolist() == [[3, prices[3]]]


def test_a_path_that_never_reaches_liquidation_has_no_liquidation_mark():
    path = pd.DataFrame({"time": range(3), "price": [100.0, 99.0, 101.0]})
    assert "liquidated" not in set(price_path_table(path, "long", 5, 0.005).series)


def test_thinning_a_long_path_keeps_its_extremes_and_the_liquidation():
    rng = np.random.default_rng(1)
    prices = 100 * np.exp(np.cumsum(rng.normal(0, 0.002, 100_000)))
    prices[60_000] = prices.min() * 0.5  # a one-step wick far below everything else
    path = pd.DataFrame({"time": np.arange(100_000), "price": prices})
    table = price_path_table(path, "long", 2, 0.005, entry=float(prices[0]), max_points=500)
    line = table[table.series.eq("price")]
    assert len(line) <= 500
    assert line.price.min() == prices.min() and line.price.max() == prices.max()
    crossed = np.flatnonzero(prices <= table.set_index("series").price["liquidation"])[0]
    assert table.loc[table.series.eq("liquidated"), "time"].item() == crossed
    assert crossed in set(line.time)


def test_price_path_reads_named_columns_such_as_an_episode():
    episode = crash_path().rename(columns={"time": "date", "price": "close"})
    table = price_path_table(episode, "long", 5, 0.005, time_column="date", price_column="close")
    spec = price_path_chart(table).to_dict()
    assert {
        mark["encoding"]["x"]["type"] for mark in unit_specs(spec) if "x" in mark["encoding"]
    } == {"temporal"}


def test_equity_table_flags_each_modes_first_liquidation_once():
    table = equity_table(simulation(20, steps=50), path=3)
    assert set(table.path) == {3}
    for _, rows in table.groupby("mode"):
        first_liquidated = rows.liquidated.to_numpy().argmax() if rows.liquidated.any() else None
        flagged = np.flatnonzero(rows.liquidation_moment.to_numpy())
        assert flagged.tolist() == ([] if first_liquidated is None else [first_liquidated])


def test_equity_table_thins_each_mode_and_keeps_the_liquidation():
    raw = simulation(2, steps=30_000, seed=3)
    table = equity_table(raw, path=1, max_points=400)
    assert table.groupby("mode").size().max() <= 400
    for mode, rows in raw[raw.path.eq(1)].groupby("mode"):
        if rows.liquidated.any():
            first = rows.loc[rows.liquidated, "time"].min()
            kept = table[table["mode"].eq(mode) & table.liquidation_moment]
            assert kept.time.tolist() == [first]


def test_outcome_table_keeps_fifty_thousand_paths_under_the_row_limit():
    raw = simulation(50_000)
    table = outcome_table(raw, bins=40)
    assert len(table) <= 2 * 2 * 40 < ROW_LIMIT
    assert table.groupby("mode").paths.sum().to_dict() == {"cross": 50_000, "isolated": 50_000}
    final = raw[raw.time.eq(raw.time.max())]
    liquidated = final.groupby("mode").liquidated.sum()
    counted = table[table.outcome.eq("liquidated")].groupby("mode").paths.sum()
    assert counted.to_dict() == liquidated[liquidated > 0].to_dict()
    assert math.isclose(table.loss_start.min(), final.loss.min())
    assert math.isclose(table.loss_end.max(), final.loss.max())


def test_tier_table_matches_the_engine_and_is_continuous_at_every_cap():
    brackets = BINANCE_BTCUSDT_2021.brackets
    table = tier_table(brackets)
    assert (
        table.maintenance_margin.tolist()
        == tiered_maintenance_margin(table.notional.to_numpy(), brackets).tolist()
    )
    for cap in [row.notional_cap for row in brackets[:-1]]:
        at, above = table[table.notional.ge(cap)].maintenance_margin.iloc[:2]
        assert above == pytest.approx(at, rel=1e-9)
    assert table.boundary.sum() == 2 * (len(brackets) - 1)


def test_tier_chart_uses_log_notional_and_log_margin_axes():
    spec = tier_chart(tier_table()).to_dict()
    margin_panel = spec["vconcat"][0]["layer"][0]["encoding"]
    assert margin_panel["x"]["scale"]["type"] == "log"
    assert margin_panel["y"]["scale"]["type"] == "log"


def test_shock_table_pnl_comes_from_the_engine():
    table = shock_table([BTC, ETH], 6_000, [-5, 0, 5])
    for row in table.itertuples():
        entry = {"BTCUSDT": 60_000, "ETHUSDT": 3_000}[row.symbol]
        qty = {"BTCUSDT": 1, "ETHUSDT": 10}[row.symbol]
        assert row.pnl == unrealized_pnl(row.side, entry, qty, entry * (1 + row.shock_pct / 100))
    # Lesson 3, exercise 3: both fall 5%, equity 4,500 USDT.
    assert set(table.loc[table.shock_pct.eq(-5), "account_equity"]) == {4_500.0}


def test_shock_table_flags_agree_with_each_cross_liquidation_price():
    table = shock_table([BTC, ETH, SOL], 8_000, np.arange(-30, 30.5, 0.5))
    assert table.liquidated.any() and not table.liquidated.all()
    # Liquidation comes while equity is still positive: at maintenance, not at zero.
    assert (table.liquidated & table.account_equity.gt(0)).any()
    for row in table.itertuples():
        beyond = (
            row.mark <= row.liquidation_price
            if row.side == "long"
            else (row.mark >= row.liquidation_price)
        )
        assert row.liquidated == beyond
    shocked = [
        Position(p.symbol, p.side, p.qty, p.entry, mark=p.entry * 0.9, mmr=p.mmr)
        for p in (BTC, ETH, SOL)
    ]
    at_minus_ten = table[table.shock_pct.eq(-10) & table.symbol.eq("SOLUSDT")]
    assert at_minus_ten.liquidation_price.item() == pytest.approx(
        cross_liquidation_price(8_000, shocked, "SOLUSDT"), rel=1e-12
    )


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: outcome_table(simulation(3).drop(columns="loss")), "simulation"),
        (lambda: outcome_table(simulation(3), bins=0), "bins"),
        (lambda: equity_table(simulation(3), max_points=3), "max_points"),
        (lambda: equity_table(simulation(3), path=99), "path"),
        (lambda: equity_table(simulation(3).iloc[:0]), "simulation"),
        (
            lambda: price_path_table(
                pd.DataFrame({"time": [0, 1], "price": [1.0, np.nan]}), "long", 5, 0.005
            ),
            "price",
        ),
        (lambda: liquidation_table("long", 65_000, [0.5, 2]), "leverages"),
        (lambda: liquidation_table("long", 65_000, [2], [1.5]), "mmrs"),
        (lambda: shock_table([BTC], 1_000, [-100]), "shocks_pct"),
        (lambda: shock_table([], 1_000), "positions"),
        (lambda: tier_table(start=60_000), "start"),
        (lambda: ladder_table(65_000, 5, 20, 0.005, side="sideways"), "side"),
        (lambda: ladder_table(65_000, 5, 20, 0.005, side=["long"]), "side"),
        (lambda: ladder_table(65_000, 0, 20, 0.005), "stop_pct"),
        (lambda: ladder_table(65_000, 5, 20, 0.005, basis="last"), "basis"),
    ],
    ids=[
        "missing-column",
        "bins",
        "max-points",
        "unknown-path",
        "empty",
        "nan-price",
        "leverage-below-one",
        "mmr-above-one",
        "shock-minus-100",
        "no-positions",
        "start",
        "ladder-side",
        "ladder-side-array",
        "ladder-stop",
        "ladder-basis",
    ],
)
def test_bad_input_names_the_parameter(make, name):
    with pytest.raises(ValueError, match=name):
        make()


def test_the_course_simulation_output_draws_directly():
    simulation_module = pytest.importorskip("course.scenarios.simulation")
    scenarios = pytest.importorskip("course.scenarios")
    prices = scenarios.gbm_paths(60_000, 0.0, 0.8, steps=60, paths=3_000, seed=7)
    raw = simulation_module.simulate_margin_modes(
        prices, "long", qty=1, leverage=20, wallet_balance=5_000
    )
    assert len(raw) > ROW_LIMIT
    outcome_chart(outcome_table(raw)).to_dict()
    equity_chart(equity_table(raw, path=0)).to_dict()
    summary = simulation_module.summarize_margin_modes(
        prices, "long", qty=1, leverage=20, wallet_balance=5_000
    )
    assert outcome_table(summary).equals(outcome_table(raw))


@pytest.mark.parametrize("side", ["flat", "Long", None])
def test_ladder_table_names_side_and_its_valid_values(side):
    with pytest.raises(ValueError, match=r"side must be one of 'long', 'short'"):
        ladder_table(65_000, 5, 20, 0.005, side=side)


@pytest.mark.parametrize("side", ["long", "short"])
@pytest.mark.parametrize("basis", ["mark", "entry"])
def test_ladder_table_prices_come_from_the_engine(side, basis):
    table = ladder_table(65_000, 5, 20, 0.005, side=side, basis=basis).set_index("level")
    expected = isolated_liquidation_price(side, 65_000, 20, 0.005, basis=basis)
    assert table.loc["liquidation", "price"] == pytest.approx(expected)
    assert table.loc["bankruptcy", "price"] == pytest.approx(
        bankruptcy_price(side, 65_000, 1.0, 65_000 / 20)
    )


def test_tier_chart_has_one_legend_naming_all_four_series():
    spec = tier_chart(tier_table(points=20)).to_dict()
    assert has_legend(spec)
    colours = [
        part["encoding"]["color"]
        for part in walk(spec)
        if isinstance(part.get("encoding"), dict) and "color" in part["encoding"]
    ]
    domains = {tuple(colour["scale"]["domain"]) for colour in colours}
    assert len(colours) == 4 and len(domains) == 1
    named = {
        step["calculate"]
        for part in walk(spec)
        for step in part.get("transform", [])
        if "calculate" in step
    }
    assert {f"{name!r}" for name in next(iter(domains))} == named


def test_ladder_labels_sit_in_one_column_per_level():
    table = ladder_table(65_000, 5, 20, 0.005)  # at 20x the stop is the bankruptcy price
    prices = table.set_index("level").price
    assert prices["stop"] == pytest.approx(prices["bankruptcy"])
    spec = ladder_chart(table).to_dict()
    texts = [
        part
        for part in walk(spec)
        if part.get("mark", {}) == {"type": "text"}
        or (isinstance(part.get("mark"), dict) and part["mark"].get("type") == "text")
    ]
    assert len(texts) == 1
    x = texts[0]["encoding"]["x"]
    assert x["field"] == "level" and x["type"] == "nominal"


@pytest.mark.parametrize("basis", ["mark", "entry"])
@pytest.mark.parametrize("side", ["long", "short"])
def test_funding_table_matches_the_engine_at_every_funding_time(side, basis):
    table = funding_table(side, 60_000, 10, 0.005, 0.0003, 30, qty=0.5, basis=basis)
    assert len(table) == 91
    for row in table.iloc[::10].itertuples():
        paid = funding_cost(side, 0.5, 60_000, 0.0003, row.interval)
        assert row.funding_paid == pytest.approx(paid)
        assert row.margin_left == pytest.approx(3_000 - paid)
        assert row.liquidation_price == liquidation_price_after_funding(
            side, 60_000, 10, 0.005, paid, qty=0.5, basis=basis
        )


def test_funding_table_stops_when_the_flat_mark_meets_the_liquidation_price():
    table = funding_table("long", 60_000, 50, 0.005, 0.001, 30)
    assert table.liquidated.tolist() == [False] * 15 + [True]
    assert table.liquidation_price.iloc[-1] == pytest.approx(60_000)


def test_holding_costs_keep_fees_flat_while_funding_grows():
    table = holding_costs(10_000, 0.0002, 0.0001, 30)
    assert table.trading_fees.nunique() == 1
    assert table.funding.iloc[-1] == pytest.approx(90.0)


def test_var_table_is_the_engines_sigma_and_var_at_every_correlation_and_flags_the_mark():
    table = var_table(10_000, 0.03, -10_000, 0.04, marked=0.83)
    assert table.marked.sum() == 1 and table.loc[table.marked, "correlation"].item() == 0.83
    assert table.correlation.is_monotonic_increasing
    for row in table.itertuples():
        sigma = portfolio_sigma(10_000, 0.03, -10_000, 0.04, row.correlation)
        assert row.sigma == pytest.approx(sigma, rel=1e-12)
        assert row.var == pytest.approx(parametric_var(sigma, 0.99), rel=1e-12)


@pytest.mark.parametrize(
    "chart",
    [
        lambda: correlation_chart(window_correlations()),
        lambda: rolling_correlation_chart(rolling_correlation("2022-11-08_ftx_collapse")),
    ],
)
def test_the_correlation_charts_carry_the_coin_metrics_attribution(chart):
    spec = chart().to_dict()
    assert spec["title"]["subtitle"] == ATTRIBUTION
    assert "CC BY-NC 4.0" in spec["title"]["subtitle"]


def test_fund_table_is_the_engines_fund_change_and_fee():
    whale = EXAMPLE_BOOK[0]
    table = fund_table(whale, [44_000, 45_500], fund=40_000, fee_rate=0.001)
    wide = table.pivot(index="fill", columns="part", values="usdt")
    assert wide.loc[44_000, "fund"] == -40_000  # capped at the fund's balance
    assert wide.loc[45_500, "fee"] == pytest.approx(0.001 * 100 * 45_500)
    assert wide.loc[45_500, "fund"] == pytest.approx(50_000 - 0.001 * 100 * 45_500)


def test_haircut_table_has_both_methods_and_the_queue_takes_the_first_in_line():
    table = haircut_table(EXAMPLE_BOOK, "whale", 44_000, 40_000)
    queue = table[table.method.eq("queue")].set_index("name")
    pro_rata = table[table.method.eq("pro_rata")].set_index("name")
    assert queue.haircut.tolist() == [60_000, 0, 0]
    assert pro_rata.haircut_pct.tolist() == pytest.approx([18.75] * 3)
    assert queue.haircut.sum() == pytest.approx(pro_rata.haircut.sum())


def test_the_cascade_chart_draws_the_engines_path_and_flags_each_cluster():
    path = cascade_path(97, TOY["levels"], TOY["sizes"], 0.00025, start=100)
    clusters = cascade_clusters(97, TOY["levels"], TOY["sizes"], 0.00025)
    spec = cascade_chart(path, clusters).to_dict()
    frames = [pd.DataFrame(rows) for rows in spec["datasets"].values()]
    drawn = next(frame for frame in frames if "price_after" in frame)
    assert drawn.price_after.tolist() == [97.0, 95.75]
    flags = next(frame for frame in frames if "fired" in frame)
    assert flags.fired.tolist() == [True, False, False, False]


def test_the_sweep_chart_falls_with_the_impact_on_each_density():
    sweep = cascade_sweep(97, TOY["levels"], TOY["sizes"], np.linspace(0, 0.001, 41))
    for _, line in sweep.groupby("density"):
        assert (np.diff(line.final_price.to_numpy()) <= 1e-12).all()
