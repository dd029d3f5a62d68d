"""What a guide site is made of, before rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Page:
    """One HTML page. ``path`` is relative to the site root, e.g. ``rules/follow-up/index.html``."""

    path: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    section: str = "Guide"  # the navigation group
    order: int = 0
    in_nav: bool = True
    search_text: str = ""
    source: str | None = None  # the authored file it came from, for incremental rebuilds
    description: str = ""  # the meta description; empty: the start of the page's text


@dataclass
class SiteFile:
    """A file that is not rendered from a template: a calendar, a search index, a plugin's asset."""

    path: str
    data: bytes


@dataclass
class Site:
    """Everything a build writes, in a deterministic order."""

    pages: list[Page] = field(default_factory=list)
    files: list[SiteFile] = field(default_factory=list)
    base_url: str | None = None

    def add(self, page: Page) -> Page:
        self.pages.append(page)
        return page
