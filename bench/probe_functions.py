"""The probe's wrong functions: each written as a learner who holds one idea would write it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import course.margin as m
from bench.probes import LESSONS

# Function questions: wrong functions, each written as a learner who holds the idea would.
FUNCTIONS: dict[str, list[tuple[str, Callable[..., Any]]]] = {
    "q1_3_recovery_function": [
        ("recovery_symmetric", lambda loss_pct: loss_pct),
        ("fraction_for_percent", lambda loss_pct: m.recovery_gain(loss_pct / 100)),
    ],
    "q2_7_liquidation_function": [
        ("bankruptcy_for_liquidation", lambda entry, leverage, mmr: entry * (1 - 1 / leverage)),
        ("wrong_side", lambda entry, leverage, mmr: entry * (1 + 1 / leverage - mmr)),
        ("wrong_mm_basis", lambda entry, leverage, mmr: entry * (1 - 1 / leverage) / (1 - mmr)),
    ],
    "q3_5_cross_function": [
        (
            "other_upnl_dropped",
            lambda wb, qty, entry, mmr, tmm, upnl: (qty * entry - (wb - tmm)) / (qty * (1 - mmr)),
        ),
        (
            "other_upnl_dropped",
            lambda wb, qty, entry, mmr, tmm, upnl: (
                (qty * entry - (wb - tmm + abs(upnl))) / (qty * (1 - mmr))
            ),
        ),
        (
            "bankruptcy_for_liquidation",
            lambda wb, qty, entry, mmr, tmm, upnl: (qty * entry - (wb - tmm + upnl)) / qty,
        ),
    ],
    "q4_2_safe_leverage": [
        ("one_over_leverage", lambda stop_distance, mmr, buffer: 1 / stop_distance),
        (
            "bankruptcy_for_liquidation",
            lambda stop_distance, mmr, buffer: 1 / (stop_distance + buffer),
        ),
        ("stop_guarantees_exit", lambda stop_distance, mmr, buffer: 1 / (stop_distance + mmr)),
        ("leverage_inverted", lambda stop_distance, mmr, buffer: stop_distance + mmr + buffer),
        (
            "wrong_mm_basis",
            lambda stop_distance, mmr, buffer: 1 / ((stop_distance + buffer) * (1 - mmr) + mmr),
        ),
    ],
    "q5_1_book_vwap": [
        ("stop_guarantees_exit", lambda prices, sizes, qty: max(prices)),
    ],
}

for _lesson in LESSONS:
    FUNCTIONS.update(_lesson.FUNCTIONS)
