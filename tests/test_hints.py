"""check() and hint_for(): right answers pass, each wrong idea gets its own hint, nothing leaks.

Runs over every registered question, so lesson questions added to `course.feedback.questions` later
are held to the same claims as the demonstration questions.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import course.feedback.questions  # noqa: F401  (fills the registry)
from course.feedback import registry
from course.hints import (
    MISCONCEPTIONS,
    POINTER,
    QUESTIONS,
    Question,
    WrongIdea,
    check,
    hint_for,
    question,
    register,
)
from course.margin import roe

VALUE_IDS = sorted(q.id for q in QUESTIONS.values() if q.kind != "function")
FUNCTION_IDS = sorted(q.id for q in QUESTIONS.values() if q.kind == "function")
MISTAKES = [(q.id, idea.label) for q in QUESTIONS.values() for idea in q.mistakes()]
HINTS = [m.hint for m in MISCONCEPTIONS.values()]


def _as_function(item: Question, compute):
    """A learner's function that computes ``compute`` from the positional case values."""
    keys = list(item.cases[0])
    return lambda *args: compute(dict(zip(keys, args, strict=True)))


def _answer_for(item: Question, compute):
    """What a learner would hand in: the value, or a function for a function question."""
    return _as_function(item, compute) if item.kind == "function" else compute(item.inputs)


def _right(item: Question):
    return _answer_for(item, item.expected_value)


def _idea(item: Question, label: str) -> WrongIdea:
    return next(i for i in item.mistakes() if i.label == label)


def _wrong(item: Question, label: str):
    """The answer of a learner who holds the idea (a case it does not touch comes out right)."""
    idea = _idea(item, label)

    def compute(case):
        value = idea.value(case)
        return item.expected_value(case) if value is None else value

    return _answer_for(item, compute)


def _off_target(item: Question, inputs):
    """A number near no known answer: the expected value scaled by 1.37 (or 1.61), plus 0.5."""
    for scale in (1.37, 1.61, 2.23):
        answer = scale * item.expected_value(inputs) + 0.5
        wrong = (w for i in item.mistakes() for w in item.wrong_values(i, [inputs]) or ())
        if not any(w is not None and item.close(answer, w) for w in wrong):
            return answer
    raise AssertionError(f"{item.id}: every off-target answer is a wrong model's")


def _renderings(value: float) -> set[str]:
    """How the expected value might be printed: 45250, 45,250, 45250.0, 45,250.00, ..."""
    forms = {repr(value), f"{value:g}", f"{value:.2f}", f"{value:,.2f}", f"{value:,.1f}"}
    if value == round(value):
        forms |= {f"{value:.0f}", f"{value:,.0f}", f"{value:.1f}"}
    return forms


def _expected_values(item: Question) -> list[float]:
    return [item.expected_value(case) for case in (item.cases or (item.inputs,))]


class AlwaysEqual:
    """Claims to equal everything and to be the right number; records any comparison."""

    compared = 0

    def __eq__(self, other):
        type(self).compared += 1
        return True

    __hash__ = object.__hash__

    def __float__(self):
        return 45_250.0


class RaisingFloat:
    def __float__(self):
        raise RuntimeError("no float here")


class SneakyFloat(float):
    """A float whose own value is wrong, but whose __eq__ and __float__ lie."""

    def __eq__(self, other):
        return True

    __hash__ = float.__hash__

    def __float__(self):
        raise RuntimeError("no float here")


class Impostor:
    """An object that claims to be a float through ``__class__``."""

    @property
    def __class__(self):
        return float


HOSTILE = {
    "always_equal": AlwaysEqual(),
    "raising_float": RaisingFloat(),
    "sneaky_float": SneakyFloat(-1.0),
    "impostor": Impostor(),
    "string": "abc",
    "none": None,
    "nan": float("nan"),
    "inf": float("inf"),
    "bool": True,
    "numpy_bool": np.True_,
    "list": [1.0, 2.0],
    "tuple": (1.0,),
    "array": np.array([1.0, 2.0]),
    "series": pd.Series([1.0, 2.0, 3.0]),
    "dataframe": pd.DataFrame({"price": [1.0]}),
    "complex": 1 + 2j,
    "ellipsis": ...,
    "function": len,
    "masked": np.ma.masked_array(1.0, mask=True),
}


def test_every_misconception_has_a_hint_without_digits():
    assert len(MISCONCEPTIONS) >= 20
    for key, item in MISCONCEPTIONS.items():
        assert key == item.id and re.fullmatch(r"[a-z]+(_[a-z]+)*", key)
        assert item.wrong_idea.strip() and item.hint.strip()
        assert not re.search(r"\d", item.hint), f"{key}: a digit could spell out an answer"


def test_hints_are_distinct():
    assert len(set(HINTS)) == len(HINTS)


def test_the_demonstration_covers_each_branch_of_check():
    units = {q.unit for q in QUESTIONS.values()}
    assert {"number", "price", "percent", "function"} <= units
    assert {q.kind for q in QUESTIONS.values()} == {"value", "function"}


def test_demonstration_answers_match_the_answer_keys():
    liquidation = question("q2_3_liquidation_long")
    assert liquidation.expected_value() == pytest.approx(45_250.0)
    wrong = {i.misconception: i.value(liquidation.inputs) for i in liquidation.mistakes()}
    assert wrong == pytest.approx(
        {
            "bankruptcy_for_liquidation": 45_000.0,
            "wrong_mm_basis": 45_226.13,
            "wrong_side": 54_750.0,
        },
        abs=0.01,
    )
    assert question("q1_1_effective_leverage").expected_value() == pytest.approx(1.6)
    assert question("q0_2_distance").expected_value() == pytest.approx(9.5)


@pytest.mark.parametrize("question_id", sorted(QUESTIONS))
def test_the_right_answer_passes(question_id):
    item = question(question_id)
    assert hint_for(question_id, _right(item)) is None
    assert check(question_id, _right(item)) is None


@pytest.mark.parametrize(
    "convert",
    [float, np.float64, np.float32, np.array, lambda x: np.array([x]).reshape(())],
    ids=["float", "float64", "float32", "0-d array", "reshaped 0-d array"],
)
@pytest.mark.parametrize("question_id", VALUE_IDS)
def test_the_right_answer_passes_as_any_real_number_type(question_id, convert):
    check(question_id, convert(question(question_id).expected_value()))


@pytest.mark.parametrize(
    "convert", [int, np.int64, lambda x: np.array(int(x))], ids=["int", "int64", "0-d int array"]
)
def test_a_whole_number_passes_as_an_integer(convert):
    check("q2_3_liquidation_long", convert(45_250))


# Mistakes a question's inputs cannot tell apart (strict xfails; see test_wrong_models).
_CLASH: set[tuple[str, str]] = set()
_MISTAKE_PARAMS = [
    pytest.param(
        q, m, id=f"{q}-{m}", marks=[pytest.mark.xfail(strict=True)] if (q, m) in _CLASH else []
    )
    for q, m in MISTAKES
]


@pytest.mark.parametrize(("question_id", "label"), _MISTAKE_PARAMS)
def test_each_wrong_idea_gets_exactly_its_hint(question_id, label):
    item = question(question_id)
    answer = _wrong(item, label)
    message = hint_for(question_id, answer)
    assert message is not None, f"{label}: the wrong answer is accepted"
    assert MISCONCEPTIONS[_idea(item, label).misconception].hint in message
    assert sum(hint in message for hint in HINTS) == 1
    with pytest.raises(AssertionError) as raised:
        check(question_id, answer)
    assert str(raised.value) == message


@pytest.mark.parametrize("question_id", VALUE_IDS)
def test_a_number_no_wrong_idea_explains_gets_the_pointer(question_id):
    item = question(question_id)
    answer = _off_target(item, item.inputs)
    assert not any(
        item.close(answer, w) for i in item.mistakes() for w in item.wrong_values(i, [item.inputs])
    )
    message = hint_for(question_id, answer)
    assert message.endswith(item.pointer)
    assert not any(hint in message for hint in HINTS)


@pytest.mark.parametrize("question_id", FUNCTION_IDS)
def test_a_function_no_wrong_idea_explains_gets_the_pointer_and_the_inputs(question_id):
    item = question(question_id)
    message = hint_for(question_id, _as_function(item, lambda case: _off_target(item, case)))
    assert message.endswith(item.pointer)
    assert f"for {', '.join(f'{k}={v!r}' for k, v in item.cases[0].items())}," in message


@pytest.mark.parametrize("question_id", sorted(QUESTIONS))
def test_no_message_shows_the_expected_value(question_id):
    item = question(question_id)
    answers = [_wrong(item, i.label) for i in item.mistakes()]
    answers += list(HOSTILE.values())
    if item.kind == "function":
        answers.append(_as_function(item, lambda case: _off_target(item, case)))
        answers += [lambda *args: None, lambda *args: 1 / 0, lambda *args: "abc"]
    else:
        answers.append(_off_target(item, item.inputs))
    messages = [m for m in (hint_for(question_id, answer) for answer in answers) if m is not None]
    for value in _expected_values(item):
        # a one-digit answer (the capstone's reason codes) cannot be told from the digits of
        # the inputs a message quotes; longer ones must not appear as a number of their own
        for form in (f for f in _renderings(value) if len(f) > 1):
            shown = re.compile(rf"(?<![\d.,]){re.escape(form)}(?!\d|[.,]\d)")
            for message in messages:
                assert not shown.search(message), f"{form!r} shown in {message!r}"


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("question_id", sorted(QUESTIONS))
def test_a_hostile_or_ill_typed_answer_fails_with_a_readable_message(question_id, name):
    AlwaysEqual.compared = 0
    with pytest.raises(AssertionError) as raised:
        check(question_id, HOSTILE[name])
    message = str(raised.value)
    assert message == hint_for(question_id, HOSTILE[name])
    assert 20 < len(message) < 400 and "\n" not in message
    assert "got" in message or message.startswith(("Not quite", "For "))
    assert AlwaysEqual.compared == 0, "check compared the learner's object with =="


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (None, "Did you run the cell"),
        ("45,250", "without quotes"),
        (True, "a bool"),
        (float("nan"), "got nan"),
        (float("inf"), "got inf"),
        (pd.Series([1.0, 2.0, 3.0]), "pandas Series of shape (3,)"),
        (pd.Series([45_250.0]), ".item()"),
        (np.array([45_250.0]), ".item()"),
        ([45_250.0], "a list of 1 value;"),
        (..., "placeholder"),
        (AlwaysEqual(), "an object of type AlwaysEqual, not a number"),
        (10**400, "too large"),
    ],
    ids=[
        "none",
        "string",
        "bool",
        "nan",
        "inf",
        "series",
        "series-of-one",
        "array-of-one",
        "list",
        "ellipsis",
        "always-equal",
        "huge-int",
    ],
)
def test_type_problems_say_what_came_in(answer, words):
    message = hint_for("q2_3_liquidation_long", answer)
    assert message.startswith("Expected")
    assert words in message


def test_a_function_question_refuses_a_number():
    message = hint_for("q2_7_liquidation_function", 45_250.0)
    assert "Expected a function" in message and "without calling it" in message


@pytest.mark.parametrize(
    ("function", "words"),
    [
        (lambda entry, leverage, mmr: None, "Did you forget return?"),
        (lambda entry, leverage, mmr: 1 / 0, "raised ZeroDivisionError: division by zero"),
        (lambda entry: entry, "raised TypeError"),
        (lambda entry, leverage, mmr: [entry], "returned a list of 1 value"),
        (lambda entry, leverage, mmr: AlwaysEqual(), "returned an object of type AlwaysEqual"),
        (lambda entry, leverage, mmr: float("nan"), "returned nan"),
    ],
    ids=["none", "raises", "wrong-signature", "list", "always-equal", "nan"],
)
def test_a_broken_function_is_reported_with_the_inputs_that_broke_it(function, words):
    message = hint_for("q2_7_liquidation_function", function)
    assert message.startswith("For entry=")
    assert words in message


def test_a_function_right_on_some_inputs_only_names_the_first_failing_inputs():
    item = question("q2_7_liquidation_function")
    first = item.cases[0]

    def partly_right(entry, leverage, mmr):
        right = item.expected_value({"entry": entry, "leverage": leverage, "mmr": mmr})
        return right if entry == first["entry"] else -1.0

    message = hint_for(item.id, partly_right)
    assert f"for entry={item.cases[1]['entry']!r}," in message


def test_a_vectorised_engine_based_function_passes():
    from course.margin import isolated_liquidation_price

    def liquidation_long(entry, leverage, mmr):
        return isolated_liquidation_price("long", entry, leverage, mmr, basis="entry")

    check("q2_7_liquidation_function", liquidation_long)
    check("q2_7_liquidation_function", lambda e, lev, m: np.float64(e * (1 - 1 / lev + m)))


def test_an_unknown_question_id_is_a_key_error_that_suggests_the_near_one():
    with pytest.raises(KeyError, match="q2_3_liquidation_long"):
        check("q2_3_liquidation_lng", 45_250.0)
    with pytest.raises(KeyError):
        question(["not", "an", "id"])


def test_questions_is_read_only():
    with pytest.raises(TypeError):
        QUESTIONS["q9_9_anything"] = question("q2_3_liquidation_long")  # type: ignore[index]


def _liquidation(**overrides) -> Question:
    fields = dict(
        id="q9_1_new_question",
        answer="new_question",
        kind="price",
        inputs={"entry": 50_000.0, "leverage": 10.0},
        expected=lambda entry, leverage: entry * (1 - 1 / leverage + 0.005),
        wrong_ideas=(
            ("bankruptcy_for_liquidation", lambda entry, leverage: entry * (1 - 1 / leverage)),
        ),
    )
    return Question(**{**fields, **overrides})


@pytest.mark.parametrize(
    ("questions", "words"),
    [
        ((_liquidation(id="q2_3_liquidation_long"),), "unique"),
        ((_liquidation(), _liquidation()), "unique"),
        ((_liquidation(id="Q2.3 liquidation"),), "look like"),
        ((_liquidation(id="q02_3_liquidation"),), "look like"),
        ((_liquidation(kind="colour"),), "kind must be one of"),
        ((_liquidation(kind="function"),), "needs cases"),
        ((_liquidation(wrong_ideas=(("no_such_idea", 1.0),)),), "catalogue id"),
        ((_liquidation(wrong_ideas=(("wrong_side", 45_250.0),)),), "gives the expected answer"),
        ((_liquidation(expected="45,250"),), "is a string"),
        ((_liquidation(expected=float("nan")),), "nan"),
        ((_liquidation(pointer="Hint: it is 45,250.00 USDT."),), "shows the expected answer"),
        ((_liquidation(pointer="Hint: it is 45250 USDT."),), "shows the expected answer"),
        ((_liquidation(rel_tol=-1.0),), "rel_tol"),
        (("q9_1_new_question",), "Question objects"),
    ],
    ids=[
        "taken-id",
        "same-id-twice",
        "malformed-id",
        "leading-zero",
        "unknown-kind",
        "function-without-cases",
        "unknown-misconception",
        "wrong-idea-is-right",
        "string-answer",
        "nan-answer",
        "pointer-leaks",
        "pointer-leaks-plain",
        "negative-tol",
        "not-a-question",
    ],
)
def test_register_refuses_a_bad_question_and_adds_nothing(questions, words):
    before = dict(QUESTIONS)
    with pytest.raises(ValueError, match=re.escape(words)):
        register(*questions)
    assert dict(QUESTIONS) == before


def test_register_adds_all_or_none():
    before = dict(QUESTIONS)
    with pytest.raises(ValueError, match="unique"):
        register(_liquidation(), _liquidation(id="q2_3_liquidation_long"))
    assert dict(QUESTIONS) == before


@pytest.fixture
def scratch_registry(monkeypatch):
    """Register into a copy of the registry, so the test leaves the real one untouched."""
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    return registry._REGISTRY


def test_a_fraction_question_recognises_the_percent(scratch_registry):
    inputs = {"entry": 50_000.0, "mark": 51_000.0, "leverage": 10.0}
    register(
        Question(
            id="q9_2_roe_fraction",
            answer="roe_fraction",
            kind="fraction",
            inputs=inputs,
            expected=lambda entry, mark, leverage: roe("long", entry, 1.0, mark, leverage),
            wrong_ideas=[WrongIdea("roe_vs_account_return", 0.02)],
        )
    )
    assert check("q9_2_roe_fraction", 0.2) is None
    assert MISCONCEPTIONS["percent_for_fraction"].hint in hint_for("q9_2_roe_fraction", 20)
    assert MISCONCEPTIONS["roe_vs_account_return"].hint in hint_for("q9_2_roe_fraction", 0.02)
    assert "q9_2_roe_fraction" in scratch_registry


def test_a_question_may_expect_infinity(scratch_registry):
    register(_liquidation(id="q9_3_never_liquidated", expected=float("inf"), wrong_ideas=()))
    check("q9_3_never_liquidated", np.inf)
    assert hint_for("q9_3_never_liquidated", 1e300).endswith(POINTER)
    assert "got -inf" in hint_for("q9_3_never_liquidated", -np.inf)


def test_a_bool_never_passes_even_where_the_answer_is_one(scratch_registry):
    register(_liquidation(id="q9_4_answer_one", kind="number", expected=1.0, wrong_ideas=()))
    check("q9_4_answer_one", 1)
    for answer in (True, np.True_, np.array(True)):
        assert "bool" in hint_for("q9_4_answer_one", answer)
