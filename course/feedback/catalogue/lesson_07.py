"""Misconceptions lesson 07 (correlation and portfolio risk) adds to the catalogue: (id, wrong idea, hint) rows.

Hints hold no digits (see `course.feedback.misconceptions`).
"""

ENTRIES: tuple[tuple[str, str, str], ...] = (
    (
        "hedge_ignores_correlation",
        "A hedge protects me whatever the correlation.",
        "That keeps the hedge as good as you assumed it, as if the two assets always moved "
        "together. A long/short pair cancels only as much risk as the correlation it really "
        "has: recompute with the correlation the question gives.",
    ),
    (
        "sigma_added_linearly",
        "The risks of two positions add up.",
        "That adds the two positions' standard deviations, which holds only if they move in "
        "lockstep. Add the variances and the cross term with the correlation, then take the "
        "square root.",
    ),
    (
        "correlation_ignored",
        "Two positions' risks combine as if they were independent.",
        "That leaves out the cross term, as if the correlation were nil. The variance also "
        "holds twice the correlation times both positions' risks in USDT.",
    ),
    (
        "variance_for_sigma",
        "The variance is the risk in USDT.",
        "That is the variance, in squared USDT. The standard deviation, the risk in USDT, is "
        "its square root.",
    ),
    (
        "short_as_long",
        "A short adds risk like a long.",
        "That counts the short like a long. A short's notional enters with a minus sign, so "
        "its cross term with the long changes sign and offsets risk.",
    ),
    (
        "var_is_sigma",
        "The VaR is the standard deviation.",
        "That is one standard deviation of the PnL. A VaR is a quantile: multiply the standard "
        "deviation by the normal quantile of the confidence level.",
    ),
    (
        "var_two_sided",
        "A VaR cuts the confidence level's leftover from both tails.",
        "That takes the two-sided quantile, splitting the leftover probability between gains "
        "and losses. A VaR counts losses only: use the one-sided quantile of the confidence "
        "level itself.",
    ),
    (
        "simple_for_log_returns",
        "Simple and log returns are the same.",
        "That uses simple returns, the price ratio minus one. The question asks for log "
        "returns: the natural log of each close over the one before.",
    ),
    (
        "prices_for_returns",
        "Correlated prices mean correlated returns.",
        "That correlates the price levels. Risk comes from the daily moves: correlate the "
        "daily returns, not the closes themselves.",
    ),
    (
        "positions_fall_alone",
        "My positions will not all fall at once.",
        "That moves one position and holds the other still. In a crash the correlation is "
        "close to one: move every mark together, as the cross account feels it.",
    ),
)
