# Lets `nbgrader ...` and the Formgrader work from the repo root; the settings are in
# autograder/config.py (autograder/nbgrader_config.py does the same from that folder).
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from autograder.config import apply  # noqa: E402

apply(get_config())  # noqa: F821 (traitlets provides get_config when it loads this file)
