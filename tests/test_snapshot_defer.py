"""A guide build keeps its compiled rulesets' snapshots once its workers are forked, and only then."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from afterview import snapshot
from afterview.rules.conditions import OPERATORS
from afterview.rules.load import load_ruleset

pytestmark = pytest.mark.cold_cache  # these tests count the snapshots in the cache folder


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(tmp_path / "cache"))
    snapshot._LAYERS.clear()
    return tmp_path / "cache"


def _load(refs: list[str], calls: list[list[str]]) -> Any:
    def compile_ruleset() -> Any:
        calls.append(refs)
        return load_ruleset(refs, operators=OPERATORS)

    return snapshot.load(refs, OPERATORS, OPERATORS, compile_ruleset)


def _snapshots(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("snapshot-*.pickle") if not p.name.startswith("snapshot-layer-"))


def test_deferred_snapshots_are_kept_when_asked_and_the_ruleset_is_compiled_once(folder: Path) -> None:
    calls: list[list[str]] = []
    snapshot.defer()
    try:
        first = _load(["default"], calls)
        assert _load(["default"], calls) is first  # the build's second look-up: compiled once, not kept yet
        _load(["default", "industry-tech"], calls)
        assert _snapshots(folder) == []
        snapshot.keep_deferred()
    finally:
        snapshot.keep_deferred(drop=True)
    assert len(_snapshots(folder)) == 2
    snapshot._LAYERS.clear()
    again = _load(["default"], calls)
    assert calls == [["default"], ["default", "industry-tech"]]  # read back from the snapshot
    assert [r.id for r in again.rules] == [r.id for r in first.rules]


def test_a_build_that_fails_keeps_none_and_defers_no_more(folder: Path) -> None:
    calls: list[list[str]] = []
    snapshot.defer()
    _load(["default"], calls)
    snapshot.keep_deferred(drop=True)
    assert _snapshots(folder) == []
    _load(["default", "country-de"], calls)  # after the build: kept at once, as always
    assert len(_snapshots(folder)) == 1


@pytest.mark.slow  # the full suite runs it; the fast subset stays under 30 s
def test_a_first_guide_build_leaves_the_snapshots_a_plan_then_reads(
        folder: Path, afterview_cli: Any, tmp_path: Path) -> None:
    assert afterview_cli("site", "build", "-o", str(tmp_path / "public")).code == 0
    assert len(_snapshots(folder)) == 14  # the default and its 13 overlays
    assert snapshot._LATER.pending is None


def test_cache_entries_written_while_deferred_are_written_when_asked(folder: Path) -> None:
    from afterview import _cache

    _cache.defer_writes()
    try:
        _cache.write_json("front-matter-test.json", {"a": 1})
        assert not (folder / "front-matter-test.json").exists()
        _cache.write_deferred()
    finally:
        _cache.write_deferred(drop=True)
    assert _cache.read_json("front-matter-test.json") == {"a": 1}
    _cache.defer_writes()
    _cache.write_json("dropped.json", [1])
    _cache.write_deferred(drop=True)
    _cache.write_json("after.json", [2])  # held no more
    assert not (folder / "dropped.json").exists() and _cache.read_json("after.json") == [2]
