"""Lesson 00: start here. How the course works, its conventions, a warm-up, and a warning."""

from autograder.authoring import code, exercise, markdown, setup

SLUG = "00-start-here"


def cells() -> list:
    return [
        markdown("""
# 00 · Start here

Welcome to **Margin Mechanics**: a course on how leveraged crypto trading works, and how it fails.

## Objectives

- You will be able to run a lesson in JupyterLab and move its explorers.
- You will be able to read a hint and fix the answer it points at.
- You will be able to check your notebook with nbgrader's **Validate** button.
- You will be able to state the conventions every later lesson uses.
"""),
        markdown("""
## Education, not advice

This course teaches mechanics. It recommends no trade, no venue and no leverage.

Regulators have measured what leverage does to retail traders:

- In 2018 ESMA capped retail CFD leverage on cryptocurrencies at **2:1**, with a margin close-out at 50% of required margin and negative-balance protection.
- National regulators' data behind that decision showed **74–89%** of retail CFD accounts losing money.
- The UK FCA banned crypto derivatives for retail customers from 6 January 2021.
"""),
        markdown("""
## How a lesson works

- Run a cell with **Shift+Enter**; run the whole notebook with *Run → Run All Cells*.
- The first code cell imports what the lesson needs from the `course` package. Run it first.
- An **explorer** is a panel of sliders. Move one and the numbers and the chart follow.
- Each exercise has a cell for your answer (replace `raise NotImplementedError()`), then a **check** cell.
  A check passes quietly, or tells you which misconception your number shows. It never prints the answer.
- Hidden tests grade the same answers precisely when your notebook is submitted.
- **Validate** (in the notebook toolbar) runs everything as the grader will, and reports any failing cell.
"""),
        setup(
            "from course import isolated_liquidation_price, notional\n"
            "from course.hints import check\n"
            "from course.grading import grade\n"
            "from course.widgets import liquidation_explorer",
            "setup_00",
        ),
        markdown("""
## Conventions

Every lesson follows these unless it says otherwise:

- **Linear contracts**, margined and settled in USDT; a position's size `qty` is in coins.
- **Isolated margin**: the margin posted for a position backs that position only.
- **Maintenance margin (MM)** comes in two families, and each exercise names its **basis**:
  `basis="mark"` values MM at the liquidation price (Binance, OKX, Gate and others);
  `basis="entry"` fixes it on the entry value (classic Bybit, KuCoin, BitMEX's examples).
- Prices are in USDT and are shown to two decimals; answers are checked to about 0.01% so you need not round.
- Percentages are asked for as percent (`9.5`, not `0.095`) when the question says "in percent".

The engine gives each number. For example, a 10x isolated long of 1 BTC at 65,000 USDT with an MMR of 0.5%:
"""),
        code('isolated_liquidation_price("long", 65_000, 10, 0.005, basis="entry")'),
        markdown("""
With MM on entry value, the position is liquidated at 58,825.00 USDT, 9.5% below entry.
The explorer below starts from the same position. Move the leverage slider and watch the distance shrink.
"""),
        code("liquidation_explorer()"),
        markdown("""
## Warm-up

Two short exercises to try the check cells.
"""),
        *exercise(
            "q0_1_notional",
            """
### Exercise 0.1: notional (3 points)

You buy 0.25 BTC at 64,000 USDT. What is the position's **notional**, its value in USDT?
Name it `position_value`.
""",
            solution="position_value = notional(0.25, 64_000)",
            answer_name="position_value",
        ),
        *exercise(
            "q0_2_distance",
            """
### Exercise 0.2: distance to liquidation (3 points)

For the 10x long above (entry 65,000, MMR 0.5%, MM on entry value), how far does the price fall before liquidation,
**in percent** of the entry price? Name it `distance_pct`.
""",
            solution=(
                'liquidation = isolated_liquidation_price("long", 65_000, 10, 0.005, basis="entry")\n'
                "distance_pct = 100 * (65_000 - liquidation) / 65_000"
            ),
            answer_name="distance_pct",
        ),
        markdown("""
## Summary

- Run cells top to bottom; explorers respond when you move them.
- A failing check names the likely misconception; fix the answer and run the check again.
- Validate before you submit.
- Linear USDT contracts, isolated margin, and a named MM basis are the defaults from here on.

Next: **01 · Leverage**, where leverage is built from the balance sheet.
"""),
    ]
