"""Render pages with Jinja2 (autoescaped) and markdown-it (raw HTML off).

Navigation is built once per build and specialised per page with two string
replacements: rendering a thousand links through Jinja on each of a thousand
pages would dominate the build.
"""

from __future__ import annotations

import posixpath
from importlib.resources import files
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from afterview.errors import AfterviewError, Location
from afterview.guide.model import Page, Site

ROOT = "\x00root\x00"  # replaced by each page's relative path to the site root
SECTIONS = ("Guide", "Rules", "Industries and countries", "Reference", "Developers")


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
        self.env = Environment(loader=FileSystemLoader(folders), autoescape=True, trim_blocks=True,
                               lstrip_blocks=True, keep_trailing_newline=True)
        # "js-default" is CommonMark with raw HTML off; validateLink refuses javascript:, vbscript: and data: links.
        self.md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
        self.env.filters.update(app.drafts.filters)  # register_template_filters serves drafts and the site alike
        self.env.filters["markdown"] = self.markdown
        self.dev = dev
        app.call("prepare_jinja_environment", env=self.env)
        app.call("prepare_markdown", md=self.md)

    def markdown(self, text: str) -> Markup:
        return Markup(self.md.render(text or ""))

    def navigation(self, site: Site) -> str:
        groups: dict[str, list[Page]] = {}
        for page in site.pages:
            if page.in_nav:
                groups.setdefault(page.section, []).append(page)
        order = [s for s in SECTIONS if s in groups] + sorted(s for s in groups if s not in SECTIONS)
        parts = ['<nav class="site-nav" aria-label="Site">']
        for section in order:
            pages = sorted(groups[section], key=lambda p: (p.order, p.title.lower()))
            links = "".join(f'<li><a href="{ROOT}{p.path}">{escape(p.title)}</a></li>' for p in pages)
            name = escape(section)
            parts.append(f'<details data-section="{name}"><summary>{name}</summary><ul>{links}</ul></details>')
        parts.append("</nav>")
        return "".join(parts)

    def render(self, page: Page, site: Site, nav: str) -> str:
        root = root_of(page.path)
        here = f'href="{ROOT}{page.path}"'
        section = f'<details data-section="{escape(page.section)}">'
        page_nav = (nav.replace(here, f'{here} aria-current="page"', 1)
                    .replace(section, section[:-1] + " open>", 1).replace(ROOT, root))
        canonical = None
        if site.base_url and page.path != "404.html":
            folder = posixpath.dirname(page.path) + ("/" if "/" in page.path else "")
            canonical = site.base_url.rstrip("/") + "/" + folder
        from jinja2 import TemplateError

        try:
            template = self.env.get_template(page.template)
            return template.render(page=page, root=root, nav=Markup(page_nav), canonical=canonical, dev=self.dev,
                                   **page.context)
        except TemplateError as exc:
            raise SiteError(f"template error: {exc.message or exc}", location=_template_location(exc),
                            hint=f"while rendering {page.path}") from None


class SiteError(AfterviewError):
    """Raised when a site template (built-in, theme or plugin) fails to parse or render."""


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
