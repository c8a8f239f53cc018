"""The sandbox's slots: one uid per grading worker, and the cleanup between notebooks.

Each worker process claims a slot (`claim_slot`), whose uid runs every kernel the worker
starts (see `autograder.sandbox`). Between two notebooks on the same slot, `reap` kills
every process of that uid (a forked background process cannot outlive its kernel into the
next student's) and `clean_temp` removes what it left in the machine's shared temp folders.
"""

from __future__ import annotations

import fcntl
import os
import pwd
import shutil
import subprocess
import time
from pathlib import Path
from typing import IO

from autograder.sandbox import UID_BASE, Sandbox, private_dir

SHARED_TEMP = ("/tmp", "/var/tmp", "/dev/shm")


def claim_slot(folder: Path, count: int) -> tuple[int, int]:
    """
    Claim a free slot for this worker process, held until it exits.

    Each slot is an flock on ``folder/slot-N.lock`` and a uid with no passwd entry. The
    folder is machine-wide (under `STATE`), so graders running at the same time never share
    a uid, and one's `reap` cannot touch the other's kernels.

    Parameters
    ----------
    folder : pathlib.Path
        The slots' lock files (created private to us).
    count : int
        Workers in this run, >= 1; ``max(8 * count, 64)`` slots are tried.

    Returns
    -------
    slot : int
    uid : int
        ``UID_BASE + slot``.

    Raises
    ------
    RuntimeError
        If every slot is taken (or its uid is a real account).
    """
    private_dir(folder, 0o700)
    uid, slot = UID_BASE, 0
    for slot in range(max(count * 8, 64)):
        handle = open(folder / f"slot-{slot}.lock", "w")  # noqa: SIM115  (held for life)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            continue
        uid = UID_BASE + slot
        try:
            pwd.getpwuid(uid)
            handle.close()
            continue  # a real account: never borrow it
        except KeyError:
            _HELD.append(handle)
            return slot, uid
    raise RuntimeError(f"no free grading slot in {folder}")


_HELD: list[IO[str]] = []  # the slots' open lock files, held for the process's life


def pids_of(uid: int) -> list[int]:
    """
    List the live (non-zombie) processes owned by ``uid``.

    Parameters
    ----------
    uid : int

    Returns
    -------
    list of int
        Their pids, from /proc.
    """
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.stat(f"/proc/{entry}").st_uid != uid:
                continue
            with open(f"/proc/{entry}/stat") as handle:
                state = handle.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state not in ("Z", "X"):
            found.append(int(entry))
    return found


def reap(uid: int, python: str, spare: int | None = None) -> int:
    """
    Kill every process of ``uid``.

    The kill runs as ``uid`` itself (``kill(-1, SIGKILL)``), which reaches exactly that
    user's processes, including ones that forked away from the kernel.

    Parameters
    ----------
    uid : int
        A sandbox uid, > 0.
    python : str
        An interpreter ``uid`` can run (`Sandbox.python`).
    spare : int, optional
        A pid not to count (the kernel itself, which is expected).

    Returns
    -------
    int
        How many processes there were, not counting ``spare``.
    """
    survivors = [pid for pid in pids_of(uid) if pid != spare]
    for _ in range(50):
        if not pids_of(uid):
            break
        subprocess.run(
            [
                python,
                "-I",
                "-c",
                "import os, signal\ntry:\n os.kill(-1, signal.SIGKILL)\nexcept OSError:\n pass",
            ],  # fmt: skip
            user=uid,
            group=uid,
            extra_groups=[],
            env={},
            cwd="/",
            capture_output=True,
            check=False,
        )
        time.sleep(0.05)
    return len(survivors)


def clean_temp(uid: int) -> int:
    """
    Remove what ``uid`` left in the machine's shared temp folders.

    Run after `reap`, so nothing of the uid is still writing. Without it the next notebook on
    the same slot (the same uid) could read what the previous student left in /tmp.

    Parameters
    ----------
    uid : int
        A sandbox uid, > 0.

    Returns
    -------
    int
        How many entries of `SHARED_TEMP` were removed.
    """
    removed = 0
    for folder in SHARED_TEMP:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_uid != uid:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
                removed += 1
            except OSError:
                continue
    return removed


def kernel_pid(sandbox: Sandbox, uid: int) -> int | None:
    """
    Read the pid the launcher wrote for the slot's current kernel.

    Parameters
    ----------
    sandbox : Sandbox
    uid : int
        The slot's uid.

    Returns
    -------
    int or None
        None when there is no readable pid file.
    """
    try:
        return int((sandbox.homes / f"{uid}.pid").read_text())
    except (OSError, ValueError):
        return None
