"""What a cold start reuses instead of redoing: dataclasses' compiled methods, and digests without OpenSSL."""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from afterview import dataclass_code, digest

pytestmark = pytest.mark.cold_cache  # they look into the cache folder

CLASSES = '''
from dataclasses import dataclass, field

@dataclass(frozen=True)
class Point:
    x: int
    y: "int" = 0
    tags: list[str] = field(default_factory=list, repr=False)

@dataclass(order=True)
class Version:
    major: int
    minor: int = 0
'''
SOURCE = compile(CLASSES, "<classes>", "exec", dont_inherit=True)  # real annotations, not this file's strings
METHODS = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__", "__ge__")


def made(counting: list[str] | None = None) -> dict[str, Any]:
    """The classes of CLASSES, made the ordinary way (``counting`` None) or inside the cache's block."""
    module = types.ModuleType("made_here")  # dataclasses looks string annotations up in the class's module
    sys.modules["made_here"] = module
    try:
        if counting is None:
            exec(SOURCE, vars(module))
        else:
            with dataclass_code.cached_dataclass_code():
                assert "exec" in vars(dataclasses)
                exec(SOURCE, vars(module))
    finally:
        del sys.modules["made_here"]
    return vars(module)


def code_of(function: Any) -> tuple[Any, ...]:
    code = function.__code__
    return (code.co_code, code.co_consts, code.co_names, code.co_varnames, code.co_filename, code.co_flags,
            repr(function.__annotations__), function.__defaults__, function.__kwdefaults__)


def test_the_cached_methods_are_the_ones_dataclass_compiles(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []

    def counting(source: str, *args: Any, **kwargs: Any) -> Any:
        compiled.append(source)
        return compile(source, *args, **kwargs)

    monkeypatch.setattr(dataclass_code, "compile", counting, raising=False)
    plain = made()
    first = made(compiled)
    assert len(compiled) >= 10  # two classes' methods, compiled and saved
    compiled.clear()
    second = made(compiled)
    assert compiled == []  # every method came from the cache file
    assert "exec" not in vars(dataclasses)  # the module is left as it was
    for name in ("Point", "Version"):
        for method in METHODS:
            if vars(plain[name]).get(method) is None:  # not made, or None (an unhashable class's __hash__)
                assert vars(first[name]).get(method) is vars(second[name]).get(method) is vars(plain[name]).get(method)
                continue
            expected = code_of(vars(plain[name])[method])
            assert code_of(vars(first[name])[method]) == expected
            assert code_of(vars(second[name])[method]) == expected
    point = second["Point"](1, tags=["a"])
    assert repr(point) == "Point(x=1, y=0)" and point == second["Point"](1, 0, ["a"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    assert second["Version"](1, 2) < second["Version"](2)
    assert second["Point"].__init__.__annotations__ == {"x": int, "y": "int", "tags": list[str], "return": None}


def test_a_damaged_cache_file_is_compiled_again_and_rewritten(tmp_path: Path) -> None:
    folder = dataclass_code._cache.cache_dir()
    assert folder is not None
    folder.mkdir(parents=True, exist_ok=True)
    path = dataclass_code._path(folder)
    path.write_bytes(b"\x00not marshal")
    assert repr(made([])["Point"](3)) == "Point(x=3, y=0)"
    texts = dataclass_code._read(path)
    assert texts != {}
    path.write_bytes(marshal.dumps(dict.fromkeys(texts, b"\x00junk")))  # entries that do not unmarshal
    assert repr(made([])["Point"](4)) == "Point(x=4, y=0)"
    again = dataclass_code._Compiled(path.parent)
    assert again.stored.keys() == texts.keys()
    assert all(again._stored(text) is not None for text in texts)  # compiled again and saved


def test_the_block_leaves_dataclasses_alone_when_it_fails_or_the_cache_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(RuntimeError), dataclass_code.cached_dataclass_code():
        raise RuntimeError
    assert "exec" not in vars(dataclasses)
    monkeypatch.setenv("AFTERVIEW_NO_CACHE", "1")
    with dataclass_code.cached_dataclass_code():
        assert "exec" not in vars(dataclasses)


def test_digests_are_hashlibs_without_loading_openssl() -> None:
    data = b"afterview " * 1000
    assert digest.sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    assert digest.blake2b(data).hexdigest() == hashlib.blake2b(data).hexdigest()
    done = subprocess.run([sys.executable, "-c", "import sys, afterview.digest; print('_hashlib' in sys.modules)"],
                          capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"


def test_hook_implementations_are_found_in_modules_as_pluggy_finds_them() -> None:
    import pluggy

    from afterview import hookimpl, manager

    class Holder:
        def method(self) -> None: ...

    odd = types.ModuleType("odd_plugin")
    odd.plain = hookimpl(lambda app: None)  # type: ignore[attr-defined]
    odd.bound = Holder().method  # type: ignore[attr-defined]
    odd.static = staticmethod(hookimpl(lambda: None))  # type: ignore[attr-defined]
    odd.unmarked = lambda: None  # type: ignore[attr-defined]
    odd.junk = types.SimpleNamespace(afterview_impl="not a dict")  # type: ignore[attr-defined]
    fast, slow = manager._PluginManager("afterview"), pluggy.PluginManager("afterview")
    modules = [odd, *(__import__(name, fromlist=["_"]) for name in manager.DEFAULT_PLUGINS)]
    found = 0
    for module in modules:
        for name in dir(module):
            assert fast.parse_hookimpl_opts(module, name) == slow.parse_hookimpl_opts(module, name), (module, name)
            found += slow.parse_hookimpl_opts(module, name) is not None
    assert found > len(manager.DEFAULT_PLUGINS)  # each built-in implements at least one hook


def test_the_builtin_overlays_come_from_one_cache_entry_equal_to_each_files_own() -> None:
    from afterview.rules import overlays
    from afterview.rules.locate import builtin_dir

    folder = dataclass_code._cache.cache_dir()
    assert folder is not None
    files = sorted((p.name[:-5], p) for p in builtin_dir().iterdir()
                   if p.name.endswith(".yaml") and not p.name.endswith(".test.yaml"))
    one_by_one = [o for ref, path in files if (o := overlays._read(ref, path, "built-in")) is not None]
    first = overlays.find_overlays([("built-in", None)])
    [entry] = folder.glob("applies-builtin-*.json")
    assert overlays.find_overlays([("built-in", None)]) == first == one_by_one
    assert {o.ref for o in first} >= {"country-de", "industry-tech"}
    entry.write_text('{"default": "junk"}')
    assert overlays.find_overlays([("built-in", None)]) == one_by_one  # a damaged entry is rebuilt
    assert entry.read_text() != '{"default": "junk"}'


def test_a_snapshot_leaves_the_calendar_memo_behind() -> None:
    from afterview import load_ruleset, snapshot
    from afterview.rules.conditions import OPERATORS

    built = snapshot.load(["default", "country-us"], OPERATORS, OPERATORS,
                          lambda: load_ruleset(["default", "country-us"], operators=OPERATORS))
    assert built.calendars  # compiling planned the sample interviews
    again = snapshot.load(["default", "country-us"], OPERATORS, OPERATORS, lambda: pytest.fail("not from the snapshot"))
    assert again.calendars == {} and again.compiled is None
    folder = dataclass_code._cache.cache_dir()
    assert folder is not None
    pickled = b"".join(path.read_bytes() for path in folder.glob("snapshot-*.pickle"))  # the ruleset and its layers
    assert b"Ruleset" in pickled and b"invariants" not in pickled and b"BusinessCalendar" not in pickled


def test_an_unpickled_layer_unpacks_its_data_on_first_use(default_ruleset: Any) -> None:
    import pickle

    layer = default_ruleset.layers[0]
    copy = pickle.loads(pickle.dumps(layer))
    assert "data" not in vars(copy) and copy.id == layer.id and copy.path == layer.path
    again = pickle.loads(pickle.dumps(copy))  # still packed: passed on as it is
    assert copy == layer and again == layer  # equality reads data, marks and key_marks
    assert copy.data == layer.data and copy.location(("rules", 0, "id")) == layer.location(("rules", 0, "id"))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        copy.nothing  # noqa: B018


def test_a_first_plan_saves_its_dataclass_code_and_a_warm_one_loads_no_openssl_shutil_or_compiler() -> None:
    probe = ("import io, sys; before = set(sys.modules); sys.stdout = io.StringIO(); from afterview.cli import main; "
             "main(sys.argv[1:]); sys.stdout = sys.__stdout__; print(sorted(m for m in ('_hashlib', 'shutil', "
             "'afterview.rules.invariants', 'afterview.rules.compile') if m in set(sys.modules) - before))")
    # (before: a development venv's .pth files import shutil at every start, bare Python's included)
    plan = ["plan", "--interview", "2026-11-17T14:00", "--timezone", "America/New_York", "--now", "2026-11-19T08:00",
            "--format", "json"]
    runs = [subprocess.run([sys.executable, "-c", probe, *plan], capture_output=True, text=True, check=True).stdout
            for _ in range(2)]  # new processes: the classes are made anew
    assert "afterview.rules.compile" in runs[0]  # the first run compiles the rulesets
    assert runs[1] == "[]\n"
    folder = dataclass_code._cache.cache_dir()
    assert folder is not None
    texts = dataclass_code._read(dataclass_code._path(folder))
    from afterview import Rule

    signature = [f"{f.name}:_type_{f.name}" for f in dataclasses.fields(Rule)]
    assert any(" def __init__(self," in text and all(p in text for p in signature) for text in texts)
