"""``afterview site build``: render every page and file into a temporary folder, then swap it in."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from afterview import _cache
from afterview.atomic import cannot_write
from afterview.errors import AfterviewError, Location
from afterview.guide import kept_files, output_dir, spare
from afterview.guide.claims import check_site
from afterview.guide.collect import GuideOptions, collect
from afterview.guide.content_reader import ContentReader
from afterview.guide.front_matter import FrontMatter
from afterview.guide.model import Page, Site, SiteFile
from afterview.guide.navigation import Navigation, index_pages
from afterview.guide.parallel import Share
from afterview.guide.render import Renderer
from afterview.guide.sample_calendars import sample_calendars
from afterview.guide.static_files import static_files
from afterview.guide.tree_io import Reuse, prune, remove_tree, write_tree

SEARCH_WORDS = 60
# A search entry's words: what is left between whitespace once Markdown's marks are spaces. Only the start of a
# long page is read; the same words as splitting the whole unwrapped text (a test checks).
_MARKS = str.maketrans(dict.fromkeys("#*_`>[]()", " "))


@dataclass
class BuildResult:
    pages: int
    files: int


def prepare(app: Any, options: GuideOptions,
            content: Callable[[FrontMatter], list[Page]] | None = None) -> tuple[Site, dict[str, Any]]:
    """Collect pages and files, the static ones first, including those plugins add (``content``: see collect).

    Every path has one writer, checked here (claims.py), before a build writes anything.
    """
    site, overlays = collect(app, options, content)
    added = [(plugin, item) for plugin, batch in app.call_each("register_site_pages", site=site)
             for item in batch or []]
    for _, item in added:
        (site.pages if isinstance(item, Page) else site.files).append(item)
    site.files += sample_calendars(app, site, overlays)
    site.pages += index_pages(site, Navigation(site))
    site.files += schema_files(site.base_url)
    static = static_files(app, options.theme)
    check_site(site, added, static)
    site.files[:0] = [claim.item for claim in static if isinstance(claim.item, SiteFile)]  # first, as always
    return site, overlays


class SiteRender:
    """One build's renderer and navigation: each page's file by its index, then every other file."""

    def __init__(self, app: Any, site: Site, options: GuideOptions, *, dev: bool = False,
                 pages: list[Page] | None = None, renderer: Renderer | None = None,
                 first: Callable[[], None] | None = None) -> None:
        """``first``: done by this process before its pages, while the workers render theirs."""
        self.app, self.site, self.options, self.partial = app, site, options, pages is not None
        self.first = first
        self.renderer = renderer or Renderer(app, options.theme, dev=dev)
        self.nav = Navigation(site)
        self.pages = site.pages if pages is None else pages

    def share(self) -> Share:
        """The pages to deal out to worker processes (parallel.py) as well as this one."""
        share = Share(len(self.pages), self.page, self.renderer.cache)
        if share.forks():
            self.renderer.preload()  # compiled once, here, rather than in every worker whose pages use them
        return share

    def page(self, index: int) -> tuple[str, bytes]:
        page = self.pages[index]
        return page.path, self.renderer.render(page, self.site, self.nav).encode("utf-8")

    def files(self, share: Share | None = None) -> Iterator[tuple[str, bytes]]:
        """Every output file (or only the chosen pages plus the files), as it renders, in a deterministic order.

        A generator, so a build writes each page as soon as it exists and never holds the whole site. With a
        started ``share``, this process renders only its own share of the pages.
        """
        share = share or Share(len(self.pages), self.page, self.renderer.cache, processes=1)
        if self.first:
            self.first()
        try:  # first: the slow ones (LaterFile) are made here while the workers render pages
            made = [(f.path, f.data) for f in self.site.files]
        except Exception as exc:  # before every page, where a build that made them earlier raised it
            share.failed(-1, exc)
        try:
            made.append(("search-index.js", search_index(self.site)))
            if self.site.base_url:
                made.append(("sitemap.xml", sitemap(self.site)))
            late = None
        except Exception as exc:
            late = exc
        for index in share.mine():
            try:
                found = self.page(index)
            except Exception as exc:
                share.failed(index, exc)
            yield found
        if late is not None:  # after every page, as in a build by one process
            share.failed(len(self.pages), late)
        share.finish()
        self.renderer.finish(prune=not self.partial)
        yield from made


def schema_files(base_url: str | None) -> list[SiteFile]:
    """The four JSON Schemas under schemas/, each ``$id`` at this site's address, for editors."""
    from afterview.rules.schema_ids import SCHEMA_FILES, schema_document

    return [SiteFile(f"schemas/{name}.schema.json", schema_document(which, base_url).encode())
            for which, name in SCHEMA_FILES.items()]


def render_site(app: Any, site: Site, options: GuideOptions, *, dev: bool = False,
                pages: list[Page] | None = None) -> dict[str, bytes]:
    """Every output file (or only ``pages`` plus the files), path -> bytes, in memory (for ``site serve``)."""
    return dict(sorted(SiteRender(app, site, options, dev=dev, pages=pages).files()))


def search_index(site: Site) -> bytes:
    """A script, not a .json file: browsers refuse fetch() from file://, and the site must work offline."""
    entries = []
    for page in site.pages:
        text = page.search_text or page.context.get("markdown", "")
        if not page.in_nav or not text:  # a generated index's links are already in the navigation
            continue
        entries.append({"t": page.title, "u": page.path, "s": page.section, "x": first_words(text, SEARCH_WORDS)})
    data = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    return f"window.AFTERVIEW_SEARCH = {data};\n".encode()


def first_words(text: str, count: int) -> str:
    """The first ``count`` words of ``text`` with Markdown's marks as spaces, read from a prefix when it holds more
    than ``count`` words (then the last of them ended inside it), else from the whole text."""
    words = text[:count * 16].translate(_MARKS).split(None, count)
    if len(words) <= count and len(text) > count * 16:
        words = text.translate(_MARKS).split(None, count)
    return " ".join(words[:count])


def sitemap(site: Site) -> bytes:
    from xml.sax.saxutils import escape as xml_escape  # imports urllib.request and email: 10 ms a build

    base = (site.base_url or "").rstrip("/")
    urls = [f"  <url><loc>{xml_escape(base + '/' + p.path.removesuffix('index.html'))}</loc></url>"
            for p in site.pages if p.path != "404.html"]
    text = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    return (text + "\n".join(urls) + "\n</urlset>\n").encode()


def write_atomically(output: Mapping[str, bytes] | Iterable[tuple[str, bytes]], target: Path,
                     share: Share | None = None) -> int:
    """Write into a marked sibling staging folder, then swap it with the old site (see output_dir).

    With ``share``, worker processes write their share of the pages into the staging folder too.

    The staging folder is the site this output held before the last build, when one was kept (spare.py),
    and a file whose bytes are already there or in the live site is reused rather than written
    (tree_io.py). Returns how many files the site has.
    """
    files = output.items() if isinstance(output, Mapping) else output
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        output_dir.clean_stale(target)
        staging, recycled = output_dir.staging(target, lambda folder: spare.take(target, folder))
        reuse = _reuse(target, staging, recycled)
    except OSError as exc:
        raise cannot_write(target, exc) from None
    try:
        if share is not None:
            share.start(staging, reuse, lambda path: _inside(path, target))
        writer = write_tree(staging, ((_inside(path, target), data) for path, data in files), reuse)
        paths = [*writer.paths, *(share.paths if share is not None else [])]
        if recycled:  # what the earlier site had and this one has not
            prune(staging, {*paths, output_dir.MARKER})
        kept_files.carry(target, staging, paths, output_dir.MARKER)  # files someone added to the live site stay
        os.chmod(staging, 0o755)
        old = output_dir.swap(staging, target)
    except BaseException as exc:
        if share is not None:
            share.stop()  # no worker may write into the folder once it is being removed
        remove_tree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise cannot_write(target, exc) from None
        raise
    if old is not None and not spare.keep(old, target):
        remove_tree(old, ignore_errors=True)
    return len(paths)


def _reuse(target: Path, staging: Path, recycled: bool) -> Reuse:
    """What the new site may take from the kept one (if ``staging`` is it) and from the live one."""
    return Reuse(live=target if output_dir.is_marked(target) else None, recycled=recycled)


def _inside(path: str, target: Path) -> str:
    """Defence in depth: pages are checked when collected, but a plugin's file must not escape the site either."""
    if not output_dir.inside_site(path):
        raise AfterviewError(f"refusing to write '{path}': it is not a path inside the site folder",
                             location=Location(str(target)), hint="a plugin or content file made this path; "
                             "site paths are relative, without '..'")
    return path


def build_site(app: Any, target: Path, options: GuideOptions) -> BuildResult:
    inputs = {flag: folder for flag, folder in (("--content", options.content), ("--theme", options.theme)) if folder}
    folder = output_dir.checked(target, inputs)  # before the slow part, so a refusal is instant
    renderer = Renderer(app, options.theme)  # first, so that a child reading the pages has its Markdown parser
    reader = ContentReader(options.content, renderer)
    _cache.defer_writes()  # the cache entries made while preparing are written after the workers fork
    try:
        try:
            site, _ = prepare(app, options, reader.pages)
        finally:
            reader.kill()
        render = SiteRender(app, site, options, renderer=renderer, first=_cache.write_deferred)
        share = render.share()
        written = write_atomically(render.files(share), folder, share)
    except Exception:
        _cache.write_deferred()  # complete entries, keyed by content: a retry after fixing a page reuses them
        raise
    finally:
        _cache.write_deferred(drop=True)  # nothing, once written; an interrupt leaves none
    return BuildResult(len(site.pages), written)
