"""The course the stages grade in: its folder, its gradebook, nbgrader's API on it.

By default that is a private course under ``OUT/.work/course`` (a copy of the lesson's
release and source, a fresh gradebook; the repo's own gradebook is never touched); with
``--course`` it is an existing nbgrader course, so its gradebook, ``autograded/`` and
``feedback/`` folders serve the Formgrader and ``nbgrader release_feedback``. Besides the
course, ``OUT/.work`` holds the driver's own files: the grading kernelspec, the sandbox's
audit notes. Nothing here reads a submission or runs student code.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from traitlets.config import Config

from autograder import sandbox
from autograder.config import ROOT, course_config

KERNEL = "margin-grader"
# The rebuilt notebooks that nbgrader autogrades. Not the course's own "submitted" folder:
# that keeps each learner's file byte for byte, as `nbgrader release_feedback` needs it.
REBUILT = "autograder/rebuilt"
# The notes the sandbox's audit hook may write (see `Course.watched`, autograder/sandbox_boot.py).
AUDIT_FLAGS = frozenset(
    {"solutions-access", "gradebook-access", "grader-files-access", "process-started"}
)


@dataclass(frozen=True)
class Course:
    """Where grading happens: an nbgrader course folder, its gradebook URL, the driver's files."""

    root: Path
    db_url: str
    work: Path  # the driver's own files (kernelspec, slots, audit notes): OUT/.work
    sandbox: sandbox.Sandbox | None = None

    def config(self, timeout: float = 30) -> Config:
        """
        Return nbgrader's configuration for grading in this course.

        Parameters
        ----------
        timeout : float, default 30
            Seconds a cell may run before nbclient interrupts it; > 0 (whole seconds used).

        Returns
        -------
        traitlets.config.Config
            The course settings, with the rebuilt folder, the grading kernel and
            `autograde_preprocessors`.
        """
        config = course_config(self.root)
        config.CourseDirectory.db_url = self.db_url
        config.CourseDirectory.submitted_directory = REBUILT
        config.Execute.kernel_name = KERNEL
        config.Execute.timeout = int(timeout)
        config.Execute.interrupt_on_timeout = True
        config.Autograde.autograde_preprocessors = autograde_preprocessors()
        return config

    def notebook(self, folder: str, student: str, assignment: str) -> Path:
        """
        Return the path of one student's notebook in one of the course's runtime folders.

        Parameters
        ----------
        folder : {"rebuilt", "autograded", "feedback"}
            The folder under ``autograder/``.
        student : str
            nbgrader's student id (see `autograder.pipeline.rebuild.safe_id`).
        assignment : str
            The assignment (lesson) id, e.g. ``"00-start-here"``.

        Returns
        -------
        pathlib.Path
            ``<root>/autograder/<folder>/<student>/<assignment>/<assignment>.ipynb``.
        """
        return self.root / "autograder" / folder / student / assignment / f"{assignment}.ipynb"

    def lesson(self, assignment: str, folder: str = "lessons") -> nbformat.NotebookNode:
        """
        Read the assignment's released (``"lessons"``) or source (``"solutions"``) notebook.

        Parameters
        ----------
        assignment : str
            The assignment (lesson) id.
        folder : {"lessons", "solutions"}, default "lessons"

        Returns
        -------
        nbformat.NotebookNode
        """
        return nbformat.read(self.root / folder / assignment / f"{assignment}.ipynb", 4)

    def watched(self) -> list[tuple[str, str]]:
        """
        Return the paths whose opening the sandbox notes, and the flag each gives.

        Returns
        -------
        list of (str, str)
            ``(path, flag)`` pairs; every flag is in `AUDIT_FLAGS`.
        """
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


def autograde_preprocessors() -> list[type]:
    """
    Return nbgrader's autograde steps, with `CappedExecute` in place of `Execute`.

    Returns
    -------
    list of type
        Preprocessor classes, in nbgrader's order.
    """
    from nbgrader.converters import Autograde

    from autograder.limits import CappedExecute

    steps = list(Autograde.class_traits()["autograde_preprocessors"].default())
    return [CappedExecute if step.__name__ == "Execute" else step for step in steps]


def install_kernel(work: Path) -> Path:
    """
    Write the limited grading kernelspec under ``work/kernels``.

    Parameters
    ----------
    work : pathlib.Path
        The driver's own folder, ``OUT/.work``.

    Returns
    -------
    pathlib.Path
        The Jupyter data folder that holds the kernelspec (``work`` itself).
    """
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


def api_for(course: Course, timeout: float, ipc: str | None = None) -> Any:
    """
    Return nbgrader's API on ``course``, with the grading kernel and offline feedback templates.

    Parameters
    ----------
    course : Course
    timeout : float
        Seconds a cell may run; > 0.
    ipc : str, optional
        A path prefix: kernels then talk over Unix sockets there instead of TCP, so a
        sandboxed kernel can live in a network namespace of its own, with no network at all.

    Returns
    -------
    nbgrader.apps.NbGraderAPI
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


def quiet_known_noise() -> None:
    """Silence nbgrader's SAWarnings under SQLAlchemy 2.1 and nbconvert meeting answer records."""
    warnings.filterwarnings("ignore", message=".*not in session, add operation along")
    warnings.filterwarnings("ignore", message="Your element with mimetype")


def open_course(
    assignment: str,
    out: Path,
    timeout: float,
    *,
    course_root: Path | None = None,
    db_url: str | None = None,
) -> Course:
    """
    Prepare the course to grade ``assignment`` in, and its gradebook.

    Parameters
    ----------
    assignment : str
        The assignment (lesson) id, e.g. ``"00-start-here"``.
    out : pathlib.Path
        The output folder; the driver's own files go to ``out/.work`` (mode 700).
    timeout : float
        Seconds a cell may run; > 0.
    course_root : pathlib.Path, optional
        An existing nbgrader course to grade into; by default a private copy under
        ``out/.work/course``.
    db_url : str, optional
        The gradebook's URL (e.g. ``postgresql+psycopg2://grader@/course``); by default the
        course's sqlite gradebook.

    Returns
    -------
    Course

    Raises
    ------
    RuntimeError
        If the sandbox cannot be set up, or nbgrader cannot enter the assignment in the
        gradebook; the message is one sentence for the command line.
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


def give_back(course: Course) -> None:
    """
    As root, hand what grading wrote in an instructor's course back to the course's owner.

    Parameters
    ----------
    course : Course
        An existing course (``--course``); its rebuilt/, autograded/ and feedback/ folders
        and its sqlite gradebook are handed over. Does nothing unless we are root.
    """
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
