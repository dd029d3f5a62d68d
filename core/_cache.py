"""A small on-disk cache for work whose result depends only on its input bytes.

Used for validated rulesets (keyed by content hash) and holiday tables (keyed
by the installed ``holidays`` build). Every failure is silent: the cache only
ever makes things faster. Set AFTERVIEW_NO_CACHE=1 to turn it off, or
AFTERVIEW_CACHE_DIR to move it.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.util import find_spec
from pathlib import Path
from typing import Any


def cache_dir() -> Path | None:
    if os.environ.get("AFTERVIEW_NO_CACHE"):
        return None
    explicit = os.environ.get("AFTERVIEW_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "afterview"


def read_json(name: str) -> Any | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(name: str, data: Any) -> None:
    folder = cache_dir()
    if folder is None:
        return
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, separators=(",", ":"))
        os.replace(tmp, folder / name)
    except OSError:
        pass


def holidays_stamp() -> str:
    """Identifies the installed holidays build without importing it (which is slow)."""
    spec = find_spec("holidays")
    origin = spec.origin if spec and spec.origin else ""
    try:
        mtime = os.stat(origin).st_mtime_ns
    except OSError:
        mtime = 0
    return f"{mtime}-{hashlib.sha256(origin.encode()).hexdigest()[:12]}"
