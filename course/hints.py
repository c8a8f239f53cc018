"""Question registry and `check`, which names the learner's likely misconception.

A `Question` computes its expected answer and each wrong idea's answer with the engine from
its own inputs. `check` passes silently, or raises ``AssertionError`` with, in this order, a
type problem ("got a pandas Series of shape (3,)"), the hint of the `Misconception` whose
value the answer matches, or the pointer back to the worked example; never the expected
value, which `register` makes sure no message shows. Lessons register their questions in
`course.questions`, imported on the first lookup. Answers are never trusted: only real
numbers are read, through the base types' own conversions, and compared with `math.isclose`,
never with the learner's ``==``.
"""

from __future__ import annotations

import difflib
import importlib
import math
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from course.misconceptions import MISCONCEPTIONS, Misconception  # noqa: F401

KINDS = {  # kind -> what the learner should give, as type-problem messages word it
    "number": "one number",
    "price": "one price (a number)",
    "function": "a function",
    "amount": "one amount of money (a number)",
    "percent": "one number, in percent",
    "fraction": "one number as a fraction, not in percent",
}
_SLIPS = {"percent": ("fraction_for_percent", 0.01), "fraction": ("percent_for_fraction", 100.0)}
_ID = re.compile(r"q(?:0|[1-9]\d*)_[1-9]\d*_[a-z][a-z0-9]*(?:_[a-z][a-z0-9]*){0,2}")
POINTER = (
    "That is not the expected answer, nor a slip this check knows. Go back to the worked "
    "example and redo it step by step with this question's inputs."
)


def _evaluate(value: Any, inputs: Mapping[str, Any]) -> float:
    return _as_real(value(**inputs) if callable(value) else value)


@dataclass(frozen=True)
class WrongIdea:
    """A misconception id and the wrong answer it gives: a number or f(**inputs)."""

    misconception: str
    compute: Callable[..., Any] | float

    def value(self, inputs: Mapping[str, Any]) -> float:
        """Return the wrong answer for these inputs, as a float."""
        return _evaluate(self.compute, inputs)


@dataclass(frozen=True, kw_only=True)
class Question:
    """
    One checked answer: its grade id, the engine call for the expected answer, its wrong ideas.

    ``expected`` is a number or a callable taking the inputs as keywords. A value question
    has ``inputs``; a ``kind="function"`` question has ``cases``, and `check` calls the
    learner's function positionally with each case's values. ``wrong_ideas`` holds
    `WrongIdea` objects or ``(misconception_id, compute)`` pairs. A ``percent`` question
    also recognises the fraction, and a ``fraction`` question the percent.
    """

    id: str
    expected: Callable[..., Any] | float
    kind: str = "number"
    inputs: Mapping[str, Any] = field(default_factory=dict)
    cases: tuple[Mapping[str, Any], ...] = ()
    hidden_cases: tuple[Mapping[str, Any], ...] = ()
    wrong_ideas: tuple[WrongIdea | tuple[str, Any], ...] = ()
    rel_tol: float = 1e-4
    abs_tol: float = 1e-9
    pointer: str = POINTER

    def __post_init__(self) -> None:
        ideas = tuple(i if isinstance(i, WrongIdea) else WrongIdea(*i) for i in self.wrong_ideas)
        object.__setattr__(self, "wrong_ideas", ideas)
        object.__setattr__(self, "cases", tuple(self.cases))
        object.__setattr__(self, "hidden_cases", tuple(self.hidden_cases))

    def expected_value(self, inputs: Mapping[str, Any] | None = None) -> float:
        """Return the expected answer for ``inputs`` (default: the question's own), as a float."""
        return _evaluate(self.expected, self.inputs if inputs is None else inputs)

    def mistakes(self) -> tuple[WrongIdea, ...]:
        """Return the wrong ideas, plus the percent/fraction slip the kind implies."""
        name, factor = _SLIPS.get(self.kind, (None, 1.0))
        if name is None or name in {idea.misconception for idea in self.wrong_ideas}:
            return self.wrong_ideas
        return (*self.wrong_ideas, WrongIdea(name, lambda **k: factor * self.expected_value(k)))

    def close(self, answer: float, target: float) -> bool:
        """Return whether ``answer`` is within this question's tolerance of ``target``."""
        return math.isclose(answer, target, rel_tol=self.rel_tol, abs_tol=self.abs_tol)


_REGISTRY: dict[str, Question] = {}
QUESTIONS: Mapping[str, Question] = MappingProxyType(_REGISTRY)
QUESTION_MODULE = "course.questions"


def register(*questions: Question) -> None:
    """
    Add questions to the registry, all or none.

    Raises
    ------
    ValueError
        If an id is taken or malformed, the kind or a misconception id is unknown, an answer
        is not one number, a wrong idea gives the expected answer, or a message shows it.
    """
    seen = set(_REGISTRY)
    for item in questions:
        if not isinstance(item, Question):
            raise ValueError(f"register takes Question objects; got {type(item).__name__}")
        _validate(item)
        if item.id in seen:
            raise ValueError(f"question id must be unique; got {item.id!r} twice")
        seen.add(item.id)
    _REGISTRY.update((item.id, item) for item in questions)


def _validate(item: Question) -> None:
    name = item.id
    if not isinstance(name, str) or not _ID.fullmatch(name):
        raise ValueError(f"question id must look like 'q2_3_liquidation_long'; got {name!r}")
    if item.kind not in KINDS:
        raise ValueError(f"{name}: kind must be one of {', '.join(KINDS)}; got {item.kind!r}")
    if (item.kind == "function") != bool(item.cases) or (item.cases and item.inputs):
        raise ValueError(
            f"{name}: a function question needs cases and no inputs; "
            "other kinds need inputs and no cases"
        )
    if not (item.rel_tol >= 0 and item.abs_tol >= 0):
        raise ValueError(f"{name}: rel_tol and abs_tol must be >= 0")
    unknown = [i.misconception for i in item.wrong_ideas if i.misconception not in MISCONCEPTIONS]
    if unknown:
        raise ValueError(f"{name}: misconception must be a catalogue id; got {unknown[0]!r}")
    cases = (*item.cases, *item.hidden_cases) or (item.inputs,)
    try:
        expected = [item.expected_value(case) for case in cases]
        wrong = {i.misconception: [i.value(case) for case in cases] for i in item.wrong_ideas}
    except _Unreadable as problem:
        raise ValueError(f"{name}: an expected or wrong answer is {problem}") from None
    if any(math.isnan(value) for value in expected):
        raise ValueError(f"{name}: the expected answer is nan")
    for idea, values in wrong.items():
        if all(map(item.close, values, expected)):
            raise ValueError(f"{name}: wrong idea {idea!r} gives the expected answer")
    messages = [MISCONCEPTIONS[i.misconception].hint for i in item.mistakes()] + [item.pointer]
    messages += [_where(case) for case in item.cases]  # function messages name the inputs
    scale = _SLIPS.get(item.kind, (None, 1.0))[1]
    for form in {f for value in expected for f in _renderings(value) | _renderings(value * scale)}:
        if any(re.search(rf"(?<![\d.,]){re.escape(form)}(?!\d)", text) for text in messages):
            raise ValueError(f"{name}: a hint or the pointer shows the expected answer ({form})")


def _renderings(value: float) -> set[str]:
    """Return the ways a notebook or a person would write ``value``: 58825, 58,825.00 ..."""
    if not math.isfinite(value) or value == 0:
        return set()
    forms = {repr(value), f"{value:g}"}
    for text in (f"{value:{comma}.{places}f}" for places in range(5) for comma in ("", ",")):
        if math.isclose(float(text.replace(",", "")), value, rel_tol=1e-4):
            forms.add(text)
    return forms


def question(question_id: str) -> Question:
    """
    Return the registered question with this id, importing `course.questions` the first time.

    Raises
    ------
    KeyError
        If no question has this id; the message suggests close ids.
    """
    if QUESTION_MODULE not in sys.modules:
        before = dict(_REGISTRY)
        try:
            importlib.import_module(QUESTION_MODULE)
        except BaseException:  # leave no half-registered module behind, then re-raise
            _REGISTRY.clear()
            _REGISTRY.update(before)
            raise
    if isinstance(question_id, str) and question_id in _REGISTRY:
        return _REGISTRY[question_id]
    near = difflib.get_close_matches(str(question_id), list(_REGISTRY), n=3)
    suggestion = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
    raise KeyError(f"no question {question_id!r}{suggestion}")


class _Unreadable(Exception):
    """The answer is not one real number; the message says what it is instead."""


def _as_real(answer: Any) -> float:
    """Return ``answer`` as a float if it is one real number; else raise `_Unreadable`."""
    kind = type(answer)  # not isinstance: an object can lie about its __class__
    try:
        if issubclass(kind, (bool, np.bool_)) or (
            kind is np.ndarray and answer.ndim == 0 and answer.dtype.kind == "b"
        ):
            raise _Unreadable("a bool (True or False), not a number")
        if issubclass(kind, float):
            return float.__float__(answer)  # the stored value, whatever __float__ says
        if issubclass(kind, int):
            return int.__float__(answer)
        if issubclass(kind, np.generic) and np.dtype(kind).kind in "iuf":
            return float(np.float64(np.generic.item(answer)))
        if kind is np.ndarray and answer.ndim == 0 and answer.dtype.kind in "iuf":
            return float(np.ndarray.item(answer))
    except _Unreadable:
        raise
    except OverflowError:
        raise _Unreadable("an integer too large to compare") from None
    except Exception:
        name = kind.__name__
        raise _Unreadable(f"an object of type {name} that could not be read as a number") from None
    raise _Unreadable(_describe(answer))


def _describe(answer: Any) -> str:
    """Say what a non-number is, in a few words, without trusting it."""
    kind, one = type(answer), "; the question asks for one number"
    try:
        if answer is None:
            return "None. Did you run the cell, and does the variable hold the result?"
        if answer is Ellipsis:
            return "... (the placeholder). Replace it with your answer"
        if issubclass(kind, (str, bytes)):
            base = str if issubclass(kind, str) else bytes
            shown = repr(base(base.__getitem__(answer, slice(0, 30))))
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


def _where(case: Mapping[str, Any]) -> str:
    return ", ".join(f"{key}={value!r}" for key, value in case.items())


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?")) else text + "."


def hint_for(question_id: str, answer: Any) -> str | None:
    """
    Return the feedback `check` would give, or None when the answer is right.

    Examples
    --------
    >>> hint_for("q2_3_liquidation_long", 45_250.0) is None
    True
    >>> print(hint_for("q2_3_liquidation_long", 45_000.0))
    Not quite. That is where equity reaches zero (the bankruptcy price). Liquidation comes
    first, while the maintenance margin is still there.
    """
    item = question(question_id)
    if item.kind == "function":
        return _function_feedback(item, answer)
    try:
        value = _as_real(answer)
    except _Unreadable as problem:
        return _sentence(f"Expected {KINDS[item.kind]}; got {problem}")
    if item.close(value, item.expected_value()):
        return None
    for idea in item.mistakes():
        if item.close(value, idea.value(item.inputs)):
            return f"Not quite. {MISCONCEPTIONS[idea.misconception].hint}"
    if not math.isfinite(value):
        return (
            f"Expected a finite number; got {value}. Look for a division by zero or a "
            "missing value earlier in the calculation."
        )
    return f"Not quite. {item.pointer}"


def _function_feedback(item: Question, answer: Any) -> str | None:
    """Call the learner's function on each case and compare it with the engine."""
    if not callable(answer):
        return (
            f"Expected a function (define it with def); got a {type(answer).__name__}. "
            "Pass the function itself, without calling it."
        )
    results = []
    for case in item.cases:
        where = _where(case)
        try:
            returned = answer(*case.values())
        except Exception as error:  # the learner's code: report it, never let it escape
            try:
                text = str(error)[:200]
                reason = f": {text}" if text.strip() else ""
            except Exception:
                reason = ""
            return _sentence(f"For {where}, your function raised {type(error).__name__}{reason}")
        if returned is None:
            return f"For {where}, your function returned None. Did you forget return?"
        try:
            results.append(_as_real(returned))
        except _Unreadable as problem:
            return _sentence(f"For {where}, your function returned {problem}")
        if math.isnan(results[-1]):
            return f"For {where}, your function returned nan (not a number)."
    misses = [
        case
        for case, result in zip(item.cases, results, strict=True)
        if not item.close(result, item.expected_value(case))
    ]
    if not misses:
        return None
    for idea in item.mistakes():
        wrong = [idea.value(case) for case in item.cases]
        if all(map(item.close, results, wrong)):
            return f"Not quite. {MISCONCEPTIONS[idea.misconception].hint}"
    return f"Not quite: for {_where(misses[0])}, your function gives another value. {item.pointer}"


def check(question_id: str, answer: Any) -> None:
    """
    Pass silently when ``answer`` is right; otherwise raise AssertionError naming the mistake.

    Raises
    ------
    AssertionError
        With a type problem, the hint of the matching misconception, or a pointer back to
        the worked example; never with the expected value.
    KeyError
        If ``question_id`` is not registered.

    Examples
    --------
    >>> check("q2_3_liquidation_long", 45_250.0)
    >>> check("q2_3_liquidation_long", "45,250")
    Traceback (most recent call last):
    AssertionError: Expected one price (a number); got a string, '45,250'. Write the number ...
    """
    message = hint_for(question_id, answer)
    from course.grading import answer_record, publish  # the grader's record (grading only)

    if os.environ.get("MM_GRADING") == "1":
        publish(answer_record(question_id, answer, "check"))
    if message is not None:
        raise AssertionError(message)


__all__ = [
    "KINDS",
    "MISCONCEPTIONS",
    "POINTER",
    "QUESTIONS",
    "Misconception",
    "Question",
    "WrongIdea",
    "check",
    "hint_for",
    "question",
    "register",
]
