"""The whole account: the leverage it really runs, and the gain that undoes a loss.

Unlike `course.engine.balance`, which is about one position, these ratios are about the
account's equity. Both are pure and vectorised like the rest of the engine, and
`course.engine.balance` re-exports them.
"""

from __future__ import annotations

from typing import overload

import numpy as np
from numpy.typing import ArrayLike

from course.engine.validation import (
    FRACTION,
    NON_NEGATIVE,
    POSITIVE,
    Result,
    as_array,
    broadcast,
    wrap,
)


@overload
def effective_leverage(notional: float, equity: float) -> float: ...
@overload
def effective_leverage(notional: ArrayLike, equity: ArrayLike) -> Result: ...
def effective_leverage(notional: ArrayLike, equity: ArrayLike) -> Result:
    """
    Return the leverage the account really runs: position notional over account equity.

    ::

        effective_leverage = notional / equity

    The exchange's leverage *setting* only fixes the initial margin of one position; a
    10x setting on a position worth 40% of the account is 0.4x effective leverage.

    Parameters
    ----------
    notional : float or array-like
        Value of the open positions, USDT; finite and >= 0.
    equity : float or array-like
        Equity of the whole account, USDT; finite and > 0.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        A multiple (0.4 is 0.4x); a float for all-scalar input.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> effective_leverage(4_000, 10_000)
    0.4
    >>> effective_leverage([4_000, 20_000], 10_000)
    array([0.4, 2. ])
    """
    value = as_array("notional", notional, NON_NEGATIVE)
    capital = as_array("equity", equity, POSITIVE)
    broadcast(notional=value, equity=capital)
    return wrap(value / capital, notional, equity)


@overload
def recovery_gain(loss: float) -> float: ...
@overload
def recovery_gain(loss: ArrayLike) -> Result: ...
def recovery_gain(loss: ArrayLike) -> Result:
    """
    Return the gain needed to get back to where you were after losing ``loss``.

    ::

        recovery_gain = loss / (1 - loss)          (both as fractions)

    A 50% loss needs a 100% gain; a total loss (1.0) can never be undone (``inf``).

    Parameters
    ----------
    loss : float or array-like
        The loss as a fraction of the starting equity, in [0, 1].

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        The gain as a fraction of what is left; ``inf`` for a total loss.

    Raises
    ------
    ValueError
        If ``loss`` is outside [0, 1]; the message names it.

    Examples
    --------
    >>> recovery_gain(0.5)
    1.0
    >>> recovery_gain([0.1, 0.2, 0.9]).round(4)
    array([0.1111, 0.25  , 9.    ])
    >>> recovery_gain(1.0)
    inf
    """
    fraction = as_array("loss", loss, FRACTION)
    remaining = np.where(fraction < 1.0, 1.0 - fraction, 1.0)
    result = np.where(fraction < 1.0, fraction / remaining, np.inf)
    return wrap(result, loss)


__all__ = ["effective_leverage", "recovery_gain"]
