"""The grading driver on a small mixed batch built from a lesson's release (issue 6, part)."""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time

import nbformat
import pytest

from autograder import sandbox
from autograder.config import ROOT
from autograder.pipeline import execute
from tests.hostile import BACKGROUND, LEAK, build_batch, build_function_batch
from tests.test_lessons import release_path

pytestmark = pytest.mark.slow
SLUG = "00-start-here"


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    release = nbformat.read(release_path(SLUG), as_version=4)
    folder = tmp_path_factory.mktemp("submissions")
    out = tmp_path_factory.mktemp("graded")
    course = out / ".work" / "course"
    paths = {
        "solutions": ROOT / "solutions" / SLUG / f"{SLUG}.ipynb",
        "source": course / "solutions" / SLUG / f"{SLUG}.ipynb",
        "gradebook": course / "autograder" / "gradebook.db",
    }
    listener = socket.create_server(("127.0.0.1", 0))  # stands for a gradebook server
    paths["port"] = listener.getsockname()[1]
    expected = build_batch(release, folder, paths)
    with listener:
        result = subprocess.run(command(folder, out), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = {row["student_id"]: row for row in csv.DictReader((out / "grades.csv").open())}
    return out, rows, folder, expected


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


SANDBOXED = sandbox.wanted()
needs_sandbox = pytest.mark.skipif(
    not SANDBOXED, reason="a separate-uid sandbox needs root; as a normal user only rlimits apply"
)


def test_every_file_gets_exactly_one_row(batch):
    _, rows, _, expected = batch
    assert set(rows) == set(expected)
    assert len(expected) >= 32


def test_status_score_and_flags(batch):
    _, rows, _, expected = batch
    problems = []
    for student, expect in expected.items():
        row = rows[student]
        flags = set(row["flags"].split(";")) - {""}
        wanted = set(expect.flags) | (set(expect.sandbox_flags) if SANDBOXED else set())
        score = "" if expect.score is None else f"{expect.score:g}"
        status = expect.status
        if not SANDBOXED and expect.sandbox_flags and not expect.flags and status == "needs_review":
            status = "ok"  # without the sandbox nothing saw the attempt (the score still holds)
        unwanted = set(expect.absent) & flags
        if (row["status"], row["score"]) != (status, score) or not wanted <= flags or unwanted:
            problems.append(
                f"{student}: got {row}, expected {status} {score!r} with {wanted}"
                + (f" and without {sorted(unwanted)}" if unwanted else "")
            )
        assert row["assignment"] == SLUG and row["max_score"] in ("", "6")
    assert not problems, "\n".join(problems)


@needs_sandbox
def test_attacks_on_the_grader_files_read_and_wrote_nothing(batch):
    out, _, _, _ = batch
    isolated = subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    attacks = ("reads solutions", "writes gradebook") + (("phones home",) if isolated else ())
    for student in attacks:  # without network namespaces (some containers) only the files
        (notebook,) = _graded(out, student)
        text = json.dumps([cell.get("outputs", []) for cell in nbformat.read(notebook, 4).cells])
        assert LEAK not in text and "blocked:" in text, student


def _graded(out, student):
    from autograder.pipeline.rebuild import safe_id

    return [
        out
        / ".work"
        / "course"
        / "autograder"
        / "autograded"
        / safe_id(student)
        / SLUG
        / f"{SLUG}.ipynb"
    ]


@needs_sandbox
def test_no_background_process_outlives_the_batch(batch):
    leftovers = [
        pid for pid in os.listdir("/proc") if pid.isdigit() and _cmdline(pid) == BACKGROUND
    ]
    assert not leftovers


def _cmdline(pid):
    try:
        return open(f"/proc/{pid}/cmdline", "rb").read().decode().split("\0")[:-1]
    except OSError:
        return None


def test_results_json_follows_gradescope(batch):
    out, _, _, _ = batch
    result = json.loads((out / "results" / "correct.json").read_text())
    assert result["score"] == 6.0
    assert {t["name"] for t in result["tests"]} >= {"q0_1_notional_check", "q0_1_notional_hidden"}
    assert all({"name", "score", "max_score", "output"} <= set(t) for t in result["tests"])
    assert json.loads((out / "results" / "broken.json").read_text())["score"] is None


def test_feedback_is_written_for_graded_students(batch):
    out, _, _, _ = batch
    assert (out / "feedback" / "correct.html").exists()


def test_sigkill_mid_batch_then_rerun_gives_the_same_grades(batch, tmp_path):
    _, uninterrupted, folder, _ = batch
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
    expected = {student: dict(row) for student, row in uninterrupted.items()}
    for student in ("reads solutions", "writes gradebook"):  # they attack the first run's files,
        for column in ("flags", "status"):  # so this run's sandbox sees no attempt on its own
            rows[student][column] = expected[student][column] = "(differs)"
    assert rows == expected


def test_a_second_run_resumes_from_the_ledger(batch):
    out, rows, _, _ = batch
    ledger = [json.loads(line) for line in (out / "ledger.jsonl").read_text().splitlines()]
    assert {entry["student_id"] for entry in ledger} >= {"correct", "wrong", "untouched"}
    assert all(entry["status"] in ("ok", "needs_review", "timeout") for entry in ledger)


def test_function_answers_are_judged_on_hidden_cases_outside_the_kernel(tmp_path):
    slug = "01-leverage"
    folder, out = tmp_path / "submissions", tmp_path / "graded"
    folder.mkdir()
    expected = build_function_batch(nbformat.read(release_path(slug), 4), folder)
    command_line = [sys.executable, "-m", "autograder", "grade", slug, str(folder)]
    result = subprocess.run(
        [*command_line, "--out", str(out), "--timeout", "30"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = {row["student_id"]: row for row in csv.DictReader((out / "grades.csv").open())}
    for student, expect in expected.items():
        row = rows[student]
        assert (row["status"], row["score"]) == (expect.status, f"{expect.score:g}"), row
        assert set(expect.flags) <= set(row["flags"].split(";")), row


def _dies_on_crasher(assignment, student, real=execute.grade_one):
    """A worker that dies (as if killed for memory) on one notebook."""
    if student == "crasher":
        os._exit(9)
    return real(assignment, student)


def test_a_dead_worker_costs_only_its_own_student(tmp_path, monkeypatch):
    from autograder import driver
    from tests.hostile import GOOD_1, GOOD_2, with_answers

    release = nbformat.read(release_path(SLUG), 4)
    folder = tmp_path / "submissions"
    folder.mkdir()
    for student in ("before", "crasher", "after"):
        nbformat.write(with_answers(release, GOOD_1, GOOD_2), folder / f"{student}.ipynb")
    monkeypatch.setattr(execute, "grade_one", _dies_on_crasher)  # forked workers inherit it
    rows = {row.student_id: row for row in driver.grade(SLUG, folder, tmp_path / "out")}
    assert (rows["crasher"].status, rows["crasher"].score) == ("error", None)
    assert "worker-crashed" in rows["crasher"].flags
    assert all((rows[s].status, rows[s].score) == ("ok", 6.0) for s in ("before", "after"))
