"""The grading worker: one long-lived process calling nbgrader's API, one student at a time.

For each student the worker: kills anything left by the slot's sandbox uid; autogrades with
nbgrader (the kernel is `autograder.kernel`, sandboxed when we are root); kills whatever the
kernel left behind (flag ``process-outlived-kernel``); reads the audit notes the sandbox
wrote (``solutions-access``, ``gradebook-access``, ``process-started``...); **recomputes
every checked cell's verdict here, from the answer records** (`course.grading.verdict`), and
overwrites nbgrader's score where the kernel's own verdict disagrees (flag
``verdict-overridden``); and only then writes the feedback, so feedback, gradebook and CSV
agree. Student code never runs in this process.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder import sandbox
from autograder.config import ROOT, course_config

KERNEL = "margin-grader"
# The rebuilt notebooks that nbgrader autogrades. Not the course's own "submitted" folder:
# that keeps each learner's file byte for byte, as `nbgrader release_feedback` needs it.
REBUILT = "autograder/rebuilt"
_CALL = re.compile(r"""\b(check|grade)\(\s*["'](q\d+_\d+_[a-z0-9_]+)["']""")


@dataclass(frozen=True)
class Course:
    """Where grading happens: an nbgrader course folder, its gradebook URL, the driver's files."""

    root: Path
    db_url: str
    work: Path  # the driver's own files (kernelspec, slots, audit notes): OUT/.work
    sandbox: sandbox.Sandbox | None = None

    def config(self, timeout: float = 30):
        config = course_config(self.root)
        config.CourseDirectory.db_url = self.db_url
        config.CourseDirectory.submitted_directory = REBUILT
        config.Execute.kernel_name = KERNEL
        config.Execute.timeout = int(timeout)
        config.Execute.interrupt_on_timeout = True
        config.Autograde.autograde_preprocessors = _preprocessors()
        return config

    def notebook(self, folder: str, student: str, assignment: str) -> Path:
        return self.root / "autograder" / folder / student / assignment / f"{assignment}.ipynb"

    def watched(self) -> list[tuple[str, str]]:
        """Paths whose opening the sandbox notes, and the flag each gives."""
        pairs = [
            (ROOT / "solutions", "solutions-access"),
            (self.root / "solutions", "solutions-access"),
            (ROOT / "autograder" / "lessons", "solutions-access"),
            (ROOT / ".git", "solutions-access"),
            (self.root / "autograder", "gradebook-access"),
            (ROOT / "autograder", "gradebook-access"),
            (self.work.parent, "grader-files-access"),
        ]
        if self.db_url.startswith("sqlite:///"):
            pairs.append((Path(self.db_url[len("sqlite:///") :].split("?")[0]), "gradebook-access"))
        return [(str(path), flag) for path, flag in pairs]


def _preprocessors() -> list:
    """nbgrader's autograde steps, with `CappedExecute` in place of `Execute`."""
    from nbgrader.converters import Autograde

    from autograder.limits import CappedExecute

    steps = list(Autograde.class_traits()["autograde_preprocessors"].default())
    return [CappedExecute if step.__name__ == "Execute" else step for step in steps]


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


def api_for(course: Course, timeout: float, ipc: str | None = None):
    """
    nbgrader's API on ``course``, with the grading kernel and offline feedback templates.

    ``ipc`` (a path prefix) makes kernels talk over Unix sockets there instead of TCP, so a
    sandboxed kernel can live in a network namespace of its own, with no network at all.
    """
    from nbgrader.apps import NbGraderAPI

    data = install_kernel(course.work)
    paths = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    for folder in (str(ROOT / "autograder" / "jupyter"), str(data)):
        if folder not in paths:
            paths.insert(0, folder)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, paths))
    config = course.config(timeout)
    if ipc:
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = ipc
    api = NbGraderAPI(config=config)
    api.log.setLevel(logging.ERROR)
    return api


_STATE: dict = {}


def quiet_known_noise() -> None:
    """Silence nbgrader's SAWarnings under SQLAlchemy 2.1 and nbconvert meeting answer records."""
    warnings.filterwarnings("ignore", message=".*not in session, add operation along")
    warnings.filterwarnings("ignore", message="Your element with mimetype")


def start(course: Course, timeout: float, slots: int) -> None:
    """Worker initializer: the API, and a sandbox slot (uid) of our own when sandboxed."""
    quiet_known_noise()
    ipc = None
    if course.sandbox is not None:
        _STATE["slot"], _STATE["uid"] = sandbox.claim_slot(sandbox.STATE / "slots", slots)
        ipc = str(course.sandbox.homes / str(_STATE["uid"]) / "kernel")
    _STATE["course"], _STATE["api"] = course, api_for(course, timeout, ipc)


def grade_one(assignment: str, student: str) -> dict:
    """Autograde, verify and write feedback for one student; never raise."""
    course, api = _STATE["course"], _STATE["api"]
    flags: list[str] = []
    uid = _STATE.get("uid")
    audit = course.work / "audit" / f"{student}.jsonl"
    try:
        if uid is not None:
            sandbox.reap(uid, course.sandbox.python)
            sandbox.clean_temp(uid)
            audit.parent.mkdir(exist_ok=True)
            audit.unlink(missing_ok=True)
            os.environ["MM_GRADER_SANDBOX_PLAN"] = course.sandbox.plan(uid, audit, course.watched())
        result = api.autograde(assignment, student, force=True)
        if uid is not None:
            spare = sandbox.kernel_pid(course.sandbox, uid)
            if sandbox.reap(uid, course.sandbox.python, spare=spare):
                flags.append("process-outlived-kernel")
            sandbox.clean_temp(uid)
            flags += _audit_flags(audit)
        outcome = {"success": bool(result["success"]), "log": str(result.get("log", ""))[-4000:]}
        if result["success"]:
            flags += verify(course, assignment, student)
            api.generate_feedback(assignment, student, force=True)
    except Exception as error:  # one student's failure must not stop the batch
        outcome = {"success": False, "log": f"{type(error).__name__}: {error}"}
    outcome["flags"] = sorted(set(flags))
    return outcome


def _audit_flags(path: Path) -> list[str]:
    flags = []
    try:
        lines = path.read_text(errors="replace").splitlines()[:1000]
    except OSError:
        return flags
    for line in lines:
        try:
            flag = json.loads(line).get("flag")
        except (json.JSONDecodeError, AttributeError):
            continue
        if isinstance(flag, str) and re.fullmatch(r"[a-z-]{1,40}", flag):
            flags.append(flag)
    return flags


def checked_cells(source: nbformat.NotebookNode) -> dict[str, tuple[str, str]]:
    """grade id -> (question id, mode) for each test cell that calls check() or grade()."""
    found = {}
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            calls = _CALL.findall(cell.source)
            if len(calls) == 1:
                found[meta["grade_id"]] = (calls[0][1], calls[0][0])
    return found


def records(cell: nbformat.NotebookNode) -> list:
    """The answer records a graded cell published."""
    from course.grading import RECORD_MIMETYPE

    found = []
    for output in cell.get("outputs", []):
        data = output.get("data", {}) if isinstance(output, dict) else {}
        if RECORD_MIMETYPE in data:
            found.append(data[RECORD_MIMETYPE])
    return found


def verdicts(source: nbformat.NotebookNode, graded: nbformat.NotebookNode) -> dict[str, bool]:
    """grade id -> pass, recomputed from the records: every record right, and at least one."""
    from course.grading import verdict

    cells = {
        cell.metadata.get("nbgrader", {}).get("grade_id"): cell
        for cell in graded.cells
        if cell.cell_type == "code"
    }
    result = {}
    for grade_id, (question_id, mode) in checked_cells(source).items():
        found = records(cells[grade_id]) if grade_id in cells else []
        result[grade_id] = bool(found) and all(
            verdict(question_id, record, mode) for record in found
        )
    return result


def verify(course: Course, assignment: str, student: str) -> list[str]:
    """Overwrite nbgrader's auto scores with the recomputed verdicts; return flags."""
    from nbgrader.api import Gradebook

    source = nbformat.read(course.root / "solutions" / assignment / f"{assignment}.ipynb", 4)
    graded = nbformat.read(course.notebook("autograded", student, assignment), 4)
    passed = verdicts(source, graded)
    flags = []
    with Gradebook(course.db_url) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.name not in passed:
                    continue
                score = float(grade.max_score) if passed[grade.name] else 0.0
                if grade.auto_score is None or float(grade.auto_score) != score:
                    grade.auto_score = score
                    flags.append("verdict-overridden")
        gradebook.db.commit()
    return flags
