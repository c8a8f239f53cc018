"""No dollar amount in a lesson's prose turns into LaTeX.

Jupyter's Markdown takes two unescaped ``$`` in a paragraph as inline math, so "costs $20
and $1,050" renders "20 and " in italics as a formula. Lessons write amounts in USDT
("20 USDT") or escape the sign (``\\$0.10``). The scan pairs the unescaped ``$`` of each
paragraph as the renderer does, outside code and display math, and flags a pair that opens
on a digit and holds prose: a plain word of two letters or more (not a LaTeX command or its
argument), or a thousands separator.
Intended math such as ``$1/(d + b + m)$`` holds neither.
"""

from __future__ import annotations

import re

import pytest

from autograder.config import ROOT

SOURCES = sorted((ROOT / "autograder" / "lessons").glob("*.md"))
_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_DISPLAY = re.compile(r"\$\$.*?\$\$", re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_DOLLAR = re.compile(r"(?<!\\)\$")
_PROSE = re.compile(r"(?<![\\{A-Za-z])[A-Za-z]{2,}|\d,\d{3}")


def dollar_math_in_prose(text: str) -> list[str]:
    """
    Return the spans of ``text`` that a renderer would take as math but that read as prose.

    Parameters
    ----------
    text : str
        A lesson source, or any Markdown.

    Returns
    -------
    list of str
        Each flagged span, with its two ``$``.

    Examples
    --------
    >>> dollar_math_in_prose("It costs $20 and $1,050 in fees.")
    ['$20 and $']
    >>> dollar_math_in_prose("At $L$ the price is $1/(d + b + m)$; ETH fell to \\\\$0.10.")
    []
    """
    text = _INLINE_CODE.sub("", _DISPLAY.sub("", _FENCE.sub("", text)))
    flagged = []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        signs = [match.start() for match in _DOLLAR.finditer(paragraph)]
        for start, end in zip(signs[::2], signs[1::2], strict=False):
            span = paragraph[start : end + 1]
            if span[1:2].isdigit() and _PROSE.search(span[1:-1]):
                flagged.append(span)
    return flagged


@pytest.mark.parametrize(
    "text",
    [
        "A loss of $20 and a fee of $1,050.",
        "It fell from $317.81\nto $224.48 in seconds.",  # one paragraph, two lines
        "Bloomberg gives $12.5 m; the fund paid $3 million.",
    ],
)
def test_the_scan_flags_dollar_amounts_that_would_render_as_math(text):
    assert dollar_math_in_prose(text)


@pytest.mark.parametrize(
    "text",
    [
        "a setting at or below $1/(d + b + m)$ keeps liquidation beyond the stop",
        "its PnL is $-N\\,r$ and the wallet $W$ holds $2\\,\\text{BTC}$",
        "ETH traded as low as \\$0.10, then \\$300 again.",
        "Lessons write 20 USDT and 1,050 USDT.",
        "```python\nprice = '$20 and $1,050'\n```",
        "$$P_L = E\\,(1 - 1/L + m)$$ and $2$ positions",
    ],
)
def test_the_scan_leaves_intended_math_escaped_signs_and_code_alone(text):
    assert not dollar_math_in_prose(text)


@pytest.mark.parametrize("path", SOURCES, ids=[path.stem for path in SOURCES])
def test_no_dollar_amount_in_a_lesson_renders_as_math(path):
    flagged = dollar_math_in_prose(path.read_text(encoding="utf-8"))
    assert not flagged, f"{path.name}: write USDT or escape the sign (\\$): {flagged}"
