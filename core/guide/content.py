"""Authored Markdown pages: front matter for title and order, then the body."""

from __future__ import annotations

import re
from pathlib import Path

from afterview.errors import AfterviewError, Location
from afterview.guide.model import Page
from afterview.rules.documents import YAMLProblem, decode, parse

_FRONT = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n?", re.S)


class ContentError(AfterviewError):
    """Raised for an authored page that cannot be read: bad UTF-8 or bad front matter."""


def read_page(path: Path, root: Path) -> Page:
    """A Page for ``root/…/name.md``; its URL is ``…/name/index.html`` (``index.md`` is the folder)."""
    display = str(path)
    try:
        text = decode(path.read_bytes())
    except YAMLProblem as exc:
        raise ContentError(exc.message, location=Location(display, exc.line, exc.col), hint=exc.hint) from None
    meta: dict[str, object] = {}
    match = _FRONT.match(text)
    if match:
        try:
            meta = parse(match[1], display).data or {}
        except YAMLProblem as exc:
            where = Location(display, (exc.line or 0) + 1, exc.col)
            raise ContentError(f"front matter: {exc.message}", location=where) from None
        if not isinstance(meta, dict):
            raise ContentError("front matter must be a mapping, e.g. 'title: About'", location=Location(display, 2, 1))
        text = text[match.end():]
    relative = path.relative_to(root).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "index" else relative.parts
    slug = "/".join(re.sub(r"[^a-z0-9-]+", "-", p.lower()).strip("-") for p in parts)
    title = str(meta.get("title") or _first_heading(text) or relative.name.replace("-", " ").capitalize())
    order = meta.get("order", 100)
    if not isinstance(order, int):
        raise ContentError(f"front matter: order must be a whole number, not '{order}'",
                           location=Location(display, 2, 1))
    return Page(f"{slug}/index.html", title, "page.html", {"markdown": text}, section=str(meta.get("section", "Guide")),
                order=order, source=display)


def read_pages(root: Path | None) -> list[Page]:
    if root is None or not root.is_dir():
        return []
    return [read_page(path, root) for path in sorted(root.rglob("*.md"))]


def _first_heading(text: str) -> str | None:
    match = re.search(r"^#\s+(.+)$", text, re.M)
    return match[1].strip() if match else None
