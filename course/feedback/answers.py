"""Read a learner's answer as plain numbers, trusting nothing about the object.

Only real numbers are read, through the base types' own conversions (never the object's
``__float__`` or ``__eq__``); anything else raises `Unreadable` with a few words saying what
the answer is instead ("a pandas Series of shape (3,)"), which `course.feedback.hints` turns
into a type-problem message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd


class _NotAnswered:
    """The type of `NOT_ANSWERED`: no value was found under the answer's name."""

    def __repr__(self) -> str:
        return "NOT_ANSWERED"


NOT_ANSWERED: Any = _NotAnswered()
"""Stands for an answer the notebook does not define (its cell still raises)."""


def find_answer(name: str, namespace: Mapping[str, Any]) -> Any:
    """
    Return the value the notebook holds under ``name``, or `NOT_ANSWERED`.

    Parameters
    ----------
    name : str
        The answer's variable or function name, as the question registry states it.
    namespace : mapping
        The notebook's global names (in a kernel, the caller's ``globals()``).

    Returns
    -------
    object
        The value, or `NOT_ANSWERED` when the name is not defined.

    Examples
    --------
    >>> find_answer("distance_pct", {"distance_pct": 9.5})
    9.5
    >>> find_answer("distance_pct", {})
    NOT_ANSWERED
    """
    return namespace.get(name, NOT_ANSWERED)


class Unreadable(Exception):
    """The answer is not one real number; the message says what it is instead."""


def as_real(answer: Any) -> float:
    """
    Return ``answer`` as a float if it is one real number.

    Only the base types' own conversions are used (``float.__float__``, ``int.__float__``,
    NumPy's ``item``), so an object that lies about itself is never believed.

    Parameters
    ----------
    answer : object
        The learner's answer.

    Returns
    -------
    float

    Raises
    ------
    Unreadable
        If the answer is not one real number; the message says what it is instead.

    Examples
    --------
    >>> as_real(58_825), as_real(np.float32(0.5))
    (58825.0, 0.5)
    """
    kind = type(answer)  # not isinstance: an object can lie about its __class__
    try:
        if issubclass(kind, (bool, np.bool_)) or (
            kind is np.ndarray and answer.ndim == 0 and answer.dtype.kind == "b"
        ):
            raise Unreadable("a bool (True or False), not a number")
        if issubclass(kind, float):
            return float.__float__(answer)  # the stored value, whatever __float__ says
        if issubclass(kind, int):
            return int.__float__(answer)
        if issubclass(kind, np.generic) and np.dtype(kind).kind in "iuf":
            return float(np.float64(np.generic.item(answer)))
        if kind is np.ndarray and answer.ndim == 0 and answer.dtype.kind in "iuf":
            return float(np.ndarray.item(answer))
    except Unreadable:
        raise
    except OverflowError:
        raise Unreadable("an integer too large to compare") from None
    except Exception:
        name = kind.__name__
        raise Unreadable(f"an object of type {name} that could not be read as a number") from None
    raise Unreadable(_describe(answer))


def _describe(answer: Any) -> str:
    """Say what a non-number is, in a few words, without trusting it."""
    kind, one = type(answer), "; the question asks for one number"
    try:
        if answer is NOT_ANSWERED:
            return "not answered yet"
        if answer is None:
            return "None. Did you run the cell, and does the variable hold the result?"
        if answer is Ellipsis:
            return "... (the placeholder). Replace it with your answer"
        if issubclass(kind, (str, bytes)):
            # the base type's own slicing: a subclass's __getitem__ or __repr__ never runs
            head = (str if issubclass(kind, str) else bytes).__getitem__(answer, slice(0, 30))
            shown = repr(str(head) if isinstance(head, str) else bytes(head))
            return f"a string, {shown}. Write the number without quotes or separators"
        if issubclass(kind, (complex, np.complexfloating)):
            return "a complex number"
        if issubclass(kind, (np.ndarray, pd.Series, pd.DataFrame)):
            name = {
                np.ndarray: "NumPy array",
                pd.Series: "pandas Series",
                pd.DataFrame: "pandas DataFrame",
            }.get(kind, kind.__name__)
            if int(np.prod(answer.shape)) == 1 and not issubclass(kind, pd.DataFrame):
                return f"a {name} holding one value. Take the number out with .item()"
            return f"a {name} of shape {tuple(answer.shape)}{one}"
        if issubclass(kind, (list, tuple, set, dict)):
            size = len(answer)
            return f"a {kind.__name__} of {size} value{'s' * (size != 1)}{one}"
        if callable(answer):
            return "a function. Call it to get the number"
    except Exception:
        pass
    return f"an object of type {kind.__name__}, not a number"


__all__ = ["NOT_ANSWERED", "Unreadable", "as_real", "find_answer"]
