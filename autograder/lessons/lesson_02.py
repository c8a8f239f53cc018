"""Lesson 02: liquidation. Maintenance margin, liquidation vs bankruptcy price, both MM bases,
mark price, the insurance fund, inverse contracts, tiers, and a seed article's impossible price."""

from autograder.authoring import code, exercise, markdown, setup

SLUG = "02-liquidation"


def _function_exercise() -> list:
    """Exercise 2.7, a function to write: its answer cell keeps the stub inside the def."""
    cells = exercise(
        "q2_7_liquidation_function",
        """
### Exercise 2.7: your own liquidation function (3 points)

Write `liquidation_long(entry, leverage, mmr)`: the liquidation price of an isolated long opened at `leverage`, with the maintenance margin valued on the entry price.
Use the formula from *The idea*; no engine call is needed.
The check tries four positions; the hidden tests try others.
""",
        given=(
            "def liquidation_long(entry, leverage, mmr):\n"
            '    """Return the liquidation price of an isolated long, MM on the entry value."""'
        ),
        solution="    return entry * (1 - 1 / leverage + mmr)",
        answer_name="liquidation_long",
    )
    return cells


def cells() -> list:
    return [
        markdown("""
# 02 · Liquidation

An exchange lends you leverage on one condition: it may close your position before the losses outgrow your margin.
This lesson finds the price where that happens, and follows the margin that is left at that moment.

## Objectives

- You will be able to compute the **liquidation price** and the **bankruptcy price** of an isolated long or short.
- You will be able to value the maintenance margin on the entry price or at the mark, and say which exchanges use which.
- You will be able to follow a liquidation from the mark price to the settlement, and compute what the insurance fund keeps.
- You will be able to compare linear and inverse contracts, and find the liquidation price under tiered maintenance margin.
- You will be able to check a published liquidation price against the bankruptcy price.
"""),
        setup(
            "from course import (\n"
            "    BINANCE_BTCUSDT_2021,\n"
            "    bankruptcy_price,\n"
            "    isolated_liquidation_price,\n"
            "    liquidation_price,\n"
            "    tiered_liquidation_price,\n"
            "    tiered_maintenance_margin,\n"
            "    unrealized_pnl,\n"
            ")\n"
            "from course.charts import (\n"
            "    leverage_chart,\n"
            "    liquidation_table,\n"
            "    price_path_chart,\n"
            "    price_path_table,\n"
            "    tier_chart,\n"
            "    tier_table,\n"
            ")\n"
            "from course.scenarios import attribution, load_episode\n"
            "from course.hints import check\n"
            "from course.grading import grade\n"
            "from course.widgets import liquidation_explorer",
            "setup_02",
        ),
        markdown(r"""
## The idea

Take one isolated position, as in lesson 01.
It has a **side** $s$ ($+1$ for a long, $-1$ for a short), a size of $Q$ coins, an **entry price** $E$ and a **collateral** $C$: the margin posted for it.
Opened at leverage $L$, the collateral is the initial margin, $C = QE/L$.

At a price $P$ the position's **equity** is its collateral plus its unrealised PnL:

$$\text{equity}(P) = C + s\,Q\,(P - E).$$

The exchange asks that equity stays above the **maintenance margin** $MM = m \times \text{notional}$, where $m$ is the **maintenance margin rate (MMR)**, for example 0.5%.
That defines two prices:

- The **bankruptcy price** $P_B$, where equity reaches zero: $P_B = E - s\,C/Q$, which for an isolated position is $E\,(1 - s/L)$.
- The **liquidation price** $P_L$, where equity falls to the maintenance margin. Since $MM > 0$, it lies between the entry and the bankruptcy price: the exchange steps in first.

Exchanges disagree on one detail: the price at which they value the notional in $MM$.
With $MM$ fixed on the **entry value**, $MM = m\,Q\,E$ (`basis="entry"`):

$$P_L = E - s\,\frac{C - m\,Q\,E}{Q}, \qquad \text{isolated: } P_L = E\,\Big(1 - \frac{s}{L} + s\,m\Big).$$

With $MM$ valued **at the mark**, at the liquidation price itself, $MM = m\,Q\,P_L$ (`basis="mark"`):

$$P_L = \frac{Q\,E - s\,C}{Q\,(1 - s\,m)}, \qquad \text{isolated: } P_L = \frac{E\,(1 - s/L)}{1 - s\,m}.$$
"""),
        markdown("""
## A worked example

You buy 0.2 BTC at 60,000 USDT with 20x isolated leverage; the MMR is 0.5%.
By hand first: the notional is 12,000 USDT, the margin a twentieth of it, and the maintenance margin on the entry value 0.5% of it.
"""),
        code("""
qty, entry, leverage, mmr = 0.2, 60_000, 20, 0.005
margin = qty * entry / leverage
maintenance = mmr * qty * entry
print(f"margin {margin:,.2f}, maintenance margin {maintenance:,.2f}")
"""),
        markdown("""
Bankruptcy comes when the loss has eaten all 600.00 USDT of margin; liquidation when it has eaten all but the 60.00 USDT of maintenance margin.
Each USDT of loss takes a price fall of 1 / 0.2 = 5 USDT:
"""),
        code("""
print(f"bankruptcy  {entry - margin / qty:,.2f}")
print(f"liquidation {entry - (margin - maintenance) / qty:,.2f}")
"""),
        markdown("""
The long is bankrupt at 57,000.00 USDT and liquidated at 57,300.00 USDT, 4.5% below entry.
Now the engine, with both bases:
"""),
        code("""
print(bankruptcy_price("long", entry, qty, margin))
print(isolated_liquidation_price("long", entry, leverage, mmr, qty=qty, basis="entry"))
print(isolated_liquidation_price("long", entry, leverage, mmr, qty=qty, basis="mark"))
"""),
        markdown("""
The engine agrees: 57,000.00 and 57,300.00 USDT.
Valued at the mark, the maintenance margin is taken on a lower price, so it is a little smaller, and the price may fall 13.57 USDT further: 57,286.43 USDT.
A short loses as the price rises, so its two prices lie above entry:
"""),
        code("""
print(bankruptcy_price("short", entry, qty, margin))
print(isolated_liquidation_price("short", entry, leverage, mmr, qty=qty, basis="entry"))
print(isolated_liquidation_price("short", entry, leverage, mmr, qty=qty, basis="mark"))
"""),
        markdown("""
The short is bankrupt at 63,000.00 USDT and liquidated at 62,700.00 USDT with MM on the entry value, or at 62,686.57 USDT with MM at the mark.
For a short the mark basis comes *sooner*: at a higher price the maintenance margin is larger.

Which basis applies depends on the exchange (each exercise names it):

| MM valued | `basis=` | Used by |
| --- | --- | --- |
| at the mark, at the liquidation price | `"mark"` | Binance USDⓈ-M and COIN-M, OKX, Gate, Phemex, Hyperliquid, dYdX, Kraken |
| on the entry value | `"entry"` | classic Bybit USDT (isolated), KuCoin, BitMEX's examples, most articles |

OKX, Gate and Phemex also add the taker fee for closing to the MMR; the explorer's *Close fee* slider does that.
"""),
        markdown("""
## Explore

The explorer starts from a 10x long of 1 BTC at 65,000 USDT with an MMR of 0.5%.
Move the leverage and watch both prices close in on the entry.
Then switch the side or the basis, or add margin: added margin is more collateral $C$, and moves both prices away.
"""),
        code("liquidation_explorer()"),
        markdown("""
The chart below shows every leverage from 5x to 100x at once, for two MMRs and both bases (10x is marked).
"""),
        code(
            'leverage_chart(liquidation_table("long", 65_000, range(5, 101), [0.005, 0.01], marked=10))'
        ),
        markdown("""
Left, the liquidation price climbs toward the entry as leverage grows.
Right, the distance to liquidation is roughly one over the leverage minus the MMR.
With MM at the mark and an MMR of 0.5%, it is 9.55% at 10x, 1.51% at 50x and 0.50% at 100x.
The 100x point is missing from the MMR 1% lines: a 1% initial margin does not exceed a 1% maintenance margin, so that position could not open.
The two bases' lines almost overlap: the basis moves the price by tens of USDT, not the picture.
"""),
        markdown("""
### Mark price, not last price

The price $P$ in these formulas is the **mark price**: a fair price the exchange computes from an index of spot prices on several venues.
The **last price** is the latest trade on the exchange's own order book.
Binance, Bybit, OKX and BitMEX ("Fair Price Marking") all trigger liquidation on the mark price, so that one thin order book or one large trade cannot by itself liquidate everyone.
A wick in the last price alone need not liquidate you; a stop-loss order, in contrast, often triggers on the last price (lesson 05).

Real prices do not move in straight lines.
Here are BTC's daily closes (in USD, which we treat as USDT) around 12 March 2020, "Black Thursday", with a 3x long bought at the close of 3 March (MM at the mark, MMR 0.5%):
"""),
        code("""
crash = load_episode("2020-03-12_black_thursday", asset="BTC")
path = price_path_table(crash, "long", 3, 0.005, time_column="date", price_column="close")
print(attribution())
price_path_chart(path, title="BTC daily closes, March 2020: a 3x long from 3 March")
"""),
        code('path[path.series != "price"]'),
        markdown("""
The 3x long from 8,768.81 is liquidated at 5,875.25, 33.0% below entry, and bankrupt at 5,845.87.
The close of 12 March, 4,959.31, is far below both: the chart marks the first close past the liquidation price, but the mark crossed it somewhere during that day.
Daily closes also hide how low that day went: reported intraday lows were near 3,800 USD on spot venues, and BitMEX's own perpetual traded as low as 3,596 USD (figures as reported, not in this data).
A 2x long from the same entry, liquidated at 4,406.44, survives every daily close in this window, but not the reported intraday low.
"""),
        markdown("""
## Exercises

Each exercise names its basis. Prices are checked to about 0.01%, so you need not round; the chart reading allows more.
"""),
        *exercise(
            "q2_1_liquidation_short",
            """
### Exercise 2.1: liquidation of a short (3 points)

You short 2 ETH at 3,000 USDT with 20x isolated leverage; the MMR is 0.5%, valued on the entry price (`basis="entry"`, classic Bybit).
At what mark price is the short liquidated? Name it `short_liquidation`.
""",
            solution=(
                'short_liquidation = isolated_liquidation_price("short", 3_000, 20, 0.005,\n'
                '                                               qty=2, basis="entry")'
            ),
            answer_name="short_liquidation",
        ),
        *exercise(
            "q2_2_leverage_reading",
            """
### Exercise 2.2: read the chart (3 points)

On the right-hand panel of the leverage chart above, which leverage puts a long's liquidation **5%** below entry, with an MMR of 0.5%?
Read it off the chart (hover for tooltips), or move the explorer's leverage slider until the distance reads about −5%.
An answer within 1x of the exact leverage counts. Name it `leverage_for_5pct`.
""",
            solution="leverage_for_5pct = 18  # the tooltips: 5.08% at 18x, 4.79% at 19x",
            answer_name="leverage_for_5pct",
        ),
        *exercise(
            "q2_3_liquidation_long",
            """
### Exercise 2.3: liquidation of a long (3 points)

You buy 1 BTC at 50,000 USDT with 10x isolated leverage; the MMR is 0.5% of the entry value (Bybit's formula).
What mark price liquidates you? Name it `long_liquidation`.
""",
            solution=(
                'long_liquidation = isolated_liquidation_price("long", 50_000, 10, 0.005, basis="entry")'
            ),
            answer_name="long_liquidation",
        ),
        markdown("""
## Where the margin goes

At the liquidation price the position still has equity: exactly its maintenance margin.
The trader does not get it back.
Bybit's and BitMEX's help pages describe the steps; Binance works the same way, and takes a liquidation fee from what is left:

1. The mark price reaches the liquidation price. The exchange's liquidation engine cancels the position's open orders and takes the position over.
2. The trader's account is settled at the **bankruptcy price**: the whole isolated margin is gone.
3. The engine closes the position in the market. A fill better than the bankruptcy price leaves a surplus for the **insurance fund**; a worse fill is a deficit the fund pays.
4. When the fund cannot pay, profitable traders on the other side are closed out instead (auto-deleveraging).

The fund is not insurance for the trader: it keeps what is left of the trader's margin, and protects the winners on the other side.
Take the 20x long from the worked example, bankrupt at 57,000.00 USDT.
Suppose the engine's sell fills at 57,150, or in a fast market at 56,875:
"""),
        code("""
bankruptcy = bankruptcy_price("long", 60_000, 0.2, 600)
print(unrealized_pnl("long", bankruptcy, 0.2, 57_150))  # the fund "buys" at bankruptcy, sells at the fill
print(unrealized_pnl("long", bankruptcy, 0.2, 56_875))
"""),
        markdown("""
Either way the trader loses the full 600.00 USDT.
The first fill leaves 30.00 USDT for the fund; the second costs the fund 25.00 USDT.
"""),
        *exercise(
            "q2_4_insurance_fund",
            """
### Exercise 2.4: what the insurance fund keeps (3 points)

A long of 0.2 BTC opened at 50,000 USDT with 10x isolated leverage (MMR 0.5%, entry basis) is liquidated.
The liquidation engine's sell order fills at 45,100 USDT.
How many USDT go to the insurance fund? Name it `fund_gain`.
""",
            solution=(
                'bankruptcy = bankruptcy_price("long", 50_000, 0.2, 0.2 * 50_000 / 10)\n'
                'fund_gain = unrealized_pnl("long", bankruptcy, 0.2, 45_100)'
            ),
            answer_name="fund_gain",
        ),
        markdown(r"""
## Inverse contracts

An **inverse** (coin-margined) contract, such as BitMEX's XBTUSD or Binance's COIN-M futures, has its size $Q$ in USD of face value, and its margin and PnL in the coin.
Its PnL in coin is $s\,Q\,(1/E - 1/P)$.
The collateral of an inverse long is coin, which loses USD value as the price falls: the long is hit twice, and is liquidated sooner than a linear one.
With MM on the entry value (BitMEX support's form), an isolated position is liquidated and bankrupt at

$$P_L = \frac{E}{1 + s/L - s\,m}, \qquad P_B = \frac{E}{1 + s/L}.$$

At a given leverage the size does not move an isolated position's prices, so we leave `qty` at its default:
"""),
        code("""
for contract in ("linear", "inverse"):
    long = isolated_liquidation_price("long", 60_000, 10, 0.005, basis="entry", contract=contract)
    short = isolated_liquidation_price("short", 60_000, 10, 0.005, basis="entry", contract=contract)
    print(f"{contract:8} long {long:,.2f}   short {short:,.2f}")
"""),
        markdown("""
At 10x the inverse long is liquidated 8.68% below entry, sooner than the linear long.
The inverse short is liquidated only 10.50% above entry, later than the linear short: its coin collateral gains USD value as the price rises.
"""),
        *exercise(
            "q2_5_inverse_long",
            """
### Exercise 2.5: an inverse long (3 points)

On a coin-margined ETHUSD contract you go long 20,000 USD of face value at 2,000 USD, with 10x isolated leverage and an MMR of 0.5% on the entry value (BitMEX support's form).
At what mark price is the position liquidated? Name it `inverse_liquidation`.
""",
            solution=(
                'inverse_liquidation = isolated_liquidation_price("long", 2_000, 10, 0.005,\n'
                '                                                 qty=20_000, basis="entry",\n'
                '                                                 contract="inverse")'
            ),
            answer_name="inverse_liquidation",
        ),
        markdown("""
## How far away is liquidation?

A common rule of thumb says that at 10x a 10% move wipes you out.
A 10% fall is where a 10x long is *bankrupt*; it is liquidated before that.
"""),
        *exercise(
            "q2_6_liquidation_distance",
            """
### Exercise 2.6: distance to liquidation (3 points)

A 10x isolated long is opened at 65,000 USDT; the MMR is 0.5% of the entry value.
How far does the price fall before liquidation, **in percent** of the entry price? Name it `distance_pct`.
""",
            solution=(
                'liquidation = isolated_liquidation_price("long", 65_000, 10, 0.005, basis="entry")\n'
                "distance_pct = 100 * (65_000 - liquidation) / 65_000"
            ),
            answer_name="distance_pct",
        ),
        *_function_exercise(),
        markdown(r"""
## Tiers: bigger positions, higher rates

Exchanges raise the MMR as the notional $n$ grows, in **brackets**.
Bracket $k$ covers notionals up to its cap $c_k$, with its own rate $m_k$ and a **maintenance amount** $A_k$ (Bybit calls it the MM deduction):

$$MM(n) = n\,m_k - A_k \quad\text{for } c_{k-1} < n \le c_k, \qquad A_k = c_{k-1}\,(m_k - m_{k-1}) + A_{k-1},\ A_1 = 0.$$

The maintenance amount takes off exactly what the higher rate adds at the cap, so $MM$ has no jump there.
Tables change by announcement, so ours carries its date.
This one is Binance's BTCUSDT table as reverse-engineered in 2021; live tiers differ.
"""),
        code("""
print(BINANCE_BTCUSDT_2021.venue, BINANCE_BTCUSDT_2021.symbol, BINANCE_BTCUSDT_2021.as_of)
for bracket in BINANCE_BTCUSDT_2021.brackets[:4]:
    print(bracket)
tiered_maintenance_margin([249_999, 250_000, 250_001], BINANCE_BTCUSDT_2021.brackets)
"""),
        markdown("""
Across the 250,000 USDT cap the rate doubles, from 0.5% to 1%, yet MM passes smoothly through 1,200.00 USDT.

Which bracket applies? Binance's FAQ: the one of the notional **at the liquidation price**.
Take a long of 5 BTC at 52,000 USDT with 5x isolated leverage (52,000 USDT of margin), MM at the mark.
At entry the notional is 260,000 USDT, in the third bracket (1%, 1,300).
Using that bracket:
"""),
        code("""
naive = liquidation_price("long", 52_000, 5, 52_000, 0.01, maint_amount=1_300)
print(f"{naive:,.2f}, where the notional is {5 * naive:,.2f}")
"""),
        markdown("""
At 41,757.58 USDT the notional is only 208,787.88 USDT, in the second bracket (0.5%, 50), so that answer contradicts itself.
`tiered_liquidation_price` tries every bracket and keeps the one that contains its own liquidation notional:
"""),
        code("""
tiered = tiered_liquidation_price("long", 52_000, 5, 52_000, BINANCE_BTCUSDT_2021.brackets)
print(f"{tiered:,.2f}, where the notional is {5 * tiered:,.2f}")
"""),
        markdown("""
41,798.99 USDT is self-consistent; the entry bracket put the price 41.42 USDT too low.
A long's notional shrinks as the price falls, so it can drop into a cheaper bracket before liquidation; a short's grows, and can climb into a dearer one.
The chart shows the whole table:
"""),
        code("tier_chart(tier_table())"),
        markdown("""
Top: the maintenance margin rises with the notional, with no jump at any cap (the points).
Bottom: the bracket's MMR jumps at every cap, while MM / notional climbs smoothly.
A bigger position pays a higher effective rate, so at the same leverage it is liquidated sooner.
"""),
        *exercise(
            "q2_8_tiered_short",
            """
### Exercise 2.8: a short that climbs a bracket (3 points)

You short 5 BTC at 48,000 USDT with 8x isolated leverage (30,000 USDT of margin), under the 2021 table above, MM at the mark (Binance).
At entry the notional, 240,000 USDT, is in the second bracket.
At what mark price is the short liquidated? Name it `tiered_short`.
""",
            solution=(
                "brackets = BINANCE_BTCUSDT_2021.brackets\n"
                'tiered_short = tiered_liquidation_price("short", 48_000, 5, 30_000, brackets)'
            ),
            answer_name="tiered_short",
        ),
        markdown("""
## Myth check: a liquidation price below bankruptcy

An article on margin trading gives the formula "Liquidation Price = Entry × (1 − IM/PositionSize + MMR)".
For a 10x long at 65,000 USDT with 1,000 USDT of margin and an MMR of 0.5%, it prints a liquidation price of about **58,465 USDT**.
Check it with your function from Exercise 2.7 first (MM on the entry value; the size does not matter):
"""),
        code("liquidation_long(65_000, 10, 0.005)"),
        markdown("""
The article's own formula gives 58,825.00 USDT, not 58,465.
With MM at the mark (Binance's algebra):
"""),
        code("""
qty = 10_000 / 65_000  # 10,000 USDT of notional
liquidation_price("long", 65_000, qty, 1_000, 0.005, basis="mark")
"""),
        markdown("""
That is 58,793.97 USDT.
Neither basis gives 58,465. Could any formula?
"""),
        *exercise(
            "q2_9_seed_bankruptcy",
            """
### Exercise 2.9: the article's price against the bankruptcy price (3 points)

Compute the bankruptcy price of the article's position: `qty` coins bought at 65,000 USDT with 1,000 USDT of margin.
Name it `seed_bankruptcy`.
""",
            solution='seed_bankruptcy = bankruptcy_price("long", 65_000, qty, 1_000)',
            answer_name="seed_bankruptcy",
        ),
        code("seed_bankruptcy > 58_465"),
        markdown("""
The article's 58,465 lies **below** the bankruptcy price.
A long is always liquidated between its bankruptcy price and its entry, so no maintenance margin of zero or more can produce that number.
At 58,465 the position's equity would already be negative:
"""),
        code('1_000 + unrealized_pnl("long", 65_000, qty, 58_465)'),
        markdown("""
That is −5.38 USDT: the loss has outgrown the margin.
We cannot know what the author computed; one arithmetic that lands on the number is 65,000 × 0.9 × (1 − 0.0006) = 58,464.90, a fee applied to the bankruptcy price in the wrong direction.
The correct figures for this position are 58,825.00 USDT (MM on the entry value) or 58,793.97 USDT (MM at the mark).
"""),
        markdown("""
## Summary

- Liquidation comes when equity (margin plus PnL) falls to the maintenance margin; bankruptcy when it falls to zero. The liquidation price always lies between the bankruptcy price and the entry.
- Name the basis: the maintenance margin is valued at the mark (Binance, OKX, Gate and others) or on the entry value (classic Bybit, KuCoin, BitMEX's examples). The mark price, not the last trade, triggers liquidation.
- At liquidation the isolated margin is gone: the account is settled at the bankruptcy price, and whatever the engine's fill earns above it goes to the insurance fund.
- Inverse longs are liquidated sooner than linear ones, inverse shorts later. Bigger positions pay higher brackets, chosen by the notional at the liquidation price.
- A long's published liquidation price below its bankruptcy price (a short's above) is wrong, whatever formula produced it.

Next: **03 · Cross vs isolated**, where the whole wallet backs every position.
"""),
    ]
