"""Build a hostile batch of submissions from a lesson's release (issue 6, section 2).

`build_batch(release, folder, grader_paths)` writes one file per kind into ``folder`` and
returns what the grader must make of each: ``{student_id: Expect}``. The lesson is
00-start-here, whose two answers are ``position_value`` and ``distance_pct``. Attacks get
the real paths of the grader's files (as an attacker who guessed them would), so the test
shows the sandbox stopping them, not the attacker missing them.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.limits import TRUNCATED
from autograder.solution_answers import with_solution_answers

GOOD_1 = "position_value = notional(0.25, 64_000)"
GOOD_2 = (
    'liquidation = isolated_liquidation_price("long", 65_000, 10, 0.005, basis="entry")\n'
    "distance_pct = 100 * (65_000 - liquidation) / 65_000"
)
WRONG_1, WRONG_2 = "position_value = 1600.0", "distance_pct = 10.0"
LEAK = "LEAKED:"  # printed by attacks that read something they should not
# Words the driver once searched the outputs and nbgrader's log for (issue 11, section 4): a
# notebook that prints or raises them must be graded like any other.
STATUS_WORDS = ("cell-timeout", "kernel-died", "output-flood", "verdict-overridden")
NBGRADER_TIMEOUT = "\x1b[0;31mCellTimeoutError\x1b[0m: No reply from kernel before timeout"
BACKGROUND = ["sleep", "613"]  # the forked process's command line, to look for afterwards


@dataclass(frozen=True)
class Expect:
    """What grades.csv must say: status, score ("" = empty), flags that must be among the flags."""

    status: str
    score: float | None
    flags: tuple[str, ...] = ()
    sandbox_flags: tuple[str, ...] = ()  # flags only a separate-uid sandbox can see
    absent: tuple[str, ...] = ()  # flags that must not be among the flags


def with_answers(release, first: str, second: str):
    notebook = copy.deepcopy(release)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id == "q0_1_notional":
            cell.source = first
        if grade_id == "q0_2_distance":
            cell.source = second
    return notebook


def _cell(notebook, grade_id):
    return next(
        c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
    )


def _reader(paths: list[Path]) -> str:
    """Code that tries to read each path and prints what it got."""
    return (
        f"for path in {[str(p) for p in paths]!r}:\n"
        "    try:\n"
        "        with open(path, 'rb') as handle:\n"
        f"            print({LEAK!r}, path, handle.read(200))\n"
        "    except OSError as error:\n"
        "        print('blocked:', type(error).__name__)\n"
    )


def build_batch(release, folder: Path, grader_paths: dict[str, Path]) -> dict[str, Expect]:
    """
    Write the batch; ``grader_paths`` has "solutions", "gradebook" and "source" paths, and
    optionally "port", a local TCP port that a sandboxed notebook must not reach.
    """
    good = with_answers(release, GOOD_1, GOOD_2)
    notebooks: dict[str, nbformat.NotebookNode] = {}
    expect: dict[str, Expect] = {}

    def add(student, notebook, expectation):
        notebooks[student], expect[student] = notebook, expectation

    add("correct", good, Expect("ok", 6.0))
    add("wrong", with_answers(release, WRONG_1, WRONG_2), Expect("ok", 0.0))
    add("untouched", release, Expect("ok", 0.0))
    add(
        "loops forever",
        with_answers(release, GOOD_1 + "\nwhile True:\n    pass", GOOD_2),
        Expect("timeout", None, ("cell-timeout",)),
    )
    deleted = copy.deepcopy(good)
    deleted.cells = [c for c in deleted.cells if c.get("id") != "q0-1-notional-hidden"]
    add("deleted test", deleted, Expect("ok", 6.0, ("missing-cell-restored",)))
    locked = copy.deepcopy(good)  # the setup cell now fakes the checks
    _cell(locked, "setup_00").source = "def check(*args):\n    pass\n\ngrade = check\n"
    add(
        "edited locked",
        with_answers(locked, WRONG_1, WRONG_2),
        Expect("ok", 0.0, ("edited-locked-cell",)),
    )
    retyped = copy.deepcopy(good)
    test = _cell(retyped, "q0_1_notional_hidden")
    retyped.cells[retyped.cells.index(test)] = nbformat.v4.new_markdown_cell(test.source)
    add("test to markdown", retyped, Expect("ok", 6.0, ("cell-type-changed",)))
    doubled = copy.deepcopy(good)
    test = _cell(doubled, "q0_2_distance_check")
    doubled.cells.insert(doubled.cells.index(test), copy.deepcopy(test))
    add("duplicated test", doubled, Expect("ok", 6.0, ("duplicate-cell-removed",)))
    stripped = copy.deepcopy(good)
    for cell in stripped.cells:
        cell.metadata = {}
    add("other editor", stripped, Expect("ok", 6.0, ("metadata-restored",)))
    add(
        "reads solutions",
        with_answers(
            release,
            GOOD_1 + "\n" + _reader([grader_paths["solutions"], grader_paths["source"]]),
            GOOD_2,
        ),
        Expect("needs_review", 6.0, (), ("solutions-access",)),
    )
    writer = (
        "import sqlite3\n"
        "try:\n"
        f"    db = sqlite3.connect({str(grader_paths['gradebook'])!r})\n"
        "    db.execute('UPDATE grade SET auto_score = 0')\n"
        "    db.execute('UPDATE grade SET auto_score = 99')\n"
        "    db.commit()\n"
        f"    print({LEAK!r}, 'wrote the gradebook')\n"
        "except Exception as error:\n"
        "    print('blocked:', type(error).__name__)\n"
    )
    add(
        "writes gradebook",
        with_answers(release, WRONG_1 + "\n" + writer, WRONG_2),
        Expect("needs_review", 0.0, (), ("gradebook-access",)),
    )
    add(
        "shadows checks",
        with_answers(
            release,
            "import math\nmath.isclose = lambda *a, **k: True\nabs = lambda x: 0\n" + WRONG_1,
            "import builtins\nbuiltins.abs = lambda x: 0\n" + WRONG_2,
        ),
        Expect("needs_review", 0.0, ("builtins-shadowed", "module-patched")),
    )
    always = "class Always(float):\n    def __eq__(self, other):\n        return True\n\n"
    add(
        "always equal",
        with_answers(
            release, always + "position_value = Always(1.0)", "distance_pct = Always(2.0)"
        ),
        Expect("needs_review", 0.0, ("rigged-object",)),
    )
    blanker = (
        "def blank(lines):\n"
        "    text = ''.join(lines)\n"
        "    return ['pass\\n'] if 'check(' in text or 'grade(' in text else lines\n\n"
        "get_ipython().input_transformers_cleanup.append(blank)\n"
    )
    add(
        "blanks tests",
        with_answers(release, blanker + WRONG_1, WRONG_2),
        Expect("needs_review", 0.0, ("grader-internals", "verdict-overridden")),
    )
    add(
        "exits",
        with_answers(release, GOOD_1, "import os\nos._exit(1)"),
        Expect("error", None, ("kernel-died",)),
    )
    add(
        "hogs memory",  # 10 GB fails with MemoryError under the limit; the notebook still runs
        with_answers(
            release,
            "try:\n    hog = bytearray(10 * 1024**3)\n    position_value = 0.0\n"
            "except MemoryError:  # only the limit gives the right answer\n    " + GOOD_1,
            GOOD_2,
        ),
        Expect("ok", 6.0),
    )
    forker = (
        "import subprocess\n"
        f"subprocess.Popen({BACKGROUND!r}, start_new_session=True,\n"
        "                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    )
    add(
        "forks",
        with_answers(release, forker + GOOD_1, GOOD_2),
        Expect("ok", 6.0, (), ("process-started", "process-outlived-kernel")),
    )
    if "port" in grader_paths:  # a listening socket on this machine, as a gradebook server
        phone = (
            "import socket\n"
            "try:\n"
            f"    socket.create_connection(('127.0.0.1', {grader_paths['port']}), timeout=3)\n"
            f"    print({LEAK!r}, 'reached the network')\n"
            "except OSError as error:\n"
            "    print('blocked:', error)\n"
        )
        add("phones home", with_answers(release, phone + GOOD_1, GOOD_2), Expect("ok", 6.0))
    add(
        "floods output",  # 40 MB of output in a second; the grader keeps the first few MB
        with_answers(release, "for _ in range(400):\n    print('x' * 100_000)\n" + GOOD_1, GOOD_2),
        Expect("ok", 6.0, ("output-flood",)),
    )
    add(
        "Zoë warns",
        with_answers(
            release, "import warnings\nwarnings.warn('old', FutureWarning)\n" + GOOD_1, GOOD_2
        ),
        Expect("ok", 6.0),
    )
    _add_status_impostors(release, add)
    for student, notebook in notebooks.items():
        nbformat.write(notebook, folder / f"{student}.ipynb")
    (folder / "broken.ipynb").write_text('{"cells": [')
    expect["broken"] = Expect("invalid", None, ("invalid-json",))
    (folder / "empty.ipynb").write_text("")
    expect["empty"] = Expect("invalid", None, ("empty-file",))
    (folder / "foreign.ipynb").write_text(json.dumps({"cells": [{"type": "text"}], "nbformat": 2}))
    expect["foreign"] = Expect("invalid", None, ("not-a-notebook",))
    (folder / "a link.ipynb").symlink_to(grader_paths["solutions"])
    expect["a link"] = Expect("invalid", None, ("symlink",))
    return expect


def _add_status_impostors(release, add) -> None:
    """Notebooks that print or raise what a timeout, a dead kernel or a flood looks like.

    Each gets the status and score its answers earn, and none of the flags a real timeout,
    dead kernel or flood gives: the status comes from what the executor saw, never from text.
    """
    quiet = STATUS_WORDS
    add(
        "prints CellTimeoutError",  # a scored 0/6 that the old driver turned into a timeout
        with_answers(release, 'print("CellTimeoutError")\n' + WRONG_1, WRONG_2),
        Expect("ok", 0.0, absent=quiet),
    )
    add(
        "prints nbgrader's timeout",
        with_answers(
            release,
            f"print({NBGRADER_TIMEOUT!r})\n" + GOOD_1,
            'print("Timeout waiting for execute reply (6s).")\n' + GOOD_2,
        ),
        Expect("ok", 6.0, absent=quiet),
    )
    add(
        "prints timed out",
        with_answers(
            release,
            "import sys\nprint('Cell execution timed out', file=sys.stderr)\n" + WRONG_1,
            GOOD_2,
        ),
        Expect("ok", 3.0, absent=quiet),
    )
    add(
        "prints kernel died",
        with_answers(
            release,
            'print("DeadKernelError: Kernel died")\n' + GOOD_1,
            "import sys\nprint('Kernel died while waiting for execute reply.', file=sys.stderr)\n"
            + GOOD_2,
        ),
        Expect("ok", 6.0, absent=quiet),
    )
    add(
        "raises CellTimeoutError",  # the answer is set first, so its points stand
        with_answers(
            release,
            GOOD_1 + "\n\nclass CellTimeoutError(TimeoutError):\n    pass\n\n"
            "raise CellTimeoutError('No reply from kernel before timeout')",
            GOOD_2,
        ),
        Expect("ok", 6.0, absent=quiet),
    )
    add(
        "raises DeadKernelError",  # raised before the answer: that exercise scores 0
        with_answers(
            release,
            GOOD_1,
            "class DeadKernelError(RuntimeError):\n    pass\n\n"
            "raise DeadKernelError('Kernel died')\n" + GOOD_2,
        ),
        Expect("ok", 3.0, absent=quiet),
    )
    add(
        "prints the flood marker",
        with_answers(release, f"print({TRUNCATED!r})\n" + GOOD_1, GOOD_2),
        Expect("ok", 6.0, absent=quiet),
    )
    forger = (  # the sandbox's audit notes go to a descriptor the kernel holds: forge some
        "import json, os\n"
        "audit = int(os.environ.get('MM_' + 'AUDIT_FD', '-1'))\n"
        "for flag in ('kernel-died', 'cell-timeout', 'verdict-overridden', 'output-flood'):\n"
        "    if audit >= 0:\n"
        "        os.write(audit, (json.dumps({'flag': flag}) + '\\n').encode())\n"
    )
    add(
        "forges audit notes",
        with_answers(release, forger + GOOD_1, GOOD_2),
        Expect("ok", 6.0, absent=quiet),
    )


RECOVERY_HEAD = 'def recovery_gain_pct(loss_pct):\n    """Return the gain, in percent."""\n'


def build_function_batch(release, folder: Path) -> dict[str, Expect]:
    """Lesson 01: a function exercise (q1_3, 1 + 2 points) checked on visible and hidden cases.

    Every row needs review (the lesson has a written answer); the score is the autograded part.
    """
    answered = with_solution_answers(
        release, "01-leverage", written="Same PnL; the setting only sets margin."
    )
    full = sum(
        cell.metadata["nbgrader"]["points"]
        for cell in release.cells
        if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code"
    )

    def recovery(body: str):
        notebook = copy.deepcopy(answered)
        _cell(notebook, "q1_3_recovery_function").source = RECOVERY_HEAD + body
        return notebook

    batch = {
        "answered": (answered, Expect("needs_review", full)),
        "visible only": (  # right on the visible cases (30, 50), wrong on the hidden ones
            recovery("    return {30: 300 / 7, 50: 100.0}.get(loss_pct, 0.0)\n"),
            Expect("needs_review", full - 2),
        ),
        "rigged function": (
            recovery(
                "    class Always(float):\n"
                "        def __eq__(self, other):\n"
                "            return True\n"
                "    return Always(0.0)\n"
            ),
            Expect("needs_review", full - 3, ("rigged-object",)),
        ),
    }
    for student, (notebook, _) in batch.items():
        nbformat.write(notebook, folder / f"{student}.ipynb")
    return {student: expectation for student, (_, expectation) in batch.items()}
