"""Entries that become code are never loaded from, or written to, a cache folder another user can write.

Each loader is given a planted entry that would show itself if used (a snapshot whose unpickling makes a
folder, template code that renders other words, plugin names that were never installed): in the user's own
folder it is used, which is the attack; in a folder open to others, or owned by someone else, it is not.
"""

from __future__ import annotations

import json
import marshal
import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from afterview import _cache, dataclass_code, plugin_discovery, snapshot
from afterview.rules.conditions import OPERATORS

pytestmark = pytest.mark.cold_cache  # they plant entries in cache folders of their own

UNSAFE = ["open", "group", "sticky", pytest.param("foreign", marks=pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="making another user's folder needs root"))]


def make_folder(tmp_path: Path, kind: str) -> Path:
    """A cache folder: the user's own (``own``), or one another user could write to or owns."""
    folder = tmp_path / f"cache-{kind}"
    folder.mkdir(mode=0o700)
    modes = {"own": 0o700, "open": 0o777, "group": 0o770, "sticky": 0o1777, "foreign": 0o755}
    os.chmod(folder, modes[kind])
    if kind == "foreign":
        os.chown(folder, 65534, 65534)  # nobody
    return folder


def use(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(folder))
    return folder


class Marker:
    """Unpickles by making a folder: what a planted snapshot could do with any code."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> Any:
        return os.mkdir, (str(self.path),)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_only_the_users_own_folder_is_trusted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own, group = make_folder(tmp_path, "own"), make_folder(tmp_path, "group")
    assert _cache.trusted(own) is True
    assert _cache.trusted(group) is False
    assert _cache.trusted(group) is False  # asked again: the same verdict, and no second warning
    err = capsys.readouterr().err
    assert err == (f"{group}: warning: the cache folder is writable by other users (mode 770), so no compiled "
                   "code is loaded from it or kept there (slower, not wrong)\n"
                   "  hint: remove the folder (afterview makes it again, as yours), or set AFTERVIEW_CACHE_DIR to a "
                   "folder of your own\n")
    later = tmp_path / "made-later"
    assert _cache.trusted(later) is False  # nothing there yet: no warning, and asked again once it is made
    later.mkdir(mode=0o700)
    assert _cache.trusted(later) is True
    assert capsys.readouterr().err == ""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_a_folder_owned_by_another_user_is_not_trusted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    foreign = make_folder(tmp_path, "foreign")
    assert _cache.trusted(foreign) is False
    assert capsys.readouterr().err.startswith(f"{foreign}: warning: the cache folder belongs to user id 65534,")


def plant_snapshot(folder: Path, marker: Path) -> list[Path]:
    """Every snapshot file the default ruleset's load reads, each replaced by a pickle that makes ``marker``."""
    from afterview import load_ruleset

    model = folder.parent / "model-cache"
    model.mkdir(mode=0o700)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("AFTERVIEW_CACHE_DIR", str(model))
        snapshot.load(["default"], OPERATORS, OPERATORS, lambda: load_ruleset(["default"], operators=OPERATORS))
    names = sorted(p.name for p in model.glob("snapshot-*.pickle"))
    assert len(names) == 2  # the ruleset and its one layer
    for name in names:
        (folder / name).write_bytes(pickle.dumps(Marker(marker)))
    return [folder / name for name in names]


@pytest.mark.parametrize("kind", UNSAFE)
def test_a_planted_snapshot_is_not_unpickled_from_a_folder_others_can_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    from afterview import load_ruleset

    folder = make_folder(tmp_path, kind)
    marker = tmp_path / "snapshot-ran"
    planted = plant_snapshot(folder, marker)
    before = files(folder)
    use(folder, monkeypatch)
    snapshot._LAYERS.clear()
    calls: list[int] = []

    def compile_ruleset() -> Any:
        calls.append(1)
        return load_ruleset(["default"], operators=OPERATORS)

    for _ in range(2):  # and the first did not write a snapshot the second could read
        ruleset = snapshot.load(["default"], OPERATORS, OPERATORS, compile_ruleset)
        assert ruleset.id == "default" and ruleset.rule("thank-you-note") is not None
    assert calls == [1, 1]
    assert not marker.exists()
    assert {name: data for name, data in files(folder).items() if name.startswith("snapshot-")} == \
        {p.name: before[p.name] for p in planted}


def test_the_same_planted_snapshot_would_run_from_the_users_own_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: what the check prevents."""
    from afterview import load_ruleset

    folder = make_folder(tmp_path, "own")
    marker = tmp_path / "snapshot-ran"
    plant_snapshot(folder, marker)
    use(folder, monkeypatch)
    snapshot._LAYERS.clear()
    snapshot.load(["default"], OPERATORS, OPERATORS, lambda: load_ruleset(["default"], operators=OPERATORS))
    assert marker.is_dir()


def planted_methods(folder: Path, marker: Path) -> Path:
    """The dataclass-methods file, holding for the text ``x = 1`` code that makes ``marker``."""
    code = compile(f"import os\nos.mkdir({str(marker)!r})\nx = 2", "<string>", "exec", dont_inherit=True)
    path = dataclass_code._path(folder)
    path.write_bytes(marshal.dumps({"x = 1": (1, "x = 1", marshal.dumps(code))}))
    return path


@pytest.mark.parametrize("kind", ["own", *UNSAFE])
def test_planted_dataclass_code_runs_only_from_the_users_own_folder(tmp_path: Path, kind: str) -> None:
    folder = make_folder(tmp_path, kind)
    marker = tmp_path / "methods-ran"
    path = planted_methods(folder, marker)
    before = path.read_bytes()
    compiled = dataclass_code._Compiled(folder)
    names: dict[str, Any] = {}
    compiled("x = 1", names)
    compiled("y = 3", names)  # a new text: saved after, if the folder is the user's own
    compiled.save()
    if kind == "own":
        assert marker.is_dir() and names["x"] == 2
        return
    assert not marker.exists() and (names["x"], names["y"]) == (1, 3)
    assert path.read_bytes() == before and files(folder) == {path.name: before}


def planted_template_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, bytes]:
    """(the name of the draft "Real words for {{ company }}."'s compiled-code entry, code that renders "PLANTED")."""
    from afterview.rules.validate import sample_facts
    from afterview.text.drafts import DraftRenderer

    facts = sample_facts()
    model = tmp_path / "model-cache"
    model.mkdir(mode=0o700)
    use(model, monkeypatch)
    DraftRenderer().render_text("Real words for {{ company }}.", facts)
    [real] = list(model.glob("jinja-*.code"))
    real.rename(tmp_path / "real.code")
    DraftRenderer().render_text("PLANTED{{ '' }}", facts)
    [fake] = list(model.glob("jinja-*.code"))
    return real.name, fake.read_bytes()


@pytest.mark.parametrize("kind", ["own", *UNSAFE])
def test_planted_template_code_renders_only_from_the_users_own_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    from afterview.rules.validate import sample_facts
    from afterview.text.drafts import DraftRenderer

    facts = sample_facts()
    name, fake = planted_template_code(tmp_path, monkeypatch)
    folder = make_folder(tmp_path, kind)
    (folder / name).write_bytes(fake)
    use(folder, monkeypatch)
    rendered = DraftRenderer().render_text("Real words for {{ company }}.", facts)
    if kind == "own":
        assert rendered == "PLANTED"
        return
    assert rendered == f"Real words for {facts.company}."
    assert files(folder) == {name: fake}  # nothing read, nothing written


@pytest.mark.parametrize("kind", ["own", *UNSAFE])
def test_planted_plugin_names_are_imported_only_from_the_users_own_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    folder = use(make_folder(tmp_path, kind), monkeypatch)
    planted = [["evil", "planted_module:plugin", "evil-dist", "6.6.6"]]
    path = folder / f"plugins-{plugin_discovery.distributions_key()}.json"
    path.write_text(json.dumps(planted), encoding="utf-8")
    found = plugin_discovery.entry_points()
    if kind == "own":
        assert found == [tuple(planted[0])]
        return
    assert found == plugin_discovery.scan()
    assert json.loads(path.read_text(encoding="utf-8")) == planted


@pytest.mark.parametrize("kind", ["own", *UNSAFE])
def test_planted_markdown_is_read_only_from_the_users_own_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    from afterview.guide.markdown_cache import MarkdownCache

    folder = use(make_folder(tmp_path, kind), monkeypatch)
    digest = MarkdownCache.digest("Some *text*")
    path = folder / "markdown-k.marshal"
    path.write_bytes(marshal.dumps({digest: "<script>planted()</script>"}))
    cache = MarkdownCache("k")
    if kind == "own":
        assert cache.get(digest) == "<script>planted()</script>"
        return
    assert cache.get(digest) is None
    cache.put(digest, "<p>Some <em>text</em></p>")
    cache.save()
    assert marshal.loads(path.read_bytes()) == {digest: "<script>planted()</script>"}


@pytest.mark.parametrize("kind", UNSAFE)
def test_jinja_keeps_no_bytecode_in_a_folder_others_can_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    from afterview.guide.render import _OPTIONS
    from afterview.guide.template_cache import bytecode_cache

    use(make_folder(tmp_path, kind), monkeypatch)
    assert bytecode_cache(_OPTIONS, {}) is None


def test_jinja_bytecode_needs_every_folder_down_to_be_the_users_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2 import FileSystemBytecodeCache

    from afterview.guide.render import _OPTIONS
    from afterview.guide.template_cache import bytecode_cache

    use(make_folder(tmp_path, "own"), monkeypatch)
    assert isinstance(bytecode_cache(_OPTIONS, {}), FileSystemBytecodeCache)
    (tmp_path / "again").mkdir()
    again = use(make_folder(tmp_path / "again", "own"), monkeypatch)
    [made] = [p.name for p in (tmp_path / "cache-own").iterdir() if p.name.startswith("templates-")]
    (again / made).mkdir(mode=0o700)
    os.chmod(again / made, 0o777)  # made while the cache folder was open to others, say
    assert bytecode_cache(_OPTIONS, {}) is None


def test_a_kept_site_is_not_taken_from_a_folder_others_can_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from afterview.guide import spare
    from afterview.guide.output_dir import mark

    target = tmp_path / "public"
    for kind in ("open", "own"):
        use(make_folder(tmp_path, kind), monkeypatch)
        kept = spare.place(target)
        assert kept is not None
        kept.mkdir(parents=True)
        mark(kept)
        (kept / "index.html").write_text("<script>planted()</script>", encoding="utf-8")
        staging = tmp_path / f"staging-{kind}"
        staging.mkdir()
        assert spare.take(target, staging) is (kind == "own")
        assert (staging / "index.html").exists() is (kind == "own")


def test_plan_json_from_a_folder_others_can_write_is_the_same_and_warns_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, afterview_cli: Any) -> None:
    plan = ["plan", "--interview", "2026-11-17T14:00", "--timezone", "America/New_York",
            "--now", "2026-11-19T08:00", "--format", "json"]
    use(make_folder(tmp_path, "own"), monkeypatch)
    expected = afterview_cli(*plan)
    assert expected.code == 0 and expected.err == ""
    folder = use(make_folder(tmp_path, "open"), monkeypatch)
    runs = [afterview_cli(*plan) for _ in range(2)]
    assert [(r.code, json.loads(r.out)) for r in runs] == [(0, json.loads(expected.out))] * 2
    assert runs[0].err == (f"{folder}: warning: the cache folder is writable by other users (mode 777), so no "
                           "compiled code is loaded from it or kept there (slower, not wrong)\n"
                           "  hint: remove the folder (afterview makes it again, as yours), or set "
                           "AFTERVIEW_CACHE_DIR to a folder of your own\n")
    assert runs[1].err == ""  # once per process
    assert not [p.name for p in folder.iterdir() if p.name.endswith((".pickle", ".code"))
                or p.name.startswith("plugins-")]
    assert any(p.name.startswith("holidays-") for p in folder.iterdir())  # plain data is still cached


def test_a_cache_folder_made_by_the_first_run_keeps_its_snapshot(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from afterview import load_ruleset

    folder = use(tmp_path / "not-yet" / "afterview", monkeypatch)
    calls: list[int] = []

    def compile_ruleset() -> Any:
        calls.append(1)
        return load_ruleset(["default"], operators=OPERATORS)

    snapshot._LAYERS.clear()
    for _ in range(2):
        snapshot.load(["default"], OPERATORS, OPERATORS, compile_ruleset)
    assert calls == [1]  # the second from the snapshot the first wrote into the folder it made
    assert os.stat(folder).st_mode & 0o777 == 0o700 and len(list(folder.glob("snapshot-*.pickle"))) == 2
    assert capsys.readouterr().err == ""
