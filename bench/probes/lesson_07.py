"""Lesson 07: the probe's wrong answers, each computed as a learner holding one idea would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# question id -> params -> [(misconception id, how the wrong answer is computed from params)]
VALUES: dict[
    str, Callable[[dict[str, Any]], list[tuple[str, Callable[[dict[str, Any]], Any]]]]
] = {}
# function question id -> [(misconception id, a wrong function)]
FUNCTIONS: dict[str, list[tuple[str, Callable[..., Any]]]] = {}
