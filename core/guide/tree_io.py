"""Write and remove a site's many small files from several threads at once.

On a disk with online discard a single ``mkdir``, ``open`` or ``rmdir`` can
take a millisecond or more of waiting, which serial code adds up page by page
(1,000 pages: about 2 s to remove the previous site, 2 s to write the new
one). The waits overlap when several threads issue them, and Python releases
the GIL during each call, so a small pool makes the file work nearly free
while the main thread renders the next page.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

THREADS = 8
IN_FLIGHT = 256  # pages waiting to be written, at most: keeps memory flat however large the site


class TreeWriter:
    """Writes files below ``root`` in the background; ``close()`` waits and raises the first error."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pool = ThreadPoolExecutor(THREADS, thread_name_prefix="afterview-write")
        self.slots = threading.BoundedSemaphore(IN_FLIGHT)
        self.folders: dict[Path, Future[None]] = {}
        self.pending: list[Future[None]] = []
        self.count = 0

    def write(self, relative: str, data: bytes) -> None:
        destination = self.root / relative
        folder = self._folder(destination.parent)
        self.slots.acquire()
        future = self.pool.submit(self._write, folder, destination, data)
        future.add_done_callback(lambda _: self.slots.release())
        self.pending.append(future)
        self.count += 1

    def _folder(self, folder: Path) -> Future[None] | None:
        """The future that makes ``folder`` (and its parents) exist, submitted once per folder."""
        if folder == self.root:
            return None
        made = self.folders.get(folder)
        if made is None:
            parent = self._folder(folder.parent)
            made = self.folders[folder] = self.pool.submit(self._mkdir, parent, folder)
        return made

    @staticmethod
    def _mkdir(parent: Future[None] | None, folder: Path) -> None:
        if parent is not None:
            parent.result()
        folder.mkdir(exist_ok=True)

    @staticmethod
    def _write(folder: Future[None] | None, destination: Path, data: bytes) -> None:
        if folder is not None:
            folder.result()
        destination.write_bytes(data)

    def close(self) -> int:
        """Wait for every write; raise the first failure. Returns how many files were written."""
        try:
            for future in [*self.folders.values(), *self.pending]:
                future.result()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)
        return self.count


def write_tree(root: Path, files: Iterable[tuple[str, bytes]]) -> int:
    writer = TreeWriter(root)
    try:
        for relative, data in files:
            writer.write(relative, data)
    except BaseException:
        writer.pool.shutdown(wait=True, cancel_futures=True)
        raise
    return writer.close()


def remove_tree(root: Path, *, ignore_errors: bool = False) -> None:
    """``shutil.rmtree(root)``, with the folders two levels down removed in parallel first."""
    try:
        parts = [Path(e.path) for top in os.scandir(root) if top.is_dir(follow_symlinks=False)
                 for e in os.scandir(top.path) if e.is_dir(follow_symlinks=False)]
    except OSError:
        parts = []
    if len(parts) > 1:
        with ThreadPoolExecutor(THREADS, thread_name_prefix="afterview-remove") as pool:
            list(pool.map(lambda p: shutil.rmtree(p, ignore_errors=True), parts))
    shutil.rmtree(root, ignore_errors=ignore_errors)
