"""Input checking shared by every engine function.

Each public engine function turns its inputs into float arrays with `as_array`, which checks
every element against the parameter's valid range and names the parameter in the error, then
broadcasts them with `broadcast` and wraps the result with `wrap`. Nothing here knows about
margin; it only knows about numbers, ranges and the shape of what came in.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import numpy as np
import pandas as pd
from numpy.typing import NDArray

Side = Literal["long", "short"]
Basis = Literal["mark", "entry"]
Contract = Literal["linear", "inverse"]
Sides: TypeAlias = Side | Sequence[Side] | NDArray[np.str_] | pd.Series  # one per element
FloatArray: TypeAlias = NDArray[np.float64]
# What engine functions return: a float for all-scalar input, else an array or a Series.
# A `Price` is such a result in USDT (linear) or USD (inverse) per coin.
Result: TypeAlias = float | FloatArray | pd.Series
Price: TypeAlias = Result

SIDES: tuple[Side, ...] = ("long", "short")
BASES: tuple[Basis, ...] = ("mark", "entry")
CONTRACTS: tuple[Contract, ...] = ("linear", "inverse")


@dataclass(frozen=True)
class Range:
    """
    A valid range for one kind of input, with the words used in error messages.

    Parameters
    ----------
    low, high : float
        The bounds; ``-inf`` and ``inf`` for none.
    low_inclusive, high_inclusive : bool
        Whether each bound itself is inside the range.
    words : str
        The range as the message says it, e.g. ``"in [0, 1)"``.

    Examples
    --------
    >>> RATE.holds(np.array([0.0, 0.5, 1.0, np.nan]))
    array([ True,  True, False, False])
    """

    low: float
    high: float
    low_inclusive: bool
    high_inclusive: bool
    words: str

    def holds(self, values: np.ndarray) -> np.ndarray:
        """Return a boolean mask of the elements inside the range (NaN is never inside)."""
        above = values >= self.low if self.low_inclusive else values > self.low
        below = values <= self.high if self.high_inclusive else values < self.high
        return above & below


PRICE = Range(0.0, math.inf, False, False, "a finite price > 0")
SIZE = Range(0.0, math.inf, False, False, "a finite size > 0")
NON_NEGATIVE = Range(0.0, math.inf, True, False, "finite and >= 0")
POSITIVE = Range(0.0, math.inf, False, False, "finite and > 0")
RATE = Range(0.0, 1.0, True, False, "in [0, 1)")
LEVERAGE = Range(1.0, math.inf, True, False, "finite and >= 1")
FRACTION = Range(0.0, 1.0, True, True, "in [0, 1]")
FINITE = Range(-math.inf, math.inf, False, False, "finite")


def _describe(value: Any) -> str:
    """Format a bad value the way the message shows it."""
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    return repr(value)


def as_array(name: str, value: Any, valid: Range) -> FloatArray:
    """
    Convert ``value`` to a float array and check every element against ``valid``.

    Parameters
    ----------
    name : str
        The parameter's name, as the error message shows it.
    value : float or array-like
        What came in: a number, a sequence, an array or a Series.
    valid : Range
        The range every element must lie in, e.g. `PRICE` or `RATE`.

    Returns
    -------
    numpy.ndarray
        ``value`` as float64, with its shape (0-d for a number).

    Raises
    ------
    ValueError
        "*name* must be *range*; got *value*", with "at position i" for arrays; also for
        strings, None and anything NumPy cannot convert.

    Examples
    --------
    >>> as_array("qty", [1, 2], SIZE)
    array([1., 2.])
    >>> as_array("qty", [1, float("nan")], SIZE)
    Traceback (most recent call last):
    ...
    ValueError: qty must be a finite size > 0; got nan at position 1
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise ValueError(f"{name} must be {valid.words}; got {value!r}")
    try:
        values = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be {valid.words}; got {value!r} ({error})") from None
    # min/max reductions are cheap on large arrays; NaN propagates through both.
    if values.size:
        low, high = values.min(), values.max()
        fine = not (math.isnan(low) or math.isnan(high))
        fine = fine and bool(valid.holds(np.array([low, high])).all())
        if not fine:
            bad = np.flatnonzero(~valid.holds(values.ravel()))[0]
            where = "" if values.ndim == 0 else f" at position {_position(values.shape, bad)}"
            raise ValueError(
                f"{name} must be {valid.words}; got {_describe(values.ravel()[bad])}{where}"
            )
    return values


def _position(shape: tuple[int, ...], flat_index: int) -> str:
    """Give a flat index as the reader would write it: 3 for 1-D, (1, 2) for 2-D."""
    if len(shape) == 1:
        return str(flat_index)
    return str(tuple(int(i) for i in np.unravel_index(flat_index, shape)))


def as_choice(name: str, value: Any, choices: tuple[str, ...]) -> NDArray[np.str_]:
    """
    Check a string choice (or an array of them) and return it as a string array.

    Parameters
    ----------
    name : str
        The parameter's name, as the error message shows it.
    value : str or array-like of str
        One choice, or one per element.
    choices : tuple of str
        The valid choices, e.g. `SIDES`.

    Returns
    -------
    numpy.ndarray
        A string array of ``value``'s shape (0-d for one string).

    Raises
    ------
    ValueError
        "*name* must be one of 'a', 'b'; got 'c'", with "at position i" for arrays.

    Examples
    --------
    >>> as_choice("side", ["long", "short"], SIDES)
    array(['long', 'short'], dtype='<U5')
    >>> as_choice("basis", "last", BASES)
    Traceback (most recent call last):
    ...
    ValueError: basis must be one of 'mark', 'entry'; got 'last'
    """
    allowed = ", ".join(repr(choice) for choice in choices)
    if isinstance(value, str):
        if value not in choices:
            raise ValueError(f"{name} must be one of {allowed}; got {value!r}")
        return np.asarray(value)
    try:
        values = np.asarray(value, dtype=object)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be one of {allowed}; got {value!r}") from None
    flat = values.ravel()
    for index, element in enumerate(flat):
        if not isinstance(element, str) or element not in choices:
            where = "" if values.ndim == 0 else f" at position {_position(values.shape, index)}"
            raise ValueError(f"{name} must be one of {allowed}; got {element!r}{where}")
    return values.astype(str)


def side_sign(side: Any) -> FloatArray | float:
    """
    Return +1.0 for "long" and -1.0 for "short", elementwise.

    Parameters
    ----------
    side : {"long", "short"} or array-like of them
        Checked by `as_choice`.

    Returns
    -------
    float or numpy.ndarray
        A float for one side, else an array of +1.0 and -1.0.

    Raises
    ------
    ValueError
        If an element is not "long" or "short".

    Examples
    --------
    >>> side_sign("short")
    -1.0
    >>> side_sign(["long", "short"])
    array([ 1., -1.])
    """
    sides = as_choice("side", side, SIDES)
    if sides.ndim == 0:
        return 1.0 if str(sides) == "long" else -1.0
    return np.where(sides == "long", 1.0, -1.0)


def broadcast(**arrays: Any) -> tuple[int, ...]:
    """
    Check that named arrays broadcast together and return their common shape.

    The arrays themselves are left as they are, so that scalars stay cheap in arithmetic.

    Parameters
    ----------
    **arrays : float or array-like
        The checked inputs, by the names the message should show.

    Returns
    -------
    tuple of int
        The broadcast shape; ``()`` when every input is a number.

    Raises
    ------
    ValueError
        "entry, qty cannot be broadcast together: shapes (3,), (2,)".

    Examples
    --------
    >>> broadcast(entry=np.ones(3), qty=2.0)
    (3,)
    """
    shapes = [np.shape(a) for a in arrays.values()]
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        names = ", ".join(arrays)
        shown = ", ".join(str(shape) for shape in shapes)
        raise ValueError(f"{names} cannot be broadcast together: shapes {shown}") from None


def is_zero(value: Any) -> bool:
    """
    Tell whether ``value`` is a scalar zero, which arithmetic may skip.

    Parameters
    ----------
    value : float or array-like
        A checked input.

    Returns
    -------
    bool
        True only for a 0-d zero; an array of zeros gives False.

    Examples
    --------
    >>> is_zero(0.0), is_zero(np.zeros(2))
    (True, False)
    """
    return np.ndim(value) == 0 and float(value) == 0.0


def wrap(result: Any, *inputs: Any) -> Result:
    """
    Shape a result like its inputs: a float for all-scalar input, a Series if one came in.

    A pandas Series input lends its index (and name) to the output, so results line up
    with the learner's DataFrame; otherwise arrays come back as arrays.

    Parameters
    ----------
    result : float or array-like
        The computed values, already broadcast.
    *inputs : object
        The function's inputs as the caller passed them.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        A Python float (never ``np.float64``) when every input is a scalar.

    Raises
    ------
    ValueError
        If a Series came in whose length does not match a 1-D result.

    Examples
    --------
    >>> wrap(np.array(2.0), 1.0)
    2.0
    >>> wrap([1.0, 2.0], [1, 2])
    array([1., 2.])
    >>> wrap([1.0, 2.0], pd.Series([3, 4], index=["a", "b"])).to_dict()
    {'a': 1.0, 'b': 2.0}
    """
    result = np.asarray(result, dtype=float)
    series = next((value for value in inputs if isinstance(value, pd.Series)), None)
    if series is not None:
        if result.ndim != 1 or len(result) != len(series):
            raise ValueError(
                f"a Series input of length {len(series)} does not match the result's "
                f"shape {result.shape}"
            )
        return pd.Series(result, index=series.index, name=series.name)
    if all(np.ndim(value) == 0 for value in inputs):
        return float(result)
    return result


def require(condition: Any, message: str | Callable[[], str]) -> None:
    """
    Raise ``ValueError`` unless every element of ``condition`` holds.

    Parameters
    ----------
    condition : bool or array-like of bool
        The check, element by element.
    message : str or callable
        The error message, or a function building it, so that an expensive message is only
        built on failure.

    Raises
    ------
    ValueError
        With ``message`` if any element is False.

    Examples
    --------
    >>> require(np.array([True, False]), "mmr + fee_rate must be < 1; got 1.2")
    Traceback (most recent call last):
    ...
    ValueError: mmr + fee_rate must be < 1; got 1.2
    """
    if not bool(np.all(condition)):
        raise ValueError(message() if callable(message) else message)


def as_count(name: str, value: Any, minimum: int) -> int:
    """
    Check a whole number such as ``steps``, ``paths``, ``seed`` or ``every``.

    Parameters
    ----------
    name : str
        The parameter's name, as the error message shows it.
    value : int
        What came in; any integer type (``operator.index``), never a float or a bool.
    minimum : int
        The smallest valid value.

    Returns
    -------
    int
        ``value`` as a Python int.

    Raises
    ------
    ValueError
        "*name* must be an integer >= *minimum*; got *value*" (floats and bools included).

    Examples
    --------
    >>> as_count("steps", 365, 1)
    365
    >>> as_count("paths", 2.0, 1)
    Traceback (most recent call last):
    ...
    ValueError: paths must be an integer >= 1; got 2.0
    """
    try:
        if isinstance(value, bool):
            raise TypeError
        count = operator.index(value)
    except TypeError:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}") from None
    if count < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {count!r}")
    return count
