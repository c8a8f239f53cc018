"""Misconceptions lesson 06 (fees and funding) adds to the catalogue: (id, wrong idea, hint) rows.

Hints hold no digits (see `course.feedback.misconceptions`).
"""

ENTRIES: tuple[tuple[str, str, str], ...] = (
    (
        "break_even_additive",
        "Break-even is the entry price moved by the two fee rates added.",
        "Close, but not exact: the closing fee is charged on the exit's notional, not on the "
        "entry's. Solve for the exit price at which the price move pays both fees.",
    ),
    (
        "funding_daily",
        "Funding is paid once a day.",
        "Count the funding times: this contract settles funding every eight hours, so a day "
        "holds three payments, each on the position's value at the mark.",
    ),
    (
        "funding_sign",
        "A positive funding rate pays the long.",
        "Check the direction: when the rate is positive, longs pay shorts; when it is "
        "negative, shorts pay longs. Paid funding leaves the isolated margin, received "
        "funding goes in.",
    ),
)
