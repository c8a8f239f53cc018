"""The command-line calculator: a small table on success, one line and exit 2 on bad input."""

import subprocess
import sys

import pytest

from course.__main__ import main


def test_liq_prints_both_bases_with_distance(capsys):
    assert (
        main(["liq", "--side", "long", "--entry", "65000", "--leverage", "10", "--mmr", "0.005"])
        == 0
    )
    out = capsys.readouterr().out
    assert "58,793.97" in out and "-9.55%" in out  # mark basis
    assert "58,825.00" in out and "-9.50%" in out  # entry basis
    assert out.count("58,500.00") == 2 and "-10.00%" in out  # bankruptcy
    assert "mark" in out and "entry" in out


def test_liq_short_prices_sit_above_entry(capsys):
    main(["liq", "--side", "short", "--entry", "65000", "--leverage", "10"])
    out = capsys.readouterr().out
    assert "71,175.00" in out and "+9.50%" in out and "71,500.00" in out


@pytest.mark.parametrize(
    "arguments, fragment",
    [
        (["liq", "--side", "sideways", "--entry", "1", "--leverage", "2"], "--side"),
        (["liq", "--side", "long", "--entry", "abc", "--leverage", "2"], "--entry"),
        (["liq", "--side", "long", "--entry", "-5", "--leverage", "2"], "entry must be"),
        (["liq", "--side", "long", "--entry", "100", "--leverage", "0.5"], "leverage must be"),
        (["liq", "--side", "long", "--entry", "100", "--leverage", "300"], "leverage must be <"),
        (
            ["liq", "--side", "long", "--entry", "100", "--leverage", "5", "--mmr", "2"],
            "mmr must be",
        ),
        (["liq", "--side", "long", "--leverage", "5"], "--entry"),
        ([], "command"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_status_2(arguments, fragment):
    result = subprocess.run(
        [sys.executable, "-m", "course", *arguments], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0] and "Traceback" not in result.stderr
