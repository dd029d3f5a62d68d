"""Render pages with Jinja2 (autoescaped) and markdown-it (raw HTML off).

Each page gets its own scoped navigation (navigation.py), previous/next links,
a meta description and, on long pages, a table of contents (furniture.py).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from markupsafe import Markup

from afterview.errors import AfterviewError, Location
from afterview.guide.furniture import add_table_of_contents, description
from afterview.guide.markdown_cache import MarkdownCache, parser_key
from afterview.guide.model import Page, Site
from afterview.guide.navigation import Navigation
from afterview.guide.template_cache import bytecode_cache

# The site's Jinja2 options; the compiled-template cache is keyed on them, since autoescape decides the code.
_OPTIONS: dict[str, Any] = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True,
                            "keep_trailing_newline": True}


@cache  # the package does not move while the process runs; looked up for every content page
def builtin_site_dir() -> Path:
    return Path(str(files("afterview") / "site"))


def root_of(path: str) -> str:
    depth = path.count("/")
    return "../" * depth


class Renderer:
    """One Jinja2 environment and one markdown-it parser per build, adjusted by plugins."""

    def __init__(self, app: Any, theme: Path | None = None, *, dev: bool = False) -> None:
        from jinja2 import Environment, FileSystemLoader
        from markdown_it import MarkdownIt

        folders = [str(theme / "templates")] if theme and (theme / "templates").is_dir() else []
        folders.append(str(builtin_site_dir() / "templates"))
        # auto_reload would stat every template file for every page: over a second at 1,000 pages on a slow disk.
        self.env = Environment(loader=FileSystemLoader(folders), **_OPTIONS, auto_reload=dev,
                               bytecode_cache=bytecode_cache(_OPTIONS, app.drafts.filters))
        # "js-default" is CommonMark with raw HTML off; validateLink refuses javascript:, vbscript: and data: links.
        self.md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
        self.env.filters.update(app.drafts.filters)  # register_template_filters serves drafts and the site alike
        self.env.filters["markdown"] = self.markdown
        self.env.globals["sample"] = sample_names()
        self.dev = dev
        app.call("prepare_jinja_environment", env=self.env)
        app.call("prepare_markdown", md=self.md)
        drop_idle_rules(self.md)
        self.cache = MarkdownCache(parser_key(app, self.md))

    def markdown(self, text: str) -> Markup:
        text = text or ""
        digest = self.cache.digest(text)
        html = self.cache.get(digest)
        if html is None:
            html = self.md.render(text)
            self.cache.put(digest, html)
        return Markup(html)

    def preload(self) -> None:
        """Compile every HTML template now (before forking workers). One that fails is left for its page to
        report, where and as it would have been."""
        for _ in self._compiling():
            pass

    def warm(self) -> Iterator[None]:
        """In a child process: compile every template into the bytecode cache, from which this process's own
        ``preload`` then reads them, yielding after each (nothing, if templates are not cached: see
        ``template_cache``)."""
        if self.env.bytecode_cache is not None:
            yield from self._compiling()

    def _compiling(self) -> Iterator[None]:
        from contextlib import suppress

        names: list[str] = []
        with suppress(Exception):
            names = self.env.list_templates(extensions=["html"])
        for name in names:
            with suppress(Exception):
                self.env.get_template(name)
            yield

    def finish(self, *, prune: bool = True) -> None:
        """After the last page: keep the rendered Markdown for the next build (pruned to this build's after a
        full one; a partial one keeps every entry)."""
        self.cache.save(prune=prune)

    def render(self, page: Page, site: Site, nav: Navigation) -> str:
        root = root_of(page.path)
        canonical = None
        if site.base_url and page.path != "404.html":
            folder = posixpath.dirname(page.path) + ("/" if "/" in page.path else "")
            canonical = site.base_url.rstrip("/") + "/" + folder
        from jinja2 import TemplateError

        try:
            template = self.env.get_template(page.template)
            previous, following = nav.neighbours(page)
            html = template.render(page=page, root=root, nav=Markup(nav.html(page, root)), canonical=canonical,
                                   dev=self.dev, description=description(page), previous=previous, next=following,
                                   base_url=site.base_url, **page.context)
            return add_table_of_contents(html)
        except TemplateError as exc:
            raise SiteError(f"template error: {exc.message or exc}", location=_template_location(exc),
                            hint=f"while rendering {page.path}") from None


def drop_idle_rules(md: Any) -> None:
    """Turn off markdown-it's own rules for options that are off: each returns at once, but is called for every
    block or inline token (some 5% of the time). A rule a plugin replaced, or an option it turned on, stays."""
    from markdown_it import rules_block, rules_core, rules_inline

    idle: dict[str, list[tuple[Any, str, Any]]] = {"html": [(md.block.ruler, "html_block", rules_block.html_block),
                     (md.inline.ruler, "html_inline", rules_inline.html_inline)],
            "linkify": [(md.core.ruler, "linkify", rules_core.linkify),
                        (md.inline.ruler, "linkify", rules_inline.linkify)],
            "typographer": [(md.core.ruler, "replacements", rules_core.replace),
                            (md.core.ruler, "smartquotes", rules_core.smartquotes)]}
    for option, rules in idle.items():
        if not md.options.get(option):
            for ruler, name, own in rules:
                if own in ruler.getRules(""):
                    ruler.disable(name)


def sample_names() -> dict[str, str]:
    """The names the drafts are filled with, which the page's form lets a visitor replace with their own."""
    from afterview.guide.collect import SAMPLE_FACTS

    interviewer = SAMPLE_FACTS["interview"]["interviewers"][0]["name"]
    # The sample interview is in the US, where drafts greet people by their given name ("Dear Jane,").
    return {"candidate": SAMPLE_FACTS["candidate"]["name"], "interviewer": interviewer,
            "interviewer_given": interviewer.split()[0], "company": SAMPLE_FACTS["company"],
            "role": SAMPLE_FACTS["role"]}


class SiteError(AfterviewError):
    """Raised when a site template (built-in, theme or plugin) fails to parse or render, and when a plugin's
    page or file would be written where something else is (claims.py)."""


def _template_location(exc: Exception) -> Location | None:
    """The innermost template file and line on the traceback (Jinja rewrites frames to template lines)."""
    found = None
    if getattr(exc, "filename", None):
        found = Location(exc.filename, getattr(exc, "lineno", None))  # type: ignore[attr-defined]
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt")):
            found = Location(name, tb.tb_lineno)
        tb = tb.tb_next
    return found
