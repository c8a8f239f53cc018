"""The misconceptions the course recognises, each with the hint that names it.

Sources: shared/reference/pedagogy-and-cases.md section 1.3 (what learners believe and who
refutes it) plus the calculation slips that show up in numeric answers. `course.hints` picks
the hint whose wrong idea matches a learner's answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from course.feedback.catalogue import ENTRIES as LATER_LESSONS_ENTRIES


@dataclass(frozen=True)
class Misconception:
    """
    A wrong idea learners bring, and the hint that names it without giving an answer.

    Parameters
    ----------
    id : str
        The catalogue id questions refer to, e.g. ``"bankruptcy_for_liquidation"``.
    wrong_idea : str
        The mistaken belief, in a sentence.
    hint : str
        What the check says; it holds no digits, so it can never spell out an answer.
    """

    id: str
    wrong_idea: str
    hint: str


# Hints hold no digits, so that no hint can ever spell out an expected answer.
_CATALOGUE = tuple(
    Misconception(*entry)
    for entry in (
        # The misconceptions the sources name (pedagogy notes, section 1.3).
        (
            "leverage_scales_pnl",
            "Higher leverage means a bigger profit or loss.",
            "For the same notional, the profit or loss in USDT is the same at any leverage setting; "
            "leverage changes only the margin posted (so the ROE) and the distance to liquidation.",
        ),
        (
            "isolated_always_safer",
            "Isolated margin is always safer.",
            "Isolated margin caps the loss at the margin you allocate, but with that margin alone it "
            "is liquidated sooner. Cross margin liquidates later, and can lose the whole wallet.",
        ),
        (
            "stop_guarantees_exit",
            "A stop-loss guarantees my exit price.",
            "A triggered stop becomes a market order: slippage and gaps make the fill, and the loss, "
            "worse than the stop level. Use the fill price, not the stop price.",
        ),
        (
            "last_price_trigger",
            "Liquidation happens at the last traded price.",
            "Liquidation is triggered by the mark price, an index across venues, not by the last trade "
            "on one venue: a wick in the last price alone need not liquidate.",
        ),
        (
            "funding_is_exchange_fee",
            "Funding is a fee the exchange charges.",
            "Funding passes between longs and shorts, not to the exchange, and can be received. It is "
            "charged on the notional at every funding interval the position is held: count them.",
        ),
        (
            "insurance_fund_protects_me",
            "The insurance fund insures me.",
            "The insurance fund covers bankrupt positions' deficits so that winners are not "
            "deleveraged; it refunds nothing to the liquidated trader, whose leftover margin it takes.",
        ),
        (
            "winners_are_safe",
            "Profitable positions are safe.",
            "When the insurance fund cannot cover a bankrupt position, auto-deleveraging closes "
            "profitable positions on the other side, most profitable and most levered first.",
        ),
        (
            "one_over_leverage",
            "At ten times leverage, a ten percent move liquidates.",
            "A move of one over the leverage uses up the whole margin (the bankruptcy price). "
            "Liquidation comes earlier, while the maintenance margin is still there.",
        ),
        (
            "liquidation_price_fixed",
            "My liquidation price never moves.",
            "The liquidation price moves while the position is open: funding and fees paid shrink the "
            "margin, added margin grows it, other cross positions and tiers shift it. Recompute it.",
        ),
        (
            "reported_totals_complete",
            "Reported liquidation totals are complete.",
            "Exchanges throttle their public liquidation feeds, so aggregated totals are lower bounds: "
            "the real total is larger than what the feeds show.",
        ),
        (
            "stable_collateral",
            "Stable collateral keeps its value.",
            "Collateral counts at the price the venue gives it, which can gap far below face value in "
            "a crash. Use the price the venue used, after its haircut.",
        ),
        (
            "cannot_lose_more_than_deposit",
            "I cannot lose more than the margin I post.",
            "Only isolated margin caps the loss at the margin posted. In cross margin the whole wallet "
            "backs the position, and without negative-balance protection a gap can cost more.",
        ),
        # Common slips in the calculations.
        (
            "bankruptcy_for_liquidation",
            "Liquidation comes when the margin is gone.",
            "That is where equity reaches zero (the bankruptcy price). Liquidation comes first, while "
            "the maintenance margin is still there.",
        ),
        (
            "wrong_mm_basis",
            "The maintenance-margin basis does not matter.",
            "That uses the other maintenance-margin basis. Check whether the question values it on the "
            'entry price (basis="entry", classic Bybit) or at the mark (basis="mark", Binance).',
        ),
        (
            "wrong_side",
            "A short is liquidated below entry, like a long.",
            "That is on the wrong side of entry. A long loses as the price falls, so it is liquidated "
            "below entry; a short loses as the price rises, so it is liquidated above entry.",
        ),
        (
            "leverage_setting_for_effective",
            "The leverage setting is my leverage.",
            "That is the leverage setting, which only fixes this position's initial margin. Effective "
            "leverage is notional / account equity: the position's value over the whole account.",
        ),
        (
            "margin_for_notional",
            "Leverage and PnL are measured on the margin.",
            "That uses the margin posted where the position's full value belongs: notional is "
            "qty * price, and the margin is only the collateral behind it.",
        ),
        (
            "fraction_for_percent",
            "A fraction and a percent are the same number.",
            "That is a fraction; the question asks for a percent. Multiply by a hundred.",
        ),
        (
            "percent_for_fraction",
            "A percent and a fraction are the same number.",
            "That is a percent, a hundred times too big; the question asks for a plain number, not in "
            "percent (the engine's functions return fractions).",
        ),
        (
            "roe_vs_account_return",
            "ROE is the return on my account.",
            "That is the return on the other base: ROE divides the PnL by the position's initial "
            "margin, the return on the account by the account equity. Which does the question ask?",
        ),
        (
            "fees_grow_with_time",
            "Trading fees grow the longer I hold.",
            "Maker and taker fees are charged per trade on the notional traded, to open and to close; "
            "holding longer does not change them. What grows with holding time is funding.",
        ),
        (
            "fee_one_side",
            "A round trip pays the fee once.",
            "A round trip is two trades, and each pays the fee on its own notional: count the opening "
            "fee and the closing fee.",
        ),
        (
            "inverse_as_linear",
            "Inverse contracts work like linear ones.",
            "That is the linear (USDT-margined) result. An inverse (coin-margined) contract settles in "
            'coin, so its PnL and liquidation price differ: pass contract="inverse".',
        ),
        (
            "ignored_tier",
            "The base MMR applies to a position of any size.",
            "That uses the first bracket's MMR. A larger notional falls in a higher tier, with a higher "
            "MMR and a maintenance amount, so it is liquidated sooner: look it up in the table.",
        ),
        (
            "recovery_symmetric",
            "A loss is undone by a gain of the same percent.",
            "After a loss the balance is smaller, so the gain back is measured on a smaller base and "
            "must be a larger percent: loss / (one - loss), as fractions.",
        ),
        (
            "size_from_leverage",
            "The leverage setting decides the position size.",
            "Size comes from the risk budget and the stop distance: notional = risk in USDT / stop "
            "distance. Leverage only decides how much margin the position ties up.",
        ),
        # Found missing by the developers' notes and the wrong-answer probe (issue 12).
        (
            "bracket_at_entry_notional",
            "The bracket is the one the position opened in.",
            "That takes the bracket from the notional at entry. The exchange looks up the bracket "
            "from the notional at the mark, so at the liquidation price itself: a short grows into "
            "a higher bracket as the price rises (Tiers, the self-consistent bracket).",
        ),
        (
            "settled_at_liquidation",
            "A liquidated account is closed at the liquidation price.",
            "That settles the account at the liquidation price, or hands the fund the margin left "
            "there. The trader's account is closed at the bankruptcy price, where its margin is all "
            "gone; the fund takes the position over at that price, and gains or loses what the "
            "fill makes from there.",
        ),
        (
            "liquidation_for_bankruptcy",
            "Bankruptcy and liquidation are the same price.",
            "That is the liquidation price, where equity falls to the maintenance margin. The "
            "bankruptcy price is further away, where equity reaches zero.",
        ),
        (
            "stop_for_liquidation",
            "The stop price is where I am liquidated.",
            "That is the stop price, which you choose. The liquidation price is the exchange's, set "
            "by the leverage and the maintenance margin; a safe plan keeps it beyond the stop.",
        ),
        (
            "other_upnl_dropped",
            "Only this position's profit or loss counts in cross margin.",
            "That drops the other positions' uPnL, or takes it without its sign. In cross margin "
            "every position's uPnL counts, with its sign: a short gains as the price falls.",
        ),
        (
            "maint_amount_left_out",
            "A bracket has only a rate.",
            "That leaves out the bracket's maintenance amount (cum). Above the first bracket the "
            "maintenance margin is notional times the MMR minus the maintenance amount.",
        ),
        (
            "off_by_one",
            "Counting stops one short, or one over.",
            "That is one step off. Count again which step is the first to cross the line, and "
            "whether the first and the last both count.",
        ),
        (
            "price_for_distance",
            "The liquidation price is the distance.",
            "That is the liquidation price itself. The question asks how far it is from entry: "
            "the gap between the two prices, as a percent of the entry price.",
        ),
        (
            "wrong_sign",
            "A loss and a gain are written the same way.",
            "That has the wrong sign. A loss is a negative number and a gain a positive one; "
            "check which way the price moved for this side.",
        ),
        (
            "streak_added",
            "Losses in a row add up.",
            "That adds the losses up. Each loss takes its share of what is left after the one "
            "before, so the drawdown compounds: what is left is one minus the risk, to the power "
            "of the number of losses.",
        ),
        (
            "notional_for_qty",
            "The size of a position is its notional.",
            "That is the position's notional in USDT. The question asks for the size in coins: "
            "divide the notional by the entry price.",
        ),
        (
            "vwap_unweighted",
            "The average fill is the average of the prices touched.",
            "That averages the levels' prices without weighting them. Each level counts by the "
            "coins that filled there: add size times price, then divide by the coins sold.",
        ),
        (
            "leverage_inverted",
            "Leverage is the margin's share of the position.",
            "That is upside down: the margin's share of the position, one over the leverage. "
            "Leverage is the position's notional divided by the margin or equity behind it, so "
            "it is above one whenever the position is larger than its margin.",
        ),
        (
            "rate_in_percent",
            "A rate goes into a formula as the percent it is quoted in.",
            "That puts a rate into the formula in percent, a hundred times too big. A rate "
            "quoted in percent goes into a formula as a fraction: divide it by a hundred first.",
        ),
        (
            "atr_multiple_dropped",
            "The ATR itself is the stop distance.",
            "That puts the stop one ATR from entry. The plan places it a multiple of the ATR "
            "away: multiply the ATR by that number first, then size the trade from the risk.",
        ),
        # Lessons 06-10 keep their rows in course/feedback/catalogue/lesson_NN.py.
        *LATER_LESSONS_ENTRIES,
    )
)
MISCONCEPTIONS: Mapping[str, Misconception] = MappingProxyType({m.id: m for m in _CATALOGUE})
