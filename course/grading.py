"""The grader-side check behind every hidden test: ``grade(question_id, answer)``.

Hidden test cells make exactly one call, ``grade("q2_3_liquidation_long", liquidation_long)``,
so the whole course is graded through this one function and the question registry in
`course.questions`. It reads the learner's answer as a real float (never trusting the
object's own ``__eq__`` or ``__float__``), recomputes the expected value with the engine,
and for "write a function" questions also calls the function on hidden inputs. Failure
messages never show the expected value.
"""

from __future__ import annotations

import math
from typing import Any

from course.hints import _as_real, _Unreadable, question


def _read(answer: Any, where: str) -> float:
    try:
        value = _as_real(answer)
    except _Unreadable as problem:
        raise AssertionError(f"{where}: expected one real number; got {problem}") from None
    if math.isnan(value):
        raise AssertionError(f"{where}: the answer is nan")
    return value


def grade(question_id: str, answer: Any) -> None:
    """
    Pass silently when ``answer`` matches the engine; raise AssertionError otherwise.

    Examples
    --------
    >>> grade("q2_3_liquidation_long", 45_250.0)
    >>> grade("q2_3_liquidation_long", 45_000.0)
    Traceback (most recent call last):
    AssertionError: q2_3_liquidation_long: the answer does not match
    """
    item = question(question_id)
    if item.kind != "function":
        value = _read(answer, question_id)
        if not item.close(value, item.expected_value()):
            raise AssertionError(f"{question_id}: the answer does not match")
        return
    if not callable(answer):
        raise AssertionError(f"{question_id}: expected a function; got {type(answer).__name__}")
    for number, case in enumerate((*item.cases, *item.hidden_cases), start=1):
        try:
            returned = answer(*case.values())
        except Exception as error:  # the learner's code
            raise AssertionError(
                f"{question_id}: case {number} raised {type(error).__name__}"
            ) from None
        if not item.close(
            _read(returned, f"{question_id} case {number}"), item.expected_value(case)
        ):
            raise AssertionError(f"{question_id}: case {number} does not match")
