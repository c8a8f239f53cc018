"""The grading executor's parts: sliced waits on the kernel's channels, its execution report."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from queue import Empty

import nbformat
import pytest
from nbclient.exceptions import DeadKernelError

from autograder.limits import (
    POLL_SLICE,
    CappedExecute,
    SlicedChannel,
    SlicedKernelClient,
    SlicedKernelManager,
    _sliced,
    take_reports,
)


def run(coroutine):
    """Run ``coroutine`` on a fresh loop in its own thread (other tests may leave one running)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def _channel(replies):
    """A fake get_msg: each call pops a reply (a message, or Empty); records its timeouts."""
    asked = []

    async def get_msg(timeout=None):
        asked.append(timeout)
        reply = replies.pop(0) if replies else Empty
        if reply is Empty:
            if not replies and timeout:
                await asyncio.sleep(timeout)  # nothing will come: the poll waits it out
            raise Empty
        return reply

    return get_msg, asked


def test_a_long_wait_is_asked_in_slices_and_returns_the_first_message():
    get_msg, asked = _channel([Empty, Empty, {"msg_type": "execute_reply"}])
    message = run(_sliced(get_msg)(timeout=30))
    assert message == {"msg_type": "execute_reply"}
    assert len(asked) == 3 and all(0 <= t <= POLL_SLICE for t in asked)


def test_the_caller_still_gets_empty_when_its_own_timeout_runs_out():
    get_msg, asked = _channel([])
    with pytest.raises(Empty):
        run(_sliced(get_msg)(timeout=2 * POLL_SLICE))
    assert 2 <= len(asked) <= 4


def test_an_endless_wait_keeps_slicing():
    get_msg, asked = _channel([Empty] * 5 + [{"msg_type": "status"}])
    assert run(_sliced(get_msg)(timeout=None)) == {"msg_type": "status"}
    assert asked == [POLL_SLICE] * 6


def test_the_executor_waits_through_the_sliced_kernel_client():
    # the same kernel manager that nbgrader's Validate gets from autograder.config
    assert CappedExecute().kernel_manager_class is SlicedKernelManager
    manager = SlicedKernelManager()
    assert manager.client_factory is SlicedKernelClient
    client = manager.client_factory()
    assert client.shell_channel_class is SlicedChannel
    assert client.iopub_channel_class is SlicedChannel


def _notebook(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def _execute(notebook, tmp_path, timeout=2):
    """Run ``notebook`` with our executor on this environment's python3 kernel: (reports, error)."""
    take_reports()
    executor = CappedExecute(timeout=timeout, kernel_name="python3")
    try:
        executor.preprocess(notebook, {"metadata": {"path": str(tmp_path)}})
    except Exception as error:
        return take_reports(), error
    return take_reports(), None


@pytest.mark.slow
def test_the_executor_notes_the_cell_that_timed_out_and_not_the_ones_that_say_so(tmp_path):
    notebook = _notebook(
        'print("CellTimeoutError: Cell execution timed out")',
        "class CellTimeoutError(TimeoutError):\n    pass\n\nraise CellTimeoutError('No reply')",
        "while True:\n    pass",
        "print('after')",
    )
    (report,), error = _execute(notebook, tmp_path)
    assert error is None and report.timed_out_cells == [2]
    assert not report.kernel_died and report.stopped_by == ""
    assert notebook.cells[1].outputs[0]["ename"] == "CellTimeoutError"  # the imitation is there
    assert notebook.cells[3].outputs[0]["text"] == "after\n"


@pytest.mark.slow
def test_the_executor_notes_a_dead_kernel_and_its_exit_status(tmp_path):
    notebook = _notebook('print("DeadKernelError: Kernel died")', "import os\nos._exit(3)")
    (report,), error = _execute(notebook, tmp_path, timeout=10)
    assert isinstance(error, DeadKernelError)
    assert (report.kernel_died_in_cell, report.kernel_exit_status) == (1, 3)
    assert report.stopped_by == "DeadKernelError" and report.timed_out_cells == []


@pytest.mark.slow
def test_printing_what_a_dead_kernel_looks_like_is_just_output(tmp_path):
    (report,), error = _execute(_notebook('print("DeadKernelError: Kernel died")'), tmp_path)
    assert error is None and not report.kernel_died and report.stopped_by == ""
