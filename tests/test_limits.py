"""The grading executor's parts: sliced waits on the kernel's channels."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from queue import Empty

import pytest

from autograder.limits import POLL_SLICE, CappedExecute, _sliced


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


def test_the_executor_installs_the_sliced_waits():
    # nbclient binds start_new_kernel_client to its own coroutine, so the override must be
    # on the sync name; this fails if someone moves it to the async one.
    assert "start_new_kernel_client" in CappedExecute.__dict__
