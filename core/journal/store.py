"""Where the journal lives and which applications it holds: one ``SLUG.yaml`` per application."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from afterview.errors import AfterviewError, Location, did_you_mean

JOURNAL_ENV = "AFTERVIEW_JOURNAL"
# A ruleset overlay kept in the journal folder (it is on the overlay search path) is not an application.
_OVERLAY = re.compile(rb"(?m)^applies_to\s*:")
ARCHIVE = "archive"  # finished applications move here, out of the agenda and the calendar
SUFFIX = ".yaml"


class JournalError(AfterviewError):
    """Raised for journal entries that do not exist, already exist, or cannot be changed."""


def journal_dir(flag: str | None = None) -> Path:
    """``--journal DIR``, else $AFTERVIEW_JOURNAL, else the user data folder (platformdirs)."""
    chosen = flag or os.environ.get(JOURNAL_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_path

    return user_data_path("afterview", appauthor=False) / "journal"


def checked_journal_dir(flag: str | None, *, create: bool = False) -> Path:
    """``journal_dir``, refusing a file, and a folder that is missing although the user named it (unless
    ``create``: ``add`` and ``import`` make it). The default folder may be missing: nothing was added yet."""
    root = journal_dir(flag)
    named = "--journal" if flag else JOURNAL_ENV if os.environ.get(JOURNAL_ENV) else None
    where = Location(named or str(root))
    if root.exists() and not root.is_dir():
        raise JournalError(f"{root} is a file, not a journal folder", location=where,
                           hint="give the folder that holds one .yaml file per application; to plan a single facts"
                                f" file, run 'afterview plan {root}'")
    if named and not create and not root.exists():
        raise JournalError(f"no journal folder at {root}", location=where,
                           hint="check the path; 'afterview add' creates the folder with its first application")
    return root


def is_overlay(raw: bytes) -> bool:
    return _OVERLAY.search(raw) is not None


def slugify(*parts: str | None) -> str:
    """'Acme', 'Data Engineer' -> 'acme-data-engineer' (ASCII, lowercase, hyphens)."""
    import unicodedata  # a C extension: loaded only when a name is made

    text = " ".join(p for p in parts if p)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


@dataclass(frozen=True)
class Journal:
    """A folder of facts files; archived ones sit in its ``archive/`` subfolder."""

    root: Path

    def open_entries(self) -> list[Path]:
        """The open applications' files, by slug (overlays kept in the folder are left out)."""
        return [path for path, raw in self.files() if not is_overlay(raw)]

    def files(self) -> list[tuple[Path, bytes]]:
        """Every ``*.yaml`` in the folder with its bytes: applications and any overlays."""
        found = []
        for path in sorted(self.root.glob(f"*{SUFFIX}")) if self.root.is_dir() else []:
            try:
                found.append((path, path.read_bytes()))
            except OSError:
                continue  # removed meanwhile
        return found

    def archived_entries(self) -> list[Path]:
        folder = self.root / ARCHIVE
        return sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []

    def slugs(self) -> list[str]:
        return [p.stem for p in self.open_entries()]

    def new_path(self, slug: str) -> Path:
        """Where a new application goes; refuses a slug already taken (open or archived)."""
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
            raise JournalError(f"'{slug}' is not a usable name", location=Location("--slug"),
                               hint="use lowercase letters, digits and hyphens: acme-data-engineer")
        for path in (self.root / f"{slug}{SUFFIX}", self.root / ARCHIVE / f"{slug}{SUFFIX}"):
            if path.exists():
                raise JournalError(f"'{slug}' is already in the journal ({path})", location=Location("--slug"),
                                   hint="pick another name with --slug, or change it with 'afterview edit'")
        return self.root / f"{slug}{SUFFIX}"

    def find(self, slug: str) -> Path:
        """The open application called ``slug``, or a located error with a did-you-mean."""
        path = self.root / f"{slug}{SUFFIX}"
        if "/" not in slug and path.is_file():
            return path
        if (self.root / ARCHIVE / f"{slug}{SUFFIX}").is_file():
            raise JournalError(f"'{slug}' is archived", location=Location("APP"),
                               hint=f"move {self.root / ARCHIVE / (slug + SUFFIX)} back to {self.root} to reopen it")
        known = self.slugs()
        suggestion = did_you_mean(slug, known)
        if not suggestion:  # 'acme' for 'acme-data-engineer': a prefix is what people type
            starts = [s for s in known if s.startswith(slug)]
            suggestion = f" (did you mean '{starts[0]}'?)" if len(starts) == 1 else ""
        listed = ", ".join(known) if known else "none yet; add one with 'afterview add'"
        raise JournalError(f"no application '{slug}' in the journal{suggestion}", location=Location("APP"),
                           hint=f"applications in {self.root}: {listed}")

    def archive_path(self, slug: str) -> Path:
        return self.root / ARCHIVE / f"{slug}{SUFFIX}"
