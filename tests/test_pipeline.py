"""The grading pipeline's shape, and stage 5's status from structured data (issue 11, part 4)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from autograder.config import ROOT
from autograder.limits import ExecutionReport
from autograder.pipeline.execute import Executed, audit_flags
from autograder.pipeline.rebuild import Prepared
from autograder.pipeline.status import decide
from autograder.pipeline.verify import Verified

PIPELINE = ROOT / "autograder" / "pipeline"
STAGES = ("workspace", "rebuild", "static_flags", "execute", "verify", "status", "outputs")
# What the driver once searched outputs and nbgrader's log for.
OLD_WORDS = (
    "CellTimeoutError",
    "DeadKernelError",
    "Kernel died",
    "Timeout waiting for execute reply",
    "Cell execution timed out",
)


def _imported_stages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "autograder.pipeline":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("autograder.pipeline."):
                found.add(node.module.rsplit(".", 1)[1])
        elif isinstance(node, ast.Import):
            found |= {
                alias.name.rsplit(".", 1)[1]
                for alias in node.names
                if alias.name.startswith("autograder.pipeline.")
            }
    return found


def test_there_is_one_module_per_stage_and_each_is_short():
    modules = {path.stem for path in PIPELINE.glob("*.py")} - {"__init__"}
    assert modules == set(STAGES)
    for stage in STAGES:
        assert len((PIPELINE / f"{stage}.py").read_text().splitlines()) <= 400, stage


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_the_workspace_and_the_stages_before_it(stage):
    earlier = set(STAGES[: STAGES.index(stage)])
    assert _imported_stages(PIPELINE / f"{stage}.py") <= earlier


def _string_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]


@pytest.mark.parametrize(
    "path",
    [ROOT / "autograder" / "driver.py", ROOT / "autograder" / "limits.py"]
    + sorted(PIPELINE.glob("*.py")),
    ids=lambda path: path.name,
)
def test_no_stage_looks_for_the_text_of_a_timeout_or_a_dead_kernel(path):
    literals = _string_literals(path)
    assert not [word for word in OLD_WORDS for text in literals if word in text]


def _prepared(flags=()):
    return Prepared("ana", "ok", list(flags), sha256="abc")


def _verified(scores=(3.0, 3.0), manual=False, flags=()):
    tests = [{"name": f"q0_{i}_check", "score": s, "max_score": 3.0} for i, s in enumerate(scores)]
    return Verified(tests, manual, list(flags))


def _decide(report=None, verified=None, finished=True, **executed):
    reports = [report or ExecutionReport()]
    run = Executed(finished, reports, verified if verified else _verified(), **executed)
    return decide(_prepared(), "00-start-here", run)


def test_a_run_without_incidents_is_scored_from_the_verified_scores():
    row = _decide(verified=_verified((3.0, 0.0)))
    assert (row.status, row.score, row.max_score, row.flags) == ("ok", 3.0, 6.0, [])


def test_a_cell_that_ran_past_the_timeout_leaves_the_score_empty():
    row = _decide(ExecutionReport(timed_out_cells=[11]))
    assert (row.status, row.score, row.flags) == ("timeout", None, ["cell-timeout"])
    assert row.message == "timed out in cell 12"


def test_a_dead_kernel_is_an_error_that_names_the_cell_and_the_exit_status():
    report = ExecutionReport(kernel_died_in_cell=14, kernel_exit_status=1)
    report.stopped_by = "DeadKernelError"
    row = _decide(report, finished=False)
    assert (row.status, row.score, row.flags) == ("error", None, ["kernel-died"])
    assert row.message == "the kernel died in cell 15, exit status 1"


def test_a_kernel_killed_by_a_signal_says_which():
    row = _decide(ExecutionReport(kernel_died_in_cell=0, kernel_exit_status=-9), finished=False)
    assert row.message == "the kernel died in cell 1, signal 9"


def test_truncated_output_is_flagged_and_the_score_stands():
    row = _decide(ExecutionReport(output_truncated=True))
    assert (row.status, row.score, row.flags) == ("ok", 6.0, ["output-flood"])


@pytest.mark.parametrize("flag", ["verdict-overridden", "solutions-access"])
def test_a_review_flag_sends_a_scored_row_to_a_person(flag):
    row = _decide(verified=_verified(flags=[flag]))
    assert (row.status, row.score) == ("needs_review", 6.0) and flag in row.flags


def test_a_written_answer_waiting_for_a_person_needs_review():
    row = _decide(verified=_verified((3.0, None), manual=True))
    assert (row.status, row.score) == ("needs_review", 3.0)


def test_a_graded_cell_without_a_score_is_an_error():
    row = _decide(verified=_verified((3.0, None)))
    assert (row.status, row.score, row.message) == ("error", None, "a graded cell has no score")


def test_a_worker_that_died_twice_is_an_error():
    row = decide(_prepared(["missing-answer"]), "00-start-here", Executed(False, crashed=True))
    assert (row.status, row.score) == ("error", None)
    assert row.flags == ["missing-answer", "worker-crashed"]


def test_an_unfinished_run_without_a_report_is_an_error_with_the_grader_s_reason():
    run = Executed(False, [], failure="OperationalError: database is locked")
    row = decide(_prepared(), "00-start-here", run)
    assert (row.status, row.flags) == ("error", [])
    assert row.message == "the grader failed: OperationalError: database is locked"


def test_audit_notes_give_only_audit_flags(tmp_path):
    notes = tmp_path / "ana.jsonl"
    forged = ["kernel-died", "cell-timeout", "verdict-overridden", "output-flood", "Solutions"]
    lines = [json.dumps({"flag": flag}) for flag in ["solutions-access", *forged]]
    notes.write_text("\n".join([*lines, "not json", json.dumps(["a list"])]) + "\n")
    assert audit_flags(notes) == ["solutions-access"]
    assert audit_flags(tmp_path / "missing.jsonl") == []
