"""Write and remove a site's many small files from several threads at once.

On a disk with online discard a single ``mkdir``, ``open`` or ``rmdir`` can
take a millisecond or more of waiting, which serial code adds up page by page
(1,000 pages: about 2 s to remove the previous site, 2 s to write the new
one). The waits overlap when several threads issue them, and Python releases
the GIL during each call, so a small pool makes the file work nearly free
while the main thread renders the next page.

A rebuild writes only what changed: a file whose bytes the staging folder
(a recycled earlier site, spare.py) already holds is kept, one whose bytes
the live site holds is hard-linked from it. Bytes are compared, not
recorded hashes, so a file someone edited since is never taken for the
page. A file is never opened for writing if it exists: a hard link shares
its inode with another site folder, so a changed file is always a new
file, and an earlier site never changes under its reader.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

THREADS = 8
_ATTEMPTS = 8  # another process can only undo this one's work once: a folder, once made, stays
BATCH = 8  # files a thread writes per task: a task per file cost more Python than the file's own system calls
IN_FLIGHT = 256  # files waiting to be written, at most: keeps memory flat however large the site


@dataclass
class Reuse:
    """What a build may reuse: the staging folder's own files (a recycled earlier site) and the live site's."""

    live: Path | None = None  # the site being replaced, if afterview wrote it
    recycled: bool = False  # the staging folder is an earlier site, not a new empty folder


class TreeWriter:
    """Writes files below ``root`` in the background; ``close()`` waits and raises the first error.

    Files go to the threads in batches. Each folder is made by the batch of the first file in it; a file
    whose folder another thread has not made yet makes it too (making a folder that exists is success).
    """

    def __init__(self, root: Path, reuse: Reuse | None = None) -> None:
        self.root = root
        self.reuse = reuse or Reuse()
        self.pool = ThreadPoolExecutor(THREADS, thread_name_prefix="afterview-write")
        self.slots = threading.BoundedSemaphore(max(1, IN_FLIGHT // BATCH))
        self.asked: set[str] = {""}  # the folders some batch makes
        self.batch: list[tuple[list[str], str, bytes]] = []  # each file's new folders, outermost first
        self.pending: list[Future[None]] = []
        self.paths: list[str] = []
        self.written: list[str] = []  # list.append is atomic across the threads

    def write(self, relative: str, data: bytes) -> None:
        new, folder = [], relative.rpartition("/")[0]
        while folder not in self.asked:
            self.asked.add(folder)
            new.append(folder)
            folder = folder.rpartition("/")[0]
        new.reverse()
        self.batch.append((new, relative, data))
        self.paths.append(relative)
        if len(self.batch) >= BATCH:
            self._submit()

    def _submit(self, *, alone: bool = False) -> None:
        """Send the batch to a thread (``alone``: each file to its own, for the last few, which nothing follows)."""
        batch, self.batch = self.batch, []
        for part in ([[item] for item in batch] if alone else [batch]):
            self.slots.acquire()
            future = self.pool.submit(self._put_all, part)
            future.add_done_callback(lambda _: self.slots.release())
            self.pending.append(future)

    def _put_all(self, batch: list[tuple[list[str], str, bytes]]) -> None:
        for new, relative, data in batch:
            for folder in new:
                self._make(folder)
            try:
                self._put(relative, data)
            except (FileNotFoundError, NotADirectoryError):  # its folder is another batch's, not made yet (an
                self._make(relative.rpartition("/")[0])  # earlier site's file may still be in its place)
                self._put(relative, data)

    def _make(self, folder: str) -> None:
        """Make ``folder`` below the root, and its parents if another batch has not made them yet."""
        try:
            self._mkdir(os.path.join(self.root, folder))
        except (FileNotFoundError, NotADirectoryError):
            self._make(folder.rpartition("/")[0])
            self._mkdir(os.path.join(self.root, folder))

    def _mkdir(self, folder: str) -> None:
        for _ in range(_ATTEMPTS):
            try:
                os.mkdir(folder)
                return
            except FileExistsError:
                pass
            # Another build process (parallel.py) may replace the same old file at once: whatever it removed
            # or made meanwhile is success, and only a file is ever removed, never a folder it just made.
            with contextlib.suppress(FileNotFoundError):
                if stat.S_ISDIR(os.lstat(folder).st_mode):
                    return
                if not self.reuse.recycled:
                    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), folder)
                with contextlib.suppress(IsADirectoryError, PermissionError):  # macOS: unlink of a folder
                    os.unlink(folder)  # a file or link of an earlier site, where this site has a folder
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), folder)

    def _put(self, relative: str, data: bytes) -> None:
        destination = os.path.join(self.root, relative)
        if self.reuse.recycled:
            if holds(destination, data):
                return
            _clear(destination)
        if self.reuse.live is not None:
            try:  # link first, then compare what was linked: the live file may change between the two
                os.link(os.path.join(self.reuse.live, relative), destination, follow_symlinks=False)
            except OSError:
                pass  # no such file, or no hard links here (a FAT disk, a full link count): write it
            else:
                if holds(destination, data):
                    return
                os.unlink(destination)
        # O_EXCL: always a new inode, never one that another site folder shares through a hard link.
        fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC, 0o666)
        try:  # os.write, not a file object: that asks isatty, fstat and lseek first, three system calls a page
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        self.written.append(relative)

    def close(self) -> int:
        """Wait for every write; raise the first failure. Returns how many files the folder holds."""
        try:
            self._submit(alone=True)
            for future in self.pending:
                future.result()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)
        return len(self.paths)


_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def holds(path: str, data: bytes) -> bool:
    """True if ``path`` is a regular file (not a link) holding exactly ``data``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC)  # a FIFO must not block
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        with open(fd, "rb", buffering=0, closefd=False) as stream:
            return stream.readall() == data
    finally:
        os.close(fd)


def _clear(path: str) -> None:
    """Remove what an earlier site had at ``path`` (a file, a link or a folder), before a new file goes there."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except (IsADirectoryError, PermissionError):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            raise


def prune(root: Path, keep: set[str]) -> None:
    """Remove every file and folder below ``root`` but the files ``keep`` names (relative, with '/')."""
    folders = {""}
    for relative in keep:
        parent = relative.rpartition("/")[0]
        while parent not in folders:
            folders.add(parent)
            parent = parent.rpartition("/")[0]
    for here, dirs, names in os.walk(root):
        base = os.path.relpath(here, root).replace(os.sep, "/")
        base = "" if base == "." else base + "/"
        for name in list(dirs):
            if base + name not in folders:
                dirs.remove(name)
                _clear(os.path.join(here, name))
        for name in names:
            if base + name not in keep:
                os.unlink(os.path.join(here, name))


def write_tree(root: Path, files: Iterable[tuple[str, bytes]], reuse: Reuse | None = None) -> TreeWriter:
    """Write ``files`` below ``root``; the writer says how many it wrote and what the folder holds."""
    writer = TreeWriter(root, reuse)
    try:
        for relative, data in files:
            writer.write(relative, data)
    except BaseException:
        writer.pool.shutdown(wait=True, cancel_futures=True)
        raise
    writer.close()
    return writer


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
