"""nbgrader's Execute with a cap on how much output one notebook may send the grader.

A notebook that prints in a loop until its timeout can send gigabytes; nbclient keeps every
output in the worker's memory, and nbgrader's own `LimitOutput` only trims after execution.
`CappedExecute` stops storing output once a notebook has sent ``max_output_bytes``, and
leaves `TRUNCATED` in the cell so the driver can flag ``output-flood``. Answer records (small,
at most 1,000) always pass: scores are computed from them.
"""

from __future__ import annotations

from typing import Any

from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Integer

from course.grading import RECORD_MIMETYPE

TRUNCATED = "[the grader stopped recording output here: this notebook sent too much]"


def _size(content: dict[str, Any]) -> int:
    if "text" in content:
        return len(content["text"])
    data = content.get("data") or {}
    size = sum(len(value) if isinstance(value, str) else 256 for value in data.values())
    return size + sum(len(line) for line in content.get("traceback") or [])


class CappedExecute(Execute):
    """nbgrader's `Execute`, keeping at most ``max_output_bytes`` of output per notebook."""

    max_output_bytes = Integer(4_000_000, help="output kept per notebook").tag(config=True)

    def preprocess(self, nb, resources=None, *args, **kwargs):
        self._output_bytes, self._truncated, self._records = 0, False, 0
        return super().preprocess(nb, resources, *args, **kwargs)

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content") or {}
        if not isinstance(content, dict):
            return None
        data = content.get("data") or {}
        if set(data) == {RECORD_MIMETYPE} and len(str(data)) < 4096 and self._records < 1000:
            self._records += 1  # answer records always get through: the score is made of them
            return super().output(outs, msg, display_id, cell_index)
        self._output_bytes += _size(content)
        if self._output_bytes <= self.max_output_bytes:
            return super().output(outs, msg, display_id, cell_index)
        if not self._truncated:
            self._truncated = True
            outs.append(new_output("stream", name="stderr", text=TRUNCATED + "\n"))
        return None
