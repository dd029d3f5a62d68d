"""``site build --content``: the folder's pages join the built-in ones, and their front matter is checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def _titles(site: Path) -> dict[str, str]:
    import re

    found = {}
    for page in ("about", "adapt-the-advice", "notes"):
        path = site / page / "index.html"
        if path.exists():
            found[page] = re.findall(r"<h1>(.*?)</h1>", path.read_text(encoding="utf-8"))[0]
    return found


@pytest.mark.slow
def test_content_adds_pages_and_one_named_like_a_built_in_page_replaces_it(afterview_cli: Any,
                                                                          afterview_project: Any) -> None:
    afterview_project.write("content/notes.md", "---\ntitle: Field notes\norder: 2\n---\n# Field notes\n")
    assert afterview_cli("site", "build", "-o", "public", "--content", "content").code == 0
    assert _titles(Path("public")) == {"about": "About this guide", "adapt-the-advice": "Adapt the advice for your field",
                                       "notes": "Field notes"}
    afterview_project.write("content/about.md", "---\ntitle: About our office\n---\n# About our office\n")
    assert afterview_cli("site", "build", "-o", "public", "--content", "content").code == 0
    assert _titles(Path("public")) == {"about": "About our office", "adapt-the-advice": "Adapt the advice for your field",
                                       "notes": "Field notes"}
    assert "About this guide" not in Path("public/index.html").read_text(encoding="utf-8")


def test_the_help_says_what_content_does(afterview_cli: Any) -> None:
    result = afterview_cli("site", "build", "--help")
    assert " ".join(result.out.split()).count(
        "--content DIR a folder of your own Markdown pages, added to the built-in ones; a page with a built-in "
        "page's name (about.md) replaces it") == 1


@pytest.mark.parametrize(("front", "error"), [
    ("titel: Notes\n", "content/notes.md:2:1: unknown front-matter key 'titel' (did you mean 'title'?)"),
    ("title: Notes\n  # indented comment\nordr: 3\n", "content/notes.md:4:1: unknown front-matter key 'ordr' "
                                                     "(did you mean 'order'?)"),
    ("{title: Notes, layout: wide}\n", "content/notes.md:2:16: unknown front-matter key 'layout'"),
    ("title: Notes\norder: first\n", "content/notes.md:3:8: front matter: order must be a whole number, not 'first'"),
])
def test_a_front_matter_key_pages_do_not_take_is_a_located_error(afterview_cli: Any, afterview_project: Any,
                                                                 front: str, error: str) -> None:
    afterview_project.write("content/notes.md", f"---\n{front}---\n# Notes\n")
    result = afterview_cli("site", "build", "-o", "public", "--content", "content")
    hint = [] if "order:" in front else ["  hint: front matter takes title, order and section"]
    assert (result.code, result.err.splitlines()) == (1, [error, *hint])
    assert not Path("public").exists()
