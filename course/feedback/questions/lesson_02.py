"""Lesson 02 (liquidation): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

from course.feedback.families import (
    BANKRUPTCY,
    FIRST_EXIT,
    FUND_GAIN,
    ISOLATED_LIQUIDATION,
    LEVERAGE_FOR_DISTANCE,
    LIQUIDATION_DISTANCE,
    TIERED_LIQUIDATION,
)
from course.feedback.registry import Question, register

QUESTIONS = (
    # A short: liquidated above entry. Pedagogy notes, lesson 2, exercise 2.
    Question(
        id="q2_1_liquidation_short",
        answer="short_liquidation",
        kind="price",
        inputs={"side": "short", "entry": 3_000.0, "qty": 2.0, "leverage": 20.0, "mmr": 0.005},
        family=ISOLATED_LIQUIDATION,
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
        family=LEVERAGE_FOR_DISTANCE,
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
        family=ISOLATED_LIQUIDATION,
        pointer="Go back to the worked example of a long's liquidation price: set equity "
        "equal to the maintenance margin, valued on the entry price, and solve for "
        "the price.",
    ),
    # Liquidated at LP, settled at BP: the fill's surplus over BP goes to the insurance fund.
    Question(
        id="q2_4_insurance_fund",
        answer="fund_gain",
        kind="amount",
        # the MMR is in the statement: a learner may settle at the liquidation price
        inputs={"entry": 50_000.0, "qty": 0.2, "leverage": 10.0, "fill": 45_100.0, "mmr": 0.005},
        family=FUND_GAIN,
        step=0.01,  # a small amount: to the cent, so a 2% error is wrong
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
        family=ISOLATED_LIQUIDATION,
        settings={"contract": "inverse"},
        pointer='Go back to the inverse worked example: pass contract="inverse" and '
        'basis="entry", with qty the face value in USD.',
    ),
    # Rule of thumb "at 20x a 5% move wipes me out": how far is an inverse long's liquidation?
    # (Not Exercise 0.2 again: inverse, 20x, and no answer printed above it.)
    Question(
        id="q2_6_liquidation_distance",
        answer="distance_pct",
        kind="percent",
        inputs={"entry": 65_000.0, "leverage": 20.0, "mmr": 0.005},
        family=LIQUIDATION_DISTANCE,
        settings={"contract": "inverse"},
        pointer="Go back to the inverse worked example: find the liquidation price first (pass "
        'contract="inverse" and basis="entry"), then its distance from entry as a percent of '
        "the entry price.",
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
        family=ISOLATED_LIQUIDATION,
        pointer="Check your function by hand against the worked example of a long's "
        "liquidation price, with the maintenance margin valued on the entry price.",
    ),
    # Tiers: a short grows into a higher bracket as the price rises; MM at mark (Binance).
    Question(
        id="q2_8_tiered_short",
        answer="tiered_short",
        kind="price",
        inputs={"side": "short", "entry": 48_000.0, "qty": 5.0, "collateral": 30_000.0},
        family=TIERED_LIQUIDATION,
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
        # the myth check's MMR: a learner may give a liquidation price instead
        inputs={
            "entry": 65_000.0,
            "qty": 10_000.0 / 65_000.0,
            "collateral": 1_000.0,
            "mmr": 0.005,
        },
        family=BANKRUPTCY,
        pointer="The bankruptcy price is where equity, the margin plus qty * (price - entry), "
        "reaches zero. Solve that for the price.",
    ),
    # Mark vs last: the worked 20x long (MM at the mark) with a stop on the last price below
    # its liquidation price; a wick takes the last price through both, the mark through neither.
    Question(
        id="q2_10_mark_vs_last",
        answer="closing_trigger",
        kind="price",
        inputs={
            "entry": 60_000.0,
            "qty": 0.2,
            "leverage": 20.0,
            "mmr": 0.005,
            "stop": 57_100.0,
            "last_extreme": 56_900.0,
            "mark_extreme": 57_350.0,
        },
        family=FIRST_EXIT,
        sections={"last_price_trigger": "Mark price, not last price"},
        pointer="Compare each order with the price that triggers it: the stop with the last "
        "price's low, the liquidation price (MM at the mark) with the mark price's low.",
    ),
)

# Where this lesson teaches each idea: a hint ends "(See <section>.)".
SECTIONS = {
    "bankruptcy_for_liquidation": "The idea, the two prices",
    "liquidation_for_bankruptcy": "The idea, the two prices",
    "wrong_mm_basis": "The idea, the two MM bases",
    "wrong_side": "The idea, the side",
    "insurance_fund_protects_me": "Where the margin goes",
    "settled_at_liquidation": "Where the margin goes",
    "inverse_as_linear": "Inverse contracts",
    "one_over_leverage": "How far away is liquidation?",
    "price_for_distance": "How far away is liquidation?",
    "leverage_inverted": "How far away is liquidation?",
    "ignored_tier": "Tiers: bigger positions, higher rates",
    "bracket_at_entry_notional": "Tiers: bigger positions, higher rates",
    "maint_amount_left_out": "Tiers: bigger positions, higher rates, the maintenance amount",
}

register(*QUESTIONS, sections=SECTIONS)
