"""``afterview edit``: change an application's file in $EDITOR, and keep it only if it still reads."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from afterview.atomic import write_atomic
from afterview.errors import AfterviewError, Location
from afterview.journal.edit import check_text
from afterview.journal.lock import locked


def editor_command() -> list[str]:
    """$VISUAL, else $EDITOR, else vi: what git and crontab use."""
    return shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")


def edit_in_editor(path: Path) -> int:
    """Edit a copy; check it; replace the file only if nobody changed it meanwhile (under its lock)."""
    original = path.read_text(encoding="utf-8")
    fd, name = tempfile.mkstemp(prefix=f"{path.stem}-", suffix=".yaml")
    copy = Path(name)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(original)
    while True:
        try:
            code = subprocess.call([*editor_command(), str(copy)])
        except OSError as exc:
            raise AfterviewError(f"cannot start the editor: {exc.strerror or exc}", location=Location("$EDITOR"),
                                 hint="set EDITOR, e.g. EDITOR=nano") from None
        edited = copy.read_text(encoding="utf-8")
        if code != 0 or edited == original:
            copy.unlink()
            print(f"{path.stem}: unchanged")
            return 0 if code == 0 else 1
        try:
            check_text(str(copy), edited)
            break
        except AfterviewError as exc:
            print(exc.render(), file=sys.stderr)
            if not (sys.stdin.isatty() and input("Edit again? [Y/n] ").strip().lower() in ("", "y", "yes")):
                raise AfterviewError(f"not saved: your edited copy is {copy}", location=Location(str(path)),
                                     hint="fix it and copy it over the entry, or run 'afterview edit' again") from None
    with locked(path):
        if path.read_text(encoding="utf-8") != original:
            raise AfterviewError(f"changed while you were editing; your version is {copy}",
                                 location=Location(str(path)),
                                 hint="merge the two by hand, then run 'afterview edit' again")
        write_atomic(path, edited, durable=True)
    copy.unlink()
    print(f"{path.stem}: saved")
    return 0
