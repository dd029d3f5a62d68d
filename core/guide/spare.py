"""The site a rebuild replaced, kept to build the next one into.

On a disk with online discard, removing a folder that has held a file waits
about 3 ms (1,000 pages: 3 s one by one, 0.3 s from eight threads), and
making a file anew costs about 1 ms of waiting and 0.5 ms of system CPU
time. So a build keeps the site folder it replaced in the user cache folder
(``sites/``, one per output folder, at most KEEP of them), and the next
build of the same output renames it back beside the output as its staging
folder and updates it: only changed pages are written, and unchanged ones
are hard links to the live site's, so a kept site costs little space.
Nothing is kept where the cache is off or on another disk than the output;
a kept site that is missing, unmarked or damaged only makes the next build
write more.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from pathlib import Path

from afterview import _cache
from afterview.guide.output_dir import is_marked

KEEP = 2
_NAME = re.compile(r"[0-9a-f]{24}")
_EVICTING = re.compile(r"[0-9a-f]{24}\.evicting-[0-9]+")


def place(target: Path) -> Path | None:
    """Where the kept site of the output folder ``target`` (resolved) lives; None with the cache off."""
    folder = _cache.cache_dir()
    if folder is None:
        return None
    return folder / "sites" / hashlib.sha256(str(target).encode()).hexdigest()[:24]


def take(target: Path, staging: Path) -> bool:
    """Move the kept site of ``target`` onto the new, empty ``staging`` folder; False if there is none."""
    spare = place(target)
    if spare is None:
        return False
    try:
        # It becomes the published site: only one kept where no one else could have put or changed it, and
        # itself the user's own (not a link, and not made by someone else while the cache folder was open).
        found = os.lstat(spare)
        if not stat.S_ISDIR(found.st_mode) or not _cache.users_own(found) or not is_marked(spare):
            return False
        if not (_cache.trusted(spare.parent.parent) and _cache.trusted(spare.parent)):
            return False
        os.rename(spare, staging)  # replaces the empty folder: atomic, and the name stays the build's own
    except OSError:
        return False
    return True


def keep(old: Path, target: Path) -> bool:
    """Keep the site folder ``old`` (which held ``target``) for the next build; False if it cannot be kept."""
    spare = place(target)
    if spare is None or not is_marked(old):
        return False
    try:
        _cache.make_folder(spare.parent)  # each level 0o700 whatever the umask: ``take`` asks ``trusted``
        os.rename(old, spare)  # fails if another build kept one meanwhile, or the cache is on another disk
        os.utime(spare)
    except OSError:
        return False
    _evict(spare.parent)
    return True


def _evict(folder: Path) -> None:
    """Only the KEEP most recently kept sites stay; nothing but afterview's own kept sites is ever removed.

    ``AFTERVIEW_CACHE_DIR`` may point anywhere, so an entry must look like ``place`` made it (24 hex
    digits), be a real folder, and carry the site marker. It is renamed away before it is removed, so a
    build that takes it at the same moment either gets all of it or none.
    """
    try:
        entries = [entry for entry in os.scandir(folder) if entry.is_dir(follow_symlinks=False)
                   and is_marked(Path(entry.path))]
    except OSError:
        return
    for entry in entries:  # an eviction a killed build left part-way is finished, while its marker is still there
        if _EVICTING.fullmatch(entry.name):
            shutil.rmtree(entry.path, ignore_errors=True)
    kept = sorted((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path) for entry in entries
                  if _NAME.fullmatch(entry.name))
    for _, path in kept[:-KEEP]:
        doomed = f"{path}.evicting-{os.getpid()}"
        try:
            os.rename(path, doomed)
        except OSError:
            continue  # another build took it or removed it first
        shutil.rmtree(doomed, ignore_errors=True)
