"""Engine speed: `liquidation_price` on 1,000,000 positions against the same formula by hand.

Both baselines run in this process on the same inputs: a hand-written NumPy expression of
Binance's long formula (MM at mark), and a pure-Python loop over the positions.
"""

from __future__ import annotations

import math

import numpy as np

from bench.timing import median_seconds
from course.margin import liquidation_price

POSITIONS = 1_000_000


def positions(count: int = POSITIONS, seed: int = 7) -> dict[str, np.ndarray]:
    """Seeded random long positions at 2x to 50x leverage."""
    rng = np.random.default_rng(seed)
    entry = rng.uniform(1_000, 100_000, count)
    qty = rng.uniform(0.01, 5, count)
    leverage = rng.uniform(2, 50, count)
    return dict(
        entry=entry,
        qty=qty,
        collateral=qty * entry / leverage,
        mmr=rng.choice([0.004, 0.005, 0.01], count),
    )


def by_hand_numpy(entry, qty, collateral, mmr):
    """Binance's long formula written out: (Q*E - C) / (Q * (1 - mmr)), floored at 0."""
    return np.maximum((qty * entry - collateral) / (qty * (1.0 - mmr)), 0.0)


def by_python_loop(entry, qty, collateral, mmr):
    """The same validated computation as the engine, one position at a time in pure Python."""
    out = []
    for e, q, c, m in zip(
        entry.tolist(), qty.tolist(), collateral.tolist(), mmr.tolist(), strict=True
    ):
        if not (math.isfinite(e) and e > 0):
            raise ValueError(f"entry must be a finite price > 0; got {e!r}")
        if not (math.isfinite(q) and q > 0):
            raise ValueError(f"qty must be a finite size > 0; got {q!r}")
        if not (math.isfinite(c) and c >= 0):
            raise ValueError(f"collateral must be finite and >= 0; got {c!r}")
        if not 0 <= m < 1:
            raise ValueError(f"mmr must be in [0, 1); got {m!r}")
        out.append(max((q * e - c) / (q * (1.0 - m)), 0.0))
    return out


def by_bare_python_loop(entry, qty, collateral, mmr):
    """The formula alone in a Python loop, with no checks: the floor of what a loop costs."""
    return [
        max((q * e - c) / (q * (1.0 - m)), 0.0)
        for e, q, c, m in zip(
            entry.tolist(), qty.tolist(), collateral.tolist(), mmr.tolist(), strict=True
        )
    ]


def bench_engine() -> dict[str, float]:
    """Time the engine and both baselines; check they agree before trusting the times."""
    data = positions()
    engine = liquidation_price("long", data["entry"], data["qty"], data["collateral"], data["mmr"])
    np.testing.assert_allclose(engine, by_hand_numpy(**data), rtol=1e-12)
    engine_s = median_seconds(
        lambda: liquidation_price(
            "long", data["entry"], data["qty"], data["collateral"], data["mmr"]
        ),
        7,
    )
    numpy_s = median_seconds(lambda: by_hand_numpy(**data), 7)
    np.testing.assert_allclose(by_python_loop(**data)[:1000], engine[:1000], rtol=1e-12)
    loop_s = median_seconds(lambda: by_python_loop(**data), 3)
    bare_loop_s = median_seconds(lambda: by_bare_python_loop(**data), 3)
    return {
        "positions": POSITIONS,
        "engine_s": engine_s,
        "numpy_s": numpy_s,
        "loop_s": loop_s,
        "engine_vs_numpy": engine_s / numpy_s,
        "loop_vs_engine": loop_s / engine_s,
        "bare_loop_s": bare_loop_s,
        "bare_loop_vs_engine": bare_loop_s / engine_s,
    }


def report(result: dict[str, float]) -> list[str]:
    return [
        f"liquidation_price on {result['positions']:,} positions: "
        f"{result['engine_s'] * 1e3:.1f} ms",
        f"  vs hand-written NumPy ({result['numpy_s'] * 1e3:.1f} ms): "
        f"{result['engine_vs_numpy']:.2f}x slower (goal <= 3x)",
        f"  vs pure-Python loop with the same checks ({result['loop_s']:.2f} s): "
        f"{result['loop_vs_engine']:.0f}x faster (goal >= 100x)",
        f"  vs bare pure-Python formula, no checks ({result['bare_loop_s']:.2f} s): "
        f"{result['bare_loop_vs_engine']:.0f}x faster",
    ]


if __name__ == "__main__":
    print("\n".join(report(bench_engine())))
