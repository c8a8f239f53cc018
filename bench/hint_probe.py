"""`make probe`: plausible wrong answers to every question, and which hint each one gets.

Kept apart from the tests on purpose: the wrong answers here are written from the lessons'
statements and the engine's public façade (`course.margin`), one mistake at a time, not from
`course.feedback.families`. The probe reports, for every wrong answer, whether the check
named the misconception it was built on, named another one, gave the generic pointer,
accepted it, or crashed. The goal (issue 12): at least 90% named right, and none named
wrong, accepted or crashed.
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from bench.probe_functions import FUNCTIONS
from bench.probe_values import VALUES
from course.hints import MISCONCEPTIONS, QUESTIONS, hint_for, question


def _outcome(question_id: str, expected_id: str, answer: Any) -> str:
    try:
        message = hint_for(question_id, answer)
    except Exception as error:  # the probe's point: record it, never stop
        return f"crashed ({type(error).__name__})"
    if message is None:
        return "accepted"
    named = [key for key, entry in MISCONCEPTIONS.items() if entry.hint in message]
    if named == [expected_id]:
        return "named right"
    if named:
        return f"named wrong ({named[0]})"
    return "generic"


def run() -> list[tuple[str, str, str]]:
    """Return (question, misconception, outcome) for every wrong answer of the probe."""
    question("q0_1_notional")  # the first lookup fills the registry
    rows = []
    for question_id, build in VALUES.items():
        if question_id not in QUESTIONS:
            continue
        item = question(question_id)
        params = item.params()
        for expected_id, compute in build(params):
            try:
                answer = compute(params)
            except Exception as error:
                rows.append((question_id, expected_id, f"probe could not compute ({error})"))
                continue
            rows.append((question_id, expected_id, _outcome(question_id, expected_id, answer)))
    for question_id, functions in FUNCTIONS.items():
        if question_id in QUESTIONS:
            for expected_id, function in functions:
                rows.append(
                    (question_id, expected_id, _outcome(question_id, expected_id, function))
                )
    return rows


def main() -> int:
    rows = run()
    counts = Counter(outcome.split(" (")[0] for _, _, outcome in rows)
    for question_id, expected_id, outcome in rows:
        if outcome != "named right":
            print(f"  {question_id:28} {expected_id:32} {outcome}")
    covered = {q for q, _, _ in rows}
    missing = sorted(set(QUESTIONS) - covered)
    total = max(len(rows), 1)
    print(f"\n{total} wrong answers to {len(covered)} questions; not probed: {missing or 'none'}")
    for outcome, count in counts.most_common():
        print(f"  {outcome:12} {count:4}  {100 * count / total:.1f}%")
    bad = sum(
        count
        for outcome, count in counts.items()
        if outcome != "named right" and outcome != "generic"
    )
    right = counts["named right"] / total
    print(f"named right: {100 * right:.1f}% (goal >= 90%); named wrong, accepted or crashed: {bad}")
    return 0 if right >= 0.9 and bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
