"""The sandbox student code runs in: another uid, its own Python and packages, a private home.

When the grader runs as root, each worker process claims a **slot**
(`autograder.sandbox_slots`), and the kernels it starts run as that slot's unprivileged uid (``MM_GRADER_UID_BASE``, default 64100, plus the
slot), never as the grader. The sandbox user:

* runs the system Python (``/usr/bin/python3.X``, same X as the grader's) in isolated mode,
  on a read-only copy of just the kernel's packages and `course` (hard links where possible),
  kept in ``MM_GRADER_STATE`` (default ``/var/tmp/margin-mechanics-grader``), owned by root;
* gets a fresh private home per notebook, with a copy of the kernel's connection file;
* cannot read or write the repository (solutions, lesson sources, .git), the course's
  gradebook, submissions or outputs: `make_private` removes other users' access to them;
* inherits the kernel's rlimits (memory, file size, processes: for a non-root uid the
  process limit holds);
* leaves nothing behind: `autograder.sandbox_slots.reap` kills every process of the slot's
  uid after each notebook, so a forked background process cannot outlive its kernel into
  the next student's, and `autograder.sandbox_slots.clean_temp` removes the uid's files
  from /tmp, /var/tmp and /dev/shm (its TMPDIR is its private home anyway);
* has no network: the kernel talks to the grader over Unix sockets in its home, and runs in
  a new, empty network namespace (so it cannot reach a PostgreSQL gradebook or anything
  else), where the machine allows one.

One slot uid per worker means two notebooks graded at the same time run as different users
and cannot signal or read each other.
Without root none of this is possible; the kernel then runs as the grader with rlimits only.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as metadata
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement

from autograder.config import ROOT

KERNEL_PACKAGES = ("ipykernel", "numpy", "pandas", "altair", "ipywidgets")
STATE = Path(os.environ.get("MM_GRADER_STATE", "/var/tmp/margin-mechanics-grader"))
UID_BASE = int(os.environ.get("MM_GRADER_UID_BASE", "64100"))


def wanted() -> bool:
    """
    Tell whether kernels run as a sandbox uid: as root, unless ``MM_GRADER_SANDBOX=0``.

    Returns
    -------
    bool
    """
    return os.geteuid() == 0 and os.environ.get("MM_GRADER_SANDBOX", "1") != "0"


@dataclass(frozen=True)
class Sandbox:
    """What a worker needs to start sandboxed kernels."""

    python: str  # the interpreter the sandbox uid runs
    env: Path  # bootstrap.py + site/ (kernel packages and `course`), read-only
    homes: Path  # <homes>/<uid>: a fresh private home per kernel

    def plan(self, uid: int, audit: Path | None, watched: list[tuple[str, str]]) -> str:
        """
        Return the kernel launcher's instructions (see `autograder.kernel`), as JSON.

        Parameters
        ----------
        uid : int
            The slot's uid, > 0.
        audit : pathlib.Path or None
            Where the sandbox writes its audit notes (one JSON line each); None for none.
        watched : list of (str, str)
            ``(path, flag)`` pairs whose opening is noted (`Course.watched`).

        Returns
        -------
        str
            A JSON object, for ``MM_GRADER_SANDBOX_PLAN``.
        """
        return json.dumps(
            {
                "uid": uid,
                "python": self.python,
                "bootstrap": str(self.env / "bootstrap.py"),
                "home": str(self.homes / str(uid)),
                "pidfile": str(self.homes / f"{uid}.pid"),
                "audit": str(audit) if audit else "",
                "watched": watched,
                "network": "none",
            }
        )


def private_dir(path: Path, mode: int) -> Path:
    """
    Create ``path`` owned by us, or check that an existing one is ours and not writable by others.

    Parameters
    ----------
    path : pathlib.Path
    mode : int
        The folder's permission bits, e.g. ``0o711``.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    RuntimeError
        If it is a link, another user's, or writable by group or others.
    """
    path.mkdir(mode=mode, parents=True, exist_ok=True)
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        raise RuntimeError(
            f"{path} must be a folder owned by uid {os.geteuid()} and not writable by others; "
            "remove it (or set MM_GRADER_STATE) and grade again"
        )
    os.chmod(path, mode)
    return path


def find_python(uid: int) -> str:
    """
    Find an interpreter the sandbox uid can run, of this Python's major.minor (for the wheels).

    Parameters
    ----------
    uid : int
        The sandbox uid, > 0.

    Returns
    -------
    str
        The interpreter's path.

    Raises
    ------
    RuntimeError
        If there is none, saying what to install.
    """
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [os.path.realpath(sys.executable), f"/usr/bin/python{version}"]
    candidates += [f"/usr/local/bin/python{version}"]
    probe = "import sys; print('%d.%d' % sys.version_info[:2])"
    for candidate in dict.fromkeys(candidates):
        if not os.path.isfile(candidate):
            continue
        try:
            result = subprocess.run(
                [candidate, "-I", "-c", probe],
                user=uid,
                group=uid,
                extra_groups=[],
                env={"PATH": "/usr/bin:/bin"},
                cwd="/",
                capture_output=True,
                text=True,
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if result.returncode == 0 and result.stdout.strip() == version:
            return candidate
    raise RuntimeError(
        f"grading as root runs student code as uid {uid}, which needs a Python {version} it "
        f"may execute (this one is under a private folder). Install one, e.g. "
        f"`apt-get install python{version}`, or grade as a non-root user (or, not "
        "recommended, set MM_GRADER_SANDBOX=0 to run student code as root with rlimits only)."
    )


def _closure(roots: tuple[str, ...]) -> list[metadata.Distribution]:
    """The installed distributions ``roots`` need, following their requirements."""
    found: dict[str, metadata.Distribution] = {}
    todo = list(roots)
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in found:
            continue
        try:
            found[name] = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional requirement that is not installed
        for line in found[name].requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return [found[name] for name in sorted(found)]


def _course_files() -> list[Path]:
    package = ROOT / "course"
    return sorted(
        path
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


def _place(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = source.stat().st_mode
    if mode & 0o004 and not mode & 0o022:
        try:
            os.link(source, target)  # same inode, readable, not writable by others: no copy
            return
        except OSError:
            pass
    shutil.copy2(source, target)
    os.chmod(target, 0o755 if mode & 0o100 else 0o644)


def _build_env(target: Path, python: str, distributions: list[metadata.Distribution]) -> None:
    site = target / "site"
    for distribution in distributions:
        for file in distribution.files or []:
            if ".." in file.parts or file.suffix == ".pth" and "__editable__" in file.name:
                continue
            source = Path(str(distribution.locate_file(file)))  # a SimplePath, per its stub
            if source.is_file():
                _place(source, site / file)
    for source in _course_files():
        relative = source.relative_to(ROOT)
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, site / relative)
        os.chmod(site / relative, 0o644)
    shutil.copy2(Path(__file__).with_name("sandbox_boot.py"), target / "bootstrap.py")
    os.chmod(target / "bootstrap.py", 0o644)
    subprocess.run(  # byte-compile what is missing, as root: the sandbox cannot write here
        [python, "-I", "-m", "compileall", "-q", "-j", "0", str(site)],
        check=False,
        capture_output=True,
    )
    for folder, folders, _ in os.walk(target):
        for name in folders:
            os.chmod(os.path.join(folder, name), 0o755)
    os.chmod(target, 0o755)


def prepare(uid: int) -> Sandbox:
    """
    Find the Python, build (or reuse) the read-only kernel env, create the homes folder.

    Parameters
    ----------
    uid : int
        A sandbox uid, > 0, to check the Python with.

    Returns
    -------
    Sandbox

    Raises
    ------
    RuntimeError
        If `STATE` is not a private folder of ours, or there is no Python the uid can run.
    """
    state = private_dir(STATE, 0o711)
    python = find_python(uid)
    distributions = _closure(KERNEL_PACKAGES)
    key = hashlib.sha256()
    key.update(f"{python}|{sys.version}".encode())
    for distribution in distributions:
        key.update(f"{distribution.metadata['Name']}=={distribution.version};".encode())
    for source in [*_course_files(), Path(__file__).with_name("sandbox_boot.py")]:
        key.update(str(source.relative_to(ROOT)).encode() + source.read_bytes())
    env = state / f"env-{key.hexdigest()[:20]}"
    if not (env / "complete").exists():
        building = Path(tempfile.mkdtemp(prefix="building-", dir=state))
        _build_env(building, python, distributions)
        (building / "complete").write_text("")
        try:
            building.rename(env)
        except OSError:  # another grader built it first
            shutil.rmtree(building, ignore_errors=True)
    homes = private_dir(state / "homes", 0o711)
    return Sandbox(python=python, env=env, homes=homes)


def make_private(*paths: Path) -> list[Path]:
    """
    Remove other users' access to each existing folder.

    Parameters
    ----------
    *paths : pathlib.Path
        Folders (or files); missing ones are skipped.

    Returns
    -------
    list of pathlib.Path
        The ones whose mode changed.
    """
    changed = []
    for path in paths:
        try:
            mode = path.stat().st_mode
        except OSError:
            continue
        if mode & 0o007:
            os.chmod(path, stat.S_IMODE(mode) & ~0o007)
            changed.append(path)
    return changed


__all__ = [
    "KERNEL_PACKAGES",
    "STATE",
    "UID_BASE",
    "Sandbox",
    "find_python",
    "make_private",
    "prepare",
    "private_dir",
    "wanted",
]
