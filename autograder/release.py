"""Generate ``lessons/`` from ``solutions/`` with nbgrader, byte-for-byte reproducibly.

nbgrader's ``generate_assignment`` clears solutions, strips hidden tests and outputs, and
records checksums. It runs here in a scratch course (its own gradebook), so releasing never
touches the instructor's gradebook; the released notebooks are then written back with
nbformat's stable layout. Same input, same bytes.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

import nbformat

from autograder.config import ASSIGNMENTS, ROOT, course_config


def generate(assignment: str, scratch: Path) -> Path:
    """
    Release one assignment inside ``scratch`` with nbgrader; return its release folder.

    Parameters
    ----------
    assignment : str
        The assignment (lesson) name.
    scratch : pathlib.Path
        A scratch course root holding ``solutions/<assignment>/``.

    Returns
    -------
    pathlib.Path
    """
    from nbgrader.apps import NbGraderAPI

    api = NbGraderAPI(config=course_config(scratch))
    api.log.setLevel(logging.ERROR)
    result = api.generate_assignment(assignment, force=True, create=True)
    if not result["success"]:
        raise RuntimeError(f"nbgrader could not release {assignment}:\n{result['log']}")
    return scratch / "lessons" / assignment


def normalise(notebook_path: Path) -> bytes:
    """
    Return the notebook in nbformat's canonical layout, with no outputs or counts.

    Parameters
    ----------
    notebook_path : pathlib.Path

    Returns
    -------
    bytes
    """
    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    notebook.metadata.pop("widgets", None)
    return (nbformat.writes(notebook) + "\n").encode()


def release(assignments: tuple[str, ...] = ASSIGNMENTS, root: Path = ROOT) -> list[Path]:
    """
    Regenerate ``lessons/<a>/`` for each assignment from ``solutions/<a>/``.

    Parameters
    ----------
    assignments : tuple of str
        The assignments to release, by default every lesson of the course.
    root : pathlib.Path
        The repository (or a scratch copy of it) holding ``solutions/``.

    Returns
    -------
    list of pathlib.Path
        The files written under ``lessons/``.

    Raises
    ------
    FileNotFoundError
        If an assignment has no source folder (run ``make lessons``): a lesson never
        silently drops out of the release.
    """
    written = []
    with tempfile.TemporaryDirectory(prefix="mm-release-") as folder:
        scratch = Path(folder)
        (scratch / "autograder").mkdir()
        for assignment in assignments:
            source = root / "solutions" / assignment
            if not source.is_dir():
                raise FileNotFoundError(f"{assignment} has no source notebook in {source}")
            shutil.copytree(
                source,
                scratch / "solutions" / assignment,
                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
            )
            released = generate(assignment, scratch)
            target = root / "lessons" / assignment
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            for item in sorted(released.rglob("*")):
                destination = target / item.relative_to(released)
                if item.is_dir():
                    destination.mkdir(exist_ok=True)
                elif item.suffix == ".ipynb":
                    destination.write_bytes(normalise(item))
                    written.append(destination)
                else:
                    shutil.copy2(item, destination)
                    written.append(destination)
    return written
