"""Lesson 01: leverage from the balance sheet. Notional, margin, equity, two returns, recovery."""

from autograder.authoring import code, exercise, markdown, setup, written

SLUG = "01-leverage"


def _recovery_exercise() -> list:
    """Exercise 1.3, a function to write: its answer cell keeps the stub inside the def."""
    cells = exercise(
        "q1_3_recovery_function",
        """
### Exercise 1.3: the way back, as a function (3 points)

Write a function `recovery_gain_pct(loss_pct)` that takes a loss **in percent** (for a 20% loss, `20`) and returns the gain, **in percent**, that brings the account back to where it was.
The check calls it with a 30% loss and with a 50% loss; the hidden tests try other losses.
(`recovery_gain` from the setup cell works with fractions, so mind the units.)
""",
        given=(
            "def recovery_gain_pct(loss_pct):\n"
            '    """Return the gain, in percent, that undoes a loss of loss_pct percent."""'
        ),
        solution="    return 100 * recovery_gain(loss_pct / 100)",
        answer_name="recovery_gain_pct",
    )
    return cells


def cells() -> list:
    return [
        markdown("""
# 01 · Leverage

In 2018 ESMA capped the leverage that brokers may offer retail clients on cryptocurrency CFDs at **2:1**.
From 6 January 2021 the UK FCA went further and banned crypto derivatives for retail customers.
Crypto exchanges, meanwhile, offer settings of 100x and more.
Before we can say what those numbers do to an account, we need to say what "leverage" measures.
This lesson builds it from a balance sheet.

## Objectives

- You will be able to tell a position's **notional**, its **initial margin** and the account's **equity** apart.
- You will be able to compute **effective leverage** (notional / equity) and say why it differs from the exchange's leverage setting.
- You will be able to compute a trade's PnL, its **ROE** and its **return on the account**, and say which one the account feels.
- You will be able to compute the gain that undoes a loss, and explain why losses and gains are not symmetric.
"""),
        setup(
            "from course import (\n"
            "    effective_leverage,\n"
            "    initial_margin,\n"
            "    notional,\n"
            "    recovery_gain,\n"
            "    roe,\n"
            "    unrealized_pnl,\n"
            ")\n"
            "from course.hints import check\n"
            "from course.grading import grade\n"
            "from course.charts import returns_chart, returns_table\n"
            "from course.widgets import leverage_explorer",
            "setup_01",
        ),
        markdown("""
## The idea: leverage on a balance sheet

Start with something that has nothing to do with crypto: a house bought with a mortgage, as in Khan Academy's balance-sheet tutorial.
The house is worth 1,000,000 USD; the buyer put in 250,000 USD and borrowed 750,000 USD.
On a balance sheet, the **assets** (the house) equal the **liabilities** (the loan) plus the **equity** (what the owner really has).
**Leverage** is assets over equity.
Let us work it out by hand.
"""),
        code("""
house, loan = 1_000_000, 750_000
equity = house - loan
print(f"equity {equity:,} USD, leverage {house / equity:.1f}x")
"""),
        markdown("""
The owner controls a 1,000,000 USD house with 250,000 USD of their own: leverage is 4.0x.
Now the house loses 10% of its value.
The loan does not shrink with it.
"""),
        code("""
equity_after = 0.90 * house - loan
print(f"equity {equity_after:,.0f} USD, change {equity_after / equity - 1:+.0%}")
"""),
        markdown("""
A 10% fall in the house is a 40% fall in the owner's equity: four times the move, because leverage is 4.0x.
A fall of 25% (250,000 out of 1,000,000) would wipe the equity out entirely.
In general, a price move of $r$ changes equity by leverage times $r$, and a fall of one over the leverage takes everything.
At ESMA's 2:1 that fall is 50%; at 100x it is 1%.
"""),
        markdown(r"""
### The same balance sheet for a trade

A margin account works the same way, with its own names.

- The **notional** $N$ is the position's value: its size $q$ in coins times the entry price $P_0$, so $N = q\,P_0$ (USDT).
- The **leverage setting** $L$ is the number you pick on the exchange screen.
  It fixes one thing: the **initial margin** $IM = N / L$, the collateral the exchange locks for this position.
- The account's **equity** $E$ is everything you own in the account: the wallet balance plus any unrealised PnL.
- The **effective leverage** $\lambda$ is the house's leverage for the account:

$$\lambda = \frac{N}{E}.$$

When the price moves from $P_0$ to $P_1$, a relative move $r = (P_1 - P_0)/P_0$, a long's profit or loss is

$$\text{PnL} = q\,(P_1 - P_0) = N\,r .$$

The notional sets the PnL; the setting $L$ appears nowhere in it.
Two percentages are built on that one PnL, with two different bases:

$$\text{ROE} = \frac{\text{PnL}}{IM} = L\,r, \qquad \text{return on account} = \frac{\text{PnL}}{E} = \lambda\,r .$$

The **ROE** (return on equity, as exchanges name it) is what the position screen shows.
The **return on account** is what happens to your money.
"""),
        markdown("""
## A worked example

Your account holds 5,000 USDT of equity.
You buy 0.1 BTC at 60,000 USDT with the leverage setting at 10x, in isolated margin.
The engine gives the three balance-sheet numbers.
"""),
        code("""
position_value = notional(0.1, 60_000)
margin = initial_margin(0.1, 60_000, 10)
print(f"notional {position_value:,.2f} USDT, margin {margin:,.2f} USDT")
print(f"effective leverage {effective_leverage(position_value, 5_000):.1f}x")
"""),
        markdown("""
The position is worth 6,000.00 USDT, and the exchange locks 600.00 USDT of margin for it.
The account runs at 1.2x, not 10x: the position is only a little larger than the equity behind it.
Now BTC rises 2%, to 61,200 USDT.
"""),
        code("""
pnl = unrealized_pnl("long", 60_000, 0.1, 61_200)
print(f"PnL {pnl:,.2f} USDT")
print(f"ROE {roe('long', 60_000, 0.1, 61_200, 10):.1%}, return on account {pnl / 5_000:.1%}")
"""),
        markdown("""
The trade made 120.00 USDT.
The position screen shows an ROE of 20.0%: ten times the move, because the setting is 10x.
The account grew by 2.4%: 1.2 times the move, because the effective leverage is 1.2x.
Both are true; they divide the same 120.00 USDT by different bases.
"""),
        markdown("""
### Losses and the way back

Had BTC fallen 2% instead, the account would have lost 2.4%.
Getting back takes a little more than 2.4%, because the gain is earned on the smaller balance that is left.
After losing a fraction $\\ell$ of the account, the gain $g$ that restores it solves $(1 - \\ell)(1 + g) = 1$:

$$g = \\frac{\\ell}{1 - \\ell}.$$

`recovery_gain` takes the loss as a fraction and returns the gain as a fraction.
"""),
        code("""
for loss in [0.024, 0.10, 0.25, 0.50, 0.75, 0.90]:
    print(f"lose {loss:5.1%}  ->  need {recovery_gain(loss):+7.2%}")
"""),
        markdown("""
Small losses need gains only a little larger: 2.4% needs +2.46%, and 10% needs +11.11%.
Large ones run away: 50% needs +100.00%, 75% needs +300.00%, and 90% needs +900.00%.
Leverage multiplies the loss on the account, and the table then punishes the larger loss more than in proportion.
At an effective leverage of 10x, a 5% fall takes 50% of the account, and the way back is +100.00%.
"""),
        markdown("""
## Explore

The chart below draws both returns of the worked example (5,000 USDT equity, 6,000 USDT notional, 10x setting) for price moves from −20% to +20%.
The dashed rule marks the +2% move.
"""),
        code("returns_chart(returns_table(5_000, 6_000, 10), 2)"),
        markdown("""
Both lines pass through zero, and both are straight: each return is a fixed multiple of the move.
The ROE line is steep (slope 10, the setting); the account line is flat (slope 1.2, the effective leverage).
Hover over a point to see the PnL in USDT: it is the same for both lines at the same move.
The ROE line below −100% is a line only: at 10x, with an MMR of 0.5% on the entry value, the exchange liquidates the position 9.5% below entry, as Lesson 02 shows.

The explorer starts from the same trade.
Move the **leverage setting**: the margin and the ROE change, while the PnL and the return on account stay put.
Then move the **position** size: now everything changes, because the notional is what drives the PnL.
"""),
        code("leverage_explorer(equity=5_000, position_notional=6_000, leverage=10, move_pct=2)"),
        markdown("""
## Exercises

Use the engine functions imported in the setup cell, or plain arithmetic.
Each check cell passes quietly or names the likely mistake.
"""),
        *exercise(
            "q1_1_effective_leverage",
            """
### Exercise 1.1: effective leverage (3 points)

Your account holds 2,000 USDT of equity.
You buy 0.05 BTC at 64,000 USDT with the leverage setting at 10x, in isolated margin.
On the way, work out the position's notional and the initial margin the exchange locks.
Then compute the account's **effective leverage**, as a plain number (for 3x, write `3`).
Name it `account_leverage`.
""",
            solution=(
                "position_value = notional(0.05, 64_000)\n"
                "locked_margin = initial_margin(0.05, 64_000, 10)\n"
                "account_leverage = effective_leverage(position_value, 2_000)"
            ),
            answer_name="account_leverage",
        ),
        *exercise(
            "q1_2_account_return",
            """
### Exercise 1.2: return on the account (3 points)

Same trade as in Exercise 1.1.
BTC then rises 3% from your entry.
By how much has your **account** grown, **in percent** (for 1.5%, write `1.5`)?
Name it `account_return_pct`.
""",
            solution=(
                'pnl_up = unrealized_pnl("long", 64_000, 0.05, 64_000 * 1.03)\n'
                "account_return_pct = 100 * pnl_up / 2_000"
            ),
            answer_name="account_return_pct",
        ),
        *_recovery_exercise(),
        *exercise(
            "q1_4_explorer_return",
            """
### Exercise 1.4: read the explorer (3 points)

In the explorer above, set the equity to 10,000 USDT, the position to 30,000 USDT and the price move to −3%.
Start with the leverage setting at 5x and slide it up to 25x, watching the readout.
(At 25x, with an MMR of 0.5% on the entry value, liquidation is 3.5% below entry, so the position is still open at −3%.)
What **return on account** does the readout show at 25x, **in percent** with its sign (for a 1.5% loss, write `-1.5`)?
Name it `return_at_25x_pct`.
""",
            solution="return_at_25x_pct = -9.0  # read from the explorer's readout",
            answer_name="return_at_25x_pct",
        ),
        markdown("""
## Myth check: "higher leverage means a bigger profit"

Petya and Vanya each buy 10,000 USDT of BTC at 62,500 USDT: 0.16 BTC each, in isolated margin.
Petya sets 10x; Vanya sets 5x.
BTC then rises 5%.
Petya's position screen shows twice Vanya's ROE, and Petya concludes that higher leverage made him more money.
"""),
        *exercise(
            "q1_5_petya_pnl",
            """
### Exercise 1.5: Petya and Vanya (3 points)

Compute Petya's PnL in USDT with the engine, and name it `petya_pnl`.
In the same cell, compute Vanya's PnL and both ROEs, and print all four.
Did the higher setting make Petya more money?
""",
            solution=(
                'petya_pnl = unrealized_pnl("long", 62_500, 0.16, 65_625)\n'
                'vanya_pnl = unrealized_pnl("long", 62_500, 0.16, 65_625)\n'
                'petya_roe = roe("long", 62_500, 0.16, 65_625, 10)\n'
                'vanya_roe = roe("long", 62_500, 0.16, 65_625, 5)\n'
                "print(petya_pnl, vanya_pnl, petya_roe, vanya_roe)"
            ),
            answer_name="petya_pnl",
        ),
        *written(
            "q1_6_leverage_explained",
            """
### Exercise 1.6: explain it to Petya (2 points, graded by your instructor)

In two or three sentences, in the cell below: why did Petya's higher ROE not mean more money, and what did his 10x setting change?
Use the four numbers you printed.
""",
            """
Both traders made the same 500 USDT, because PnL is size times the price move (0.16 BTC x 3,125 USDT) and the leverage setting does not enter it.
The setting only changed the margin each one locked: Petya locked 1,000 USDT and Vanya 2,000 USDT, so the same 500 USDT is a 50% ROE for Petya and 25% for Vanya.
What the 10x setting really changed is risk: less margin behind the same position, so a liquidation price closer to entry.
""",
            points=2,
        ),
        markdown("""
The leverage setting never entered the PnL: the same notional and the same move give the same USDT.
What the setting changed is the margin each trader locked, so the ROE on the screen, and, as Lesson 02 shows, how far the price may fall before liquidation.
"""),
        markdown("""
## Summary

- The **notional** (size times price) sets the PnL; the **leverage setting** only sets the initial margin, notional / setting.
- **Effective leverage** is notional / account equity: the leverage your account feels, which can be far below the setting.
- **ROE** divides the PnL by the margin, the **return on account** by the equity; only the second measures what happened to your money.
- Losses and gains are not symmetric: after losing a fraction $\\ell$, the way back is $\\ell / (1 - \\ell)$, which grows fast.
- Same notional, same PnL, at any setting: higher leverage alone does not make a bigger profit.

Next: **02 · Liquidation**, where the margin the setting locks decides when the exchange closes the position for you.
"""),
    ]
