"""Kinds of question about one position's liquidation: prices, distances, tiers, the fund.

Each `Family` states the engine computation that answers its questions and the wrong models
that apply to every one of them (`course.feedback.models`).
"""

from __future__ import annotations

from typing import Any

from course.engine.balance import initial_margin, unrealized_pnl
from course.engine.bankruptcy import bankruptcy_price
from course.engine.liquidation import isolated_liquidation_price, liquidation_price
from course.engine.sizing import max_leverage_for_stop
from course.engine.tiers import BINANCE_BTCUSDT_2021, tiered_liquidation_price
from course.engine.validation import Basis, Contract, Side
from course.feedback.models import (
    Family,
    WrongModel,
    call_with,
    constant,
    flip_side,
    other_basis,
)

_POSITION = {
    "side": "long",
    "qty": 1.0,
    "basis": "entry",
    "contract": "linear",
    "extra_margin": 0.0,
}

# The slips every question about one isolated position is checked for.
_ONE_POSITION = (
    WrongModel("bankruptcy_for_liquidation", {"mmr": 0.0}, name="bankruptcy price (MM left out)"),
    WrongModel("wrong_side", {"side": flip_side}, name="the other side"),
    WrongModel("wrong_mm_basis", {"basis": other_basis}, name="the other MM basis"),
    WrongModel("inverse_as_linear", {"contract": "linear"}, name="inverse as linear"),
    WrongModel("liquidation_price_fixed", {"extra_margin": 0.0}, name="added margin left out"),
)


def isolated(
    side: Side,
    entry: float,
    leverage: float,
    mmr: float,
    qty: float,
    basis: Basis,
    contract: Contract,
    extra_margin: float,
) -> float:
    """
    Return an isolated position's liquidation price (`isolated_liquidation_price`).

    Parameters
    ----------
    side : {"long", "short"}
    entry : float
        Entry price, USDT per coin; > 0.
    leverage : float
        The leverage setting; >= 1.
    mmr : float
        Maintenance margin rate, in [0, 1).
    qty : float
        Coins (linear) or USD face value (inverse); > 0.
    basis : {"entry", "mark"}
        What the maintenance margin is valued on.
    contract : {"linear", "inverse"}
    extra_margin : float
        Margin added after opening, USDT (linear) or coin (inverse); >= 0.

    Returns
    -------
    float
    """
    return isolated_liquidation_price(
        side,
        entry,
        leverage,
        mmr,
        qty=qty,
        basis=basis,
        contract=contract,
        extra_margin=extra_margin,
    )


ISOLATED_LIQUIDATION = Family(
    "the liquidation price of an isolated position", isolated, _POSITION, _ONE_POSITION
)


def distance_pct(**params: Any) -> float:
    """
    Return how far the liquidation price is from entry, in percent of the entry price.

    Parameters
    ----------
    **params
        The parameters of `isolated`.

    Returns
    -------
    float
    """
    return 100.0 * abs(params["entry"] - call_with(isolated, params)) / params["entry"]


LIQUIDATION_DISTANCE = Family(
    "the distance to an isolated position's liquidation, in percent",
    distance_pct,
    _POSITION,
    (
        WrongModel("one_over_leverage", {"mmr": 0.0}, name="one over the leverage"),
        WrongModel(  # for a linear contract the same number as the model above
            "one_over_leverage",
            compute=lambda leverage, **_: 100.0 / leverage,
            name="one over the leverage, as for a linear contract",
            when=lambda params: params["contract"] == "inverse",
        ),
        WrongModel("wrong_mm_basis", {"basis": other_basis}, name="the other MM basis"),
        WrongModel("inverse_as_linear", {"contract": "linear"}, name="inverse as linear"),
        WrongModel("price_for_distance", compute=isolated, name="the liquidation price itself"),
    ),
)


def bankruptcy(
    side: Side, entry: float, qty: float, collateral: float, contract: Contract
) -> float:
    """
    Return the price where equity reaches zero (`bankruptcy_price`).

    Parameters
    ----------
    side : {"long", "short"}
    entry : float
        Entry price; > 0.
    qty : float
        Coins (linear) or USD face value (inverse); > 0.
    collateral : float
        The margin behind the position; > 0.
    contract : {"linear", "inverse"}

    Returns
    -------
    float
    """
    return bankruptcy_price(side, entry, qty, collateral, contract=contract)


def _liquidation_instead(basis: Basis):
    """The liquidation price for a bankruptcy question whose statement gives an MMR."""

    def compute(side, entry, qty, collateral, contract, mmr=None, **_):
        if mmr is None or contract != "linear":
            return None
        return liquidation_price(side, entry, qty, collateral, mmr, basis=basis)

    return compute


BANKRUPTCY = Family(
    "the bankruptcy price",
    bankruptcy,
    {"side": "long", "contract": "linear"},
    (
        WrongModel("wrong_side", {"side": flip_side}, name="the other side"),
        WrongModel(
            "liquidation_for_bankruptcy",
            compute=_liquidation_instead("entry"),
            name="the liquidation price, MM on entry",
        ),
        WrongModel(
            "liquidation_for_bankruptcy",
            compute=_liquidation_instead("mark"),
            name="the liquidation price, MM at the mark",
        ),
        WrongModel("inverse_as_linear", {"contract": "linear"}, name="inverse as linear"),
    ),
)


def tiered(
    side: Side, entry: float, qty: float, collateral: float, basis: Basis, brackets
) -> float:
    """
    Return the liquidation price in the self-consistent bracket (`tiered_liquidation_price`).

    Parameters
    ----------
    side : {"long", "short"}
    entry : float
        Entry price; > 0.
    qty : float
        Coins; > 0.
    collateral : float
        The margin behind the position, USDT; > 0.
    basis : {"entry", "mark"}
    brackets : sequence of Bracket
        The tier table.

    Returns
    -------
    float
    """
    return tiered_liquidation_price(side, entry, qty, collateral, brackets, basis=basis)


def _bracket_at(brackets, position_notional: float):
    return next((b for b in brackets if position_notional <= b.notional_cap), brackets[-1])


def _in_bracket(bracket, maint_amount: float | None = None, **params: Any) -> float:
    amount = bracket.maint_amount if maint_amount is None else maint_amount
    return liquidation_price(
        params["side"],
        params["entry"],
        params["qty"],
        params["collateral"],
        bracket.mmr,
        maint_amount=amount,
        basis=params["basis"],
    )


def _first_bracket(**params: Any) -> float:
    return _in_bracket(params["brackets"][0], **params)


def _entry_bracket(**params: Any) -> float:
    return _in_bracket(_bracket_at(params["brackets"], params["qty"] * params["entry"]), **params)


def _no_maint_amount(**params: Any) -> float:
    right = tiered(**params)
    return _in_bracket(_bracket_at(params["brackets"], params["qty"] * right), 0.0, **params)


TIERED_LIQUIDATION = Family(
    "the liquidation price under a tier table",
    tiered,
    {"side": "long", "basis": "mark", "brackets": BINANCE_BTCUSDT_2021.brackets},
    (
        WrongModel("ignored_tier", compute=_first_bracket, name="the first bracket"),
        WrongModel(
            "bracket_at_entry_notional", compute=_entry_bracket, name="the bracket at entry"
        ),
        WrongModel("maint_amount_left_out", compute=_no_maint_amount, name="cum left out"),
        WrongModel("wrong_mm_basis", {"basis": other_basis}, name="the other MM basis"),
        WrongModel("wrong_side", {"side": flip_side}, name="the other side"),
        WrongModel(
            "bankruptcy_for_liquidation",
            compute=lambda side, entry, qty, collateral, **_: bankruptcy_price(
                side, entry, qty, collateral
            ),
            name="the bankruptcy price",
        ),
    ),
)


def fund_gain(entry: float, qty: float, leverage: float, fill: float, side: Side = "long") -> float:
    """
    Return the insurance fund's gain on a liquidated position, USDT.

    The trader is settled at the bankruptcy price; the fund takes the position over there
    and closes it at ``fill``, so it earns ``qty * (fill - bankruptcy)`` on a long.

    Parameters
    ----------
    entry : float
        Entry price; > 0.
    qty : float
        Coins; > 0.
    leverage : float
        The leverage setting; >= 1.
    fill : float
        The price the liquidation order filled at; > 0.
    side : {"long", "short"}, default "long"

    Returns
    -------
    float
    """
    price = bankruptcy_price(side, entry, qty, initial_margin(qty, entry, leverage))
    return float(unrealized_pnl(side, price, qty, fill))


def _gain_from_liquidation_price(entry, qty, leverage, fill, side, mmr=None, basis="entry"):
    if mmr is None:
        return None
    settled = isolated_liquidation_price(side, entry, leverage, mmr, qty=qty, basis=basis)
    return unrealized_pnl(side, settled, qty, fill)


FUND_GAIN = Family(
    "the insurance fund's gain on a liquidation",
    fund_gain,
    {"side": "long"},
    (
        constant("insurance_fund_protects_me", 0.0, name="the fund gains nothing"),
        WrongModel(
            "settled_at_liquidation",
            compute=_gain_from_liquidation_price,
            name="settled at the liquidation price",
        ),
        WrongModel(  # the equity left at liquidation, as if the fund kept it whatever the fill
            "settled_at_liquidation",
            compute=lambda entry, qty, mmr=None, **_: None if mmr is None else mmr * qty * entry,
            name="the maintenance margin",
        ),
        WrongModel(
            "wrong_sign", result=lambda right, _: -right, name="the fund's loss for its gain"
        ),
    ),
)


def leverage_for_distance(distance_pct: float, mmr: float) -> float:
    """
    Return the leverage whose liquidation comes after a move of ``distance_pct`` percent.

    Parameters
    ----------
    distance_pct : float
        The move, in percent; in (0, 100).
    mmr : float
        Maintenance margin rate, in [0, 1).

    Returns
    -------
    float
    """
    return max_leverage_for_stop(distance_pct / 100.0, mmr)


LEVERAGE_FOR_DISTANCE = Family(
    "the leverage at which a given move liquidates",
    leverage_for_distance,
    {},
    (
        WrongModel("one_over_leverage", {"mmr": 0.0}, name="one over the move"),
        WrongModel("leverage_inverted", result=lambda right, _: 1.0 / right, name="one over it"),
    ),
)

__all__ = [
    "BANKRUPTCY",
    "FUND_GAIN",
    "ISOLATED_LIQUIDATION",
    "LEVERAGE_FOR_DISTANCE",
    "LIQUIDATION_DISTANCE",
    "TIERED_LIQUIDATION",
    "bankruptcy",
    "distance_pct",
    "fund_gain",
    "isolated",
    "leverage_for_distance",
    "tiered",
]
