"""A small model of an exchange's liquidation engine: a book, a fund, one liquidation step.

The book is a sequence of `Account` objects (isolated linear positions). `liquidate` takes
one of them from trigger to fill and returns the ledger of who gained and lost what:

1. the liquidated account is settled at its bankruptcy price: its equity at the mark goes
   to zero (a negative equity is written off, so it never owes more than its margin);
2. the market order fills at ``fill``; the buyers (or sellers) who take it gain the gap
   between the mark and the fill;
3. the surplus beyond the bankruptcy price pays the liquidation fee, and the insurance
   fund keeps the rest (`course.engine.fund`), or pays the deficit up to its balance;
4. what the fund cannot pay is taken from the profitable accounts on the other side
   (`course.engine.adl`), pro rata or down the ADL queue; anything beyond their profits
   stays uncovered: a loss the exchange itself bears.

Value is conserved: the ledger's changes (accounts, market, fund, fees, uncovered) sum to
zero, which the property tests check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from course.engine.adl import METHODS, Method, adl_haircuts, adl_score
from course.engine.bankruptcy import bankruptcy_price
from course.engine.fund import BALANCE, fund_change, liquidation_fee, shortfall
from course.engine.validation import (
    NON_NEGATIVE,
    PRICE,
    RATE,
    SIDES,
    SIZE,
    Side,
    as_array,
    as_choice,
    side_sign,
)

LEDGER_COLUMNS = ("party", "role", "change")


@dataclass(frozen=True)
class Account:
    """
    One isolated linear position in the exchange's book.

    Parameters
    ----------
    name : str
        The account's label in the ledger; non-empty.
    side : {"long", "short"}
    qty : float
        Coins; finite and > 0.
    entry : float
        Entry price, USDT per coin; finite and > 0.
    collateral : float
        The isolated margin, USDT; finite and >= 0.

    Raises
    ------
    ValueError
        If a field is out of range; the message names it.

    Examples
    --------
    >>> whale = Account("whale", "long", qty=2, entry=50_000, collateral=10_000)
    >>> whale.bankruptcy, whale.upnl(44_700), whale.equity(44_700)
    (45000.0, -10600.0, -600.0)
    """

    name: str
    side: Side
    qty: float
    entry: float
    collateral: float

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ValueError(f"name must be a non-empty string; got {self.name!r}")
        as_choice("side", self.side, SIDES)
        for field, valid in (("qty", SIZE), ("entry", PRICE), ("collateral", NON_NEGATIVE)):
            value = as_array(field, getattr(self, field), valid)
            if value.ndim:
                raise ValueError(f"{field} must be one number; got {getattr(self, field)!r}")
            object.__setattr__(self, field, float(value))

    @property
    def bankruptcy(self) -> float:
        """Return the price where this account's equity is zero (`bankruptcy_price`)."""
        return bankruptcy_price(self.side, self.entry, self.qty, self.collateral)

    def upnl(self, mark: float) -> float:
        """Return the unrealised PnL at ``mark``, USDT."""
        return float(side_sign(self.side)) * self.qty * (mark - self.entry)

    def equity(self, mark: float) -> float:
        """Return margin plus unrealised PnL at ``mark``, USDT (negative past bankruptcy)."""
        return self.collateral + self.upnl(mark)

    def triggered(self, mark: float, mmr: float) -> bool:
        """
        Tell whether ``mark`` triggers liquidation: equity at or below the maintenance margin.

        The maintenance margin is valued at the mark, ``mmr * qty * mark`` (Binance's basis),
        so the trigger is `liquidation_price` with ``basis="mark"``.

        Parameters
        ----------
        mark : float
            The mark price, USDT per coin; finite and > 0.
        mmr : float
            Maintenance margin rate, in [0, 1).

        Returns
        -------
        bool

        Examples
        --------
        >>> whale = Account("whale", "long", qty=2, entry=50_000, collateral=10_000)
        >>> whale.triggered(45_300, 0.005), whale.triggered(45_200, 0.005)
        (False, True)
        """
        price = float(as_array("mark", mark, PRICE))
        rate = float(as_array("mmr", mmr, RATE))
        return self.equity(price) <= rate * self.qty * price


# The lesson's book: a 10x whale long, bankrupt at 45,000, and the three shorts it faces.
EXAMPLE_BOOK: tuple[Account, ...] = (
    Account("whale", "long", qty=100.0, entry=50_000.0, collateral=500_000.0),
    Account("A", "short", qty=10.0, entry=50_000.0, collateral=25_000.0),
    Account("B", "short", qty=40.0, entry=48_000.0, collateral=96_000.0),
    Account("C", "short", qty=50.0, entry=46_000.0, collateral=460_000.0),
)


def adl_queue(book: Sequence[Account], side: Side, mark: float) -> pd.DataFrame:
    """
    Rank the profitable accounts on ``side`` for auto-deleveraging, first in line on top.

    Parameters
    ----------
    book : sequence of Account
    side : {"long", "short"}
        The winners' side: the other side of the bankrupt position.
    mark : float
        The mark price, USDT per coin; finite and > 0.

    Returns
    -------
    pandas.DataFrame
        One row per winner: ``name``, ``upnl``, ``pnl_pct`` (percent of collateral),
        ``effective_leverage`` (notional at the mark over equity), ``score`` (`adl_score`)
        and ``rank`` (1 is deleveraged first), sorted by rank.

    Raises
    ------
    ValueError
        If ``side`` or ``mark`` is out of range.

    Examples
    --------
    >>> book = [Account("A", "short", 1, 52_000, 1_000), Account("B", "short", 2, 51_000, 5_000),
    ...         Account("C", "short", 1, 49_000, 1_000)]
    >>> adl_queue(book, "short", 50_000)[["name", "score", "rank"]].round(1).to_dict("list")
    {'name': ['A', 'B'], 'score': [33.3, 5.7], 'rank': [1, 2]}
    """
    as_choice("side", side, SIDES)
    price = float(as_array("mark", mark, PRICE))
    rows = [
        (a.name, a.upnl(price), a.collateral, a.qty * price)
        for a in book
        if a.side == side and a.upnl(price) > 0
    ]
    table = pd.DataFrame(rows, columns=["name", "upnl", "collateral", "notional"])
    equity = table["collateral"] + table["upnl"]
    table["pnl_pct"] = 100.0 * table["upnl"] / table["collateral"].where(table["collateral"] > 0)
    table["effective_leverage"] = table["notional"] / equity
    if len(table):
        table["score"] = np.asarray(
            adl_score(
                table["upnl"].to_numpy(),
                table["collateral"].clip(lower=1e-12).to_numpy(),
                table["notional"].to_numpy(),
            )
        )
    else:
        table["score"] = pd.Series(dtype=float)
    table = table.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)
    table["rank"] = np.arange(1, len(table) + 1)
    return table[["name", "upnl", "pnl_pct", "effective_leverage", "score", "rank"]]


def liquidate(
    book: Sequence[Account],
    name: str,
    fill: float,
    fund: float,
    *,
    mark: float | None = None,
    fee_rate: float = 0.0,
    method: Method = "queue",
) -> pd.DataFrame:
    """
    Liquidate account ``name`` and return the ledger of every change it causes, USDT.

    Step by step (module docstring): settle at bankruptcy, fill, fee and fund, then ADL::

        liquidated:  -equity(mark)
        market:      s * qty * (mark - fill)      (the takers of the liquidation order)
        fees:        liquidation_fee(...)
        fund:        fund_change(..., fund=fund)
        winners:     -adl_haircuts(shortfall, their upnl at the mark, method)
        uncovered:   -(shortfall - sum of haircuts), borne by no account (the exchange)

    Parameters
    ----------
    book : sequence of Account
        The exchange's positions; ``name`` must be among them, once.
    name : str
        The account to liquidate.
    fill : float
        The liquidation order's fill price, USDT per coin; finite and > 0.
    fund : float
        The insurance fund's balance, USDT; >= 0.
    mark : float, optional
        The mark price the winners are valued at; finite and > 0. By default ``fill``.
    fee_rate : float, default 0.0
        The liquidation fee rate, in [0, 1).
    method : {"queue", "pro_rata"}, default "queue"
        How a shortfall is spread over the winners (`adl_haircuts`).

    Returns
    -------
    pandas.DataFrame
        Columns ``party``, ``role`` (liquidated, market, fees, fund, winner, uncovered) and
        ``change``; winners in queue order. ``change`` sums to zero.

    Raises
    ------
    ValueError
        If a parameter is out of range or ``name`` is not in the book once.

    Examples
    --------
    >>> book = [Account("whale", "long", 2, 50_000, 10_000), Account("A", "short", 2, 46_000, 4_600)]
    >>> ledger = liquidate(book, "whale", fill=44_700, fund=250)
    >>> ledger.set_index("party")["change"].to_dict()
    {'whale': 600.0, 'market': 0.0, 'fees': 0.0, 'insurance fund': -250.0, 'A': -350.0, 'uncovered': 0.0}
    >>> round(float(ledger["change"].sum()), 9)
    0.0
    """
    matches = [a for a in book if a.name == name]
    if len(matches) != 1:
        raise ValueError(
            f"name must name one account of the book; got {name!r} ({len(matches)} found)"
        )
    account = matches[0]
    price = float(as_array("fill", fill, PRICE))
    balance = float(as_array("fund", fund, BALANCE))
    marked = price if mark is None else float(as_array("mark", mark, PRICE))
    float(as_array("fee_rate", fee_rate, RATE))
    str(as_choice("method", method, METHODS))
    sign = float(side_sign(account.side))
    position = (account.side, account.entry, account.qty, account.collateral, price)
    fee = liquidation_fee(*position, fee_rate)
    fund_delta = fund_change(*position, fee_rate=fee_rate, fund=balance)
    deficit = max(-sign * account.qty * (price - account.bankruptcy), 0.0)
    socialised = shortfall(deficit, min(balance, deficit))
    winners = adl_queue(book, "short" if account.side == "long" else "long", marked)
    haircuts = adl_haircuts(
        socialised, winners["upnl"].to_numpy(), method=method, scores=winners["score"].to_numpy()
    )
    rows = [
        (account.name, "liquidated", -account.equity(marked)),
        ("market", "market", sign * account.qty * (marked - price)),
        ("fees", "fees", fee),
        ("insurance fund", "fund", fund_delta),
        *((n, "winner", 0.0 - h) for n, h in zip(winners["name"], haircuts, strict=True)),
        ("uncovered", "uncovered", float(haircuts.sum()) - socialised),
    ]
    return pd.DataFrame(rows, columns=list(LEDGER_COLUMNS))


__all__ = ["EXAMPLE_BOOK", "LEDGER_COLUMNS", "Account", "adl_queue", "liquidate"]
