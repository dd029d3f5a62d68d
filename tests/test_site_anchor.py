"""The site benches' Hugo anchor (bench/site_anchor.py) builds the navigation, pager, section index and search
index that afterview builds on the same corpus, so the "<= 1.5x Hugo" ratio compares like with like."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = [pytest.mark.slow,  # builds a 150-page guide with afterview and with Hugo
              pytest.mark.skipif(not Path("/usr/bin/hugo").is_file(), reason="Debian's hugo is not installed")]
BENCH = Path(__file__).resolve().parents[1] / "bench"


def anchor() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_site_anchor", BENCH / "site_anchor.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Links(HTMLParser):
    """The links inside one element (found by its class), each as (list depth, address, text, aria-current)."""

    def __init__(self, css_class: str) -> None:
        super().__init__()
        self.css_class, self.open, self.depth = css_class, 0, 0
        self.found: list[tuple[int, str, str, bool]] = []
        self.link: list[Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self.open or self.css_class in (found.get("class") or "").split():
            self.open += 1
        if self.open and tag == "ul":
            self.depth += 1
        if self.open and tag == "a":
            self.link = [self.depth, plain(found["href"] or ""), "", found.get("aria-current") == "page"]

    def handle_endtag(self, tag: str) -> None:
        if self.open and tag == "ul":
            self.depth -= 1
        if self.link is not None and tag == "a":
            self.found.append((self.link[0], self.link[1], " ".join(self.link[2].split()), self.link[3]))
            self.link = None
        if self.open:
            self.open -= 1

    def handle_data(self, data: str) -> None:
        if self.link is not None:
            self.link[2] += data


def plain(href: str) -> str:
    """``section-00/page-0020/`` for afterview's ``../../section-00/page-0020/index.html`` and Hugo's root-relative
    ``/section-00/page-0020/``."""
    return re.sub(r"^(\.\./)+|^/", "", href).removesuffix("index.html")


def links(page: Path, css_class: str) -> list[tuple[int, str, str, bool]]:
    parser = Links(css_class)
    parser.feed(page.read_text())
    # Hugo titles a folder "Section-00", afterview "Section 00": the same folder, the same link.
    return [(depth, href, text.replace("Section-", "Section "), current) for depth, href, text, current in parser.found]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from afterview.cli import main

    work = tmp_path_factory.mktemp("anchor")
    site_anchor = anchor()
    site_anchor.write_corpus(work / "content", 150)  # section-00 full (a window with more on both sides), section-01
    assert main(["site", "build", "--content", str(work / "content"), "-o", str(work / "afterview")]) == 0
    hugo = site_anchor.hugo_site(work / "hugo", work / "content")
    subprocess.run([site_anchor.HUGO, "--quiet", "-s", str(hugo), "-d", str(work / "public")], check=True)
    return work / "afterview", work / "public"


def test_a_page_has_the_same_navigation_and_pager(built: tuple[Path, Path]) -> None:
    ours, hugo = built
    page = "section-00/page-0050/index.html"
    nav = links(hugo / page, "site-nav")
    # afterview's own pages (the planner, the rules and reference sections) are not in Hugo's site.
    assert [link for link in links(ours / page, "site-nav") if link[1] == "" or link[1].startswith("section-")] == nav
    pages = [link for link in nav if link[0] == 3]
    assert pages[0] == (3, "section-00/", "20 more in Section 00", False)
    assert pages[1] == (3, "section-00/page-0020/", "Article 0020", False)
    assert pages[31] == (3, "section-00/page-0050/", "Article 0050", True)
    assert pages[-1] == (3, "section-00/", "19 more in Section 00", False)
    assert len(pages) == 63
    assert [link[1] for link in nav if link[0] == 2] == ["section-00/", "section-01/"]
    pager = [(href, text) for _, href, text, _ in links(hugo / page, "pager")]
    assert pager == [("section-00/page-0049/", "Previous Article 0049"), ("section-00/page-0051/", "Next Article 0051")]
    assert pager == [(href, text) for _, href, text, _ in links(ours / page, "pager")]


def test_a_section_index_lists_the_same_pages(built: tuple[Path, Path]) -> None:
    ours, hugo = built
    listed = links(hugo / "section-01/index.html", "section-index")
    assert [href for _, href, _, _ in listed] == [f"section-01/page-{i:04d}/" for i in range(100, 150)]
    assert listed == links(ours / "section-01/index.html", "section-index")
    nav = links(hugo / "section-01/index.html", "site-nav")
    assert (2, "section-01/", "Section 01", True) in nav
    assert [link for link in links(ours / "section-01/index.html", "site-nav")
            if link[1] == "" or link[1].startswith("section-")] == nav


def test_the_search_index_has_the_same_entries_for_the_corpus(built: tuple[Path, Path]) -> None:
    ours, hugo = built

    def entries(folder: Path) -> dict[str, tuple[str, str]]:
        text = (folder / "search-index.js").read_text()
        data = json.loads(text.removeprefix("window.AFTERVIEW_SEARCH = ").rstrip().removesuffix(";"))
        return {plain(e["u"]): (e["t"], e["x"]) for e in data if plain(e["u"]).startswith("section-")}

    found = entries(hugo)
    assert len(found) == 150
    assert found == entries(ours)
    assert found["section-00/page-0000/"][1].split()[:2] == ["Part", "one"]
    assert len(found["section-00/page-0000/"][1].split()) == 60
