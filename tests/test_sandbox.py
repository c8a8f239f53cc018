"""The grading sandbox's parts: private folders, slots, the reaper, the code flags."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time

import pytest

from autograder import sandbox, sandbox_slots
from autograder.pipeline.static_flags import notebook_flags

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="switching uid needs root")


def test_make_private_removes_only_other_users_access(tmp_path):
    folder = tmp_path / "repo"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    assert sandbox.make_private(folder) == [folder]
    assert folder.stat().st_mode & 0o777 == 0o750
    assert sandbox.make_private(folder) == []  # already private: nothing to change


def test_a_state_folder_others_can_write_is_refused(tmp_path):
    shared = tmp_path / "state"
    shared.mkdir()
    os.chmod(shared, 0o777)
    with pytest.raises(RuntimeError, match="not writable by others"):
        sandbox.private_dir(shared, 0o711)


def test_slots_are_exclusive_between_processes(tmp_path):
    slot, uid = sandbox_slots.claim_slot(tmp_path, 2)
    probe = (
        "import sys; from pathlib import Path; from autograder import sandbox_slots; "
        "print(sandbox_slots.claim_slot(Path(sys.argv[1]), 2)[1])"
    )
    other = subprocess.run(
        [sys_python(), "-c", probe, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert int(other.stdout) != uid and uid == sandbox.UID_BASE + slot


def sys_python():
    import sys

    return sys.executable


@root_only
def test_reap_kills_a_detached_process_of_the_slot_uid(tmp_path):
    uid = sandbox.UID_BASE + 63  # a slot uid no test worker uses
    python = sandbox.find_python(uid)
    subprocess.Popen(
        ["sleep", "617"], user=uid, group=uid, extra_groups=[], start_new_session=True, cwd="/"
    )
    deadline = time.monotonic() + 10
    while not sandbox_slots.pids_of(uid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sandbox_slots.reap(uid, python) >= 1
    assert sandbox_slots.pids_of(uid) == []


@root_only
def test_the_sandbox_python_runs_as_the_slot_uid_and_cannot_read_a_private_folder(tmp_path):
    uid = sandbox.UID_BASE + 62
    secret = tmp_path / "private"
    secret.mkdir()
    (secret / "answers.txt").write_text("42")
    sandbox.make_private(tmp_path, secret)
    python = sandbox.find_python(uid)
    result = subprocess.run(
        [
            python,
            "-I",
            "-c",
            f"import os; print(os.getuid()); open({str(secret / 'answers.txt')!r})",
        ],
        user=uid,
        group=uid,
        extra_groups=[],
        cwd="/",
        capture_output=True,
        text=True,
    )
    assert result.stdout.split()[0] == str(uid)
    assert "PermissionError" in result.stderr


@pytest.mark.parametrize(
    ("source", "flags"),
    [
        ("position_value = notional(0.25, 64_000)", []),
        ("import numpy as np\nfrom math import isclose\nx = abs(-1)", []),
        ("abs = lambda x: 0", ["builtins-shadowed"]),
        ("def isclose(a, b):\n    return True", ["builtins-shadowed"]),
        ("import builtins\nbuiltins.round = None", ["builtins-shadowed"]),
        ("import math\nmath.isclose = lambda *a, **k: True", ["module-patched"]),
        ("setattr(np, 'isclose', print)", ["module-patched"]),
        ("class A(float):\n    def __eq__(self, other):\n        return True", ["rigged-object"]),
        ("get_ipython().input_transformers_cleanup.append(f)", ["grader-internals"]),
        ("import sys\nsys.modules['course.grading'] = None", ["grader-internals"]),
        ("exec('x = 1')", ["dynamic-code"]),
        ("%time x = 1\ny = 2", []),
    ],
)
def test_code_flags(source, flags):
    assert notebook_flags([source]) == flags


@root_only
def test_clean_temp_removes_only_the_uid_s_files():
    uid = sandbox.UID_BASE + 61
    mine = subprocess.run(
        ["mktemp", "-d", "/tmp/left-by-a-student-XXXX"],
        user=uid,
        group=uid,
        extra_groups=[],
        cwd="/",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = tempfile.mkdtemp(prefix="kept-", dir="/tmp")
    try:
        assert sandbox_slots.clean_temp(uid) >= 1
        assert not os.path.exists(mine) and os.path.isdir(ours)
    finally:
        os.rmdir(ours)
