"""What a cold start imports and reads: the plugin list and the compiled built-in rulesets come
from the user cache, and `--version` loads no plugin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from afterview import plugin_discovery, snapshot
from afterview.rules.conditions import OPERATORS

pytestmark = pytest.mark.cold_cache  # what the first and the second run read and import

PROBE = """
import io, json, sys
sys.stdout = io.StringIO()
from afterview.cli import main
code = main(sys.argv[1:])
sys.stdout = sys.__stdout__
heavy = ("importlib.metadata", "email", "uuid", "jinja2", "yaml", "jsonschema", "icalendar",
         "afterview.rules.compile", "afterview.rules.merge", "multiprocessing", "concurrent.futures",
         "afterview.plugins.ics_build", "afterview.journal.store")
print(json.dumps({"code": code, "imported": sorted(m for m in heavy if m in sys.modules)}))
"""
PLAN = ["plan", "--interview", "2026-11-17T14:00", "--timezone", "America/New_York", "--now", "2026-11-19T08:00"]


def probe(*args: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True,
                          env=os.environ)
    return dict(json.loads(done.stdout))


@pytest.mark.slow
def test_a_warm_plan_imports_no_metadata_scanner_or_heavy_library() -> None:
    first = probe(*PLAN, "--format", "json")
    assert first["code"] == 0
    assert "importlib.metadata" in first["imported"]  # the first run scans the installed distributions
    assert probe(*PLAN, "--format", "json") == {"code": 0, "imported": []}


@pytest.mark.slow
def test_a_warm_calendar_needs_no_icalendar_jinja_or_metadata(tmp_path: Path) -> None:
    out = tmp_path / "cal.ics"
    first = probe(*PLAN, "--format", "ics", "-o", str(out))["imported"]
    assert {"icalendar", "jinja2"} <= set(first)  # VTIMEZONEs and the drafts, made once
    calendar = out.read_bytes()
    assert probe(*PLAN, "--format", "ics", "-o", str(out)) == {"code": 0, "imported": ["afterview.plugins.ics_build", "uuid"]}
    assert out.read_bytes() == calendar  # the cached texts are the rendered ones


def test_version_is_answered_before_any_plugin_loads() -> None:
    code = "import sys; from afterview.cli import main; main(['--version']); print(sorted(m for m in sys.modules " \
           "if m.startswith(('pluggy', 'afterview.'))))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "afterview 0.1.0\n['afterview._version', 'afterview.cli']\n"


def test_the_distributions_key_follows_installs_and_removals(tmp_path: Path) -> None:
    folders = [str(tmp_path), str(tmp_path / "missing")]
    empty = plugin_discovery.distributions_key(folders)
    (tmp_path / "output.ics").write_text("not a distribution")
    assert plugin_discovery.distributions_key(folders) == empty  # outputs written on the path do not count
    (tmp_path / "afterview_csv-1.0.dist-info").mkdir()
    installed = plugin_discovery.distributions_key(folders)
    assert installed != empty
    (tmp_path / "afterview_csv-1.0.dist-info").rename(tmp_path / "afterview_csv-1.1.dist-info")
    assert plugin_discovery.distributions_key(folders) not in (empty, installed)  # upgraded
    (tmp_path / "afterview_csv-1.1.dist-info").rmdir()
    assert plugin_discovery.distributions_key(folders) == empty


def test_cached_entry_points_are_the_scanned_ones() -> None:
    assert plugin_discovery.entry_points() == plugin_discovery.scan()
    assert plugin_discovery.entry_points() == plugin_discovery.scan()  # the second from the cache


def test_the_snapshot_is_the_compiled_ruleset(default_ruleset: object) -> None:
    from afterview import load_ruleset

    calls = []

    def compile_ruleset() -> object:
        calls.append(1)
        return load_ruleset(["default", "country-de"], operators=OPERATORS)

    built = snapshot.load(["default", "country-de"], OPERATORS, OPERATORS, compile_ruleset)
    again = snapshot.load(["default", "country-de"], OPERATORS, OPERATORS, compile_ruleset)
    assert calls == [1]  # the second came from the snapshot
    assert again is not built
    assert [(r.id, r.timing, r.origin) for r in again.rules] == [(r.id, r.timing, r.origin) for r in built.rules]
    assert again.sources == built.sources and again.id == built.id
    custom = {**OPERATORS, "within_days": ("within days", lambda a, b: True)}
    snapshot.load(["default"], custom, OPERATORS, compile_ruleset)
    assert calls == [1, 1]  # a plugin's operators are never snapshotted


def test_snapshots_share_their_layers_by_digest_and_survive_a_damaged_layer_file() -> None:
    from afterview import _cache, load_ruleset

    calls: list[str] = []

    def compiler(refs: list[str]) -> Any:
        def compile_ruleset() -> Any:
            calls.append("+".join(refs))
            return load_ruleset(refs, operators=OPERATORS)

        return compile_ruleset

    refs = [["default", "industry-tech"], ["default", "country-de"]]
    built = [snapshot.load(r, OPERATORS, OPERATORS, compiler(r)) for r in refs]
    folder = _cache.cache_dir()
    assert folder is not None
    layer_files = sorted(folder.glob("snapshot-layer-*.pickle"))
    assert len(layer_files) == 3  # default, industry-tech, country-de
    snapshot._LAYERS.clear()
    tech, germany = (snapshot.load(r, OPERATORS, OPERATORS, compiler(r)) for r in refs)
    assert calls == ["default+industry-tech", "default+country-de"]  # the second pair came from the snapshots
    assert tech.layers[0] is germany.layers[0]  # the default layer, read once
    assert [layer.digest for layer in tech.layers] == [layer.digest for layer in built[0].layers]
    assert [(r.id, r.timing) for r in tech.rules] == [(r.id, r.timing) for r in built[0].rules]
    assert tech.layers[0].data == built[0].layers[0].data and tech.layers[0].marks == built[0].layers[0].marks
    for damaged in layer_files:
        damaged.write_bytes(damaged.read_bytes()[:100])
    snapshot._LAYERS.clear()
    again = snapshot.load(refs[0], OPERATORS, OPERATORS, compiler(refs[0]))
    assert calls[-1] == "default+industry-tech"  # compiled again, and the layer files rewritten
    assert [(r.id, r.timing) for r in again.rules] == [(r.id, r.timing) for r in built[0].rules]
    snapshot._LAYERS.clear()
    snapshot.load(refs[0], OPERATORS, OPERATORS, compiler(refs[0]))
    assert len(calls) == 3


def test_a_snapshot_holds_the_operator_functions_themselves_and_keep_false_writes_none() -> None:
    from afterview import _cache, load_ruleset

    calls: list[int] = []

    def compile_ruleset() -> Any:
        calls.append(1)
        return load_ruleset(["default", "country-us"], operators=OPERATORS)

    folder = _cache.cache_dir()
    assert folder is not None
    fresh = snapshot.load(["default", "country-us"], OPERATORS, OPERATORS, compile_ruleset, keep=False)
    assert sorted(folder.glob("snapshot-*.pickle")) == []
    snapshot.load(["default", "country-us"], OPERATORS, OPERATORS, compile_ruleset)
    again = snapshot.load(["default", "country-us"], OPERATORS, OPERATORS, compile_ruleset)
    assert calls == [1, 1]  # the third came from the snapshot the second wrote
    season, built = again.rule("year-end-slowdown").when, fresh.rule("year-end-slowdown").when
    assert (season.field, season.op, season.expected) == ("interview.month", "in", [11, 12])
    assert season.operator[1] is OPERATORS["in"][1] and season.operator == built.operator


def test_only_the_invoked_command_is_configured() -> None:
    from afterview import Afterview, get_plugin_manager
    from afterview.cli import build_parser

    app = Afterview(get_plugin_manager(load_entrypoints=False))
    parser = build_parser(app, only="plan")
    sub = next(a for a in parser._actions if a.dest == "command")
    assert list(sub.choices) == ["plan"]
    every = next(a for a in build_parser(app, only="")._actions if a.dest == "command")
    assert list(every.choices) == list(app.commands)


def test_the_system_zone_is_tzlocals_answer_cached_under_the_files_it_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    from tzlocal import get_localzone_name

    from afterview import _cache
    from afterview.cli import local_zone

    monkeypatch.delenv("TZ", raising=False)
    asked = []
    monkeypatch.setattr(local_zone, "_ask_tzlocal", lambda: asked.append(1) or get_localzone_name())
    first, second = local_zone.local_zone_name.__wrapped__(), local_zone.local_zone_name.__wrapped__()
    assert first == second == get_localzone_name()
    assert asked == [1]  # the second answer came from the cache
    assert _cache.read_json(f"localzone-{local_zone._key()}.json") == {"zone": first}
    key = local_zone._key()
    monkeypatch.setenv("TZ", "not a zone")
    assert local_zone._key() != key  # tzlocal reads TZ too


def test_a_zone_file_identity_follows_its_link_target(tmp_path: Path) -> None:
    from afterview.cli.local_zone import _identity

    (tmp_path / "a").write_text("one")
    (tmp_path / "b").write_text("one")
    link = tmp_path / "localtime"
    link.symlink_to(tmp_path / "a")
    before = _identity(str(link))
    link.unlink()
    link.symlink_to(tmp_path / "b")
    assert _identity(str(link)) != before
    assert _identity(str(tmp_path / "missing")) == "-"


def test_the_zone_table_is_read_from_the_tzdata_files_without_importlib_resources() -> None:
    from importlib.resources import files

    from afterview.facts import places

    assert places._tzdata_file("zone.tab") == files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    assert places.country_for("Europe/Paris") == "FR"
    assert places.zones_for("JP") == ["Asia/Tokyo"]


def test_the_overlay_search_path_is_read_once_for_many_facts_files(
        afterview_cli: Any, afterview_project: Any, acme_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from afterview.cli import application_flags
    from afterview.rules import overlays

    found: list[int] = []

    def counted(folders: Any) -> Any:
        found.append(1)
        return overlays.find_overlays(folders)

    monkeypatch.setattr(application_flags, "find_overlays", counted)
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        afterview_project.write(name, acme_text)
    result = afterview_cli("plan", "a.yaml", "b.yaml", "c.yaml", "--now", "2026-11-19T08:00-05:00", "--format", "json")
    assert result.code == 0, result.err
    assert len(json.loads(result.out)["plans"]) == 3
    assert found == [1]


@pytest.mark.parametrize("stored", [None, {"rules": []}, "default"])
def test_a_snapshot_that_unpickles_to_something_else_is_compiled_again(stored: Any) -> None:
    import pickle

    from afterview import _cache, load_ruleset

    calls: list[int] = []

    def compile_ruleset() -> Any:
        calls.append(1)
        return load_ruleset(["default"], operators=OPERATORS)

    first = snapshot.load(["default"], OPERATORS, OPERATORS, compile_ruleset)
    folder = _cache.cache_dir()
    assert folder is not None
    [whole] = [path for path in folder.glob("snapshot-*.pickle") if not path.name.startswith("snapshot-layer-")]
    whole.write_bytes(pickle.dumps(stored))
    again = snapshot.load(["default"], OPERATORS, OPERATORS, compile_ruleset)
    assert calls == [1, 1]
    assert [(r.id, r.timing) for r in again.rules] == [(r.id, r.timing) for r in first.rules]
    snapshot._LAYERS.clear()
