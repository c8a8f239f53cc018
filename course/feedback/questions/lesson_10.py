"""Lesson 10 (case studies): checked questions. Ids are gradebook keys: never rename one."""

from __future__ import annotations

from course.engine.liquidation import liquidation_price
from course.feedback.families.capstone import PRE_TRADE_CHECK
from course.feedback.families.episodes import (
    COLLATERAL_LIQUIDATION,
    MAX_DRAWDOWN,
    SURVIVABLE_LEVERAGE,
)
from course.feedback.models import Family, WrongModel, flip_side, other_basis
from course.feedback.registry import Question, register
from course.scenarios.screens import screen_case

# Black Thursday: the 11 March 2020 BTC close, the 12 March close, BitMEX's perpetual low.
BTC_CLOSE_2020_03_11 = 7_939.34
BTC_CLOSE_2020_03_12 = 4_959.31
BITMEX_LOW_2020_03_13 = 3_596.0
BTC_CLOSE_2025_10_09 = 121_603.33


def screen_liquidation_price(
    side, entry, qty, wallet_balance, mmr, maint_amount, fee_rate, basis
) -> float:
    """
    Return the engine's isolated linear liquidation price, with a reference row's inputs.

    Parameters
    ----------
    side : {"long", "short"}
    entry, qty, wallet_balance : float
        Entry price (USDT), size (coins) and isolated margin (USDT).
    mmr, maint_amount, fee_rate : float
        Maintenance rate, maintenance amount (USDT) and the fee rate added to the MMR.
    basis : {"mark", "entry"}

    Returns
    -------
    float

    Examples
    --------
    >>> screen_liquidation_price("long", 65_000, 10_000 / 65_000, 1_000, 0.005, 0, 0, "entry")
    58825.0
    """
    return liquidation_price(
        side,
        entry,
        qty,
        wallet_balance,
        mmr,
        maint_amount=maint_amount,
        fee_rate=fee_rate,
        basis=basis,
    )


SCREEN_LIQUIDATION = Family(
    "an isolated linear liquidation price as an exchange computes it",
    screen_liquidation_price,
    {},
    (
        WrongModel("maint_amount_left_out", {"maint_amount": 0.0}, name="no maintenance amount"),
        WrongModel("close_fee_ignored", {"fee_rate": 0.0}, name="no close fee"),
        WrongModel("wrong_mm_basis", {"basis": other_basis}, name="the other MM basis"),
        WrongModel(
            "bankruptcy_for_liquidation",
            {"mmr": 0.0, "maint_amount": 0.0, "fee_rate": 0.0},
            name="MM left out",
        ),
        WrongModel("wrong_side", {"side": flip_side}, name="the other side"),
    ),
)

_BASE = {
    "equity": 10_000.0,
    "positions": [],
    "mmr": 0.005,
    "fee_rate": 0.0005,
    "funding_rate": 0.0001,
    "risk_limit": 0.02,
    "buffer": 0.01,
    "cost_limit": 0.25,
    "crash_limit": 0.25,
}
BTC_WORST, ETH_WORST, BTC_SHORT_WORST, ETH_SHORT_WORST = 0.3753, 0.432, 0.2, 0.25


def _case(account: dict, side, entry, stop, qty, leverage, hold_hours, worst_move) -> dict:
    trade = {
        "side": side,
        "entry": entry,
        "stop": stop,
        "qty": qty,
        "leverage": leverage,
        "hold_hours": hold_hours,
        "worst_move": worst_move,
    }
    return {"account": {**_BASE, **account}, "trade": trade}


_HELD = [{"side": "long", "entry": 64_000.0, "qty": 1.6}]

QUESTIONS = (
    # Black Thursday: the highest isolated long leverage that survives BitMEX's low.
    Question(
        id="q10_1_survivable_leverage",
        answer="survivable_2020",
        kind="number",
        inputs={
            "entry": BTC_CLOSE_2020_03_11,
            "close": BTC_CLOSE_2020_03_12,
            "low": BITMEX_LOW_2020_03_13,
            "mmr": 0.005,
        },
        family=SURVIVABLE_LEVERAGE,
        sections={"close_decides_liquidation": "The idea: the close and the low"},
        pointer="A long survives while its liquidation distance, one over the leverage less the "
        "MMR, is larger than the fall to the worst price (The idea: the close and the low). "
        "Solve that for the leverage.",
    ),
    # ETH, May 2021 window: the maximum drawdown of the shipped closes, percent.
    Question(
        id="q10_2_max_drawdown",
        answer="drawdown_eth_2021",
        kind="percent",
        inputs={"episode": "2021-05-19_china_crash", "asset": "ETH"},
        family=MAX_DRAWDOWN,
        step=0.1,  # the reference key and the lesson's table round drawdowns to one decimal
        pointer="Follow the running peak (Maximum drawdown): at each close, divide by the highest "
        "close so far and subtract one; the drawdown is the lowest of these, in percent.",
    ),
    # 10 October 2025: a cross long backed by USDe, which Binance marked far below face value.
    Question(
        id="q10_3_collateral_depeg",
        answer="liquidation_usde",
        kind="price",
        inputs={
            "entry": BTC_CLOSE_2025_10_09,
            "qty": 0.5,
            "collateral_units": 12_000.0,
            "collateral_price": 0.66,
            "mmr": 0.005,
        },
        family=COLLATERAL_LIQUIDATION,
        sections={"stable_collateral": "Collateral that is not what it says"},
        pointer="The wallet is the collateral at the price the venue gives it (Collateral that "
        "is not what it says); then this is lesson 03's cross liquidation price of a single "
        "long, with MM valued at the mark.",
    ),
    # Write the exchange's liquidation price; graded against rows of liquidation_vectors.csv.
    Question(
        id="q10_4_exchange_screen",
        answer="screen_liquidation_price",
        kind="function",
        cases=tuple(
            screen_case(case_id)
            for case_id in (
                "SEED-FORMULA",
                "SEED-BINANCE",
                "SEED-GATE-OKX-FEE",
                "FT-BIN-L1",
                "FT-BYB-S5",
            )
        ),
        hidden_cases=tuple(
            screen_case(case_id)
            for case_id in (
                "FT-BIN-S3",
                "FT-GATE-S2",
                "FT-BIN-I-BTC",
                "BYB-USDT-I-S2",
                "KUC-USDT-S",
                "PHX-USDT-I-L",
                "DYDX-ISO-S",
            )
        ),
        family=SCREEN_LIQUIDATION,
        pointer="Equity, the collateral plus the uPnL, meets the maintenance margin: MM is the "
        "value times the MMR plus the fee rate, less the maintenance amount, and the value is "
        "taken at the mark or at entry as basis says (Why does my exchange show a different "
        "number?). Try one row by hand and compare.",
    ),
    # The capstone: a pre-trade check returning the code of the reasons that fail.
    Question(
        id="q10_5_capstone",
        answer="pre_trade_check",
        kind="function",
        cases=(
            _case({}, "long", 60_000.0, 58_800.0, 0.1, 5.0, 24, BTC_WORST),
            _case({}, "long", 60_000.0, 58_080.0, 0.1, 25.0, 168, BTC_WORST),
            _case({}, "short", 3_000.0, 3_060.0, 3.0, 11.0, 720, ETH_SHORT_WORST),
            _case({"positions": _HELD}, "long", 60_000.0, 58_800.0, 0.1, 12.0, 9, BTC_WORST),
            _case(
                {"cost_limit": 0.02, "buffer": 0.002},
                "long",
                60_000.0,
                57_840.0,
                0.09,
                25.0,
                0,
                BTC_WORST,
            ),
            _case({}, "long", 3_000.0, 2_940.0, 3.5, 3.0, 48, ETH_WORST),
        ),  # fmt: skip
        hidden_cases=(
            _case(
                {"equity": 25_000.0, "fee_rate": 0.0004, "funding_rate": 0.0003},
                "long",
                2_500.0,
                2_425.0,
                6.0,
                4.0,
                96,
                ETH_WORST,
            ),
            _case(
                {
                    "equity": 1_000.0,
                    "positions": [{"side": "short", "entry": 100_000.0, "qty": 0.08}],
                },
                "short",
                110_000.0,
                112_200.0,
                0.03,
                20.0,
                16,
                BTC_SHORT_WORST,
            ),
            _case(
                {"equity": 50_000.0, "funding_rate": -0.0002, "buffer": 0.005},
                "short",
                4_000.0,
                4_100.0,
                9.0,
                12.0,
                240,
                ETH_SHORT_WORST,
            ),
            _case(
                {
                    "equity": 8_000.0,
                    "crash_limit": 0.5,
                    "positions": [{"side": "long", "entry": 70_000.0, "qty": 0.5}],
                },
                "long",
                62_000.0,
                60_760.0,
                0.06,
                8.0,
                400,
                BTC_WORST,
            ),
        ),  # fmt: skip
        family=PRE_TRADE_CHECK,
        pointer="Run your function on the worked account (The capstone: a pre-trade check) and "
        "print which reasons fail; compare them one by one with the five rules in the "
        "statement.",
    ),
)

# Where this lesson (or an earlier one) teaches each idea: a hint ends "(See <section>.)".
SECTIONS = {
    "close_decides_liquidation": "The idea: the close and the low",
    "bankruptcy_for_liquidation": "lesson 02, The idea, the two prices",
    "stable_collateral": "Collateral that is not what it says",
    "drawdown_from_first": "Maximum drawdown",
    "drawdown_one_day": "Maximum drawdown",
    "wrong_sign": "Maximum drawdown",
    "maint_amount_left_out": "Why does my exchange show a different number?",
    "close_fee_ignored": "Why does my exchange show a different number?",
    "wrong_mm_basis": "Why does my exchange show a different number?",
    "wrong_side": "lesson 02, The idea, the two prices",
    "leverage_scales_pnl": "The capstone: a pre-trade check",
    "stop_guarantees_exit": "The capstone: a pre-trade check",
    "other_upnl_dropped": "The capstone: a pre-trade check",
    "fees_grow_with_time": "The capstone: a pre-trade check",
    "funding_is_exchange_fee": "The capstone: a pre-trade check",
    "fee_one_side": "The capstone: a pre-trade check",
}

register(*QUESTIONS, sections=SECTIONS)
