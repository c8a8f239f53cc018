"""Lesson 03 (cross vs isolated): every result its prose quotes comes from the engine, and its
exercises say what the lesson claims about them.

NUMBERS lists each number as written in a markdown cell of the solution notebook (with a few
words around it where the number alone is ambiguous), with the engine call that reproduces it
and the format that turns the call's value into that text.
"""

from __future__ import annotations

import dataclasses
import math
import re

import numpy as np
import pytest

import course.feedback.questions  # noqa: F401  (fills the registry)
from course import (
    Position,
    cross_liquidation_price,
    initial_margin,
    isolated_liquidation_price,
    liquidation_price,
)
from course.hints import MISCONCEPTIONS, hint_for, question
from course.scenarios import (
    episode_path,
    gbm_paths,
    jump_paths,
    load_episode,
    simulate_margin_modes,
    summarize_margin_modes,
)
from tests.lesson_numbers import lesson_prose, markdown_of, percent, whole_usdt
from tests.lesson_numbers import usdt as _usdt
from tests.test_lessons import release_path

SLUG = "03-cross-vs-isolated"

# The lesson's account: 4,000 USDT, a 0.25 BTC long at 64,000 USDT, 20x isolated, MMR 0.5%.
WALLET, QTY, ENTRY, MMR, LEVERAGE = 4_000.0, 0.25, 64_000.0, 0.005, 20.0
BTC = Position("BTCUSDT", "long", QTY, ENTRY, mmr=MMR)
ETH = Position("ETHUSDT", "short", 1.0, 3_200.0)
BTC_UP = dataclasses.replace(BTC, mark=66_560.0)  # both marks 4% higher
ETH_UP = dataclasses.replace(ETH, mark=3_328.0)
BINANCE_BTC = Position("BTCUSDT", "long", 109.488, 32_481.98, 31_967.27, 0.025, 16_300)
BINANCE_ETH = Position("ETHUSDT", "long", 3_683.979, 1_456.84, 1_335.18, 0.10, 135_365)
CRASH_NAME = "2020-03-12_black_thursday"
CRASH = episode_path(CRASH_NAME, "BTC")
OCTOBER_NAME = "2025-10-10_tariff_liquidation_cascade"
OCTOBER = episode_path(OCTOBER_NAME, "BTC")
HEDGED = [Position("BTCUSDT", "long", 0.75, 64_000.0), Position("ETHUSDT", "short", 12.5, 3_200.0)]


def _around(template: str, form=None):
    """Format the value with ``form`` (default two decimals) and put it in ``template``."""
    form = form or (lambda value: f"{value:,.2f}")
    return lambda value: template.format(form(value))


def _isolated(extra: float = 0.0, leverage: float = LEVERAGE) -> float:
    return isolated_liquidation_price("long", ENTRY, leverage, MMR, qty=QTY, extra_margin=extra)


def _cross() -> float:
    return cross_liquidation_price(WALLET, [BTC], "BTCUSDT")


def _shock_losses(price: float):
    """Loss per mode for the account's long when the price moves from entry to ``price``."""
    table = summarize_margin_modes([[ENTRY, price]], "long", QTY, LEVERAGE, WALLET)
    return table.set_index("mode")["loss"]


def _explorer(shock_pct: float) -> dict:
    """What the explorer's readout computes at ``shock_pct``, from `Position` methods."""
    moved = [dataclasses.replace(p, mark=p.entry * (1 + shock_pct / 100)) for p in (BTC, ETH)]
    btc_liquidation = isolated_liquidation_price("long", ENTRY, LEVERAGE, MMR, qty=QTY)
    btc_isolated_loss = (
        initial_margin(QTY, ENTRY, LEVERAGE)
        if moved[0].mark <= btc_liquidation
        else -moved[0].unrealized_pnl()
    )
    equity = WALLET + math.fsum(p.unrealized_pnl() for p in moved)
    return {
        "btc_isolated_loss": btc_isolated_loss,
        "eth_gain": moved[1].unrealized_pnl(),
        "cross_loss": WALLET - equity,
        "cross_liquidated": equity <= math.fsum(p.maintenance_margin() for p in moved),
    }


def _buggy_collateral() -> float:
    """freqtrade's 2024 cross sum: the short's PnL computed as if it were a long."""
    return WALLET - ETH_UP.maintenance_margin() + ETH_UP.qty * (ETH_UP.mark - ETH_UP.entry)


def _simulated():
    prices = gbm_paths(64_000, drift=0.0, volatility=0.6, steps=30, paths=1_000, seed=3)
    return prices, summarize_margin_modes(prices, "long", QTY, LEVERAGE, WALLET)


def _with_jumps():
    crashes = jump_paths(
        64_000, 0.0, 0.6, 30, 1_000, jump_rate=6, jump_mean=np.log(0.85), jump_std=0.05, seed=3
    )
    return summarize_margin_modes(crashes, "long", QTY, LEVERAGE, WALLET)


def _share(table, mode: str) -> float:
    return float(table.loc[table["mode"] == mode, "liquidated"].mean())


def _differences():
    losses = _simulated()[1].pivot(index="path", columns="mode", values="loss")
    return losses["isolated"] - losses["cross"]


def _crash_replay():
    return summarize_margin_modes(CRASH, "long", 16_000 / CRASH[0, 0], LEVERAGE, WALLET)


def _crash_close(day: int) -> float:
    return float(CRASH[0, day])


def _mode_stats():
    """The Monte Carlo table's columns, as the lesson's groupby computes them."""
    summary = _simulated()[1]
    by_mode = summary.groupby("mode", observed=True)["loss"]
    return by_mode.mean(), by_mode.apply(lambda loss: (loss > 0).mean())


def _october_from(day: int):
    """The October replay entered at the window's close number ``day``, losses per mode."""
    path = OCTOBER[:, day:]
    table = summarize_margin_modes(path, "long", 16_000 / path[0, 0], LEVERAGE, WALLET)
    return table.set_index("mode")


def _october_extra(day: int) -> float:
    losses = _october_from(day)["loss"]
    return float(losses["isolated"] - losses["cross"])


def _october_day(date: str) -> int:
    dates = load_episode(OCTOBER_NAME, asset="BTC")["date"]
    return int(dates.index[dates == date][0])


# (text as written in the lesson, engine call, format)
NUMBERS = [
    # A worked example.
    ("notional is 16,000.00 USDT", lambda: QTY * ENTRY, _around("notional is {} USDT")),
    (
        "800.00 USDT of the wallet",
        lambda: initial_margin(QTY, ENTRY, LEVERAGE),
        _around("{} USDT of the wallet"),
    ),
    (
        "effective leverage is 4.0x",
        lambda: QTY * ENTRY / WALLET,
        _around("effective leverage is {}x", lambda v: f"{v:.1f}"),
    ),
    ("liquidated at 61,105.53 USDT", _isolated, _around("liquidated at {} USDT")),
    ("4.52% below entry", lambda: 1 - _isolated() / ENTRY, _around("{} below entry", percent(2))),
    ("cross long at 48,241.21 USDT", _cross, _around("cross long at {} USDT")),
    ("24.62% below", lambda: 1 - _cross() / ENTRY, _around("{} below", percent(2))),
    (
        "both lose the same 480.00 USDT",
        lambda: _shock_losses(62_080)["cross"],
        _around("both lose the same {} USDT"),
    ),
    (
        "loses its 800.00 USDT margin",
        lambda: _shock_losses(56_000)["isolated"],
        _around("loses its {} USDT margin"),
    ),
    (
        "still open, 2,000.00 USDT down",
        lambda: _shock_losses(56_000)["cross"],
        _around("still open, {} USDT down"),
    ),
    (
        "whole 4,000.00 USDT wallet",
        lambda: _shock_losses(47_000)["cross"],
        _around("whole {} USDT wallet"),
    ),
    (
        "still loses 800.00 USDT",
        lambda: _shock_losses(47_000)["isolated"],
        _around("still loses {} USDT"),
    ),
    # Adding margin.
    ("liquidated at 57,889.45 USDT", lambda: _isolated(800), _around("liquidated at {} USDT")),
    (
        "becomes 48,241.21 USDT, exactly the cross one",
        lambda: _isolated(3_200),
        _around("becomes {} USDT, exactly the cross one"),
    ),
    # Two positions in one wallet.
    ("long gains 640.00 USDT", BTC_UP.unrealized_pnl, _around("long gains {} USDT")),
    ("short loses 128.00 USDT", lambda: -ETH_UP.unrealized_pnl(), _around("short loses {} USDT")),
    ("83.20", BTC_UP.maintenance_margin, _around("{}")),
    ("16.64 USDT", ETH_UP.maintenance_margin, _usdt),
    (
        "Equity is 4,512.00 USDT",
        lambda: WALLET + BTC_UP.unrealized_pnl() + ETH_UP.unrealized_pnl(),
        _around("Equity is {} USDT"),
    ),
    (
        "99.84 USDT of maintenance margin",
        lambda: BTC_UP.maintenance_margin() + ETH_UP.maintenance_margin(),
        _around("{} USDT of maintenance margin"),
    ),
    (
        "margin ratio of 2.21%",
        lambda: (
            (BTC_UP.maintenance_margin() + ETH_UP.maintenance_margin())
            / (WALLET + BTC_UP.unrealized_pnl() + ETH_UP.unrealized_pnl())
        ),
        _around("margin ratio of {}", percent(2)),
    ),
    (
        "BTC is liquidated at 48,822.67 USDT",
        lambda: cross_liquidation_price(WALLET, [BTC_UP, ETH_UP], "BTCUSDT"),
        _around("BTC is liquidated at {} USDT"),
    ),
    (
        "581.47 USDT higher",
        lambda: cross_liquidation_price(WALLET, [BTC_UP, ETH_UP], "BTCUSDT") - _cross(),
        _around("{} USDT higher"),
    ),
    (
        "ETH is liquidated at 7,718.21 USDT",
        lambda: cross_liquidation_price(WALLET, [BTC_UP, ETH_UP], "ETHUSDT"),
        _around("ETH is liquidated at {} USDT"),
    ),
    (
        "short's loss of 128 USDT",
        lambda: -ETH_UP.unrealized_pnl(),
        _around("short's loss of {} USDT", lambda v: f"{v:,.0f}"),
    ),
    (
        "47,793.53 USDT",
        lambda: liquidation_price("long", ENTRY, QTY, _buggy_collateral(), MMR),
        _usdt,
    ),
    (
        "1,029.15 USDT farther",
        lambda: (
            cross_liquidation_price(WALLET, [BTC_UP, ETH_UP], "BTCUSDT")
            - liquidation_price("long", ENTRY, QTY, _buggy_collateral(), MMR)
        ),
        _around("{} USDT farther"),
    ),
    # Binance's example.
    (
        "1,153.26 for ETH",
        lambda: cross_liquidation_price(1_535_443.01, [BINANCE_BTC, BINANCE_ETH], "ETHUSDT"),
        _around("{} for ETH"),
    ),
    (
        "26,316.89 for BTC",
        lambda: cross_liquidation_price(1_535_443.01, [BINANCE_BTC, BINANCE_ETH], "BTCUSDT"),
        _around("{} for BTC"),
    ),
    # The explorer.
    (
        "loses its 800.00 USDT margin, while",
        lambda: _explorer(-6)["btc_isolated_loss"],
        _around("loses its {} USDT margin, while"),
    ),
    ("short gains 192.00 USDT", lambda: _explorer(-6)["eth_gain"], _around("short gains {} USDT")),
    (
        "768.00 USDT down and stays open",
        lambda: _explorer(-6)["cross_loss"],
        _around("{} USDT down and stays open"),
    ),
    (
        "both modes lose 384.00 USDT",
        lambda: _explorer(-3)["cross_loss"],
        _around("both modes lose {} USDT"),
    ),
    ("it loses all 4,000.00 USDT", lambda: WALLET, _around("it loses all {} USDT")),
    # Many paths.
    (
        "about 3.1%",
        lambda: 0.6 / math.sqrt(365),
        _around("about {}", percent(1)),
    ),
    ("price, 48,241.21 USDT, is further down", _cross, _around("price, {} USDT, is further down")),
    (
        "it loses something on 72.9% of the paths",
        lambda: _mode_stats()[1]["isolated"],
        _around("it loses something on {} of the paths", percent(1)),
    ),
    ("cross on 52.6%", lambda: _mode_stats()[1]["cross"], _around("cross on {}", percent(1))),
    (
        "isolated 199.10 USDT",
        lambda: -_mode_stats()[0]["isolated"],
        _around("isolated {} USDT"),
    ),
    ("cross 87.28 USDT", lambda: -_mode_stats()[0]["cross"], _around("cross {} USDT")),
    (
        "isolated long is liquidated on 70.5% of the paths",
        lambda: _share(_simulated()[1], "isolated"),
        _around("isolated long is liquidated on {} of the paths", percent(1)),
    ),
    (
        "never loses more than 800 USDT",
        lambda: _simulated()[1].groupby("mode", observed=True)["loss"].max()["isolated"],
        _around("never loses more than {}", whole_usdt),
    ),
    (
        "cross long is liquidated on 8.5% of the paths",
        lambda: _share(_simulated()[1], "cross"),
        _around("cross long is liquidated on {} of the paths", percent(1)),
    ),
    (
        "each time loses 4,000 USDT",
        lambda: _simulated()[1].groupby("mode", observed=True)["loss"].max()["cross"],
        _around("each time loses {}", whole_usdt),
    ),
    (
        "Isolated loses more on 30.3%",
        lambda: (_differences() > 0.01).mean(),
        _around("Isolated loses more on {}", percent(1)),
    ),
    ("cross on 40.2%", lambda: (_differences() < -0.01).mean(), _around("cross on {}", percent(1))),
    (
        "the other 29.5%",
        lambda: (_differences().abs() <= 0.01).mean(),
        _around("the other {}", percent(1)),
    ),
    (
        "one liquidated bar at 800 USDT",
        lambda: initial_margin(QTY, ENTRY, LEVERAGE),
        _around("one liquidated bar at {}", whole_usdt),
    ),
    ("one bar at 4,000 USDT", lambda: WALLET, _around("one bar at {}", whole_usdt)),
    (
        "14.4% of the paths instead of 8.5%",
        lambda: _share(_with_jumps(), "cross"),
        _around("{} of the paths instead of 8.5%", percent(1)),
    ),
    (
        "barely moves (70.0%)",
        lambda: _share(_with_jumps(), "isolated"),
        _around("barely moves ({})", percent(1)),
    ),
    (
        "drops to 3,200 USDT",
        lambda: WALLET - initial_margin(QTY, ENTRY, LEVERAGE),
        _around("drops to {}", whole_usdt),
    ),
    (
        "ends 652.73 USDT up",
        lambda: -_simulated()[1].set_index(["path", "mode"]).loc[(0, "cross"), "loss"],
        _around("ends {} USDT up"),
    ),
    # A real crash.
    (
        "closed 7.5% below the entry of 8,768.81",
        lambda: 1 - _crash_close(5) / _crash_close(0),
        _around("closed {} below the entry of 8,768.81", percent(1)),
    ),
    ("entry of 8,768.81", lambda: _crash_close(0), _around("entry of {}")),
    (
        "keeps 3,200 USDT",
        lambda: _crash_replay().set_index("mode").loc["isolated", "final_equity"],
        _around("keeps {}", whole_usdt),
    ),
    ("closed at 4,959.31", lambda: _crash_close(9), _around("closed at {}")),
    (
        "and loses all 4,000 USDT",
        lambda: _crash_replay().set_index("mode").loc["cross", "loss"],
        _around("and loses all {}", whole_usdt),
    ),
    # Myth check, and the October entry dates after Exercise 3.7.
    (
        "30 September (113,971.74)",
        lambda: OCTOBER[0, 0],
        _around("30 September ({})"),
    ),
    (
        "isolated lost 386.31 USDT more",
        lambda: _october_extra(0),
        _around("isolated lost {} USDT more"),
    ),
    (
        "by 195.78 to",
        lambda: -max(_october_extra(day) for day in range(1, 10)),
        _around("by {} to"),
    ),
    (
        "to 968.82 USDT",
        lambda: -min(_october_extra(day) for day in range(1, 10)),
        _around("to {} USDT"),
    ),
    (
        "800 USDT against 4,000 USDT",
        lambda: _crash_replay().set_index("mode").loc["isolated", "loss"],
        _around("{} against 4,000 USDT", whole_usdt),
    ),
    (
        "bottom and loses 800.00 USDT",
        lambda: (
            summarize_margin_modes([[ENTRY, 60_800, ENTRY]], "long", QTY, LEVERAGE, WALLET)
            .set_index("mode")
            .loc["isolated", "loss"]
        ),
        _around("bottom and loses {} USDT"),
    ),
]


@pytest.fixture(scope="module")
def prose() -> str:
    return lesson_prose(SLUG)


@pytest.mark.parametrize(("text", "call", "form"), NUMBERS, ids=[row[0] for row in NUMBERS])
def test_each_quoted_number_is_in_the_lesson_and_matches_the_engine(text, call, form, prose):
    assert text.replace("\u2212", "-") in prose.replace("\u2212", "-"), (
        f"{text!r} is not in any markdown cell"
    )
    assert form(float(call())) == text


# Exercise answers the lesson pins: the reference's answer keys (mark basis, cum 0).
# 3.2, 3.3, 3.6 and 3.7 changed their inputs in issue 12 (see each test below).
ANSWERS = {
    "q3_1_cross_liquidation": 55_276.38190954774,
    "q3_2_gap_loss": 4_500.0,
    "q3_3_margin_ratio": 427.5 / 6_500 * 100,
    "q3_4_added_margin": 56_281.40703517588,
    "q3_6_account_shock": -47.089947089947,
    "q3_7_isolated_extra": -591.855305,
}


@pytest.mark.parametrize("question_id", sorted(ANSWERS))
def test_each_exercise_expects_the_pinned_answer(question_id):
    assert question(question_id).expected_value() == pytest.approx(ANSWERS[question_id], rel=1e-6)


def test_the_reference_keys_round_to_the_pinned_answers():
    """Pedagogy notes, lesson 3: 55,276.38 (cross) and 56,281.41 (added margin)."""
    assert round(ANSWERS["q3_1_cross_liquidation"], 2) == 55_276.38
    assert round(ANSWERS["q3_4_added_margin"], 2) == 56_281.41
    positions = question("q3_3_margin_ratio").inputs["positions"]
    moved = [dataclasses.replace(p, mark=p.entry * 0.95) for p in positions]
    assert 8_000 + sum(p.unrealized_pnl() for p in moved) == pytest.approx(6_500)
    assert sum(p.maintenance_margin() for p in moved) == pytest.approx(427.5)


def test_the_reference_wallet_let_a_dropped_short_pass_and_the_new_one_does_not():
    """With 6,000 USDT (the reference's 9.5% key), leaving the ETH short out gave 9.5% too."""
    item = question("q3_3_margin_ratio")
    positions = item.inputs["positions"]

    def ratio(wallet, kept):
        moved = [dataclasses.replace(p, mark=p.entry * 0.95) for p in kept]
        return (
            100
            * sum(p.maintenance_margin() for p in moved)
            / (wallet + sum(p.unrealized_pnl() for p in moved))
        )

    assert ratio(6_000, positions) == pytest.approx(ratio(6_000, positions[:1]))
    assert ratio(8_000, positions) == pytest.approx(item.expected_value())
    assert hint_for(item.id, ratio(8_000, positions[:1])) == (
        f"Not quite. {item.named('other_upnl_dropped')}"
    )


def test_the_gap_lands_between_the_two_liquidation_prices():
    """Exercise 3.2: isolated is liquidated, cross is not (the statement does not say so)."""
    inputs = question("q3_2_gap_loss").inputs
    cross = cross_liquidation_price(5_000, [Position("BTCUSDT", "long", 1, 60_000)], "BTCUSDT")
    isolated = isolated_liquidation_price("long", 60_000, 20, 0.005)
    assert cross < inputs["gap_price"] < isolated


@pytest.mark.parametrize("question_id", sorted(ANSWERS))
def test_no_markdown_cell_of_the_release_gives_an_answer_away(question_id):
    value = question(question_id).expected_value()
    prose = markdown_of(release_path(SLUG)).replace("\u2212", "-")
    for form in {f"{value:,.2f}", f"{value:.2f}", f"{value:,.1f}"}:
        assert not re.search(rf"(?<![\d,.]){re.escape(form)}(?!\d)", prose), form


_IDS = sorted(ANSWERS)


@pytest.mark.parametrize("question_id", _IDS)
def test_every_wrong_idea_gets_its_own_hint(question_id):
    item = question(question_id)
    for idea in item.mistakes():
        message = hint_for(question_id, idea.value(item.inputs))
        assert message == f"Not quite. {item.named(idea.misconception)}", idea


@pytest.mark.parametrize("question_id", _IDS)
def test_every_wrong_idea_is_a_distinct_answer(question_id):
    item = question(question_id)
    values = [item.expected_value()] + [idea.value(item.inputs) for idea in item.mistakes()]
    for index, first in enumerate(values):
        for second in values[index + 1 :]:
            assert not item.close(first, second)


def test_a_short_counted_as_a_long_gets_the_sign_hint_in_the_margin_ratio():
    positions = question("q3_3_margin_ratio").inputs["positions"]
    moved = [dataclasses.replace(p, mark=p.entry * 0.95) for p in positions]
    unsigned = 8_000 + sum(p.qty * (p.mark - p.entry) for p in moved)  # freqtrade's sum
    ratio = 100 * sum(p.maintenance_margin() for p in moved) / unsigned
    assert ratio == pytest.approx(427.5 / 3_500 * 100)
    message = hint_for("q3_3_margin_ratio", ratio)
    assert message is not None and "sign" in message


def test_the_function_exercise_accepts_the_formula_and_catches_a_dropped_sign():
    item = question("q3_5_cross_function")
    assert len(item.hidden_cases) >= 3

    def formula(wallet_balance, qty, entry, mmr, other_mm, other_pnl):
        collateral = wallet_balance - other_mm + other_pnl
        return (qty * entry - collateral) / (qty * (1 - mmr))

    for case in (*item.cases, *item.hidden_cases):
        assert formula(*case.values()) == pytest.approx(item.expected_value(case), rel=1e-12)
    assert hint_for(item.id, formula) is None

    def unsigned(wallet_balance, qty, entry, mmr, other_mm, other_pnl):
        return formula(wallet_balance, qty, entry, mmr, other_mm, abs(other_pnl))

    assert MISCONCEPTIONS["other_upnl_dropped"].hint in hint_for(item.id, unsigned)

    def alone(wallet_balance, qty, entry, mmr, other_mm, other_pnl):
        return formula(wallet_balance, qty, entry, mmr, 0.0, 0.0)

    assert MISCONCEPTIONS["liquidation_price_fixed"].hint in hint_for(item.id, alone)


def test_the_function_exercise_agrees_with_the_engine_on_the_lessons_account():
    case = question("q3_5_cross_function").cases[1]
    assert case["other_mm"] == pytest.approx(ETH_UP.maintenance_margin())
    assert case["other_pnl"] == pytest.approx(ETH_UP.unrealized_pnl())
    assert question("q3_5_cross_function").expected_value(case) == pytest.approx(
        cross_liquidation_price(WALLET, [BTC_UP, ETH_UP], "BTCUSDT"), rel=1e-12
    )


def test_the_explorer_readout_flips_within_the_readings_tolerance():
    from course.widgets import cross_vs_isolated_explorer

    explorer = cross_vs_isolated_explorer(WALLET, HEDGED, leverage=25, shock_pct=-20)
    status = []
    for shock in (-47.0, -47.5):
        explorer.primary.value = shock
        status.append(re.search(r"mm-cross-status[^>]*><b>(\w+)", explorer.readout.value)[1])
    assert status == ["survives", "LIQUIDATED"]
    item = question("q3_6_account_shock")
    assert list(item.inputs["positions"]) == HEDGED and item.inputs["wallet_balance"] == WALLET
    for reading in (-47.0, -47.5, -48.0):  # the slider's step, the chart's 2-point grid
        assert hint_for(item.id, reading) is None


def test_leaving_the_maintenance_margin_out_is_outside_the_reading_tolerance():
    """Equity at zero comes at -50%: 2.9 points away, with the tolerance at 1.5."""
    item = question("q3_6_account_shock")
    assert item.expected_value() - (-50.0) > 2 * item.abs_tol - 0.1
    assert hint_for(item.id, -50.0) == (f"Not quite. {item.named('bankruptcy_for_liquidation')}")


def test_the_explorer_readout_shows_the_numbers_the_prose_reads_at_minus_six():
    from course.widgets import cross_vs_isolated_explorer

    readout = cross_vs_isolated_explorer(
        WALLET, [BTC, ETH], leverage=20, shock_pct=-6
    ).readout.value
    assert "LIQUIDATED, loses 800.00 USDT" in readout
    assert "open, gains 192.00 USDT" in readout
    assert "survives" in readout and "768.00 USDT" in readout


def test_adding_the_free_wallet_as_margin_gives_the_cross_price():
    free = WALLET - initial_margin(QTY, ENTRY, LEVERAGE)
    assert _isolated(free) == pytest.approx(_cross(), rel=1e-12)
    assert _isolated(initial_margin(QTY, ENTRY, LEVERAGE)) == pytest.approx(_isolated(0, 10))


def test_the_crash_replay_liquidates_isolated_on_8_march_and_cross_on_12_march():
    replay = _crash_replay().set_index("mode")
    dates = load_episode(CRASH_NAME, asset="BTC")["date"]
    assert str(dates[int(replay.loc["isolated", "liquidation_time"])].date()) == "2020-03-08"
    assert str(dates[int(replay.loc["cross", "liquidation_time"])].date()) == "2020-03-12"
    assert replay.loc["cross", "loss"] == 5 * replay.loc["isolated", "loss"]  # "five times"


def test_the_simulated_first_path_is_a_dip_that_recovers():
    prices, summary = _simulated()
    by_mode = summary[summary["path"] == 0].set_index("mode")
    assert bool(by_mode.loc["isolated", "liquidated"]) and not bool(
        by_mode.loc["cross", "liquidated"]
    )
    assert prices[0].min() < _isolated() and prices[0, -1] > ENTRY
    first = simulate_margin_modes(prices[:1], "long", QTY, LEVERAGE, WALLET)
    assert first.groupby("mode", observed=True)["equity"].last()["isolated"] == pytest.approx(3_200)


def test_the_october_replay_enters_on_the_eve_of_the_crash_and_cross_loses_more():
    item = question("q3_7_isolated_extra")
    assert item.inputs["entry_date"] == "2025-10-09"
    day = _october_day("2025-10-09")
    assert item.expected_value() == pytest.approx(_october_extra(day), rel=1e-12)
    table = _october_from(day)
    assert bool(table.loc["isolated", "liquidated"]) and not bool(table.loc["cross", "liquidated"])
    assert table.loc["cross", "loss"] > table.loc["isolated", "loss"]
    wick = summarize_margin_modes([[ENTRY, 60_800, ENTRY]], "long", QTY, LEVERAGE, WALLET)
    assert wick.set_index("mode").loc["cross", "loss"] == 0.0


def test_the_entry_date_table_says_what_the_prose_says():
    """30 Sep: isolated loses more, liquidated only on 16 Oct, cross never; 1-9 Oct: cross."""
    dates = load_episode(OCTOBER_NAME, asset="BTC")["date"]
    first = _october_from(0)
    assert _october_extra(0) > 0 and not bool(first.loc["cross", "liquidated"])
    assert str(dates[int(first.loc["isolated", "liquidation_time"])].date()) == "2025-10-16"
    assert OCTOBER[0, _october_day("2025-10-10")] > isolated_liquidation_price(
        "long", OCTOBER[0, 0], LEVERAGE, MMR
    )
    assert all(_october_extra(day) < 0 for day in range(1, _october_day("2025-10-09") + 1))
    assert all(_october_extra(day) >= 0 for day in range(_october_day("2025-10-10"), 23))


def test_seven_of_the_eight_sample_paths_cross_the_isolated_liquidation_price():
    prices = _simulated()[0][:8]
    assert int((prices.min(axis=1) <= _isolated()).sum()) == 7
    assert "seven of the eight cross the isolated liquidation line" in lesson_prose(SLUG)


def test_the_monte_carlo_mean_is_a_gain_in_both_modes_and_larger_for_isolated():
    """The mode reshapes the outcomes; the difference is about twice its standard error."""
    losses = _simulated()[1].pivot(index="path", columns="mode", values="loss")
    difference = losses["isolated"] - losses["cross"]
    assert (losses.mean() < 0).all() and difference.mean() < 0
    assert 1.5 < -difference.mean() / (difference.std() / math.sqrt(len(difference))) < 2.5
