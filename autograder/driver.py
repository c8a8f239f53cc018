"""The grading driver: ``python -m autograder grade ASSIGNMENT SUBMISSIONS --out OUT``.

Each submission is prechecked and rebuilt from the release (`autograder.submissions`), graded
by nbgrader's Python API in long-lived worker processes (`autograder.worker`) against a
private course folder under ``OUT/.work`` (its own gradebook; the repo's is never touched) or
an existing course (``--course``), post-checked, and written out:

    OUT/grades.csv               one row per submitted file
    OUT/results/<student>.json   Gradescope's results format
    OUT/feedback/<student>.html  nbgrader's feedback
    OUT/ledger.jsonl             finished, post-checked grades, for resuming

Statuses:
    ok            graded; every graded cell has a score
    needs_review  graded, and the score stands, but a person should look: a written answer
                  to grade by hand, or a flag in REVIEW_FLAGS (the notebook tried to read the
                  solutions or the gradebook, to patch the grader, or its kernel's verdicts
                  disagreed with the answer records)
    timeout       a cell ran past --timeout; the score is left empty
    invalid       not a readable notebook (empty, bad JSON, a link, not a notebook); no score
    error         the grader could not finish (e.g. the kernel died); no score

A row's score is empty, never a fake 0, unless the status is ok or needs_review. Every score
is recomputed outside the student's kernel from plain numbers (`autograder.worker.verify`).
Student code runs as another uid when we are root (`autograder.sandbox`). Resuming reads the
ledger: a (assignment, student, notebook sha256) already there is not graded again.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from autograder import sandbox, worker
from autograder.config import ROOT, course_config, ensure_tools_on_path
from autograder.limits import TRUNCATED
from autograder.submissions import Prepared, Submission, discover, prepare
from autograder.worker import REBUILT, Course, api_for

# Flags that send a graded notebook to a person: the score stands (it was recomputed from the
# answer records), but the notebook tried something an instructor should see.
REVIEW_FLAGS = {
    "verdict-overridden",
    "grader-internals",
    "module-patched",
    "rigged-object",
    "dynamic-code",
    "solutions-access",
    "gradebook-access",
    "grader-files-access",
}
NBGRADER_FILES = ("timestamp.txt", "submission_secret.txt")  # kept beside a rebuilt notebook
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
    work = out / ".work"
    work.mkdir(parents=True, exist_ok=True)
    os.chmod(work, 0o700)
    if course_root is None:
        root = work / "course"
        if not (root / "lessons" / assignment).is_dir():
            shutil.rmtree(root, ignore_errors=True)
            for folder in ("lessons", "solutions"):
                shutil.copytree(ROOT / folder / assignment, root / folder / assignment)
            (root / "autograder").mkdir(parents=True)
    else:
        root = Path(course_root).resolve()
    box = None
    if sandbox.wanted():
        box = sandbox.prepare(sandbox.UID_BASE)
        private = sandbox.make_private(ROOT, root, out)
        if private:
            print(
                "grader: student code runs as an unprivileged uid; made private to their "
                f"owner: {', '.join(map(str, private))}",
                file=sys.stderr,
            )
    course = Course(root, db_url or course_config(root).CourseDirectory.db_url, work, box)
    if not _in_gradebook(course, assignment):
        result = api_for(course, timeout).generate_assignment(assignment, force=True)
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
    graded = course.notebook("autograded", student, assignment)
    row.flags += outcome.get("flags", [])
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
    if _outputs_mention(graded, (TRUNCATED,)):
        row.flags.append("output-flood")
    if any(test["score"] is None for test in tests if not manual):
        row.message = "a graded cell has no score"
        return row
    row.tests = tests
    row.score = float(sum(test["score"] or 0.0 for test in tests))
    row.max_score = float(sum(test["max_score"] for test in tests))
    row.status = "needs_review" if manual or REVIEW_FLAGS & set(row.flags) else "ok"
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
    ensure_tools_on_path()  # nbgrader runs `alembic` by name on a fresh gradebook
    worker.quiet_known_noise()
    out.mkdir(parents=True, exist_ok=True)
    course = workspace(assignment, out, timeout, course_root=course_root, db_url=db_url)
    release_path = course.root / "lessons" / assignment / f"{assignment}.ipynb"
    release = nbformat.read(release_path, as_version=4)
    submissions: list[Submission] = discover(assignment, folder)
    ledger = _read_ledger(out)
    rows: dict[str, Row] = {}
    todo: list[tuple[Prepared, str]] = []
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
            for name in NBGRADER_FILES:  # nbgrader layout: late penalties, feedback's secret
                kept = submission.path.parent / name
                if kept.is_file() and not kept.is_symlink() and kept.stat().st_size < 4096:
                    shutil.copy(kept, target / name)
            todo.append((prepared, student))
    workers = max(1, min(workers, os.cpu_count() or 1, len(todo) or 1))
    report = progress or (lambda row, done, total: None)
    finished = len(rows)
    for row in rows.values():
        report(row, finished, len(submissions))
    count = [finished]

    def record(row: Row) -> None:
        rows[row.student_id] = row
        if row.status in ("ok", "needs_review", "timeout"):
            _append_ledger(out, row)
        count[0] += 1
        report(row, count[0], len(submissions))

    crashed = _run_pool(todo, workers, course, timeout, assignment, out, record)
    for item in crashed:  # alone this time, so a crash names its own notebook
        for prepared, _student in _run_pool([item], 1, course, timeout, assignment, out, record):
            row = Row(prepared.student_id, assignment, "error", flags=list(prepared.flags))
            row.flags.append("worker-crashed")
            row.sha256, row.message = prepared.sha256, "the grading process died twice"
            record(row)
    ordered = [rows[s.student_id] for s in submissions if s.student_id in rows]
    _write_outputs(out, ordered)
    if course_root is not None:
        _give_back(course)
    return ordered


def _give_back(course: Course) -> None:
    """As root, hand what grading wrote in an instructor's course back to the course's owner."""
    if os.geteuid() != 0:
        return
    owner = course.root.stat()
    made = [course.root / "autograder" / name for name in ("autograded", "feedback", "rebuilt")]
    if course.db_url.startswith("sqlite:///"):
        made.append(Path(course.db_url[len("sqlite:///") :].split("?")[0]))
    for path in made:
        if not path.exists():
            continue
        os.chown(path, owner.st_uid, owner.st_gid)
        for folder, folders, files in os.walk(path):
            for name in folders + files:
                os.chown(
                    os.path.join(folder, name), owner.st_uid, owner.st_gid, follow_symlinks=False
                )


def _run_pool(todo, workers, course, timeout, assignment, out, record) -> list:
    """Grade ``todo`` in a pool of workers; return the items a dead worker left ungraded."""
    crashed = []
    if not todo:
        return crashed
    with ProcessPoolExecutor(
        workers, initializer=worker.start, initargs=(course, timeout, workers)
    ) as pool:
        futures = {
            pool.submit(worker.grade_one, assignment, student): (prepared, student)
            for prepared, student in todo
        }
        for future in as_completed(futures):
            prepared, student = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool:  # a worker died (e.g. killed for memory): retry alone
                crashed.append((prepared, student))
                continue
            row = _finish(prepared, assignment, student, course, outcome)
            _copy_feedback(course, assignment, student, out, row)
            record(row)
    return crashed


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
