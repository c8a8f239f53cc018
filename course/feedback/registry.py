"""The question registry: every checked answer, its expected value and its wrong ideas.

A `Question` (`course.feedback.question`) computes its expected answer and each wrong
idea's answer from its own inputs, and names the notebook variable that holds the learner's
answer. Lessons register their questions in `course.feedback.questions`, imported on the first lookup;
`register` refuses a question whose hint or pointer would show the expected value.
"""

from __future__ import annotations

import dataclasses
import difflib
import importlib
import keyword
import math
import re
import sys
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from course.feedback.answers import Unreadable
from course.feedback.misconceptions import MISCONCEPTIONS
from course.feedback.question import _SLIPS, KINDS, POINTER, STEPS, Question, WrongIdea

_ID = re.compile(r"q(?:0|[1-9]\d*)_[1-9]\d*_[a-z][a-z0-9]*(?:_[a-z][a-z0-9]*){0,2}")

_REGISTRY: dict[str, Question] = {}

QUESTIONS: Mapping[str, Question] = MappingProxyType(_REGISTRY)

QUESTION_MODULE = "course.feedback.questions"


def register(*questions: Question, sections: Mapping[str, str] | None = None) -> None:
    """
    Add questions to the registry, all or none.

    Parameters
    ----------
    *questions : Question
        The questions to add; their ids must be new.
    sections : mapping, optional
        Misconception id -> where the lesson teaches the idea that refutes it (``"The idea,
        second formula"``); a hint that names the misconception points there. Declared once
        per lesson; a question's own ``sections`` come first.

    Raises
    ------
    ValueError
        If an id is taken or malformed, the kind or a misconception id is unknown, an answer
        is not one number, a wrong idea gives the expected answer, or a message shows it.
    """
    seen = set(_REGISTRY)
    if any(not isinstance(item, Question) for item in questions):
        kind = next(type(i).__name__ for i in questions if not isinstance(i, Question))
        raise ValueError(f"register takes Question objects; got {kind}")
    if sections:
        questions = tuple(
            dataclasses.replace(item, sections={**sections, **item.sections}) for item in questions
        )
    for item in questions:
        _validate(item)
        if item.id in seen:
            raise ValueError(f"question id must be unique; got {item.id!r} twice")
        seen.add(item.id)
    _REGISTRY.update((item.id, item) for item in questions)


def _validate(item: Question) -> None:
    name = item.id
    if not isinstance(name, str) or not _ID.fullmatch(name):
        raise ValueError(f"question id must look like 'q2_3_liquidation_long'; got {name!r}")
    if (
        not isinstance(item.answer, str)
        or not item.answer.isidentifier()
        or (keyword.iskeyword(item.answer))
    ):
        raise ValueError(f"{name}: answer must be a Python name; got {item.answer!r}")
    if item.kind not in ("value", "function") or item.unit not in KINDS:
        raise ValueError(
            f"{name}: kind must be one of value, {', '.join(KINDS)}; "
            f"got {item.kind!r} (unit {item.unit!r})"
        )
    if (item.kind == "function") != bool(item.cases) or (item.cases and item.inputs):
        raise ValueError(
            f"{name}: a function question needs cases and no inputs; "
            "other kinds need inputs and no cases"
        )
    if not (item.rel_tol >= 0 and item.abs_tol >= 0):
        raise ValueError(f"{name}: rel_tol and abs_tol must be >= 0")
    if (item.family is None) == (item.expected is None):
        raise ValueError(f"{name}: give either a family or an expected answer, not both")
    if not (item.step is not None and item.step >= 0):
        raise ValueError(f"{name}: step must be >= 0; got {item.step!r}")
    unknown = [i.misconception for i in item.mistakes() if i.misconception not in MISCONCEPTIONS]
    unknown += [key for key in item.sections if key not in MISCONCEPTIONS]
    if unknown:
        raise ValueError(f"{name}: misconception must be a catalogue id; got {unknown[0]!r}")
    cases = (*item.cases, *item.hidden_cases) or (item.inputs,)
    try:
        expected = [item.expected_value(case) for case in cases]
        wrong = {i.misconception: [i.value(case) for case in cases] for i in item.ideas}
    except Unreadable as problem:
        raise ValueError(f"{name}: an expected or wrong answer is {problem}") from None
    if any(math.isnan(value) for value in expected):
        raise ValueError(f"{name}: the expected answer is nan")
    for idea, values in wrong.items():
        if all(v is not None and item.close(v, e) for v, e in zip(values, expected, strict=True)):
            raise ValueError(f"{name}: wrong idea {idea!r} gives the expected answer")
    messages = [item.named(i.misconception) for i in item.mistakes()] + [item.pointer]
    messages += [case_text(case) for case in item.cases]  # function messages name the inputs
    scale = _SLIPS.get(item.unit, (None, 1.0))[1]
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
    Return the registered question with this id.

    The first lookup imports `course.feedback.questions`, which registers every lesson's.

    Parameters
    ----------
    question_id : str
        A grade id such as ``"q2_3_liquidation_long"``.

    Returns
    -------
    Question

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


def case_text(case: Mapping[str, Any]) -> str:
    """
    Return a case's inputs as ``name=value`` pairs, for messages about a function.

    Parameters
    ----------
    case : mapping
        One case's inputs.

    Returns
    -------
    str

    Examples
    --------
    >>> case_text({"entry": 50_000, "leverage": 10})
    'entry=50000, leverage=10'
    """
    return ", ".join(f"{key}={value!r}" for key, value in case.items())


__all__ = [
    "KINDS",
    "STEPS",
    "case_text",
    "POINTER",
    "QUESTIONS",
    "Question",
    "WrongIdea",
    "question",
    "register",
]
