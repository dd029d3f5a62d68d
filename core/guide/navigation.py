"""The site navigation, scoped to the page: its own section in full, one link for every other section.

A section's pages in sub-folders (``section-05/page-0500.md``) form a group with
its own index page; only the current group is expanded, and long lists are
shown as a window around the current page. So no page's size depends on how
many pages the site has, and the whole navigation is never held as one string.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from markupsafe import escape

from afterview.guide.model import Page, Site

SECTIONS = ("Guide", "Rules", "Industries and countries", "Reference", "Developers")
WINDOW = 30  # entries shown on each side of the current one


@dataclass
class Group:
    """A section, or a folder inside one: its index page and the pages it lists, in order."""

    title: str
    index: str
    entries: list[Page | Group] = field(default_factory=list)


def folder_of(page: Page) -> str:
    """``section-05`` for ``section-05/page-0500/index.html``; ``""`` for ``about/index.html``."""
    return posixpath.dirname(posixpath.dirname(page.path))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def _section_index(section: str, pages: list[Page]) -> str:
    if any(p.path == "index.html" for p in pages):
        return "index.html"
    tops = {p.path.split("/", 1)[0] for p in pages}
    top = next(iter(tops))
    if len(tops) == 1 and all(p.path.count("/") >= 2 or p.path == f"{top}/index.html" for p in pages):
        return f"{top}/index.html"
    return f"{_slug(section)}/index.html"


def _sorted(pages: list[Page]) -> list[Page]:
    return sorted(pages, key=lambda p: (p.order, p.title.lower(), p.path))


class Navigation:
    """Built once per build from the pages; renders each page's own sidebar and previous/next links."""

    def __init__(self, site: Site) -> None:
        by_section: dict[str, list[Page]] = {}
        for page in site.pages:
            if page.in_nav:
                by_section.setdefault(page.section, []).append(page)
        order = [s for s in SECTIONS if s in by_section] + sorted(s for s in by_section if s not in SECTIONS)
        self.by_path = {p.path: p for p in site.pages}
        self.sections = [self._section(name, by_section[name]) for name in order]
        self.section_titles = [str(escape(section.title)) for section in self.sections]  # escaped once a build
        self.flat: list[str] = []
        self.trail: dict[str, list[Group]] = {}
        for section in self.sections:
            self._flatten(section, [section])
        self.position = {path: i for i, path in enumerate(self.flat)}
        self._row_cache: dict[int, tuple[list[tuple[str, str, Group | None]], dict[str, int]]] = {}
        self._plain_cache: dict[tuple[int, str], list[str]] = {}

    def _section(self, name: str, pages: list[Page]) -> Group:
        index = _section_index(name, pages)
        own = index.split("/", 1)[0] if "/" in index else ""
        group = Group(name, index)
        folders: dict[str, Group] = {}
        deep = {folder_of(p) for p in pages}
        for page in _sorted(pages):
            folder = folder_of(page)
            if page.path == index:
                continue
            if page.path.endswith("/index.html") and posixpath.dirname(page.path) in deep:
                folder = posixpath.dirname(page.path)  # a folder's own index page
            if folder in ("", own):
                group.entries.append(page)
                continue
            sub = folders.get(folder)
            if sub is None:
                sub = folders[folder] = Group(self._folder_title(folder), f"{folder}/index.html")
                group.entries.append(sub)
            if page.path != sub.index:
                sub.entries.append(page)
        return group

    def _folder_title(self, folder: str) -> str:
        page = self.by_path.get(f"{folder}/index.html")
        return page.title if page else posixpath.basename(folder).replace("-", " ").capitalize()

    def _flatten(self, group: Group, trail: list[Group]) -> None:
        self.flat.append(group.index)
        self.trail.setdefault(group.index, trail)
        for entry in group.entries:
            if isinstance(entry, Group):
                self._flatten(entry, [*trail, entry])
            else:
                self.flat.append(entry.path)
                self.trail[entry.path] = trail

    def groups(self) -> list[Group]:
        """Every section and folder group, for the index pages the site must have."""
        found: list[Group] = []
        for section in self.sections:
            found.append(section)
            found += [e for e in section.entries if isinstance(e, Group)]
        return found

    def neighbours(self, page: Page) -> tuple[Page | None, Page | None]:
        i = self.position.get(page.path)
        if i is None:
            return None, None
        before = self.by_path.get(self.flat[i - 1]) if i > 0 else None
        after = self.by_path.get(self.flat[i + 1]) if i + 1 < len(self.flat) else None
        return before, after

    def html(self, page: Page, root: str) -> str:
        trail = self.trail.get(page.path, [])
        parts = ['<nav class="site-nav" aria-label="Site"><ul class="nav-sections">']
        for section, title in zip(self.sections, self.section_titles, strict=True):
            link = _link(root, section.index, title, page.path)
            if trail and trail[0] is section:
                parts.append(f'<li class="nav-current">{link}{self._list(section, trail[1:], page.path, root)}</li>')
            else:
                parts.append(f"<li>{link}</li>")
        parts.append("</ul></nav>")
        return "".join(parts)

    def _rows(self, group: Group) -> tuple[list[tuple[str, str, Group | None]], dict[str, int]]:
        """Each entry's path, escaped title and group, worked out once per build, and where each path is."""
        found = self._row_cache.get(id(group))
        if found is None:
            rows: list[tuple[str, str, Group | None]] = [
                (e.index, str(escape(e.title)), e) if isinstance(e, Group) else (e.path, str(escape(e.title)), None)
                for e in group.entries]
            found = (rows, {path: i for i, (path, _, _) in enumerate(rows)})
            self._row_cache[id(group)] = found
        return found

    def _plain_rows(self, group: Group, root: str) -> list[str]:
        """Each entry as a list item that is neither the current page nor expanded, made once per depth."""
        key = (id(group), root)
        found = self._plain_cache.get(key)
        if found is None:
            rows, _ = self._rows(group)
            found = self._plain_cache[key] = [f"<li>{_link(root, path, title, '')}</li>" for path, title, _ in rows]
        return found

    def _list(self, group: Group, trail: list[Group], here: str, root: str) -> str:
        rows, where = self._rows(group)
        if not rows:
            return ""
        current = where.get(trail[0].index if trail else here, 0)
        start, end = max(0, current - WINDOW), min(len(rows), current + WINDOW + 1)
        items = self._plain_rows(group, root)[start:end]
        for i in {where.get(here), where.get(trail[0].index) if trail else None}:  # the rows that differ
            if i is not None and start <= i < end:
                path, title, sub = rows[i]
                inner = self._list(sub, trail[1:], here, root) if sub is not None and trail and sub is trail[0] else ""
                items[i - start] = f"<li>{_link(root, path, title, here)}{inner}</li>"
        if start > 0:
            items.insert(0, _more(root, group, start))
        if end < len(rows):
            items.append(_more(root, group, len(rows) - end))
        return f'<ul>{"".join(items)}</ul>'


def _link(root: str, path: str, escaped_title: str, here: str) -> str:
    current = ' aria-current="page"' if path == here else ""
    return f'<a href="{root}{path}"{current}>{escaped_title}</a>'


def _more(root: str, group: Group, count: int) -> str:
    return f'<li class="nav-more"><a href="{root}{group.index}">{count} more in {escape(group.title)}</a></li>'


def index_pages(site: Site, navigation: Navigation) -> list[Page]:
    """A generated index page for each section or folder that has no page of its own at its index path."""
    made = []
    for group in navigation.groups():
        if group.index in navigation.by_path:
            continue
        section = next(s.title for s in navigation.sections if s is group or group in s.entries)
        # Sorted where the folder's own pages would be, so the folder keeps its place in the list.
        order = min((e.order for e in group.entries if isinstance(e, Page)), default=100)
        made.append(Page(group.index, group.title, "section.html", {"group": group}, section=section,
                         order=order, description=f"Every page under “{group.title}” in the guide."))
    return made
