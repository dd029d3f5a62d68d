"""A page's meta description: its first sentences as plain text, at most 160 characters."""

from __future__ import annotations

import re

import pytest

from afterview.guide.furniture import DESCRIPTION_CHARS, description
from afterview.guide.model import Page

TEXTS = [
    "## Part one\n\nCall the **recruiter** after a week. Then _wait_ and `breathe` > quietly | calmly.",
    "# Title\n\nSome *emphasis* and [a link](https://example.org/x_y) in the first sentence. Then more words.",
    "no marks at all " * 20, "###\n\n***\n\n", "", "lead\x1cing\u2028separators\x85and\u00a0spaces " * 5,
    "a_b*c`d>e|f#g " * 30, "[unclosed link ( and ] brackets " * 10, "word" * 100,
    "Short first sentence. " + "A much longer second sentence that runs on and on " * 5,
]


def _by_the_pattern(text: str, title: str) -> str:
    """The description as the one pattern over the text made it, for every text."""
    text = text[:DESCRIPTION_CHARS * 4]
    plain = " ".join(re.sub(r"[#*_`>|]+|\[([^\]]*)\]\([^)]*\)", lambda m: m[1] or " ", text).split())
    if not plain:
        return title
    if len(plain) <= DESCRIPTION_CHARS:
        return plain
    cut = plain[:DESCRIPTION_CHARS]
    sentence = cut.rfind(". ")
    return cut[:sentence + 1] if sentence > 60 else cut[:cut.rfind(" ")].rstrip(",;:—-") + "…"


@pytest.mark.parametrize("text", TEXTS)
def test_a_description_is_the_texts_first_plain_words(text: str) -> None:
    page = Page("p/index.html", "The title", "page.html", {"markdown": text})
    assert description(page) == _by_the_pattern(text, "The title")


def test_marks_and_links_become_plain_words() -> None:
    page = Page("p/index.html", "T", "page.html", {"markdown": TEXTS[0]})
    assert description(page) == "Part one Call the recruiter after a week. Then wait and breathe quietly calmly."
    page = Page("p/index.html", "T", "page.html", {"markdown": TEXTS[1]})
    assert description(page) == "Title Some emphasis and a link in the first sentence. Then more words."
    assert description(Page("p/index.html", "Only marks", "page.html", {"markdown": TEXTS[3]})) == "Only marks"
