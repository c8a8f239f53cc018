"""The grading driver: ``python -m autograder grade ASSIGNMENT SUBMISSIONS --out OUT``.

Each submission is prechecked and rebuilt from the release (`autograder.submissions`), graded
by nbgrader's Python API in long-lived worker processes against a private course folder under
``OUT/.work`` (its own gradebook; the repo's is never touched), post-checked, and written out:

    OUT/grades.csv               one row per submitted file
    OUT/results/<student>.json   Gradescope's results format
    OUT/feedback/<student>.html  nbgrader's feedback
    OUT/ledger.jsonl             finished, post-checked grades, for resuming

Statuses:
    ok            graded; every graded cell has a score
    needs_review  graded, but a cell needs a person (a written answer) before the score is final
    timeout       a cell ran past --timeout; the score is left empty
    invalid       not a readable notebook (empty, bad JSON, a link, not a notebook); no score
    error         the grader could not finish (e.g. the kernel died); no score

A row's score is empty, never a fake 0, unless the status is ok or needs_review. Resuming reads
the ledger: a (assignment, student, notebook sha256) already there is not graded again.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import re
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from autograder.config import ROOT, course_config
from autograder.submissions import Prepared, Submission, discover, prepare

COLUMNS = ("student_id", "assignment", "score", "max_score", "status", "flags")


@dataclass
class Row:
    """One line of grades.csv, plus the per-test results behind it."""

    student_id: str
    assignment: str
    status: str
    score: float | None = None
    max_score: float | None = None
    flags: list[str] = field(default_factory=list)
    tests: list[dict] = field(default_factory=list)
    sha256: str = ""
    message: str = ""


_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}")


def safe_id(student_id: str) -> str:
    """
    The nbgrader student id for a learner id: the id itself when it is a plain folder name,
    else a stable hash (spaces, unicode, slashes).

    >>> safe_id("alice_01"), safe_id("Ana María / 2")
    ('alice_01', 'sf5d493816b62489e')
    """
    if _PLAIN_ID.fullmatch(student_id) and student_id not in (".", ".."):
        return student_id
    return "s" + hashlib.sha256(student_id.encode()).hexdigest()[:16]


# The rebuilt notebooks that nbgrader autogrades. Not the course's own "submitted" folder:
# that keeps each learner's file byte for byte, as `nbgrader release_feedback` needs it.
REBUILT = "autograder/rebuilt"


@dataclass(frozen=True)
class Course:
    """Where grading happens: an nbgrader course folder and its gradebook URL."""

    root: Path
    db_url: str
    work: Path  # the driver's own files (kernelspec, sandbox state): OUT/.work

    def config(self, timeout: float = 30):
        config = course_config(self.root)
        config.CourseDirectory.db_url = self.db_url
        config.CourseDirectory.submitted_directory = REBUILT
        config.Execute.kernel_name = KERNEL
        config.Execute.timeout = int(timeout)
        config.Execute.interrupt_on_timeout = True
        return config


def workspace(
    assignment: str,
    out: Path,
    timeout: float,
    *,
    course_root: Path | None = None,
    db_url: str | None = None,
) -> Course:
    """
    The course to grade in: by default a private one under OUT/.work (a copy of the release
    and source, a fresh gradebook); with ``course_root``, an existing nbgrader course, so its
    gradebook, autograded/ and feedback/ folders serve the Formgrader and release_feedback.
    """
    if course_root is None:
        root = out / ".work" / "course"
        (out / ".work").mkdir(parents=True, exist_ok=True)
        os.chmod(out / ".work", 0o700)
        if not (root / "lessons" / assignment).is_dir():
            shutil.rmtree(root, ignore_errors=True)
            for folder in ("lessons", "solutions"):
                shutil.copytree(ROOT / folder / assignment, root / folder / assignment)
            (root / "autograder").mkdir(parents=True)
    else:
        root = Path(course_root).resolve()
        (out / ".work").mkdir(parents=True, exist_ok=True)
        os.chmod(out / ".work", 0o700)
    course = Course(root, db_url or course_config(root).CourseDirectory.db_url, out / ".work")
    if not _in_gradebook(course, assignment):
        result = _api(course, timeout).generate_assignment(assignment, force=True)
        if not result["success"]:
            raise RuntimeError(f"could not prepare {assignment}: {result['log']}")
    return course


def _in_gradebook(course: Course, assignment: str) -> bool:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(course.db_url) as gradebook:
        try:
            return bool(gradebook.find_assignment(assignment).notebooks)
        except MissingEntry:
            return False


KERNEL = "margin-grader"


def install_kernel(work: Path) -> Path:
    """Write the limited grading kernelspec under ``work/kernels``; return the data dir."""
    spec = work / "kernels" / KERNEL
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "autograder.kernel", "-f", "{connection_file}"],
                "display_name": "Margin Mechanics grader (limited)",
                "language": "python",
                "env": {"PYTHONPATH": str(ROOT)},
            }
        )
    )
    return work


def _api(course: Course, timeout: float):
    from nbgrader.apps import NbGraderAPI

    # The grading kernelspec, and the offline MathJax templates for feedback.
    data = install_kernel(course.work)
    paths = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    for folder in (str(ROOT / "autograder" / "jupyter"), str(data)):
        if folder not in paths:
            paths.insert(0, folder)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, paths))
    api = NbGraderAPI(config=course.config(timeout))
    api.log.setLevel(logging.ERROR)
    return api


_WORKER_API = None


def _start_worker(course: Course, timeout: float) -> None:
    global _WORKER_API
    _WORKER_API = _api(course, timeout)


def _grade_one(assignment: str, student: str) -> dict:
    """Worker side: autograde one student and generate their feedback; never raise."""
    try:
        result = _WORKER_API.autograde(assignment, student, force=True)
        if result["success"]:
            _WORKER_API.generate_feedback(assignment, student, force=True)
        return {"success": bool(result["success"]), "log": str(result.get("log", ""))[-4000:]}
    except Exception as error:  # one student's failure must not stop the batch
        return {"success": False, "log": f"{type(error).__name__}: {error}"}


def _scores(course: Course, assignment: str, student: str) -> tuple[list[dict], bool]:
    """Read the post-checked per-cell scores from the private gradebook."""
    from nbgrader.api import Gradebook

    tests, manual = [], False
    with Gradebook(course.db_url) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                score = grade.score
                manual = manual or grade.needs_manual_grade
                tests.append({"name": grade.name, "score": score, "max_score": grade.max_score})
    return tests, manual


def _outputs_mention(path: Path, words: tuple[str, ...]) -> bool:
    if not path.exists():
        return False
    text = json.dumps([cell.get("outputs", []) for cell in nbformat.read(path, 4).cells])
    return any(word in text for word in words)


def _finish(
    prepared: Prepared, assignment: str, student: str, course: Course, outcome: dict
) -> Row:
    row = Row(
        prepared.student_id, assignment, "error", flags=list(prepared.flags), sha256=prepared.sha256
    )
    graded = (
        course.root / "autograder" / "autograded" / student / assignment / f"{assignment}.ipynb"
    )
    if not outcome["success"]:
        if "DeadKernelError" in outcome["log"] or "Kernel died" in outcome["log"]:
            row.flags.append("kernel-died")
        row.message = outcome["log"].strip().splitlines()[-1] if outcome["log"].strip() else ""
        return row
    tests, manual = _scores(course, assignment, student)
    if _outputs_mention(
        graded,
        ("CellTimeoutError", "Timeout waiting for execute reply", "Cell execution timed out"),
    ):
        row.status, row.tests = "timeout", tests
        row.flags.append("cell-timeout")
        return row
    if any(test["score"] is None for test in tests if not manual):
        row.message = "a graded cell has no score"
        return row
    row.tests = tests
    row.score = float(sum(test["score"] or 0.0 for test in tests))
    row.max_score = float(sum(test["max_score"] for test in tests))
    row.status = "needs_review" if manual else "ok"
    return row


def grade(
    assignment: str,
    folder: Path,
    out: Path,
    *,
    workers: int = 2,
    timeout: float = 30,
    progress=None,
    course_root: Path | None = None,
    db_url: str | None = None,
) -> list[Row]:
    """
    Grade every submission in ``folder``; write OUT; return the rows in folder order.

    ``course_root`` grades into an existing course (its gradebook and folders, e.g. for the
    Formgrader and `nbgrader release_feedback`); ``db_url`` names the gradebook (e.g. a
    PostgreSQL URL); by default both are private to OUT/.work.
    """
    out.mkdir(parents=True, exist_ok=True)
    release = nbformat.read(ROOT / "lessons" / assignment / f"{assignment}.ipynb", as_version=4)
    submissions: list[Submission] = discover(assignment, folder)
    ledger = _read_ledger(out)
    rows: dict[str, Row] = {}
    todo: list[tuple[Prepared, str]] = []
    course = workspace(assignment, out, timeout, course_root=course_root, db_url=db_url)
    for submission in submissions:
        prepared = prepare(submission, release)
        done = ledger.get((assignment, prepared.student_id, prepared.sha256))
        if done is not None:
            rows[prepared.student_id] = done
        elif prepared.status != "ok":
            rows[prepared.student_id] = Row(
                prepared.student_id,
                assignment,
                prepared.status,
                flags=prepared.flags,
                sha256=prepared.sha256,
                message=prepared.reason,
            )
        else:
            student = safe_id(prepared.student_id)
            target = course.root / REBUILT / student / assignment
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            nbformat.write(prepared.notebook, target / f"{assignment}.ipynb")
            stamp = submission.path.parent / "timestamp.txt"  # nbgrader layout: late penalties
            if stamp.is_file() and not stamp.is_symlink():
                shutil.copy(stamp, target / "timestamp.txt")
            todo.append((prepared, student))
    workers = max(1, min(workers, os.cpu_count() or 1, len(todo) or 1))
    report = progress or (lambda row, done, total: None)
    finished = len(rows)
    for row in rows.values():
        report(row, finished, len(submissions))
    if todo:
        with ProcessPoolExecutor(
            workers, initializer=_start_worker, initargs=(course, timeout)
        ) as pool:
            futures = {
                pool.submit(_grade_one, assignment, student): (prepared, student)
                for prepared, student in todo
            }
            for future in as_completed(futures):
                prepared, student = futures[future]
                row = _finish(prepared, assignment, student, course, future.result())
                _copy_feedback(course, assignment, student, out, row)
                rows[row.student_id] = row
                if row.status in ("ok", "needs_review", "timeout"):
                    _append_ledger(out, row)
                finished += 1
                report(row, finished, len(submissions))
    ordered = [rows[s.student_id] for s in submissions if s.student_id in rows]
    _write_outputs(out, ordered)
    return ordered


def _copy_feedback(course: Course, assignment: str, student: str, out: Path, row: Row) -> None:
    source = course.root / "autograder" / "feedback" / student / assignment / f"{assignment}.html"
    if source.exists():
        (out / "feedback").mkdir(exist_ok=True)
        shutil.copy(source, out / "feedback" / f"{row.student_id}.html")


def _read_ledger(out: Path) -> dict[tuple[str, str, str], Row]:
    path = out / "ledger.jsonl"
    done = {}
    if path.exists():
        for line in path.read_text().splitlines():
            try:
                row = Row(**json.loads(line))
            except (json.JSONDecodeError, TypeError):
                continue  # a line cut short by a kill: that student is graded again
            done[(row.assignment, row.student_id, row.sha256)] = row
    return done


def _append_ledger(out: Path, row: Row) -> None:
    with (out / "ledger.jsonl").open("a") as ledger:
        ledger.write(json.dumps(asdict(row)) + "\n")
        ledger.flush()
        os.fsync(ledger.fileno())


def _write_outputs(out: Path, rows: list[Row]) -> None:
    with (out / "grades.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(
                [
                    row.student_id,
                    row.assignment,
                    "" if row.score is None else f"{row.score:g}",
                    "" if row.max_score is None else f"{row.max_score:g}",
                    row.status,
                    ";".join(sorted(set(row.flags))),
                ]
            )
    results = out / "results"
    results.mkdir(exist_ok=True)
    for row in rows:
        payload = {
            "score": row.score,
            "output": f"status: {row.status}" + (f" ({row.message})" if row.message else ""),
            "tests": [
                {
                    "name": t["name"],
                    "score": t["score"],
                    "max_score": t["max_score"],
                    "output": "" if t["score"] == t["max_score"] else "not all points",
                }
                for t in row.tests
            ],
        }
        (results / f"{row.student_id}.json").write_text(json.dumps(payload, indent=1))


def print_progress(row: Row, done: int, total: int) -> None:
    """One plain log line per student (the CLI uses a rich progress bar on a terminal)."""
    score = "" if row.score is None else f" {row.score:g}/{row.max_score:g}"
    print(f"[{done}/{total}] {row.student_id}: {row.status}{score}", file=sys.stderr, flush=True)
