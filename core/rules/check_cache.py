"""``afterview validate``'s verdict for one file, kept in the user cache by content.

A file's result depends on its bytes, the files its ``extends`` reaches,
afterview's code, the plugin set (condition operators, template filters) and
the libraries and timezone data whose output a problem can quote (schema and
template messages, the sample plans' holidays and zones). The entry's name
hashes the file's bytes, its path and those stamps; the entry lists every
reference that was located while checking it, with the file each resolved to
and that file's hash, and is trusted only while each still resolves to the
same bytes. So editing one byte of a file, or of any parent, checks it again.
Only a file without problems is kept, as its kind and its dependencies: a
problem quotes the file's values (a file that looks like facts but holds a
ruleset key is checked as a ruleset), and the cache never holds people's
text. An entry of the wrong shape is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from afterview import _cache, cache_stamps
from afterview.errors import Problem
from afterview.rules import locate as locating

# Bump when an entry's shape or meaning changes. 2: verdicts only, no problems.
FORMAT = 2
KINDS = ("ruleset", "overlay", "test")


def run_stamp(app: Any) -> str | None:
    """What besides a file's own dependencies decides its result; None when the cache is off."""
    plugins = cache_stamps.plugin_stamp(app.pm)
    if _cache.cache_dir() is None or plugins is None:
        return None
    parts = [str(FORMAT), cache_stamps.code_stamp(), plugins, cache_stamps.dependency_stamp()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _entry_name(stamp: str, path: str, raw: bytes) -> str:
    where = f"{stamp}\0{path}\0{Path(path).resolve()}\0".encode()
    return f"checked-{hashlib.sha256(where + raw).hexdigest()[:32]}.json"


Located = dict[tuple[str, str], tuple[str, str] | None]  # (reference, folder) -> (identity, hash), this run


def lookup(stamp: str | None, path: str, raw: bytes, located: Located) -> str | None:
    """The kind of file this was last time, when it had no problems and nothing it depends on changed.

    ``located`` memoises references resolved during this run: many files extend the same parents.
    """
    if stamp is None:
        return None
    entry: Any = _cache.read_json(_entry_name(stamp, path, raw))
    try:
        kind, deps = entry["kind"], entry["deps"]
        if kind not in KINDS or not all(_unchanged(tuple(dep), located) for dep in deps):
            return None
        return str(kind)
    except (KeyError, TypeError, ValueError):
        return None  # no entry, or one of the wrong shape


def store(stamp: str | None, path: str, raw: bytes, result: tuple[str, list[Problem]],
          deps: list[tuple[str, str, str, str]] | None) -> None:
    """Keep a result without problems; ``deps`` is None when a reference failed to resolve (checked every time)."""
    kind, problems = result
    if stamp is None or deps is None or kind not in KINDS or problems:
        return
    _cache.write_json(_entry_name(stamp, path, raw), {"kind": kind, "deps": deps})


@contextmanager
def dependencies() -> Iterator[list[tuple[str, str, str, str] | None]]:
    """Collects (reference, folder, identity, hash of its bytes) of each reference located inside the block;
    None for one that failed."""
    found: list[tuple[str, str, str, str] | None] = []

    def note(ref: str, base: Path | None, result: tuple[str, str, bytes, Path | None] | None) -> None:
        row = None if result is None else (ref, str(base or ""), result[0], _digest(result[2]))
        found.append(row)

    with locating.recording(note):
        yield found


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
