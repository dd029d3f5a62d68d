"""A guide build holds the cache entries it makes while preparing, and writes them once its workers fork."""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from afterview import _cache, hookimpl, snapshot
from afterview.rules.conditions import OPERATORS
from afterview.rules.load import load_ruleset

pytestmark = pytest.mark.cold_cache  # these tests count the entries in the cache folder


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(tmp_path / "cache"))
    snapshot._LAYERS.clear()
    return tmp_path / "cache"


def _snapshots(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("snapshot-*.pickle") if not p.name.startswith("snapshot-layer-"))


def test_held_entries_are_read_back_and_written_when_asked(folder: Path) -> None:
    calls: list[int] = []

    def compile_ruleset() -> Any:
        calls.append(1)
        return load_ruleset(["default"], operators=OPERATORS)

    _cache.defer_writes()
    try:
        first = snapshot.load(["default"], OPERATORS, OPERATORS, compile_ruleset)
        snapshot._LAYERS.clear()
        second = snapshot.load(["default"], OPERATORS, OPERATORS, compile_ruleset)  # from the held bytes
        assert calls == [1] and second is not first and second.title == first.title
        _cache.write_json("front-matter-test.json", {"a": 1})
        assert _cache.read_json("front-matter-test.json") == {"a": 1}
        assert not folder.exists() or sorted(os.listdir(folder)) == []
        _cache.write_deferred()
    finally:
        _cache.write_deferred(drop=True)
    assert len(_snapshots(folder)) == 1 and (folder / "front-matter-test.json").read_text() == '{"a":1}'
    _cache.defer_writes()
    _cache.write_json("dropped.json", [1])
    _cache.write_deferred(drop=True)
    _cache.write_json("after.json", [2])  # held no more
    assert not (folder / "dropped.json").exists() and _cache.read_json("after.json") == [2]


def _noting_plugin() -> ModuleType:
    """Changes every plan's ruleset in place, as ``prepare_plan`` may: no snapshot may keep the change."""
    plugin = ModuleType("afterview_notes_plugin")

    def prepare_plan(plan: Any) -> None:
        plan.ruleset.notes = (plan.ruleset.notes or "") + " CHANGED BY A PLUGIN"

    plugin.prepare_plan = hookimpl(prepare_plan)  # type: ignore[attr-defined]
    return plugin


@pytest.mark.slow  # the full suite runs it; the fast subset stays under 30 s
def test_a_first_guide_build_leaves_snapshots_as_compiled_and_holds_nothing_after(
        folder: Path, afterview_cli: Any, tmp_path: Path) -> None:
    assert afterview_cli("site", "build", "-o", str(tmp_path / "public"), plugins=[_noting_plugin()]).code == 0
    assert len(_snapshots(folder)) == 14  # the default and its 13 overlays
    assert _cache._LATER.pending is None
    snapshot._LAYERS.clear()
    kept = snapshot.load(["default"], OPERATORS, OPERATORS, lambda: pytest.fail("not from the snapshot"))
    assert "CHANGED BY A PLUGIN" not in (kept.notes or "")


@pytest.mark.slow
def test_a_build_that_fails_keeps_what_it_made_and_holds_nothing_after(
        folder: Path, afterview_cli: Any, tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "bad.md").write_text("---\ntitle: [unclosed\n---\nText\n", encoding="utf-8")
    failed = afterview_cli("site", "build", "--content", str(content), "-o", str(tmp_path / "public"))
    assert failed.code == 1 and failed.err.startswith(f"{content / 'bad.md'}:")
    assert _cache._LATER.pending is None and not (tmp_path / "public").exists()
    assert len(_snapshots(folder)) == 14  # a retry after fixing the page compiles nothing again
