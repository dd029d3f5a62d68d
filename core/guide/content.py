"""Authored Markdown pages: front matter for title and order, then the body."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from afterview.errors import AfterviewError, Location
from afterview.guide.front_matter import FrontMatter
from afterview.guide.model import Page, SiteFile
from afterview.guide.output_dir import site_path
from afterview.rules.documents import YAMLProblem, decode, parse, read_limited

_FRONT = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n?", re.S)


class ContentError(AfterviewError):
    """Raised for an authored page that cannot be read: bad UTF-8 or bad front matter."""


def read_page(path: Path, root: Path, real_root: Path | None = None, front: FrontMatter | None = None) -> Page:
    """A Page for ``root/…/name.md``; its URL is ``…/name/index.html`` (``index.md`` is the folder).

    ``real_root`` is ``root.resolve()``, when the caller has it; ``front``, the build's parsed front matter.
    """
    display = str(path)
    if linked_file(path, root, "content", real_root).is_dir():
        raise ContentError("is a folder, not a page", location=Location(display),
                           hint="rename the folder: names ending in .md are pages")
    try:
        text = decode(read_limited(path))
    except OSError as exc:
        raise ContentError(f"cannot read page: {exc.strerror or exc}", location=Location(display)) from None
    except YAMLProblem as exc:
        raise ContentError(exc.message, location=Location(display, exc.line, exc.col), hint=exc.hint) from None
    meta: dict[str, object] = {}
    match = _FRONT.match(text)
    if match:
        try:
            meta = (front.parse(match[1], display) if front else parse(match[1], display).data) or {}
        except YAMLProblem as exc:
            where = Location(display, (exc.line or 0) + 1, exc.col)
            raise ContentError(f"front matter: {exc.message}", location=where) from None
        if not isinstance(meta, dict):
            raise ContentError("front matter must be a mapping, e.g. 'title: About'", location=Location(display, 2, 1))
        _check_keys(meta, match[1], display)
        text = text[match.end():]
    relative = path.relative_to(root).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "index" else relative.parts
    title = str(meta.get("title") or _first_heading(text) or relative.name.replace("-", " ").capitalize())
    order = meta.get("order", 100)
    if not isinstance(order, int):  # only front matter sets it
        assert match is not None
        raise ContentError(f"front matter: order must be a whole number, not '{order}'",
                           location=_where(match[1], display, "order"))
    return Page(address(parts), title, "page.html", {"markdown": text}, section=str(meta.get("section", "Guide")),
                order=order, source=display)


# Front matter is read here alone (no hook sees it), so any other key is a mistake, such as 'titel'.
KEYS = ("title", "order", "section")


def _check_keys(keys: Iterable[object], block: str, display: str) -> None:
    """A ContentError at the first key that is not one of KEYS."""
    from afterview.errors import did_you_mean

    for key in keys:
        if key not in KEYS:
            raise ContentError(f"unknown front-matter key '{key}'{did_you_mean(str(key), KEYS)}",
                               location=_where(block, display, key, at_key=True),
                               hint="front matter takes title, order and section")


def _where(block: str, display: str, key: object, *, at_key: bool = False) -> Location:
    """Where ``key``'s value (or the key) is in the page: parsed again, with positions, on this error path only."""
    found = parse(block, display).location((key,), key=at_key)
    return Location(display, found.line + 1, found.col) if found.line is not None else Location(display, 2, 1)


def linked_file(path: Path, root: Path, what: str, real_root: Path | None = None) -> Path:
    """``path`` resolved; a ContentError if it is a broken link or a link out of ``root``.

    A symlink such as ``content/leak.md -> ~/.ssh/id_rsa`` would publish the key in a page and the search index.
    """
    display = str(path)
    if _builtin(root):
        return path  # our own files (links, in an editable install)
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link, or a loop of links
        raise ContentError("cannot read: it is a link to nothing", location=Location(display),
                           hint="remove the link, or point it at a file") from None
    if not _inside(real, real_root or root.resolve()):
        raise ContentError(f"refusing to publish a link to {real}, outside the {what} folder",
                           location=Location(display), hint=f"copy the file into the {what} folder instead") from None
    return real


def _inside(real: Path, folder: Path) -> bool:
    """``real.is_relative_to(folder)`` for resolved paths, on their text (pathlib's parsing was a tenth of a
    rebuild's reading of 1,000 pages)."""
    text, top = str(real), str(folder)
    return text == top or text.startswith(top if top.endswith(os.sep) else top + os.sep)


@lru_cache(maxsize=16)
def _builtin(root: Path) -> bool:
    from afterview.guide.render import builtin_site_dir

    return root.is_relative_to(builtin_site_dir())


def address(parts: tuple[str, ...]) -> str:
    """``('Guides', 'Salary talk')`` -> ``guides/salary-talk/index.html``; no parts is the home page's address."""
    return "".join(f"{slug(part)}/" for part in parts) + "index.html"


def slug(part: str) -> str:
    """A URL-safe name for one path part; never empty, so a page path can never become absolute."""
    text = re.sub(r"[^a-z0-9-]+", "-", part.lower()).strip("-")
    return text or "page-" + hashlib.sha256(part.encode("utf-8")).hexdigest()[:8]


def check_addresses(pages: list[Page], files: list[SiteFile]) -> None:
    """Every page and file stays inside the site and has an address of its own; errors name both claimants."""
    taken: dict[str, Page | SiteFile] = {}
    items: list[Page | SiteFile] = [*pages, *files]
    for item in items:
        if site_path(item.path) is None:
            raise ContentError(f"'{item.path}' is not a path inside the site", location=Location(_origin(item)),
                               hint="site paths are relative, without '..'")
        first = taken.setdefault(item.path, item)
        if first is not item:
            raise ContentError(f"{item.path} is already taken by {_describe(first)}",
                               location=Location(_origin(item)), hint=_COLLISION_HINT)


_COLLISION_HINT = ("rename or move the file: the home page, rules/, overlays/, templates/, sources/ and calendars/ "
                   "are generated, and names are lower-cased with punctuation made '-'")


def _origin(item: Page | SiteFile) -> str:
    return str(getattr(item, "source", None) or item.path)


def _describe(item: Page | SiteFile) -> str:
    source = getattr(item, "source", None)
    if source:
        return str(source)
    return f"the generated page '{item.title}'" if isinstance(item, Page) else "a generated file"


def content_files(root: Path | None) -> list[Path]:
    """The ``*.md`` files below ``root``, in the order they are read."""
    if root is None or not root.is_dir():
        return []
    return sorted(root.rglob("*.md"))


def read_pages(root: Path | None, paths: list[Path] | None = None, front: FrontMatter | None = None) -> list[Page]:
    """The pages of ``paths`` (default: every content file below ``root``).

    ``front``: the build's front matter, which its owner saves; without it, the front matter read is kept here.
    """
    paths = content_files(root) if paths is None else paths
    if root is None or not paths:
        return []
    real_root, mine = root.resolve(), front or FrontMatter()
    pages = [read_page(path, root, real_root, mine) for path in paths]
    if front is None:
        mine.save()
    return pages


def _first_heading(text: str) -> str | None:
    match = re.search(r"^#\s+(.+)$", text, re.M)
    return match[1].strip() if match else None
