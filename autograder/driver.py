"""The grading driver: ``python -m autograder grade ASSIGNMENT SUBMISSIONS --out OUT``.

`grade` runs the pipeline, one stage per module of `autograder.pipeline`, in this order:

1. **rebuild** (`autograder.pipeline.rebuild`): find the submissions; refuse what is not a
   notebook (status ``invalid``); rebuild each from the release, so the learner contributes
   only answer cells (restored cells become flags); place it where nbgrader grades it.
2. **static flags** (`autograder.pipeline.static_flags`): read the learner's code, without
   running it, for attempts on the grader (flags for a person, not a defence).
3. **execute in the sandbox** (`autograder.pipeline.execute`): nbgrader's autograde in
   long-lived worker processes; the kernel runs under rlimits and, as root, as another uid
   with no network (`autograder.sandbox`, `autograder.kernel`); the executor
   (`autograder.limits`) notes timeouts, a dead kernel and truncated output as they happen.
4. **verify** (`autograder.pipeline.verify`): recompute each checked cell's verdict from its
   answer records, outside the kernel, and correct the gradebook; it runs in the same worker
   job as stage 3, before nbgrader renders the feedback, so the two agree.
5. **status** (`autograder.pipeline.status`): decide ok / needs_review / timeout / invalid /
   error, the score and the flags, from structured data only, never from output text.
6. **write outputs** (`autograder.pipeline.outputs`): ``OUT/grades.csv``,
   ``OUT/results/<student>.json`` (Gradescope), ``OUT/feedback/<student>.html`` and
   ``OUT/ledger.jsonl``, which makes a rerun resume: a notebook already in it is not graded
   again.

The course it grades in (`autograder.pipeline.workspace`) is a private one under
``OUT/.work`` with its own gradebook (the repo's is never touched), or an existing course
(``--course``) and gradebook (``--db-url``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from autograder.config import ensure_tools_on_path
from autograder.pipeline import rebuild, static_flags, status, verify, workspace
from autograder.pipeline.execute import Job, in_workers
from autograder.pipeline.outputs import Outputs, Progress
from autograder.pipeline.status import Row

__all__ = ["Row", "grade", "print_progress"]


def grade(
    assignment: str,
    folder: Path,
    out: Path,
    *,
    workers: int = 2,
    timeout: float = 30,
    progress: Progress | None = None,
    course_root: Path | None = None,
    db_url: str | None = None,
) -> list[Row]:
    """
    Grade every submission in ``folder``; write OUT; return the rows in folder order.

    Parameters
    ----------
    assignment : str
        The assignment (lesson) id, e.g. ``"00-start-here"``.
    folder : pathlib.Path
        The submissions: nbgrader's layout (``<student>/<assignment>/*.ipynb``) or flat
        (``<student>.ipynb``).
    out : pathlib.Path
        The output folder; a rerun into the same folder resumes from its ledger.
    workers : int, default 2
        Worker processes, >= 1; at most the machine's cores are used.
    timeout : float, default 30
        Seconds a cell may run before it is interrupted (status ``timeout``); > 0.
    progress : callable, optional
        ``progress(row, done, total)`` after each row, e.g. `print_progress`.
    course_root : pathlib.Path, optional
        Grade into this existing course (its gradebook and folders, e.g. for the Formgrader
        and ``nbgrader release_feedback``); by default a private course under OUT/.work.
    db_url : str, optional
        The gradebook's URL (e.g. PostgreSQL); by default the course's sqlite gradebook.

    Returns
    -------
    list of Row
        One per submitted file, in the folder's order.

    Raises
    ------
    RuntimeError
        If the course or the sandbox cannot be set up (one sentence, for the CLI).
    """
    ensure_tools_on_path()  # nbgrader runs `alembic` by name on a fresh gradebook
    workspace.quiet_known_noise()
    course = workspace.open_course(assignment, out, timeout, course_root=course_root, db_url=db_url)
    release = course.lesson(assignment)
    submissions = rebuild.discover(assignment, folder)
    outputs = Outputs(out, course, assignment, len(submissions), progress)
    jobs = []
    for submission in submissions:
        prepared = rebuild.prepare(submission, release)  # 1. rebuild
        prepared = static_flags.flag(prepared)  # 2. static flags
        if outputs.resume(prepared):  # already in the ledger: not graded again
            continue
        if prepared.status != "ok":
            outputs.record(status.refused(prepared, assignment))  # 5. and 6. for a refused file
            continue
        jobs.append(Job(prepared, rebuild.place(prepared, submission, course, assignment)))
    for job, executed in in_workers(  # 3. execute in the sandbox, then 4. verify
        course, assignment, jobs, workers=workers, timeout=timeout, then=verify.verify
    ):
        row = status.decide(job.prepared, assignment, executed)  # 5. status
        outputs.record(row, job.student)  # 6. write outputs
    rows = outputs.finish(submissions)  # 6. grades.csv
    if course_root is not None:
        workspace.give_back(course)
    return rows


def print_progress(row: Row, done: int, total: int) -> None:
    """
    Print one plain log line per student on stderr (the CLI uses a rich bar on a terminal).

    Parameters
    ----------
    row : Row
    done : int
        Rows so far, >= 1.
    total : int
        Submissions in the run.
    """
    score = "" if row.score is None else f" {row.score:g}/{row.max_score:g}"
    print(f"[{done}/{total}] {row.student_id}: {row.status}{score}", file=sys.stderr, flush=True)
