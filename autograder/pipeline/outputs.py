"""Stage 6: write what grading found; the only module that writes the output folder.

    OUT/grades.csv               one row per submitted file (`COLUMNS`), written at the end
    OUT/results/<student>.json   Gradescope's results format, as each row is decided
    OUT/feedback/<student>.html  nbgrader's feedback, copied from the course as each row is
                                 decided (nbgrader renders it in the worker, after stage 4)
    OUT/ledger.jsonl             finished rows (ok, needs_review, timeout), appended and
                                 synced one by one, for resuming after a crash or a kill

Resuming reads the ledger: a (assignment, student, notebook sha256) already there is not
graded again; its row is reused as it was.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from autograder.pipeline.rebuild import Prepared, Submission
from autograder.pipeline.status import Row
from autograder.pipeline.workspace import Course

COLUMNS = ("student_id", "assignment", "score", "max_score", "status", "flags")
FINISHED = ("ok", "needs_review", "timeout")  # rows the ledger keeps: not graded again
Progress = Callable[[Row, int, int], None]  # (row, rows so far, submissions)


class Outputs:
    """
    The output folder of one grading run: every write to OUT goes through here.

    Parameters
    ----------
    out : pathlib.Path
        The output folder; created if missing.
    course : Course
        The course nbgrader graded in (feedback is copied from it).
    assignment : str
        The assignment (lesson) id.
    total : int
        How many submissions there are, for ``progress``; >= 0.
    progress : callable, optional
        ``progress(row, done, total)`` after each row, e.g. `autograder.driver.print_progress`.
    """

    def __init__(
        self,
        out: Path,
        course: Course,
        assignment: str,
        total: int,
        progress: Progress | None = None,
    ) -> None:
        self.out, self.course, self.assignment = out, course, assignment
        self.total, self.progress = total, progress
        self.rows: dict[str, Row] = {}
        out.mkdir(parents=True, exist_ok=True)
        self.ledger = _read_ledger(out / "ledger.jsonl")

    def resume(self, prepared: Prepared) -> bool:
        """
        Reuse the ledger's row for this notebook, if it is there.

        Parameters
        ----------
        prepared : Prepared
            The precheck's result (its student id and sha256 are the ledger's key).

        Returns
        -------
        bool
            True when the row was taken from the ledger: that notebook is not graded again.
        """
        row = self.ledger.get((self.assignment, prepared.student_id, prepared.sha256))
        if row is not None:
            self.record(row)
        return row is not None

    def record(self, row: Row, student: str | None = None) -> None:
        """
        Write one decided row: its results file, its feedback, its ledger line.

        Parameters
        ----------
        row : Row
        student : str, optional
            nbgrader's student id, when nbgrader graded the notebook in this run (its
            feedback is then copied to ``OUT/feedback/<student_id>.html``).
        """
        self.rows[row.student_id] = row
        if student is not None:
            self._copy_feedback(student, row)
        self._write_result(row)
        key = (row.assignment, row.student_id, row.sha256)
        if row.status in FINISHED and self.ledger.get(key) != row:
            self.ledger[key] = row
            with (self.out / "ledger.jsonl").open("a") as ledger:
                ledger.write(json.dumps(asdict(row)) + "\n")
                ledger.flush()
                os.fsync(ledger.fileno())
        if self.progress is not None:
            self.progress(row, len(self.rows), self.total)

    def finish(self, submissions: list[Submission]) -> list[Row]:
        """
        Write grades.csv; return the rows in the submissions' order.

        Parameters
        ----------
        submissions : list of Submission
            Every submission of the run, in the order grades.csv lists them.

        Returns
        -------
        list of Row
            One per submission that has a row.
        """
        rows = [self.rows[s.student_id] for s in submissions if s.student_id in self.rows]
        with (self.out / "grades.csv").open("w", newline="") as handle:
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
        return rows

    def _copy_feedback(self, student: str, row: Row) -> None:
        source = self.course.notebook("feedback", student, self.assignment).with_suffix(".html")
        if source.exists():
            (self.out / "feedback").mkdir(exist_ok=True)
            shutil.copy(source, self.out / "feedback" / f"{row.student_id}.html")

    def _write_result(self, row: Row) -> None:
        results = self.out / "results"
        results.mkdir(exist_ok=True)
        payload = {
            "score": row.score,
            "output": f"status: {row.status}" + (f" ({row.message})" if row.message else ""),
            "tests": [
                {
                    "name": test["name"],
                    "score": test["score"],
                    "max_score": test["max_score"],
                    "output": "" if test["score"] == test["max_score"] else "not all points",
                }
                for test in row.tests
            ],
        }
        (results / f"{row.student_id}.json").write_text(json.dumps(payload, indent=1))


def _read_ledger(path: Path) -> dict[tuple[str, str, str], Row]:
    done = {}
    if path.exists():
        for line in path.read_text().splitlines():
            try:
                row = Row(**json.loads(line))
            except (json.JSONDecodeError, TypeError):
                continue  # a line cut short by a kill: that student is graded again
            done[(row.assignment, row.student_id, row.sha256)] = row
    return done
