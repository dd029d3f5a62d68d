"""The on-disk cache: rulesets and holiday tables only (never facts), bounded, where platformdirs says."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from afterview import _cache

pytestmark = pytest.mark.cold_cache  # these tests read and write the cache folder itself


def test_facts_are_never_cached(afterview_cli: Any, acme: Path) -> None:
    assert afterview_cli("plan", str(acme), "--now", "2026-11-19T08:00").code == 0
    folder = _cache.cache_dir()
    assert folder is not None
    names = {p.name.split("-")[0] for p in folder.glob("*.json")}
    assert {"holidays", "facts"} <= names
    assert "ruleset" not in names  # the built-in rulesets ship validated (rules/prebuilt.py)
    marks = list(folder.glob("facts-*.json"))
    assert [p.read_text() for p in marks] == ["true"]  # only that these bytes passed the schema
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        assert "jane@acme.example" not in text and "Sam Taylor" not in text


def test_a_calendar_keeps_its_rendered_texts_beside_it_not_in_the_cache(afterview_cli: Any, acme: Path) -> None:
    out = acme.parent / "cal.ics"
    for _ in range(2):  # the second run reads the texts back
        assert afterview_cli("plan", str(acme), "--now", "2026-11-19T08:00", "--format", "ics", "-o", str(out)).code == 0
    assert "Jane" in (acme.parent / "cal.ics.texts.json").read_text(encoding="utf-8")
    folder = _cache.cache_dir()
    assert folder is not None
    for path in folder.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            assert "Jane" not in text and "Acme" not in text, path.name


def test_the_cache_keeps_the_newest_entries_within_its_limit(tmp_path: Path) -> None:
    for i in range(10):
        path = tmp_path / f"ruleset-{i}.json"
        path.write_bytes(b"x" * 1000)
        os.utime(path, ns=(i * 10**9, i * 10**9))
    _cache.evict(tmp_path, limit=3500)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ruleset-7.json", "ruleset-8.json", "ruleset-9.json"]


def test_writing_evicts_beyond_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(_cache, "MAX_CACHE_BYTES", 2500)
    old = tmp_path / "ruleset-old.json"
    old.write_bytes(b"x" * 2000)
    os.utime(old, ns=(0, 0))
    _cache.write_json("ruleset-new.json", {"data": "y" * 1000})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ruleset-new.json"]


def test_the_folder_is_measured_again_only_when_this_process_may_have_passed_the_bound(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(_cache, "MAX_CACHE_BYTES", 2500)
    _cache.write_bytes("ruleset-a.json", b"a" * 1000)  # measured: 1,500 bytes of room left
    other = tmp_path / "ruleset-other.json"  # another process's entry, written since
    other.write_bytes(b"o" * 2000)
    os.utime(other, ns=(0, 0))
    _cache.write_bytes("ruleset-b.json", b"b" * 1000)  # within the room this process knows of: not measured
    assert other.exists()
    _cache.write_bytes("ruleset-c.json", b"c" * 600)  # past it: measured, and the oldest entries go
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ruleset-b.json", "ruleset-c.json"]


def test_the_location_comes_from_platformdirs_unless_moved_or_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_cache_dir

    monkeypatch.delenv("AFTERVIEW_CACHE_DIR")
    assert _cache.cache_dir() == Path(user_cache_dir("afterview", appauthor=False))
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", "/tmp/elsewhere")
    assert _cache.cache_dir() == Path("/tmp/elsewhere")
    monkeypatch.setenv("AFTERVIEW_NO_CACHE", "1")
    assert _cache.cache_dir() is None
    assert _cache.read_json("anything.json") is None


def test_a_cache_file_of_the_wrong_shape_is_ignored(afterview_cli: Any, acme: Path) -> None:
    args = ("plan", str(acme), "--now", "2026-11-19T08:00", "--format", "json")
    first = afterview_cli(*args)
    folder = _cache.cache_dir()
    assert folder is not None
    for path in folder.glob("*.json"):
        path.write_text('{"data": {"id": "x"}, "countries": 1}', encoding="utf-8")
    again = afterview_cli(*args)
    assert (again.code, again.out, again.err) == (0, first.out, "")
