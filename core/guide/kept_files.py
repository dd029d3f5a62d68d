"""Files someone else put in a site folder afterview built (a ``CNAME``, ``.nojekyll``, a ``.git`` folder): kept.

A build replaces its output folder with a new one (output_dir.swap), so a file added to the live site since
the last build would vanish with the old folder. Static-site deploys add such files on purpose: GitHub Pages
reads ``CNAME`` and ``.nojekyll`` from the published folder, and a ``gh-pages`` worktree keeps its ``.git``
there; Hugo and Eleventy leave unknown files in their output alone, and Jekyll keeps those ``keep_files``
names. So each build records the files it wrote (MANIFEST, one path a line), and the next one hard-links
every other entry of the live site into its new folder before the swap (a copy where links fail). The walk
lists names only, nothing is read or hashed. A kept entry that a new page claims is an error naming it,
raised before the swap: the live site, and the file, stay as they were.

A site built before the manifest existed has none; its files are all taken as afterview's.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from afterview.errors import AfterviewError, Location

MANIFEST = ".afterview-files"
_HEADER = "# the files afterview wrote in this site; a rebuild keeps every other file\n"


class KeptFileError(AfterviewError):
    """Raised when a new page would take the place of a file afterview did not write."""


def carry(live: Path, staging: Path, written: Iterable[str], marker: str) -> list[str]:
    """Record ``written`` in ``staging``'s manifest and hard-link into it what ``live`` holds that afterview did
    not write; returns those entries (folders once, not their files)."""
    ours = {*written, marker, MANIFEST}
    kept = foreign(live)
    for entry in kept:
        _link(live, staging, entry, ours)
    (staging / MANIFEST).write_text(_HEADER + "".join(f"{path}\n" for path in sorted(ours)), encoding="utf-8")
    return kept


def foreign(live: Path) -> list[str]:
    """The entries below ``live`` its manifest does not name (a folder counts once), sorted; none without one."""
    recorded = _read(live)
    if recorded is None:
        return []
    folders = {parent for path in recorded for parent in _parents(path)}
    found: list[str] = []
    _walk(str(live), "", recorded, folders, found)
    return sorted(found)


def _read(live: Path) -> set[str] | None:
    try:
        text = (live / MANIFEST).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    if not text.startswith(_HEADER):
        return None
    return {line for line in text[len(_HEADER):].split("\n") if line}


def _parents(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _walk(root: str, base: str, recorded: set[str], folders: set[str], found: list[str]) -> None:
    with os.scandir(os.path.join(root, base) if base else root) as entries:
        for entry in entries:
            relative = f"{base}{entry.name}"
            if relative in recorded:
                continue
            if relative in folders and entry.is_dir(follow_symlinks=False):
                _walk(root, relative + "/", recorded, folders, found)
            else:
                found.append(relative)


def _link(live: Path, staging: Path, entry: str, ours: set[str]) -> None:
    """Put ``live/entry`` (a file, link or whole folder) at ``staging/entry``, refusing to take a page's place."""
    source, target = live / entry, staging / entry
    if entry in ours or any(parent in ours for parent in _parents(entry)) or os.path.lexists(target):
        raise _claimed(live, entry)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # a page is where one of its folders would be
        raise _claimed(live, entry) from None
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, copy_function=_link_file)
    else:
        _link_file(str(source), str(target))


def _link_file(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:  # a file system without hard links, or a file we may read but not link
        shutil.copy2(source, target, follow_symlinks=False)


def _claimed(live: Path, entry: str) -> KeptFileError:
    what = "folder" if (live / entry).is_dir() else "file"
    return KeptFileError(f"afterview did not write this {what}, and the new site has a page at this path",
                         location=Location(str(live / entry)),
                         hint=f"move the {what} out of the site folder (or rename it), then build again; "
                              "the site was left as it was")
