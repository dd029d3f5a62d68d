"""What surrounds a page's content: its meta description and its on-page table of contents."""

from __future__ import annotations

import re

from afterview.guide.model import Page

DESCRIPTION_CHARS = 160
TOC_MIN_HEADINGS = 3
_MARKUP = re.compile(r"[#*_`>|]+|\[([^\]]*)\]\([^)]*\)")
_MARK_SPACES = str.maketrans(dict.fromkeys("#*_`>|", " "))
_H2 = re.compile(r"<h2>(.*?)</h2>", re.S)
_TAG = re.compile(r"<[^>]+>")
_RESERVED_IDS = {"main", "search", "search-results", "menu-toggle", "fill-names"}


def description(page: Page) -> str:
    """The page's own description, else its first sentences as plain text, at most 160 characters."""
    text = page.description or page.search_text or str(page.context.get("markdown", ""))
    text = text[:DESCRIPTION_CHARS * 4]  # enough for the first sentences, however long the page
    if "[" in text:
        plain = " ".join(_MARKUP.sub(lambda m: m[1] or " ", text).split())
    else:  # no link: the marks alone, each a space (the same words, joined by one space), without the pattern
        plain = " ".join(text.translate(_MARK_SPACES).split())
    if not plain:
        return page.title
    if len(plain) <= DESCRIPTION_CHARS:
        return plain
    cut = plain[:DESCRIPTION_CHARS]
    sentence = cut.rfind(". ")
    if sentence > 60:
        return cut[:sentence + 1]
    return cut[:cut.rfind(" ")].rstrip(",;:—-") + "…"


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
    slug, n = base, 1
    while slug in taken or slug in _RESERVED_IDS:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def add_table_of_contents(html: str) -> str:
    """Give the main content's bare ``<h2>`` headings ids and, if there are three or more, list them after the h1."""
    start, end = html.find("<main"), html.rfind("</main>")
    if start < 0 or end < 0 or html.count("<h2>", start, end) < TOC_MIN_HEADINGS:  # fewer bare headings:
        return html  # no table (counting is much faster than the pattern's search, on a page with few)
    main = html[start:end]
    headings = _H2.findall(main)
    if len(headings) < TOC_MIN_HEADINGS:
        return html
    taken: set[str] = set()
    entries: list[tuple[str, str]] = []

    def anchor(match: re.Match[str]) -> str:
        ident = _slug(_TAG.sub("", match[1]), taken)
        entries.append((ident, _TAG.sub("", match[1])))
        return f'<h2 id="{ident}">{match[1]}</h2>'

    main = _H2.sub(anchor, main)
    # The text comes from our own HTML with its tags stripped: it is already escaped.
    links = "".join(f'<li><a href="#{ident}">{text}</a></li>' for ident, text in entries)
    toc = f'<nav class="toc" aria-label="On this page"><p class="toc-title">On this page</p><ol>{links}</ol></nav>\n'
    h1 = main.find("</h1>")
    main = main[:h1 + 5] + "\n" + toc + main[h1 + 5:].lstrip("\n") if h1 >= 0 else main
    return html[:start] + main + html[end:]

