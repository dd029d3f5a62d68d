"""Built-in ``afterview test``: run ruleset test files and show expected against actual."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from afterview import Afterview, Command, hookimpl
from afterview.text import visible_controls


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="*.test.yaml files or folders of them (default: the built-in rulesets' tests)")


def _files(paths: list[str]) -> list[tuple[str, Path]]:
    from afterview.rules import builtin_test_files

    if not paths:
        return builtin_test_files()
    found = []
    for path in map(Path, paths):
        children = sorted(path.glob("*.test.yaml")) if path.is_dir() else [path]
        found += [(str(child), child) for child in children]
    return found


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def run(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.rules import run_file

    total, failures = 0, []
    files = _files(args.paths)
    for display, path in files:
        checked, failed = run_file(app, path, display)
        total += checked
        failures += failed
        print(f"{display}: {_count(checked, 'check')}, {len(failed)} failed")
    for failure in failures:
        print(visible_controls(str(failure)), file=sys.stderr)
    print(f"{_count(total, 'check')}, {len(failures)} failed in {_count(len(files), 'file')}")
    return 1 if failures else 0


@hookimpl
def register_commands(app: Afterview) -> list[Command]:
    return [Command("test", "run ruleset tests (*.test.yaml) and report expected against actual", _configure, run)]
