"""The grading kernel: ipykernel under resource limits, for running student code.

``python -m autograder.kernel -f CONNECTION_FILE`` sets hard limits, then runs an ordinary
IPython kernel in the same process, so nbclient talks to it as usual:

    address space   MM_GRADER_MEMORY_MB (default 3,072 MiB): a 10 GB allocation fails with
                    MemoryError instead of taking the machine down
    file size       64 MiB per file written
    processes       MM_GRADER_NPROC (default 512) for the user (not enforced for root)
    core dumps      none

Not yet here (see the issue notes): running as a separate uid, which needs a Python the
sandbox user may execute, and a private mount or cgroup to reap detached processes.
"""

from __future__ import annotations

import os
import resource
import sys

MEBIBYTE = 1024 * 1024


def _limit(kind: int, value: int) -> None:
    soft, hard = resource.getrlimit(kind)
    cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(kind, (cap, cap))


def apply_limits() -> None:
    """Apply the grading limits to this process and everything it starts."""
    _limit(resource.RLIMIT_AS, int(os.environ.get("MM_GRADER_MEMORY_MB", "3072")) * MEBIBYTE)
    _limit(resource.RLIMIT_FSIZE, 64 * MEBIBYTE)
    _limit(resource.RLIMIT_NPROC, int(os.environ.get("MM_GRADER_NPROC", "512")))
    _limit(resource.RLIMIT_CORE, 0)


def main(argv: list[str]) -> None:
    apply_limits()
    # jsonschema (under altair) builds a large URI grammar at import when rfc3987_syntax is
    # installed (it comes with jupyter_server); grading never validates URIs, so skip it.
    sys.modules.setdefault("rfc3987_syntax", None)
    from ipykernel import kernelapp

    sys.argv = [sys.argv[0], *argv]
    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main(sys.argv[1:])
