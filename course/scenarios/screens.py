"""Why an exchange shows another liquidation price: the reference rows and the walk to a screen.

`reference_vectors` reads ``course/data/liquidation_vectors.csv``, a copy of the team's
reference vectors: each row names its ``source`` (an exchange help page, a recorded output or
an open-source test suite at a pinned commit) and its ``status``. `screen_case` turns a row
into the inputs of a liquidation-price call; `screen_walk` goes from the textbook formula to
an exchange's screen one documented step at a time, for the seed article's trade.
"""

from __future__ import annotations

import functools
import math
from importlib import resources
from typing import Any

import pandas as pd

from course.engine.liquidation import liquidation_price
from course.engine.tiers import BINANCE_BTCUSDT_2021, tiered_liquidation_price

VECTORS_FILE = "liquidation_vectors.csv"
BASIS_OF_FORMULA = {"linear_mark_mm": "mark", "linear_entry_mm": "entry"}
SEED = {"entry": 65_000.0, "qty": 10_000.0 / 65_000.0, "margin": 1_000.0, "leverage": 10.0}
TICK = 0.1  # BTCUSDT's price tick on Binance and Bybit, USDT
FUNDING_RATE = 0.0001  # per 8 hours, the default rate


@functools.lru_cache(maxsize=1)
def _read() -> pd.DataFrame:
    with resources.files("course").joinpath("data", VECTORS_FILE).open(encoding="utf-8") as file:
        return pd.read_csv(file, dtype={"case_id": str})


def reference_vectors() -> pd.DataFrame:
    """
    Return the reference liquidation vectors, one row per documented case.

    Returns
    -------
    pandas.DataFrame
        The CSV's columns, among them ``case_id``, ``source``, ``exchange``, ``status``,
        ``expected_liq_price`` and ``formula``.

    Examples
    --------
    >>> table = reference_vectors()
    >>> table.set_index("case_id").loc["SEED-FORMULA", "expected_liq_price"]
    np.float64(58825.0)
    """
    return _read().copy()


def screen_case(case_id: str) -> dict[str, Any]:
    """
    Return one isolated linear row as the inputs of a liquidation-price call.

    Parameters
    ----------
    case_id : str
        A row whose ``formula`` is ``linear_mark_mm`` or ``linear_entry_mm``.

    Returns
    -------
    dict
        ``side``, ``entry``, ``qty``, ``wallet_balance``, ``mmr``, ``maint_amount``,
        ``fee_rate`` (0 on the entry basis, where a fee is already out of the wallet) and
        ``basis``, in the order of the exercise's function.

    Raises
    ------
    ValueError
        If no such row exists, or its formula is another.

    Examples
    --------
    >>> screen_case("SEED-FORMULA")["basis"]
    'entry'
    """
    rows = _read()[_read()["case_id"] == case_id]
    if rows.empty or rows.iloc[0]["formula"] not in BASIS_OF_FORMULA:
        raise ValueError(f"case_id must be an isolated linear row; got {case_id!r}")
    row = rows.iloc[0]
    basis = BASIS_OF_FORMULA[row["formula"]]
    return {
        "side": str(row["side"]),
        "entry": float(row["entry_price"]),
        "qty": float(row["quantity"]),
        "wallet_balance": float(row["wallet_balance"]),
        "mmr": float(row["mmr"]),
        "maint_amount": float(row["maintenance_amount"]),
        "fee_rate": float(row["fee_rate"]) if basis == "mark" else 0.0,
        "basis": basis,
    }


def expected_price(case_id: str) -> float:
    """
    Return a row's ``expected_liq_price``, the number its source gives.

    Parameters
    ----------
    case_id : str
        A row of `reference_vectors`.

    Returns
    -------
    float

    Examples
    --------
    >>> expected_price("SEED-BYBIT-FEE2CLOSE")
    58857.175
    """
    rows = _read()
    return float(rows.loc[rows["case_id"] == case_id, "expected_liq_price"].to_numpy()[0])


def screen_walk(funding_intervals: int = 3) -> pd.DataFrame:
    """
    Return the walk from the textbook liquidation price to an exchange's screen.

    The seed trade (10x long, 1,000 USDT at 65,000, MMR 0.5%) one documented step at a time;
    each step names the reference row that prints its number, where one does. Steps 2 to 5
    are each one exchange's convention; steps 6 and 7 come on top of Bybit's (step 5):

    1. the textbook formula, MM on entry value (Bybit's classic help page);
    2. MM valued at the mark instead (Binance's algebra);
    3. the opening fee taken out of the margin;
    4. the fee to close added to the maintenance rate (Gate, OKX);
    5. the fee to close reserved out of the margin (Bybit);
    6. funding paid out of isolated margin, ``funding_intervals`` payments at 0.01%;
    7. tick rounding to 0.1 USDT, toward the mark.

    The tier step (a rate and a maintenance amount per bracket) needs a larger position:
    `tier_step`.

    Parameters
    ----------
    funding_intervals : int, default 3
        Funding payments made before the screen is read; >= 0.

    Returns
    -------
    pandas.DataFrame
        ``step``, ``liquidation_price`` (USDT), ``from_textbook`` (its distance from step 1,
        USDT) and ``reference`` (the row's ``case_id``, empty where no row prints it).

    Examples
    --------
    >>> walk = screen_walk()
    >>> walk["liquidation_price"].round(2).tolist()[:5]
    [58825.0, 58793.97, 58826.63, 58823.53, 58857.18]
    """
    if not (isinstance(funding_intervals, int) and funding_intervals >= 0):
        raise ValueError(
            f"funding_intervals must be a whole number >= 0; got {funding_intervals!r}"
        )
    entry, qty, margin, leverage = SEED["entry"], SEED["qty"], SEED["margin"], SEED["leverage"]
    open_fee = qty * entry * 0.0005
    reserve = qty * entry * (1.0 - 1.0 / leverage) * 0.00055
    funding = qty * entry * FUNDING_RATE * funding_intervals
    reserved = liquidation_price("long", entry, qty, margin - reserve, 0.005, basis="entry")
    with_funding = liquidation_price(
        "long", entry, qty, margin - reserve - funding, 0.005, basis="entry"
    )
    steps = [
        ("textbook formula, MM on entry value", liquidation_price(
            "long", entry, qty, margin, 0.005, basis="entry"), "SEED-FORMULA"),
        ("MM valued at the mark", liquidation_price(
            "long", entry, qty, margin, 0.005, basis="mark"), "SEED-BINANCE"),
        ("opening fee taken from the margin", liquidation_price(
            "long", entry, qty, margin - open_fee, 0.005, basis="mark"), "SEED-BINANCE-OPENFEE"),
        ("fee to close added to the MM rate", liquidation_price(
            "long", entry, qty, margin, 0.005, fee_rate=0.0005, basis="mark"),
         "SEED-GATE-OKX-FEE"),
        ("fee to close reserved from the margin", reserved, "SEED-BYBIT-FEE2CLOSE"),
        (f"{funding_intervals} funding payments out of the margin", with_funding, ""),
        ("rounded to the tick, toward the mark",
         math.ceil(round(with_funding / TICK, 6)) * TICK, ""),
    ]  # fmt: skip
    table = pd.DataFrame(steps, columns=["step", "liquidation_price", "reference"])
    table.insert(2, "from_textbook", table["liquidation_price"] - table["liquidation_price"][0])
    return table


def tier_step() -> pd.DataFrame:
    """
    Return the tier step: a 260,000 USDT long whose bracket changes before liquidation.

    Binance's FAQ picks the bracket at the liquidation price's notional, not the entry's.

    Returns
    -------
    pandas.DataFrame
        ``step``, ``liquidation_price`` and ``reference`` for the bracket read at entry and
        the bracket read at the liquidation price.

    Examples
    --------
    >>> tier_step()["liquidation_price"].round(2).tolist()
    [41757.58, 41798.99]
    """
    naive = liquidation_price("long", 52_000.0, 5.0, 52_000.0, 0.01, maint_amount=1_300.0)
    tiered = tiered_liquidation_price(
        "long", 52_000.0, 5.0, 52_000.0, BINANCE_BTCUSDT_2021.brackets
    )
    return pd.DataFrame(
        [
            ("bracket read at the entry notional", naive, "BIN-UM-TIER-NAIVE"),
            ("bracket read at the liquidation notional", tiered, "BIN-UM-TIER-CORRECT"),
        ],
        columns=["step", "liquidation_price", "reference"],
    )


__all__ = [
    "SEED",
    "expected_price",
    "reference_vectors",
    "screen_case",
    "screen_walk",
    "tier_step",
]
