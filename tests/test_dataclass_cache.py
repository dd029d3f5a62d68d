"""The cache of dataclasses' compiled methods under stress: threads, a damaged file, texts that go out of use."""

from __future__ import annotations

import dataclasses
import gc
import marshal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from afterview import dataclass_code
from afterview.cli import main

pytestmark = pytest.mark.cold_cache  # they look into the cache folder

PLAN = ["plan", "--interview", "2026-11-17T14:00", "--timezone", "America/New_York", "--now", "2026-11-19T08:00",
        "--format", "json"]
THREADS = 8


def cache_file() -> Path:
    folder = dataclass_code._cache.cache_dir()
    assert folder is not None
    return dataclass_code._path(folder)


def in_threads(work: Any) -> list[BaseException]:
    """Run ``work(i)`` in THREADS threads released at once; the exceptions they raised."""
    barrier, errors = threading.Barrier(THREADS), []

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:  # any, reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_threads_in_the_block_at_once_share_one_exec_removed_by_the_last() -> None:
    inside, seen = threading.Barrier(THREADS), []

    def block(i: int) -> None:
        with dataclass_code.cached_dataclass_code():
            seen.append(vars(dataclasses)["exec"])
            made = dataclasses.make_dataclass(f"Made{i}", [("value", int)])
            assert repr(made(i)) == f"Made{i}(value={i})"
            inside.wait()  # every thread is in the block before any leaves

    for _ in range(5):
        seen.clear()
        assert in_threads(block) == []
        assert len(seen) == THREADS and len({id(e) for e in seen}) == 1
        assert "exec" not in vars(dataclasses)
    assert any(" def __init__(self,value:_type_value)" in text for text in dataclass_code._read(cache_file()))


@pytest.mark.slow  # the full suite runs it; the fast subset stays under 30 s
def test_the_cli_called_from_threads_at_once_plans_in_each(tmp_path: Path) -> None:
    codes: list[int] = []
    thresholds = gc.get_threshold()
    for _ in range(3):
        assert in_threads(lambda i: codes.append(main([*PLAN, "-o", str(tmp_path / f"{i}.json")]))) == []
        assert "exec" not in vars(dataclasses)
        assert gc.get_threshold() == thresholds  # the collector as it was before the first run
    assert codes == [0] * 3 * THREADS
    outputs = {path.read_bytes() for path in tmp_path.glob("*.json")}
    assert len(outputs) == 1 and b'"thank-you-note"' in outputs.pop()


def run_plan() -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "afterview", *PLAN], capture_output=True, text=True, check=False)


COUNTING = """
import io, sys
from afterview import dataclass_code
compiled = []
dataclass_code.compile = lambda *args, **kwargs: compiled.append(1) or compile(*args, **kwargs)
sys.stdout = io.StringIO()
from afterview.cli import main
code = main(sys.argv[1:])
sys.stdout = sys.__stdout__
print(code, len(compiled))
"""


def counted_plan() -> str:
    """The plan's exit code and how many method texts it compiled."""
    return subprocess.run([sys.executable, "-c", COUNTING, *PLAN], capture_output=True, text=True, check=True).stdout


def test_entries_holding_another_texts_code_are_compiled_again_and_the_file_heals() -> None:
    code, compiled = counted_plan().split()
    assert code == "0" and int(compiled) > 100  # a cold run compiles every text and saves it
    path = cache_file()
    stored = marshal.loads(path.read_bytes())
    texts, values = list(stored), list(stored.values())
    path.write_bytes(marshal.dumps(dict(zip(texts, values[1:] + values[:1], strict=True))))  # each another's code
    rotated = run_plan()
    assert (rotated.returncode, rotated.stderr) == (0, "")
    assert counted_plan() == "0 0\n"  # the entries the plan uses hold their own text's code again
    assert run_plan().stdout == rotated.stdout


ANOTHER = marshal.dumps(compile("def __create_fn__():\n def f(): pass\n return f", "<string>", "exec"))
JUNK = [lambda text: b"\x00junk", lambda text: (1, b"\x00junk"), lambda text: None, lambda text: ("1", "x", b"x", 4),
        lambda text: (1, "another text", ANOTHER), lambda text: (1, text, b"\x00junk"),
        lambda text: (1, text, marshal.dumps(12)), lambda text: (1, text, ANOTHER[:-3])]


@pytest.mark.parametrize("junk", JUNK)
def test_entries_of_any_other_shape_are_compiled_again(junk: Any) -> None:
    with dataclass_code.cached_dataclass_code():
        dataclasses.make_dataclass("Shape", [("value", int)])
    path = cache_file()
    texts = list(dataclass_code._read(path))
    path.write_bytes(marshal.dumps({text: junk(text) for text in texts}))
    with dataclass_code.cached_dataclass_code():
        made = dataclasses.make_dataclass("Shape", [("value", int)])
    assert repr(made(3)) == "Shape(value=3)" and made(3) == made(3)
    healed = dataclass_code._Compiled(path.parent)
    assert all(healed._stored(text) == compile(text, "<string>", "exec", dont_inherit=True) for text in texts)


def texts_of(field: str) -> set[str]:
    return {text for text in dataclass_code._read(cache_file()) if field in text}


def make_in_block(field: str) -> None:
    with dataclass_code.cached_dataclass_code():
        dataclasses.make_dataclass(f"Has_{field}", [(field, int)])


def test_the_file_keeps_the_texts_of_recent_runs_and_drops_the_others() -> None:
    keep = getattr(dataclass_code, "KEEP_SAVES", 8)
    for run in range(keep + 2):
        make_in_block(f"field{run:02d}")
        assert len(texts_of(f"field{run:02d}")) == 3  # __init__, __repr__, __eq__
    make_in_block(f"field{keep + 1:02d}")  # nothing new: the file is left as it is
    assert texts_of("field00") == texts_of("field01") == set()  # unused in the last `keep` saves
    assert {len(texts_of(f"field{run:02d}")) for run in range(2, keep + 2)} == {3}
    assert len(dataclass_code._read(cache_file())) == 3 * keep


def test_a_full_file_still_takes_new_texts_and_keeps_the_newest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataclass_code, "MAX_ENTRIES", 10)
    for run in range(6):
        make_in_block(f"field{run:02d}")
        assert len(texts_of(f"field{run:02d}")) == 3
    assert len(dataclass_code._read(cache_file())) == 10
    assert len(texts_of("field04")) == 3 and len(texts_of("field03")) == 3 and texts_of("field01") == set()
