"""What a guide site is made of, before rendering."""

from __future__ import annotations

from collections.abc import Callable
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


class LaterFile(SiteFile):
    """A file whose bytes are worked out when first read: a build reads them after forking its workers, so
    that its own slow files (the planner's data, the sample calendars) are made while the workers render pages.
    Its path is known at once, so the claims on every path are checked before anything is made or written.
    Otherwise it is a ``SiteFile``: equal to one with the same path and bytes, replaced or pickled as one."""

    def __init__(self, path: str, data: bytes | None = None, *, compute: Callable[[], bytes] | None = None) -> None:
        self.path, self._compute, self._data = path, compute, data

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data = self._compute() if self._compute else b""
        return self._data

    @data.setter
    def data(self, value: bytes) -> None:
        self._data = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SiteFile) and (self.path, self.data) == (other.path, other.data)

    __hash__ = None  # type: ignore[assignment]  # as a SiteFile's: mutable

    def __repr__(self) -> str:  # without making the bytes
        made = "<not made yet>" if self._data is None else repr(self._data)
        return f"LaterFile(path={self.path!r}, data={made})"

    def __reduce__(self) -> tuple[Any, ...]:
        return SiteFile, (self.path, self.data)


@dataclass
class Site:
    """Everything a build writes, in a deterministic order."""

    pages: list[Page] = field(default_factory=list)
    files: list[SiteFile] = field(default_factory=list)
    base_url: str | None = None

    def add(self, page: Page) -> Page:
        self.pages.append(page)
        return page
