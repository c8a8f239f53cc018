"""Start the grading kernel inside the sandbox (copied into the sandbox env as bootstrap.py).

Runs as the unprivileged sandbox uid, under the system Python in isolated mode (``-I``), so
nothing from the grader's environment leaks in. It puts the sandbox's own site folder (the
kernel packages and a copy of `course`) first on ``sys.path``, installs an audit hook that
notes attempts to open the grader's files or start processes on a file descriptor the
launcher opened (notes for the instructor: the permissions are what actually stop them), and
starts an ordinary IPython kernel.
"""

import json
import os
import site
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SITE = os.path.join(HERE, "site")
sys.path.insert(0, SITE)
site.addsitedir(SITE)


PATH_EVENTS = {  # audit events whose first arguments are paths
    "open", "sqlite3.connect", "os.listdir", "os.scandir", "os.remove", "os.rename",
    "os.chmod", "os.chown", "os.mkdir", "os.rmdir", "os.symlink", "os.link", "os.truncate",
    "os.utime", "shutil.copyfile", "shutil.copytree", "shutil.rmtree", "shutil.move",
}  # fmt: skip


def _audit_hook(fd: int, watched: list) -> None:
    write, abspath, dumps = os.write, os.path.abspath, json.dumps
    seen = set()

    def note(flag, detail):
        if flag not in seen:
            seen.add(flag)
            try:
                write(fd, (dumps({"flag": flag, "detail": detail[:300]}) + "\n").encode())
            except OSError:
                pass

    armed: list[
        bool
    ] = []  # process starts count once the first notebook cell runs, not at kernel start

    def hook(event, args):
        try:
            if event == "exec" and not armed:
                name = getattr(args[0], "co_filename", "") if args else ""
                if "ipykernel_" in name or name.startswith("<ipython-input"):
                    armed.append(True)
            elif event in PATH_EVENTS:
                for arg in args[:2]:
                    if isinstance(arg, (str, bytes, os.PathLike)):
                        path = abspath(os.fsdecode(arg))
                        for prefix, flag in watched:
                            if path == prefix or path.startswith(prefix + os.sep):
                                note(flag, path)
            elif armed and event in ("os.fork", "os.forkpty", "os.posix_spawn",
                                     "subprocess.Popen", "os.system", "os.exec", "os.spawn"):  # fmt: skip
                note("process-started", event)
        except Exception:
            pass

    sys.addaudithook(hook)


def main() -> None:
    """Install the audit hook (when the launcher opened its descriptor) and start ipykernel."""
    fd = int(os.environ.get("MM_AUDIT_FD", "-1"))
    if fd >= 0:
        _audit_hook(fd, json.loads(os.environ.get("MM_AUDIT_PATHS", "[]")))
    # jsonschema (under altair) builds a large URI grammar when rfc3987_syntax is importable.
    # None in sys.modules makes that import fail (the import system's documented behaviour);
    # typeshed types the values as ModuleType only.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    from ipykernel import kernelapp

    sys.argv = [sys.argv[0], *sys.argv[1:]]
    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
