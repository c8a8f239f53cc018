"""Bad input gets a ValueError that names the parameter and its valid range; never NaN or a numpy error."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from course.margin import (
    BINANCE_BTCUSDT_2021,
    Account,
    Position,
    adl_haircuts,
    adl_queue,
    adl_score,
    adverse_move,
    bankruptcy_price,
    book_for_sweep,
    break_even_price,
    cascade_final_price,
    cross_liquidation_price,
    effective_leverage,
    failed_reasons,
    fund_change,
    funding_cost,
    funding_payment,
    initial_margin,
    isolated_liquidation_price,
    joint_shock_to_liquidation,
    liquidate,
    liquidation_fee,
    liquidation_price,
    liquidation_price_after_funding,
    liquidation_price_after_margin_change,
    maintenance_margin,
    margin_ratio,
    mark_price,
    max_drawdown,
    notional,
    parametric_var,
    portfolio_sigma,
    pre_trade_verdict,
    pushed_by_stream,
    reason_code,
    recovery_gain,
    roe,
    shortfall,
    stop_fill,
    survivable_leverage,
    tiered_liquidation_price,
    tiered_maintenance_margin,
    trading_fee,
    unrealized_pnl,
    validate_brackets,
)
from course.scenarios import rolling_correlation, window_correlations, window_returns

GOOD = dict(side="long", entry=65_000.0, qty=0.1, collateral=650.0, mmr=0.005)
BRACKETS = BINANCE_BTCUSDT_2021.brackets


def call_liquidation(**changes):
    arguments = {**GOOD, **changes}
    positional = [arguments.pop(k) for k in ("side", "entry", "qty", "collateral", "mmr")]
    return liquidation_price(*positional, **arguments)


_ACCOUNT = {
    "equity": 10_000.0,
    "positions": [],
    "mmr": 0.005,
    "fee_rate": 0.0005,
    "funding_rate": 0.0001,
    "risk_limit": 0.02,
    "buffer": 0.01,
    "cost_limit": 0.25,
    "crash_limit": 0.25,
}
_TRADE = {
    "side": "long",
    "entry": 60_000.0,
    "stop": 58_800.0,
    "qty": 0.1,
    "leverage": 5.0,
    "hold_hours": 24,
    "worst_move": 0.3753,
}

BAD_NUMBERS = [0.0, -1.0, math.nan, math.inf, -math.inf]
PRICE_AND_SIZE = [(name, value) for name in ("entry", "qty") for value in BAD_NUMBERS]


@pytest.mark.parametrize("name, value", PRICE_AND_SIZE)
def test_liquidation_price_rejects_bad_prices_and_quantities(name, value):
    with pytest.raises(ValueError, match=rf"^{name} must be a finite (price|size) > 0; got"):
        call_liquidation(**{name: value})


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("collateral", -1.0, "finite and >= 0"),
        ("collateral", math.nan, "finite and >= 0"),
        ("collateral", math.inf, "finite and >= 0"),
        ("fee_rate", -0.001, r"in \[0, 1\)"),
        ("maint_amount", -5.0, "finite and >= 0"),
        ("mmr", -0.01, r"in \[0, 1\)"),
        ("mmr", 1.0, r"in \[0, 1\)"),
        ("mmr", 1.2, r"in \[0, 1\)"),
        ("mmr", math.nan, r"in \[0, 1\)"),
    ],
)
def test_liquidation_price_rejects_out_of_range_money_and_rates(name, value, words):
    with pytest.raises(ValueError, match=rf"^{name} must be {words}; got"):
        call_liquidation(**{name: value})


def test_mmr_message_reads_like_the_style_guide():
    with pytest.raises(ValueError) as error:
        call_liquidation(mmr=1.2)
    assert str(error.value) == "mmr must be in [0, 1); got 1.2"


def test_mmr_plus_fee_rate_must_stay_below_one():
    with pytest.raises(ValueError, match=r"mmr \+ fee_rate must be < 1"):
        call_liquidation(mmr=0.6, fee_rate=0.5)


@pytest.mark.parametrize(
    "name, value",
    [
        ("side", "sideways"),
        ("side", "Long"),
        ("side", None),
        ("side", 1),
        ("basis", "last"),
        ("basis", None),
        ("contract", "quanto"),
        ("contract", 3),
    ],
)
def test_unknown_choices_are_named(name, value):
    with pytest.raises(ValueError, match=rf"^{name} must be one of"):
        call_liquidation(**{name: value})


def test_one_bad_element_inside_an_array_is_located():
    with pytest.raises(ValueError) as error:
        call_liquidation(qty=np.array([0.1, 0.2, 0.3, np.nan]))
    assert str(error.value) == "qty must be a finite size > 0; got nan at position 3"
    with pytest.raises(ValueError, match=r"^side must be one of .* got 'flat' at position 1$"):
        call_liquidation(side=["long", "flat"])


@pytest.mark.parametrize("value", ["65000", None, [1.0, "x"], object(), {"a": 1}])
def test_non_numbers_raise_value_error_not_type_error(value):
    with pytest.raises(ValueError, match=r"^entry must be"):
        call_liquidation(entry=value)


def test_mismatched_shapes_name_the_parameters():
    with pytest.raises(ValueError, match=r"entry, qty.*cannot be broadcast together"):
        call_liquidation(entry=[1.0, 2.0, 3.0], qty=[1.0, 2.0])


@pytest.mark.parametrize("leverage", [0.5, 0.0, -3.0, math.nan, math.inf])
def test_isolated_rejects_leverage_below_one_or_not_finite(leverage):
    with pytest.raises(ValueError, match=r"^leverage must be finite and >= 1; got"):
        isolated_liquidation_price("long", 65_000, leverage, 0.005)


@pytest.mark.parametrize(
    "leverage, mmr, fee", [(200, 0.005, 0.0), (250, 0.005, 0.0), (100, 0.008, 0.002)]
)
def test_isolated_rejects_leverage_that_is_liquidated_at_once(leverage, mmr, fee):
    with pytest.raises(
        ValueError, match=r"^leverage must be < .* initial margin exceeds maintenance"
    ):
        isolated_liquidation_price("long", 65_000, leverage, mmr, fee_rate=fee)


@pytest.mark.parametrize(
    "name, value", [("extra_margin", -1.0), ("qty", 0.0), ("maint_amount", math.nan)]
)
def test_isolated_checks_its_keywords(name, value):
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        isolated_liquidation_price("short", 65_000, 10, 0.005, **{name: value})


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: bankruptcy_price("long", -1, 1, 1), "entry"),
        (lambda: bankruptcy_price("long", 1, 1, -1), "collateral"),
        (lambda: bankruptcy_price("up", 1, 1, 1), "side"),
        (lambda: bankruptcy_price("long", 1, 1, 1, contract="spot"), "contract"),
        (lambda: notional(0, 1), "qty"),
        (lambda: notional(1, math.nan), "price"),
        (lambda: initial_margin(1, 1, 0.5), "leverage"),
        (lambda: maintenance_margin(1, 1, 1.5), "mmr"),
        (lambda: maintenance_margin(1, 1, 0.1, maint_amount=-1), "maint_amount"),
        (lambda: unrealized_pnl("long", 1, 1, 0), "mark"),
        (lambda: roe("long", 1, 1, 1, math.nan), "leverage"),
        (lambda: margin_ratio("long", 1, 1, 1, -2, 0.01), "collateral"),
        (lambda: effective_leverage(100, 0), "equity"),
        (lambda: effective_leverage(-1, 10), "notional"),
        (lambda: recovery_gain(1.5), "loss"),
        (lambda: recovery_gain(-0.1), "loss"),
        (lambda: tiered_liquidation_price("long", 1, 1, -1, BRACKETS), "collateral"),
        (lambda: tiered_liquidation_price("long", 1, 1, 1, BRACKETS, basis="last"), "basis"),
        (lambda: tiered_maintenance_margin(1e12, BRACKETS), "notional"),
        (lambda: validate_brackets([(100, 0.01, 0), (50, 0.02, 1)]), r"brackets\[1\].notional_cap"),
        (lambda: validate_brackets([(100, 1.5, 0)]), r"brackets\[0\].mmr"),
        (
            lambda: validate_brackets([(100, 0.01, 0), (200, 0.02, 5)]),
            r"brackets\[1\].maint_amount",
        ),
        (lambda: validate_brackets([]), "brackets"),
        (lambda: cross_liquidation_price(-1, [Position("A", "long", 1, 1)], "A"), "wallet_balance"),
        (lambda: cross_liquidation_price(1, [Position("A", "long", 1, 1)], "B"), "symbol"),
        (lambda: cross_liquidation_price(1, ["not a position"], "A"), "positions"),
        (
            lambda: cross_liquidation_price(1, [Position("A", "long", 1, 1)], "A", basis="x"),
            "basis",
        ),
        (lambda: Position("A", "flat", 1, 1), "side"),
        (lambda: Position("A", "long", 0, 1), "qty"),
        (lambda: Position("A", "long", 1, 1, mark=math.inf), "mark"),
        (lambda: Position("A", "long", 1, 1, mmr=1.0), "mmr"),
        (lambda: Position("", "long", 1, 1), "symbol"),
        (lambda: trading_fee(-1, 0.001), "notional"),
        (lambda: trading_fee(1_000, 0.2), "fee_rate"),
        (lambda: trading_fee(1_000, -0.0002), "fee_rate"),
        (lambda: break_even_price("flat", 1, 0.001, 0.001), "side"),
        (lambda: break_even_price("long", 0, 0.001, 0.001), "entry"),
        (lambda: break_even_price("long", 1, 0.5, 0.001), "open_fee_rate"),
        (lambda: break_even_price("long", 1, 0.001, math.nan), "close_fee_rate"),
        (lambda: funding_payment("long", 0, 1, 0.0001), "qty"),
        (lambda: funding_payment("long", 1, -1, 0.0001), "mark"),
        (lambda: funding_payment("long", 1, 1, 0.5), "funding_rate"),
        (lambda: funding_cost("long", 1, 1, 0.0001, -1), "intervals"),
        (lambda: funding_cost("long", 1, 1, 0.0001, 2.5), "intervals"),
        (lambda: funding_cost("long", 1, 1, 0.0001, math.inf), "intervals"),
        (lambda: liquidation_price_after_funding("long", 1, 0.5, 0.005, 0), "leverage"),
        (lambda: liquidation_price_after_funding("long", 1, 10, 1.5, 0), "mmr"),
        (lambda: liquidation_price_after_funding("long", 1, 10, 0.2, 0), "leverage"),
        (lambda: liquidation_price_after_funding("long", 1, 10, 0.005, math.nan), "funding_paid"),
        (lambda: liquidation_price_after_funding("long", 100, 10, 0.005, 11), "funding_paid"),
        (lambda: liquidation_price_after_funding("long", 1, 10, 0.005, 0, qty=0), "qty"),
        (lambda: liquidation_price_after_funding("long", 1, 10, 0.005, 0, basis="x"), "basis"),
        (
            lambda: liquidation_price_after_margin_change("long", 100, 10, 0.005, -11),
            "margin_change",
        ),
        (lambda: liquidation_price_after_margin_change("up", 1, 10, 0.005, 0), "side"),
        (lambda: fund_change("long", 1, 1, 1, 0), "fill"),
        (lambda: fund_change("long", 1, 1, 1, 1, fund=-1), "fund"),
        (lambda: liquidation_fee("long", 1, 1, 1, 1, 1.0), "fee_rate"),
        (lambda: shortfall(math.nan, 1), "loss"),
        (lambda: shortfall(1, -1), "fund"),
        (lambda: adl_score(1, 0, 1), "collateral"),
        (lambda: adl_score(1, 1, -1), "notional"),
        (lambda: adl_haircuts(-1, [1]), "shortfall"),
        (lambda: adl_haircuts(1, [1], method="lifo"), "method"),
        (lambda: Account("a", "long", 1, 1, -1), "collateral"),
        (lambda: adl_queue([], "flat", 1), "side"),
        (lambda: liquidate([Account("a", "long", 1, 1, 1)], "b", 1, 0), "name"),
        (lambda: liquidate([Account("a", "long", 1, 1, 1)], "a", 1, 0, fee_rate=2), "fee_rate"),
        (lambda: cascade_final_price(0, [1], [1], 0.1), "shock_price"),
        (lambda: cascade_final_price(10, [1, math.nan], [1, 1], 0.1), "levels"),
        (lambda: cascade_final_price(10, [1], [-1], 0.1), "sizes"),
        (lambda: cascade_final_price(10, [1], [1], -0.1), "impact"),
        (lambda: cascade_final_price(10, [1], [1], 0.1, floor=20), "floor"),
        (lambda: book_for_sweep(300, 200, -1), "notional"),
        (lambda: mark_price([300, 0]), "venue_prices"),
        (lambda: stop_fill(300, 200, 200, order_type="limit"), "limit"),
        (lambda: stop_fill(300, 200, 200, order_type="trailing"), "order_type"),
        (lambda: pushed_by_stream([0.1, 0.2], window=0), "window"),
        (lambda: adverse_move("long", 0, 1), "entry"),
        (lambda: adverse_move("long", 1, math.nan), "price"),
        (lambda: adverse_move("up", 1, 1), "side"),
        (lambda: max_drawdown([]), "closes"),
        (lambda: max_drawdown([1.0, -1.0]), "closes"),
        (lambda: survivable_leverage("long", 1, 0.5, 1.5), "mmr"),
        (lambda: survivable_leverage("long", 1, 0.5, 0.005, basis="x"), "basis"),
        (lambda: reason_code(["luck"]), "reasons"),
        (lambda: failed_reasons(32), "code"),
        (lambda: failed_reasons(2.5), "code"),
        (lambda: pre_trade_verdict({}, _TRADE), "account"),
        (lambda: pre_trade_verdict(_ACCOUNT, {**_TRADE, "qty": 0.0}), "trade"),
        (lambda: pre_trade_verdict({**_ACCOUNT, "mmr": 1.5}, _TRADE), "account"),
        (lambda: pre_trade_verdict(_ACCOUNT, {**_TRADE, "side": "up"}), "trade"),
        (lambda: pre_trade_verdict(_ACCOUNT, {**_TRADE, "worst_move": math.nan}), "trade"),
    ],
)
def test_every_public_function_names_the_bad_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name}"):
        call()


def test_bad_input_is_never_a_silent_nan():
    """Edge cases that are valid return numbers (0.0 or inf), never NaN."""
    values = [
        liquidation_price("long", 1.0, 1.0, 5.0, 0.01),  # no positive price liquidates
        liquidation_price("short", 8_000, 1_000, 0.2, 0.01, contract="inverse"),  # none finite
        bankruptcy_price("long", 10.0, 1.0, 20.0),
        bankruptcy_price("short", 100.0, 100.0, 2.0, contract="inverse"),
        recovery_gain(1.0),
        margin_ratio("long", 100.0, 1.0, 50.0, 10.0, 0.01),
    ]
    assert values == [0.0, math.inf, 0.0, math.inf, math.inf, math.inf]
    assert not any(re.search("nan", repr(v)) for v in values)


def test_funding_beyond_the_margin_names_the_bound():
    with pytest.raises(ValueError) as error:
        liquidation_price_after_funding("long", 100, 10, 0.005, 11)
    assert str(error.value) == (
        "funding_paid must be <= 10 (the initial margin qty * entry / leverage); got 11.0"
    )


# Lesson 07: two positions' sigma and VaR, the joint shock of a cross account.
PAIR_GOOD = dict(notional_1=10_000.0, sigma_1=0.03, notional_2=-10_000.0, sigma_2=0.04)


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("notional_1", math.nan, "finite"),
        ("notional_2", math.inf, "finite"),
        ("sigma_1", -0.01, "finite and >= 0"),
        ("sigma_2", math.nan, "finite and >= 0"),
        ("correlation", 1.2, r"in \[-1, 1\]"),
        ("correlation", math.nan, r"in \[-1, 1\]"),
    ],
)
def test_portfolio_sigma_names_the_bad_parameter_and_its_range(name, value, words):
    arguments = {**PAIR_GOOD, "correlation": 0.8, name: value}
    with pytest.raises(ValueError, match=rf"^{name} must be {words}; got"):
        portfolio_sigma(**arguments)


@pytest.mark.parametrize(
    "changes, name",
    [
        ({"sigma": -1.0}, "sigma"),
        ({"confidence": 0.5}, "confidence"),
        ({"confidence": 1.0}, "confidence"),
        ({"confidence": math.nan}, "confidence"),
        ({"horizon_days": 0.0}, "horizon_days"),
        ({"horizon_days": [1.0, 2.0]}, "horizon_days"),
    ],
)
def test_parametric_var_names_the_bad_parameter(changes, name):
    arguments = {"sigma": 500.0, "confidence": 0.99, "horizon_days": 1.0, **changes}
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        parametric_var(**arguments)


ONE_LONG = [Position("BTCUSDT", "long", 1.0, 60_000.0)]


@pytest.mark.parametrize(
    "wallet, positions, basis, name",
    [
        (-1.0, ONE_LONG, "mark", "wallet_balance"),
        (math.nan, ONE_LONG, "mark", "wallet_balance"),
        (4_000.0, [], "mark", "positions"),
        (4_000.0, ONE_LONG[0], "mark", "positions"),
        (4_000.0, ONE_LONG, "last", "basis"),
    ],
)
def test_joint_shock_names_the_bad_parameter(wallet, positions, basis, name):
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        joint_shock_to_liquidation(wallet, positions, basis=basis)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: window_returns("nope"), "name"),
        (lambda: window_returns("2021-04-18_flash_crash"), "name"),  # BTC only
        (lambda: window_correlations("pct"), "kind"),
        (lambda: rolling_correlation("2022-11-08_ftx_collapse", days=2), "days"),
    ],
)
def test_the_correlation_scenarios_name_the_bad_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        call()
