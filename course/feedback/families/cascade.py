"""Kinds of question about cascades and the numbers that report them (lesson 09).

Each `Family` states the engine computation that answers its questions and the wrong models
that apply to every one of them (`course.feedback.models`): a cascade without its feedback
or run to the bottom regardless, a fall scaled in proportion to the impact, the mark as a
mean, the stream's total taken as complete, and a ratio upside down.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from course.engine.cascade import cascade_final_price
from course.engine.pnl import unrealized_pnl
from course.engine.venues import mark_price
from course.feedback.answers import as_real
from course.feedback.models import Family, WrongModel, constant


def cascade_price(
    shock_price: float, levels: Sequence[float], sizes: Sequence[float], impact: float
) -> float:
    """
    Return the price where the cascade stops (`cascade_final_price`, no floor).

    Parameters
    ----------
    shock_price : float
        The price after the first shock; > 0.
    levels : sequence of float
        The clusters' levels; > 0.
    sizes : sequence of float
        Units each cluster sells; >= 0.
    impact : float
        Price move per unit sold; >= 0.

    Returns
    -------
    float
    """
    return as_real(cascade_final_price(shock_price, levels, sizes, impact))


def _no_feedback(shock_price, levels, sizes, impact, **_):
    """Only the clusters at or above the shock price sell."""
    reached = np.asarray(levels, dtype=float) >= shock_price
    return max(shock_price - impact * float(np.asarray(sizes, dtype=float)[reached].sum()), 0.0)


def _every_cluster(shock_price, sizes, impact, **_):
    """Every cluster sells, reached or not."""
    return max(shock_price - impact * float(np.sum(sizes)), 0.0)


CASCADE_FINAL = Family(
    "the price where a liquidation cascade stops",
    cascade_price,
    {},
    (
        WrongModel("cascade_ignores_feedback", compute=_no_feedback, name="no feedback"),
        WrongModel("every_cluster_fires", compute=_every_cluster, name="every cluster sells"),
    ),
)


def cascade_at_impact(
    start: float,
    shock_price: float,
    levels: Sequence[float],
    sizes: Sequence[float],
    impact: float,
    reference_impact: float,
) -> float:
    """
    Return the cascade's final price at ``impact``; the question also gives another run.

    Parameters
    ----------
    start : float
        The price before the shock; > 0.
    shock_price, levels, sizes, impact
        As in `cascade_price`.
    reference_impact : float
        The impact of the run the learner has already seen (a wrong model scales it).

    Returns
    -------
    float
    """
    return cascade_price(shock_price, levels, sizes, impact)


def _scaled_fall(start, shock_price, levels, sizes, impact, reference_impact):
    """The seen run's fall from ``start``, scaled by the ratio of the impacts."""
    seen = cascade_price(shock_price, levels, sizes, reference_impact)
    return start - (start - seen) * impact / reference_impact


CASCADE_AT_IMPACT = Family(
    "the price where a cascade stops at another impact",
    cascade_at_impact,
    {},
    (
        WrongModel("cascade_linear", compute=_scaled_fall, name="the fall scaled"),
        WrongModel("every_cluster_fires", compute=_every_cluster, name="every cluster sells"),
    ),
)


def venue_mark(last: float, other_venues: Sequence[float]) -> float:
    """
    Return the mark as the median of this venue's last price and the other venues' prices.

    Parameters
    ----------
    last : float
        This venue's last trade; > 0.
    other_venues : sequence of float
        The other venues' prices; > 0.

    Returns
    -------
    float
    """
    return mark_price([last, *other_venues])


VENUE_MARK = Family(
    "the mark price from several venues",
    venue_mark,
    {},
    (
        WrongModel(
            "last_price_trigger", compute=lambda last, **_: float(last), name="the last price"
        ),
        WrongModel(
            "mean_for_median",
            compute=lambda last, other_venues: float(np.mean([last, *other_venues])),
            name="the mean",
        ),
    ),
)


def cascade_stop_loss(entry: float, qty: float, stop: float, first_trade: float) -> float:
    """
    Return the loss of a long closed by a stop-market sell at the first trade after it fired.

    Parameters
    ----------
    entry : float
        Entry price; > 0.
    qty : float
        Coins; > 0.
    stop : float
        The stop's trigger (a wrong model fills there); > 0.
    first_trade : float
        The first trade after the trigger, where the market order fills; > 0.

    Returns
    -------
    float
        USD lost (positive for a loss).
    """
    return -unrealized_pnl("long", entry, qty, first_trade)


CASCADE_STOP_LOSS = Family(
    "the loss of a stop-market sell that fires inside a cascade",
    cascade_stop_loss,
    {},
    (
        WrongModel(
            "stop_guarantees_exit",
            {"first_trade": lambda p: p["stop"]},
            name="filled at the stop",
        ),
    ),
)


def throttled_total(shown_total: float, per_second: float) -> float:
    """
    Return the real total of a burst that a one-per-second stream showed as ``shown_total``.

    Every second held ``per_second`` liquidations of one size, and the stream pushed one::

        real total = shown_total * per_second

    Parameters
    ----------
    shown_total : float
        What adding up the stream gives, USD; > 0.
    per_second : float
        Liquidations per second in the burst; >= 1.

    Returns
    -------
    float
    """
    return shown_total * per_second


THROTTLED_TOTAL = Family(
    "the real total behind a throttled liquidation stream",
    throttled_total,
    {},
    (
        WrongModel(
            "reported_totals_complete",
            compute=lambda shown_total, **_: shown_total,
            name="the stream's total",
        ),
    ),
)


def underreporting_factor(actual: float, reported: float) -> float:
    """
    Return how many times larger the real total was than the reported one.

    Parameters
    ----------
    actual : float
        The exchange's own total; > 0.
    reported : float
        The aggregators' total for that exchange; > 0.

    Returns
    -------
    float
    """
    return actual / reported


UNDERREPORTING = Family(
    "how many times the real liquidations exceed the reported ones",
    underreporting_factor,
    {},
    (
        constant("reported_totals_complete", 1.0, name="totals taken as complete"),
        WrongModel("ratio_inverted", result=lambda right, _: 1.0 / right, name="upside down"),
    ),
)

__all__ = [
    "CASCADE_AT_IMPACT",
    "CASCADE_FINAL",
    "CASCADE_STOP_LOSS",
    "THROTTLED_TOTAL",
    "UNDERREPORTING",
    "VENUE_MARK",
    "cascade_at_impact",
    "cascade_price",
    "cascade_stop_loss",
    "throttled_total",
    "underreporting_factor",
    "venue_mark",
]
