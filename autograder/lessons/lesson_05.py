"""Lesson 05: stops and slippage. Stop vs liquidation, walking the book, gaps, GDAX 2017."""

from autograder.authoring import code, exercise, markdown, setup

SLUG = "05-stops-and-slippage"


def cells() -> list:
    return [
        markdown("""
# 05 · Stops and slippage

A stop decides **when** you leave a trade.
The order book decides **at what price**.

## Objectives

- You will be able to tell a stop order from a liquidation: who sends it, which price triggers it, and how it fills.
- You will be able to measure slippage in percent, and as a share of the position's margin.
- You will be able to walk an order book and compute a market order's average fill (its VWAP).
- You will be able to explain why a stop cannot protect you through a gap, and what liquidation does instead.
- You will be able to check a published slippage figure, from the GDAX flash crash of 2017, with the engine.
"""),
        setup(
            "import pandas as pd\n"
            "from course import initial_margin, isolated_liquidation_price, unrealized_pnl\n"
            "from course.hints import check\n"
            "from course.grading import grade\n"
            "from course.margin import slippage, vwap, walk_book\n"
            "from course.scenarios import load_episode\n"
            "from course.charts import depth_chart, depth_table\n"
            "from course.widgets import slippage_explorer",
            "setup_05",
        ),
        markdown("""
## The idea: two ways out of a trade

A leveraged position has two exits that close it when the price moves against you.

- A **stop order** is yours.
  You choose its **trigger** price; when the market trades there, it becomes a market order (a *stop-market* order) and sells into whatever bids the book holds.
  On many venues the trigger watches the **last traded price** unless you choose otherwise:
  Binance USD-M futures call the choice `workingType` (`CONTRACT_PRICE`, the default, or `MARK_PRICE`), and Bybit calls it `triggerBy` (`LastPrice`, `MarkPrice` or `IndexPrice`).
- **Liquidation** is the exchange's.
  It is triggered by the **mark price**, an index-based fair price, when equity falls to the maintenance margin (lesson 02).
  The exchange's liquidation engine then takes the position over and cancels its open orders.

So the two exits can watch two different prices.
A wick in one venue's last price can fire your stop without moving the mark, and a stop placed beyond the liquidation price never gets its turn.
"""),
        markdown(r"""
Back to the balance sheet.
A long of $q$ coins entered at price $E$ with margin $C$ has **equity** $C + q\,(P - E)$ when the price is $P$.
Its **notional** at entry is $qE$, and at leverage $L$ the **initial margin** is $IM = qE/L$.

A stop at $P_{\text{stop}}$ plans a loss of $q\,(E - P_{\text{stop}})$: the **planned loss**.
The market order fills at $P_{\text{fill}}$, usually lower, for a **realised loss** of $q\,(E - P_{\text{fill}})$.
The **slippage** $s$ is how far the fill lands from the stop, as a fraction of the stop price:

$$s = \frac{P_{\text{stop}} - P_{\text{fill}}}{P_{\text{stop}}}.$$

The extra loss, $q\,(P_{\text{stop}} - P_{\text{fill}})$, measured against the initial margin, is

$$\frac{\text{extra loss}}{IM} = L\,\frac{P_{\text{stop}} - P_{\text{fill}}}{E} = L\,s\,\frac{P_{\text{stop}}}{E} \approx L\,s.$$

Leverage multiplies slippage: each 1% of slippage costs about $L$% of the margin.
Against the plan, the realised loss is $(E - P_{\text{fill}})/(E - P_{\text{stop}})$ times the planned one, so the same slippage weighs more on a tight stop.
"""),
        markdown("""
## Worked example: a stop at 60,000 that fills at 59,500

The seed article warns that your stop at 60,000 USD "might execute at" 59,500.
Take a long of 1 BTC entered at 62,000 USDT with 20x isolated leverage, and that stop.
By hand first:
"""),
        code("""
entry, stop, fill, leverage = 62_000, 60_000, 59_500, 20
slippage_pct = 100 * (stop - fill) / stop
extra_share_pct = 100 * leverage * (stop - fill) / entry
print(f"slippage {slippage_pct:.2f}%, extra loss {extra_share_pct:.2f}% of margin")
"""),
        markdown("""
Less than 1% of slippage costs 16.13% of the margin at 20x.
Now with the engine, from the balance sheet:
"""),
        code("""
margin = initial_margin(1, entry, leverage)
planned = -unrealized_pnl("long", entry, 1, stop)
realised = -unrealized_pnl("long", entry, 1, fill)
print(f"margin {margin:,.2f} USDT, planned loss {planned:,.2f} USDT, realised loss {realised:,.2f} USDT")
print(f"extra loss {realised - planned:,.2f} USDT = {100 * (realised - planned) / margin:.2f}% of margin")
"""),
        markdown("""
The plan was to lose 2,000.00 USDT; the fill cost 2,500.00 USDT, a quarter more.

The usual answer key for this example, 16.7% of margin, is the quick rule $L\\,s$ = 20 × 0.83%.
It values the margin at the stop price instead of at entry.
This lesson measures shares of the margin actually posted, at entry, which gives 16.13% here.

Where is liquidation?
With a maintenance margin rate (MMR) of 0.5% on entry value (`basis="entry"`):
"""),
        code('isolated_liquidation_price("long", entry, leverage, 0.005, basis="entry")'),
        markdown("""
The exchange liquidates when the mark price reaches 59,210.00 USDT.
The stop sat 790 USDT above that, and the fill landed only 290 USDT above it.
At 20x there is little room between a stop and liquidation.

## Walking the order book

Why 59,500 and not 60,000?
A market sell takes the best bid first, then the next one down, until the order is filled.
Its average price is the **volume-weighted average price** (VWAP).
With $p_i$ the price of level $i$ and $f_i$ the coins filled there:

$$\\text{VWAP} = \\frac{\\sum_i p_i f_i}{\\sum_i f_i}.$$

Here are four bids, best first (sizes in BTC), and a market sell of 5 BTC:
"""),
        code("""
book = pd.DataFrame(
    {"side": "bid", "price": [60_000, 59_950, 59_900, 59_800], "size": [1, 1.5, 2, 3]}
)
book
"""),
        markdown("""
By hand: 1 BTC at 60,000, 1.5 at 59,950, 2 at 59,900, and the last 0.5 at 59,800.
"""),
        code("(1 * 60_000 + 1.5 * 59_950 + 2 * 59_900 + 0.5 * 59_800) / 5"),
        markdown("""
The engine walks the same book, level by level:
"""),
        code("""
fills = walk_book(book, 5, "sell")
fills
"""),
        code(
            'print(f"VWAP {vwap(fills):,.2f} USDT, '
            'slippage from the best bid {100 * slippage(fills, 60_000):.3f}%")'
        ),
        markdown("""
The average fill is 59,925.00 USDT, 0.125% below the best bid.
The last coins sold at 59,800, 0.33% below it.

The chart below draws the bid side of the book: what the order took from each level, and what it left.
"""),
        code("depth_chart(depth_table(book, fills), 60_000)"),
        markdown("""
The top three levels are gone, and 2.5 BTC are left at 59,800.
The next seller starts there: after a large market sell the best bid is lower for everyone, and the stops below come closer.

## Explore: order size against book depth

The explorer sells a long entered at 65,000 USDT (10x) with a stop-market order 2% below entry, into a synthetic book made by the engine's `example_book`.
The book's levels are 0.1% apart, start just under the stop, and each holds 15% more coins than the one above.
Move the **order size** and the **book depth** (the coins at the first level), and watch the fills walk down.
The readout compares the loss you planned at the stop with the loss the fills give.
"""),
        code("slippage_explorer()"),
        markdown("""
With the defaults the 2-coin order fills over 4 levels and loses 2,898.67 USDT, against 2,600.00 USDT planned.
Drag the depth down to 0.2 coins and the same order walks 7 levels.
Slippage grows with the order size and shrinks with the depth: what counts is the order's size *relative to the book*.

## Gaps: when the price jumps over the stop

A stop is a trigger, not a price.
If the market **gaps**, trading in one jump from above the stop to well below it, the first trade the stop can get is the one after the gap.
A sell stop then fills at that new price or lower, not at the stop.

Take a long of 1 ETH at 3,000 USDT with a stop at 2,850, 5% below.
The last trade before the book empties is at 2,900, and the next one is at 2,700:
"""),
        code("""
entry_eth, stop_eth, open_eth = 3_000, 2_850, 2_700
fill_eth = min(stop_eth, open_eth)  # a sell stop fills at the stop or at the first price below it
print(f"planned loss {entry_eth - stop_eth:,.2f} USDT, realised loss {entry_eth - fill_eth:,.2f} USDT")
"""),
        markdown("""
The stop fired as designed, and the loss still doubled, from 150.00 USDT to 300.00 USDT.
Crypto markets trade around the clock, so their gaps come from order books that empty out in a crash, and from venues that halt or fail.
"""),
        markdown("""
## A worked case: the GDAX flash crash, 21 June 2017

At 12:30 PT on 21 June 2017, someone placed a multimillion-dollar market sell on the ETH-USD book of GDAX, Coinbase's exchange.
GDAX's vice president Adam White wrote that it filled orders from 317.81 to 224.48 USD, "translating into a book slippage of 29.4%".
We check that figure with the engine, treating 224.48 as a fill and 317.81 as the reference price:
"""),
        code("""
last_fill = pd.DataFrame({"price": [224.48], "size": [1.0]})
print(f"{100 * slippage(last_fill, 317.81):.2f}%")
"""),
        markdown("""
The arithmetic holds: 29.37%, which rounds to the published 29.4%.
Note what it measures, though: the distance from the first fill to the **last** one, how far the order pushed the price.
The order's average fill, its VWAP, was above 224.48, so its slippage in this lesson's sense was smaller.
GDAX did not publish the fills, so we cannot say by how much.

The fall went through the stops and margin positions below 317.81.
About 800 stop-loss orders and margin liquidations fired, each one another market sell into an emptied book, and ETH traded as low as \\$0.10.
A stop-market sell set at 300 that met the bottom of that book would have filled this far below its stop:
"""),
        code("""
bottom = pd.DataFrame({"price": [0.10], "size": [1.0]})
print(f"{100 * slippage(bottom, 300):.2f}%")
"""),
        markdown("""
GDAX halted ETH-USD trading, said the trades were final under its rules, and later credited affected customers from company funds; the CFTC later looked into the crash.

*Sources, as reported: GDAX's statement quoted by fortunez.com and finanster.com; CoinDesk and bitcoinist.com on the credits; CoinDesk on the CFTC inquiry.*
"""),
        *(
            exercise(
                "q5_1_book_vwap",
                """
## Exercises

### Exercise 5.1: walk the book yourself (3 points)

Write `sell_vwap(prices, sizes, qty)`: the average fill price of a market sell of `qty` coins into bids listed best first, with `prices[i]` in USDT and `sizes[i]` in coins.
Use a loop over the levels, not the engine, and assume the book is deep enough.
The check calls your function on the worked example's book and on two others; the hidden tests use more.
""",
                given=(
                    "def sell_vwap(prices, sizes, qty):\n"
                    '    """Return the average fill price of a market sell of qty coins into '
                    'bids listed best first."""'
                ),
                solution="""
    left, paid = qty, 0.0
    for price, size in zip(prices, sizes):
        taken = min(left, size)
        paid += taken * price
        left -= taken
    return paid / qty
""",
                answer_name="sell_vwap",
            )
        ),
        *exercise(
            "q5_2_explorer_excess",
            """
### Exercise 5.2: read the explorer (3 points)

In the explorer above, set the order size to 12 coins, and leave the book depth (0.5) and the stop (2%) at their defaults.
By how many percent does the realised loss exceed the planned loss?
Compute it from the two loss lines of the readout, and answer in percent (`10.0` for 10% more).
Name it `excess_pct`; since you read it from the screen, the check allows about 1% either way.
""",
            solution="excess_pct = 100 * (21_173.90 / 15_600.00 - 1)",
            answer_name="excess_pct",
        ),
        markdown("""
### A gap on 10 October 2025

On 10 October 2025 a tariff announcement set off the largest liquidation day on record.
Venues reported BTC lows near 101,000 to 105,000 USD that day.
We start from the day before's close, in the course's data:
"""),
        code("""
btc = load_episode("2025-10-10_tariff_liquidation_cascade", asset="BTC")
entry_oct = btc.loc[btc["date"] == "2025-10-09", "close"].item()
entry_oct
"""),
        markdown("""
*Source: Coin Metrics Community Data, CC BY-NC 4.0; extract and rounding by the course authors.*

You are 10x long 1 BTC from that close, 121,603.33 USD, with a stop-market sell 5% below entry, at 115,523.16, triggered on the last price.
Suppose the book empties, and the first trade below your stop, so its fill, is at 108,000.
"""),
        *exercise(
            "q5_3_gap_liquidation",
            """
### Exercise 5.3: where liquidation comes (3 points)

In isolated margin, with an MMR of 0.5% on entry value (`basis="entry"`), at what mark price does the exchange liquidate this position?
Name it `liquidation_oct`.
""",
            solution='liquidation_oct = isolated_liquidation_price("long", entry_oct, 10, 0.005, basis="entry")',
            answer_name="liquidation_oct",
        ),
        *exercise(
            "q5_4_gap_cross",
            """
### Exercise 5.4: the gap in cross margin (3 points)

Now the same trade in cross margin, with a wallet large enough that the position is not liquidated above 108,000.
The stop fills at 108,000.
What is the loss, in percent of the position's initial margin?
Name it `cross_loss_pct`.
""",
            solution=(
                "cross_margin = initial_margin(1, entry_oct, 10)\n"
                'cross_loss_pct = -100 * unrealized_pnl("long", entry_oct, 1, 108_000) / cross_margin'
            ),
            answer_name="cross_loss_pct",
        ),
        markdown("""
Put your two answers next to the stop and the gap.
The liquidation price lies between them, so in isolated margin the mark price crosses it on the way down and the liquidation engine takes the position over.
The trader loses the whole margin, and the insurance fund absorbs whatever the close costs beyond it.
In cross margin nothing stops the fill at 108,000: the loss is larger than the position's margin, and the wallet pays it.
Either way, the stop capped nothing.

## Myth check: "My stop caps my loss at 2%"

A common plan: risk 2% of the account on each trade, and let the stop enforce it.
Take the seed article's stop and fill: equity 10,000 USDT, a long of BTC at 61,200, a stop at 60,000.
The position is sized so that a fill exactly at the stop loses 2% of equity (lesson 04).
The stop fills at 59,500.
"""),
        *exercise(
            "q5_5_stop_myth",
            """
### Exercise 5.5: the 2% stop (3 points)

What did the trade lose, in percent of equity?
Name it `myth_loss_pct`.
If the stop capped the loss, your answer would equal the 2% plan.
""",
            solution=(
                "qty = 0.02 * 10_000 / (61_200 - 60_000)\n"
                'myth_loss_pct = -100 * unrealized_pnl("long", 61_200, qty, 59_500) / 10_000'
            ),
            answer_name="myth_loss_pct",
        ),
        markdown("""
The stop chose the moment; the book chose the price.
Against the plan, the loss grows by the slippage divided by the stop distance, not by the slippage alone: a tight stop makes the same slippage count for more.
A risk budget needs room for slippage, and leverage low enough that liquidation sits well beyond the stop.

## Summary

- A stop is your order: it triggers, often on the last price, and becomes a market order. Liquidation is the exchange's, triggered by the mark price.
- Slippage $s$ costs about $L\\,s$ of the margin at leverage $L$; against a risk budget it weighs as the slippage over the stop distance.
- A market order walks the book: its VWAP, not the best bid, is your price, and a big order or a thin book makes it worse.
- In a gap a stop fills at the first price after it. In isolated margin liquidation may come first and take the whole margin; in cross margin the wallet pays the rest.
- On GDAX in 2017 one market sell pushed ETH down 29.4% through the book, and about 800 stops and liquidations took it to \\$0.10.

Next: **06 · Costs**, where trading fees and funding eat into the margin while a position is open.
"""),
    ]
