"""An exclusive lock per journal file, held on a sidecar ``.NAME.lock`` so the file itself can be replaced."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def lock_path(path: Path) -> Path:
    return path.parent / f".{path.name}.lock"


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path``'s sidecar for the whole read-change-write.

    The lock is on a separate file because the data file is replaced by a
    rename on every write: a lock on the old inode would not stop a writer
    that opened the new one.
    """
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if sys.platform == "win32":  # no flock: lock the sidecar's first byte (retries for 10 s, then fails)
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
