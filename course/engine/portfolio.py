"""Two positions together: the portfolio's standard deviation, its VaR, a joint shock.

A long has a positive notional and a short a negative one, so one formula covers long/long
and long/short. Daily PnL is ``n_1 r_1 + n_2 r_2`` for daily returns ``r_i`` with standard
deviations ``sigma_i`` and correlation ``rho``; its standard deviation is the portfolio's
risk in USDT, and a parametric (normal) VaR is a quantile of it. `joint_shock_to_liquidation`
is what a correlation of one means for a cross account: every mark moves together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist
from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from course.engine.cross import Position
from course.engine.validation import (
    FINITE,
    NON_NEGATIVE,
    Range,
    Result,
    as_array,
    broadcast,
    wrap,
)

CORRELATION = Range(-1.0, 1.0, True, True, "in [-1, 1]")
CONFIDENCE = Range(0.5, 1.0, False, False, "in (0.5, 1)")
HORIZON = Range(0.0, math.inf, False, False, "finite and > 0")


@overload
def portfolio_sigma(
    notional_1: float, sigma_1: float, notional_2: float, sigma_2: float, correlation: float
) -> float: ...
@overload
def portfolio_sigma(
    notional_1: ArrayLike,
    sigma_1: ArrayLike,
    notional_2: ArrayLike,
    sigma_2: ArrayLike,
    correlation: ArrayLike,
) -> Result: ...
def portfolio_sigma(
    notional_1: ArrayLike,
    sigma_1: ArrayLike,
    notional_2: ArrayLike,
    sigma_2: ArrayLike,
    correlation: ArrayLike,
) -> Result:
    """
    Return the standard deviation of two positions' daily PnL together, in USDT.

    With signed notionals ``n_i`` (a short is negative) and daily return standard
    deviations ``sigma_i`` (fractions), each position's risk in USDT is ``n_i * sigma_i``::

        sigma_p = sqrt((n_1 sigma_1)**2 + (n_2 sigma_2)**2 + 2 rho (n_1 sigma_1)(n_2 sigma_2))

    At ``rho = 1`` it is ``|n_1 sigma_1 + n_2 sigma_2|``: the risks add (or, long/short,
    cancel) in a straight line; at ``rho = 0`` the variances add. Lesson 07 uses it for
    long/long and long/short pairs, and `parametric_var` turns it into a VaR.

    Parameters
    ----------
    notional_1 : float or array-like
        Signed notional of the first position, USDT: positive for a long, negative for a
        short; finite.
    sigma_1 : float or array-like
        Daily standard deviation of the first asset's returns, a fraction (0.03 for 3%);
        finite and >= 0.
    notional_2, sigma_2 : float or array-like
        The same for the second position.
    correlation : float or array-like
        Correlation of the two assets' daily returns, in [-1, 1].

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        USDT; a float for all-scalar input.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    Long 10,000 USDT of BTC (daily sigma 3%) and long 10,000 of ETH (4%), rho 0.8:

    >>> round(portfolio_sigma(10_000, 0.03, 10_000, 0.04, 0.8), 2)
    664.83

    Short the ETH instead, and move rho:

    >>> portfolio_sigma(10_000, 0.03, -10_000, 0.04, [0.8, 1.0]).round(2)
    array([240.83, 100.  ])
    """
    first = as_array("notional_1", notional_1, FINITE)
    second = as_array("notional_2", notional_2, FINITE)
    vol_1 = as_array("sigma_1", sigma_1, NON_NEGATIVE)
    vol_2 = as_array("sigma_2", sigma_2, NON_NEGATIVE)
    rho = as_array("correlation", correlation, CORRELATION)
    broadcast(notional_1=first, sigma_1=vol_1, notional_2=second, sigma_2=vol_2, correlation=rho)
    risk_1, risk_2 = first * vol_1, second * vol_2
    variance = risk_1**2 + risk_2**2 + 2.0 * rho * risk_1 * risk_2
    # Rounding can leave a tiny negative variance where the risks cancel exactly.
    sigma = np.sqrt(np.maximum(variance, 0.0))
    return wrap(sigma, notional_1, sigma_1, notional_2, sigma_2, correlation)


def normal_quantile(confidence: float) -> float:
    """
    Return the one-sided standard normal quantile ``z`` with ``P(Z <= z) = confidence``.

    ::

        z = NormalDist().inv_cdf(confidence)

    Parameters
    ----------
    confidence : float
        In (0.5, 1): 0.99 for a 99% VaR.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``confidence`` is outside (0.5, 1).

    Examples
    --------
    >>> round(normal_quantile(0.99), 4), round(normal_quantile(0.95), 4)
    (2.3263, 1.6449)
    """
    level = as_array("confidence", confidence, CONFIDENCE)
    if level.ndim != 0:
        raise ValueError(f"confidence must be a single number in (0.5, 1); got {confidence!r}")
    return NormalDist().inv_cdf(float(level))


@overload
def parametric_var(
    sigma: float, confidence: float = ..., *, horizon_days: float = ...
) -> float: ...
@overload
def parametric_var(
    sigma: ArrayLike, confidence: float = ..., *, horizon_days: float = ...
) -> Result: ...
def parametric_var(
    sigma: ArrayLike, confidence: float = 0.99, *, horizon_days: float = 1.0
) -> Result:
    """
    Return the parametric (normal) value at risk of a PnL with daily standard deviation ``sigma``.

    The loss that a normal PnL with mean zero exceeds with probability ``1 - confidence``
    over ``horizon_days`` (one tail: only losses count)::

        VaR = z(confidence) * sigma * sqrt(horizon_days)
        z(0.99) = 2.3263...,  z(0.95) = 1.6449...

    Some answer keys round ``z(0.99)`` to 2.326, which moves a 99% VaR of 664.83 USDT by
    about 0.20 USDT. Daily crypto returns have fatter tails than the normal, so this VaR
    understates crash losses (lesson 07).

    Parameters
    ----------
    sigma : float or array-like
        Standard deviation of the daily PnL, USDT (`portfolio_sigma`); finite and >= 0.
    confidence : float, default 0.99
        One-sided confidence level, in (0.5, 1).
    horizon_days : float, default 1.0
        Horizon in days, finite and > 0; sigma scales with its square root.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        A loss in USDT, as a positive number; a float for all-scalar input.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> round(parametric_var(664.83), 2)
    1546.6
    >>> parametric_var([240.83, 700.0], 0.95).round(2)
    array([ 396.13, 1151.4 ])
    """
    spread = as_array("sigma", sigma, NON_NEGATIVE)
    days = as_array("horizon_days", horizon_days, HORIZON)
    if days.ndim != 0:
        raise ValueError(f"horizon_days must be a single number > 0; got {horizon_days!r}")
    z = normal_quantile(confidence)
    return wrap(z * spread * math.sqrt(float(days)), sigma)


def joint_shock_to_liquidation(
    wallet_balance: float, positions: Sequence[Position], *, basis: str = "mark"
) -> float:
    """
    Return the move of every mark together, in percent, that brings a cross account to MM.

    A correlation of one in a crash means every mark moves by the same percentage ``x``.
    The account's equity over its maintenance margin is then linear in ``x`` (each mark
    ``mark_i * (1 + x/100)``, entries fixed), so the root is exact::

        room(x) = WB + sum s_i Q_i (mark_i (1 + x/100) - E_i) - sum MM_i(x)
        x*      = -100 * room(0) / (room(0) - room(-100))   where room(x*) = 0

    ``basis="mark"`` values each MM at the shocked mark (Binance), ``"entry"`` on entry
    value. The same shock is what `course.engine.cross.shock_marks` applies.

    Parameters
    ----------
    wallet_balance : float
        Cross wallet balance, USDT; finite and >= 0.
    positions : sequence of Position
        The account's open positions; non-empty.
    basis : {"mark", "entry"}, default "mark"

    Returns
    -------
    float
        The shock in percent: negative for a fall (a net-long account), positive for a rise
        (net short). 0.0 if the account is already at or below maintenance; ``inf`` when
        no joint move short of -100% (or no finite rise) reaches maintenance, e.g. a long
        and a short of equal notional.

    Raises
    ------
    ValueError
        If ``wallet_balance`` is out of range, ``positions`` is not a non-empty sequence of
        `Position`, or ``basis`` is unknown.

    Examples
    --------
    10,000 USDT of BTC and of ETH, long, on a 4,000 USDT wallet, MMR 0.5%:

    >>> btc = Position("BTCUSDT", "long", qty=1.25, entry=8_000)
    >>> eth = Position("ETHUSDT", "long", qty=50, entry=200)
    >>> round(joint_shock_to_liquidation(4_000, [btc, eth]), 2)
    -19.6

    A long and a short of equal notional: with MM at the mark only a huge rise, which
    grows the MM, reaches it; with MM on entry value no joint move does.

    >>> hedged = [btc, Position("ETHUSDT", "short", qty=50, entry=200)]
    >>> joint_shock_to_liquidation(4_000, hedged), joint_shock_to_liquidation(4_000, hedged, basis="entry")
    (3900.0, inf)
    """
    wallet = float(as_array("wallet_balance", wallet_balance, NON_NEGATIVE))
    if np.ndim(wallet_balance) != 0:
        raise ValueError(f"wallet_balance must be a single number; got {wallet_balance!r}")
    if basis not in ("mark", "entry"):
        raise ValueError(f"basis must be one of 'mark', 'entry'; got {basis!r}")
    if (
        isinstance(positions, Position)
        or len(positions) == 0
        or not all(isinstance(p, Position) for p in positions)
    ):
        raise ValueError(f"positions must be a non-empty sequence of Position; got {positions!r}")

    def room(shock_pct: float) -> float:
        factor = 1.0 + shock_pct / 100.0
        equity = wallet + math.fsum(p.sign * p.qty * (p.mark * factor - p.entry) for p in positions)
        maintenance = math.fsum(
            p.qty * (p.mark * factor if basis == "mark" else p.entry) * p.mmr - p.maint_amount
            for p in positions
        )
        return equity - maintenance

    now = room(0.0)
    if now <= 0.0:
        return 0.0
    slope = now - room(-100.0)  # room falls by this much over a -100% move
    if abs(slope) <= 1e-12 * max(1.0, abs(now)):
        return math.inf
    root = -100.0 * now / slope
    if root <= -100.0:
        return math.inf
    return root


__all__ = [
    "CONFIDENCE",
    "CORRELATION",
    "joint_shock_to_liquidation",
    "normal_quantile",
    "parametric_var",
    "portfolio_sigma",
]
