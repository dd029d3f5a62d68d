"""Decide whether a site build may replace a folder, mark the folders afterview writes, clean up after killed builds.

A build replaces its whole output folder, so it only ever replaces a folder it wrote itself: one holding
the marker file. A missing or empty folder is fine; anything else is refused, with no ``--force``.
A symlinked output is followed: the folder it points to is judged by the same rules and the link stays.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from afterview.atomic import cannot_write
from afterview.errors import Location, UsageError
from afterview.guide.kept_files import MANIFEST, foreign
from afterview.guide.tree_io import remove_tree

MARKER = ".afterview-site"
STAMP = {"generator": "afterview", "kind": "site"}
HINT = "pick another folder for -o: a new or empty one, e.g. -o public"


class OutputFolderError(UsageError):
    """Raised by ``site build`` for an output folder it must not replace: not written by afterview, or an input."""


def checked(output: Path, inputs: dict[str, Path]) -> Path:
    """The resolved folder ``output`` names, if a build may replace it; ``inputs`` maps a flag to its folder."""
    folder = output.resolve()
    _refuse_precious(output, folder, inputs)
    if not folder.exists():
        return folder
    shown = str(output) if folder == output.absolute() else f"{output} (-> {folder})"
    if not folder.is_dir():
        raise OutputFolderError("is a file, not a folder; a site build writes a whole folder",
                                location=Location(shown), hint=HINT)
    if not (is_marked(folder) or _is_empty(folder)):
        raise OutputFolderError("this folder has files afterview did not write, and a site build replaces "
                                "the whole folder", location=Location(shown), hint=HINT)
    return folder


def _refuse_precious(output: Path, folder: Path, inputs: dict[str, Path]) -> None:
    """The root, $HOME and the inputs (or a folder holding them) are never an output, even if empty or marked."""
    why = {Path(folder.anchor): "is the root folder", Path.home().resolve(): "is your home folder"}.get(folder)
    for flag, given in inputs.items():
        kept = given.resolve()
        if folder == kept:
            why = why or f"is the {flag} folder"
        elif folder in kept.parents:
            why = why or f"holds the {flag} folder"
    if why:
        raise OutputFolderError(f"'{output}' {why}; a site build replaces its whole output folder",
                                location=Location("-o"), hint=HINT)


def is_marked(folder: Path) -> bool:
    """True if ``folder`` holds afterview's marker file (a real file, not a link to one)."""
    marker = folder / MARKER
    if marker.is_symlink() or not marker.is_file():
        return False
    try:
        return bool(json.loads(marker.read_text(encoding="utf-8")) == STAMP)
    except (OSError, ValueError):
        return False


def mark(folder: Path) -> None:
    (folder / MARKER).write_text(json.dumps(STAMP) + "\n", encoding="utf-8")


def _is_empty(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except OSError as exc:
        raise cannot_write(folder, exc) from None


# Staging and old folders sit beside the output, named with the build's PID so a later build can tell
# a killed build's leftovers from a running one's. The random part never contains '-', so a name matches
# only its own output.
def staging(target: Path, recycle: Callable[[Path], bool] | None = None) -> tuple[Path, bool]:
    """A new, marked folder beside ``target`` to build into, and whether ``recycle`` filled it.

    ``recycle`` may move an earlier marked site onto the new (empty) folder and say so; else it stays empty.
    """
    folder = Path(tempfile.mkdtemp(prefix=f".afterview-staging-{os.getpid()}-", suffix=f"-{target.name}",
                                   dir=target.parent))
    if recycle is not None and recycle(folder):
        return folder, True
    mark(folder)  # first, so a killed build leaves a folder the next build may remove
    return folder, False


def swap(staging_folder: Path, target: Path) -> Path | None:
    """Put the built folder in place of ``target`` with two renames; returns the old site's folder, if any."""
    old = None
    if target.exists():
        if not (is_marked(target) or _is_empty(target)):  # it changed during the build
            raise OutputFolderError("files appeared in this folder during the build", location=Location(str(target)),
                                    hint=HINT)
        old = target.with_name(f".afterview-old-{os.getpid()}-{target.name}")
        target.rename(old)
    staging_folder.rename(target)
    return old


def clean_stale(target: Path) -> list[Path]:
    """Remove marked staging and old folders for ``target`` left by builds that are no longer running."""
    pattern = re.compile(rf"\.afterview-(?:staging-(\d+)-[a-z0-9_]+|old-(\d+))-{re.escape(target.name)}")
    removed = []
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return []
    for sibling in siblings:
        match = pattern.fullmatch(sibling.name)
        if not match or sibling.is_symlink() or not sibling.is_dir() or not is_marked(sibling):
            continue
        if match[2] and foreign(sibling):
            continue  # a build killed between swap's renames: the old site holds files someone added, kept
        if not _alive(int(match[1] or match[2])):
            remove_tree(sibling, ignore_errors=True)
            removed.append(sibling)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def site_path(path: str) -> PurePosixPath | None:
    """``path`` as a relative path inside the site, or None if it is absolute or climbs out with '..'."""
    return PurePosixPath(path) if inside_site(path) else None


def inside_site(path: str) -> bool:
    """Is ``path`` relative, without '..', '.' or empty parts, backslashes, the marker or the manifest? Such a
    path is already in the form pathlib would give it, so callers that only need the text skip pathlib's parsing."""
    parts = path.split("/")
    return (bool(path) and "\\" not in path and parts[0] not in (MARKER, MANIFEST)
            and not any(p in ("", "..", ".") for p in parts))
