# nbgrader's Validate button reads nbgrader_config.py from every Jupyter config folder and
# from the server's working folder, not from the notebook's folder. `make lab` (and the
# browser tests) put this folder on JUPYTER_CONFIG_PATH, so Validate gets the course's
# stall-free executor wherever JupyterLab was started (autograder/config.py,
# `stall_free_execution`). The course's other settings stay in the repo root's config.
import sys
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from autograder.config import stall_free_execution  # noqa: E402

if TYPE_CHECKING:  # traitlets defines get_config in this file's namespace when it loads it
    from traitlets.config import Config

    def get_config() -> Config: ...


stall_free_execution(get_config())
