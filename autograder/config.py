"""The course's nbgrader configuration, shared by the CLI, the release pipeline and the grader.

``solutions/`` is nbgrader's source directory and ``lessons/`` its release directory, so a
lesson ``solutions/02-liquidation/02-liquidation.ipynb`` is released as
``lessons/02-liquidation/02-liquidation.ipynb``. Runtime folders (submitted, autograded,
feedback) and the gradebook live under ``autograder/`` and stay out of git.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
COURSE_ID = "margin-mechanics"
ASSIGNMENTS = (
    "00-start-here",
    "01-leverage",
    "02-liquidation",
    "03-cross-vs-isolated",
    "04-position-sizing",
    "05-stops-and-slippage",
    "06-fees-and-funding",
    "07-correlation",
    "08-insurance-and-adl",
    "09-cascades",
    "10-case-studies",
)
# Warnings printed by correct code (pandas, numpy) must not cost points.
IGNORED_STDERR = r"(Future|Deprecation|User|Pending|Runtime)Warning"
# nbclient's executor can miss the reply of a cell that sent a burst of widget messages and
# wait out the whole cell timeout (autograder/limits.py); this kernel manager's clients don't.
SLICED_KERNEL_CLIENT = "autograder.limits.SlicedKernelClient"


def apply(c: Config, root: Path = ROOT) -> Config:
    """
    Fill ``c`` with the course settings, for a course rooted at ``root``.

    Parameters
    ----------
    c : traitlets.config.Config
        Changed in place (nbgrader_config.py passes its own).
    root : pathlib.Path, default the repo root
        The course folder (holding solutions/, lessons/, autograder/).

    Returns
    -------
    traitlets.config.Config
        ``c``.
    """
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.course_id = COURSE_ID
    c.CourseDirectory.source_directory = "solutions"
    c.CourseDirectory.release_directory = "lessons"
    c.CourseDirectory.submitted_directory = "autograder/submitted"
    c.CourseDirectory.autograded_directory = "autograder/autograded"
    c.CourseDirectory.feedback_directory = "autograder/feedback"
    c.CourseDirectory.db_url = f"sqlite:///{root / 'autograder' / 'gradebook.db'}?timeout=30"
    c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".*"]
    c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
    c.ExecutePreprocessor.timeout = 60
    stall_free_execution(c)
    c.IgnorePattern.enabled = True
    c.IgnorePattern.pattern = IGNORED_STDERR
    c.OverwriteCells.add_missing_cells = True
    return c


def stall_free_execution(c: Config) -> Config:
    """
    Make nbgrader's ``Execute`` wait on the kernel without stalling after widget bursts.

    nbgrader's Validator (the Validate button, ``nbgrader validate``) and ``nbgrader
    autograde`` run its ``Execute`` preprocessor, an nbclient ``NotebookClient``, which
    waits on a client made by an ``AsyncKernelManager`` built with this configuration.
    ``Validator.preprocessors`` is not configurable and ``Execute`` passes its
    ``kernel_manager_class`` as a keyword (beating configuration), but the manager's
    ``client_class`` is configurable. `apply` calls this; so does
    ``autograder/jupyter/config/nbgrader_config.py``, which Validate reads wherever the
    server was started (``make lab`` puts that folder on ``JUPYTER_CONFIG_PATH``).

    Parameters
    ----------
    c : traitlets.config.Config
        Changed in place.

    Returns
    -------
    traitlets.config.Config
        ``c``, with ``AsyncKernelManager.client_class`` set to `SLICED_KERNEL_CLIENT`.
    """
    c.AsyncKernelManager.client_class = SLICED_KERNEL_CLIENT
    return c


def ensure_tools_on_path() -> None:
    """Put this interpreter's bin/ first on PATH: nbgrader runs `alembic` and the kernel by name."""
    tools = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != tools:
        os.environ["PATH"] = tools + os.pathsep + os.environ.get("PATH", "")


def course_config(root: Path = ROOT) -> Config:
    """
    Return a fresh traitlets Config for the course rooted at ``root``.

    Parameters
    ----------
    root : pathlib.Path, default the repo root

    Returns
    -------
    traitlets.config.Config
    """
    ensure_tools_on_path()
    return apply(Config(), root)
