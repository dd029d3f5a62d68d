"""A small on-disk cache for work whose result depends only on its input bytes.

Used for validated rulesets (keyed by content hash) and holiday tables (keyed
by the installed ``holidays`` build), never for facts, which hold people's
names and emails (a facts file only leaves a ``true`` under the hash of its
bytes, so its schema check can be skipped next time). Every failure is silent, and a file of the wrong shape is
ignored: the cache only ever makes things faster. It lives in the platform's
user cache folder (platformdirs) and keeps at most MAX_CACHE_BYTES, dropping
the oldest entries. Set AFTERVIEW_NO_CACHE=1 to turn it off, or
AFTERVIEW_CACHE_DIR to move it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from afterview.digest import sha256

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


def holidays_stamp() -> str:
    """Identifies the installed holidays build without importing it (which is slow)."""
    spec = find_spec("holidays")
    origin = spec.origin if spec and spec.origin else ""
    try:
        mtime = os.stat(origin).st_mtime_ns
    except OSError:
        mtime = 0
    return f"{mtime}-{sha256(origin.encode()).hexdigest()[:12]}"


# The libraries whose output a result cached by content can hold: holiday names, template and schema messages,
# calendar lines, rendered Markdown.
LIBRARIES = ("holidays", "jinja2", "jsonschema", "yaml", "icalendar", "markdown_it")


def dependency_stamp() -> str:
    """Each of LIBRARIES' installed files and the timezone data (the system's tzdata.zi, the tzdata package),
    found without importing them."""
    import zoneinfo

    zones = [file_stamp(str(Path(folder) / "tzdata.zi")) for folder in zoneinfo.TZPATH]
    return "\0".join([*map(_package_stamp, (*LIBRARIES, "tzdata")), *zones])


def _package_stamp(name: str) -> str:
    spec = find_spec(name)
    origin = spec.origin if spec and spec.origin else ""
    return f"{name} {origin} {file_stamp(origin)}"


def file_stamp(path: str | None) -> str:
    """A file's size and modification time ("" when it has none), as Python's own bytecode cache checks sources."""
    try:
        stat = os.stat(path or "")
    except OSError:
        return ""
    return f"{stat.st_size}-{stat.st_mtime_ns}"


@cache
def code_stamp() -> str:
    """afterview's version, the Python build, and the size and modification time of every file of the package.

    A development install keeps its version number while its code and built-in rulesets change, so results
    cached by content are keyed on the files too (about 200 ``stat`` calls, well under a millisecond).
    """
    from afterview._version import __version__

    root = Path(__file__).parent
    digest = sha256(f"{__version__}\0{sys.version}\0".encode())
    folders = [str(root)]
    while folders:
        try:
            with os.scandir(folders.pop()) as found:
                entries = sorted(found, key=lambda entry: entry.name)
        except OSError:  # not a folder (a zip): the files cannot change, so the version says it all
            continue
        for entry in entries:
            if entry.is_dir() and entry.name != "__pycache__":
                folders.append(entry.path)
            elif entry.name.endswith((".py", ".json", ".yaml")):
                digest.update(f"{entry.path[len(str(root)):]}\0{file_stamp(entry.path)}\0".encode())
    return digest.hexdigest()


def plugin_stamp(pm: Any) -> str | None:
    """The plugin set: each plugin besides the built-ins (which ``code_stamp`` covers), with its version, its
    module file's size and modification time, and its hook implementations' code.

    None when a plugin is an object rather than a module or class, or is not in a file (built at run time):
    what it does may hang on state no stamp sees, so results that plugins can change are not cached at all.
    """
    from types import ModuleType

    from afterview.manager import DEFAULT_PLUGINS

    parts = []
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: str(item[0])):
        if name in DEFAULT_PLUGINS or plugin is None:  # None: a blocked plugin
            continue
        if not isinstance(plugin, (ModuleType, type)):
            return None
        module = plugin if isinstance(plugin, ModuleType) else sys.modules.get(plugin.__module__)
        where = file_stamp(getattr(module, "__file__", None))
        if not where:
            return None
        hooks = sorted(f"{caller.name} {_code_digest(impl.function)}" for caller in pm.get_hookcallers(plugin) or []
                       for impl in caller.get_hookimpls() if impl.plugin is plugin)
        parts.append(f"{name} {getattr(module, '__version__', '')} {where} {hooks}")
    return sha256("\n".join(parts).encode()).hexdigest()


def _code_digest(function: Any) -> str:
    code = getattr(function, "__code__", None)
    return sha256(code.co_code + repr(code.co_consts).encode()).hexdigest()[:16] if code else ""
