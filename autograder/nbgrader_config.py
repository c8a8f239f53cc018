# nbgrader configuration for Margin Mechanics. The settings live in autograder/config.py;
# the repo root's nbgrader_config.py loads this file so that `nbgrader ...` works from the root.
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from autograder.config import apply  # noqa: E402

apply(get_config())  # noqa: F821 (get_config is provided by traitlets when it loads this file)
