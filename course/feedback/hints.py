"""`check`, the visible check: it names the learner's likely misconception, never the answer.

``check(question_id)`` finds the answer under the name the question registry gives it, in the
notebook's namespace, and then, in this order:

* passes silently when the answer is right;
* says in one plain line that the exercise is not answered yet, when its cell still raises
  ``NotImplementedError`` (in the learner's JupyterLab it prints the line, so *Run All* goes
  on; under nbgrader's autograde or Validate it raises `NotAnswered`, so the check scores 0);
* raises `WrongAnswer` with a type problem ("got a pandas Series of shape (3,)"), the hint of
  the `Misconception` whose value the answer matches, or the pointer back to the worked
  example; never the expected value, which `register` makes sure no message shows.

Both exceptions are ``AssertionError``, as nbgrader expects of a failed test, and show in a
notebook as their message alone, without a traceback. Answers are never trusted: only real
numbers are read (`course.feedback.answers`) and compared with `math.isclose`, never with the
learner's ``==``.
"""

from __future__ import annotations

import math
import os
import sys
from typing import Any

from course.feedback import calls
from course.feedback.answers import NOT_ANSWERED, Unreadable, as_real, find_answer
from course.feedback.calls import Call, call_learner
from course.feedback.misconceptions import MISCONCEPTIONS, Misconception
from course.feedback.records import answer_record, publish
from course.feedback.registry import (
    KINDS,
    POINTER,
    QUESTIONS,
    Question,
    WrongIdea,
    case_text,
    question,
    register,
)

_RED, _BOLD, _RESET = "\x1b[31m", "\x1b[1m", "\x1b[0m"


class CheckFailed(AssertionError):
    """
    A failed check, shown in a notebook as its message alone, with no traceback.

    Parameters
    ----------
    message : str
        What the learner reads.
    exercise : str
        The exercise number, e.g. ``"2.3"``, shown before the message.
    """

    def __init__(self, message: str, exercise: str) -> None:
        super().__init__(message)
        self.exercise = exercise

    def _render_traceback_(self) -> list[str]:
        """Return the lines IPython shows instead of a traceback (IPython's own hook)."""
        return [f"{_BOLD}{_RED}Exercise {self.exercise}:{_RESET} {self}"]


class NotAnswered(CheckFailed):
    """
    The exercise's answer cell still raises ``NotImplementedError``.

    Parameters
    ----------
    message : str
        The one line `not_answered_message` gives.
    exercise : str
        The exercise number.
    """


class WrongAnswer(CheckFailed):
    """
    The answer is not right: the message names the likely mistake, never the answer.

    Parameters
    ----------
    message : str
        A type problem, a misconception's hint or the pointer.
    exercise : str
        The exercise number.
    """


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?")) else text + "."


def grading() -> bool:
    """
    Return whether this kernel runs under a grader rather than in the learner's JupyterLab.

    nbgrader sets ``NBGRADER_EXECUTION`` (to ``autograde`` or ``validate``) while it runs a
    notebook; the course's grading driver also sets ``MM_GRADING=1``.

    Returns
    -------
    bool
    """
    return bool(os.environ.get("NBGRADER_EXECUTION")) or os.environ.get("MM_GRADING") == "1"


def not_answered(item: Question, answer: Any) -> bool:
    """
    Return whether ``answer`` is still the release's stub for ``item``.

    A value exercise is unanswered while its name is undefined (its cell raises
    ``NotImplementedError``); a function exercise while its function raises
    ``NotImplementedError`` on the first visible case.

    Parameters
    ----------
    item : Question
    answer : object
        The learner's value, or `NOT_ANSWERED`.

    Returns
    -------
    bool
    """
    if answer is NOT_ANSWERED:
        return True
    if item.kind != "function" or not callable(answer) or not item.cases:
        return False
    call = call_learner(answer, item.cases[0])
    return call.error.partition(":")[0] == "NotImplementedError"


def not_answered_message(item: Question) -> str:
    """
    Return the one line shown for an unanswered exercise.

    Parameters
    ----------
    item : Question

    Returns
    -------
    str

    Examples
    --------
    >>> print(not_answered_message(question("q2_3_liquidation_long")))
    Exercise 2.3 is not answered yet: replace `raise NotImplementedError()` with your answer.
    """
    where = f" in `{item.answer}`" if item.kind == "function" else ""
    return (
        f"Exercise {item.exercise} is not answered yet: "
        f"replace `raise NotImplementedError()`{where} with your answer."
    )


def hint_for(question_id: str, answer: Any) -> str | None:
    """
    Return the feedback `check` would give, or None when the answer is right.

    Parameters
    ----------
    question_id : str
        A registered grade id, e.g. ``"q2_3_liquidation_long"``.
    answer : object
        The learner's answer: a number, or a function for a ``kind="function"`` question.

    Returns
    -------
    str or None
        A type problem, a misconception's hint or the pointer; None when right.

    Examples
    --------
    >>> hint_for("q2_3_liquidation_long", 45_250.0) is None
    True
    >>> print(hint_for("q2_3_liquidation_long", 45_000.0))
    Not quite. That is where equity reaches zero (the bankruptcy price). Liquidation comes first, while the maintenance margin is still there. (See The idea, the two prices.)
    """
    item = question(question_id)
    if not_answered(item, answer):
        return not_answered_message(item)
    if item.kind == "function":
        return _function_feedback(item, answer)
    try:
        value = as_real(answer)
    except Unreadable as problem:
        return _sentence(f"Expected {KINDS[item.unit]}; got {problem}")
    if item.close(value, item.expected_value()):
        return None
    idea = _nearest(item, [value], [item.inputs])
    if idea is not None:
        return f"Not quite. {item.named(idea.misconception)}"
    if not math.isfinite(value):
        return (
            f"Expected a finite number; got {value}. Look for a division by zero or a "
            "missing value earlier in the calculation."
        )
    return f"Not quite. {item.pointer}"


def _nearest(item: Question, answers: list[float], cases: list) -> WrongIdea | None:
    """The wrong idea whose answers match ``answers`` on every case, the closest first."""
    best: tuple[float, WrongIdea] | None = None
    for idea in item.mistakes():
        wrong = item.wrong_values(idea, cases)
        if wrong is None or not all(map(item.close, answers, wrong)):
            continue
        gap = max(abs(a - w) for a, w in zip(answers, wrong, strict=True))
        if best is None or gap < best[0]:
            best = (gap, idea)
    return None if best is None else best[1]


def _call_problem(where: str, call: Call) -> str | None:
    """The one line about a call that gave no number to compare, or None."""
    if call.timed_out:
        return (
            f"For {where}, your function did not return within {calls.CALL_SECONDS:g} seconds. "
            "Look for a loop that never ends."
        )
    if call.error:
        return _sentence(f"For {where}, your function raised {call.error}")
    if call.returned is None:
        if call.printed:
            return (
                f"For {where}, your function printed its result but returned None. "
                "Use return instead of print."
            )
        return f"For {where}, your function returned None. Did you forget return?"
    return None


def _function_feedback(item: Question, answer: Any) -> str | None:
    """Call the learner's function on each case and compare it with the engine."""
    if not callable(answer):
        return (
            f"Expected a function (define it with def); got a {type(answer).__name__}. "
            "Pass the function itself, without calling it."
        )
    results: list[float] = []
    mutated: set[str] = set()
    for case in item.cases:
        where = case_text(case)
        call = call_learner(answer, case)
        mutated.update(call.mutated)
        trouble = _call_problem(where, call)
        if trouble is not None:
            return trouble
        try:
            results.append(as_real(call.returned))
        except Unreadable as problem:
            return _sentence(f"For {where}, your function returned {problem}")
        if math.isnan(results[-1]):
            return f"For {where}, your function returned nan (not a number)."
    misses = [
        case
        for case, result in zip(item.cases, results, strict=True)
        if not item.close(result, item.expected_value(case))
    ]
    changed = ", ".join(f"`{name}`" for name in sorted(mutated))
    note = f" Your function also changes its input {changed} in place: work on a copy." * bool(
        changed
    )
    if not misses:
        return None
    idea = _nearest(item, results, list(item.cases))
    if idea is not None:
        return f"Not quite. {item.named(idea.misconception)}{note}"
    return (
        f"Not quite: for {case_text(misses[0])}, your function gives another value. "
        f"{item.pointer}{note}"
    )


def mutation_note(item: Question, answer: Any) -> str | None:
    """
    Return a note when a right function changes its inputs in place, else None.

    Parameters
    ----------
    item : Question
        A function question.
    answer : object
        The learner's function.

    Returns
    -------
    str or None
    """
    if item.kind != "function" or not callable(answer):
        return None
    changed = sorted({name for case in item.cases for name in call_learner(answer, case).mutated})
    if not changed:
        return None
    names = ", ".join(f"`{name}`" for name in changed)
    return (
        f"Exercise {item.exercise} is right, but your function changes its input {names} in "
        "place, so a caller's data would change too. Work on a copy."
    )


def check(question_id: str, answer: Any = NOT_ANSWERED) -> None:
    """
    Check the learner's answer: pass silently, or say what is wrong without showing the answer.

    Parameters
    ----------
    question_id : str
        A registered grade id, e.g. ``"q2_3_liquidation_long"``.
    answer : object, optional
        The answer to check. Left out (as in the lessons' check cells), it is the value of
        the question's answer name in the caller's namespace.

    Returns
    -------
    None
        When the answer is right, or, in the learner's JupyterLab, when the exercise is not
        answered yet (the check then prints one line saying so).

    Raises
    ------
    NotAnswered
        Under a grader, when the exercise is not answered yet (so the check scores 0).
    WrongAnswer
        With a type problem, the hint of the matching misconception, or a pointer back to
        the worked example; never with the expected value.
    KeyError
        If ``question_id`` is not registered.

    Examples
    --------
    >>> check("q2_3_liquidation_long", 45_250.0)
    >>> long_liquidation = 45_250.0
    >>> check("q2_3_liquidation_long")
    >>> check("q2_3_liquidation_long", "45,250")
    Traceback (most recent call last):
    course.feedback.hints.WrongAnswer: Expected one price (a number); got a string, '45,250'. ...
    """
    item = question(question_id)
    if answer is NOT_ANSWERED:
        answer = find_answer(item.answer, sys._getframe(1).f_globals)
    message = hint_for(question_id, answer)
    if grading():
        publish(answer_record(question_id, answer, "check"))
    if message is None:
        note = mutation_note(item, answer)
        if note is not None and not grading():
            print(note)
        return
    if not_answered(item, answer):
        if not grading():
            print(message)
            return
        raise NotAnswered(message, item.exercise)
    raise WrongAnswer(message, item.exercise)


__all__ = [
    "KINDS",
    "MISCONCEPTIONS",
    "POINTER",
    "QUESTIONS",
    "CheckFailed",
    "Misconception",
    "NotAnswered",
    "Question",
    "WrongAnswer",
    "WrongIdea",
    "check",
    "grading",
    "hint_for",
    "not_answered",
    "not_answered_message",
    "question",
    "register",
]
