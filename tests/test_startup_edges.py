"""Edges of the cold-start work: a plugin command's own help formatter, a cache write that fails."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from afterview import Command, _cache, hookimpl

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
