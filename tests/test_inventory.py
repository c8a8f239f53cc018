"""The misconception inventory: items scored by the course's wrong models, read and never run.

* every item's engine answer scores right, each wrong model's answer its misconception, a
  blank "not answered", anything else "unreadable" or "other", at both stages;
* lesson 00's source and release ask the items with their "before" numbers, ungraded, and
  lesson 10's with their "after" numbers; its cells run against a sample
  lesson 00 notebook and show which beliefs changed;
* the static reader takes numbers only and never runs a notebook's code;
* ``python -m autograder report`` counts the beliefs of a class.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import math
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from autograder import __main__ as cli
from autograder.config import ROOT
from course.feedback import inventory
from course.feedback.inventory import ITEMS, NAMES, STAGES, class_table, score, score_answers
from course.feedback.misconceptions import MISCONCEPTIONS
from course.feedback.models import distinct
from course.feedback.static_answers import UNREADABLE, assigned_values, notebook_answers

LESSON_00_SOURCE = ROOT / "autograder" / "lessons" / "00-start-here.md"
LESSON_10_SOURCE = ROOT / "autograder" / "lessons" / "10-case-studies.md"
RELEASED_00 = ROOT / "lessons" / "00-start-here" / "00-start-here.ipynb"
CASES = [(item, stage) for item in ITEMS for stage in STAGES]
IDS = [f"{item.name}-{stage}" for item, stage in CASES]


def post_test() -> str:
    """Lesson 10's post-test section of its source, from its heading to the next one."""
    text = LESSON_10_SOURCE.read_text(encoding="utf-8")
    start = text.index("## Misconception inventory: after")
    return text[start : text.index("\n## ", start + 3)]


def code_cells(markdown: str) -> list[str]:
    return re.findall(r"```\{code-cell\} ipython3\n(.*?)```", markdown, flags=re.DOTALL)


# --- scoring -------------------------------------------------------------------------------


@pytest.mark.parametrize(("item", "stage"), CASES, ids=IDS)
def test_the_engine_answer_scores_right_and_shows_no_misconception(item, stage):
    expected = item.question(stage).expected_value()
    for answer in (expected, round(expected, 2)):
        assert score(item, stage, answer) == inventory.Score(item.name, stage, "right")


@pytest.mark.parametrize(("item", "stage"), CASES, ids=IDS)
def test_each_wrong_model_scores_its_misconception(item, stage):
    question = item.question(stage)
    ideas = question.mistakes()
    assert item.target in {idea.misconception for idea in ideas}
    for idea in ideas:
        (wrong,) = question.wrong_values(idea, [question.inputs])
        result = score(item, stage, wrong)
        assert (result.status, result.misconception) == ("misconception", idea.misconception)


@pytest.mark.parametrize(("item", "stage"), CASES, ids=IDS)
def test_no_two_beliefs_give_answers_the_item_cannot_tell_apart(item, stage):
    question = item.question(stage)
    values = {"right": question.expected_value()}
    for idea in question.mistakes():
        (values[f"{idea.misconception}/{idea.label}"],) = question.wrong_values(
            idea, [question.inputs]
        )
    clashes = [
        pair
        for pair in distinct(values, question.close)
        if len({side.split("/")[0] for side in pair.split(" = ")}) > 1
    ]
    assert clashes == []


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        (None, "not answered"),
        (UNREADABLE, "unreadable"),
        ("54,000", "unreadable"),
        (True, "unreadable"),
        ([54_000.0], "unreadable"),
        (1e9, "other"),
        (math.nan, "other"),
        (math.inf, "other"),
        (12_345.0, "other"),
    ],
)
def test_a_blank_is_not_answered_and_an_unknown_answer_is_other(answer, status):
    result = score(ITEMS[0], "before", answer)
    assert (result.status, result.misconception) == (status, None)


def test_items_are_named_once_and_ask_other_numbers_after():
    assert len(set(NAMES)) == len(NAMES) == len(ITEMS) >= 6
    assert all(name.startswith("inv_") for name in NAMES)
    for item in ITEMS:
        assert item.target in MISCONCEPTIONS
        before, after = (item.question(stage).expected_value() for stage in STAGES)
        assert before != after and item.statement("before") != item.statement("after")


def test_a_bad_stage_names_the_parameter():
    with pytest.raises(ValueError, match="stage"):
        ITEMS[0].params("during")


def test_the_class_table_counts_who_held_each_belief_before_and_after():
    before_alice = {"inv_liquidation": 54_000.0, "inv_fees_usdt": 600.0}
    after_alice = {"inv_liquidation": 32_400.0, "inv_fees_usdt": 504.0}
    rows = {
        row["misconception"]: row
        for row in class_table(
            {
                "alice": (before_alice, after_alice),
                "bob": ({"inv_liquidation": 54_000.0}, None),
                "carol": ({}, {"inv_liquidation": 32_000.0}),
            }
        )
    }
    bankruptcy = rows["bankruptcy_for_liquidation"]
    assert (bankruptcy["before"], bankruptcy["answered_before"]) == (2, 2)
    assert (bankruptcy["after"], bankruptcy["answered_after"]) == (1, 2)
    fees = rows["fees_grow_with_time"]
    assert (fees["before"], fees["after"], fees["students"]) == (1, 1, 3)
    assert rows["winners_are_safe"]["answered_before"] == 0
    assert list(rows)[: len(ITEMS)] == list(dict.fromkeys(item.target for item in ITEMS))


# --- the lessons ask the items ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "stage"),
    [(lambda: LESSON_00_SOURCE.read_text(encoding="utf-8"), "before"), (post_test, "after")],
    ids=["L00", "L10"],
)
def test_the_lesson_asks_every_item_with_its_stage_numbers_and_blank_answers(source, stage):
    text = source()
    for number, item in enumerate(ITEMS, 1):
        assert f"\n{number}. {item.statement(stage)}\n" in text, item.name
    blanks = [assigned_values(cell, NAMES) for cell in code_cells(text)]
    assert {name: None for name in NAMES} in blanks


def test_lesson_00_release_holds_the_inventory_blank_and_ungraded():
    assert notebook_answers(RELEASED_00, NAMES) == {name: None for name in NAMES}
    cell = next(
        c for c in nbformat.read(RELEASED_00, as_version=4).cells if "inv_liquidation" in c.source
    )
    assert cell.cell_type == "code" and "nbgrader" not in cell.metadata


def test_the_cli_spells_the_inventory_lessons_as_the_inventory_does():
    assert (cli.PRE_TEST, cli.POST_TEST) == (inventory.PRE_TEST, inventory.POST_TEST)


def lesson_00_with(answers: dict[str, str], path: Path) -> Path:
    """Write the released lesson 00 with its inventory cell answered as ``answers`` spells."""
    notebook = nbformat.read(RELEASED_00, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code" and "inv_liquidation = None" in cell.source:
            cell.source = "\n".join(f"{name} = {answers.get(name, 'None')}" for name in NAMES)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def run_snippet(namespace: dict, after: dict[str, float]) -> object:
    """Run the snippet's cells as a notebook would; answer the post-test first."""
    answers, report = code_cells(post_test())
    exec(answers, namespace)
    namespace.update(after)
    tree = ast.parse(report)
    last = tree.body[-1]
    assert isinstance(last, ast.Expr)
    shown = ast.Assign([ast.Name("_shown", ast.Store())], last.value)
    tree.body[-1] = ast.copy_location(shown, last)
    exec(compile(ast.fix_missing_locations(tree), "snippet", "exec"), namespace)
    return namespace["_shown"]


def test_the_post_test_shows_which_beliefs_changed(tmp_path, monkeypatch, capsys):
    lessons = tmp_path / "lessons"
    lesson_00_with(
        {"inv_liquidation": "60_000 * 0.9", "inv_distance_pct": "5", "inv_fees_usdt": "600"},
        lessons / "00-start-here" / "00-start-here.ipynb",
    )
    (lessons / "10-case-studies").mkdir()
    monkeypatch.chdir(lessons / "10-case-studies")
    after = {"inv_liquidation": 32_400.0, "inv_distance_pct": 4.0, "inv_funding_usdt": -48.0}
    table = run_snippet({}, after)
    out = capsys.readouterr().out
    idea = {m: MISCONCEPTIONS[m].wrong_idea for m in MISCONCEPTIONS}
    assert f"No longer shown: {idea['bankruptcy_for_liquidation']}" in out
    assert idea["fees_grow_with_time"] in out.splitlines()[0]
    assert f"Still shown: {idea['one_over_leverage']}" in out
    assert f"New since lesson 00: {idea['funding_is_exchange_fee']}" in out
    shown = zip(table["lesson 00"], table["lesson 10"], strict=True)
    rows = dict(zip(table["item"], shown, strict=True))
    assert rows["liquidation price"] == (f"shows: {idea['bankruptcy_for_liquidation']}", "right")
    assert rows["trading fees"] == (f"shows: {idea['fees_grow_with_time']}", "not answered")
    assert rows["a winning position"] == ("not answered", "not answered")
    for number in ("32,400", "32400", "54,300", "54300", "16.8"):  # no expected answer shows
        assert number not in out + table.to_string()


def test_without_lesson_00_the_post_test_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    table = run_snippet({}, {"inv_liquidation": 32_000.0})
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Lesson 00's notebook was not found at ")
    assert "Traceback" not in out
    assert list(table["lesson 00"]) == ["not answered"] * len(ITEMS)


# --- the static reader ----------------------------------------------------------------------


def test_the_reader_takes_literal_numbers_the_last_assignment_winning():
    source = "inv_fees_usdt = 1\ninv_fees_usdt = 2 * 30\ninv_liquidation: float = -(-54_000)"
    assert assigned_values(source, NAMES) == {"inv_fees_usdt": 60.0, "inv_liquidation": 54_000.0}
    assert assigned_values("inv_fees_usdt = notional(1, 2)\nother = 5", NAMES) == {
        "inv_fees_usdt": UNREADABLE
    }


def test_hostile_notebook_content_is_read_and_never_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cells = [
        "inv_liquidation = __import__('os').system('touch pwned_1')",
        "import os\nos.system('touch pwned_2')\ninv_fees_usdt = 60",
        "%%bash\ntouch pwned_3\ninv_distance_pct = 5",
        "%time x = 1\ninv_adl_profit = 10 ** 10 ** 10",
        'def f(:\ninv_position_qty = 0.08\nexec(\'open("pwned_4", "w")\')',
        "inv_cross_liquidation = '45,000'\ninv_stop_loss_pct = True",
        "inv_funding_usdt = " + "-" * 50_000 + "1",
        "inv_distance_pct = 5\ninv_distance_pct = " + "9" * 400,  # too big for a float
    ]
    notebook = new_notebook(cells=[new_code_cell(source) for source in cells])
    notebook.cells.append({"cell_type": "code", "source": 42, "metadata": {}})
    path = tmp_path / "hostile.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    answers = notebook_answers(path, NAMES)
    assert answers == {
        "inv_liquidation": UNREADABLE,
        "inv_distance_pct": UNREADABLE,
        "inv_fees_usdt": 60.0,
        "inv_adl_profit": UNREADABLE,
        "inv_position_qty": 0.08,
        "inv_cross_liquidation": UNREADABLE,
        "inv_stop_loss_pct": UNREADABLE,
    }
    assert not list(tmp_path.glob("pwned*"))
    assert [s.status for s in score_answers(answers, "before")][:3] == [
        "unreadable",
        "unreadable",
        "unreadable",
    ]


@pytest.mark.parametrize(
    "content", ["not json", "[1, 2]", '{"cells": 3}', '{"cells": [1, "x"]}', "\udcff"]
)
def test_a_broken_notebook_reads_as_no_notebook_or_no_answers(tmp_path, content):
    path = tmp_path / "broken.ipynb"
    path.write_text(content, encoding="utf-8", errors="surrogateescape")
    assert notebook_answers(path, NAMES) in (None, {})
    assert notebook_answers(tmp_path / "missing.ipynb", NAMES) is None


# --- python -m autograder report --------------------------------------------------------------


@pytest.fixture
def course(tmp_path):
    """A course folder whose submitted/ holds three students' inventories."""
    submitted = tmp_path / "autograder" / "submitted"
    after_cell = code_cells(post_test())[0]

    def lesson_10(student: str, answers: dict[str, str], name: str = "10-case-studies"):
        source = after_cell
        for key, value in answers.items():
            source = re.sub(rf"^{key} = None", f"{key} = {value}", source, flags=re.M)
        path = submitted / student / "10-case-studies" / f"{name}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(new_notebook(cells=[new_code_cell(source)]), path)

    lesson_00 = submitted / "{}" / "00-start-here" / "00-start-here.ipynb"
    lesson_00_with({"inv_liquidation": "54000"}, Path(str(lesson_00).format("alice")))
    lesson_10("alice", {"inv_liquidation": "32_400"})
    lesson_00_with({"inv_liquidation": "54000"}, Path(str(lesson_00).format("bob")))
    lesson_10("carol", {"inv_liquidation": "32000"}, name="renamed")
    (submitted / "dave").mkdir()  # no notebook at all: not counted
    return tmp_path


def test_report_counts_a_class_before_and_after_as_csv(course, capsys):
    assert cli.main(["report", "10-case-studies", "--course", str(course), "--csv", "-"]) == 0
    rows = {
        row["misconception"]: row for row in csv.DictReader(io.StringIO(capsys.readouterr().out))
    }
    bankruptcy = rows["bankruptcy_for_liquidation"]
    assert {k: bankruptcy[k] for k in ("before", "after", "answered_after", "students")} == {
        "before": "2",
        "after": "1",
        "answered_after": "2",
        "students": "3",
    }


def test_report_prints_a_table_and_writes_a_csv_file(course, capsys, tmp_path):
    target = tmp_path / "inventory.csv"
    assert (
        cli.main(["report", "10-case-studies", "--course", str(course), "--csv", str(target)]) == 0
    )
    out = capsys.readouterr().out
    assert "3 students" in out and MISCONCEPTIONS["bankruptcy_for_liquidation"].wrong_idea in out
    assert "2 of 2" in out and "1 of 2" in out
    assert target.read_text().startswith("misconception,wrong_idea,before")


def test_report_of_lesson_00_shows_the_pre_test_alone(course, capsys):
    assert cli.main(["report", "00-start-here", "--course", str(course)]) == 0
    out = capsys.readouterr().out
    assert "Before" in out and "After" not in out and "2 students" in out


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [(["report", "10-case-studies"], "no notebooks"), (["report", "05-stops"], "ASSIGNMENT")],
)
def test_report_errors_are_one_line_and_exit_2(tmp_path, capsys, arguments, fragment):
    with pytest.raises(SystemExit) as stop:
        cli.main([*arguments, "--course", str(tmp_path)])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err
