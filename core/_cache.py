"""A small on-disk cache for work whose result depends only on its input bytes.

Used for validated rulesets (keyed by content hash) and holiday tables (keyed
by the installed ``holidays`` build), never for facts, which hold people's
names and emails (a facts file only leaves a ``true`` under the hash of its
bytes, so its schema check can be skipped next time). Every failure is silent, and a file of the wrong shape is
ignored: the cache only ever makes things faster. It lives in the platform's
user cache folder (platformdirs) and keeps at most MAX_CACHE_BYTES, dropping
the oldest entries. Set AFTERVIEW_NO_CACHE=1 to turn it off, or
AFTERVIEW_CACHE_DIR to move it. What entries are keyed on (afterview's files, the plugin set, the
libraries) is ``cache_stamps``' job.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

MAX_CACHE_BYTES = 20_000_000  # beyond this, the oldest entries go


def cache_dir() -> Path | None:
    """The cache folder: AFTERVIEW_CACHE_DIR, else the platform's user cache folder; None if turned off."""
    if os.environ.get("AFTERVIEW_NO_CACHE"):
        return None
    explicit = os.environ.get("AFTERVIEW_CACHE_DIR")
    if explicit:
        return Path(explicit)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("afterview", appauthor=False))


def read_json(name: str) -> Any | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / name, "rb") as stream:
            return json.loads(stream.read(MAX_CACHE_BYTES))
    except (OSError, ValueError):
        return None


def write_json(name: str, data: Any) -> None:
    write_bytes(name, json.dumps(data, separators=(",", ":")).encode())


def write_bytes(name: str, data: bytes) -> None:
    """Replace the entry ``name`` at once (a reader sees the old bytes or the new), then keep the size bound."""
    folder = cache_dir()
    if folder is None:
        return
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, folder / name)
    except BaseException as exc:  # a full disk, a size limit, an interrupt: no temporary file is left behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if not isinstance(exc, OSError):
            raise
        return
    with contextlib.suppress(OSError):
        evict(folder)


def evict(folder: Path, limit: int | None = None) -> None:
    """Delete the least recently written entries until the folder holds at most ``limit`` bytes."""
    limit = MAX_CACHE_BYTES if limit is None else limit
    entries = []
    for entry in os.scandir(folder):
        if entry.is_file(follow_symlinks=False) and entry.name.endswith((".json", ".pickle", ".code")):
            stat = entry.stat(follow_symlinks=False)
            entries.append((stat.st_mtime_ns, stat.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            os.remove(path)
            total -= size
