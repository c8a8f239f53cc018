"""Call a learner's function on one case, so that nothing it does can break the check.

The function gets deep copies of the case's values, so a function that consumes its input
lists in place cannot change the registry's cases for the next call. What it prints is
captured, not shown. A call that runs past `CALL_SECONDS` is stopped (in the kernel's main
thread, with a real-time timer), so a loop that never ends becomes a one-line message.
Whatever happens comes back as a `Call`, never as an exception from the learner's code.
"""

from __future__ import annotations

import contextlib
import copy
import io
import signal
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

CALL_SECONDS = 2.0


class _TookTooLong(BaseException):
    """Raised by the timer inside a learner's call: a BaseException, so ``except Exception``
    in the learner's own code cannot swallow it."""


@dataclass(frozen=True)
class Call:
    """
    What one call of a learner's function did.

    Parameters
    ----------
    returned : object
        The return value (None when the call raised or timed out).
    error : str
        The exception's type and message, when the function raised; else empty.
    timed_out : bool
        Whether the call ran past its time.
    printed : bool
        Whether the function wrote to standard output or standard error.
    mutated : tuple of str
        The names of the arguments the function changed in place.
    """

    returned: Any = None
    error: str = ""
    timed_out: bool = False
    printed: bool = False
    mutated: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        """Return whether the call gave no return value to read (it raised or timed out)."""
        return bool(self.error) or self.timed_out


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise `_TookTooLong` in this thread after ``seconds`` (main thread only)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise _TookTooLong

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _same(before: Any, after: Any) -> bool:
    try:
        return bool(before == after)
    except Exception:  # e.g. NumPy arrays: compare their reprs instead
        return repr(before) == repr(after)


def _describe(error: BaseException) -> str:
    try:
        text = str(error)[:200].strip()
    except Exception:
        text = ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def call_learner(
    function: Callable[..., Any], case: Mapping[str, Any], seconds: float | None = None
) -> Call:
    """
    Call ``function`` positionally with deep copies of ``case``'s values, safely.

    Parameters
    ----------
    function : callable
        The learner's function.
    case : mapping
        The case's inputs, in the order the function takes them.
    seconds : float, optional
        How long the call may run (0 for no limit); by default `CALL_SECONDS`.

    Returns
    -------
    Call
        What the call returned, raised or printed, and whether it timed out or changed
        its arguments in place.

    Examples
    --------
    >>> def consume(sizes):
    ...     sizes.pop()
    ...     return len(sizes)
    >>> case = {"sizes": [1, 2, 3]}
    >>> call_learner(consume, case)
    Call(returned=2, error='', timed_out=False, printed=False, mutated=('sizes',))
    >>> case
    {'sizes': [1, 2, 3]}
    """
    limit = CALL_SECONDS if seconds is None else seconds
    try:
        given = copy.deepcopy(dict(case))
        kept = copy.deepcopy(given)
    except Exception:  # a case is registry data: plain numbers and lists
        given = kept = dict(case)
    output = io.StringIO()
    returned, error, timed_out = None, "", False
    try:
        with (
            _deadline(limit),
            contextlib.redirect_stdout(output),
            contextlib.redirect_stderr(output),
        ):
            returned = function(*given.values())
    except _TookTooLong:
        timed_out = True
    except (KeyboardInterrupt, SystemExit) as stop:  # the learner's code asked to stop
        error = _describe(stop)
    except Exception as raised:
        error = _describe(raised)
    mutated = tuple(name for name in kept if not _same(kept[name], given[name]))
    return Call(returned, error, timed_out, bool(output.getvalue()), mutated)


__all__ = ["CALL_SECONDS", "Call", "call_learner"]
