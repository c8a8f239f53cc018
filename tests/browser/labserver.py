"""A throwaway JupyterLab on a random loopback port, stopped by PID (browser-testing.md §3)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path

import psutil

TOKEN = "margin-mechanics-test"


COURSE_CONFIG = Path(__file__).resolve().parents[2] / "autograder" / "jupyter" / "config"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def jupyter_environment(state: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Keep Jupyter's config, data, runtime and settings out of $HOME; add ``extra`` on top."""
    env = {**os.environ, **(extra or {})}
    # as `make lab` does: jupytext builds the lessons but is not the contents manager
    env["JUPYTER_CONFIG_PATH"] = str(COURSE_CONFIG)
    for variable, folder in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
        ("JUPYTERLAB_SETTINGS_DIR", "lab-settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "lab-workspaces"),
    ]:
        (state / folder).mkdir(parents=True, exist_ok=True)
        env[variable] = str(state / folder)
    settings = state / "lab-settings"
    for plugin, values in {
        "@jupyterlab/apputils-extension/notification": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    }.items():
        target = settings / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    # The kernel must run in this interpreter's environment (its argv is plain "python").
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


@contextmanager
def running_lab(
    root: Path,
    state: Path,
    extra_args: tuple[str, ...] = (),
    extra_env: Mapping[str, str] | None = None,
):
    """Start JupyterLab serving ``root``; yield (base_url, server_pid); stop it and its kernels.

    ``extra_env`` is added to the server's environment (e.g. ``JUPYTER_PATH``).
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (state / "jupyter.log").open("w")
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={root}",
        "--allow-root",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--FileContentsManager.delete_to_trash=False",
        "--LabApp.expose_app_in_browser=True",
        *extra_args,
    ]
    process = subprocess.Popen(
        command,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=root,
        env=jupyter_environment(state, extra_env),
        start_new_session=True,
    )
    try:
        _wait_until_ready(base, process, state)
        yield base, process.pid
    finally:
        _stop(base, process)
        log.close()


def _wait_until_ready(
    base: str, process: subprocess.Popen, state: Path, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited early:\n{(state / 'jupyter.log').read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"jupyter lab did not answer in {timeout} s")


def _stop(base: str, process: subprocess.Popen) -> None:
    """Shut the server down over its API, then make sure every kernel it started is gone."""
    try:
        kids = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        kids = []
    request = urllib.request.Request(
        f"{base}/api/shutdown", method="POST", headers={"Authorization": f"token {TOKEN}"}
    )
    try:
        urllib.request.urlopen(request, timeout=5)
    except OSError:
        pass
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
    _, alive = psutil.wait_procs(kids, timeout=10)
    for kid in alive:
        kid.terminate()
    psutil.wait_procs(alive, timeout=5)
