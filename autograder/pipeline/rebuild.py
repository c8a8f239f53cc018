"""Stage 1: find the submissions, refuse what is not a notebook, rebuild each from the release.

A learner can only contribute the **answer cells** (and extra cells of their own); every
locked cell, test cell and prose cell is taken from the released lesson, whatever the
submission did to it. What was changed is recorded as flags, so an instructor sees it:

    missing-cell-restored   a locked or test cell was deleted
    tampered-test-cell      a test cell's source was edited
    edited-locked-cell      a read-only (setup) cell was edited
    cell-type-changed       a graded cell became markdown (or the reverse)
    duplicate-cell-removed  a graded cell appeared twice; the first copy counts
    metadata-restored       nbgrader metadata was missing (another editor dropped it)
    missing-answer          an answer cell could not be found; the release stub stands

A file that cannot be graded is ``invalid``, with one of the flags ``symlink``,
``missing-file``, ``empty-file``, ``too-large``, ``invalid-json``, ``not-a-notebook``.

Submissions come in nbgrader's layout (``<folder>/<student>/<assignment>/<name>.ipynb``) or
flat, as an LMS download (``<folder>/<student>.ipynb``), where the student id is the file
name without ``.ipynb``, kept exactly. `place` writes a rebuilt notebook where nbgrader will
autograde it, under nbgrader's student id for the learner (`safe_id`).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.pipeline.workspace import Course

MAX_BYTES = 20 * 1024 * 1024
STUDENT_CELL = "student-"  # id prefix of the learner's own extra cells in a rebuilt notebook
NBGRADER_FILES = ("timestamp.txt", "submission_secret.txt")  # kept beside a rebuilt notebook
_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}")


@dataclass(frozen=True)
class Submission:
    """One student's file: where it is, and whose it is."""

    student_id: str
    path: Path


@dataclass
class Prepared:
    """A submission after the precheck: ``status`` "ok" with a rebuilt notebook, or "invalid"."""

    student_id: str
    status: str
    flags: list[str] = field(default_factory=list)
    notebook: nbformat.NotebookNode | None = None
    sha256: str = ""
    reason: str = ""


def discover(assignment: str, folder: Path) -> list[Submission]:
    """
    List every submission in ``folder``, one per file, in either layout.

    nbgrader's layout is recognised by ``<student>/<assignment>/`` folders; anything else is
    read as flat, where every visible file (any suffix, links included) is one submission.

    Parameters
    ----------
    assignment : str
        The assignment (lesson) id, e.g. ``"00-start-here"``.
    folder : pathlib.Path
        The submissions folder.

    Returns
    -------
    list of Submission
        In file-name order; a student folder without a notebook still gives one (missing).
    """
    folder = Path(folder)
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    if any((p / assignment).is_dir() for p in entries if p.is_dir() and not p.is_symlink()):
        found = []
        for student in entries:
            notebooks = sorted((student / assignment).glob("*.ipynb")) if student.is_dir() else []
            found += [Submission(student.name, path) for path in notebooks[:1]]
            if student.is_dir() and not notebooks:
                found.append(Submission(student.name, student / assignment / f"{assignment}.ipynb"))
        return found
    return [
        Submission(path.name[: -len(".ipynb")] if path.name.endswith(".ipynb") else path.name, path)
        for path in entries
        if path.is_file() or path.is_symlink()
    ]


def prepare(submission: Submission, release: nbformat.NotebookNode) -> Prepared:
    """
    Read, check and rebuild one submission against the released notebook.

    Parameters
    ----------
    submission : Submission
    release : nbformat.NotebookNode
        The released lesson the submission answers.

    Returns
    -------
    Prepared
        Status "ok" with the rebuilt notebook and the rebuild's flags, or "invalid" with one
        flag and a reason; ``sha256`` is the file's, for the ledger.
    """
    sid, path = submission.student_id, submission.path
    if path.is_symlink():
        return Prepared(sid, "invalid", ["symlink"], reason="the submission is a link, not a file")
    if not path.is_file():
        return Prepared(sid, "invalid", ["missing-file"], reason="no notebook was submitted")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return Prepared(sid, "invalid", ["empty-file"], sha256=digest, reason="the file is empty")
    if len(data) > MAX_BYTES:
        return Prepared(
            sid,
            "invalid",
            ["too-large"],
            sha256=digest,
            reason=f"the file is over {MAX_BYTES // 2**20} MiB",
        )
    try:
        raw = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return Prepared(
            sid, "invalid", ["invalid-json"], sha256=digest, reason=f"not JSON: {error}"
        )
    try:
        student = nbformat.reads(json.dumps(raw), as_version=4)
        nbformat.validate(student)
    except Exception as error:  # nbformat raises several kinds for foreign formats
        return Prepared(
            sid,
            "invalid",
            ["not-a-notebook"],
            sha256=digest,
            reason=f"not a Jupyter notebook: {str(error)[:200]}",
        )
    notebook, flags = rebuild(student, release)
    return Prepared(sid, "ok", flags, notebook, digest)


def safe_id(student_id: str) -> str:
    """
    Return nbgrader's student id for a learner id.

    The id itself when it is a plain folder name, else a stable hash (spaces, unicode,
    slashes).

    Parameters
    ----------
    student_id : str
        The learner's id, as `discover` found it.

    Returns
    -------
    str

    Examples
    --------
    >>> safe_id("alice_01"), safe_id("Ana María / 2")
    ('alice_01', 'sf5d493816b62489e')
    """
    if _PLAIN_ID.fullmatch(student_id) and student_id not in (".", ".."):
        return student_id
    return "s" + hashlib.sha256(student_id.encode()).hexdigest()[:16]


def place(prepared: Prepared, submission: Submission, course: Course, assignment: str) -> str:
    """
    Write a rebuilt notebook where nbgrader autogrades it; return nbgrader's student id.

    Next to it go the submission's ``timestamp.txt`` (late penalties) and
    ``submission_secret.txt`` (release_feedback), when they are small plain files.

    Parameters
    ----------
    prepared : Prepared
        A submission with status "ok".
    submission : Submission
        Where it came from.
    course : Course
    assignment : str

    Returns
    -------
    str
        `safe_id` of the learner.
    """
    student = safe_id(prepared.student_id)
    target = course.notebook("rebuilt", student, assignment).parent
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    nbformat.write(prepared.notebook, target / f"{assignment}.ipynb")
    for name in NBGRADER_FILES:
        kept = submission.path.parent / name
        if kept.is_file() and not kept.is_symlink() and kept.stat().st_size < 4096:
            shutil.copy(kept, target / name)
    return student


def _grade_id(cell: nbformat.NotebookNode) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def rebuild(
    student: nbformat.NotebookNode, release: nbformat.NotebookNode
) -> tuple[nbformat.NotebookNode, list[str]]:
    """
    Return the release with the student's answers and extra cells in it.

    Student cells are matched to release cells by grade id, then by cell id, then by identical
    source; an answer cell whose metadata was dropped is found between its matched neighbours.

    Parameters
    ----------
    student : nbformat.NotebookNode
        The submitted notebook (any edits).
    release : nbformat.NotebookNode
        The released lesson.

    Returns
    -------
    notebook : nbformat.NotebookNode
        The rebuilt notebook, without outputs; the learner's extra code cells have ids
        starting with `STUDENT_CELL`.
    flags : list of str
        Sorted, from the list in this module's docstring.
    """
    flags: list[str] = []
    by_grade = {_grade_id(c): i for i, c in enumerate(release.cells) if _grade_id(c)}
    by_id = {c.get("id"): i for i, c in enumerate(release.cells) if c.get("id")}
    by_source: dict[str, int] = {}
    for i, c in enumerate(release.cells):
        if not c.get("metadata", {}).get("nbgrader", {}).get("solution"):
            by_source.setdefault(c.source, i)
    match: dict[int, int] = {}  # release index -> student index
    extra: list[int] = []
    for j, cell in enumerate(student.cells):
        grade_id = _grade_id(cell)
        found = by_grade.get(grade_id) if grade_id else None
        if found is None and cell.get("id") in by_id:
            found = by_id[cell["id"]]
            if _grade_id(release.cells[found]):
                flags.append("metadata-restored")
        if found is None and cell.source in by_source:
            found = by_source[cell.source]
            if _grade_id(release.cells[found]):
                flags.append("metadata-restored")
        if found is None:
            extra.append(j)
        elif found in match:
            if _grade_id(release.cells[found]):
                flags.append("duplicate-cell-removed")
        else:
            match[found] = j
    _find_orphan_answers(release, student, match, extra, flags)
    return _assemble(release, student, match, extra, flags), sorted(set(flags))


def is_answer(cell: nbformat.NotebookNode) -> bool:
    """
    Tell whether ``cell`` is an answer cell: code, or markdown for a written answer.

    Parameters
    ----------
    cell : nbformat.NotebookNode

    Returns
    -------
    bool
        True when its nbgrader metadata marks it as a solution.
    """
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def _find_orphan_answers(release, student, match, extra, flags) -> None:
    """Give an unmatched answer cell the first extra code cell between its matched neighbours."""
    for i, cell in enumerate(release.cells):
        if not is_answer(cell) or i in match:
            continue
        before = max((match[k] for k in match if k < i), default=-1)
        after = min((match[k] for k in match if k > i), default=len(student.cells))
        candidates = [
            j for j in extra if before < j < after and student.cells[j].cell_type == cell.cell_type
        ]
        if candidates:
            match[i] = candidates[0]
            extra.remove(candidates[0])
            flags.append("metadata-restored")


def _assemble(release, student, match, extra, flags):
    notebook = copy.deepcopy(release)
    cells = []
    placed_extra = set()
    student_to_release = {j: i for i, j in match.items()}
    for i, cell in enumerate(release.cells):
        mine = student.cells[match[i]] if i in match else None
        new = copy.deepcopy(cell)
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if is_answer(cell):
            if mine is None:
                flags.append("missing-answer")
            else:
                new.source = mine.source
                if mine.cell_type != cell.cell_type:
                    flags.append("cell-type-changed")
        elif meta.get("grade_id"):
            if mine is None:
                flags.append("missing-cell-restored")
            elif mine.cell_type != cell.cell_type:
                flags.append("cell-type-changed")
            elif mine.source != cell.source:
                flags.append("tampered-test-cell" if meta.get("grade") else "edited-locked-cell")
        if new.cell_type == "code":
            new.outputs, new.execution_count = [], None
        cells.append(new)
        # The student's own cells that followed this one stay right after it.
        if i in match:
            for j in range(match[i] + 1, len(student.cells)):
                if j in student_to_release:
                    break
                if j in extra and j not in placed_extra and student.cells[j].cell_type == "code":
                    own = nbformat.v4.new_code_cell(student.cells[j].source)
                    own["id"] = f"{STUDENT_CELL}{j}"
                    cells.append(own)
                    placed_extra.add(j)
    notebook.cells = cells
    return notebook
