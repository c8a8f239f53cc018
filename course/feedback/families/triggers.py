"""Kinds of question about which price triggers an order: the mark or the last trade.

Exchanges trigger liquidation on the **mark price** (an index across venues), while a
stop-loss often triggers on the **last price**, the latest trade on the venue's own book.
A wick in the last price can then fire the stop while the calmer mark never reaches the
liquidation price. Each `Family` states the computation that answers its questions and the
wrong models that apply to every one of them (`course.feedback.models`).
"""

from __future__ import annotations

from typing import Literal

from course.engine.liquidation import isolated_liquidation_price
from course.engine.validation import PRICE, SIDES, Basis, Side, as_array, as_choice
from course.feedback.models import Family, WrongModel, other_basis

Trigger = Literal["mark", "last"]
TRIGGERS: tuple[Trigger, ...] = ("mark", "last")


def first_exit_trigger(
    side: Side,
    entry: float,
    leverage: float,
    mmr: float,
    stop: float,
    last_extreme: float,
    mark_extreme: float,
    basis: Basis = "mark",
    qty: float = 1.0,
    liquidation_on: Trigger = "mark",
) -> float:
    """
    Return the trigger price of the order that closes an isolated position, or 0.0 if none.

    The stop triggers on the last price; the liquidation, on ``liquidation_on`` (the mark,
    as every large venue does). An order fires when its price reaches the level: for a long,
    when the price falls to it or below (``s = +1``; ``-1`` for a short)::

        stop fires         if  s * (stop - last_extreme) >= 0
        liquidation fires  if  s * (P_L - extreme of liquidation_on) >= 0

    The two prices are taken to move together except where one goes further (a wick), so
    when both orders fire, the one nearer the entry fires first and closes the position.

    Parameters
    ----------
    side : {"long", "short"}
    entry : float
        Entry price, USDT per coin; > 0.
    leverage : float
        The isolated leverage setting; >= 1.
    mmr : float
        Maintenance margin rate, in [0, 1).
    stop : float
        The stop's trigger price; > 0.
    last_extreme, mark_extreme : float
        The furthest the last price and the mark price went against the position (the low
        for a long, the high for a short); > 0.
    basis : {"mark", "entry"}, default "mark"
        What the maintenance margin is valued on.
    qty : float, default 1
        Coins; an isolated position's prices do not depend on it.
    liquidation_on : {"mark", "last"}, default "mark"
        The price the liquidation engine watches.

    Returns
    -------
    float
        The stop price or the liquidation price, whichever fires first; 0.0 when neither
        fires and the position survives.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it.

    Examples
    --------
    >>> first_exit_trigger("long", 60_000, 20, 0.005, 57_100, 56_900, 57_350)
    57100.0
    >>> round(first_exit_trigger("long", 60_000, 20, 0.005, 57_100, 56_900, 56_900), 2)
    57286.43
    """
    as_choice("liquidation_on", liquidation_on, TRIGGERS)
    levels = {
        name: float(as_array(name, value, PRICE))
        for name, value in (
            ("stop", stop),
            ("last_extreme", last_extreme),
            ("mark_extreme", mark_extreme),
        )
    }
    long = str(as_choice("side", side, SIDES)) == "long"
    liquidation = float(
        isolated_liquidation_price(side, entry, leverage, mmr, qty=qty, basis=basis)
    )
    watched = levels["last_extreme"] if liquidation_on == "last" else levels["mark_extreme"]
    fired = [
        level
        for level, extreme in ((levels["stop"], levels["last_extreme"]), (liquidation, watched))
        if (extreme <= level if long else extreme >= level)
    ]
    if not fired:
        return 0.0
    return max(fired) if long else min(fired)


FIRST_EXIT = Family(
    "the trigger price of the order that closes a position, stop or liquidation",
    first_exit_trigger,
    {"side": "long", "qty": 1.0, "basis": "mark", "liquidation_on": "mark"},
    (
        WrongModel(
            "last_price_trigger",
            {"liquidation_on": "last"},
            name="liquidation on the last price",
        ),
        WrongModel(
            "last_price_trigger",
            {"liquidation_on": "last", "basis": other_basis},
            name="liquidation on the last price, MM on the other basis",
        ),
    ),
)

__all__ = ["FIRST_EXIT", "TRIGGERS", "first_exit_trigger"]
