"""Lesson 04: position sizing. Risk = size x stop distance; leverage last; loss streaks."""

from autograder.authoring import code, exercise, markdown, setup

SLUG = "04-position-sizing"


def _safe_leverage_exercise() -> list:
    """Exercise 4.2, a function to write: its answer cell keeps the stub inside the def."""
    cells = exercise(
        "q4_2_safe_leverage",
        """
### Exercise 4.2: the highest safe leverage, as a function (3 points)

Write a function `max_safe_leverage(stop_distance, mmr, buffer)` that returns the highest leverage setting (not rounded)
whose liquidation price lies at least `stop_distance + buffer` away from entry, with **MM on entry value**.
All three inputs are fractions of the entry price (a 5% stop is `0.05`).
The check calls it with a 5% stop, an MMR of 0.5% and a 1% buffer, and with a 2% stop, an MMR of 0.4% and a 1% buffer;
the hidden tests try other stops.
""",
        given=(
            "def max_safe_leverage(stop_distance, mmr, buffer):\n"
            '    """Return the highest leverage whose liquidation (MM on entry value) lies beyond\n'
            '    the stop plus the buffer; all inputs are fractions of the entry price."""'
        ),
        solution="    return 1 / (stop_distance + buffer + mmr)",
        answer_name="max_safe_leverage",
    )
    return cells


def cells() -> list:
    return [
        markdown("""
# 04 · Position sizing

"Never risk more than 2% of your account on one trade" is the most repeated rule in trading education.
One of the articles this course checks goes further:
"with 20x leverage … your position should be sized so a 5% adverse move would trigger that 2% loss threshold".
By the end of this lesson you can test that sentence with numbers.

## Objectives

- You will be able to size a position from a risk budget and a stop distance.
- You will be able to say why the leverage setting does not enter the size, and choose it last.
- You will be able to compute the highest leverage that keeps the liquidation price beyond the stop, with a buffer.
- You will be able to compute the drawdown after a streak of losses, and the gain that undoes it.
"""),
        setup(
            "from course import (Position, cross_liquidation_price, effective_leverage, initial_margin,\n"
            "                    isolated_liquidation_price, recovery_gain, unrealized_pnl)\n"
            "from course.margin import (liquidation_distance, losing_streak_drawdown,\n"
            "                           max_leverage_for_stop, position_notional)\n"
            "from course.charts import ladder_chart, ladder_table\n"
            "from course.widgets import position_sizing_explorer\n"
            "from course.hints import check\n"
            "from course.grading import grade",
            "setup_04",
        ),
        markdown(r"""
## The idea: risk first, size second

We start from the balance sheet of lesson 01.
Your account holds **equity** $E$, in USDT.
A long of $q$ coins bought at the entry price $P_0$ has **notional** $N = q\,P_0$.
For it the exchange locks an **initial margin** $N / L$, where $L$ is the **leverage setting**.

Before the trade you choose a **stop price** $P_s$, the price at which the trade idea is wrong.
Its **stop distance** is the fraction $d = |P_0 - P_s| / P_0$.
If the stop fills exactly at $P_s$, the loss is

$$
\text{loss} = q\,|P_0 - P_s| = N\,d .
$$

The **risk budget** is the share $f$ of equity you accept to lose on one trade; the "2% rule" sets $f = 2\%$.
Setting the loss equal to $f E$ gives the size:

$$
N = \frac{f\,E}{d}, \qquad q = \frac{N}{P_0}.
$$

The leverage $L$ appears nowhere: the risk budget and the stop set the size.
The setting decides only the margin $N / L$ and, as lesson 02 showed, where the position is liquidated.
The account's **effective leverage** $N / E = f / d$ is fixed by the risk and the stop as well.
"""),
        markdown("""
## A worked example

The account holds 10,000 USDT and risks 2% per trade.
We buy BTC at 65,000 USDT with a stop at 61,750 USDT. By hand first:
"""),
        code("""
risk_usdt = 0.02 * 10_000
stop_distance = (65_000 - 61_750) / 65_000
risk_usdt, stop_distance, risk_usdt / stop_distance
"""),
        markdown("""
We risk 200.00 USDT, the stop is 5% away, so the position is worth 4,000.00 USDT.
The engine's `position_notional` does the same, and dividing by the entry price gives the coins:
"""),
        code("""
size = position_notional(10_000, 0.02, 0.05)
qty = size / 65_000
size, qty
"""),
        markdown("""
That is 0.0615 BTC.
Now three leverage settings for the same position, and the loss when the stop fills:
"""),
        code("""
margins = [initial_margin(qty, 65_000, setting) for setting in (2, 10, 20)]
margins, unrealized_pnl("long", 65_000, qty, 61_750)
"""),
        markdown("""
At 2x the exchange locks 2,000.00 USDT of margin, at 10x 400.00 USDT, at 20x 200.00 USDT.
The loss at the stop is 200.00 USDT at every setting: 2% of equity, as planned.
"""),
        code("effective_leverage(size, 10_000)"),
        markdown("""
Whatever the setting, the account's effective leverage is 0.4x: a 4,000 USDT position on 10,000 USDT of equity.
"""),
        markdown(r"""
## Leverage last: liquidation beyond the stop

The setting still matters, through the liquidation price.
For an isolated long, lesson 02 gave the **liquidation distance** $D$, the fall from entry to liquidation as a fraction of entry.
With a maintenance margin rate (MMR) $m$ it depends only on $L$ and $m$:

$$
D_\text{entry} = \frac{1}{L} - m, \qquad D_\text{mark} = \frac{1/L - m}{1 - m},
$$

with MM on entry value (`basis="entry"`) or valued at the mark (`basis="mark"`).
The stop protects you only if it fires first, so we need $D \ge d$.
Stops often fill below their level (lesson 05), so we ask for a **buffer** $b$ on top: $D \ge d + b$.
With MM on entry value this gives the highest safe setting

$$
L_\text{max} = \frac{1}{d + b + m},
$$

and with MM at the mark, $L_\text{max} = 1 / \big((d + b)(1 - m) + m\big)$.
"""),
        code('liquidation_distance("long", 10, 0.005)'),
        markdown("""
With an MMR of 0.5% and MM at the mark, our 10x long is liquidated 9.55% below entry, well beyond the 5% stop.
How far can the setting go?
"""),
        code("max_leverage_for_stop(0.05, 0.005)"),
        markdown("""
Without a buffer, the highest setting that still lets the 5% stop fire first is 18.26x (MM at the mark).
With a 1% buffer and MM on entry value:
"""),
        code('max_leverage_for_stop(0.05, 0.005, buffer=0.01, basis="entry")'),
        markdown("""
The ceiling drops to 15.38x; on a screen that takes whole numbers, 15x.
Any lower setting gives the same loss at the stop: it only ties up more margin.
"""),
        markdown("""
## Explore

The explorer sizes the trade from equity, risk and stop, then shows what the leverage setting changes.
Its chart is a price ladder: entry, stop, liquidation and bankruptcy, with MM at the mark and an MMR of 0.5%.
Slide the leverage up from 10x and watch the readout and the liquidation line.
"""),
        code("position_sizing_explorer()"),
        markdown("""
The position size, the coins and the loss at the stop do not move with the leverage slider; only the margin and the liquidation distance do.
With the 5% stop, the verdict changes at 19x: from there on, liquidation comes before the stop.

The chart below freezes the trade at the 15x setting we found above.
"""),
        code("ladder_chart(ladder_table(65_000, 5, 15, 0.005))"),
        markdown("""
The stop (61,750.00 USDT) sits above the liquidation line (60,971.52 USDT): a falling price meets the stop first.
Liquidation is 6.20% below entry, more than the 1% buffer beyond the stop.
Hover over a line to read its price and its distance from entry.
"""),
        markdown(r"""
## Losing streaks

A risk budget is set per trade, and losses come in streaks.
If each trade risks the share $f$ of the equity that is *left*, then after $n$ losses in a row the account keeps $(1 - f)^n$ of its start.
The **drawdown** is

$$
\ell = 1 - (1 - f)^n ,
$$

and, as in lesson 01, the smaller account needs a **recovery gain** $g = \ell / (1 - \ell)$ to get back.
"""),
        code("losing_streak_drawdown(0.02, [5, 10, 20])"),
        markdown("""
At 2% per trade, five losses in a row cost 9.61% of the account, ten cost 18.29% and twenty cost 33.24%.
Risking a fixed 2% of the *starting* equity (200 USDT each time) would lose 20% after ten losses; re-sizing from what is left loses a little less.
"""),
        code("""
drawdown = losing_streak_drawdown(0.10, 10)
drawdown, recovery_gain(drawdown), recovery_gain(losing_streak_drawdown(0.02, 10))
"""),
        markdown("""
At 10% per trade, ten losses take 65.13% of the account, and getting back needs a gain of 186.80%.
At 2% per trade, the same streak needs a gain of 22.39%.
"""),
        markdown("""
## Exercises

Linear USDT contracts and isolated margin throughout; each question names its MM basis.
"""),
        *exercise(
            "q4_1_position_qty",
            """
### Exercise 4.1: size from the risk (3 points)

Your account holds 25,000 USDT and you risk 1.5% of it on one trade.
You plan a long ETH at 3,200 USDT with a stop at 3,040 USDT, and your leverage setting is 10x.
On the way, compute the risk in USDT, the stop distance and the notional.
How many **ETH** do you buy? Name it `eth_qty`.
""",
            solution=(
                "risk_usdt = 0.015 * 25_000\n"
                "eth_stop_distance = (3_200 - 3_040) / 3_200\n"
                "eth_notional = position_notional(25_000, 0.015, eth_stop_distance)\n"
                "eth_qty = eth_notional / 3_200"
            ),
            answer_name="eth_qty",
        ),
        *_safe_leverage_exercise(),
        *exercise(
            "q4_3_explorer_leverage",
            """
### Exercise 4.3: read the explorer (3 points)

In the explorer above, keep the equity at 10,000 USDT and the risk at 2%, and set the stop distance to 4%.
Start with the leverage at 10x and raise it one step at a time, watching the verdict under the readout.
(The explorer values MM at the mark, with an MMR of 0.5%.)
At what leverage setting does the verdict first say that liquidation comes before the stop?
Name it `first_unsafe_leverage`.
""",
            solution="first_unsafe_leverage = 23",
            answer_name="first_unsafe_leverage",
        ),
        *exercise(
            "q4_4_streak_recovery",
            """
### Exercise 4.4: the way back from a streak (3 points)

You risk 3% of your *current* equity on each trade and lose eight trades in a row.
What gain, **in percent**, brings the account back to where it started (for 12.5%, write `12.5`)?
Name it `recovery_pct`.
""",
            solution=(
                "streak_drawdown = losing_streak_drawdown(0.03, 8)\n"
                "recovery_pct = 100 * recovery_gain(streak_drawdown)"
            ),
            answer_name="recovery_pct",
        ),
        markdown("""
## Myth check: "20x with a 5% stop"

The seed article says: "with 20x leverage … your position should be sized so a 5% adverse move would trigger that 2% loss threshold".
The sizing arithmetic is right: with 10,000 USDT of equity, a 2% risk and a 5% stop, the position is worth 4,000 USDT, and at 20x it ties up 200 USDT of isolated margin.
The question is what happens first as the price falls.
"""),
        *exercise(
            "q4_5_seed_liquidation",
            """
### Exercise 4.5: where is the seed's trade liquidated? (3 points)

Take the seed's trade: equity 10,000 USDT, risk 2%, a stop 5% below an entry of 65,000 USDT, a long sized from the risk,
at 20x in **isolated** margin, with an MMR of 0.5% and **MM at the mark** (`basis="mark"`).
At what mark price is it liquidated? Name it `seed_liquidation`.
""",
            solution=(
                "seed_qty = position_notional(10_000, 0.02, 0.05) / 65_000\n"
                'seed_liquidation = isolated_liquidation_price("long", 65_000, 20, 0.005, qty=seed_qty, basis="mark")'
            ),
            answer_name="seed_liquidation",
        ),
        markdown("""
Compare your answer with the stop at 61,750.00 USDT.
In isolated margin the position is liquidated about 4.5% below entry (4.52% with MM at the mark, 4.50% on entry value), before the stop.
The 5% stop never fires: the exchange closes the trade at liquidation, the 200.00 USDT of margin is gone (2% of equity, plus any liquidation fee), and the fill is out of your hands.
A dip to 4.8% that turns back, which the 5% stop would have ridden out, closes the trade all the same.

In cross margin the whole wallet backs the same position:
"""),
        code("""
cross_position = Position("BTCUSDT", "long", qty, 65_000)
cross_liquidation_price(10_000, [cross_position], "BTCUSDT")
"""),
        markdown("""
No positive price liquidates it (the engine returns 0.0), so the stop is what closes the trade:
"""),
        code('unrealized_pnl("long", 65_000, qty, 61_750) / 10_000'),
        markdown("""
A 5% fall costs exactly 2% of equity: in cross margin the sentence holds.
Read the other way, "20x" meaning a position of 20 times the equity, it fails badly:
"""),
        code('unrealized_pnl("long", 65_000, 20 * 10_000 / 65_000, 61_750)'),
        markdown("""
A 200,000 USDT position loses 10,000.00 USDT on a 5% fall: the whole account, not 2%.

**Verdict: misleading.** The 2% rule is "size = risk / stop distance", and leverage does not enter it.
At 20x isolated, the seed's trade uses liquidation as its stop.
Choose the stop, size from the risk, then choose a setting at or below $1/(d + b + m)$ so that liquidation lies beyond the stop.
"""),
        markdown("""
## Summary

- Size comes from the risk budget and the stop: $N = fE/d$. The leverage setting does not enter it.
- Leverage is chosen last: it sets the margin and the liquidation distance, and must leave liquidation beyond the stop with a buffer, $L \\le 1/(d + b + m)$ with MM on entry value.
- At 20x with an MMR of 0.5%, liquidation comes about 4.5% below entry: before a 5% stop.
- Losses compound: $n$ losses at $f$ leave $(1 - f)^n$ of the account, and the way back is longer than the way down.

Next: **05 · Stops and slippage**, where the stop fills below its level and the buffer earns its keep.
"""),
    ]
