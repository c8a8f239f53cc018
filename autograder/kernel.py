"""The grading kernel: ipykernel under resource limits, as another user when we are root.

``python -m autograder.kernel -f CONNECTION_FILE`` is the kernelspec's command. It sets hard
limits, inherited by everything the kernel starts:

    address space   MM_GRADER_MEMORY_MB (default 3,072 MiB): a 10 GB allocation fails with
                    MemoryError instead of taking the machine down
    file size       64 MiB per file written
    processes       MM_GRADER_NPROC (default 512) for the user (not enforced for root)
    core dumps      none

With a sandbox plan in ``MM_GRADER_SANDBOX_PLAN`` (set by the grading worker, see
`autograder.sandbox`) it then becomes the sandbox: a fresh private home holding a copy of
the connection file (whose Unix sockets live in that home), an audit file descriptor, a new
empty network namespace, no supplementary groups, the slot's uid and gid, a clean
environment, and ``exec`` of the system Python on the sandbox's bootstrap. The
process keeps its pid, so the kernel manager can still interrupt and stop it. Without a plan
(grading as a normal user) an ordinary IPython kernel runs in this process.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
from typing import Any, NoReturn

MEBIBYTE = 1024 * 1024


def _limit(kind: int, value: int) -> None:
    soft, hard = resource.getrlimit(kind)
    cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(kind, (cap, cap))


def apply_limits() -> None:
    """Apply the grading limits (module docstring) to this process and everything it starts."""
    _limit(resource.RLIMIT_AS, int(os.environ.get("MM_GRADER_MEMORY_MB", "3072")) * MEBIBYTE)
    _limit(resource.RLIMIT_FSIZE, 64 * MEBIBYTE)
    _limit(resource.RLIMIT_NPROC, int(os.environ.get("MM_GRADER_NPROC", "512")))
    _limit(resource.RLIMIT_CORE, 0)


CLONE_NEWNET = 0x40000000


def _leave_the_network() -> None:
    """Move into a new, empty network namespace (the kernel talks over Unix sockets).

    Where the kernel refuses (no CAP_SYS_ADMIN, e.g. some containers) the kernel keeps the
    host's network; the uid and file permissions still hold.
    """
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        print(f"grader: no private network ({os.strerror(ctypes.get_errno())})", file=sys.stderr)


def become_sandbox(plan: dict[str, Any], argv: list[str]) -> NoReturn:
    """
    Drop to the sandbox uid and exec its kernel; never returns.

    Parameters
    ----------
    plan : dict
        The worker's instructions (`autograder.sandbox.Sandbox.plan`): uid (> 0), python,
        bootstrap, home, pidfile, audit, watched, network.
    argv : list of str
        The kernelspec's arguments, holding ``-f CONNECTION_FILE``.

    Raises
    ------
    SystemExit
        If the plan's uid is root.
    """
    uid = int(plan["uid"])
    if uid <= 0:
        raise SystemExit("the sandbox uid must not be root")
    connection = argv[argv.index("-f") + 1]
    home = plan["home"]
    shutil.rmtree(home, ignore_errors=True)
    os.mkdir(home, 0o700)
    copy = os.path.join(home, "kernel.json")
    with open(connection, "rb") as source, open(copy, "wb") as target:
        target.write(source.read())
    os.chmod(copy, 0o600)
    for path in (home, copy):
        os.chown(path, uid, uid)
    with open(plan["pidfile"], "w") as pidfile:
        pidfile.write(str(os.getpid()))
    env = {
        "HOME": home,
        "TMPDIR": home,
        "USER": "grader",
        "LOGNAME": "grader",
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "IPYTHONDIR": os.path.join(home, ".ipython"),
        "JUPYTER_RUNTIME_DIR": home,
        "JUPYTER_CONFIG_DIR": os.path.join(home, ".jupyter"),
        "JUPYTER_DATA_DIR": os.path.join(home, ".local"),
        "MPLCONFIGDIR": os.path.join(home, ".matplotlib"),
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MM_GRADING": "1",
        "MM_AUDIT_PATHS": json.dumps(plan.get("watched", [])),
    }
    if plan.get("audit"):
        fd = os.open(plan["audit"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.set_inheritable(fd, True)
        env["MM_AUDIT_FD"] = str(fd)
        # The kernel's own chatter goes to a log next to the notes, not the grader's terminal.
        log = os.open(plan["audit"][: -len(".jsonl")] + ".log", os.O_WRONLY | os.O_CREAT, 0o600)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
    os.chdir(home)
    if plan.get("network") == "none":
        _leave_the_network()
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    python = plan["python"]
    os.execve(python, [python, "-I", plan["bootstrap"], "-f", copy], env)


def main(argv: list[str]) -> None:
    """
    Start the grading kernel: limits, then the sandbox (with a plan) or ipykernel here.

    Parameters
    ----------
    argv : list of str
        The kernelspec's arguments, e.g. ``["-f", CONNECTION_FILE]``.
    """
    apply_limits()
    plan = os.environ.get("MM_GRADER_SANDBOX_PLAN")
    if plan:
        become_sandbox(json.loads(plan), argv)
    os.environ["MM_GRADING"] = "1"
    # jsonschema (under altair) builds a large URI grammar at import when rfc3987_syntax is
    # installed (it comes with jupyter_server); grading never validates URIs, so skip it.
    # None in sys.modules makes that import fail (the import system's documented behaviour);
    # typeshed types the values as ModuleType only.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    from ipykernel import kernelapp

    sys.argv = [sys.argv[0], *argv]
    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main(sys.argv[1:])
