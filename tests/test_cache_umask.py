"""Under a umask that lets the group write (002, common on shared machines), every folder afterview makes in
the cache is still the user's alone, so the caches that hold code stay on."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from afterview import _cache

pytestmark = pytest.mark.cold_cache


@pytest.fixture
def umask_002() -> Iterator[None]:
    old = os.umask(0o002)
    try:
        yield
    finally:
        os.umask(old)


def modes(top: Path) -> dict[str, int]:
    return {str(p.relative_to(top)): p.stat().st_mode & 0o777 for p in [top, *sorted(top.rglob("*"))] if p.is_dir()}


def test_the_first_jinja_bytecode_cache_makes_every_level_the_users_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], umask_002: None) -> None:
    from afterview.guide.render import _OPTIONS
    from afterview.guide.template_cache import bytecode_cache

    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(tmp_path / "home" / ".cache" / "afterview"))
    assert bytecode_cache(_OPTIONS, {}) is not None
    found = modes(tmp_path / "home")
    assert set(found.values()) == {0o700} and len(found) == 4  # home, .cache, afterview, templates-<key>
    assert _cache.code_folder() == tmp_path / "home" / ".cache" / "afterview"
    assert capsys.readouterr().err == ""


def test_cache_writers_make_their_folders_the_users_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask_002: None) -> None:
    from afterview.guide import spare
    from afterview.guide.markdown_cache import MarkdownCache
    from afterview.guide.output_dir import mark

    for name in ("entry", "markdown", "spare"):
        folder = tmp_path / name / "cache" / "afterview"
        monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(folder))
        if name == "entry":
            _cache.write_bytes("x.code", b"code", code=True)
            assert (folder / "x.code").read_bytes() == b"code"
        elif name == "markdown":
            cache = MarkdownCache("k")
            cache.put(MarkdownCache.digest("a"), "<p>a</p>")
            cache.save()
            assert (folder / "markdown-k.marshal").is_file()
        else:
            old = tmp_path / "old-site"
            old.mkdir()
            mark(old)
            assert spare.keep(old, tmp_path / "public")
        made = [tmp_path / name, tmp_path / name / "cache", folder] + ([folder / "sites"] if name == "spare" else [])
        assert [p.stat().st_mode & 0o777 for p in made] == [0o700] * len(made), name
