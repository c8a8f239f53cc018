"""Simulation speed: cross against isolated margin on 10,000 paths x 365 steps x 3 positions.

The baseline runs in the same process at the same size: a plain NumPy random walk (normal
draws and a cumulative sum), the least any path simulation has to do. The simulation draws
GBM paths for three assets and summarises both margin modes on them.
"""

from __future__ import annotations

import numpy as np

from bench.timing import median_seconds
from course.scenarios import gbm_paths, summarize_margin_modes

PATHS, STEPS, POSITIONS = 10_000, 365, 3
REPEATS = 5


def numpy_walk(seed: int = 0) -> np.ndarray:
    """A random walk of the same size: normal draws summed along the steps."""
    return np.random.default_rng(seed).standard_normal((PATHS, STEPS, POSITIONS)).cumsum(axis=1)


def simulation(seed: int = 0):
    """Seeded GBM paths for BTC, ETH and SOL, then both margin modes summarised per path."""
    prices = gbm_paths([60_000.0, 3_000.0, 150.0], 0.0, [0.6, 0.8, 1.0], STEPS, PATHS, seed=seed)
    return summarize_margin_modes(
        prices,
        side=["long", "short", "long"],
        qty=[0.5, 10.0, 100.0],
        leverage=[10, 10, 5],
        wallet_balance=20_000.0,
    )


def bench_simulation() -> dict[str, float]:
    """Time the NumPy walk and the full simulation at the same size; return seconds and ratio."""
    summary = simulation()
    assert len(summary) == 2 * PATHS  # one row per path and mode, before trusting the times
    numpy_walk_s = median_seconds(numpy_walk, REPEATS)
    simulation_s = median_seconds(simulation, REPEATS)
    return {
        "simulation_s": simulation_s,
        "numpy_walk_s": numpy_walk_s,
        "ratio": simulation_s / numpy_walk_s,
    }


def report(result: dict[str, float]) -> list[str]:
    """Lines for `make bench`, in the style of bench.engine.report."""
    return [
        f"cross vs isolated on {PATHS:,} paths x {STEPS} steps x {POSITIONS} positions: "
        f"{result['simulation_s'] * 1e3:.0f} ms",
        f"  vs a NumPy random walk of the same size ({result['numpy_walk_s'] * 1e3:.0f} ms): "
        f"{result['ratio']:.2f}x",
    ]


if __name__ == "__main__":
    print(bench_simulation())
