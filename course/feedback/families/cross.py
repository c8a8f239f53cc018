"""Kinds of question about a cross account: its liquidation price, margin ratio and shock.

Each `Family` states the engine computation that answers its questions and the wrong models
that apply to every one of them (`course.feedback.models`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from course.engine.cross import Position, cross_liquidation_price
from course.engine.liquidation import isolated_liquidation_price, liquidation_price
from course.engine.validation import Basis
from course.feedback.models import Family, WrongModel, other_basis


def _lone_long(qty, entry, mmr):
    return [Position("BTCUSDT", "long", qty, entry, mmr=mmr)]


def cross_lone_long(
    wallet_balance: float, qty: float, entry: float, leverage: float, mmr: float, basis: Basis
) -> float:
    """
    Return the cross liquidation price of a lone long backed by the whole wallet.

    Parameters
    ----------
    wallet_balance : float
        The wallet, USDT; > 0.
    qty : float
        Coins; > 0.
    entry : float
        Entry price; > 0.
    leverage : float
        The leverage setting (it does not move a cross liquidation price); >= 1.
    mmr : float
        Maintenance margin rate, in [0, 1).
    basis : {"entry", "mark"}

    Returns
    -------
    float
    """
    return cross_liquidation_price(
        wallet_balance, _lone_long(qty, entry, mmr), "BTCUSDT", basis=basis
    )


CROSS_LONE = Family(
    "the cross liquidation price of one position",
    cross_lone_long,
    {"basis": "mark"},
    (
        WrongModel(
            "isolated_always_safer",
            compute=lambda wallet_balance, qty, entry, leverage, mmr, basis: (
                isolated_liquidation_price("long", entry, leverage, mmr, qty=qty, basis=basis)
            ),
            name="the isolated price",
        ),
        WrongModel("wrong_mm_basis", {"basis": other_basis}, name="the other MM basis"),
        WrongModel("bankruptcy_for_liquidation", {"mmr": 0.0}, name="the bankruptcy price"),
    ),
)


def cross_formula(
    wallet_balance: float,
    qty: float,
    entry: float,
    mmr: float,
    other_mm: float,
    other_pnl: float,
    basis: Basis = "mark",
) -> float:
    """
    Return Binance's one-way cross liquidation price of a long, the others as TMM and UPNL.

    ``collateral = wallet_balance - other_mm + other_pnl`` goes into `liquidation_price`.

    Parameters
    ----------
    wallet_balance : float
        The wallet, USDT; > 0.
    qty : float
        Coins; > 0.
    entry : float
        Entry price; > 0.
    mmr : float
        Maintenance margin rate, in [0, 1).
    other_mm : float
        The other positions' maintenance margin, USDT; >= 0.
    other_pnl : float
        The other positions' unrealised PnL, USDT, with its sign.
    basis : {"entry", "mark"}, default "mark"

    Returns
    -------
    float
    """
    collateral = wallet_balance - other_mm + other_pnl
    return liquidation_price("long", entry, qty, collateral, mmr, basis=basis)


CROSS_FORMULA = Family(
    "the cross liquidation price beside other positions",
    cross_formula,
    {"basis": "mark"},
    (
        WrongModel(
            "liquidation_price_fixed",
            {"other_mm": 0.0, "other_pnl": 0.0},
            name="the other positions left out",
        ),
        WrongModel("other_upnl_dropped", {"other_pnl": 0.0}, name="their uPnL dropped"),
        WrongModel(
            "other_upnl_dropped",
            {"other_pnl": lambda p: abs(p["other_pnl"])},
            name="their uPnL as abs",
        ),
        WrongModel("wrong_mm_basis", {"basis": other_basis}, name="the other MM basis"),
        WrongModel("bankruptcy_for_liquidation", {"mmr": 0.0}, name="the bankruptcy price"),
    ),
)


def _shifted(positions: Sequence[Position], shock_pct: float) -> list[Position]:
    return [dataclasses.replace(p, mark=p.entry * (1 + shock_pct / 100)) for p in positions]


def margin_ratio_pct(
    wallet_balance: float,
    positions: Sequence[Position],
    shock_pct: float,
    basis: Basis = "mark",
    upnl: str = "signed",
) -> float:
    """
    Return a cross account's margin ratio after a common shock, in percent.

    Account MM over account equity (Binance's direction: 100% liquidates), with every mark
    moved ``shock_pct`` percent from its entry.

    Parameters
    ----------
    wallet_balance : float
        The wallet, USDT; > 0.
    positions : sequence of Position
        The account's positions.
    shock_pct : float
        The common move of every mark from its entry, in percent.
    basis : {"entry", "mark"}, default "mark"
    upnl : {"signed", "abs", "as_long"}, default "signed"
        How the uPnL counts: with its sign (right), as ``abs``, or every position priced as a
        long, ``qty * (mark - entry)`` (the wrong models).

    Returns
    -------
    float
    """
    moved = _shifted(positions, shock_pct)
    if upnl == "as_long":
        pnl = [p.qty * (p.mark - p.entry) for p in moved]
    else:
        pnl = [p.unrealized_pnl() for p in moved]
    equity = wallet_balance + math.fsum(abs(x) if upnl == "abs" else x for x in pnl)
    maintenance = math.fsum(p.maintenance_margin(basis) for p in moved)
    return 100.0 * maintenance / equity


def _without(index: int) -> WrongModel:
    return WrongModel(
        "other_upnl_dropped",
        {"positions": lambda p: tuple(x for i, x in enumerate(p["positions"]) if i != index)},
        name=f"position {index + 1} left out",
        when=lambda p: len(p["positions"]) > max(index, 1),
    )


MARGIN_RATIO = Family(
    "a cross account's margin ratio after a shock, in percent",
    margin_ratio_pct,
    {"basis": "mark", "upnl": "signed"},
    (
        _without(0),
        _without(1),
        WrongModel("other_upnl_dropped", {"upnl": "abs"}, name="the uPnL as abs"),
        WrongModel(
            "other_upnl_dropped",
            {"upnl": "as_long"},
            name="the short priced as a long",
            when=lambda p: any(x.side == "short" for x in p["positions"]),
        ),
        WrongModel("wrong_mm_basis", {"basis": other_basis}, name="the other MM basis"),
    ),
)


def account_shock_pct(
    wallet_balance: float, positions: Sequence[Position], leverage: float | None = None
) -> float:
    """
    Return the common shock (percent) to every mark at which the cross account reaches MM.

    Equity minus MM is linear in the shock, so two evaluations find the root exactly.

    Parameters
    ----------
    wallet_balance : float
        The wallet, USDT; > 0.
    positions : sequence of Position
        The account's positions, at entry.
    leverage : float, optional
        The isolated leverage setting (a wrong model uses it; the cross answer does not).

    Returns
    -------
    float
    """

    def room(shock_pct: float) -> float:
        moved = _shifted(positions, shock_pct)
        equity = wallet_balance + math.fsum(p.unrealized_pnl() for p in moved)
        return equity - math.fsum(p.maintenance_margin() for p in moved)

    at_zero, at_minus_fifty = room(0.0), room(-50.0)
    return -50.0 * at_zero / (at_zero - at_minus_fifty)


def _isolated_first(wallet_balance, positions, leverage=None):
    if leverage is None:
        return None
    first = positions[0]
    price = isolated_liquidation_price(first.side, first.entry, leverage, first.mmr)
    return 100.0 * (price / first.entry - 1)


ACCOUNT_SHOCK = Family(
    "the common shock that liquidates a cross account, in percent",
    account_shock_pct,
    {},
    (
        WrongModel(
            "other_upnl_dropped",
            {"positions": lambda p: tuple(p["positions"][:1])},
            name="the other positions left out",
            when=lambda p: len(p["positions"]) > 1,
        ),
        WrongModel(
            "bankruptcy_for_liquidation",
            {"positions": lambda p: tuple(dataclasses.replace(x, mmr=0.0) for x in p["positions"])},
            name="MM left out",
        ),
        WrongModel("isolated_always_safer", compute=_isolated_first, name="the isolated shock"),
        WrongModel("wrong_sign", result=lambda right, _: -right, name="the sign flipped"),
    ),
)

__all__ = [
    "ACCOUNT_SHOCK",
    "CROSS_FORMULA",
    "CROSS_LONE",
    "MARGIN_RATIO",
    "account_shock_pct",
    "cross_formula",
    "cross_lone_long",
    "margin_ratio_pct",
]
