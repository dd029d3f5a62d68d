"""A site path has one writer: a plugin's page or file where afterview, content or another plugin writes
is refused before anything is written, naming both writers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from afterview import hookimpl
from afterview.guide.model import Page, SiteFile

OWN_FOLDER = "  hint: a site path has one writer: put the plugin's pages and files in a folder of its own, such as "
STATIC = "; to replace a built-in static file, put yours in a theme's static/ folder (--theme DIR)"


def plugin(name: str, *items: Page | SiteFile, **hooks: Any) -> ModuleType:
    """A plugin module registered like any installed one: its site pages and files, and other hooks."""
    module = ModuleType(name)
    module.register_site_pages = hookimpl(lambda app, site: list(items))
    for hook, function in hooks.items():
        setattr(module, hook, hookimpl(function))
    return module


def test_a_plugin_file_at_the_search_index_path_is_refused_before_writing(afterview_cli: Any,
                                                                          afterview_project: Any) -> None:
    clash = plugin("afterview_clash", SiteFile("search-index.js", b"window.MINE = 1;\n"))
    result = afterview_cli("site", "build", "-o", "public", plugins=[clash])
    assert (result.code, result.out, result.err) == (
        1, "", "search-index.js: plugin afterview_clash writes this path, and so does afterview (the search index)\n"
               f"{OWN_FOLDER}afterview_clash/\n")
    assert sorted(afterview_project.root.iterdir()) == []


def _state(folder: Path) -> dict[str, tuple[int, int, bytes | None]]:
    """Every entry below ``folder``: its inode, modification time and (for a file) bytes."""
    found = {}
    for here, dirs, names in os.walk(folder):
        for name in [*dirs, *names]:
            path = Path(here, name)
            info = path.lstat()
            found[str(path.relative_to(folder))] = (info.st_ino, info.st_mtime_ns,
                                                    path.read_bytes() if path.is_file() else None)
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, _shared_cache: Path) -> Iterator[Path]:
    """A project with a content page and a theme, built twice: the second build kept the first as its spare, so
    a third build recycles it (where a clash once overwrote files without a word)."""
    from afterview.cli import main

    root = tmp_path_factory.mktemp("claims")
    (root / "content").mkdir()
    (root / "content/guide.md").write_text("# My guide\n")
    (root / "theme/static").mkdir(parents=True)
    (root / "theme/static/style.css").write_text("body { color: teal; }\n")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AFTERVIEW_CACHE_DIR", str(_shared_cache))
        env.chdir(root)
        for _ in range(2):
            assert main(["site", "build", "-o", "public", "--content", "content", "--theme", "theme"]) == 0
    yield root


THANKS = "rules/thank-you-note/index.html"
CASES = {
    "a page": ([SiteFile("index.html", b"x")],
               "index.html: plugin afterview_clash writes this path, and so does afterview (the page "
               "'What to do after a job interview')"),
    "a rule's page, as a page": ([Page(THANKS, "Thanks", "page.html")],
                                 f"{THANKS}: plugin afterview_clash writes this path, and so does afterview (the "
                                 "page 'Send a thank-you note')"),
    "a content page": ([SiteFile("guide/index.html", b"x")],
                       "guide/index.html: plugin afterview_clash writes this path, and so does content/guide.md"),
    "a sample calendar": ([SiteFile("calendars/default.ics", b"x")],
                          "calendars/default.ics: plugin afterview_clash writes this path, and so does afterview "
                          "(a sample calendar)"),
    "a schema": ([SiteFile("schemas/ruleset.schema.json", b"x")],
                 "schemas/ruleset.schema.json: plugin afterview_clash writes this path, and so does afterview "
                 "(a JSON Schema)"),
    "the planner's data": ([SiteFile("planner/plan-data.js", b"x")],
                           "planner/plan-data.js: plugin afterview_clash writes this path, and so does afterview "
                           "(the planner's data)"),
    "the search index": ([SiteFile("search-index.js", b"x")],
                         "search-index.js: plugin afterview_clash writes this path, and so does afterview "
                         "(the search index)"),
    "a file where pages need a folder": ([SiteFile("rules", b"x")],
                                         "rules: plugin afterview_clash writes a file here, where afterview (the page "
                                         "'Ask when they expect to decide, and whom to contact') needs a folder for "
                                         "rules/ask-about-next-steps/index.html"),
    "a file inside a file": ([SiteFile("search-index.js/more.js", b"x")],
                             "search-index.js/more.js: plugin afterview_clash writes this path inside "
                             "search-index.js, which afterview (the search index) writes as a file"),
}


def _refused(afterview_cli: Any, built: Path, plugins: list[Any], *flags: str) -> str:
    """Build ``built`` again with ``plugins``: the error text, once the site is seen to be unchanged."""
    before = _state(built / "public")
    with pytest.MonkeyPatch.context() as env:
        env.chdir(built)
        result = afterview_cli("site", "build", "-o", "public", "--content", "content", "--theme", "theme", *flags,
                               plugins=plugins)
    assert (result.code, result.out) == (1, "")
    assert _state(built / "public") == before
    return str(result.err)


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_a_plugin_writing_where_afterview_or_content_writes_is_refused(afterview_cli: Any, built: Path,
                                                                       case: str) -> None:
    items, message = CASES[case]
    assert _refused(afterview_cli, built, [plugin("afterview_clash", *items)]) == (
        f"{message}\n{OWN_FOLDER}afterview_clash/\n")


@pytest.mark.slow
def test_the_sitemap_and_static_files_name_their_writers(afterview_cli: Any, built: Path) -> None:
    sitemap = plugin("afterview_clash", SiteFile("sitemap.xml", b"x"))
    assert _refused(afterview_cli, built, [sitemap], "--base-url", "https://example.com/") == (
        "sitemap.xml: plugin afterview_clash writes this path, and so does afterview (the sitemap)\n"
        f"{OWN_FOLDER}afterview_clash/\n")
    themed = plugin("afterview_clash", SiteFile("static/style.css", b"x"))
    assert _refused(afterview_cli, built, [themed]) == (
        "static/style.css: plugin afterview_clash writes this path, and so does the theme "
        f"(theme/static/style.css)\n{OWN_FOLDER}afterview_clash/{STATIC}\n")
    built_in = plugin("afterview_clash", SiteFile("static/site.js", b"x"))
    assert _refused(afterview_cli, built, [built_in]) == (
        "static/site.js: plugin afterview_clash writes this path, and so does afterview (a built-in static file)\n"
        f"{OWN_FOLDER}afterview_clash/{STATIC}\n")


@pytest.mark.slow
def test_two_plugins_or_one_plugin_twice_on_one_path_are_refused(afterview_cli: Any, built: Path) -> None:
    one, two = plugin("afterview_one", SiteFile("shared.txt", b"1")), plugin("afterview_two", SiteFile("shared.txt", b"2"))
    assert _refused(afterview_cli, built, [one, two]) == (
        "shared.txt: plugin afterview_one writes this path, and so does plugin afterview_two\n"  # in call's order
        "  hint: a site path has one writer: one of the two plugins must use another path\n")
    twice = plugin("afterview_twice", SiteFile("twice.txt", b"1"), Page("twice.txt", "Twice", "page.html"))
    assert _refused(afterview_cli, built, [twice]) == (
        "twice.txt: plugin afterview_twice writes this path twice\n"
        "  hint: a site path has one writer: the plugin returns two pages or files for it\n")
    with pytest.warns(FutureWarning, match="register_static_files is deprecated"):
        old = plugin("afterview_old", register_static_files=lambda app: {"extra.css": b"1"})
        new = plugin("afterview_new", SiteFile("static/extra.css", b"2"))
        err = _refused(afterview_cli, built, [old, new])
    assert err == ("static/extra.css: plugin afterview_new writes this path, and so does plugin afterview_old "
                   "(register_static_files)\n"
                   "  hint: a site path has one writer: one of the two plugins must use another path\n")


@pytest.mark.slow
def test_the_deprecated_static_hook_still_replaces_a_built_in_file(afterview_cli: Any, afterview_project: Any) -> None:
    with pytest.warns(FutureWarning, match="register_static_files is deprecated"):
        old = plugin("afterview_old", register_static_files=lambda app: {"site.js": b"// mine\n"})
        result = afterview_cli("site", "build", "-o", "public", plugins=[old])
    assert result.code == 0, result.err
    assert (afterview_project.root / "public/static/site.js").read_bytes() == b"// mine\n"


@pytest.mark.slow
def test_a_static_file_a_plugin_names_but_that_is_missing_is_a_located_error(afterview_cli: Any,
                                                                             afterview_project: Any) -> None:
    with pytest.warns(FutureWarning, match="register_static_files is deprecated"):
        gone = plugin("afterview_gone", register_static_files=lambda app: {"gone.css": "missing/gone.css"})
        result = afterview_cli("site", "build", "-o", "public", plugins=[gone])
    assert (result.code, result.err) == (
        1, "missing/gone.css: plugin afterview_gone: cannot read the file for static/gone.css: "
           "No such file or directory\n  hint: register_static_files returns bytes or a file's path\n")
    assert sorted(afterview_project.root.iterdir()) == []
