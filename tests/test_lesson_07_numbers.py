"""Lesson 07 (correlation and portfolio risk): every number its prose states, reproduced by the engine.

NUMBERS pairs each result as written in a markdown cell of the solution notebook with the
engine call behind it. Formatting the call's value the way the text is written (same sign,
decimals, thousands separator and unit) must give the text back exactly. Further tests pin
the reference answer keys, the explorer the lesson reads, and the hints a learner's likely
mistakes get.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course.feedback.questions.lesson_07 import CROSS_BOOK
from course.grading import grade
from course.hints import MISCONCEPTIONS, check, hint_for, question
from course.margin import (
    Position,
    isolated_liquidation_price,
    joint_shock_to_liquidation,
    normal_quantile,
    parametric_var,
    portfolio_sigma,
)
from course.scenarios import (
    rolling_correlation,
    window_closes,
    window_correlations,
    window_returns,
)
from course.widgets import correlation_explorer

SLUG = "07-correlation"
NOTEBOOK = Path(__file__).resolve().parents[1] / "solutions" / SLUG / f"{SLUG}.ipynb"
BLACK_THURSDAY = "2020-03-12_black_thursday"


def _pair(rho: float, eth: float = 5_000.0) -> float:
    """The worked example: 15,000 USDT of BTC (2%) and 5,000 USDT of ETH (3%)."""
    return portfolio_sigma(15_000, 0.02, eth, 0.03, rho)


def _var(sigma: float) -> float:
    return parametric_var(sigma, 0.99)


def _book() -> list[Position]:
    return [
        Position("BTCUSDT", "long", 10_000 / 60_000, 60_000),
        Position("ETHUSDT", "long", 4.0, 2_500),
    ]


def _btc_alone_shock() -> float:
    """The lesson's cross account with only the BTC mark moving (the ETH one held)."""
    wallet, (btc, eth) = 4_000.0, _book()

    def room(shock):
        equity = wallet + btc.qty * btc.mark * shock / 100
        return equity - (btc.qty * btc.mark * (1 + shock / 100) + eth.qty * eth.mark) * 0.005

    return -50 * room(0) / (room(0) - room(-50))


def _close_move(asset: str) -> float:
    closes = window_closes(BLACK_THURSDAY)[asset]
    return closes.loc["2020-03-12"] / closes.loc["2020-03-11"] - 1


def _explorer(**changes):
    with contextlib.redirect_stdout(io.StringIO()):
        explorer = correlation_explorer(0.9, 15_000, 5_000, btc_sigma_pct=2, eth_sigma_pct=3)
        for label, value in changes.items():
            next(c for c in explorer.controls if c.description == label).value = value
    return explorer


def _readout(explorer, css: str) -> str:
    match = re.search(rf'class="mm-value {css}"[^>]*><b>([^<]*)</b>', explorer.readout.value)
    assert match, f"{css} not in the readout"
    return match.group(1)


def _readout_number(explorer, css: str) -> float:
    return float(re.search(r"[-+]?[\d,]*\.?\d+", _readout(explorer, css)).group(0).replace(",", ""))


def _rolling_on(day: str) -> float:
    rolling = rolling_correlation("2024-08-05_yen_carry_unwind", days=7).set_index("date")
    return rolling.loc[day, "correlation"]


CORRELATIONS = window_correlations().set_index("episode").correlation

NUMBERS = [
    # The idea: the one-sided 99% quantile.
    ("2.3263", lambda: normal_quantile(0.99)),
    # Worked example: 15,000 USDT of BTC (2%) and 5,000 of ETH (3%), rho 0.9.
    ("439.89 USDT", lambda: _pair(0.9)),
    ("450 USDT", lambda: 15_000 * 0.02 + 5_000 * 0.03),
    ("1,023.33 USDT", lambda: _var(_pair(0.9))),
    # The hedge: short the ETH.
    ("177.48 USDT", lambda: _pair(0.9, -5_000)),
    ("412.89 USDT", lambda: _var(_pair(0.9, -5_000))),
    ("259.81 USDT", lambda: _pair(0.5, -5_000)),
    ("604.40 USDT", lambda: _var(_pair(0.5, -5_000))),
    ("46.39%", lambda: 100 * (_pair(0.5, -5_000) / _pair(0.9, -5_000) - 1)),
    ("150.00 USDT", lambda: _pair(1.0, -5_000)),
    # Correlation in the data: Black Thursday.
    ("26 daily returns", lambda: len(window_returns(BLACK_THURSDAY))),
    ("0.980", lambda: CORRELATIONS[BLACK_THURSDAY]),
    ("-0.4706", lambda: np.log(1 + _close_move("BTC"))),
    ("-0.5656", lambda: np.log(1 + _close_move("ETH"))),
    # A crash moves everything together.
    ("19.60% of both marks", lambda: -joint_shock_to_liquidation(4_000, _book())),
    ("2,000 USDT", lambda: 4_000 / 2),
    ("5x", lambda: 10_000 / 2_000),
    (
        "19.60% too",
        lambda: -100 * (isolated_liquidation_price("long", 60_000, 5, 0.005) / 60_000 - 1),
    ),
    ("39.20%", lambda: -_btc_alone_shock()),
    ("37.53% (BTC)", lambda: -100 * _close_move("BTC")),
    ("43.20% (ETH)", lambda: -100 * _close_move("ETH")),
    ("216.0%", lambda: -500 * _close_move("ETH")),
    # The explorer at the lesson's settings, then with the ETH short.
    ("3,900.00 USDT", lambda: _readout_number(_explorer(), "mm-room")),
    ("-19.60%", lambda: _readout_number(_explorer(), "mm-joint-shock")),
    ("-39.39%", lambda: _readout_number(_explorer(**{"ETH side": "short"}), "mm-joint-shock")),
    ("10,000 USDT of net long", lambda: 15_000 - 5_000),
    # The stress of the exercises' pair.
    ("700.00 USDT", lambda: portfolio_sigma(10_000, 0.03, 10_000, 0.04, 1.0)),
    ("1,628.44 USDT", lambda: _var(portfolio_sigma(10_000, 0.03, 10_000, 0.04, 1.0))),
    ("1,628.20 USDT", lambda: 2.326 * portfolio_sigma(10_000, 0.03, 10_000, 0.04, 1.0)),
    # Myth check: the moving correlation of August 2024.
    ("7 daily returns", lambda: 7),
    ("0.756", lambda: _rolling_on("2024-08-04")),
    ("0.934", lambda: _rolling_on("2024-08-05")),
    ("0.995", lambda: _rolling_on("2024-08-09")),
    # Myth check and summary.
    ("71.43%", lambda: 100 * portfolio_sigma(10_000, 0.03, 10_000, 0.04, 0.0) / 700),
    ("0.91 to", lambda: CORRELATIONS.min()),
    ("to 0.98", lambda: CORRELATIONS.max()),
]


def formatted_like(text: str, value: float) -> str:
    """Write ``value`` as ``text`` is written: its sign, decimals, separator and words."""
    match = re.fullmatch(r"(.*?)(-?)([\d,]+)(?:\.(\d+))?(.*)", text)
    assert match, f"not a number as the lesson writes one: {text!r}"
    before, sign, whole, decimals, after = match.groups()
    comma = "," if "," in whole else ""
    shown = f"{float(value):{comma}.{len(decimals or '')}f}"
    if not sign:
        assert not shown.startswith("-"), f"{text!r} is written without the sign of {value}"
    return f"{before}{shown}{after}"


def _markdown() -> str:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize(("text", "compute"), NUMBERS, ids=[text for text, _ in NUMBERS])
def test_each_number_in_the_prose_is_written_and_reproduced_by_the_engine(text, compute):
    assert re.search(rf"(?<![\d.,]){re.escape(text)}", _markdown()), f"{text!r} not in the prose"
    assert formatted_like(text, compute()) == text


def test_every_window_is_above_the_correlation_the_prose_states():
    assert (CORRELATIONS > 0.9).all()
    assert "Every window's correlation is above 0.9" in _markdown()


def test_the_reference_answer_keys_hold_under_the_lessons_conventions():
    """Pedagogy notes, lesson 7: exercises 1-4 (and 5: -43.2% x 5 = -216%)."""
    assert question("q7_1_window_correlation").expected_value() == pytest.approx(0.909, abs=5e-4)
    assert question("q7_2_pair_sigma").expected_value() == pytest.approx(664.83, abs=0.005)
    assert question("q7_3_pair_var").expected_value() == pytest.approx(1_546.40, abs=0.25)
    assert question("q7_4_hedge_sigma").expected_value() == pytest.approx(240.83, abs=0.005)
    assert 5 * 100 * _close_move("ETH") == pytest.approx(-216.0, abs=0.05)
    for episode, key in {
        "2020-03-12_black_thursday": 0.980,
        "2021-05-19_china_crash": 0.946,
        "2022-11-08_ftx_collapse": 0.972,
        "2024-08-05_yen_carry_unwind": 0.909,
        "2025-10-10_tariff_liquidation_cascade": 0.930,
    }.items():
        assert CORRELATIONS[episode] == pytest.approx(key, abs=5e-4)


def test_the_explorer_is_not_set_to_an_exercises_answer():
    readout = _explorer().readout.value
    for question_id in ("q7_2_pair_sigma", "q7_3_pair_var", "q7_4_hedge_sigma"):
        assert f"{question(question_id).expected_value():,.2f}" not in readout


def test_the_solutions_pass_the_check_and_the_grade():
    aug = window_returns("2024-08-05_yen_carry_unwind")
    answers = {
        "q7_1_window_correlation": aug["BTC"].corr(aug["ETH"]),
        "q7_2_pair_sigma": portfolio_sigma(10_000, 0.03, 10_000, 0.04, 0.8),
        "q7_3_pair_var": parametric_var(portfolio_sigma(10_000, 0.03, 10_000, 0.04, 0.8)),
        "q7_4_hedge_sigma": portfolio_sigma(10_000, 0.03, -10_000, 0.04, 0.8),
        "q7_5_joint_shock": joint_shock_to_liquidation(3_000, list(CROSS_BOOK)),
        "q7_6_diversification_myth": 100 * portfolio_sigma(10_000, 0.03, 10_000, 0.04, 0.98) / 700,
    }
    for question_id, answer in answers.items():
        check(question_id, answer)
        grade(question_id, answer)
        assert hint_for(question_id, answer) is None


def _hint(misconception: str) -> str:
    return MISCONCEPTIONS[misconception].hint


@pytest.mark.parametrize(
    ("question_id", "answer", "misconception"),
    [
        ("q7_1_window_correlation", 0.9118, "simple_for_log_returns"),
        ("q7_1_window_correlation", 0.9420, "prices_for_returns"),
        ("q7_2_pair_sigma", 700.0, "sigma_added_linearly"),
        ("q7_2_pair_sigma", 500.0, "correlation_ignored"),
        ("q7_2_pair_sigma", 442_000.0, "variance_for_sigma"),
        ("q7_3_pair_var", 664.83, "var_is_sigma"),
        ("q7_3_pair_var", 1_712.49, "var_two_sided"),
        ("q7_3_pair_var", 1_628.44, "sigma_added_linearly"),
        ("q7_4_hedge_sigma", 100.0, "hedge_ignores_correlation"),
        ("q7_4_hedge_sigma", 0.0, "hedge_ignores_correlation"),
        ("q7_4_hedge_sigma", 664.83, "short_as_long"),
        ("q7_5_joint_shock", -9.21, "positions_fall_alone"),
        ("q7_5_joint_shock", 5.53, "wrong_sign"),
        ("q7_5_joint_shock", -6.0, "bankruptcy_for_liquidation"),
        ("q7_6_diversification_myth", 71.43, "correlation_ignored"),
        ("q7_6_diversification_myth", 100.0, "sigma_added_linearly"),
        ("q7_6_diversification_myth", 0.9951, "fraction_for_percent"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_likely_mistake_gets_the_hint_that_names_it(question_id, answer, misconception):
    message = hint_for(question_id, answer)
    assert message is not None and _hint(misconception) in message


def test_the_hedge_misconception_is_named_by_a_lesson_07_exercise():
    named = {
        idea.misconception
        for question_id in ("q7_4_hedge_sigma",)
        for idea in question(question_id).mistakes()
    }
    assert "hedge_ignores_correlation" in named


def test_the_last_line_links_lesson_08():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    last = notebook.cells[-1].source.strip().splitlines()[-1]
    assert "(../08-insurance-and-adl/08-insurance-and-adl.ipynb)" in last
