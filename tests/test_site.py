"""The guide site, checked structurally: pages, links, safety, determinism, atomicity, extension points."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from afterview import hookimpl


class Parsed(HTMLParser):
    """Links, resources, ids and elements of one page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if "id" in found:
            self.ids.add(found["id"] or "")
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        if tag in ("script", "img") and found.get("src"):
            self.resources.append(found["src"] or "")
        if tag == "link" and found.get("href") and found.get("rel") != "canonical":
            self.resources.append(found["href"] or "")

    def texts(self, tag: str) -> list[str]:
        return [a.get("class") or "" for t, a in self.tags if t == tag]


def build(afterview_cli: Any, *args: str, out: str = "public") -> Path:
    result = afterview_cli("site", "build", "-o", out, *args)
    assert result.code == 0, result.err
    return Path(out)


def pages(site: Path) -> dict[str, Parsed]:
    return {p.relative_to(site).as_posix(): Parsed(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}


@pytest.fixture
def site(guide_site: Path) -> Path:
    return guide_site


def test_page_types_exist(site: Path) -> None:
    names = set(pages(site))
    assert {"index.html", "404.html", "about/index.html", "templates/index.html", "sources/index.html",
            "calendars/index.html", "rules/follow-up/index.html", "rules/thank-you-note/index.html",
            "overlays/country-de/index.html", "overlays/industry-government/index.html"} <= names
    assert len([n for n in names if n.startswith("rules/")]) == 24 + 1  # and the section's index page
    assert len([n for n in names if n.startswith("overlays/")]) == 13 + 1


def test_rule_page_content(site: Path) -> None:
    text = (site / "rules/follow-up/index.html").read_text()
    assert "<h1>Follow up by email</h1>" in text
    assert "<dt>Opens</dt><dd>1 business day after the decision date they gave; failing that, " \
           "5 business days after the interview ends</dd>" in text
    assert '<button type="button" class="copy" data-copy="draft-follow-up-email" hidden>Copy</button>' in text
    assert '<span class="label label-advice">advice</span>' in text
    assert '<svg class="timeline timeline-wide"' in text and '<svg class="timeline timeline-narrow"' in text
    assert 'role="img"' in text
    sources = (site / "rules/expected-decision/index.html").read_text()
    assert '<span class="label label-fact">measured fact</span>' in sources


def test_overlay_page_compares_side_by_side(site: Path) -> None:
    text = (site / "overlays/country-de/index.html").read_text()
    assert '<th scope="col">Default</th><th scope="col">Germany</th>' in text
    assert "<li>Due: 6 business days after the interview ends" not in text  # the default's no-date branch is reworded…
    assert "failing that, 10 business days after the interview ends" in text  # …to two weeks
    assert "28.5 days" in text and "measured fact" in text


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    parsed = pages(site)
    broken = []
    for name, page in parsed.items():
        for href in page.links + page.resources:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue
            target = (site / name).parent / unquote(parts.path) if parts.path else site / name
            target = target.resolve()
            if not target.is_file():
                broken.append(f"{name}: {href}")
            elif (parts.fragment and target.suffix == ".html"
                  and parts.fragment not in parsed[target.relative_to(site.resolve()).as_posix()].ids):
                broken.append(f"{name}: {href} (no such anchor)")
    assert broken == []


def test_no_external_resources(site: Path) -> None:
    for name, page in pages(site).items():
        assert [r for r in page.resources if re.match(r"(https?:)?//", r)] == [], name
    css = (site / "static/style.css").read_text()
    assert "url(" not in css and "@import" not in css


def test_builds_are_byte_identical(afterview_cli: Any, afterview_project: Any, guide_site: Path) -> None:
    one, two = guide_site, build(afterview_cli, out="two")  # another folder, and this one from a warm cache
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)


def test_a_failed_build_leaves_the_old_site(afterview_cli: Any, afterview_project: Any) -> None:
    site = build(afterview_cli)
    before = (site / "index.html").read_bytes()
    afterview_project.write("theme/templates/rule.html", "{% extends 'base.html' %}{% block content %}{{ rule.nope.deeper() }}{% endblock %}")
    result = afterview_cli("site", "build", "-o", "public", "--theme", "theme")
    assert (result.code, result.err.splitlines()) == (1, [
        "theme/templates/rule.html:1: template error: "
        "'afterview.rules.model.Rule object' has no attribute 'nope'",
        "  hint: while rendering rules/ask-about-next-steps/index.html"])
    assert (site / "index.html").read_bytes() == before
    assert sorted(p.name for p in afterview_project.root.iterdir()) == ["public", "theme"]


def test_titles_are_escaped_and_raw_html_is_not_rendered(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("evil.yaml", """
        id: evil
        title: Evil
        extends: [default]
        rules:
          - id: thank-you-note
            title: "<script>alert(1)</script> Thanks"
            body: "Hello <script>alert(2)</script> [click](javascript:alert(3)) <img src=x onerror=alert(4)>"
    """)
    site = build(afterview_cli, "--ruleset", "evil.yaml")
    page = Parsed((site / "rules/thank-you-note/index.html").read_text())
    scripts = [a.get("src") for t, a in page.tags if t == "script"]
    assert scripts == ["../../static/site.js"]
    assert not any(t == "img" for t, _ in page.tags)
    assert not any(href.startswith("javascript:") for href in page.links)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Thanks" in (site / "rules/thank-you-note/index.html").read_text()


@pytest.mark.slow
def test_theme_overrides_templates_and_static_files(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("theme/templates/404.html", "{% extends 'base.html' %}{% block content %}<h1>Lost?</h1>{% endblock %}")
    afterview_project.write("theme/static/style.css", "body { color: rebeccapurple; }\n")
    site = build(afterview_cli, "--theme", "theme")
    assert "<h1>Lost?</h1>" in (site / "404.html").read_text()
    assert (site / "static/style.css").read_text() == "body { color: rebeccapurple; }\n"
    assert (site / "static/site.js").is_file()


@pytest.mark.slow
def test_authored_pages_with_front_matter(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("content/first.md", "---\ntitle: First steps\norder: 1\n---\nSome *text*.\n")
    afterview_project.write("content/deep/second.md", "# Second page\n\nMore.\n")
    site = build(afterview_cli, "--content", "content")
    assert "<h1>First steps</h1>" in (site / "first/index.html").read_text()
    assert "<p>Some <em>text</em>.</p>" in (site / "first/index.html").read_text()
    home = (site / "index.html").read_text()
    assert home.index('href="first/index.html"') < home.index('href="deep/index.html"')  # a folder: one link
    assert 'href="../deep/second/index.html">Second page</a>' in (site / "deep/index.html").read_text()
    assert "<h1>About this guide</h1>" in (site / "about/index.html").read_text()  # --content adds pages


def test_bad_front_matter_is_located(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("content/bad.md", "---\ntitle: [unclosed\n---\nText\n")
    result = afterview_cli("site", "build", "--content", "content")
    assert (result.code, result.err.splitlines()[0]) == (
        1, "content/bad.md:3:1: front matter: invalid YAML: did not find expected ',' or ']'")
    assert not Path("public").exists()


@pytest.mark.slow
def test_base_url_adds_sitemap_and_canonical_links(afterview_cli: Any, afterview_project: Any) -> None:
    site = build(afterview_cli, "--base-url", "https://guide.example.org/after")
    rule = (site / "rules/follow-up/index.html").read_text()
    assert '<link rel="canonical" href="https://guide.example.org/after/rules/follow-up/">' in rule
    assert '<meta property="og:url" content="https://guide.example.org/after/rules/follow-up/">' in rule
    sitemap = (site / "sitemap.xml").read_text()
    assert "<loc>https://guide.example.org/after/</loc>" in sitemap
    assert "<loc>https://guide.example.org/after/rules/follow-up/</loc>" in sitemap
    assert "404" not in sitemap
    assert not (build(afterview_cli, out="plain") / "sitemap.xml").exists()


def test_search_index_and_calendars(site: Path) -> None:
    import json

    from icalendar import Calendar

    index = json.loads((site / "search-index.js").read_text().removeprefix("window.AFTERVIEW_SEARCH = ").rstrip(";\n"))
    entry = next(e for e in index if e["u"] == "rules/thank-you-note/index.html")
    assert entry["t"] == "Send a thank-you note" and "thank them for" in entry["x"]
    government = Calendar.from_ical((site / "calendars/industry-government.ics").read_bytes())
    expected = next(e for e in government.walk("VEVENT") if str(e["SUMMARY"]).startswith("Expected decision"))
    assert expected["DTSTART"].dt.isoformat() == "2027-01-11"


@pytest.mark.slow
def test_plugins_add_pages_files_filters_and_markdown_rules(afterview_cli: Any, afterview_project: Any) -> None:
    from types import ModuleType

    from afterview.guide.model import Page, SiteFile

    extra = ModuleType("afterview_extra")
    extra.register_site_pages = hookimpl(lambda app, site: [
        Page("extra/index.html", "Extra page", "page.html", {"markdown": "{{ not jinja }} ~~struck~~"}, section="Reference"),
        SiteFile("extra/data.txt", b"hello\n"), SiteFile("static/extra.css", b"p { margin: 0 }\n")])
    extra.register_template_filters = hookimpl(lambda app: {"shout": str.upper})
    extra.prepare_markdown = hookimpl(lambda app, md: md.disable("strikethrough"))
    afterview_project.write("theme/templates/page.html",
                            "{% extends 'base.html' %}{% block content %}<h1>{{ page.title | shout }}</h1>"
                            "{{ markdown | markdown }}{% endblock %}")
    result = afterview_cli("site", "build", "--theme", "theme", plugins=[extra])
    assert result.code == 0, result.err
    text = Path("public/extra/index.html").read_text()
    assert "<h1>EXTRA PAGE</h1>" in text and "<p>{{ not jinja }} ~~struck~~</p>" in text
    assert Path("public/extra/data.txt").read_bytes() == b"hello\n"
    assert Path("public/static/extra.css").read_bytes() == b"p { margin: 0 }\n"


@pytest.mark.slow
def test_an_unwritable_site_folder_is_a_located_error(afterview_cli: Any, afterview_project: Any) -> None:
    Path("blocker").write_text("a file where the site's parent folder should be")
    result = afterview_cli("site", "build", "-o", "blocker/public")
    assert (result.code, result.err) == (
        1, f"{Path('blocker/public').resolve()}: cannot write here: File exists\n"
           "  hint: check that the folder exists and that you may write to it\n")


@pytest.mark.slow
def test_the_deprecated_site_hooks_still_work_and_warn(afterview_cli: Any, afterview_project: Any) -> None:
    from types import ModuleType

    old = ModuleType("afterview_old")
    old.prepare_jinja_environment = hookimpl(lambda app, env: env.filters.update(shout=str.upper))
    old.register_static_files = hookimpl(lambda app: {"old.css": b"p { padding: 0 }\n"})
    afterview_project.write("theme/templates/page.html",
                            "{% extends 'base.html' %}{% block content %}<h1>{{ page.title | shout }}</h1>{% endblock %}")
    with pytest.warns(FutureWarning) as warned:
        result = afterview_cli("site", "build", "--theme", "theme", plugins=[old])
    assert result.code == 0, result.err
    assert sorted(str(w.message).split(" is deprecated")[0] for w in warned) == [
        "the hook prepare_jinja_environment", "the hook register_static_files"]
    assert "<h1>ABOUT THIS GUIDE</h1>" in Path("public/about/index.html").read_text()
    assert Path("public/static/old.css").read_bytes() == b"p { padding: 0 }\n"


def test_page_furniture(site: Path) -> None:
    rule = (site / "rules/follow-up/index.html").read_text()
    summary = ("If the date they gave has passed, or, with no date, six business days after the interview, "
               "send one short, polite email.")
    assert f'<meta name="description" content="{summary}">' in rule
    assert f'<meta property="og:description" content="{summary}">' in rule
    assert '<meta property="og:title" content="Follow up by email">' in rule
    assert '<link rel="icon" href="../../static/favicon.svg" type="image/svg+xml">' in rule
    assert ('<nav class="toc" aria-label="On this page"><p class="toc-title">On this page</p><ol>'
            '<li><a href="#why">Why</a></li><li><a href="#when">When</a></li>'
            '<li><a href="#message-templates">Message templates</a></li><li><a href="#sources">Sources</a></li></ol></nav>'
            ) in rule
    assert '<h2 id="message-templates">Message templates</h2>' in rule
    assert ('<a class="pager-previous" href="../../rules/expected-decision/index.html" rel="prev"><span>Previous</span> '
            'Expected decision</a>') in rule
    assert ('<a class="pager-next" href="../../rules/follow-up-call/index.html" rel="next"><span>Next</span> '
            'Follow up once by phone</a>') in rule
    assert "toc" not in (site / "about/index.html").read_text().split("<main", 1)[1][:300]  # short pages have none


def test_the_navigation_shows_the_current_section_and_one_link_per_other_section(site: Path) -> None:
    nav = Parsed((site / "overlays/country-de/index.html").read_text().split('<nav class="site-nav"')[1]
                 .split("</nav>")[0])
    assert nav.links[:3] == ["../../index.html", "../../rules/index.html", "../../overlays/index.html"]
    assert len([link for link in nav.links if link.startswith("../../overlays/")]) == 14
    assert not [link for link in nav.links if link.startswith("../../rules/") and link != "../../rules/index.html"]
    index = Parsed((site / "rules/index.html").read_text())
    assert index.links.count("../rules/follow-up/index.html") == 2  # in the navigation and in the list


def test_sources_are_full_citations(site: Path) -> None:
    text = (site / "sources/index.html").read_text()
    assert ('<span class="citation"><cite>Five actions you should be taking after a job interview</cite>. '
            "Stored copy: seed article 000.</span>") in text  # what is not known is left out
    assert ('<span class="citation"><a href="https://talentinc.com/press-2017-11-14/" rel="external"><cite>TopResume '
            "survey of recruiters and hiring managers on thank-you notes</cite></a>. TopResume (Talent Inc.), 2017.</span>") in text
    assert ("<cite>What should you do after an interview?</cite> Connections Recruitment. "
            "Stored copy: seed article 001.</span>") in text
    assert "not named" not in text and "undated" not in text and "no public address" not in text
    assert "Seed article" not in text
