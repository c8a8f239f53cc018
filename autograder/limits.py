"""nbgrader's Execute with a cap on output, no stalls, and a record of how execution went.

Output cap: a notebook that prints in a loop until its timeout can send gigabytes; nbclient
keeps every output in the worker's memory, and nbgrader's own `LimitOutput` only trims after
execution. `CappedExecute` stops storing output once a notebook has sent
``max_output_bytes``, and leaves `TRUNCATED` in the cell, for the person reading the
feedback. Answer records (small, at most 1,000) always pass: scores are computed from them.

Stalls: after a burst of widget messages (an explorer cell), the asyncio poll on the shell
socket sometimes misses the execute reply's wake-up, and nbclient then waits out the whole
cell timeout before a last check finds the reply (measured: 4 runs in 6 of lesson 00 took
the full timeout; the cell's result is right, only late). `SlicedKernelClient`'s shell and
iopub channels wait in slices of `POLL_SLICE` seconds, each ending with that same check, so
a missed wake-up costs at most one slice. `CappedExecute` runs its kernels with
`SlicedKernelManager`, which hands out that client; nbgrader's own ``Execute`` (Validate,
``nbgrader validate``) gets it through ``c.AsyncKernelManager.client_class``
(`autograder.config.stall_free_execution`), the one link of its chain that configuration
reaches: ``Validator.preprocessors`` is not configurable, and ``Execute`` passes
``kernel_manager_class`` as a keyword, which beats configuration.

Record: nbgrader's ``NbGraderAPI.autograde`` swallows every exception into its log, and a
timed-out cell only leaves an error output that student code can imitate (``print`` or
``raise`` a ``CellTimeoutError``). So `CappedExecute` notes, in an `ExecutionReport` kept in
the grading worker's own memory (the kernel is another process and cannot write it), what
nbclient itself did: which cells ran past the timeout, which cell the kernel died in and
its exit status, the exception type that stopped execution, whether output was truncated.
The worker collects the reports with `take_reports`; the driver's status is made from them.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from queue import Empty
from typing import Any

from jupyter_client import AsyncKernelManager
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import DottedObjectName, Integer, Type

from course.grading import RECORD_MIMETYPE

POLL_SLICE = 0.25
TRUNCATED = "[the grader stopped recording output here: this notebook sent too much]"


@dataclass
class ExecutionReport:
    """
    What the executor saw while running one notebook; never read from the notebook's outputs.

    Cell numbers are 0-based positions in the executed (rebuilt) notebook.
    """

    timed_out_cells: list[int] = field(default_factory=list)
    kernel_died_in_cell: int | None = None
    kernel_exit_status: int | None = None  # the kernel process's, when it died; < 0: a signal
    stopped_by: str = ""  # the type of the exception that stopped execution, e.g. DeadKernelError
    output_truncated: bool = False

    @property
    def kernel_died(self) -> bool:
        """Whether nbclient found the kernel dead (a `DeadKernelError`)."""
        return self.kernel_died_in_cell is not None


_REPORTS: list[ExecutionReport] = []  # this process's; appended to by each CappedExecute run


def take_reports() -> list[ExecutionReport]:
    """
    Return the reports of the notebooks executed in this process since the last call.

    Returns
    -------
    list of ExecutionReport
        One per notebook `CappedExecute` started, in order; then the list is emptied.
    """
    reports = list(_REPORTS)
    _REPORTS.clear()
    return reports


def _size(content: dict[str, Any]) -> int:
    if "text" in content:
        return len(content["text"])
    data = content.get("data") or {}
    size = sum(len(value) if isinstance(value, str) else 256 for value in data.values())
    return size + sum(len(line) for line in content.get("traceback") or [])


class CappedExecute(Execute):
    """nbgrader's `Execute`, keeping at most ``max_output_bytes`` of output per notebook."""

    max_output_bytes = Integer(4_000_000, help="output kept per notebook").tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # nbgrader's Execute sets AsyncKernelManager the same way, as a keyword (beats config)
        kwargs.setdefault("kernel_manager_class", SlicedKernelManager)
        super().__init__(*args, **kwargs)

    def preprocess(self, nb, resources=None, *args, **kwargs):
        """
        Execute ``nb`` as nbgrader does, noting what happened in a new `ExecutionReport`.

        Parameters
        ----------
        nb : nbformat.NotebookNode
            Executed in place.
        resources : dict, optional
            nbconvert's resources (``metadata.path`` is the kernel's working folder).
        *args, **kwargs
            Passed on to nbconvert's ``ExecutePreprocessor.preprocess``.

        Returns
        -------
        (nbformat.NotebookNode, dict)
            The notebook and the resources.

        Raises
        ------
        Exception
            Whatever stopped execution (e.g. nbclient's ``DeadKernelError``), once its type
            is in the report.
        """
        self._output_bytes, self._records, self._cell = 0, 0, None
        self.report = ExecutionReport()
        _REPORTS.append(self.report)
        try:
            return super().preprocess(nb, resources, *args, **kwargs)
        except Exception as error:
            self.report.stopped_by = self.report.stopped_by or type(error).__name__
            raise

    def preprocess_cell(self, cell, resources, index):
        """
        Execute one cell; note a dead kernel or an nbclient timeout raised from it.

        Parameters
        ----------
        cell : nbformat.NotebookNode
        resources : dict
        index : int
            The cell's position in the notebook, >= 0.

        Returns
        -------
        (nbformat.NotebookNode, dict)
            The executed cell and the resources.

        Raises
        ------
        nbclient.exceptions.DeadKernelError, nbclient.exceptions.CellTimeoutError
            As nbclient raises them, once noted.
        """
        self._cell = index
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self.report.kernel_died_in_cell = index
            self.report.kernel_exit_status = self._kernel_exit_status()
            self.report.stopped_by = DeadKernelError.__name__
            raise
        except CellTimeoutError:  # e.g. no output after the reply ("Timeout waiting for IOPub")
            if index not in self.report.timed_out_cells:
                self.report.timed_out_cells.append(index)
            self.report.stopped_by = CellTimeoutError.__name__
            raise

    async def _async_handle_timeout(self, timeout, cell=None):
        # nbclient calls this when a cell runs past the timeout; with interrupt_on_timeout it
        # interrupts the kernel and carries on, leaving only an imitable error output.
        if cell is not None and self._cell is not None:
            self.report.timed_out_cells.append(self._cell)
        return await super()._async_handle_timeout(timeout, cell)

    def _kernel_exit_status(self) -> int | None:
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        try:
            return None if process is None else process.poll()
        except OSError:
            return None

    def output(self, outs, msg, display_id, cell_index):
        """
        Store one output message, unless this notebook already sent too much.

        Parameters
        ----------
        outs : list
            The cell's outputs so far; appended to.
        msg : dict
            The kernel's iopub message.
        display_id : str or None
        cell_index : int

        Returns
        -------
        nbformat.NotebookNode or None
            The stored output, or None when it was dropped.
        """
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
        if not self.report.output_truncated:
            self.report.output_truncated = True
            outs.append(new_output("stream", name="stderr", text=TRUNCATED + "\n"))
        return None


class SlicedChannel(AsyncZMQSocketChannel):
    """jupyter_client's asyncio channel, waiting for a message in slices of `POLL_SLICE` s."""

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:  # type: ignore[override]
        """
        Return the next message, waiting at most ``timeout`` seconds.

        Parameters
        ----------
        timeout : float, optional
            Seconds to wait in all, >= 0; None waits for ever. Asked of the socket in
            slices, so a missed wake-up costs one slice.

        Returns
        -------
        dict
            The deserialized message.

        Raises
        ------
        queue.Empty
            When ``timeout`` runs out with no message.
        """
        result: dict[str, Any] = await _sliced(super().get_msg)(timeout=timeout)
        return result


class SlicedKernelClient(AsyncKernelClient):
    """An asyncio kernel client whose shell and iopub channels are `SlicedChannel`."""

    shell_channel_class = Type(SlicedChannel)
    iopub_channel_class = Type(SlicedChannel)


class SlicedKernelManager(AsyncKernelManager):
    """
    jupyter_client's asyncio kernel manager, handing out `SlicedKernelClient`.

    nbclient asks its kernel manager for the client it waits on; `CappedExecute` uses this
    manager. (Configuration cannot choose nbgrader's ``Execute``'s manager; it sets
    ``AsyncKernelManager.client_class`` instead, to the same client.)
    """

    client_class = DottedObjectName("autograder.limits.SlicedKernelClient", config=True)
    client_factory = Type(SlicedKernelClient, config=True)


def _sliced(get_msg: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """``get_msg`` that waits in short slices: a missed wake-up costs one slice, not the timeout."""

    async def get_msg_in_slices(timeout: float | None = None, **kwargs: Any) -> Any:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = POLL_SLICE if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return await get_msg(timeout=min(POLL_SLICE, left), **kwargs)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    return get_msg_in_slices
