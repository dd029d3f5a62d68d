"""What a guide rebuild takes from the cache (the planner page's data, front matter, calendars), and the same bytes as without it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from afterview import Afterview, _cache, get_plugin_manager
from afterview.guide.collect import _overlays
from afterview.guide.planner_data import planner_context

pytestmark = pytest.mark.cold_cache  # these tests look into the cache folder and break its entries
TODAY = date(2026, 11, 17)
DEFAULT = Path(__file__).parent.parent / "rulesets" / "default.yaml"


def _data(refs: list[str], plugins: tuple[Any, ...] = ()) -> tuple[dict[str, Any], bytes]:
    app = Afterview(get_plugin_manager(load_entrypoints=False, extra_plugins=plugins))
    base = app.load_ruleset(refs)
    context, script = planner_context(app, refs, base, _overlays(app, refs), TODAY)
    return context, script.data


def _entries() -> list[Path]:
    folder = _cache.cache_dir()
    assert folder is not None
    return sorted(folder.glob("planner-*.json"))


@pytest.mark.slow  # the full suite runs it; the fast subset stays under 30 s
def test_cached_page_data_is_the_uncached_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_NO_CACHE", "1")
    uncached = _data(["default"])
    monkeypatch.delenv("AFTERVIEW_NO_CACHE")
    assert _data(["default"]) == uncached
    [entry] = _entries()
    assert _data(["default"]) == uncached
    assert len(uncached[0]["countries"]) == 5 and uncached[1].startswith(b"window.afterviewPlanData = {")
    entry.write_text('{"script": "read from the cache"}')
    assert _data(["default"])[1] == b"read from the cache"  # the warm build takes the entry as it is


# The first kind of damage runs in the fast subset; the others (cut JSON, wrong shapes) in the full suite.
@pytest.mark.parametrize("damage", ["", *(pytest.param(text, marks=pytest.mark.slow) for text in (
    '{"script": "window.x = 1', '{"script": 1}', '{"script": "", "countries": []}', "[]"))])
def test_a_damaged_entry_is_computed_again(damage: str) -> None:
    first = _data(["default"])
    [entry] = _entries()
    entry.write_text(damage)
    assert _data(["default"]) == first


def test_editing_a_ruleset_file_makes_a_new_entry(tmp_path: Path) -> None:
    ruleset = tmp_path / "mine.yaml"
    ruleset.write_bytes(DEFAULT.read_bytes())
    first = _data([str(ruleset)])
    ruleset.write_bytes(DEFAULT.read_bytes().replace(b"the outcome\n", b"the outcomes\n", 1))
    second = _data([str(ruleset)])
    assert len(_entries()) == 2
    assert b'"Tell a reference the outcomes"' in second[1] and b'"Tell a reference the outcomes"' not in first[1]


def test_a_plugin_set_has_entries_of_its_own(file_plugin: Any) -> None:
    module = file_plugin("shout_plugin", "from afterview import hookimpl\n\n\n@hookimpl\n"
                         "def register_template_filters(app):\n    return {'shout': str.upper}\n")
    _data([str(DEFAULT)])
    _data([str(DEFAULT)], (module,))
    assert len(_entries()) == 2


def test_an_edit_to_a_plugin_packages_helper_module_makes_a_new_entry(tmp_path: Path) -> None:
    import importlib
    import sys

    package = tmp_path / "shout_package"
    package.mkdir()
    (package / "__init__.py").write_text("from afterview import hookimpl\nfrom shout_package import helper\n\n\n"
                                         "@hookimpl\ndef register_template_filters(app):\n    return helper.filters()\n")
    helper = package / "helper.py"
    helper.write_text("def filters():\n    return {'shout': str.upper}\n")
    sys.path.insert(0, str(tmp_path))
    try:
        module = importlib.import_module("shout_package")
        _data([str(DEFAULT)], (module,))
        _data([str(DEFAULT)], (module,))
        assert len(_entries()) == 1
        helper.write_text("def filters():\n    return {'shout': str.lower}\n")  # what the guide's texts go through
        _data([str(DEFAULT)], (module,))
        assert len(_entries()) == 2
    finally:
        sys.path.remove(str(tmp_path))
        for name in ("shout_package", "shout_package.helper"):
            sys.modules.pop(name, None)


def test_the_guides_sample_facts_pass_the_facts_schema() -> None:
    """guide.collect.sample_plan builds them without the schema check, as they are ours."""
    from afterview.guide.collect import SAMPLE_FACTS
    from afterview.rules.documents import Document
    from afterview.rules.locate import builtin_names
    from afterview.rules.schema import check

    industries = [name.removeprefix("industry-") for name in builtin_names() if name.startswith("industry-")]
    assert len(industries) == 7
    for overrides in [{}, *({"industry": word} for word in industries)]:
        data = {**SAMPLE_FACTS, **overrides}
        assert check(Document("facts", data), "facts") == []
    assert check(Document("facts", {**SAMPLE_FACTS, "industry": 7}), "facts") != []  # the check does look


@pytest.mark.parametrize("text", [
    "# Title\n\nSome *emphasis* and `code`, [a link](https://example.org/x_y).\n\n- item one\n  wrapped\n* two",
    "  \n\n  lead\x1cing\u2028separators\x85and\u00a0spaces  \n", "(((", "",
    "word " * 100, "a_b*c`d>e[f]g(h)i#j\n\n\n\nk\tl\r\nm",
    "seventeen-letters " * 70, "y" * 959 + "z " + "w " * 100, "v " * 59 + "u" * 2000 + " t", "s_" * 900,
])
def test_search_words_are_the_unwrapped_texts_first_words(text: str) -> None:
    import re

    from afterview.guide.build import SEARCH_WORDS, search_index
    from afterview.guide.model import Page, Site
    from afterview.text.markdown_text import unwrap

    site = Site()
    site.add(Page("p/index.html", "P", "page.html", search_text=text + " tail"))
    expected = " ".join(re.sub(r"[#*_`>\[\]()]", " ", unwrap(text + " tail")).split()[:SEARCH_WORDS])
    assert search_index(site) == f'window.AFTERVIEW_SEARCH = [{{"t":"P","u":"p/index.html","s":"Guide","x":"{expected}"}}];\n'.encode()


def _front_entries() -> list[Path]:
    folder = _cache.cache_dir()
    assert folder is not None
    return sorted(folder.glob("front-matter-*.json"))


def test_front_matter_read_back_gives_the_same_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from afterview.guide.content import ContentError, read_pages
    from afterview.guide.front_matter import check

    (tmp_path / "a.md").write_text("---\ntitle: About\norder: 3\nsection: Help\n---\n# Body\n")
    (tmp_path / "b.md").write_text("---\ntitle: 'Yes'\norder: 1\n---\nText\n")
    (tmp_path / "c.md").write_text("# No front matter\n")
    monkeypatch.setenv("AFTERVIEW_NO_CACHE", "1")
    uncached = read_pages(tmp_path)
    monkeypatch.delenv("AFTERVIEW_NO_CACHE")
    assert read_pages(tmp_path) == uncached
    [entry] = _front_entries()
    assert read_pages(tmp_path) == uncached
    assert [(p.title, p.order, p.section) for p in uncached] == [("About", 3, "Help"), ("Yes", 1, "Guide"),
                                                                  ("No front matter", 100, "Guide")]
    stored = json.loads(entry.read_text())
    about, yes = "title: About\norder: 3\nsection: Help", "title: 'Yes'\norder: 1"
    values = {about: {"title": "About", "order": 3, "section": "Help"},
              yes: {"title": "Yes", "order": 1}}
    assert stored == {text: [check(text, value), value] for text, value in values.items()}
    assert check(about, values[about]) != check(yes, values[about]) != check(about, values[yes])
    entry.write_text(json.dumps({**stored, about: [check(about, {"title": "Kept"}), {"title": "Kept"}]}))
    assert read_pages(tmp_path)[0].title == "Kept"  # a warm build reads the entry
    for damage in ["", "[1]", '{"title: About']:
        entry.write_text(damage)
        assert read_pages(tmp_path) == uncached
    (tmp_path / "d.md").write_text("---\ntitle: [unclosed\n---\n")
    for _ in range(2):  # a front matter that fails is parsed, and reported, every time
        with pytest.raises(ContentError, match="front matter"):
            read_pages(tmp_path)


def test_front_matter_of_every_plain_kind_is_kept_exactly() -> None:
    """Pages take only title, order and section, but the kept text may be any YAML: it is checked afterwards."""
    from afterview.guide.front_matter import FrontMatter

    text, value = "extra: [1, 2.5, null, true, {k: v}]", {"extra": [1, 2.5, None, True, {"k": "v"}]}
    first = FrontMatter()
    assert first.parse(text, "a.md") == value
    first.save()
    again = FrontMatter()
    assert again.known[text][1] == value
    assert again.parse(text, "a.md") == value and not again.added  # read back, not parsed


@pytest.mark.slow  # the full suite runs it; the fast subset stays under 30 s
def test_a_front_matter_value_that_is_not_its_texts_is_parsed_again(afterview_cli: Any,
                                                                    afterview_project: Any) -> None:
    afterview_project.write("content/about.md", "---\ntitle: About us\norder: 3\n---\n# About\n\nWho we are.\n")
    args = ("site", "build", "--content", "content", "-o")
    assert afterview_cli(*args, "first").code == 0
    [entry] = _front_entries()
    text = "title: About us\norder: 3"
    check, value = json.loads(entry.read_text())[text]
    assert value == {"title": "About us", "order": 3}
    entry.write_text(json.dumps({text: [check, {"title": "About us", "order": "3"}]}))  # damaged, or another's
    second = afterview_cli(*args, "second")
    assert (second.code, second.err) == (0, "")
    page = Path("second/about/index.html").read_text()
    assert "<h1" in page and "Who we are." in page and page == Path("first/about/index.html").read_text()


@pytest.mark.slow  # two whole guide builds; the planner data's cached-versus-uncached test stays in the fast subset
def test_cached_calendars_are_the_uncached_ones(afterview_cli: Any, afterview_project: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("site", "build", "--base-url", "https://example.org/guide/", "-o")
    monkeypatch.setenv("AFTERVIEW_NO_CACHE", "1")
    assert afterview_cli(*args, "uncached").code == 0
    monkeypatch.delenv("AFTERVIEW_NO_CACHE")
    for name in ("cold", "warm"):
        assert afterview_cli(*args, name).code == 0
    calendars = sorted(p.name for p in Path("uncached/calendars").glob("*.ics"))
    assert len(calendars) == 8 and "industry-tech.ics" in calendars
    for name in calendars:
        uncached = Path("uncached/calendars", name).read_bytes()
        assert b"BEGIN:VCALENDAR" in uncached and b"https://example.org/guide/" in uncached
        assert Path("cold/calendars", name).read_bytes() == Path("warm/calendars", name).read_bytes() == uncached
    folder = _cache.cache_dir()
    assert folder is not None
    [entry] = folder.glob("calendars-*.json")
    entry.write_text('{"default": "damaged"}')
    assert afterview_cli(*args, "damaged").code == 0
    assert Path("damaged/calendars/default.ics").read_bytes() == Path("uncached/calendars/default.ics").read_bytes()
