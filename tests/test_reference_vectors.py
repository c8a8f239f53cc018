"""Every row of the exchanges' reference cases, within its own tolerance.

The engine call is chosen from the row's ``formula`` column:
``linear_mark_mm`` / ``linear_entry_mm`` / ``inverse_mark_mm`` / ``inverse_entry_mm`` pick the
contract and MM basis of `liquidation_price` (or `cross_liquidation_price` when the row lists
other positions); ``binance_um_tiered:<table>`` uses `tiered_liquidation_price` with that table.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from course.margin import (
    TIER_TABLES,
    Position,
    bankruptcy_price,
    cross_liquidation_price,
    isolated_liquidation_price,
    liquidation_price,
)

VECTORS = Path(__file__).parent / "data" / "liquidation_vectors.csv"
ROWS = list(csv.DictReader(VECTORS.open(encoding="utf-8")))

# Rows the API cannot express, with the reason.
UNSUPPORTED = {
    "bybit_inverse_cross_2019": (
        "Bybit's 2019 inverse-cross formula reserves a close fee valued at the bankruptcy price "
        "inside the equation, and the printed value is rounded up to the 0.5 USD tick"
    ),
}
# Rows whose fee_rate column describes a fee already taken out of wallet_balance.
FEE_ALREADY_IN_WALLET = {
    "SEED-BYBIT-FEE2CLOSE": "the 4.95 USDT fee to close is already deducted: WB = 1,000 - 4.95",
}


def number(text: str) -> float:
    return float(text) if text.strip() else 0.0


def case_ids(rows):
    return [row["case_id"] for row in rows]


def call_for(row: dict) -> float:
    """Compute the row's liquidation price with the engine call its formula names."""
    formula = row["formula"]
    if formula in UNSUPPORTED:
        pytest.skip(UNSUPPORTED[formula])
    side, entry, qty = row["side"], float(row["entry_price"]), float(row["quantity"])
    wallet = float(row["wallet_balance"])
    if formula.startswith("binance_um_tiered:"):
        table = TIER_TABLES[formula.split(":", 1)[1]]
        from course.margin import tiered_liquidation_price

        return tiered_liquidation_price(side, entry, qty, wallet, table.brackets)
    contract, basis = formula.split("_")[0], formula.split("_")[1]
    fee = 0.0 if row["case_id"] in FEE_ALREADY_IN_WALLET else number(row["fee_rate"])
    others = json.loads(row["other_positions"]) if row["other_positions"].strip() else []
    if others:
        positions = [
            Position(
                "MAIN",
                side,
                qty,
                entry,
                mmr=float(row["mmr"]),
                maint_amount=number(row["maintenance_amount"]),
            )
        ] + [
            Position(o["symbol"], o["side"], o["qty"], o["entry"], o["mark"], o["mmr"], o["cum"])
            for o in others
        ]
        return cross_liquidation_price(wallet, positions, "MAIN", basis=basis)
    return liquidation_price(
        side,
        entry,
        qty,
        wallet,
        float(row["mmr"]),
        maint_amount=number(row["maintenance_amount"]),
        fee_rate=fee,
        basis=basis,
        contract=contract,
    )


LIQUIDATION_ROWS = [row for row in ROWS if row["expected_liq_price"].strip()]
BANKRUPTCY_ROWS = [row for row in ROWS if row["expected_bankruptcy_price"].strip()]


def test_every_row_is_checked_somewhere():
    checked = {row["case_id"] for row in LIQUIDATION_ROWS + BANKRUPTCY_ROWS}
    assert checked == {row["case_id"] for row in ROWS}
    assert len(ROWS) >= 59


@pytest.mark.parametrize("row", LIQUIDATION_ROWS, ids=case_ids(LIQUIDATION_ROWS))
def test_liquidation_price_matches_reference(row):
    expected = float(row["expected_liq_price"])
    assert call_for(row) == pytest.approx(expected, rel=float(row["rel_tol"]))


@pytest.mark.parametrize("row", BANKRUPTCY_ROWS, ids=case_ids(BANKRUPTCY_ROWS))
def test_bankruptcy_price_matches_reference(row):
    if row["formula"] in UNSUPPORTED:
        pytest.skip(UNSUPPORTED[row["formula"]])
    contract = row["formula"].split("_")[0]
    computed = bankruptcy_price(
        row["side"],
        float(row["entry_price"]),
        float(row["quantity"]),
        float(row["wallet_balance"]),
        contract=contract,
    )
    assert computed == pytest.approx(
        float(row["expected_bankruptcy_price"]), rel=float(row["rel_tol"])
    )


def _opened_at_leverage(row: dict) -> bool:
    """Isolated rows whose wallet is exactly the initial margin at the row's leverage."""
    if row["mode"] != "isolated" or not row["leverage"].strip() or ":" in row["formula"]:
        return False
    entry, qty, leverage = float(row["entry_price"]), float(row["quantity"]), float(row["leverage"])
    value = qty * entry if row["contract"] == "linear" else qty / entry
    return float(row["wallet_balance"]) == pytest.approx(value / leverage, rel=1e-12)


LEVERAGE_ROWS = [row for row in LIQUIDATION_ROWS if _opened_at_leverage(row)]


@pytest.mark.parametrize("row", LEVERAGE_ROWS, ids=case_ids(LEVERAGE_ROWS))
def test_isolated_liquidation_price_from_leverage_matches_reference(row):
    contract, basis = row["formula"].split("_")[:2]
    computed = isolated_liquidation_price(
        row["side"],
        float(row["entry_price"]),
        float(row["leverage"]),
        float(row["mmr"]),
        qty=float(row["quantity"]),
        maint_amount=number(row["maintenance_amount"]),
        fee_rate=number(row["fee_rate"]),
        basis=basis,
        contract=contract,
    )
    assert computed == pytest.approx(float(row["expected_liq_price"]), rel=float(row["rel_tol"]))


def test_leverage_rows_cover_both_bases_and_contracts():
    formulas = {row["formula"] for row in LEVERAGE_ROWS}
    assert {"linear_mark_mm", "linear_entry_mm", "inverse_entry_mm"} <= formulas
