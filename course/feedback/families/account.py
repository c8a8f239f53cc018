"""Kinds of question about the account: notional, leverage, returns and recovery.

Each `Family` states the engine computation that answers its questions and the wrong models
that apply to every one of them (`course.feedback.models`).
"""

from __future__ import annotations

from typing import Any

from course.engine.balance import (
    effective_leverage,
    initial_margin,
    notional,
    recovery_gain,
    unrealized_pnl,
)
from course.engine.sizing import losing_streak_drawdown
from course.engine.validation import Side
from course.feedback.models import Family, WrongModel, scaled

NOTIONAL = Family(
    "a position's notional",
    lambda qty, price, leverage=None: notional(qty, price),
    {},
    (
        WrongModel(
            "margin_for_notional",
            compute=lambda qty, price, leverage=None: (
                None if leverage is None else initial_margin(qty, price, leverage)
            ),
            name="the margin for the notional",
        ),
    ),
)


def _margin_over(equity, qty, entry, leverage):
    return effective_leverage(initial_margin(qty, entry, leverage), equity)


EFFECTIVE_LEVERAGE = Family(
    "an account's effective leverage",
    lambda equity, qty, entry, leverage: effective_leverage(notional(qty, entry), equity),
    {},
    (
        WrongModel(
            "leverage_setting_for_effective",
            compute=lambda leverage, **_: leverage,
            name="the setting",
        ),
        WrongModel("margin_for_notional", compute=_margin_over, name="margin over equity"),
        scaled("percent_for_fraction", 100.0, name="in percent"),
        WrongModel(
            "leverage_inverted",
            result=lambda right, _: 1.0 / right,
            name="equity over notional",
        ),
    ),
)


def move_pnl(
    entry: float,
    move_pct: float,
    qty: float | None = None,
    position_notional: float | None = None,
    side: Side = "long",
) -> float:
    """
    Return the PnL in USDT of a position after the price moves ``move_pct`` percent.

    Parameters
    ----------
    entry : float
        Entry price; > 0.
    move_pct : float
        The price move, in percent (negative for a fall).
    qty : float, optional
        Coins; or give ``position_notional`` (USDT) instead.
    position_notional : float, optional
        The notional at entry, USDT.
    side : {"long", "short"}, default "long"

    Returns
    -------
    float
    """
    if qty is None and position_notional is None:
        raise ValueError("move_pnl needs qty or position_notional")
    coins = qty if qty is not None else float(position_notional) / entry  # type: ignore[arg-type]
    return float(unrealized_pnl(side, entry, coins, entry * (1.0 + move_pct / 100.0)))


def _coins(params: dict[str, Any]) -> float:
    return (
        params["qty"]
        if params.get("qty") is not None
        else params["position_notional"] / params["entry"]
    )


def _pnl_params(params: dict[str, Any]) -> dict[str, Any]:
    keys = ("entry", "move_pct", "qty", "position_notional", "side")
    return {key: params[key] for key in keys if key in params}


def account_return_pct(equity: float, leverage: float, **params: Any) -> float:
    """
    Return the return on the whole account, in percent: the PnL over account equity.

    Parameters
    ----------
    equity : float
        The account's equity, USDT; > 0.
    leverage : float
        The leverage setting (it does not change the PnL); >= 1.
    **params
        The position, as `move_pnl` takes it.

    Returns
    -------
    float
    """
    return 100.0 * move_pnl(**_pnl_params(params)) / equity


def roe_pct(equity: float, leverage: float, **params: Any) -> float:
    """
    Return the ROE in percent: the PnL over the position's initial margin.

    Parameters
    ----------
    equity : float
        The account's equity (not used: the ROE's base is the margin; any number).
    leverage : float
        The leverage setting; >= 1.
    **params
        The position, as `move_pnl` takes it.

    Returns
    -------
    float
    """
    margin = initial_margin(_coins(params), params["entry"], leverage)
    return 100.0 * move_pnl(**_pnl_params(params)) / margin


def _on_margin(equity, leverage, **params):
    """The PnL worked out on the margin rather than the notional, over the equity."""
    return account_return_pct(equity, leverage, **params) / leverage


_SIGN = WrongModel("wrong_sign", result=lambda right, _: -right, name="the sign flipped")

ACCOUNT_RETURN = Family(
    "the return on the whole account, in percent",
    account_return_pct,
    {"side": "long"},
    (
        WrongModel("roe_vs_account_return", compute=roe_pct, name="the ROE"),
        WrongModel(
            "leverage_scales_pnl",
            result=lambda right, p: right * p["leverage"],
            name="times the leverage",
        ),
        WrongModel("margin_for_notional", compute=_on_margin, name="the PnL on the margin"),
        _SIGN,
    ),
)


def _pnl_of(leverage=None, **params):
    return move_pnl(**_pnl_params(params))


PNL = Family(
    "a position's profit or loss, USDT",
    _pnl_of,
    {"side": "long"},
    (
        WrongModel(
            "leverage_scales_pnl",
            result=lambda right, p: right * p["leverage"],
            name="times the leverage",
        ),
        WrongModel(
            "margin_for_notional",
            result=lambda right, p: right / p["leverage"],
            name="the move on the margin",
        ),
        WrongModel(
            "roe_vs_account_return",
            compute=lambda leverage, **p: roe_pct(0.0, leverage, **p),
            name="the ROE in percent",
        ),
        _SIGN,
    ),
)

RECOVERY = Family(
    "the gain that undoes a loss, in percent",
    lambda loss_pct: 100.0 * recovery_gain(loss_pct / 100.0),
    {},
    (
        WrongModel("recovery_symmetric", compute=lambda loss_pct: loss_pct, name="the loss"),
        scaled("fraction_for_percent", 0.01, name="as a fraction"),
    ),
)


def streak_recovery_pct(risk_fraction: float, losses: int) -> float:
    """
    Return the gain, in percent, that undoes ``losses`` losses in a row of ``risk_fraction``.

    Parameters
    ----------
    risk_fraction : float
        The share of equity each loss takes, in (0, 1).
    losses : int
        The losses in a row; >= 1.

    Returns
    -------
    float
    """
    return 100.0 * recovery_gain(losing_streak_drawdown(risk_fraction, losses))


STREAK_RECOVERY = Family(
    "the gain that undoes a losing streak, in percent",
    streak_recovery_pct,
    {},
    (
        WrongModel(
            "recovery_symmetric",
            compute=lambda risk_fraction, losses: (
                100.0 * losing_streak_drawdown(risk_fraction, losses)
            ),
            name="the drawdown",
        ),
        WrongModel(
            "streak_added",
            compute=lambda risk_fraction, losses: (
                100.0 * recovery_gain(min(risk_fraction * losses, 0.999))
            ),
            name="the losses added up",
        ),
        WrongModel("off_by_one", {"losses": lambda p: p["losses"] - 1}, name="one loss fewer"),
        WrongModel("off_by_one", {"losses": lambda p: p["losses"] + 1}, name="one loss more"),
    ),
)


__all__ = [
    "ACCOUNT_RETURN",
    "EFFECTIVE_LEVERAGE",
    "NOTIONAL",
    "PNL",
    "RECOVERY",
    "STREAK_RECOVERY",
    "account_return_pct",
    "move_pnl",
    "roe_pct",
    "streak_recovery_pct",
]
