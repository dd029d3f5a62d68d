"""Who writes each path of a guide site, checked before anything is written.

Two writers of one path, or a file where another writer needs a folder, would otherwise meet in the
writer: a first build fails with a bare "File exists", and a rebuild into a kept site (spare.py) lets
the last one win in silence, a folder of pages included. Each such clash is an error naming both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from afterview.errors import AfterviewError, Location
from afterview.guide.content import ContentError
from afterview.guide.model import Page, Site, SiteFile
from afterview.guide.output_dir import site_path
from afterview.guide.planner_data import DATA_FILE
from afterview.guide.render import SiteError


@dataclass(frozen=True)
class Claim:
    """A page or file and who writes it, in words: ``plugin NAME``, a content file, ``afterview (...)``."""

    item: Page | SiteFile
    owner: str
    plugin: str | None = None  # the plugin's name, when a plugin adds it

    @property
    def origin(self) -> str:
        """Where an error about it points: the authored file it came from, or its path."""
        return str(getattr(self.item, "source", None) or self.item.path)


def check_site(site: Site, added: Iterable[tuple[str, Page | SiteFile]], static: list[Claim]) -> None:
    """Every page and file of ``site``, the ``static`` files, the search index and the sitemap have a path
    of their own inside the site. ``added``: what each plugin registered (``register_site_pages``)."""
    plugins = {id(item): name for name, item in added}
    extra = [("search-index.js", "the search index"), *([("sitemap.xml", "the sitemap")] if site.base_url else [])]
    check([*(_claim(page, plugins) for page in site.pages), *static,
           *(_claim(file, plugins) for file in site.files),
           *(Claim(SiteFile(path, b""), f"afterview ({what})") for path, what in extra)])


def check(claims: Iterable[Claim]) -> None:
    """Raise for the first path outside the site, path claimed twice, or file where a folder must be."""
    files: dict[str, Claim] = {}
    folders: dict[str, Claim] = {}  # a folder -> the first claim whose path is inside it
    for claim in claims:
        path = claim.item.path
        if site_path(path) is None:
            raise _outside(claim)
        first = files.setdefault(path, claim)
        if first is not claim:
            raise _twice(path, first, claim)
        parent = path.rpartition("/")[0]
        while parent and parent not in folders:
            folders[parent] = claim
            parent = parent.rpartition("/")[0]
    for path, claim in files.items():
        if path in folders:
            raise _file_in_folder(claim, folders[path])


_CONTENT_HINT = ("rename or move the file: the home page, rules/, overlays/, templates/, sources/ and calendars/ "
                 "are generated, and names are lower-cased with punctuation made '-'")


def _outside(claim: Claim) -> AfterviewError:
    where, hint = Location(claim.origin), "site paths are relative, without '..'"
    if claim.plugin is None:
        return ContentError(f"'{claim.item.path}' is not a path inside the site", location=where, hint=hint)
    return SiteError(f"{claim.owner} writes '{claim.item.path}', which is not a path inside the site",
                     location=where, hint=hint)


def _twice(path: str, first: Claim, later: Claim) -> AfterviewError:
    if first.plugin is None and later.plugin is None:  # content against content or a generated page
        return ContentError(f"{path} is already taken by {_described(first)}", location=Location(later.origin),
                            hint=_CONTENT_HINT)
    culprit, other = (later, first) if later.plugin is not None else (first, later)
    if culprit.plugin == other.plugin:
        message = f"{culprit.owner} writes this path twice"
    else:
        message = f"{culprit.owner} writes this path, and so does {other.owner}"
    return SiteError(message, location=Location(path), hint=_hint(culprit, other))


def _file_in_folder(file: Claim, inside: Claim) -> AfterviewError:
    """``file``'s path is a folder of ``inside``'s."""
    if file.plugin is None and inside.plugin is None:
        return ContentError(f"{file.owner} writes a file at {file.item.path}, where {inside.owner} writes "
                            f"{inside.item.path}", location=Location(file.origin), hint=_CONTENT_HINT)
    if file.plugin is not None:
        message = f"{file.owner} writes a file here, where {inside.owner} needs a folder for {inside.item.path}"
        return SiteError(message, location=Location(file.item.path), hint=_hint(file, inside))
    message = f"{inside.owner} writes this path inside {file.item.path}, which {file.owner} writes as a file"
    return SiteError(message, location=Location(inside.item.path), hint=_hint(inside, file))


def _hint(culprit: Claim, other: Claim) -> str:
    if culprit.plugin == other.plugin:
        return "a site path has one writer: the plugin returns two pages or files for it"
    if other.plugin is not None:
        return "a site path has one writer: one of the two plugins must use another path"
    hint = ("a site path has one writer: put the plugin's pages and files in a folder of its own, "
            f"such as {culprit.plugin}/")
    if isinstance(other.item, SiteFile) and other.item.path.startswith("static/"):
        hint += "; to replace a built-in static file, put yours in a theme's static/ folder (--theme DIR)"
    return hint


def _claim(item: Page | SiteFile, plugins: dict[int, str]) -> Claim:
    plugin = plugins.get(id(item))
    if plugin is not None:
        return Claim(item, f"plugin {plugin}", plugin)
    if isinstance(item, Page):
        return Claim(item, item.source or f"afterview (the page '{item.title}')")
    return Claim(item, f"afterview ({_generated_file(item.path)})")


def _generated_file(path: str) -> str:
    if path == DATA_FILE:
        return "the planner's data"
    if path.startswith("calendars/"):
        return "a sample calendar"
    return "a JSON Schema" if path.startswith("schemas/") else "a generated file"


def _described(claim: Claim) -> str:
    """A claim in the words of content collisions: the content file, or the generated page by its title."""
    if isinstance(claim.item, Page) and claim.item.source is None:
        return f"the generated page '{claim.item.title}'"
    return claim.owner
