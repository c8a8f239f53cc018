# nbgrader configuration for Margin Mechanics. The settings live in autograder/config.py;
# the repo root's nbgrader_config.py loads this file so that `nbgrader ...` works from the root.
import sys
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from autograder.config import apply  # noqa: E402

if TYPE_CHECKING:  # traitlets defines get_config in this file's namespace when it loads it
    from traitlets.config import Config

    def get_config() -> Config: ...


apply(get_config())
