"""The course index in the README and in lesson 00 lists every lesson, and its links resolve."""

from __future__ import annotations

import re

import pytest

from autograder.config import ASSIGNMENTS, ROOT

LINK = re.compile(r"\]\(([^)\s]+\.ipynb)\)")
INDEXES = {
    "README.md": ROOT / "README.md",
    "lesson 00": ROOT / "autograder" / "lessons" / "00-start-here.md",
}


@pytest.mark.parametrize("index", INDEXES)
def test_the_index_links_every_lesson_in_order(index):
    path = INDEXES[index]
    targets = [
        (path.parent if index == "README.md" else ROOT / "lessons" / "00-start-here") / link
        for link in LINK.findall(path.read_text())
    ]
    slugs = [target.stem for target in targets if target.stem in ASSIGNMENTS]
    assert list(dict.fromkeys(slugs)) == list(ASSIGNMENTS), f"{index} does not list every lesson"
    missing = [str(target) for target in targets if not target.resolve().is_file()]
    assert not missing, f"{index} links to notebooks that are not there: {missing}"


@pytest.mark.parametrize("slug", ASSIGNMENTS)
def test_every_notebook_link_in_a_lesson_resolves(slug):
    source = ROOT / "autograder" / "lessons" / f"{slug}.md"
    here = ROOT / "lessons" / slug
    broken = [link for link in LINK.findall(source.read_text()) if not (here / link).is_file()]
    assert not broken, f"{slug} links to notebooks that are not there: {broken}"


def test_lesson_05_leads_on_to_lesson_06():
    source = (ROOT / "autograder" / "lessons" / "05-stops-and-slippage.md").read_text()
    assert "../06-fees-and-funding/06-fees-and-funding.ipynb" in LINK.findall(source)
