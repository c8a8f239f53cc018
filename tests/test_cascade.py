"""The cascade simulator, the venues' mark and a stop's fill: answer keys, properties, bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.engine.cascade import (
    cascade_final_price,
    cascade_fired,
    even_clusters,
    sorted_clusters,
)
from course.engine.feeds import pushed_by_stream, shown_share
from course.engine.orderbook import vwap, walk_book
from course.engine.venues import book_for_sweep, mark_price, stop_fill
from course.scenarios.cascade import (
    GDAX,
    TOY,
    cascade_clusters,
    cascade_path,
    cascade_sweep,
    liquidation_burst,
)

TOY_ARGS = (TOY["shock_price"], TOY["levels"], TOY["sizes"])

level_lists = st.lists(
    st.floats(min_value=1.0, max_value=1_000.0, allow_nan=False), min_size=1, max_size=12
)
impacts = st.floats(min_value=0.0, max_value=0.01, allow_nan=False)


@st.composite
def cascades(draw):
    """A shock price, clusters below and around it, and an impact."""
    levels = draw(level_lists)
    sizes = draw(
        st.lists(
            st.floats(min_value=0.0, max_value=50_000.0, allow_nan=False),
            min_size=len(levels),
            max_size=len(levels),
        )
    )
    shock = draw(st.floats(min_value=1.0, max_value=1_200.0, allow_nan=False))
    return shock, levels, sizes, draw(impacts)


# ---------------------------------------------------------------- answer keys


def test_the_toy_cascade_ends_at_the_reference_price():
    """Pedagogy notes, lesson 9, exercise 1: 74.5 (-25.5% from 100), 95.75 at half the impact."""
    assert cascade_final_price(*TOY_ARGS, impact=0.0005) == pytest.approx(74.5)
    assert cascade_final_price(*TOY_ARGS, impact=0.00025) == pytest.approx(95.75)
    assert (74.5 / TOY["start"] - 1) == pytest.approx(-0.255)


def test_the_path_ends_where_the_final_price_is():
    path = cascade_path(*TOY_ARGS, TOY["impact"], start=TOY["start"])
    assert path.price_after.iloc[-1] == cascade_final_price(*TOY_ARGS, impact=TOY["impact"])
    assert path.price_before.iloc[0] == TOY["start"]
    assert (path.price_before.iloc[1:].to_numpy() == path.price_after.iloc[:-1].to_numpy()).all()
    assert path.sold.iloc[-1] == sum(TOY["sizes"])


def test_the_sweep_is_the_engine_on_every_pair():
    sweep = cascade_sweep(*TOY_ARGS, [0.0, 0.0003, 0.0005], [0.5, 2.0])
    for row in sweep.itertuples():
        sizes = np.asarray(TOY["sizes"]) * row.density
        expected = cascade_final_price(TOY["shock_price"], TOY["levels"], sizes, row.impact)
        assert row.final_price == pytest.approx(expected)


def test_the_gdax_book_raises_the_notional_and_ends_at_the_last_fill():
    book = book_for_sweep(GDAX["best"], GDAX["worst"], GDAX["notional"], GDAX["book_levels"])
    fills = walk_book(book, book["size"].sum(), "sell")
    assert fills.notional.sum() == pytest.approx(GDAX["notional"])
    assert fills.price.iloc[0] == GDAX["best"] and fills.price.iloc[-1] == GDAX["worst"]
    assert vwap(fills) == pytest.approx((GDAX["best"] + GDAX["worst"]) / 2)


def test_stops_on_the_mark_do_not_cascade_and_stops_on_the_last_price_do():
    mark = mark_price([GDAX["worst"], *GDAX["other_venues"]])
    assert mark == GDAX["other_venues"][0]
    on_mark = cascade_fired(mark, GDAX["levels"], GDAX["sizes"], GDAX["impact"])
    assert not on_mark.any()
    on_last = cascade_final_price(
        GDAX["worst"], GDAX["levels"], GDAX["sizes"], GDAX["impact"], floor=GDAX["floor"]
    )
    assert on_last == pytest.approx(GDAX["floor"])


# ---------------------------------------------------------------- properties


@given(cascades())
def test_the_price_never_rises_along_a_cascade(case):
    shock, levels, sizes, impact = case
    path = cascade_path(shock, levels, sizes, impact)
    assert (np.diff(path.price_after.to_numpy()) <= 1e-12).all()
    assert path.price_after.iloc[-1] <= shock


@given(cascades(), impacts)
def test_more_impact_never_gives_a_higher_final_price(case, extra):
    shock, levels, sizes, impact = case
    low = cascade_final_price(shock, levels, sizes, impact)
    high = cascade_final_price(shock, levels, sizes, impact + extra)
    assert high <= low + 1e-9


@given(cascades(), st.floats(min_value=1.0, max_value=4.0))
def test_denser_clusters_never_give_a_higher_final_price(case, factor):
    shock, levels, sizes, impact = case
    thin = cascade_final_price(shock, levels, sizes, impact)
    dense = cascade_final_price(shock, levels, [factor * s for s in sizes], impact)
    assert dense <= thin + 1e-9


@given(cascades())
def test_zero_impact_fires_only_the_clusters_the_shock_reaches(case):
    shock, levels, sizes, _ = case
    fired = cascade_fired(shock, levels, sizes, 0.0).astype(bool)
    ordered, _ = sorted_clusters(levels, sizes)
    # with no impact the price stays at the shock: the chain is the clusters at or above it
    reached = ordered >= shock
    assert (fired == (np.cumprod(reached) > 0)).all()
    assert cascade_final_price(shock, levels, sizes, 0.0) == shock


@given(cascades())
def test_the_fired_clusters_are_a_prefix_and_the_first_unfired_is_out_of_reach(case):
    shock, levels, sizes, impact = case
    fired = cascade_fired(shock, levels, sizes, impact).astype(bool)
    count = int(fired.sum())
    assert fired[:count].all() and not fired[count:].any()
    final = cascade_final_price(shock, levels, sizes, impact)
    ordered, _ = sorted_clusters(levels, sizes)
    if count < len(ordered):
        assert final > ordered[count]


@given(cascades(), st.lists(impacts, min_size=1, max_size=5))
@settings(max_examples=50)
def test_a_vector_of_impacts_gives_each_scalar_answer(case, rates):
    shock, levels, sizes, _ = case
    vector = cascade_final_price(shock, levels, sizes, rates)
    for rate, value in zip(rates, vector, strict=True):
        assert value == cascade_final_price(shock, levels, sizes, rate)


def test_the_final_price_never_goes_below_the_floor():
    assert cascade_final_price(10, [10, 5], [1_000, 1_000], 1.0, floor=0.1) == 0.1
    assert cascade_final_price(10, [10, 5], [1_000, 1_000], 1.0) == 0.0


def test_a_series_of_impacts_keeps_its_index():
    rates = pd.Series([0.00025, 0.0005], index=["half", "full"])
    result = cascade_final_price(*TOY_ARGS, impact=rates)
    assert result.to_dict() == {"half": 95.75, "full": 74.5}


def test_even_clusters_are_spaced_and_sized_as_asked():
    levels, sizes = even_clusters(100, 2.5, 4, 1_000)
    assert levels.tolist() == [100, 97.5, 95, 92.5] and sizes.tolist() == [1_000] * 4


def test_the_cluster_table_flags_what_the_path_used():
    clusters = cascade_clusters(*TOY_ARGS, 0.00025)
    path = cascade_path(*TOY_ARGS, 0.00025)
    assert clusters[clusters.fired].level.tolist() == path.level.dropna().tolist()


# ---------------------------------------------------------------- stops


@pytest.mark.parametrize(
    ("watched", "order_type", "filled"),
    [("last", "market", True), ("last", "limit", False), ("mark", "market", False)],
)
def test_a_stop_fills_only_on_the_price_it_watches_and_its_limit(watched, order_type, filled):
    low = GDAX["worst"] if watched == "last" else mark_price([GDAX["worst"], *GDAX["other_venues"]])
    fill = stop_fill(300, low, 209.48, order_type=order_type, limit=295)
    assert math.isnan(fill) != filled


def test_a_stop_limit_fills_at_its_limit_when_the_first_trade_is_above_it():
    assert stop_fill(300, 299, 298, order_type="limit", limit=295) == 295


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: cascade_final_price(0, [1], [1], 0.1), "shock_price"),
        (lambda: cascade_final_price(10, [-1], [1], 0.1), "levels"),
        (lambda: cascade_final_price(10, [1], [-1], 0.1), "sizes"),
        (lambda: cascade_final_price(10, [1, 2], [1], 0.1), "levels and sizes"),
        (lambda: cascade_final_price(10, [1], [1], -0.1), "impact"),
        (lambda: cascade_final_price(10, [1], [1], float("nan")), "impact"),
        (lambda: cascade_final_price(10, [1], [1], 0.1, floor=10), "floor"),
        (lambda: cascade_final_price([10, 9], [1], [1], [0.1, 0.2, 0.3]), "shock_price, impact"),
        (lambda: cascade_fired(10, [1], [1], [0.1, 0.2]), "must be numbers"),
        (lambda: even_clusters(10, 5, 3, 1), "spacing"),
        (lambda: even_clusters(10, 1, 0, 1), "count"),
        (lambda: book_for_sweep(200, 300, 1e6), "worst"),
        (lambda: book_for_sweep(300, 200, 0), "notional"),
        (lambda: book_for_sweep(300, 200, 1e6, levels=1), "levels"),
        (lambda: mark_price([]), "venue_prices"),
        (lambda: mark_price([300, -1]), "venue_prices"),
        (lambda: stop_fill(300, 200, 200, order_type="stop"), "order_type"),
        (lambda: stop_fill(300, 200, 200, order_type="limit"), "limit"),
        (lambda: stop_fill("300", 200, 200), "stop"),
        (lambda: cascade_path(97, [97], [1], 0.1, start=90), "start"),
    ],
)
def test_bad_input_raises_a_value_error_naming_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# ---------------------------------------------------------------- throttled feeds


@given(
    st.lists(st.floats(min_value=0.0, max_value=120.0, allow_nan=False), min_size=1, max_size=80)
)
def test_the_stream_pushes_one_liquidation_per_second_that_had_any(times):
    pushed = pushed_by_stream(times)
    assert pushed.sum() == len({math.floor(t) for t in times})


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0.0, max_value=30.0, allow_nan=False),
            st.floats(min_value=1.0, max_value=1e6, allow_nan=False),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_a_throttled_total_is_a_lower_bound(events):
    times, sizes = zip(*events, strict=True)
    share = shown_share(times, sizes)
    assert 0.0 < share <= 1.0 + 1e-12


def test_the_stream_shows_the_latest_of_each_second_whatever_the_input_order():
    assert pushed_by_stream([0.9, 0.1, 1.5]).tolist() == [True, False, True]


def test_the_seeded_burst_is_the_same_every_time():
    assert liquidation_burst(seed=3).equals(liquidation_burst(seed=3))
