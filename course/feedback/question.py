"""A checked question: its expected answer, its wrong ideas and the tolerance it accepts.

A `Question` computes its expected answer and each wrong idea's answer from its own inputs:
with its `course.feedback.models.Family` (the engine computation and the wrong models every
question of that kind is checked for), or with an ``expected`` callable and hand-listed
`WrongIdea` objects. `course.feedback.registry` keeps the registered questions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from course.feedback.answers import as_real
from course.feedback.misconceptions import MISCONCEPTIONS
from course.feedback.models import Family, WrongModel

KINDS = {  # kind -> what the learner should give, as type-problem messages word it
    "number": "one number",
    "price": "one price (a number)",
    "function": "a function",
    "amount": "one amount of money (a number)",
    "percent": "one number, in percent",
    "fraction": "one number as a fraction, not in percent",
}

_SLIPS = {"percent": ("fraction_for_percent", 0.01), "fraction": ("percent_for_fraction", 100.0)}

# The rounding an answer of each kind may carry and still be right: what the lessons print
# and the reference answer keys round to (percent to 2 decimals, prices and amounts to the
# whole USDT). A question may state another step; a function is computed, not rounded.
STEPS = {
    "number": 0.01,
    "price": 1.0,
    "amount": 1.0,
    "percent": 0.01,
    "fraction": 0.0001,
    "function": 0.0,
}

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
        The wrong answer: a number, or a function of the question's inputs as keywords
        (returning None where the idea does not apply).
    label : str, optional
        What the idea does, for test reports (a family's model name); by default the id.
    """

    misconception: str
    compute: Callable[..., Any] | float
    label: str = ""

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.misconception)

    def value(self, inputs: Mapping[str, Any]) -> float | None:
        """
        Return the wrong answer for these inputs, as a float.

        Parameters
        ----------
        inputs : mapping
            The question's inputs (or one case's), passed to ``compute`` as keywords.

        Returns
        -------
        float or None
            None when the idea does not apply to these inputs.
        """
        if callable(self.compute):
            wrong = self.compute(**inputs)
            return None if wrong is None else as_real(wrong)
        return as_real(self.compute)


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
        The expected answer, or a callable taking the inputs (or a case) as keywords; leave
        it out when ``family`` answers the question.
    kind : {"value", "function"}, default "value"
        A value or a function to write. For short, a unit may stand here instead
        (``kind="price"`` is ``kind="value", unit="price"``).
    inputs : mapping
        The inputs of a value question.
    cases : tuple of mapping
        The visible cases of a function question (the check calls the function on these).
    hidden_cases : tuple of mapping
        More cases, used only by the hidden grade.
    wrong_ideas : tuple of WrongIdea or (str, compute) pairs
        Mistakes particular to this question, besides its family's wrong models.
    rel_tol, abs_tol : float, default 1e-4 and 1e-9
        Tolerances of `math.isclose`; >= 0.
    family : Family, optional
        The kind of question: the engine computation that answers it (then ``expected``
        may be left out) and the wrong models every question of the kind is checked for.
    settings : mapping
        Parameters of the computation that the statement fixes but that are not the
        learner's function arguments (``basis="entry"`` ...); merged into every case.
    step : float, optional
        The rounding an answer may carry and still be right (half of it either way); by
        default the kind's, from `STEPS`.
    pointer : str
        The message for a wrong answer that matches no known mistake.
    unit : {"number", "price", "amount", "percent", "fraction", "function"}, optional
        What the learner should give; it words the type-problem messages and sets the
        rounding accepted. By default "number" (or "function" for a function).
    sections : mapping, optional
        Misconception id -> where the lesson teaches the idea that refutes it; usually given
        once per lesson to `course.feedback.registry.register`.
    """

    id: str
    answer: str
    expected: Callable[..., Any] | float | None = None
    kind: str = "value"
    inputs: Mapping[str, Any] = field(default_factory=dict)
    cases: tuple[Mapping[str, Any], ...] = ()
    hidden_cases: tuple[Mapping[str, Any], ...] = ()
    wrong_ideas: tuple[WrongIdea | tuple[str, Any], ...] = ()
    rel_tol: float = 1e-4
    abs_tol: float = 1e-9
    family: Family | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    step: float | None = None
    pointer: str = POINTER
    unit: str = ""
    sections: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind in KINDS and self.kind != "function":  # kind="price": the unit, a value
            object.__setattr__(self, "unit", self.kind)
            object.__setattr__(self, "kind", "value")
        elif self.kind == "function":
            object.__setattr__(self, "unit", "function")
        elif not self.unit:
            object.__setattr__(self, "unit", "number")
        ideas = tuple(i if isinstance(i, WrongIdea) else WrongIdea(*i) for i in self.wrong_ideas)
        object.__setattr__(self, "wrong_ideas", ideas)
        object.__setattr__(self, "cases", tuple(self.cases))
        object.__setattr__(self, "hidden_cases", tuple(self.hidden_cases))
        if self.step is None:
            object.__setattr__(self, "step", STEPS.get(self.unit, 0.0))

    @property
    def ideas(self) -> tuple[WrongIdea, ...]:
        """Return the wrong ideas as `WrongIdea` objects (pairs are converted on creation)."""
        return cast(tuple[WrongIdea, ...], self.wrong_ideas)

    @property
    def exercise(self) -> str:
        """Return the exercise number the learner sees, e.g. ``"2.3"`` for ``q2_3_...``."""
        lesson, number = self.id[1:].split("_")[:2]
        return f"{lesson}.{number}"

    def params(self, inputs: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """
        Return every parameter of the computation: the settings, then the inputs or a case.

        Parameters
        ----------
        inputs : mapping, optional
            One case's inputs; by default the question's own.

        Returns
        -------
        dict
        """
        given = self.inputs if inputs is None else inputs
        params = {**self.settings, **given}
        return self.family.complete(params) if self.family is not None else params

    def expected_value(self, inputs: Mapping[str, Any] | None = None, /, **case: Any) -> float:
        """
        Return the expected answer for ``inputs`` (or a case given as keywords), as a float.

        Parameters
        ----------
        inputs : mapping, optional
            One case's inputs; by default the question's own.
        **case
            One case's inputs as keywords, instead of ``inputs``.

        Returns
        -------
        float

        Examples
        --------
        >>> from course.feedback.families import ISOLATED_LIQUIDATION
        >>> case = {"entry": 50_000.0, "leverage": 10.0, "mmr": 0.005}
        >>> item = Question(id="q9_1_demo", answer="x", family=ISOLATED_LIQUIDATION, inputs=case)
        >>> item.expected_value(), item.expected_value(case), item.expected_value(**case)
        (45250.0, 45250.0, 45250.0)
        """
        if inputs is None and case:
            inputs = case
        if self.family is not None:
            return self.family.value(self.params(inputs))
        if self.expected is None:
            raise ValueError(f"{self.id}: a question needs a family or an expected answer")
        return _evaluate(self.expected, self.inputs if inputs is None else inputs)

    def model_ideas(self) -> tuple[WrongIdea, ...]:
        """
        Return the family's wrong models, each as a `WrongIdea` of this question's inputs.

        Returns
        -------
        tuple of WrongIdea
        """
        if self.family is None:
            return ()
        family = self.family
        return tuple(
            WrongIdea(model.misconception, self._model(family, model), model.label)
            for model in family.models
        )

    def _model(self, family: Family, model: WrongModel) -> Callable[..., float | None]:
        return lambda **case: model.value(family, self.params(case))

    def wrong_values(
        self, idea: WrongIdea, cases: Sequence[Mapping[str, Any]]
    ) -> list[float] | None:
        """
        Return ``idea``'s answers on ``cases``, or None when it applies to none of them.

        A function question's cases differ: where the idea changes nothing (no other
        positions to drop), a learner who holds it still gets that case right.

        Parameters
        ----------
        idea : WrongIdea
            One of `mistakes`.
        cases : sequence of mapping
            The inputs of each case (for a value question, its one set of inputs).

        Returns
        -------
        list of float or None
        """
        values = [idea.value(case) for case in cases]
        if all(value is None for value in values):
            return None
        if any(value is None for value in values) and self.kind != "function":
            return None
        return [
            self.expected_value(case) if value is None else value
            for case, value in zip(cases, values, strict=True)
        ]

    def mistakes(self) -> tuple[WrongIdea, ...]:
        """
        Return every wrong idea that applies: the family's models, the question's own, the slip.

        The percent/fraction slip is the one the kind implies. A model that changes nothing
        in this question (``contract="linear"`` for a linear one) is left out.

        Returns
        -------
        tuple of WrongIdea
        """
        ideas = (*self.model_ideas(), *self.ideas)
        name, factor = _SLIPS.get(self.unit, (None, 1.0))
        if name is not None and name not in {idea.misconception for idea in ideas}:
            slip = WrongIdea(name, lambda **k: factor * self.expected_value(k), name)
            ideas = (*ideas, slip)
        cases = [*self.cases, *self.hidden_cases] or [self.inputs]
        return tuple(idea for idea in ideas if self.wrong_values(idea, cases) is not None)

    def named(self, misconception: str) -> str:
        """
        Return the message naming ``misconception``: its hint, and where the lesson teaches it.

        Parameters
        ----------
        misconception : str
            A catalogue id.

        Returns
        -------
        str
        """
        hint = MISCONCEPTIONS[misconception].hint
        where = self.sections.get(misconception)
        return f"{hint} (See {where}.)" if where else hint

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
        if math.isclose(answer, target, rel_tol=self.rel_tol, abs_tol=self.abs_tol):
            return True
        return abs(answer - target) <= (self.step or 0.0) / 2 * (1 + 1e-9)


__all__ = ["KINDS", "POINTER", "STEPS", "Question", "WrongIdea"]
