"""Misconceptions as executable wrong models, declared once per kind of question.

A `Family` is one kind of question: the engine computation that answers it, with every
parameter a keyword (``side``, ``basis``, ``mmr``, ``contract`` ...), and the `WrongModel`
objects that apply to any question of that kind. A wrong model computes the answer a learner
who holds one misconception would give, by changing one thing:

* ``change``: call the same computation with some parameters changed (``mmr=0`` for the
  bankruptcy price, ``side`` flipped, the other MM ``basis``); a model whose change leaves
  the question's parameters as they are does not apply to it, so ``contract="linear"``
  names the inverse-as-linear slip only in questions about an inverse contract;
* ``compute``: another computation of the same parameters (the first bracket's MMR);
* ``result``: a change to the right answer itself (off by one, a hundred times too big).

`course.feedback.registry.Question` takes a family and its inputs; `Question.mistakes` then
lists every applicable model, and `course.feedback.hints.check` tries them all.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from course.feedback.answers import Unreadable, as_real

Params = Mapping[str, Any]


def call_with(function: Callable[..., Any], params: Params) -> Any:
    """
    Call ``function`` with the parameters it takes, as keywords; a statement may give more.

    A question's statement may hold numbers its answer does not use (the wallet beside an
    isolated position): they are passed only to a function that takes them, or ``**kwargs``.

    Parameters
    ----------
    function : callable
        The computation.
    params : mapping
        Every parameter of the question.

    Returns
    -------
    object
        What ``function`` returns.

    Examples
    --------
    >>> call_with(lambda entry, qty: entry * qty, {"entry": 2.0, "qty": 3.0, "wallet": 9.0})
    6.0
    """
    signature = inspect.signature(function)
    kinds = {p.kind for p in signature.parameters.values()}
    if inspect.Parameter.VAR_KEYWORD in kinds:
        return function(**params)
    return function(**{k: v for k, v in params.items() if k in signature.parameters})


def flip_side(params: Params) -> str:
    """
    Return the other side of ``params["side"]``: the wrong-side slip.

    Parameters
    ----------
    params : mapping
        A question's parameters, with ``side`` ``"long"`` or ``"short"``.

    Returns
    -------
    str

    Examples
    --------
    >>> flip_side({"side": "long"})
    'short'
    """
    return "short" if params["side"] == "long" else "long"


def other_basis(params: Params) -> str:
    """
    Return the other maintenance-margin basis of ``params["basis"]``.

    Parameters
    ----------
    params : mapping
        A question's parameters, with ``basis`` ``"entry"`` or ``"mark"``.

    Returns
    -------
    str

    Examples
    --------
    >>> other_basis({"basis": "entry"})
    'mark'
    """
    return "mark" if params["basis"] == "entry" else "entry"


@dataclass(frozen=True)
class WrongModel:
    """
    One misconception, as the computation a learner who holds it would make.

    Parameters
    ----------
    misconception : str
        An id of the catalogue in `course.feedback.misconceptions`.
    change : mapping, optional
        Parameters to change before the family's computation runs: a value, or a function
        of all the parameters returning the new value. The model does not apply when the
        change leaves every parameter as it was.
    compute : callable, optional
        Another computation of the parameters (as keywords), used instead of the family's.
    result : callable, optional
        ``result(right_answer, params)``: a change to the right answer itself.
    name : str, optional
        What the model does, for test reports; by default the misconception id.
    when : callable, optional
        ``when(params)``: whether the model applies at all (by default, always).
    """

    misconception: str
    change: Mapping[str, Any] = field(default_factory=dict)
    compute: Callable[..., Any] | None = None
    result: Callable[[float, Params], Any] | None = None
    name: str = ""
    when: Callable[[Params], bool] | None = None

    @property
    def label(self) -> str:
        """Return the model's name, or its misconception id when it has none."""
        return self.name or self.misconception

    def value(self, family: Family, params: Params) -> float | None:
        """
        Return the wrong answer for ``params``, or None when the model does not apply.

        Parameters
        ----------
        family : Family
            The kind of question whose computation the model changes.
        params : mapping
            The question's parameters (inputs, or one case, with the question's settings).

        Returns
        -------
        float or None
            None when the model does not apply to these parameters, or the engine refuses
            them (a wrong model may ask for a price no position can have).
        """
        params = family.complete(params)
        if self.when is not None and not self.when(params):
            return None
        changed = dict(params)
        for key, new in self.change.items():
            changed[key] = new(params) if callable(new) else new
        if self.change and changed == dict(params):
            return None
        try:
            if self.result is not None:
                return as_real(self.result(family.value(params), params))
            return as_real(call_with(self.compute or family.compute, changed))
        except (ValueError, ZeroDivisionError, KeyError, Unreadable, OverflowError):
            return None


@dataclass(frozen=True)
class Family:
    """
    A kind of question: the engine computation that answers it and its wrong models.

    Parameters
    ----------
    name : str
        What the questions of this kind ask, e.g. ``"isolated liquidation price"``.
    compute : callable
        The engine computation, taking every parameter as a keyword.
    defaults : mapping, optional
        Parameters a question may leave out (``side="long"``, ``basis="entry"`` ...).
    models : tuple of WrongModel
        The wrong models that apply to questions of this kind.
    """

    name: str
    compute: Callable[..., Any]
    defaults: Mapping[str, Any] = field(default_factory=dict)
    models: tuple[WrongModel, ...] = ()

    def complete(self, params: Params) -> dict[str, Any]:
        """
        Return ``params`` with the family's defaults filled in.

        Parameters
        ----------
        params : mapping
            A question's parameters.

        Returns
        -------
        dict
        """
        return {**self.defaults, **params}

    def value(self, params: Params) -> float:
        """
        Return the right answer for ``params``, as a float.

        Parameters
        ----------
        params : mapping
            A question's parameters.

        Returns
        -------
        float
        """
        return as_real(call_with(self.compute, self.complete(params)))


def scaled(misconception: str, factor: float, name: str = "") -> WrongModel:
    """
    Return a model whose answer is the right one times ``factor`` (units, percent slips).

    Parameters
    ----------
    misconception : str
        The catalogue id it names.
    factor : float
        The factor, e.g. ``0.01`` for a fraction given where a percent is asked.
    name : str, optional
        The model's name for test reports.

    Returns
    -------
    WrongModel

    Examples
    --------
    >>> scaled("fraction_for_percent", 0.01).result(9.5, {})
    0.095
    """
    return WrongModel(misconception, result=lambda right, _: factor * right, name=name)


def shifted(misconception: str, step: float, name: str = "") -> WrongModel:
    """
    Return a model whose answer is the right one plus ``step`` (an off-by-one count).

    Parameters
    ----------
    misconception : str
        The catalogue id it names.
    step : float
        What is added, e.g. ``-1`` or ``+1``.
    name : str, optional
        The model's name for test reports.

    Returns
    -------
    WrongModel

    Examples
    --------
    >>> shifted("off_by_one", 1).result(16.0, {})
    17.0
    """
    return WrongModel(misconception, result=lambda right, _: right + step, name=name)


def constant(misconception: str, value: float, name: str = "") -> WrongModel:
    """
    Return a model whose answer is a fixed number (``0``: "the stop fills at the stop").

    Parameters
    ----------
    misconception : str
        The catalogue id it names.
    value : float
        The wrong answer.
    name : str, optional
        The model's name for test reports.

    Returns
    -------
    WrongModel

    Examples
    --------
    >>> constant("insurance_fund_protects_me", 0.0).result(20.0, {})
    0.0
    """
    return WrongModel(misconception, result=lambda *_: value, name=name)


def distinct(values: Mapping[str, float], close: Callable[[float, float], bool]) -> list[str]:
    """
    Return the pairs of models whose answers ``close`` cannot tell apart, as ``"a = b"``.

    Parameters
    ----------
    values : mapping
        Model label -> its answer (None entries are skipped).
    close : callable
        ``close(a, b)``: whether two answers are within tolerance.

    Returns
    -------
    list of str

    Examples
    --------
    >>> distinct({"a": 1.0, "b": 1.0, "c": 2.0}, lambda x, y: abs(x - y) < 0.5)
    ['a = b']
    """
    shown = [(label, value) for label, value in values.items() if value is not None]
    return [
        f"{a} = {b}"
        for index, (a, first) in enumerate(shown)
        for b, second in shown[index + 1 :]
        if close(first, second)
    ]


__all__ = [
    "Family",
    "Params",
    "WrongModel",
    "call_with",
    "constant",
    "distinct",
    "flip_side",
    "other_basis",
    "scaled",
    "shifted",
]
