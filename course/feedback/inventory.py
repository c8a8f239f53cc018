"""The misconception inventory: the same short items before the course and after it.

Lesson 00 asks `ITEMS` (`course.feedback.inventory_items`) with their ``before`` numbers,
ungraded; the end of lesson 10 asks them again with their ``after`` numbers. Like the Force
Concept Inventory in physics, an
answer is scored by the belief it shows: each item is a `course.feedback.registry.Question`
(not registered, so never graded), and the course's own wrong models say which
misconception a wrong answer matches. `score` gives plain data; `inventory_report` shows a
learner which beliefs changed; `class_table` counts them for a whole class (the
instructor's ``python -m autograder report``).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from course.feedback.answers import NOT_ANSWERED, Unreadable, as_real
from course.feedback.inventory_items import ITEMS, NAMES, POST_TEST, PRE_TEST, STAGES, Item
from course.feedback.misconceptions import MISCONCEPTIONS
from course.feedback.static_answers import UNREADABLE, notebook_answers

# Where lesson 10's notebook finds lesson 00's, in the release and in a submission folder.
LESSON_00 = Path("..") / PRE_TEST / f"{PRE_TEST}.ipynb"
STATUSES = ("right", "misconception", "other", "unreadable", "not answered")


@dataclass(frozen=True)
class Score:
    """
    What one answer to one item shows.

    Parameters
    ----------
    item : str
        The item's answer name.
    stage : {"before", "after"}
    status : str
        One of `STATUSES`: ``"right"``, ``"misconception"`` (a wrong model matches),
        ``"other"`` (a wrong answer no model matches), ``"unreadable"`` (not a number),
        ``"not answered"``.
    misconception : str or None
        The catalogue id of the matching wrong model, when ``status`` is ``"misconception"``.
    """

    item: str
    stage: str
    status: str
    misconception: str | None = None


def score(item: Item, stage: str, answer: Any) -> Score:
    """
    Return what ``answer`` to ``item`` shows: right, a misconception, another answer, or none.

    Parameters
    ----------
    item : Item
    stage : {"before", "after"}
    answer : object
        The learner's value: a number, None (not answered), or anything else (unreadable).

    Returns
    -------
    Score

    Examples
    --------
    >>> score(ITEMS[0], "before", 54_000).misconception
    'bankruptcy_for_liquidation'
    >>> score(ITEMS[0], "before", None).status
    'not answered'
    """
    if answer is None or answer is NOT_ANSWERED:
        return Score(item.name, stage, "not answered")
    if answer is UNREADABLE:
        return Score(item.name, stage, "unreadable")
    try:
        value = as_real(answer)
    except Unreadable:
        return Score(item.name, stage, "unreadable")
    question = item.question(stage)
    if not math.isfinite(value):
        return Score(item.name, stage, "other")
    if question.close(value, question.expected_value()):
        return Score(item.name, stage, "right")
    matches = [
        (abs(value - wrong[0]), idea.misconception)
        for idea in question.mistakes()
        if (wrong := question.wrong_values(idea, [question.inputs])) is not None
        and question.close(value, wrong[0])
    ]
    if matches:
        return Score(item.name, stage, "misconception", min(matches)[1])
    return Score(item.name, stage, "other")


def score_answers(answers: Mapping[str, Any] | None, stage: str) -> tuple[Score, ...]:
    """
    Return the score of every item, from answers by name (missing names: not answered).

    Parameters
    ----------
    answers : mapping or None
        Answer name -> value; None when there is no notebook to read.
    stage : {"before", "after"}

    Returns
    -------
    tuple of Score
    """
    given = answers or {}
    return tuple(score(item, stage, given.get(item.name)) for item in ITEMS)


def held(scores: Iterable[Score]) -> set[str]:
    """
    Return the misconceptions the scores show.

    Parameters
    ----------
    scores : iterable of Score

    Returns
    -------
    set of str
        Catalogue ids.
    """
    return {s.misconception for s in scores if s.misconception is not None}


def probed(stage: str) -> dict[str, tuple[str, ...]]:
    """
    Return each misconception the items can reveal, with the items that can reveal it.

    The items' targets come first, in item order, then the other wrong models' ids.

    Parameters
    ----------
    stage : {"before", "after"}

    Returns
    -------
    dict
        Misconception id -> the answer names of the items whose wrong models name it.
    """
    found: dict[str, list[str]] = {item.target: [] for item in ITEMS}
    for item in ITEMS:
        for idea in item.question(stage).mistakes():
            names = found.setdefault(idea.misconception, [])
            if item.name not in names:
                names.append(item.name)
    return {m: tuple(names) for m, names in found.items() if names}


def class_table(students: Mapping[str, tuple[Mapping | None, Mapping | None]]) -> list[dict]:
    """
    Count, per misconception, the students who held it before and after the course.

    A student holds a misconception at a stage when one of their answers there matches a
    wrong model that names it; they "answered" it when they answered (with any number) an
    item that can reveal it. A student without that stage's notebook counts in neither.

    Parameters
    ----------
    students : mapping
        Student id -> (lesson 00's answers or None, lesson 10's answers or None).

    Returns
    -------
    list of dict
        One row per misconception: ``misconception``, ``wrong_idea``, ``before``,
        ``answered_before``, ``after``, ``answered_after`` and ``students``.
    """
    rows = []
    scored = {
        student: {
            stage: None if answers is None else score_answers(answers, stage)
            for stage, answers in zip(STAGES, pair, strict=True)
        }
        for student, pair in students.items()
    }
    for misconception, names in probed("before").items():
        row: dict[str, Any] = {
            "misconception": misconception,
            "wrong_idea": MISCONCEPTIONS[misconception].wrong_idea,
        }
        for stage in STAGES:
            sheets = [sheet for s in scored.values() if (sheet := s[stage]) is not None]
            relevant = [[x for x in sheet if x.item in names] for sheet in sheets]
            row[stage] = sum(misconception in held(sheet) for sheet in relevant)
            row[f"answered_{stage}"] = sum(
                any(x.status in ("right", "misconception", "other") for x in sheet)
                for sheet in relevant
            )
        row["students"] = len(students)
        rows.append(row)
    return rows


def _shown(result: Score) -> str:
    if result.status == "misconception" and result.misconception is not None:
        return f"shows: {MISCONCEPTIONS[result.misconception].wrong_idea}"
    return {"other": "another answer", "unreadable": "not a number"}.get(
        result.status, result.status
    )


def inventory_report(
    lesson_00: Path | str = LESSON_00, answers: Mapping | None = None
) -> pd.DataFrame:
    """
    Show which beliefs changed between lesson 00's inventory answers and this lesson's.

    Lesson 00's notebook is read from disk, never run (`course.feedback.static_answers`);
    this lesson's answers are the ``inv_...`` names of the calling notebook. The expected
    answers are not shown.

    Parameters
    ----------
    lesson_00 : path, default ``../00-start-here/00-start-here.ipynb``
        Lesson 00's saved notebook.
    answers : mapping, optional
        This lesson's answers by name; by default the caller's global names.

    Returns
    -------
    pandas.DataFrame
        One row per item: what the answer showed in lesson 00 and in this lesson.
    """
    if answers is None:
        answers = sys._getframe(1).f_globals
    after = score_answers({name: answers.get(name) for name in NAMES}, "after")
    before_answers = notebook_answers(Path(lesson_00), NAMES)
    if before_answers is None:
        print(
            f"Lesson 00's notebook was not found at {lesson_00}: only this lesson's answers show."
        )
    elif all(value is None for value in before_answers.values()):
        print("Lesson 00's inventory has no answers saved: only this lesson's answers show.")
    before = score_answers(before_answers, "before")
    gone, kept, new = held(before) - held(after), held(before) & held(after), held(after)
    new = new - held(before)
    for label, ids in (
        ("No longer shown", gone),
        ("Still shown", kept),
        ("New since lesson 00", new),
    ):
        if ids:
            beliefs = "; ".join(sorted(MISCONCEPTIONS[i].wrong_idea for i in ids))
            print(f"{label}: {beliefs}")
    if not (gone or kept or new):
        print("None of your answers in either inventory matched a misconception the course names.")
    return pd.DataFrame(
        {
            "item": [item.title for item in ITEMS],
            "lesson 00": [_shown(s) for s in before],
            "lesson 10": [_shown(s) for s in after],
        }
    )


__all__ = [
    "ITEMS",
    "LESSON_00",
    "NAMES",
    "POST_TEST",
    "PRE_TEST",
    "STAGES",
    "STATUSES",
    "Item",
    "Score",
    "class_table",
    "held",
    "inventory_report",
    "probed",
    "score",
    "score_answers",
]
