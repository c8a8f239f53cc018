"""The profit or loss of one open position, linear or inverse, at a mark price.

Pure and vectorised like the rest of the engine; `course.engine.balance` builds ROE and the
margin ratio on it and re-exports it.
"""

from __future__ import annotations

from typing import overload

from numpy.typing import ArrayLike

from course.engine.validation import (
    CONTRACTS,
    PRICE,
    SIZE,
    Contract,
    Result,
    Side,
    Sides,
    as_array,
    as_choice,
    broadcast,
    side_sign,
    wrap,
)


@overload
def unrealized_pnl(
    side: Side, entry: float, qty: float, mark: float, *, contract: Contract = ...
) -> float: ...
@overload
def unrealized_pnl(
    side: Sides, entry: ArrayLike, qty: ArrayLike, mark: ArrayLike, *, contract: Contract = ...
) -> Result: ...
def unrealized_pnl(
    side: Sides, entry: ArrayLike, qty: ArrayLike, mark: ArrayLike, *, contract: Contract = "linear"
) -> Result:
    """
    Return the profit or loss of an open position if it were closed at ``mark``.

    With ``s = +1`` for a long and ``-1`` for a short::

        linear:   uPnL = s * qty * (mark - entry)            (USDT)
        inverse:  uPnL = s * qty * (1/entry - 1/mark)        (coin)

    Parameters
    ----------
    side : {"long", "short"} or array-like of them
    entry : float or array-like
        Average entry price, USDT per coin; finite and > 0.
    qty : float or array-like
        Coins (linear) or USD face value (inverse); finite and > 0.
    mark : float or array-like
        Mark price, USDT per coin; finite and > 0.
    contract : {"linear", "inverse"}, default "linear"

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        USDT (linear) or coin (inverse), negative for a loss; a float for all-scalar input.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> unrealized_pnl("long", entry=65_000, qty=0.1, mark=66_000)
    100.0
    >>> unrealized_pnl("short", entry=65_000, qty=0.1, mark=66_000)
    -100.0
    """
    sign = side_sign(side)
    start = as_array("entry", entry, PRICE)
    size = as_array("qty", qty, SIZE)
    now = as_array("mark", mark, PRICE)
    broadcast(side=sign, entry=start, qty=size, mark=now)
    if str(as_choice("contract", contract, CONTRACTS)) == "inverse":
        result = sign * size * (1.0 / start - 1.0 / now)
    else:
        result = sign * size * (now - start)
    return wrap(result, side, entry, qty, mark)


__all__ = ["unrealized_pnl"]
