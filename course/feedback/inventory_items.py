"""The misconception inventory's items: each asked in lesson 00, and again in lesson 10.

An `Item` is a short numeric question with two sets of numbers, ``before`` (lesson 00's
ungraded pre-test) and ``after`` (the end of lesson 10), and the belief it is written to
reveal. Its answer is an engine computation, a `course.feedback.models.Family` whose wrong
models name the misconceptions an answer can show; `course.feedback.inventory` scores them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from course.feedback.families import (
    CROSS_LONE,
    ISOLATED_LIQUIDATION,
    LIQUIDATION_DISTANCE,
    RISK_SIZED_LOSS,
    RISK_SIZED_QTY,
)
from course.feedback.families.inventory import ADL_PROFIT, FUNDING_RECEIVED, ROUND_TRIP_FEES
from course.feedback.models import Family
from course.feedback.registry import Question

PRE_TEST = "00-start-here"
POST_TEST = "10-case-studies"
STAGES = ("before", "after")


@dataclass(frozen=True)
class Item:
    """
    One inventory item: a statement with two sets of numbers, and the belief it probes.

    Parameters
    ----------
    name : str
        The variable the learner assigns the answer to, ``inv_...``.
    title : str
        A few words for tables.
    target : str
        The catalogue id of the misconception the item is written to reveal.
    family : Family
        The engine computation and its wrong models.
    kind : str
        The answer's unit, as `Question` takes it (``"price"``, ``"percent"`` ...).
    text : str
        The statement, with ``{param}`` fields filled from ``before`` or ``after``.
    before, after : mapping
        The parameters in lesson 00 and in lesson 10.
    step : float, optional
        The rounding an answer may carry and still be right; by default the kind's.
    """

    name: str
    title: str
    target: str
    family: Family
    kind: str
    text: str
    before: Mapping[str, Any]
    after: Mapping[str, Any]
    step: float | None = None

    def params(self, stage: str) -> Mapping[str, Any]:
        """Return the parameters of ``stage``, ``"before"`` or ``"after"``."""
        if stage not in STAGES:
            raise ValueError(f"stage must be 'before' or 'after'; got {stage!r}")
        return self.before if stage == "before" else self.after

    def question(self, stage: str) -> Question:
        """Return the item as a `Question` with the numbers of ``stage`` (never registered)."""
        return Question(
            id=f"inventory_{self.name}",
            answer=self.name,
            kind=self.kind,
            family=self.family,
            inputs=dict(self.params(stage)),
            step=self.step,
        )

    def statement(self, stage: str) -> str:
        """Return the statement with the numbers of ``stage``."""
        return self.text.format(**self.params(stage))


_LONG = "You buy {qty:g} BTC at {entry:,.0f} USDT with {leverage:g}x isolated leverage."
ITEMS = (
    Item(
        "inv_liquidation",
        "liquidation price",
        "bankruptcy_for_liquidation",
        ISOLATED_LIQUIDATION,
        "price",
        _LONG + " The MMR is {mmr:.1%}, on the entry value."
        " At what price is the position liquidated, in USDT?",
        {"qty": 1.0, "entry": 60_000.0, "leverage": 10.0, "mmr": 0.005},
        {"qty": 1.0, "entry": 40_000.0, "leverage": 5.0, "mmr": 0.01},
    ),
    Item(
        "inv_distance_pct",
        "distance to liquidation",
        "one_over_leverage",
        LIQUIDATION_DISTANCE,
        "percent",
        _LONG + " The MMR is {mmr:.1%}, on the entry value."
        " By how many percent of the entry price can the price fall before liquidation?",
        {"qty": 1.0, "entry": 50_000.0, "leverage": 20.0, "mmr": 0.005},
        {"qty": 1.0, "entry": 30_000.0, "leverage": 25.0, "mmr": 0.004},
    ),
    Item(
        "inv_cross_liquidation",
        "cross margin",
        "isolated_always_safer",
        CROSS_LONE,
        "price",
        "Your wallet holds {wallet_balance:,.0f} USDT in cross margin, and its only position"
        " is a long of {qty:g} BTC at {entry:,.0f} USDT, opened at {leverage:g}x."
        " The MMR is {mmr:.1%}, on the mark value."
        " At what price is the position liquidated, in USDT?",
        {"wallet_balance": 8_000.0, "qty": 1.0, "entry": 50_000.0, "leverage": 10.0, "mmr": 0.005},
        {"wallet_balance": 3_000.0, "qty": 0.5, "entry": 40_000.0, "leverage": 20.0, "mmr": 0.004},
    ),
    Item(
        "inv_position_qty",
        "position size",
        "size_from_leverage",
        RISK_SIZED_QTY,
        "number",
        "Your equity is {equity:,.0f} USDT and you risk {risk_fraction:.0%} of it per trade."
        " You buy BTC at {entry:,.0f} USDT with a stop at {stop:,.0f} USDT,"
        " at {leverage:g}x leverage. How many BTC do you buy?",
        {
            "equity": 10_000.0,
            "risk_fraction": 0.02,
            "entry": 50_000.0,
            "stop": 47_500.0,
            "leverage": 10.0,
        },
        {
            "equity": 20_000.0,
            "risk_fraction": 0.01,
            "entry": 40_000.0,
            "stop": 38_000.0,
            "leverage": 5.0,
        },
        step=0.001,
    ),
    Item(
        "inv_stop_loss_pct",
        "stop in a gap",
        "stop_guarantees_exit",
        RISK_SIZED_LOSS,
        "percent",
        "Your equity is {equity:,.0f} USDT. You buy BTC at {entry:,.0f} USDT, sized so that"
        " your stop at {stop:,.0f} USDT loses {risk_fraction:.0%} of your equity."
        " The price gaps through the stop, and the stop's market order fills at"
        " {fill:,.0f} USDT. What did you lose, in percent of your equity?",
        {
            "equity": 10_000.0,
            "risk_fraction": 0.02,
            "entry": 50_000.0,
            "stop": 49_000.0,
            "fill": 48_000.0,
        },
        {
            "equity": 5_000.0,
            "risk_fraction": 0.01,
            "entry": 40_000.0,
            "stop": 39_000.0,
            "fill": 38_500.0,
        },
    ),
    Item(
        "inv_fees_usdt",
        "trading fees",
        "fees_grow_with_time",
        ROUND_TRIP_FEES,
        "amount",
        "Each trade pays a taker fee of {fee_rate:.2%} of its notional."
        " You buy {qty:g} BTC at {entry:,.0f} USDT, hold it for {days:g} days and sell it at"
        " {exit_price:,.0f} USDT. What do the trading fees cost you in total, in USDT?"
        " Leave funding out.",
        {"qty": 1.0, "entry": 60_000.0, "exit_price": 60_000.0, "fee_rate": 0.0005, "days": 10},
        {"qty": 0.5, "entry": 40_000.0, "exit_price": 44_000.0, "fee_rate": 0.0004, "days": 30},
        step=0.01,
    ),
    Item(
        "inv_funding_usdt",
        "funding",
        "funding_is_exchange_fee",
        FUNDING_RECEIVED,
        "amount",
        "You hold a {side} of {qty:g} BTC for {days:g} days, marked at {mark:,.0f} USDT"
        " throughout. The funding rate stays at {funding_rate:+.2%} every"
        " {interval_hours:g} hours; a positive rate makes longs pay shorts."
        " How much funding do you receive, in USDT? Write a payment as a negative number.",
        {
            "side": "short",
            "qty": 1.0,
            "mark": 60_000.0,
            "funding_rate": 0.0001,
            "days": 2,
            "interval_hours": 8,
        },
        {
            "side": "long",
            "qty": 0.5,
            "mark": 40_000.0,
            "funding_rate": -0.0002,
            "days": 4,
            "interval_hours": 8,
        },
        step=0.01,
    ),
    Item(
        "inv_adl_profit",
        "a winning position",
        "winners_are_safe",
        ADL_PROFIT,
        "amount",
        "You are long {qty:g} BTC from {entry:,.0f} USDT, the mark is {mark:,.0f} USDT, and"
        " yours is the most profitable, most levered long on the venue."
        " A large short goes bankrupt at {bankruptcy:,.0f} USDT and the insurance fund is"
        " empty. Once the exchange has dealt with that short, what profit have you locked in,"
        " in USDT? If you think your long stays open, answer its profit at the mark.",
        {"qty": 1.0, "entry": 50_000.0, "mark": 60_000.0, "bankruptcy": 58_000.0},
        {"qty": 2.0, "entry": 30_000.0, "mark": 36_000.0, "bankruptcy": 35_000.0},
    ),
)
NAMES = tuple(item.name for item in ITEMS)


__all__ = ["ITEMS", "NAMES", "POST_TEST", "PRE_TEST", "STAGES", "Item"]
