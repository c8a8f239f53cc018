"""Validate (nbgrader's Validator) waits on the kernel through our stall-free client.

After a burst of widget messages, stock nbclient can miss a cell's execute reply and wait out
the whole cell timeout (autograder/limits.py); on an explorer lesson the learner's Validate
button then takes a minute. The course's configuration gives nbgrader's ``Execute`` our
`SlicedKernelClient`. These tests are structural, never timed: they run the Validate server
extension's own code (``ValidateAssignmentHandler.load_config`` and ``validate_notebook``) on a
lesson with an explorer, and check which kernel client it waited on.
"""

from __future__ import annotations

import shutil
import types
from pathlib import Path

import jupyter_client.asynchronous
import jupyter_client.manager
import pytest
from nbgrader.apps.validateapp import ValidateApp
from nbgrader.preprocessors import Execute
from nbgrader.server_extensions.validate_assignment.handlers import ValidateAssignmentHandler
from nbgrader.validator import Validator

from autograder.config import ROOT
from autograder.limits import SlicedChannel, SlicedKernelClient

LESSON = "00-start-here"  # has an explorer: liquidation_explorer()
COURSE_CONFIG = ROOT / "autograder" / "jupyter" / "config"


def test_the_lesson_under_test_has_an_explorer():
    source = (ROOT / "lessons" / LESSON / f"{LESSON}.ipynb").read_text()
    assert "liquidation_explorer(" in source


@pytest.fixture
def clients(monkeypatch):
    """Record every kernel client a kernel manager hands out: (manager type, client)."""
    made = []
    client = jupyter_client.manager.KernelManager.client

    def recording_client(self, **kwargs):
        made.append((type(self), client(self, **kwargs)))
        return made[-1][1]

    monkeypatch.setattr(jupyter_client.manager.KernelManager, "client", recording_client)
    return made


def isolated_jupyter(monkeypatch, tmp_path: Path, config_path: Path | None) -> None:
    """Jupyter's config folders as a server started by us sees them (none of $HOME's)."""
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "jupyter-config"))
    if config_path is None:
        monkeypatch.delenv("JUPYTER_CONFIG_PATH", raising=False)
    else:
        monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(config_path))


def validate_like_the_server(notebook: Path) -> dict:
    """Run the Validate button's server code on ``notebook``: its JSON reply, as a dict."""
    handler = types.SimpleNamespace(
        root_dir=str(notebook.parent.parent),
        log=Validator().log,
        load_config=lambda: ValidateAssignmentHandler.load_config(handler),
    )
    relative = notebook.relative_to(notebook.parent.parent).as_posix()
    return ValidateAssignmentHandler.validate_notebook(handler, relative)


# Where Validate finds the course's config. `make lab` serves lessons/ from the repo root
# (the server's working folder, whose nbgrader_config.py nbgrader reads) with
# autograder/jupyter/config on JUPYTER_CONFIG_PATH; the browser tests start Lab in a
# scratch folder with only JUPYTER_CONFIG_PATH. Never the notebook's own folder.
WHERE = {
    "make-lab": (ROOT, COURSE_CONFIG),
    "only-jupyter-config-path": (None, COURSE_CONFIG),
    "only-server-cwd-at-repo-root": (ROOT, None),
}


@pytest.mark.slow
@pytest.mark.parametrize("where", WHERE, ids=list(WHERE))
def test_validate_on_an_explorer_lesson_waits_through_the_sliced_client(
    where, tmp_path, monkeypatch, clients
):
    cwd, config_path = WHERE[where]
    isolated_jupyter(monkeypatch, tmp_path, config_path)
    course = tmp_path / "served"
    (course / LESSON).mkdir(parents=True)
    notebook = course / LESSON / f"{LESSON}.ipynb"
    shutil.copy(ROOT / "lessons" / LESSON / notebook.name, notebook)
    monkeypatch.chdir(cwd or tmp_path)

    reply = validate_like_the_server(notebook)

    assert reply["success"], reply["value"]
    assert reply["value"]["failed"]  # an untouched lesson: every check fails, all cells ran
    assert len(clients) == 1
    manager, client = clients[0]
    assert issubclass(manager, jupyter_client.AsyncKernelManager)
    assert type(client) is SlicedKernelClient
    assert client.shell_channel_class is SlicedChannel
    assert client.iopub_channel_class is SlicedChannel


def test_without_the_course_config_validate_is_stock(tmp_path, monkeypatch):
    # the control: the recording above tells our client from jupyter_client's own
    isolated_jupyter(monkeypatch, tmp_path, None)
    monkeypatch.chdir(tmp_path)
    config = ValidateAssignmentHandler.load_config(None)
    manager = Execute(parent=Validator(config=config)).kernel_manager_class(config=config)
    assert manager.client_factory is jupyter_client.asynchronous.AsyncKernelClient


def test_nbgrader_validate_on_the_command_line_uses_the_sliced_client(tmp_path, monkeypatch):
    isolated_jupyter(monkeypatch, tmp_path, None)
    monkeypatch.chdir(ROOT)  # instructors and learners run nbgrader from the repo root
    app = ValidateApp()
    try:
        app.initialize([f"lessons/{LESSON}/{LESSON}.ipynb"])
        validator = Validator(parent=app)  # as ValidateApp.start makes it
        executor = Execute(parent=validator)
        manager = executor.kernel_manager_class(config=executor.config)
        assert manager.client_factory is SlicedKernelClient
    finally:
        app.clear_instance()
