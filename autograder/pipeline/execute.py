"""Stage 3: execute each rebuilt notebook in the sandbox, with nbgrader's autograde, in workers.

`in_workers` runs a pool of long-lived worker processes (at most the cores), each holding
one nbgrader API and, when we are root, one sandbox slot (a uid of its own). For each
student the worker, in `grade_one`:

1. kills anything left by the slot's uid, and clears its temp files;
2. calls ``NbGraderAPI.autograde``: the kernel is `autograder.kernel`, under rlimits and, as
   root, as the slot's uid with no network (`autograder.sandbox`); the executor is
   `autograder.limits.CappedExecute`, which notes in an `ExecutionReport` every timeout,
   dead kernel (with its exit status) and truncation that nbclient itself saw;
3. kills whatever the kernel left behind (flag ``process-outlived-kernel``) and reads the
   sandbox's audit notes (only the flags in `AUDIT_FLAGS`: the kernel can write that file,
   so it can never forge a status flag there);
4. when nbgrader finished, runs stage 4 (the ``then`` the driver passes: verification, which
   must correct the gradebook first) and then nbgrader's feedback.

A worker that dies (e.g. killed for memory) costs only its own student: the students it left
are graded again alone, and one that kills its worker twice comes back ``crashed``. Student
code never runs in these processes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from autograder import sandbox_slots
from autograder.limits import ExecutionReport, take_reports
from autograder.pipeline.rebuild import Prepared
from autograder.pipeline.workspace import AUDIT_FLAGS, Course, api_for, quiet_known_noise
from autograder.sandbox import STATE

Checked = TypeVar("Checked")  # what the ``then`` step returns (stage 4's `Verified`)


@dataclass(frozen=True)
class Job:
    """One rebuilt notebook to execute: the precheck's result, and nbgrader's student id."""

    prepared: Prepared
    student: str


@dataclass
class Executed(Generic[Checked]):
    """What executing one student's notebook gave: facts from the executor, never output text."""

    finished: bool  # nbgrader's autograde completed (its own success value)
    reports: list[ExecutionReport] = field(default_factory=list)  # one per notebook executed
    checked: Checked | None = None  # what ``then`` returned, when nbgrader finished
    flags: list[str] = field(default_factory=list)  # the sandbox's
    crashed: bool = False  # the worker process died, twice
    failure: str = ""  # an exception raised in the worker itself (type: message)


def in_workers(
    course: Course,
    assignment: str,
    jobs: list[Job],
    *,
    workers: int,
    timeout: float,
    then: Callable[[Course, str, str], Checked],
) -> Iterator[tuple[Job, Executed[Checked]]]:
    """
    Execute every job in a pool of workers; yield each as it finishes.

    Parameters
    ----------
    course : Course
    assignment : str
        The assignment (lesson) id.
    jobs : list of Job
        Rebuilt notebooks already placed in the course (`autograder.pipeline.rebuild.place`).
    workers : int
        Worker processes, >= 1; at most the machine's cores and the number of jobs are used.
    timeout : float
        Seconds a cell may run before it is interrupted; > 0.
    then : callable
        ``then(course, assignment, student)``, run in the worker after nbgrader finished and
        before it renders the feedback; must be a module-level function (it is pickled).

    Yields
    ------
    (Job, Executed)
        In the order the jobs finish; every job exactly once.
    """
    workers = max(1, min(workers, os.cpu_count() or 1, len(jobs) or 1))
    crashed = yield from _run_pool(course, assignment, jobs, workers, timeout, then)
    for again in crashed:  # alone this time, so a crash names its own notebook
        for lost in (yield from _run_pool(course, assignment, [again], 1, timeout, then)):
            yield lost, Executed(finished=False, crashed=True)


def _run_pool(
    course: Course,
    assignment: str,
    jobs: list[Job],
    workers: int,
    timeout: float,
    then: Callable[[Course, str, str], Checked],
) -> Generator[tuple[Job, Executed[Checked]], None, list[Job]]:
    """Yield each finished job; return the jobs that a dead worker left unfinished."""
    crashed: list[Job] = []
    if not jobs:
        return crashed
    with ProcessPoolExecutor(
        workers, initializer=start, initargs=(course, timeout, workers, then)
    ) as pool:
        futures = {pool.submit(grade_one, assignment, job.student): job for job in jobs}
        for future in as_completed(futures):
            try:
                executed = future.result()
            except BrokenProcessPool:  # a worker died (e.g. killed for memory): retry alone
                crashed.append(futures[future])
                continue
            yield futures[future], executed
    return crashed


_STATE: dict[str, Any] = {}  # this worker's course, API, sandbox slot and ``then``


def start(
    course: Course, timeout: float, slots: int, then: Callable[[Course, str, str], Any]
) -> None:
    """
    Set up this worker process: nbgrader's API, and a sandbox slot (uid) of its own.

    Parameters
    ----------
    course : Course
    timeout : float
        Seconds a cell may run; > 0.
    slots : int
        How many workers share the sandbox; >= 1.
    then : callable
        The step to run after each finished autograde (see `in_workers`).

    Raises
    ------
    RuntimeError
        If no sandbox slot is free.
    """
    quiet_known_noise()
    ipc = None
    if course.sandbox is not None:
        _STATE["slot"], _STATE["uid"] = sandbox_slots.claim_slot(STATE / "slots", slots)
        ipc = str(course.sandbox.homes / str(_STATE["uid"]) / "kernel")
    _STATE["course"], _STATE["api"], _STATE["then"] = course, api_for(course, timeout, ipc), then


def grade_one(assignment: str, student: str) -> Executed[Any]:
    """
    Autograde one student's rebuilt notebook in the sandbox, check it, render its feedback.

    Runs in a worker started by `start`; never raises.

    Parameters
    ----------
    assignment : str
        The assignment (lesson) id.
    student : str
        nbgrader's student id.

    Returns
    -------
    Executed
    """
    course, api, then = _STATE["course"], _STATE["api"], _STATE["then"]
    flags: list[str] = []
    uid = _STATE.get("uid")
    audit = course.work / "audit" / f"{student}.jsonl"
    take_reports()  # nothing from an earlier student
    try:
        if uid is not None:
            sandbox_slots.reap(uid, course.sandbox.python)
            sandbox_slots.clean_temp(uid)
            audit.parent.mkdir(exist_ok=True)
            audit.unlink(missing_ok=True)
            os.environ["MM_GRADER_SANDBOX_PLAN"] = course.sandbox.plan(uid, audit, course.watched())
        result = api.autograde(assignment, student, force=True)
        if uid is not None:
            spare = sandbox_slots.kernel_pid(course.sandbox, uid)
            if sandbox_slots.reap(uid, course.sandbox.python, spare=spare):
                flags.append("process-outlived-kernel")
            sandbox_slots.clean_temp(uid)
            flags += audit_flags(audit)
        executed: Executed[Any] = Executed(finished=bool(result["success"]), reports=take_reports())
        if executed.finished:
            executed.checked = then(course, assignment, student)
            api.generate_feedback(assignment, student, force=True)
    except Exception as error:  # one student's failure must not stop the batch
        executed = Executed(finished=False, reports=take_reports())
        executed.failure = f"{type(error).__name__}: {error}"[:300]
    executed.flags = sorted(set(flags))
    return executed


def audit_flags(path: Path) -> list[str]:
    """
    Read the sandbox's audit notes for one notebook.

    The kernel holds the descriptor these notes are written to, so student code can write
    them too: only the flags in `AUDIT_FLAGS` are taken, which can at most send the
    student's own notebook to review.

    Parameters
    ----------
    path : pathlib.Path
        The notes, one JSON object per line (``{"flag": ..., "detail": ...}``); the first
        1,000 lines are read. A missing file means no notes.

    Returns
    -------
    list of str
        The flags, in file order, possibly repeated.
    """
    flags: list[str] = []
    try:
        lines = path.read_text(errors="replace").splitlines()[:1000]
    except OSError:
        return flags
    for line in lines:
        try:
            flag = json.loads(line).get("flag")
        except (json.JSONDecodeError, AttributeError):
            continue
        if isinstance(flag, str) and flag in AUDIT_FLAGS:
            flags.append(flag)
    return flags
