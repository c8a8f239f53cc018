"""Answer records: a learner's answer as plain numbers, judged outside the learner's kernel.

The learner's kernel is not trusted to judge itself. Each check reads the answer as plain
numbers (real floats through the base types' own conversions, never the object's ``__eq__``
or ``__float__``; a function's return value on every case) into an **answer record**. In the
grading kernel (environment ``MM_GRADING=1``) the record is also published as a display
output of type `RECORD_MIMETYPE`; the grading driver then recomputes `verdict` from it in its
own process, where learner code never ran. A notebook that blanks its test cells, rigs
``__eq__``, shadows ``abs`` or patches these modules gains nothing: the only way to pass is a
record holding the right numbers.
"""

from __future__ import annotations

import math
import os
import re
from typing import Any

from course.feedback.answers import Unreadable, as_real
from course.feedback.calls import call_learner
from course.feedback.registry import Question, question

RECORD_MIMETYPE = "application/vnd.margin-mechanics.answer+json"
MODES = ("check", "grade")  # the visible check (visible cases), the hidden grade (all cases)
_FLOAT = re.compile(r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|inf|nan)")
_MAX_VALUES = 64


def _number(value: Any) -> str | None:
    """``repr`` of the real number ``value`` is, or None when it is not one real number."""
    try:
        return repr(as_real(value))
    except Unreadable:
        return None


def _cases(item: Question, mode: str) -> tuple:
    return item.cases if mode == "check" else (*item.cases, *item.hidden_cases)


def answer_record(question_id: str, answer: Any, mode: str = "grade") -> dict:
    """
    Return the learner's answer as plain numbers: one value, or a function's value per case.

    Parameters
    ----------
    question_id : str
        A registered grade id.
    answer : object
        The learner's answer (a number, a function, or `NOT_ANSWERED`).
    mode : {"check", "grade"}, default "grade"
        Which cases a function is called on: the visible ones, or all of them.

    Returns
    -------
    dict
        ``question``, ``mode`` and ``values``: ``repr`` strings of floats (JSON has no
        inf), or None for "not a number" or "the function raised".

    Raises
    ------
    ValueError
        If ``mode`` is not one of `MODES`.

    Examples
    --------
    >>> answer_record("q2_3_liquidation_long", 45_250)
    {'question': 'q2_3_liquidation_long', 'mode': 'grade', 'values': ['45250.0']}
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}; got {mode!r}")
    item = question(question_id)
    record: dict[str, Any] = {"question": question_id, "mode": mode, "values": []}
    if item.kind != "function":
        record["values"] = [_number(answer)]
    elif callable(answer):
        for case in _cases(item, mode):
            call = call_learner(answer, case)  # a case that raises or loops has no value
            record["values"].append(None if call.failed else _number(call.returned))
    return record


def _read_values(record: Any, question_id: str, mode: str) -> list[float] | str:
    """The record's numbers, or a sentence saying why the record cannot be read."""
    if not isinstance(record, dict) or record.get("question") != question_id:
        return "no answer record for this question"
    if record.get("mode") != mode:
        return "the answer record is for another check"
    values = record.get("values")
    if not isinstance(values, list) or not values or len(values) > _MAX_VALUES:
        return "expected one real number, or a function"
    numbers = []
    for index, value in enumerate(values, start=1):
        if not isinstance(value, str) or len(value) > 40 or not _FLOAT.fullmatch(value):
            where = "the answer" if len(values) == 1 else f"case {index}"
            return f"{where} is not one real number"
        numbers.append(float(value))
    return numbers


def problem(question_id: str, record: Any, mode: str = "grade") -> str | None:
    """
    Return why ``record`` fails the question, or None when it passes.

    Pure: no learner code runs, so the grading driver calls it in its own process.

    Parameters
    ----------
    question_id : str
        A registered grade id.
    record : object
        An answer record as `answer_record` makes it (read from JSON, so untrusted).
    mode : {"check", "grade"}, default "grade"

    Returns
    -------
    str or None
        A few words ("the answer does not match", "case 2 is nan"), never the value.

    Examples
    --------
    >>> problem("q2_3_liquidation_long", answer_record("q2_3_liquidation_long", 45_000))
    'the answer does not match'
    """
    item = question(question_id)
    numbers = _read_values(record, question_id, mode)
    if isinstance(numbers, str):
        return numbers
    if item.kind != "function":
        expected = [item.expected_value()]
    else:
        expected = [item.expected_value(case) for case in _cases(item, mode)]
    if len(numbers) != len(expected):
        return "expected a function" if item.kind == "function" else "expected one number"
    for index, (value, target) in enumerate(zip(numbers, expected, strict=True), start=1):
        if math.isnan(value):
            return "the answer is nan" if len(numbers) == 1 else f"case {index} is nan"
        if not item.close(value, target):
            return (
                "the answer does not match" if len(numbers) == 1 else f"case {index} does not match"
            )
    return None


def verdict(question_id: str, record: Any, mode: str = "grade") -> bool:
    """
    Return whether ``record`` answers the question: the grading driver's recomputation.

    Parameters
    ----------
    question_id : str
        A registered grade id.
    record : object
        An answer record (untrusted).
    mode : {"check", "grade"}, default "grade"

    Returns
    -------
    bool

    Examples
    --------
    >>> verdict("q2_3_liquidation_long", answer_record("q2_3_liquidation_long", 45_250))
    True
    """
    return problem(question_id, record, mode) is None


def publish(record: dict) -> None:
    """
    Publish ``record`` as a display output of type `RECORD_MIMETYPE`, in the grading kernel only.

    Parameters
    ----------
    record : dict
        An answer record from `answer_record`.
    """
    if os.environ.get("MM_GRADING") != "1":
        return
    from IPython.display import display

    display({RECORD_MIMETYPE: record}, raw=True)


__all__ = ["MODES", "RECORD_MIMETYPE", "answer_record", "problem", "publish", "verdict"]
