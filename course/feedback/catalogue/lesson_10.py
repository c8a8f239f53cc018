"""Misconceptions lesson 10 (case studies) adds to the catalogue: (id, wrong idea, hint) rows.

Hints hold no digits (see `course.feedback.misconceptions`).
"""

ENTRIES: tuple[tuple[str, str, str], ...] = (
    (
        "close_decides_liquidation",
        "The daily close tells me whether I would have been liquidated.",
        "Liquidation triggers on the mark price at any moment of the day, not at the close: test "
        "the lowest price the market reached, which a daily close hides.",
    ),
    (
        "close_fee_ignored",
        "The fee to close plays no part in the liquidation price.",
        "Many exchanges reserve the estimated fee to close: they add it to the maintenance rate or "
        "set it aside from the margin, and either way the liquidation price moves toward the entry.",
    ),
    (
        "drawdown_from_first",
        "A drawdown is measured from the first price of the window.",
        "A drawdown is measured from the highest price reached so far (the running peak), not "
        "from the first price: the peak can come later in the window.",
    ),
    (
        "drawdown_one_day",
        "The maximum drawdown is the worst one-day move.",
        "The maximum drawdown runs from a peak to the lowest price after it, over as many days "
        "as the fall lasts, not over a single day.",
    ),
)
