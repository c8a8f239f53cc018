"""nbgrader's Execute with a cap on output, and without the stalls of a missed wake-up.

A notebook that prints in a loop until its timeout can send gigabytes; nbclient keeps every
output in the worker's memory, and nbgrader's own `LimitOutput` only trims after execution.
`CappedExecute` stops storing output once a notebook has sent ``max_output_bytes``, and
leaves `TRUNCATED` in the cell so the driver can flag ``output-flood``. Answer records (small,
at most 1,000) always pass: scores are computed from them.

Stalls: after a burst of widget messages (an explorer cell), the asyncio poll on the shell
socket sometimes misses the execute reply's wake-up, and nbclient then waits out the whole
cell timeout before a last check finds the reply (measured: 4 runs in 6 of lesson 00 took
the full timeout; the cell's result is right, only late). `CappedExecute` waits on the
kernel's channels in slices of `POLL_SLICE` seconds, each ending with that same check, so a
missed wake-up costs at most one slice.
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Integer

from course.grading import RECORD_MIMETYPE

POLL_SLICE = 0.25
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

    def start_new_kernel_client(self):  # nbclient binds the sync name to its own async one
        client = super().start_new_kernel_client()
        for channel in (client.shell_channel, client.iopub_channel):
            channel.get_msg = _sliced(channel.get_msg)
        return client


def _sliced(get_msg):
    """``get_msg`` that waits in short slices: a missed wake-up costs one slice, not the timeout."""

    async def get_msg_in_slices(timeout: float | None = None, **kwargs):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = POLL_SLICE if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return await get_msg(timeout=min(POLL_SLICE, left), **kwargs)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    return get_msg_in_slices
