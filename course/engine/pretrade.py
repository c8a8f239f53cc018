"""A pre-trade check's verdict: go, or the reasons that failed, and one code that says which.

`pre_trade_verdict` runs the five rules of `course.engine.pretrade_checks` on an account and
a trade (plain dicts; that module lists their keys and the rules) and returns a `Verdict`.
Its ``code`` adds `REASON_CODES` of the failed checks (0 is a go), so one number says which
failed; `failed_reasons` reads it back. Lesson 10's capstone asks the learner to write it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from course.engine.pretrade_checks import (
    ACCOUNT_KEYS,
    CHECKS,
    REASONS,
    TRADE_KEYS,
    Check,
    cross_distance,
    holding_costs,
    stop_distance,
    trade_notional,
)
from course.engine.validation import require

REASON_CODES = {reason: 2**index for index, reason in enumerate(REASONS)}


def _require_keys(name: str, given: Mapping[str, Any], keys: Iterable[str]) -> None:
    require(isinstance(given, Mapping), lambda: f"{name} must be a dict; got {given!r}")
    missing = [key for key in keys if key not in given]
    require(not missing, lambda: f"{name} must have the keys {', '.join(missing)}; got {given!r}")


def reason_code(reasons: Iterable[str]) -> int:
    """
    Return the number that stands for a set of failed reasons: the sum of their codes.

    Parameters
    ----------
    reasons : iterable of str
        Names from `REASONS`; each counts once.

    Returns
    -------
    int
        0 when nothing failed (a go).

    Raises
    ------
    ValueError
        If a name is not one of `REASONS`.

    Examples
    --------
    >>> reason_code([]), reason_code(["risk", "costs"])
    (0, 9)
    """
    names = set(reasons)
    unknown = sorted(names - set(REASONS))
    require(not unknown, lambda: f"reasons must be among {', '.join(REASONS)}; got {unknown}")
    return sum(REASON_CODES[name] for name in names)


def failed_reasons(code: int) -> tuple[str, ...]:
    """
    Return the reasons a code stands for, in the order of `REASONS`.

    Parameters
    ----------
    code : int
        A sum of `REASON_CODES`, in [0, 31].

    Returns
    -------
    tuple of str

    Raises
    ------
    ValueError
        If ``code`` is not a whole number in [0, 31].

    Examples
    --------
    >>> failed_reasons(9)
    ('risk', 'costs')
    """
    require(
        float(code) == int(code) and 0 <= int(code) < 2 ** len(REASONS),
        lambda: f"code must be a whole number in [0, {2 ** len(REASONS) - 1}]; got {code!r}",
    )
    return tuple(name for name in REASONS if int(code) & REASON_CODES[name])


@dataclass(frozen=True)
class Verdict:
    """
    A go/no-go and the reasons that failed.

    ``go`` is True when nothing failed; ``code`` is `reason_code` of the failed reasons.

    Parameters
    ----------
    failed : tuple of str
        The failed reasons, in the order of `REASONS`.
    figures : dict
        The numbers each check compared, for the learner to read.

    Examples
    --------
    >>> verdict = Verdict(("risk",))
    >>> verdict.go, verdict.code
    (False, 1)
    """

    failed: tuple[str, ...]
    figures: dict[str, float] = field(default_factory=dict)

    @property
    def go(self) -> bool:
        """Return whether no check failed."""
        return not self.failed

    @property
    def code(self) -> int:
        """Return `reason_code` of the failed reasons."""
        return reason_code(self.failed)


def pre_trade_verdict(
    account: Mapping[str, Any],
    trade: Mapping[str, Any],
    checks: Mapping[str, Check] | None = None,
) -> Verdict:
    """
    Return the verdict of the five checks on a trade: go, or the reasons that failed.

    Parameters
    ----------
    account : dict
        ``equity``, ``positions``, ``mmr``, ``fee_rate``, ``funding_rate``, ``risk_limit``,
        ``buffer``, ``cost_limit``, ``crash_limit`` (see the module).
    trade : dict
        ``side``, ``entry``, ``stop``, ``qty``, ``leverage``, ``hold_hours``, ``worst_move``.
    checks : mapping, optional
        Reason -> check, replacing those of `CHECKS` (the wrong models swap one).

    Returns
    -------
    Verdict

    Raises
    ------
    ValueError
        If a key is missing, or a number is out of range; the message names it.

    Examples
    --------
    >>> account = {"equity": 10_000.0, "positions": [], "mmr": 0.005, "fee_rate": 0.0005,
    ...            "funding_rate": 0.0001, "risk_limit": 0.02, "buffer": 0.01,
    ...            "cost_limit": 0.25, "crash_limit": 0.1}
    >>> trade = {"side": "long", "entry": 50_000.0, "stop": 48_500.0, "qty": 0.1,
    ...          "leverage": 5.0, "hold_hours": 48, "worst_move": 0.375}
    >>> verdict = pre_trade_verdict(account, trade)
    >>> verdict.go, verdict.failed, verdict.code
    (False, ('history',), 16)
    """
    _require_keys("account", account, ACCOUNT_KEYS)
    _require_keys("trade", trade, TRADE_KEYS)
    _validate(account, trade)
    chosen = {**CHECKS, **(checks or {})}
    failed = tuple(name for name in REASONS if chosen[name](account, trade))
    figures = {
        "loss_at_stop": trade["qty"] * abs(trade["entry"] - trade["stop"]),
        "risk_budget": account["risk_limit"] * account["equity"],
        "stop_distance": stop_distance(trade),
        "isolated_distance": 1.0 / trade["leverage"] - account["mmr"],
        "cross_distance": cross_distance(account, trade),
        "costs": holding_costs(account, trade),
        "crash_loss": trade_notional(trade) * trade["worst_move"],
    }
    return Verdict(failed, figures)


def _validate(account: Mapping[str, Any], trade: Mapping[str, Any]) -> None:
    """Check each number's range; the message names the key."""
    ranges = {
        ("account", "equity"): (account["equity"], 0.0, math.inf),
        ("account", "mmr"): (account["mmr"], 0.0, 1.0),
        ("account", "fee_rate"): (account["fee_rate"], 0.0, 1.0),
        ("account", "funding_rate"): (account["funding_rate"], -1.0, 1.0),
        ("account", "risk_limit"): (account["risk_limit"], 0.0, 1.0),
        ("account", "buffer"): (account["buffer"], 0.0, 1.0),
        ("account", "cost_limit"): (account["cost_limit"], 0.0, math.inf),
        ("account", "crash_limit"): (account["crash_limit"], 0.0, math.inf),
        ("trade", "entry"): (trade["entry"], 0.0, math.inf),
        ("trade", "stop"): (trade["stop"], 0.0, math.inf),
        ("trade", "qty"): (trade["qty"], 0.0, math.inf),
        ("trade", "leverage"): (trade["leverage"], 1.0, math.inf),
        ("trade", "hold_hours"): (trade["hold_hours"], 0.0, math.inf),
        ("trade", "worst_move"): (trade["worst_move"], 0.0, 1.0),
    }
    for (owner, key), (value, low, high) in ranges.items():
        fine = isinstance(value, (int, float)) and not isinstance(value, bool)
        fine = fine and math.isfinite(value) and low <= value < high
        fine = fine and (value > 0 or key in _MAY_BE_ZERO)
        if not fine:
            raise ValueError(f"{owner}['{key}'] must be in [{low}, {high}); got {value!r}")
    require(
        trade["side"] in ("long", "short"),
        lambda: f"trade['side'] must be 'long' or 'short'; got {trade['side']!r}",
    )


_MAY_BE_ZERO = {"mmr", "fee_rate", "funding_rate", "buffer", "cost_limit", "hold_hours"}

__all__ = [
    "CHECKS",
    "REASONS",
    "REASON_CODES",
    "Verdict",
    "cross_distance",
    "failed_reasons",
    "pre_trade_verdict",
    "reason_code",
]
