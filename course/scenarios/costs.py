"""A position held through funding times: margin left and liquidation price, interval by interval.

`funding_table` holds the mark flat at entry, so that only funding moves the numbers, and
makes one pass through the engine: `funding_cost` for every funding time at once, then
`liquidation_price_after_funding` on the same array. The explorer's readout and chart both
read this one table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.engine.costs import FUNDING_HOURS, funding_cost, trading_fee
from course.engine.margin_changes import liquidation_price_after_funding
from course.engine.validation import Basis, Side, as_count

FUNDING_COLUMNS = (
    "interval",
    "day",
    "funding_paid",
    "margin_left",
    "maintenance_margin",
    "liquidation_price",
    "mark",
    "liquidated",
)


def funding_table(
    side: Side,
    entry: float,
    leverage: float,
    mmr: float,
    funding_rate: float,
    days: int,
    *,
    qty: float = 1.0,
    basis: Basis = "mark",
    interval_hours: float = FUNDING_HOURS,
) -> pd.DataFrame:
    """
    Tabulate an isolated position's margin and liquidation price at each funding time.

    The mark stays at ``entry``. At funding time ``n`` the position has paid
    ``funding_cost(side, qty, entry, funding_rate, n)``, out of its isolated margin::

        margin_left(n)       = qty * entry / leverage - funding_paid(n)
        liquidation_price(n) = liquidation_price_after_funding(side, entry, leverage, mmr,
                                                               funding_paid(n), ...)

    The table stops at the first funding time where the margin left is at or below the
    maintenance margin ``qty * entry * mmr``: the flat mark has met the liquidation price.
    Trading fees do not appear: they are charged once per trade, from the wallet.

    Parameters
    ----------
    side : {"long", "short"}
    entry : float
        Entry price, and the mark throughout, USDT per coin; > 0.
    leverage : float
        The leverage setting; >= 1 and with ``mmr < 1/leverage``.
    mmr : float
        Maintenance margin rate, in [0, 1).
    funding_rate : float
        Rate per funding interval, signed, in [-0.1, 0.1].
    days : int
        Holding time, whole days; >= 0.
    qty : float, default 1.0
        Coins; > 0.
    basis : {"mark", "entry"}, default "mark"
    interval_hours : float, default 8
        Hours between funding times; 24 must be a multiple of it.

    Returns
    -------
    pandas.DataFrame
        Columns `FUNDING_COLUMNS`: ``interval`` (0 at opening), ``day``, ``funding_paid``,
        ``margin_left`` and ``maintenance_margin`` (USDT), ``liquidation_price`` and
        ``mark`` (USDT per coin) and ``liquidated`` (bool).

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> table = funding_table("long", 60_000, 10, 0.005, 0.0003, 30, basis="entry")
    >>> [float(table[column].iloc[-1]) for column in ("day", "funding_paid", "liquidation_price")]
    [30.0, 1620.0, 55920.0]
    """
    count = as_count("days", days, 0)
    per_day = 24.0 / interval_hours
    if interval_hours <= 0 or per_day != round(per_day):
        raise ValueError(f"interval_hours must divide 24; got {interval_hours!r}")
    intervals = np.arange(int(count * per_day) + 1, dtype=float)
    paid = np.asarray(funding_cost(side, qty, entry, funding_rate, intervals), dtype=float)
    initial = qty * entry / leverage
    maintenance = qty * entry * mmr
    liquidated = initial - paid <= maintenance
    if liquidated.any():
        last = int(np.argmax(liquidated))
        intervals, paid, liquidated = (
            intervals[: last + 1],
            paid[: last + 1],
            liquidated[: last + 1],
        )
    settled = np.minimum(paid, initial)  # no more than the whole margin can leave it
    liquidation = liquidation_price_after_funding(
        side, entry, leverage, mmr, settled, qty=qty, basis=basis
    )
    return pd.DataFrame(
        {
            "interval": intervals.astype(int),
            "day": intervals / per_day,
            "funding_paid": paid,
            "margin_left": initial - settled,
            "maintenance_margin": maintenance,
            "liquidation_price": liquidation,
            "mark": float(entry),
            "liquidated": liquidated,
        }
    )


def holding_costs(notional: float, fee_rate: float, funding_rate: float, days: int) -> pd.DataFrame:
    """
    Compare a long's round-trip trading fees with its funding, day by day, at a flat price.

    Parameters
    ----------
    notional : float
        Position value, USDT; > 0.
    fee_rate : float
        Fee rate of the opening and of the closing trade, in [0, 0.1].
    funding_rate : float
        Rate per 8-hour interval, signed, in [-0.1, 0.1].
    days : int
        Holding time, whole days; >= 0.

    Returns
    -------
    pandas.DataFrame
        One row per day held: ``day``, ``trading_fees`` (the same every day) and ``funding``
        (USDT paid, three intervals a day).

    Examples
    --------
    >>> [float(v) for v in holding_costs(10_000, 0.0002, 0.0001, 30).iloc[-1]]
    [30.0, 4.0, 90.0]
    """
    count = as_count("days", days, 0)
    day = np.arange(count + 1, dtype=float)
    fees = 2.0 * trading_fee(notional, fee_rate)
    funding = funding_cost("long", notional, 1.0, funding_rate, 3 * day)
    return pd.DataFrame({"day": day, "trading_fees": fees, "funding": funding})


__all__ = ["FUNDING_COLUMNS", "funding_table", "holding_costs"]
