"""Misconceptions lesson 08 (insurance fund and auto-deleveraging) adds to the catalogue: (id, wrong idea, hint) rows.

Hints hold no digits (see `course.feedback.misconceptions`).
"""

ENTRIES: tuple[tuple[str, str, str], ...] = (
    (
        "fund_covers_all",
        "The insurance fund always covers a bankrupt position's loss.",
        "The fund pays only up to its balance. What the deficit exceeds it by is the shortfall, "
        "and auto-deleveraging takes that from the winners on the other side.",
    ),
    (
        "fund_skipped",
        "Auto-deleveraging socialises the whole loss.",
        "The insurance fund pays first, down to zero; auto-deleveraging socialises only what is "
        "left of the deficit after the fund's balance is spent.",
    ),
    (
        "adl_by_profit",
        "The ADL queue ranks by profit alone, or by leverage alone.",
        "The queue multiplies the two: the profit as a share of the margin, times the effective "
        "leverage, the notional at the mark over the equity (margin plus profit).",
    ),
    (
        "adl_method_confused",
        "Pro-rata and queue socialisation take the same from each winner.",
        "That is the other method's answer. Pro rata takes the same share of every winner's "
        "profit; a queue takes everything it can from the first in line before the next.",
    ),
    (
        "haircut_equal_split",
        "A shortfall is split equally among the winners.",
        "That splits the shortfall equally. Pro rata means in proportion to each winner's "
        "profit: the share taken is the shortfall over the winners' total profit.",
    ),
    (
        "fraction_for_amount",
        "The haircut is the percent of the profit taken.",
        "That is the share of the profit taken, in percent, not the amount. Apply the share "
        "to this winner's profit to get the haircut in USDT.",
    ),
)
