"""Stage 5: decide each row's status, score and flags, from structured data only.

The inputs are facts no student code can write: the precheck (stage 1), the static flags
(stage 2), the executor's `autograder.limits.ExecutionReport` (nbclient's own timeouts and
``DeadKernelError``, the kernel process's exit status), nbgrader's success value, the
worker's own exceptions, and the scores recomputed from answer records (stage 4). Never the
text of an output, an error's name or traceback, or nbgrader's log: a notebook that prints
or raises ``CellTimeoutError`` is graded like any other.

Statuses:
    ok            graded; every graded cell has a score
    needs_review  graded, and the score stands, but a person should look: a written answer
                  to grade by hand, or a flag in `REVIEW_FLAGS` (the notebook tried to read
                  the solutions or the gradebook, to patch the grader, or its kernel's
                  verdicts disagreed with the answer records)
    timeout       a cell ran past --timeout; the score is left empty
    invalid       not a readable notebook (empty, bad JSON, a link, not a notebook); no score
    error         the grader could not finish (e.g. the kernel died); no score

Flags for how execution went: ``cell-timeout`` (a cell ran past the timeout, or its output
did not arrive), ``kernel-died``, ``output-flood`` (output past the executor's cap was
dropped), ``worker-crashed`` (the grading process died twice on this notebook).
A row's score is empty, never a fake 0, unless the status is ok or needs_review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from autograder.limits import ExecutionReport
from autograder.pipeline.execute import Executed
from autograder.pipeline.rebuild import Prepared
from autograder.pipeline.verify import Verified

# Flags that send a graded notebook to a person: the score stands (it was recomputed from the
# answer records), but the notebook tried something an instructor should see.
REVIEW_FLAGS = frozenset(
    {
        "verdict-overridden",
        "grader-internals",
        "module-patched",
        "rigged-object",
        "dynamic-code",
        "solutions-access",
        "gradebook-access",
        "grader-files-access",
    }
)
SCORED = ("ok", "needs_review")


@dataclass
class Row:
    """One line of grades.csv, plus the per-test results behind it."""

    student_id: str
    assignment: str
    status: str
    score: float | None = None
    max_score: float | None = None
    flags: list[str] = field(default_factory=list)
    tests: list[dict[str, Any]] = field(default_factory=list)
    sha256: str = ""
    message: str = ""


def refused(prepared: Prepared, assignment: str) -> Row:
    """
    Return the row of a submission the precheck refused.

    Parameters
    ----------
    prepared : Prepared
        A submission whose status is not "ok" (e.g. "invalid").
    assignment : str

    Returns
    -------
    Row
        Its status, flags and reason; no score.
    """
    return Row(
        prepared.student_id,
        assignment,
        prepared.status,
        flags=list(prepared.flags),
        sha256=prepared.sha256,
        message=prepared.reason,
    )


def decide(prepared: Prepared, assignment: str, executed: Executed[Verified]) -> Row:
    """
    Return the row of an executed submission: its status, score and flags.

    Parameters
    ----------
    prepared : Prepared
        The precheck's result, with the static flags.
    assignment : str
    executed : Executed
        Stage 3's facts, with stage 4's `Verified` scores as ``checked`` when nbgrader
        finished.

    Returns
    -------
    Row
        error (no score) when the worker crashed, nbgrader did not finish or a graded cell
        has no score; timeout (no score) when a cell timed out; else ok or needs_review,
        with the verified score.
    """
    row = Row(prepared.student_id, assignment, "error", sha256=prepared.sha256)
    verified = executed.checked
    row.flags = [*prepared.flags, *executed.flags, *_execution_flags(executed.reports)]
    row.flags += verified.flags if verified is not None else []
    if executed.crashed:
        row.flags.append("worker-crashed")
        row.message = "the grading process died twice"
    elif not executed.finished or verified is None:
        row.message = _why_unfinished(executed)
    elif any(report.timed_out_cells for report in executed.reports):
        row.status, row.tests = "timeout", verified.tests
        cells = [cell + 1 for report in executed.reports for cell in report.timed_out_cells]
        where = ", ".join(map(str, cells))
        row.message = f"timed out in cell{'s' if len(cells) > 1 else ''} {where}"
    elif not verified.needs_manual and any(test["score"] is None for test in verified.tests):
        row.message = "a graded cell has no score"
    else:
        row.tests = verified.tests
        row.score = float(sum(test["score"] or 0.0 for test in verified.tests))
        row.max_score = float(sum(test["max_score"] for test in verified.tests))
        review = verified.needs_manual or bool(REVIEW_FLAGS & set(row.flags))
        row.status = "needs_review" if review else "ok"
    row.flags = sorted(set(row.flags))
    return row


def _execution_flags(reports: list[ExecutionReport]) -> list[str]:
    flags = []
    if any(report.timed_out_cells for report in reports):
        flags.append("cell-timeout")
    if any(report.kernel_died for report in reports):
        flags.append("kernel-died")
    if any(report.output_truncated for report in reports):
        flags.append("output-flood")
    return flags


def _why_unfinished(executed: Executed[Any]) -> str:
    """One sentence, from the executor's report and the worker, for results/<student>.json."""
    for report in executed.reports:
        if report.kernel_died_in_cell is not None:
            code = report.kernel_exit_status
            how = ""
            if code is not None:
                how = f", exit status {code}" if code >= 0 else f", signal {-code}"
            return f"the kernel died in cell {report.kernel_died_in_cell + 1}{how}"
        if report.stopped_by:
            return f"execution stopped: {report.stopped_by}"
    if executed.failure:
        return f"the grader failed: {executed.failure}"
    return "nbgrader could not grade this notebook"
