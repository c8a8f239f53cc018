"""Lesson 09: the probe's wrong answers, each computed as a learner holding one idea would."""

from __future__ import annotations

from collections.abc import Callable
from statistics import mean
from typing import Any

from course import margin as m


def _loop(shock_price, levels, sizes, impact, *, feedback=True, reach=True):
    """A learner's loop over the clusters, highest first; switches turn off one idea each."""
    price = shock_price
    for level, size in zip(levels, sizes, strict=True):
        target = price if feedback else shock_price
        if reach and target > level:
            break
        price -= impact * size
    return max(price, 0.0)


def _toy_at(p: dict[str, Any], impact: float, **switches: bool) -> float:
    return _loop(p["shock_price"], p["levels"], p["sizes"], impact, **switches)


# question id -> params -> [(misconception id, how the wrong answer is computed from params)]
VALUES: dict[str, Callable[[dict[str, Any]], list[tuple[str, Callable[[dict[str, Any]], Any]]]]] = {
    "q9_2_half_impact": lambda p: [
        ("every_cluster_fires", lambda p: _toy_at(p, p["impact"], reach=False)),
        (
            "cascade_linear",
            lambda p: (
                p["start"]
                - (p["start"] - _toy_at(p, p["reference_impact"]))
                * p["impact"]
                / p["reference_impact"]
            ),
        ),
    ],
    "q9_3_venue_mark": lambda p: [
        ("last_price_trigger", lambda p: p["last"]),
        ("mean_for_median", lambda p: mean([p["last"], *p["other_venues"]])),
    ],
    "q9_4_stop_in_cascade": lambda p: [
        ("stop_guarantees_exit", lambda p: p["qty"] * (p["entry"] - p["stop"])),
    ],
    "q9_5_first_exit": lambda p: [
        # liquidation taken to watch the last price: both fire, the higher one first
        (
            "last_price_trigger",
            lambda p: max(
                p["stop"], m.isolated_liquidation_price("long", p["entry"], p["leverage"], p["mmr"])
            ),
        ),
    ],
    "q9_6_throttled_total": lambda p: [
        ("reported_totals_complete", lambda p: p["shown_total"]),
    ],
    "q9_7_myth_factor": lambda p: [
        ("reported_totals_complete", lambda p: 1.0),
        ("ratio_inverted", lambda p: p["reported"] / p["actual"]),
    ],
}
# function question id -> [(misconception id, a wrong function)]
FUNCTIONS: dict[str, list[tuple[str, Callable[..., Any]]]] = {
    "q9_1_cascade_loop": [
        (
            "cascade_ignores_feedback",
            lambda shock_price, levels, sizes, impact: _loop(
                shock_price, levels, sizes, impact, feedback=False
            ),
        ),
        (
            "every_cluster_fires",
            lambda shock_price, levels, sizes, impact: _loop(
                shock_price, levels, sizes, impact, reach=False
            ),
        ),
    ],
}
