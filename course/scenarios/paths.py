"""Seeded synthetic price paths: geometric Brownian motion, without and with crashes.

`gbm_paths` and `jump_paths` draw from ``numpy.random.default_rng(seed)``: the same seed gives
the same paths. Prices come out as arrays of shape ``(paths, steps + 1)``, or
``(paths, steps + 1, assets)`` when a parameter has one value per asset.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from course.engine.validation import (
    FINITE,
    NON_NEGATIVE,
    POSITIVE,
    PRICE,
    as_array,
    as_count,
    broadcast,
)


def _assets(**parameters: np.ndarray) -> tuple[tuple[int, ...], list[np.ndarray]]:
    """Check per-asset parameters (numbers or 1-D arrays) and broadcast them together."""
    arrays = list(parameters.values())
    for name, value in parameters.items():
        if value.ndim > 1:
            raise ValueError(
                f"{name} must be a number or a 1-D array, one per asset; got shape {value.shape}"
            )
    return tuple(broadcast(**parameters)), arrays


def _log_increments(rng, drift, volatility, dt, size) -> np.ndarray:
    """Draw each step's diffusion log return: (mu - sigma**2/2) * dt + sigma * sqrt(dt) * Z."""
    increments = rng.standard_normal(size)
    increments *= volatility * np.sqrt(dt)
    increments += (drift - 0.5 * volatility**2) * dt
    return increments


def _to_prices(start: np.ndarray, increments: np.ndarray) -> np.ndarray:
    """Turn log returns (paths, steps, ...) into prices (paths, steps + 1, ...) from ``start``."""
    prices = np.empty((increments.shape[0], increments.shape[1] + 1) + increments.shape[2:])
    prices[:, 0] = 0.0
    np.cumsum(increments, axis=1, out=prices[:, 1:])
    np.exp(prices, out=prices)
    prices *= start
    return prices


def gbm_paths(
    start: ArrayLike,
    drift: ArrayLike,
    volatility: ArrayLike,
    steps: int,
    paths: int,
    *,
    seed: int,
    dt: float = 1 / 365,
) -> np.ndarray:
    """
    Draw seeded price paths of geometric Brownian motion.

    Each step multiplies the price by a lognormal factor, with ``Z`` standard normal::

        log S[t+1] = log S[t] + (drift - volatility**2 / 2) * dt + volatility * sqrt(dt) * Z

    so ``E[S[t]] = start * exp(drift * t * dt)``. Used for the Monte Carlo lessons on
    liquidation odds and on cross against isolated margin.

    Parameters
    ----------
    start : float or 1-D array-like
        Price at step 0, USDT per coin; finite and > 0. An array gives one asset per entry.
    drift : float or 1-D array-like
        Expected return per year (``mu``), e.g. 0.0 or 0.05; finite.
    volatility : float or 1-D array-like
        Annualised volatility (``sigma``), e.g. 0.8 for 80%; finite and >= 0.
    steps : int
        Number of steps after the start; integer >= 1.
    paths : int
        Number of paths; integer >= 1.
    seed : int
        Seed of ``numpy.random.default_rng``; integer >= 0.
    dt : float, default 1/365
        Years per step (one day); finite and > 0.

    Returns
    -------
    numpy.ndarray
        Shape ``(paths, steps + 1)`` with ``start`` in column 0, or ``(paths, steps + 1,
        assets)`` when a parameter is an array (assets are independent).

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    >>> prices = gbm_paths(60_000, drift=0.0, volatility=0.8, steps=365, paths=1_000, seed=1)
    >>> prices.shape, float(prices[0, 0])
    ((1000, 366), 60000.0)
    >>> bool((prices == gbm_paths(60_000, 0.0, 0.8, 365, 1_000, seed=1)).all())
    True
    >>> gbm_paths([60_000, 3_000], 0.0, [0.8, 0.0], steps=2, paths=1, seed=0)[0, :, 1]
    array([3000., 3000., 3000.])
    """
    shape, (first, mu, sigma) = _assets(
        start=as_array("start", start, PRICE),
        drift=as_array("drift", drift, FINITE),
        volatility=as_array("volatility", volatility, NON_NEGATIVE),
    )
    count, width = as_count("steps", steps, 1), as_count("paths", paths, 1)
    step = float(as_array("dt", dt, POSITIVE))
    rng = np.random.default_rng(as_count("seed", seed, 0))
    increments = _log_increments(rng, mu, sigma, step, (width, count) + shape)
    return _to_prices(first, increments)


def jump_paths(
    start: ArrayLike,
    drift: ArrayLike,
    volatility: ArrayLike,
    steps: int,
    paths: int,
    *,
    jump_rate: ArrayLike,
    jump_mean: ArrayLike,
    jump_std: ArrayLike = 0.0,
    seed: int,
    dt: float = 1 / 365,
    compensate: bool = True,
) -> np.ndarray:
    """
    Draw seeded price paths of GBM with sudden jumps (Merton's jump diffusion).

    On top of `gbm_paths`, ``N ~ Poisson(jump_rate * dt)`` jumps arrive in each step, each
    multiplying the price by ``exp(Y)`` with ``Y ~ Normal(jump_mean, jump_std**2)``::

        log S[t+1] = log S[t] + (drift - volatility**2 / 2 - jump_rate * k) * dt
                     + volatility * sqrt(dt) * Z + sum_{i <= N} Y_i
        k = exp(jump_mean + jump_std**2 / 2) - 1     (the mean jump, as a fraction)

    The ``- jump_rate * k`` term (``compensate=True``) keeps ``E[S[t]]`` the same as GBM's,
    so crashes fatten the left tail without changing the average. ``jump_std=0`` gives
    fixed-size jumps: ``jump_mean = log(0.7)`` is a 30% crash. With ``jump_rate=0`` the
    paths equal `gbm_paths` with the same seed.

    Parameters
    ----------
    start, drift, volatility, steps, paths
        As in `gbm_paths`.
    jump_rate : float or 1-D array-like
        Expected jumps per year (``lambda``); finite and >= 0.
    jump_mean : float or 1-D array-like
        Mean log jump; finite, negative for crashes.
    jump_std : float or 1-D array-like, default 0.0
        Standard deviation of the log jump; finite and >= 0.
    seed, dt
        As in `gbm_paths`.
    compensate : bool, default True
        Subtract ``jump_rate * k`` from the drift, as Merton does.

    Returns
    -------
    numpy.ndarray
        As in `gbm_paths`.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it and the range.

    Examples
    --------
    Two 30% crashes a year on average, on a path with no other noise:

    >>> prices = jump_paths(100, 0.0, 0.0, steps=365, paths=1_000, jump_rate=2,
    ...                     jump_mean=np.log(0.7), seed=3, compensate=False)
    >>> moves = prices[:, 1:] / prices[:, :-1]          # one-step price ratios
    >>> sorted(set(np.round(moves, 6).ravel().tolist()))[-2:]
    [0.7, 1.0]
    >>> bool(1.8 < (moves < 1).sum() / 1_000 < 2.2)     # crash days per path-year
    True
    """
    shape, (first, mu, sigma, rate, mean, spread) = _assets(
        start=as_array("start", start, PRICE),
        drift=as_array("drift", drift, FINITE),
        volatility=as_array("volatility", volatility, NON_NEGATIVE),
        jump_rate=as_array("jump_rate", jump_rate, NON_NEGATIVE),
        jump_mean=as_array("jump_mean", jump_mean, FINITE),
        jump_std=as_array("jump_std", jump_std, NON_NEGATIVE),
    )
    count, width = as_count("steps", steps, 1), as_count("paths", paths, 1)
    step = float(as_array("dt", dt, POSITIVE))
    if not isinstance(compensate, bool):
        raise ValueError(f"compensate must be True or False; got {compensate!r}")
    rng = np.random.default_rng(as_count("seed", seed, 0))
    size = (width, count) + shape
    increments = _log_increments(rng, mu, sigma, step, size)
    if compensate:
        increments -= rate * np.expm1(mean + 0.5 * spread**2) * step
    arrivals = rng.poisson(np.broadcast_to(rate * step, size))
    where = np.nonzero(arrivals)
    jumps = arrivals[where]
    asset = where[2] if shape else ()
    mean_at = np.broadcast_to(mean, shape)[asset]
    spread_at = np.broadcast_to(spread, shape)[asset]
    increments[where] += jumps * mean_at + np.sqrt(jumps) * spread_at * rng.standard_normal(
        jumps.size
    )
    return _to_prices(first, increments)


__all__ = ["gbm_paths", "jump_paths"]
