"""Edges of the cold-start work: a plugin command's own help formatter, a cache write that fails, and the
bench's user install (its own venv per checkout, a lock while installing, no stand-in program)."""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from afterview import Command, _cache, hookimpl

BENCH = Path(__file__).resolve().parents[1] / "bench"
DESCRIPTION = "Lines kept as written:\n  first, indented\n  second, indented\n\nA last paragraph."


class RawHelp:
    """A third-party command whose help is laid out by hand."""

    @hookimpl
    def register_commands(self, app: Any) -> list[Command]:
        def configure(parser: argparse.ArgumentParser) -> None:
            parser.formatter_class = argparse.RawDescriptionHelpFormatter
            parser.description = DESCRIPTION
            parser.add_argument("--level", type=int, default=1, help="how much")

        return [Command("laid-out", "a hand-made help", configure, lambda app, args: 0)]


def test_a_commands_own_help_formatter_is_kept(afterview_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    done = afterview_cli("laid-out", "--help", plugins=[RawHelp()])
    assert done.code == 0
    assert f"\n\n{DESCRIPTION}\n\n" in done.out
    plain = afterview_cli("plan", "--help")  # the built-ins' help is as wide as the terminal again
    assert plain.code == 0 and max(map(len, plain.out.splitlines())) > 100


def test_a_failed_cache_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(tmp_path))
    (tmp_path / "entry.json").mkdir()  # the replacement fails: a folder is in the way
    _cache.write_bytes("entry.json", b"{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry.json"]
    _cache.write_bytes("other.json", b"{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry.json", "other.json"]


def test_a_write_past_the_file_size_limit_leaves_no_temporary_file(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        import resource, signal
        from afterview import _cache
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG rather than ending the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
        _cache.write_bytes("big.json", b"x" * 5000)
        _cache.write_bytes("small.json", b"{}")
    """)
    subprocess.run([sys.executable, "-c", script], check=True, env={**os.environ, "AFTERVIEW_CACHE_DIR": str(tmp_path)})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.json"]


def bench_module(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


def test_each_checkout_benches_in_a_venv_of_its_own(tmp_path: Path) -> None:
    user_install = bench_module("user_install")
    here = user_install.venv_home()
    other = user_install.venv_home(tmp_path / user_install.ROOT.name)  # another checkout of one name
    assert here.parent == other.parent == user_install.HOME
    assert here != other and here.name.startswith(f"{user_install.ROOT.name}-")
    assert here == user_install.venv_home(user_install.ROOT)


def test_installing_holds_a_lock_another_bench_waits_for(tmp_path: Path) -> None:
    user_install = bench_module("user_install")
    home = tmp_path / "venv"
    attempt = ("import fcntl, sys; lock = open(sys.argv[1], 'a')\n"
               "try: fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept BlockingIOError: print('held')\n"
               "else: print('free')")
    take = [sys.executable, "-c", attempt, str(tmp_path / "venv.lock")]
    with user_install.install_lock(home):
        assert subprocess.run(take, capture_output=True, text=True, check=True).stdout == "held\n"
    assert subprocess.run(take, capture_output=True, text=True, check=True).stdout == "free\n"


def test_a_bench_without_its_afterview_program_stops(tmp_path: Path) -> None:
    benchtools = bench_module("benchtools")
    with pytest.raises(SystemExit, match=f"no afterview program in {tmp_path}"):
        benchtools.afterview_program(tmp_path)
    program = tmp_path / "afterview"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    assert benchtools.afterview_program(tmp_path) == str(program)
