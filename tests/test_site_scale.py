"""The guide at scale: a page's size does not depend on how many pages the site has, and the Markdown cache
changes nothing but the time a build takes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from afterview import hookimpl

pytestmark = pytest.mark.slow  # each test builds the guide two or more times, several from a cold cache


def write_corpus(root: Path, pages: int) -> None:
    """Like bench/site_build.py: folders of 100 pages, each page a few paragraphs under front matter."""
    for i in range(pages):
        folder = root / f"section-{i // 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"page-{i:04d}.md").write_text(
            f"---\ntitle: Article {i:04d}\norder: {i}\n---\n## Part one\n\nSome *words* about page {i}.\n")


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_page_does_not_grow_with_the_page_count(afterview_cli: Any, afterview_project: Any) -> None:
    sizes, links = {}, {}
    for pages in (100, 1000):
        write_corpus(Path(f"content-{pages}"), pages)
        result = afterview_cli("site", "build", "--content", f"content-{pages}", "-o", f"public-{pages}")
        assert result.code == 0, result.err
        page = Path(f"public-{pages}/section-00/page-0000/index.html").read_text()
        sizes[pages], links[pages] = len(page), page.count("<a ")
    # Ten times the pages adds one link per new folder (nine), not 900 links: the navigation shows the page's own
    # folder (a window of at most 61 pages) and one link for each other folder and section.
    assert links[1000] - links[100] == 9, links
    assert sizes[1000] - sizes[100] < 1000, sizes
    assert sizes[100] < 12_000, sizes


@pytest.mark.cold_cache
def test_cached_and_uncached_builds_write_identical_bytes(afterview_cli: Any, afterview_project: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    write_corpus(Path("content"), 30)
    monkeypatch.setenv("AFTERVIEW_NO_CACHE", "1")
    assert afterview_cli("site", "build", "--content", "content", "-o", "uncached").code == 0
    monkeypatch.delenv("AFTERVIEW_NO_CACHE")
    assert afterview_cli("site", "build", "--content", "content", "-o", "cold").code == 0
    from afterview._cache import cache_dir

    folder = cache_dir()
    assert folder is not None
    [stored] = folder.glob("markdown-*.marshal")
    before = stored.read_bytes()
    assert afterview_cli("site", "build", "--content", "content", "-o", "warm").code == 0
    assert stored.read_bytes() == before  # every Markdown text came from the cache: nothing new to store
    uncached = files(Path("uncached"))
    assert len(uncached) > 80
    assert files(Path("cold")) == uncached
    assert files(Path("warm")) == uncached


@pytest.mark.cold_cache
def test_a_wrong_shaped_or_oversized_cache_file_is_ignored(afterview_cli: Any, afterview_project: Any,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import marshal

    from afterview._cache import cache_dir
    from afterview.guide import markdown_cache

    write_corpus(Path("content"), 3)
    assert afterview_cli("site", "build", "--content", "content", "-o", "first").code == 0
    folder = cache_dir()
    assert folder is not None
    [stored] = folder.glob("markdown-*.marshal")
    stored.write_bytes(marshal.dumps({b"x" * 16: 1, "not bytes": "<p>wrong</p>"}))
    monkeypatch.setattr(markdown_cache, "MAX_BYTES", 100)
    assert afterview_cli("site", "build", "--content", "content", "-o", "second").code == 0
    assert files(Path("second")) == files(Path("first"))
    assert list(folder.glob("markdown-*.marshal")) == []  # over the bound: not kept


def test_the_cache_is_keyed_on_the_markdown_plugins(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("content/strike.md", "---\ntitle: Strike\n---\nA ~~struck~~ word.\n")
    assert afterview_cli("site", "build", "--content", "content", "-o", "plain").code == 0
    assert "<s>struck</s>" in Path("plain/strike/index.html").read_text()
    from types import ModuleType

    plugin = ModuleType("afterview_no_strike")
    plugin.prepare_markdown = hookimpl(lambda app, md: md.disable("strikethrough"))
    assert afterview_cli("site", "build", "--content", "content", "-o", "plugged", plugins=[plugin]).code == 0
    assert "<p>A ~~struck~~ word.</p>" in Path("plugged/strike/index.html").read_text()


KEY_OF_PLUGIN = """
import sys
sys.path.insert(0, sys.argv[1])
import strike_plugin
from markdown_it import MarkdownIt
from afterview import Afterview, get_plugin_manager
from afterview.guide.markdown_cache import parser_key
app = Afterview(get_plugin_manager(load_entrypoints=False, extra_plugins=(strike_plugin,)))
md = MarkdownIt("js-default")
app.call("prepare_markdown", md=md)
print(parser_key(app, md))
"""


def test_the_markdown_key_sees_a_plugins_helper_module_and_is_stable_across_processes(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    package = tmp_path / "strike_plugin"
    package.mkdir()
    (package / "__init__.py").write_text(  # a nested function and a set: reprs that differ between processes
        "from afterview import hookimpl\nfrom strike_plugin import rules\n\n\n@hookimpl\ndef prepare_markdown(app, md):\n"
        "    def off(name):\n        return name in {'strikethrough', 'table'} and md.disable(name)\n"
        "    [off(name) for name in rules.names()]\n")
    (package / "rules.py").write_text("def names():\n    return ['strikethrough']\n")

    def key(seed: str) -> str:
        done = subprocess.run([sys.executable, "-c", KEY_OF_PLUGIN, str(tmp_path)], capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        return done.stdout.strip()

    first = key("1")
    assert len(first) == 24 and key("2") == first
    (package / "rules.py").write_text("def names():\n    return ['table']\n")  # the HTML changes; so must the key
    assert key("1") != first
