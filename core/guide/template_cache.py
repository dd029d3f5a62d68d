"""The site templates' compiled code, kept in the user cache by Jinja2's own bytecode cache.

Compiling the site's templates is about 60 ms of every build. Jinja2 checks each entry against its
template's source only, so the folder is named for what else decides the code (afterview's and
Jinja2's versions, the environment's options). Plugin filters turn the cache off: Jinja2 folds a
filter applied to a constant into the compiled code. Jinja2 runs what it loads from there, so every
folder level must be the user's own, and so must each file (``_cache.read_code``).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from afterview import _cache

STALE_SECONDS = 600  # a temporary file this old is no writer's: one killed mid-write (a build's reading child)


def bytecode_cache(options: dict[str, Any], filters: dict[str, Any]) -> Any:
    """Jinja2's ``FileSystemBytecodeCache`` for an environment with ``options``, or None when not cached."""
    folder = _cache.cache_dir()
    if folder is None or filters:
        return None
    import hashlib

    import jinja2

    from afterview._version import __version__

    key = hashlib.sha256(f"{__version__}\0{jinja2.__version__}\0{options}".encode()).hexdigest()[:16]
    try:  # one level, each made 0o700 whatever the umask
        _cache.make_folder(folder / f"templates-{key}")
    except OSError:
        return None
    # Each folder down must be the user's own: a subfolder someone else made while the cache folder was open
    # to them stays theirs.
    if not all(_cache.trusted(f) for f in (folder, folder / f"templates-{key}")):
        return None
    _sweep(folder / f"templates-{key}")
    return _checked(folder / f"templates-{key}")


def _checked(directory: Path) -> Any:
    """Jinja2's ``FileSystemBytecodeCache`` on ``directory``, each entry read through ``_cache.read_code``."""
    from jinja2 import FileSystemBytecodeCache

    class Checked(FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Any) -> None:
            data = _cache.read_code(os.path.join(self.directory, self.pattern % bucket.key))
            if data is not None:
                bucket.bytecode_from_string(data)

    return Checked(str(directory))


def _sweep(directory: Path) -> None:
    """Remove the temporary files of writes that never finished (Jinja2 writes each entry to one, then renames)."""
    now = time.time()
    try:
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.name.endswith(".tmp") and entry.is_file(follow_symlinks=False) \
                        and now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS:
                    os.unlink(entry.path)
    except OSError:
        pass
