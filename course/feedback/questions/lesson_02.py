"""Lesson 02 (liquidation): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

from course.engine.balance import initial_margin, unrealized_pnl
from course.engine.liquidation import (
    bankruptcy_price,
    isolated_liquidation_price,
    liquidation_price,
)
from course.engine.sizing import max_leverage_for_stop
from course.engine.tiers import BINANCE_BTCUSDT_2021, tiered_liquidation_price
from course.feedback.registry import Question, register


def _liquidation_long(entry, leverage, mmr, basis="entry", side="long"):
    """Liquidation price of an isolated long (or ``side``) with qty 1, under ``basis``."""
    return isolated_liquidation_price(side, entry, leverage, mmr, basis=basis)


def _bankruptcy_long(entry, leverage, mmr):
    """Bankruptcy price of an isolated long with qty 1 opened at ``leverage``."""
    return bankruptcy_price("long", entry, qty=1.0, collateral=entry / leverage)


def _distance_pct(entry, leverage, mmr, basis="entry"):
    """How far the price falls, in percent of entry, before the long is liquidated."""
    return 100.0 * (entry - _liquidation_long(entry, leverage, mmr, basis)) / entry


def _isolated(side, entry, qty, leverage, mmr, basis="entry", contract="linear"):
    """Liquidation price of an isolated position of ``qty`` opened at ``leverage``."""
    return isolated_liquidation_price(
        side, entry, leverage, mmr, qty=qty, basis=basis, contract=contract
    )


def _isolated_bankruptcy(side, entry, qty, leverage, mmr=None, contract="linear"):
    """Bankruptcy price of an isolated position whose collateral is its initial margin (no MMR)."""
    collateral = initial_margin(qty, entry, leverage, contract=contract)
    return bankruptcy_price(side, entry, qty, collateral, contract=contract)


def _fund_gain(entry, qty, leverage, fill):
    """
    The insurance fund's gain on a liquidated long: it takes the position over at the
    bankruptcy price and closes it at ``fill``, so it earns ``qty * (fill - bankruptcy)``.
    """
    bankruptcy = _isolated_bankruptcy("long", entry, qty, leverage)
    return unrealized_pnl("long", bankruptcy, qty, fill)


def _tiered(side, entry, qty, collateral, basis="mark"):
    """Liquidation price in the self-consistent bracket of Binance's 2021 BTCUSDT table."""
    return tiered_liquidation_price(
        side, entry, qty, collateral, BINANCE_BTCUSDT_2021.brackets, basis=basis
    )


def _first_bracket(side, entry, qty, collateral):
    """Liquidation price with the first bracket's MMR, whatever the notional."""
    first = BINANCE_BTCUSDT_2021.brackets[0]
    return liquidation_price(
        side, entry, qty, collateral, first.mmr, maint_amount=first.maint_amount
    )


def _other_side(side):
    return "short" if side == "long" else "long"


QUESTIONS = (
    # A short: liquidated above entry. Pedagogy notes, lesson 2, exercise 2.
    Question(
        id="q2_1_liquidation_short",
        answer="short_liquidation",
        kind="price",
        inputs={"side": "short", "entry": 3_000.0, "qty": 2.0, "leverage": 20.0, "mmr": 0.005},
        expected=_isolated,
        wrong_ideas=(
            ("bankruptcy_for_liquidation", _isolated_bankruptcy),
            ("wrong_mm_basis", lambda **k: _isolated(**k, basis="mark")),
            ("wrong_side", lambda side, **k: _isolated(_other_side(side), **k)),
        ),
        pointer="Go back to the worked example of a short: equity is the margin plus "
        "qty * (entry - price); set it equal to the maintenance margin on the entry value "
        "and solve for the price.",
    ),
    # Read the leverage chart (or the explorer): which leverage liquidates after a 5% fall?
    Question(
        id="q2_2_leverage_reading",
        answer="leverage_for_5pct",
        kind="number",
        inputs={"distance_pct": 5.0, "mmr": 0.005},
        expected=lambda distance_pct, mmr: max_leverage_for_stop(distance_pct / 100, mmr),
        wrong_ideas=(("one_over_leverage", lambda distance_pct, mmr: 100.0 / distance_pct),),
        rel_tol=0.0,
        abs_tol=1.0,  # read off a chart: within one step of leverage
        pointer="Find 5 on the vertical axis of the distance panel, follow it across to the "
        "MMR 0.5% lines, and read the leverage below that point. Or move the explorer's "
        "leverage slider until the distance reads about 5%.",
    ),
    # STYLE.md section 8: long 1 BTC at 50,000, 10x isolated, MMR 0.5% of entry value.
    Question(
        id="q2_3_liquidation_long",
        answer="long_liquidation",
        kind="price",
        inputs={"entry": 50_000.0, "leverage": 10.0, "mmr": 0.005},
        expected=_liquidation_long,
        wrong_ideas=(
            ("bankruptcy_for_liquidation", _bankruptcy_long),
            ("wrong_mm_basis", lambda **k: _liquidation_long(**k, basis="mark")),
            ("wrong_side", lambda **k: _liquidation_long(**k, side="short")),
        ),
        pointer="Go back to the worked example of a long's liquidation price: set equity "
        "equal to the maintenance margin, valued on the entry price, and solve for "
        "the price.",
    ),
    # Liquidated at LP, settled at BP: the fill's surplus over BP goes to the insurance fund.
    Question(
        id="q2_4_insurance_fund",
        answer="fund_gain",
        kind="amount",
        inputs={"entry": 50_000.0, "qty": 0.2, "leverage": 10.0, "fill": 45_100.0},
        expected=_fund_gain,
        wrong_ideas=(("insurance_fund_protects_me", 0.0),),
        pointer="The trader's account is settled at the bankruptcy price. The fund takes the "
        "position over at that price and sells it at the fill: its gain is the coins times "
        "the fill minus the bankruptcy price.",
    ),
    # Inverse long, MM on entry value (BitMEX support's form): liquidated sooner than linear.
    Question(
        id="q2_5_inverse_long",
        answer="inverse_liquidation",
        kind="price",
        inputs={"entry": 2_000.0, "qty": 20_000.0, "leverage": 10.0, "mmr": 0.005},
        expected=lambda **k: _isolated("long", **k, contract="inverse"),
        wrong_ideas=(
            ("inverse_as_linear", lambda **k: _isolated("long", **k)),
            (
                "wrong_mm_basis",
                lambda **k: _isolated("long", **k, basis="mark", contract="inverse"),
            ),
            (
                "bankruptcy_for_liquidation",
                lambda **k: _isolated_bankruptcy("long", **k, contract="inverse"),
            ),
        ),
        pointer='Go back to the inverse worked example: pass contract="inverse" and '
        'basis="entry", with qty the face value in USD.',
    ),
    # Myth check: "with 10x, a 10% move wipes me out". How far is liquidation, in percent?
    Question(
        id="q2_6_liquidation_distance",
        answer="distance_pct",
        kind="percent",
        inputs={"entry": 65_000.0, "leverage": 10.0, "mmr": 0.005},
        expected=_distance_pct,
        wrong_ideas=(
            ("one_over_leverage", lambda leverage, **_: 100.0 / leverage),
            ("wrong_mm_basis", lambda **k: _distance_pct(**k, basis="mark")),
        ),
        pointer="Go back to the worked example: find the liquidation price first, then its "
        "distance from entry as a percent of the entry price.",
    ),
    # Write liquidation_long(entry, leverage, mmr): isolated long, qty 1, MM on entry value.
    Question(
        id="q2_7_liquidation_function",
        answer="liquidation_long",
        kind="function",
        cases=(
            {"entry": 50_000.0, "leverage": 10.0, "mmr": 0.005},
            {"entry": 20_000.0, "leverage": 50.0, "mmr": 0.005},
            {"entry": 3_000.0, "leverage": 20.0, "mmr": 0.01},
            {"entry": 64_000.0, "leverage": 3.0, "mmr": 0.004},
        ),
        hidden_cases=(
            {"entry": 65_000.0, "leverage": 1.0, "mmr": 0.005},
            {"entry": 0.25, "leverage": 7.5, "mmr": 0.02},
            {"entry": 101_234.5, "leverage": 125.0, "mmr": 0.004},
        ),
        expected=_liquidation_long,
        wrong_ideas=(
            ("bankruptcy_for_liquidation", _bankruptcy_long),
            ("wrong_mm_basis", lambda **k: _liquidation_long(**k, basis="mark")),
            ("wrong_side", lambda **k: _liquidation_long(**k, side="short")),
        ),
        pointer="Check your function by hand against the worked example of a long's "
        "liquidation price, with the maintenance margin valued on the entry price.",
    ),
    # Tiers: a short grows into a higher bracket as the price rises; MM at mark (Binance).
    Question(
        id="q2_8_tiered_short",
        answer="tiered_short",
        kind="price",
        inputs={"side": "short", "entry": 48_000.0, "qty": 5.0, "collateral": 30_000.0},
        expected=_tiered,
        wrong_ideas=(
            ("ignored_tier", _first_bracket),
            ("wrong_mm_basis", lambda **k: _tiered(**k, basis="entry")),
            ("wrong_side", lambda side, **k: _tiered(_other_side(side), **k)),
        ),
        pointer="Take the bracket from the notional at the liquidation price, not at entry: "
        "compute the price with a bracket's MMR and maintenance amount, and keep it only "
        "if qty times that price falls inside the bracket (tiered_liquidation_price tries "
        "every bracket for you).",
    ),
    # Myth check: the seed article's 58,465 for a 10x long at 65,000 (1,000 USDT margin).
    Question(
        id="q2_9_seed_bankruptcy",
        answer="seed_bankruptcy",
        kind="price",
        inputs={"entry": 65_000.0, "qty": 10_000.0 / 65_000.0, "collateral": 1_000.0},
        expected=lambda entry, qty, collateral: bankruptcy_price("long", entry, qty, collateral),
        wrong_ideas=(("wrong_side", lambda **k: bankruptcy_price("short", **k)),),
        pointer="The bankruptcy price is where equity, the margin plus qty * (price - entry), "
        "reaches zero. Solve that for the price.",
    ),
)

register(*QUESTIONS)
