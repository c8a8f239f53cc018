"""The question registry: every checked answer, its expected value and its wrong ideas.

A `Question` computes its expected answer and each wrong idea's answer with the engine from
its own inputs, and names the notebook variable that holds the learner's answer. Lessons
register their questions in `course.feedback.questions`, imported on the first lookup;
`register` refuses a question whose hint or pointer would show the expected value.
"""

from __future__ import annotations

import difflib
import importlib
import keyword
import math
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, cast

from course.feedback.answers import Unreadable, as_real
from course.feedback.misconceptions import MISCONCEPTIONS

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
    return as_real(value(**inputs) if callable(value) else value)


@dataclass(frozen=True)
class WrongIdea:
    """
    A misconception and the wrong answer it gives.

    Parameters
    ----------
    misconception : str
        An id of the catalogue in `course.feedback.misconceptions`.
    compute : float or callable
        The wrong answer: a number, or a function of the question's inputs as keywords.
    """

    misconception: str
    compute: Callable[..., Any] | float

    def value(self, inputs: Mapping[str, Any]) -> float:
        """
        Return the wrong answer for these inputs, as a float.

        Parameters
        ----------
        inputs : mapping
            The question's inputs (or one case's), passed to ``compute`` as keywords.

        Returns
        -------
        float
        """
        return _evaluate(self.compute, inputs)


@dataclass(frozen=True, kw_only=True)
class Question:
    """
    One checked answer: its grade id, the engine call for the expected answer, its wrong ideas.

    ``answer`` is the name of the notebook variable (or function) that holds the learner's
    answer: ``check(question_id)`` and ``grade(question_id)`` look it up by that name.
    ``expected`` is a number or a callable taking the inputs as keywords. A value question
    has ``inputs``; a ``kind="function"`` question has ``cases``, and `check` calls the
    learner's function positionally with each case's values. ``wrong_ideas`` holds
    `WrongIdea` objects or ``(misconception_id, compute)`` pairs. A ``percent`` question
    also recognises the fraction, and a ``fraction`` question the percent.

    Parameters
    ----------
    id : str
        The grade id, ``q<lesson>_<exercise>_<slug>``; a gradebook key, never renamed.
    answer : str
        The Python name the learner's answer is stored under in the notebook.
    expected : float or callable
        The expected answer, or an engine call taking the inputs (or a case) as keywords.
    kind : {"number", "price", "amount", "percent", "fraction", "function"}, default "number"
        What the learner should give; it words the type-problem messages.
    inputs : mapping
        The inputs of a value question.
    cases : tuple of mapping
        The visible cases of a function question (the check calls the function on these).
    hidden_cases : tuple of mapping
        More cases, used only by the hidden grade.
    wrong_ideas : tuple of WrongIdea or (str, compute) pairs
        The mistakes the check recognises.
    rel_tol, abs_tol : float, default 1e-4 and 1e-9
        Tolerances of `math.isclose`; >= 0.
    pointer : str
        The message for a wrong answer that matches no known mistake.
    """

    id: str
    answer: str
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

    @property
    def ideas(self) -> tuple[WrongIdea, ...]:
        """Return the wrong ideas as `WrongIdea` objects (pairs are converted on creation)."""
        return cast(tuple[WrongIdea, ...], self.wrong_ideas)

    @property
    def exercise(self) -> str:
        """Return the exercise number the learner sees, e.g. ``"2.3"`` for ``q2_3_...``."""
        lesson, number = self.id[1:].split("_")[:2]
        return f"{lesson}.{number}"

    def expected_value(self, inputs: Mapping[str, Any] | None = None) -> float:
        """
        Return the expected answer for ``inputs``, as a float.

        Parameters
        ----------
        inputs : mapping, optional
            One case's inputs; by default the question's own.

        Returns
        -------
        float
        """
        return _evaluate(self.expected, self.inputs if inputs is None else inputs)

    def mistakes(self) -> tuple[WrongIdea, ...]:
        """
        Return the wrong ideas, plus the percent/fraction slip the kind implies.

        Returns
        -------
        tuple of WrongIdea
        """
        name, factor = _SLIPS.get(self.kind, (None, 1.0))
        if name is None or name in {idea.misconception for idea in self.ideas}:
            return self.ideas
        return (*self.ideas, WrongIdea(name, lambda **k: factor * self.expected_value(k)))

    def close(self, answer: float, target: float) -> bool:
        """
        Return whether ``answer`` is within this question's tolerance of ``target``.

        Parameters
        ----------
        answer, target : float
            The learner's number and the number it should be.

        Returns
        -------
        bool
        """
        return math.isclose(answer, target, rel_tol=self.rel_tol, abs_tol=self.abs_tol)


_REGISTRY: dict[str, Question] = {}

QUESTIONS: Mapping[str, Question] = MappingProxyType(_REGISTRY)

QUESTION_MODULE = "course.feedback.questions"


def register(*questions: Question) -> None:
    """
    Add questions to the registry, all or none.

    Parameters
    ----------
    *questions : Question
        The questions to add; their ids must be new.

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
    if (
        not isinstance(item.answer, str)
        or not item.answer.isidentifier()
        or (keyword.iskeyword(item.answer))
    ):
        raise ValueError(f"{name}: answer must be a Python name; got {item.answer!r}")
    if item.kind not in KINDS:
        raise ValueError(f"{name}: kind must be one of {', '.join(KINDS)}; got {item.kind!r}")
    if (item.kind == "function") != bool(item.cases) or (item.cases and item.inputs):
        raise ValueError(
            f"{name}: a function question needs cases and no inputs; "
            "other kinds need inputs and no cases"
        )
    if not (item.rel_tol >= 0 and item.abs_tol >= 0):
        raise ValueError(f"{name}: rel_tol and abs_tol must be >= 0")
    unknown = [i.misconception for i in item.ideas if i.misconception not in MISCONCEPTIONS]
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
        if all(map(item.close, values, expected)):
            raise ValueError(f"{name}: wrong idea {idea!r} gives the expected answer")
    messages = [MISCONCEPTIONS[i.misconception].hint for i in item.mistakes()] + [item.pointer]
    messages += [case_text(case) for case in item.cases]  # function messages name the inputs
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
    "case_text",
    "POINTER",
    "QUESTIONS",
    "Question",
    "WrongIdea",
    "question",
    "register",
]
