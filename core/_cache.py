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

Entries that become code (the rulesets snapshot, unpickled; dataclass, template and page-template code,
unmarshalled and run; the names of plugins to import) are read and written only in a folder ``trusted``
says is the user's own: from a folder another user can write, loading them would run that user's code. Each
such entry is read through ``read_code``, which also checks the file itself: one planted while the folder was
open to others stays its planter's after the folder is closed, and a symbolic link is never followed.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from pathlib import Path
from typing import Any

MAX_CACHE_BYTES = 20_000_000  # beyond this, the oldest entries go
_HEADROOM: dict[str, int] = {}  # folder -> bytes this process may still write before measuring it again
_TRUSTED: dict[str, bool] = {}  # folder -> verdict, once per process: a cold start pays one stat


def cache_dir() -> Path | None:
    """The cache folder: AFTERVIEW_CACHE_DIR, else the platform's user cache folder; None if turned off."""
    if os.environ.get("AFTERVIEW_NO_CACHE"):
        return None
    explicit = os.environ.get("AFTERVIEW_CACHE_DIR")
    if explicit:
        return Path(explicit)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("afterview", appauthor=False))


def trusted(folder: Path) -> bool:
    """May code be loaded from ``folder``: is it the current user's, writable by no one else?

    Checked once per process per folder (a folder not made yet, again once it is); where the platform has no
    user ids (``os.getuid``), there is nothing to check. A folder that fails is reported once on stderr.
    """
    key = os.fspath(folder)
    verdict = _TRUSTED.get(key)
    if verdict is None:
        getuid = getattr(os, "getuid", None)
        if getuid is None:
            return True
        try:
            found = os.stat(key)
        except FileNotFoundError:
            return False  # nothing to load yet; a writer makes it its own (mode 0o700), then asks again
        except OSError:
            found = None
        verdict = found is not None and users_own(found)
        _TRUSTED[key] = verdict
        if not verdict:
            _warn(key, found)
    return verdict


def users_own(found: os.stat_result) -> bool:
    """Is what ``found`` describes the current user's, writable by no one else? (True without user ids.)"""
    getuid = getattr(os, "getuid", None)
    return getuid is None or (found.st_uid == getuid() and not found.st_mode & 0o022)


def _warn(folder: str, found: os.stat_result | None) -> None:
    import sys

    why = "cannot be read" if found is None else (
        f"belongs to user id {found.st_uid}" if found.st_uid != os.getuid() else
        f"is writable by other users (mode {found.st_mode & 0o777:o})")
    sys.stderr.write(f"{folder}: warning: the cache folder {why}, so no compiled code is loaded from it or kept "
                     f"there (slower, not wrong)\n  hint: remove the folder (afterview makes it again, as yours), "
                     f"or set AFTERVIEW_CACHE_DIR to a folder of your own\n")


def read_code(path: Path | str) -> bytes | None:
    """The bytes of an entry that becomes code, or None unless it is a regular file (not a symbolic link) of the
    current user's that no one else can write. Read from the descriptor that was checked, so the file cannot be
    swapped between the check and the read."""
    held = _held(path)
    if held is not None:  # this process's own bytes, not written yet
        return held
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:  # missing, unreadable, or a symbolic link (O_NOFOLLOW)
        return None
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or not users_own(found):
            return None
        with os.fdopen(os.dup(fd), "rb") as stream:
            return stream.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def make_folder(folder: Path) -> None:
    """Make ``folder`` and each missing folder above it mode 0o700, whatever the umask (``Path.mkdir`` makes
    the parents by the umask, 0o775 under umask 002, and ``trusted`` would then refuse them)."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for level in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another process
            os.mkdir(level, 0o700)


def code_folder() -> Path | None:
    """The cache folder, if ``trusted``: where entries that become code may be read."""
    folder = cache_dir()
    return folder if folder is not None and trusted(folder) else None


def read_json(name: str, *, code: bool = False) -> Any | None:
    """The entry ``name``, or None. ``code``: it names code to run, so it is only read from a ``trusted`` folder."""
    folder = code_folder() if code else cache_dir()
    if folder is None:
        return None
    try:
        held = _held(folder / name)
        if code or held is not None:
            data = read_code(folder / name)
            return None if data is None else json.loads(data)
        with open(folder / name, "rb") as stream:
            return json.loads(stream.read(MAX_CACHE_BYTES))
    except (OSError, ValueError):
        return None


def write_json(name: str, data: Any, *, code: bool = False) -> None:
    write_bytes(name, json.dumps(data, separators=(",", ":")).encode(), code=code)


def write_bytes(name: str, data: bytes, *, code: bool = False) -> None:
    """Replace the entry ``name`` at once (a reader sees the old bytes or the new), then keep the size bound.

    ``code``: the entry becomes code when read, so it is only written to a ``trusted`` folder.
    """
    folder = cache_dir()
    if folder is None:
        return
    if _LATER.pending is not None:
        _LATER.pending[os.fspath(folder / name)] = (name, data, code)
        return
    import tempfile

    try:
        make_folder(folder)
        if code and not trusted(folder):
            return
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
    _keep_bound(folder, len(data))


class _Deferred:
    # each entry written since ``defer_writes``, by its path: (name, data, code); this process reads them back
    pending: dict[str, tuple[str, bytes, bool]] | None = None


_LATER = _Deferred()


def defer_writes() -> None:
    """Hold every entry written from now on until ``write_deferred`` (reading one back gives the held bytes): a
    guide build writes its entries once it has forked its workers, so that making some sixty files is not on the
    way to its first page."""
    _LATER.pending = {}


def write_deferred(*, drop: bool = False) -> None:
    """Write the entries held since ``defer_writes`` (``drop``: forget them), and hold no more."""
    pending, _LATER.pending = _LATER.pending or {}, None
    for name, data, code in [] if drop else pending.values():
        write_bytes(name, data, code=code)


def present(path: Path) -> bool:
    """Is there an entry at ``path``, written or held?"""
    return _held(path) is not None or path.exists()


def _held(path: Path | str) -> bytes | None:
    found = _LATER.pending.get(os.fspath(path)) if _LATER.pending is not None else None
    return found[1] if found is not None else None


def _keep_bound(folder: Path, written: int) -> None:
    """Evict only once this process's writes since it last measured the folder could have passed the bound:
    measuring lists every entry, and a build with an empty cache writes some ninety of them."""
    key = os.fspath(folder)
    left = _HEADROOM.get(key, -1) - written
    if left < 0:
        try:
            left = MAX_CACHE_BYTES - evict(folder)
        except OSError:
            left = -1
    _HEADROOM[key] = left


def evict(folder: Path, limit: int | None = None) -> int:
    """Delete the least recently written entries until the folder holds at most ``limit`` bytes; the bytes kept."""
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
    return total
