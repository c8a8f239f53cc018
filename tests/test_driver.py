"""The grading driver on a small mixed batch built from a lesson's release (issue 6, part)."""

from __future__ import annotations

import copy
import csv
import json
import os
import signal
import subprocess
import sys
import time

import nbformat
import pytest

from tests.test_lessons import release_path

pytestmark = pytest.mark.slow
SLUG = "00-start-here"
GOOD_1 = "position_value = notional(0.25, 64_000)"
GOOD_2 = (
    'liquidation = isolated_liquidation_price("long", 65_000, 10, 0.005, basis="entry")\n'
    "distance_pct = 100 * (65_000 - liquidation) / 65_000"
)


def with_answers(release, first, second):
    notebook = copy.deepcopy(release)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id == "q0_1_notional":
            cell.source = first
        if grade_id == "q0_2_distance":
            cell.source = second
    return notebook


# student id -> (status, score, flag expected among the flags)
EXPECTED = {
    "correct": ("ok", 6.0, None),
    "wrong": ("ok", 0.0, None),
    "untouched": ("ok", 0.0, None),
    "loops forever": ("timeout", None, "cell-timeout"),
    "Zoë warns": ("ok", 6.0, None),
    "exits": ("error", None, "kernel-died"),
    "broken": ("invalid", None, "invalid-json"),
    "empty": ("invalid", None, "empty-file"),
    "deleted test": ("ok", 6.0, "missing-cell-restored"),
    "hogs memory": ("ok", 6.0, None),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    release = nbformat.read(release_path(SLUG), as_version=4)
    folder = tmp_path_factory.mktemp("submissions")
    notebooks = {
        "correct": with_answers(release, GOOD_1, GOOD_2),
        "wrong": with_answers(release, "position_value = 1600.0", "distance_pct = 10.0"),
        "untouched": release,
        "loops forever": with_answers(release, GOOD_1 + "\nwhile True:\n    pass", GOOD_2),
        "Zoë warns": with_answers(
            release, "import warnings\nwarnings.warn('old', FutureWarning)\n" + GOOD_1, GOOD_2
        ),
        "exits": with_answers(release, GOOD_1, "import os\nos._exit(1)"),
    }
    deleted = with_answers(release, GOOD_1, GOOD_2)
    deleted.cells = [
        c
        for c in deleted.cells
        if c.metadata.get("nbgrader", {}).get("grade_id") != "q0_1_notional_hidden"
    ]
    notebooks["deleted test"] = deleted
    # 10 GB fails with MemoryError under the kernel's limit; the rest of the notebook still runs.
    notebooks["hogs memory"] = with_answers(
        release,
        "try:\n    hog = bytearray(10 * 1024**3)\n    position_value = 0.0\n"
        "except MemoryError:  # only the limit gives the right answer\n    " + GOOD_1,
        GOOD_2,
    )
    for student, notebook in notebooks.items():
        nbformat.write(notebook, folder / f"{student}.ipynb")
    (folder / "broken.ipynb").write_text('{"cells": [')
    (folder / "empty.ipynb").write_text("")
    out = tmp_path_factory.mktemp("graded")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            SLUG,
            str(folder),
            "--out",
            str(out),
            "--workers",
            "2",
            "--timeout",
            "6",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = {row["student_id"]: row for row in csv.DictReader((out / "grades.csv").open())}
    return out, rows, folder


def command(folder, out):
    return [
        sys.executable,
        "-m",
        "autograder",
        "grade",
        SLUG,
        str(folder),
        "--out",
        str(out),
        "--workers",
        "2",
        "--timeout",
        "6",
    ]


def test_every_file_gets_exactly_one_row(batch):
    _, rows, _ = batch
    assert set(rows) == set(EXPECTED)


@pytest.mark.parametrize("student", EXPECTED)
def test_status_score_and_flags(batch, student):
    _, rows, _ = batch
    status, score, flag = EXPECTED[student]
    row = rows[student]
    assert row["status"] == status
    assert row["score"] == ("" if score is None else f"{score:g}")
    if flag:
        assert flag in row["flags"].split(";")
    assert row["assignment"] == SLUG and row["max_score"] in ("", "6")


def test_results_json_follows_gradescope(batch):
    out, _, _ = batch
    result = json.loads((out / "results" / "correct.json").read_text())
    assert result["score"] == 6.0
    assert {t["name"] for t in result["tests"]} >= {"q0_1_notional_check", "q0_1_notional_hidden"}
    assert all({"name", "score", "max_score", "output"} <= set(t) for t in result["tests"])
    assert json.loads((out / "results" / "broken.json").read_text())["score"] is None


def test_feedback_is_written_for_graded_students(batch):
    out, _, _ = batch
    assert (out / "feedback" / "correct.html").exists()


def test_sigkill_mid_batch_then_rerun_gives_the_same_grades(batch, tmp_path):
    _, uninterrupted, folder = batch
    out = tmp_path / "killed"
    process = subprocess.Popen(
        command(folder, out),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    ledger = out / "ledger.jsonl"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if ledger.exists() and ledger.read_text().count("\n") >= 2:
            break
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)  # the driver and its workers, mid-batch
    process.wait()
    rerun = subprocess.run(command(folder, out), capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    rows = {row["student_id"]: row for row in csv.DictReader((out / "grades.csv").open())}
    assert rows == uninterrupted


def test_a_second_run_resumes_from_the_ledger(batch):
    out, rows, _ = batch
    ledger = [json.loads(line) for line in (out / "ledger.jsonl").read_text().splitlines()]
    assert {entry["student_id"] for entry in ledger} >= {"correct", "wrong", "untouched"}
    assert all(entry["status"] in ("ok", "needs_review", "timeout") for entry in ledger)
