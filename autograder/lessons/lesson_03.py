"""Lesson 03: cross vs isolated margin. Cross liquidation from the wallet and the other
positions, worst-case losses, added margin, a shock explorer, simulated paths, a real crash,
and the myth that isolated margin is always safer."""

from autograder.authoring import code, exercise, markdown, setup

SLUG = "03-cross-vs-isolated"


def _function_exercise() -> list:
    """Exercise 3.5, a function to write: its answer cell keeps the stub inside the def."""
    cells = exercise(
        "q3_5_cross_function",
        """
### Exercise 3.5: your own cross formula (3 points)

Write `cross_liquidation_long(wallet_balance, qty, entry, mmr, other_mm, other_pnl)`: the cross liquidation price of a long, with the maintenance margin valued at the mark and no maintenance amount (Binance's one-way formula).
`other_mm` and `other_pnl` are the maintenance margin and the signed uPnL of the account's other positions, held at their marks: $TMM$ and $UPNL$ in *The idea*.
Use the formula from *The idea*; no engine call is needed.
The check tries three accounts, among them the worked example's; the hidden tests try others.
""",
        given=(
            "def cross_liquidation_long(wallet_balance, qty, entry, mmr, other_mm, other_pnl):\n"
            '    """Return the cross liquidation price of a long, MM at the mark."""'
        ),
        solution=(
            "    collateral = wallet_balance - other_mm + other_pnl\n"
            "    return (qty * entry - collateral) / (qty * (1 - mmr))"
        ),
        answer_name="cross_liquidation_long",
    )
    return cells


def cells() -> list:
    return [
        markdown("""
# 03 · Cross vs isolated

In lesson 02 every position had its own margin, and could lose that margin and no more.
Exchanges offer a second way to back positions: with the whole wallet at once.
This lesson computes liquidation in both modes, compares what each can lose, and tests a popular claim: that isolated margin is always safer.

## Objectives

- You will be able to compute a position's liquidation price in cross margin from the wallet balance and the other positions, and in isolated margin from its own margin.
- You will be able to state the worst-case loss in each mode, and compute how added margin moves an isolated liquidation price.
- You will be able to compute a cross account's equity, maintenance margin and margin ratio with several positions, keeping the sign of a short's PnL.
- You will be able to compare the two modes over simulated price paths and a real crash, and say when each one loses more.
"""),
        setup(
            "import numpy as np\n"
            "from course import (\n"
            "    Position,\n"
            "    cross_liquidation_price,\n"
            "    isolated_liquidation_price,\n"
            "    liquidation_price,\n"
            ")\n"
            "from course.charts import equity_chart, equity_table, outcome_chart, outcome_table\n"
            "from course.scenarios import (\n"
            "    attribution,\n"
            "    episode_path,\n"
            "    gbm_paths,\n"
            "    jump_paths,\n"
            "    load_episode,\n"
            "    simulate_margin_modes,\n"
            "    summarize_margin_modes,\n"
            ")\n"
            "from course.hints import check\n"
            "from course.grading import grade\n"
            "from course.widgets import cross_vs_isolated_explorer",
            "setup_03",
        ),
        markdown(r"""
## The idea

Start from the balance sheet of a futures account.
The **wallet balance** $W$ is the USDT in it.
Each open position $j$ has a side $s_j$ ($+1$ long, $-1$ short), a size of $Q_j$ coins, an entry price $E_j$, a mark price $P_j$ and an MMR $m_j$.
Its **unrealised PnL** is $u_j = s_j\,Q_j\,(P_j - E_j)$, and its **maintenance margin**, valued at the mark, is $MM_j = m_j\,Q_j\,P_j$.

In **isolated margin** you post a margin $C_j$ for each position: at leverage $L$ it is the initial margin $Q_j E_j / L$, plus any margin you add later.
Position $j$ is liquidated when $C_j + u_j$ falls to $MM_j$, and it can lose $C_j$, no more; the rest of the wallet is untouched.

In **cross margin** the whole wallet backs every position.
The account's **equity** is $W + \sum_j u_j$, and the account is liquidated when it falls to $\sum_j MM_j$: every position is closed, and the wallet is lost.

To find one position's cross liquidation price, hold the other positions at their marks.
Their total maintenance margin $TMM$ and their total *signed* PnL $UPNL$ (Binance's names) turn the wallet into this position's **collateral**:

$$C = W - TMM + UPNL.$$

Then lesson 02's formula applies unchanged (MM at the mark, side $s$, size $Q$, entry $E$, MMR $m$):

$$P_L = \frac{Q\,E - s\,C}{Q\,(1 - s\,m)}.$$

With a single position, $TMM = UPNL = 0$ and $C = W$: cross margin is isolated margin with the whole wallet posted.
So the worst cases differ too: isolated can lose $C_j$, cross can lose $W$.
"""),
        markdown("""
## A worked example

You hold 4,000 USDT in your futures wallet and buy 0.25 BTC at 64,000 USDT with the leverage set to 20x.
The MMR is 0.5%, and the maintenance margin is valued at the mark (Binance's basis), as everywhere in this lesson.
"""),
        code("""
wallet, qty, entry, mmr = 4_000, 0.25, 64_000, 0.005
margin = qty * entry / 20
print(f"notional {qty * entry:,.2f}, isolated margin {margin:,.2f}, notional / wallet {qty * entry / wallet:.1f}x")
"""),
        markdown("""
The notional is 16,000.00 USDT.
In isolated mode 800.00 USDT of the wallet backs it; in cross mode all 4,000.00 USDT do.
The 20x setting only fixes the isolated margin: measured on the wallet, the account's effective leverage is 4.0x.
By hand, with the formula above and $s = +1$:
"""),
        code("""
print(f"isolated {(qty * entry - margin) / (qty * (1 - mmr)):,.2f}")
print(f"cross    {(qty * entry - wallet) / (qty * (1 - mmr)):,.2f}")
"""),
        markdown("""
Now with the engine.
A cross account is a list of `Position` objects; `cross_liquidation_price` takes the wallet balance, the list and the symbol whose price we want:
"""),
        code("""
btc = Position("BTCUSDT", "long", qty, entry, mmr=mmr)
print(isolated_liquidation_price("long", entry, 20, mmr, qty=qty))
print(cross_liquidation_price(wallet, [btc], "BTCUSDT"))
"""),
        markdown("""
The isolated long is liquidated at 61,105.53 USDT, 4.52% below entry; the cross long at 48,241.21 USDT, 24.62% below.
The cross position survives a much larger fall because five times as much collateral stands behind it.

### The worst case in each mode

What each mode loses depends on how far the price falls.
`summarize_margin_modes` runs both modes over price paths, one row per path and mode.
Each path here is only the entry and one later price: a 3% dip, a fall to 56,000 and a gap to 47,000.
"""),
        code("""
shocks = [[64_000, 62_080], [64_000, 56_000], [64_000, 47_000]]
summary = summarize_margin_modes(shocks, "long", qty, 20, wallet)
summary.pivot(index="path", columns="mode", values="loss")
"""),
        markdown("""
- The 3% dip liquidates neither position: both lose the same 480.00 USDT.
- At 56,000 the isolated long is liquidated and loses its 800.00 USDT margin; the cross long is still open, 2,000.00 USDT down.
- At 47,000 the price is past the cross liquidation price: the account is closed and loses the whole 4,000.00 USDT wallet, while the isolated trader still loses 800.00 USDT.

So the worst case is the margin posted in isolated mode, and the whole wallet in cross mode.
The simulation settles a liquidated account at zero: as in lesson 02, a fill below the bankruptcy price is the insurance fund's loss, not the trader's.

### Adding margin

In isolated mode you can add margin to an open position.
That is more collateral $C$, so the liquidation price moves away; `isolated_liquidation_price` takes it as `extra_margin`:
"""),
        code("""
for extra in (0, 800, 3_200):
    price = isolated_liquidation_price("long", entry, 20, mmr, qty=qty, extra_margin=extra)
    print(f"{extra:>5,} added: {price:,.2f}")
"""),
        markdown("""
Adding 800 USDT doubles the collateral: the long is then liquidated at 57,889.45 USDT, as if it had been opened at 10x.
Adding 3,200 USDT puts the whole wallet behind it, and the liquidation price becomes 48,241.21 USDT, exactly the cross one.
The added margin buys distance, and is at risk too.

### Two positions in one wallet

Cross margin really differs from isolated once the wallet holds several positions.
Add a short of 1 ETH at 3,200 USDT to the account, and let both prices rise 4%: BTC's mark becomes 66,560 and ETH's 3,328.
"""),
        code("""
btc_up = Position("BTCUSDT", "long", 0.25, 64_000, mark=66_560)
eth_up = Position("ETHUSDT", "short", 1, 3_200, mark=3_328)
print(btc_up.unrealized_pnl(), eth_up.unrealized_pnl())
print(btc_up.maintenance_margin(), eth_up.maintenance_margin())
"""),
        markdown("""
The long gains 640.00 USDT and the short loses 128.00 USDT: with $s = -1$, a short's PnL is negative when the price rises.
Their maintenance margins are 83.20 and 16.64 USDT.
The account's equity, and Binance's **margin ratio**, maintenance margin over equity (the account is liquidated at 100%):
"""),
        code("""
equity = wallet + btc_up.unrealized_pnl() + eth_up.unrealized_pnl()
maintenance = btc_up.maintenance_margin() + eth_up.maintenance_margin()
print(f"equity {equity:,.2f}, maintenance {maintenance:,.2f}, margin ratio {maintenance / equity:.2%}")
"""),
        markdown("""
Equity is 4,512.00 USDT against 99.84 USDT of maintenance margin: a margin ratio of 2.21%.
Other exchanges show the inverse ratio, equity over maintenance margin, so never compare the numbers across venues.
Each position's cross liquidation price holds the other one at its mark:
"""),
        code("""
print(cross_liquidation_price(wallet, [btc_up, eth_up], "BTCUSDT"))
print(cross_liquidation_price(wallet, [btc_up, eth_up], "ETHUSDT"))
"""),
        markdown("""
BTC is liquidated at 48,822.67 USDT, if ETH stays at 3,328.
The short's loss and maintenance margin come out of the wallet, so BTC's liquidation price is 581.47 USDT higher than when it was alone.
ETH is liquidated at 7,718.21 USDT, if BTC stays at 66,560: the long's gain has become collateral for the short.

**Keep the sign.** Some open-source code (the freqtrade trading bot's Binance cross formula, in its 2024 version) computes every other position's PnL as if it were a long.
Here that turns the short's loss of 128 USDT into a gain:
"""),
        code("""
as_if_long = eth_up.qty * (eth_up.mark - eth_up.entry)  # the sign of the short is lost
collateral = wallet - eth_up.maintenance_margin() + as_if_long
liquidation_price("long", 64_000, 0.25, collateral, mmr)
"""),
        markdown("""
The bug puts BTC's liquidation price at 47,793.53 USDT, 1,029.15 USDT farther away than it really is: the account looks safer than it is.

### Binance's own example

Binance's support page on USDⓈ-M liquidation prices works a cross example with two large longs.
They sit in higher brackets (lesson 02's tiers), so each `Position` carries its bracket's MMR and maintenance amount:
"""),
        code("""
btc_big = Position("BTCUSDT", "long", 109.488, 32_481.98, mark=31_967.27, mmr=0.025, maint_amount=16_300)
eth_big = Position("ETHUSDT", "long", 3_683.979, 1_456.84, mark=1_335.18, mmr=0.10, maint_amount=135_365)
for symbol in ("ETHUSDT", "BTCUSDT"):
    print(symbol, round(cross_liquidation_price(1_535_443.01, [btc_big, eth_big], symbol), 2))
"""),
        markdown("""
Binance prints 1,153.26 for ETH and 26,316.89 for BTC, and so does the engine.
Both longs are losing at their marks, so each one's loss shrinks the other's collateral.
"""),
        markdown("""
## Explore: one shock, two modes

The explorer holds the account from above, both positions at entry: the BTC long, the ETH short and 4,000 USDT in the wallet.
The shock slider moves every mark by the same percentage.
The readout compares isolated margin (each position with its own 20x margin) and cross margin (the whole wallet).
The chart shows each position's PnL in the cross account at every shock, with crosses where the account is liquidated.
"""),
        code("""
btc = Position("BTCUSDT", "long", 0.25, 64_000)
eth = Position("ETHUSDT", "short", 1, 3_200)
cross_vs_isolated_explorer(wallet, [btc, eth], leverage=20, shock_pct=-6)
"""),
        markdown("""
At −6% the isolated BTC long is liquidated and loses its 800.00 USDT margin, while the isolated ETH short gains 192.00 USDT.
The cross account is 768.00 USDT down and stays open.
At this shock isolated loses less, because the long's loss beyond its margin is not the isolated trader's.
Move the slider to −3%: nothing is liquidated, and both modes lose 384.00 USDT.
Then move it down until the cross account is liquidated (Exercise 3.6 asks where): it loses all 4,000.00 USDT, while in isolated mode the short's gain pays for the long's lost margin.

Two cautions.
The slider *holds* the price at the shock: a wick that comes back is different, as the myth check shows.
And it moves BTC and ETH together; the short protects the cross account only while they do, and real prices do not move in lockstep.
"""),
        markdown("""
## Many paths

Markets move in paths, not single shocks.
`gbm_paths` draws seeded random paths (geometric Brownian motion): here 1,000 paths of 30 daily steps from 64,000 USDT, with 60% annual volatility and no drift.
We run the account's BTC long through both modes on every path:
"""),
        code("""
prices = gbm_paths(64_000, drift=0.0, volatility=0.6, steps=30, paths=1_000, seed=3)
summary = summarize_margin_modes(prices, "long", qty, 20, wallet)
summary.groupby("mode", observed=True).agg(
    liquidated=("liquidated", "mean"), worst_loss=("loss", "max"), median_loss=("loss", "median")
)
"""),
        markdown("""
Within 30 days the isolated long is liquidated on 70.5% of the paths, but never loses more than 800 USDT.
The cross long is liquidated on 8.5% of the paths, and each time loses 4,000 USDT.
The model keeps a liquidated position closed and reopens nothing, and it sees daily closes only: intraday wicks, which liquidate more often, are missed.
Which mode loses more on each path?
"""),
        code("""
losses = summary.pivot(index="path", columns="mode", values="loss")
difference = losses["isolated"] - losses["cross"]
print(f"isolated loses more on {(difference > 0.01).mean():.1%} of paths, cross on {(difference < -0.01).mean():.1%}")
"""),
        markdown("""
Isolated loses more on 30.3% of the paths, cross on 40.2%; on the other 29.5% neither is liquidated and both lose the same.
The chart shows the whole distribution of final losses, one panel per mode; a negative loss is a gain.
"""),
        code("outcome_chart(outcome_table(summary))"),
        markdown("""
In the isolated panel most paths sit in one liquidated bar at 800 USDT, and the rest spread over gains and small losses.
In the cross panel the losses spread out further, and the liquidated paths pile up in one bar at 4,000 USDT: the wallet.

Crypto prices also jump.
`jump_paths` adds sudden crashes to the same model: here six a year on average, each about 15% (`jump_mean = log(0.85)`), with the drift adjusted so that the average path is unchanged.
"""),
        code("""
crashes = jump_paths(64_000, 0.0, 0.6, 30, 1_000, jump_rate=6, jump_mean=np.log(0.85), jump_std=0.05, seed=3)
with_jumps = summarize_margin_modes(crashes, "long", qty, 20, wallet)
with_jumps.groupby("mode", observed=True)["liquidated"].mean()
"""),
        markdown("""
With jumps the cross account is liquidated on 14.4% of the paths instead of 8.5%, while the isolated long's share barely moves (70.0%).
Gaps reach the far-away cross liquidation price that the ordinary daily moves rarely reach.

`simulate_margin_modes` keeps every day's equity, to follow one path step by step.
The first simulated path dips far below the isolated liquidation price, then recovers:
"""),
        code("""
first_path = simulate_margin_modes(prices[:1], "long", qty, 20, wallet)
print(losses.loc[0])
equity_chart(equity_table(first_path), time_title="Day")
"""),
        markdown("""
The isolated equity drops to 3,200 USDT when the long is liquidated (the diamond) and stays there: the free balance is kept, the position is gone.
The cross account rides out the dip and ends 652.73 USDT up.
"""),
        markdown("""
## A real crash

Simulations are assumptions; `course.scenarios` also ships daily closes of real crash windows (Coin Metrics data, in USD, which we treat as USDT).
Replay the same account in March 2020: a long of 16,000 USDT notional bought at the close of 3 March, 20x, with 4,000 USDT in the wallet.
"""),
        code("""
crash = episode_path("2020-03-12_black_thursday", "BTC")
crash_qty = 16_000 / crash[0, 0]
replay = summarize_margin_modes(crash, "long", crash_qty, 20, wallet)
print(attribution())
replay
"""),
        code("""
dates = load_episode("2020-03-12_black_thursday", asset="BTC")["date"]
for mode, day in zip(replay["mode"], replay["liquidation_time"]):
    print(mode, "liquidated on", dates[day].date())
"""),
        code("""
equity_chart(
    equity_table(simulate_margin_modes(crash, "long", crash_qty, 20, wallet)),
    time_title="Days after 3 March 2020",
)
"""),
        markdown("""
The isolated long is liquidated on 8 March, when BTC closed 7.5% below the entry of 8,768.81; the isolated trader keeps 3,200 USDT.
The cross account survives until 12 March, Black Thursday, when BTC closed at 4,959.31, and loses all 4,000 USDT.
Same position, same wallet: in this crash cross margin lost five times as much.
"""),
        markdown("""
## Exercises

MM is valued at the mark, the MMR is 0.5% and contracts are linear USDT ones in every exercise.
Prices are checked to about 0.01%, so you need not round; the explorer reading allows more.
"""),
        *exercise(
            "q3_1_cross_liquidation",
            """
### Exercise 3.1: a cross liquidation price (3 points)

Your wallet holds 5,000 USDT, and you buy 1 BTC at 60,000 USDT with the leverage set to 20x, in **cross** margin.
It is your only position. At what mark price is it liquidated? Name it `cross_liquidation`.
""",
            solution=(
                'btc_only = [Position("BTCUSDT", "long", 1, 60_000)]\n'
                'cross_liquidation = cross_liquidation_price(5_000, btc_only, "BTCUSDT")'
            ),
            answer_name="cross_liquidation",
        ),
        code("""
# For comparison, the same long in isolated margin
isolated_liquidation_price("long", 60_000, 20, 0.005)
"""),
        *exercise(
            "q3_2_gap_loss",
            """
### Exercise 3.2: the worst case in cross (3 points)

The price of Exercise 3.1 then gaps from 60,000 straight to 54,000 USDT, through both liquidation prices, and the position is closed.
As in the worked example, a liquidated account is settled at zero.
How many USDT does the **cross** trader lose? Name it `cross_gap_loss`.
""",
            solution=(
                'gap = summarize_margin_modes([[60_000, 54_000]], "long", 1, 20, 5_000)\n'
                'cross_gap_loss = gap.set_index("mode").loc["cross", "loss"]'
            ),
            answer_name="cross_gap_loss",
        ),
        *exercise(
            "q3_3_margin_ratio",
            """
### Exercise 3.3: a margin ratio with two positions (3 points)

A cross wallet of 6,000 USDT holds a long of 1 BTC at 60,000 USDT and a short of 10 ETH at 3,000 USDT.
Both marks fall 5%.
What is the account's margin ratio, maintenance margin over equity, **in percent**? Name it `margin_ratio_pct`.
""",
            solution=(
                'btc_down = Position("BTCUSDT", "long", 1, 60_000, mark=57_000)\n'
                'eth_down = Position("ETHUSDT", "short", 10, 3_000, mark=2_850)\n'
                "account_equity = 6_000 + btc_down.unrealized_pnl() + eth_down.unrealized_pnl()\n"
                "account_mm = btc_down.maintenance_margin() + eth_down.maintenance_margin()\n"
                "margin_ratio_pct = 100 * account_mm / account_equity"
            ),
            answer_name="margin_ratio_pct",
        ),
        *exercise(
            "q3_4_added_margin",
            """
### Exercise 3.4: adding margin (3 points)

You hold the long of Exercise 3.1 in **isolated** margin instead: 1 BTC at 60,000 USDT, 20x.
You add 1,000 USDT of margin to it. Where is it liquidated now? Name it `liquidation_after_adding`.
""",
            solution=(
                'liquidation_after_adding = isolated_liquidation_price("long", 60_000, 20, 0.005, '
                "extra_margin=1_000)"
            ),
            answer_name="liquidation_after_adding",
        ),
        *_function_exercise(),
        markdown("""
Your function should agree with the engine on the two-position account of the worked example:
"""),
        code("""
print(cross_liquidation_long(4_000, 0.25, 64_000, 0.005, eth_up.maintenance_margin(), eth_up.unrealized_pnl()))
print(cross_liquidation_price(4_000, [btc_up, eth_up], "BTCUSDT"))
"""),
        *exercise(
            "q3_6_account_shock",
            """
### Exercise 3.6: read the explorer (3 points)

Go back to the explorer: 0.25 BTC long and 1 ETH short, 4,000 USDT in the wallet.
Move the shock slider down until the readout says the cross account is LIQUIDATED, or find the first cross on the chart.
At what shock, in percent, is the account first liquidated? Give it as the slider shows it, negative for a fall (for example `-12.5`).
An answer within 1.5 points counts. Name it `account_shock_pct`.
""",
            solution="account_shock_pct = -31  # the readout first says LIQUIDATED at -31.0%",
            answer_name="account_shock_pct",
        ),
        markdown("""
## Myth check: "isolated is always safer"

Many posts for beginners, several on Binance Square among them, say that isolated margin is always the safer choice.
Our numbers so far support half of it: isolated margin caps the loss at the margin posted (800 USDT against 4,000 USDT in the March 2020 replay).
But it is liquidated by much smaller moves, and a liquidation is final.
Take the account's long once more, and a wick: the price dips 5% and comes back.
"""),
        code("""
wick = [[64_000, 60_800, 64_000]]
summarize_margin_modes(wick, "long", qty, 20, wallet)[["mode", "liquidated", "loss"]]
"""),
        markdown("""
On the wick the isolated long is liquidated at the bottom and loses 800.00 USDT; the cross long is back at its entry and loses nothing.
In the March 2020 crash it was the other way round.
Same position, same wallet: which mode loses less depends on how large the shock is, and on whether it comes back.
Now settle the claim on a second real window.
"""),
        *exercise(
            "q3_7_isolated_extra",
            """
### Exercise 3.7: myth check on October 2025 (3 points)

Replay the account in the October 2025 window, `"2025-10-10_tariff_liquidation_cascade"`, for BTC, exactly as in *A real crash*: a long of 16,000 USDT notional at the window's first close, 20x, 4,000 USDT in the wallet.
How many USDT **more** does the isolated trader lose than the cross trader (isolated loss minus cross loss; negative if isolated loses less)?
Name it `isolated_extra_loss`.
""",
            solution=(
                'october = episode_path("2025-10-10_tariff_liquidation_cascade", "BTC")\n'
                'october_replay = summarize_margin_modes(october, "long", 16_000 / october[0, 0], 20, 4_000)\n'
                'october_losses = october_replay.set_index("mode")["loss"]\n'
                'isolated_extra_loss = october_losses["isolated"] - october_losses["cross"]'
            ),
            answer_name="isolated_extra_loss",
        ),
        code("""
print(attribution())
print("isolated lost more" if isolated_extra_loss > 0 else "cross lost more")
"""),
        markdown("""
In October 2025 BTC's close fell far enough to liquidate the 20x isolated long, and then recovered part of the way: the cross account, still open, lost less.
So "always" is false: isolated margin loses less in a deep crash, cross margin in a dip that comes back.
What sets the risk is the size of the position against the wallet, and how much of the wallet it can take.
An isolated position with enough added margin *is* the cross position, as the worked example showed.
"""),
        markdown("""
## Summary

- In isolated margin a position is backed by its own margin: it is liquidated sooner, and loses at most that margin. In cross margin the whole wallet backs every position: liquidation comes later, and can take the whole wallet.
- A cross liquidation price is lesson 02's formula with the collateral $C = W - TMM + UPNL$: the wallet, minus the other positions' maintenance margin, plus their PnL *with its sign*.
- Added margin moves an isolated liquidation price away; with the whole wallet added, it is the cross liquidation price.
- In cross, positions pay for each other: a hedge keeps the account alive while both legs move together.
- Neither mode is always safer: over the same paths, isolated loses more after a wick, cross after a crash.

Next: **04 · Position sizing**, where we choose how large the position should be in the first place.
"""),
    ]
