"""``afterview validate``'s result for one file, kept in the user cache by content.

A ruleset's problems depend on its bytes, the files its ``extends`` reaches,
afterview's code, the plugin set (condition operators, template filters) and
the libraries and timezone data whose output a problem can quote (schema and
template messages, the sample plans' holidays and zones). The entry's name
hashes the file's bytes, its path (problems name it) and those stamps; the
entry lists every reference that was located while checking it, with the
file each resolved to and that file's hash, and is trusted only while each
still resolves to the same bytes. So editing one byte of a file, or of any
parent, checks it again. Rulesets keep their problems; a test file (which may
hold people's names) is kept only when it has none, as a verdict and its
dependencies. An entry of the wrong shape is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from afterview import _cache
from afterview.errors import Location, Problem
from afterview.rules import locate as locating

# Bump when an entry's shape or meaning changes.
FORMAT = 1
KINDS = ("ruleset", "overlay", "test")


def run_stamp(app: Any) -> str | None:
    """What besides a file's own dependencies decides its result; None when the cache is off."""
    plugins = _cache.plugin_stamp(app.pm)
    if _cache.cache_dir() is None or plugins is None:
        return None
    parts = [str(FORMAT), _cache.code_stamp(), plugins, _cache.dependency_stamp()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _entry_name(stamp: str, path: str, raw: bytes) -> str:
    where = f"{stamp}\0{path}\0{Path(path).resolve()}\0".encode()
    return f"checked-{hashlib.sha256(where + raw).hexdigest()[:32]}.json"


Located = dict[tuple[str, str], tuple[str, str] | None]  # (reference, folder) -> (identity, hash), this run


def lookup(stamp: str | None, path: str, raw: bytes, located: Located) -> tuple[str, list[Problem]] | None:
    """(kind, problems) this file had last time, if nothing it depends on changed; else None.

    ``located`` memoises references resolved during this run: many files extend the same parents.
    """
    if stamp is None:
        return None
    entry: Any = _cache.read_json(_entry_name(stamp, path, raw))
    try:
        kind, deps, problems = entry["kind"], entry["deps"], entry["problems"]
        if kind not in KINDS or not all(_unchanged(tuple(dep), located) for dep in deps):
            return None
        return kind, [_problem(item) for item in problems]
    except (KeyError, TypeError, ValueError):
        return None  # no entry, or one of the wrong shape


def store(stamp: str | None, path: str, raw: bytes, result: tuple[str, list[Problem]],
          deps: list[tuple[str, str, str, str]] | None) -> None:
    """Keep a (kind, problems) result; ``deps`` is None when a reference failed to resolve (checked every time)."""
    kind, problems = result
    if stamp is None or deps is None or kind not in KINDS or (kind == "test" and problems):
        return
    rows = [[*_where(p.location), p.message, p.hint, p.code] for p in problems]
    _cache.write_json(_entry_name(stamp, path, raw), {"kind": kind, "deps": deps, "problems": rows})


@contextmanager
def dependencies() -> Iterator[list[tuple[str, str, str, str] | None]]:
    """Collects (reference, folder, identity, hash of its bytes) of each reference located inside the block;
    None for one that failed."""
    found: list[tuple[str, str, str, str] | None] = []

    def note(ref: str, base: Path | None, result: tuple[str, str, bytes, Path | None] | None) -> None:
        row = None if result is None else (ref, str(base or ""), result[0], _digest(result[2]))
        found.append(row)

    locating.WATCHERS.append(note)
    try:
        yield found
    finally:
        locating.WATCHERS.remove(note)


def _unchanged(dep: tuple[Any, ...], located: Located) -> bool:
    ref, base, identity, digest = dep
    if not all(isinstance(part, str) for part in dep):
        return False
    if (ref, base) not in located:
        try:
            found = locating.locate(ref, Path(base) if base else None, None)
            located[ref, base] = (found[0], _digest(found[2]))
        except Exception:  # unreadable or unknown now: check the file again, to report it
            located[ref, base] = None
    return bool(located[ref, base] == (identity, digest))


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _where(location: Location | None) -> list[Any]:
    return [None, None, None] if location is None else [location.path, location.line, location.col]


def _problem(row: list[Any]) -> Problem:
    path, line, col, message, hint, code = row
    if not (isinstance(message, str) and all(isinstance(v, (str, type(None))) for v in (path, hint, code))
            and all(isinstance(v, (int, type(None))) for v in (line, col))):
        raise ValueError("not a cached problem")
    return Problem(None if path is None else Location(path, line, col), message, hint, code)
