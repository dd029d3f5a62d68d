"""Write output files all at once, so a failure never leaves half a file behind.

The rules for a user's output path, in order:

- ``-`` is standard output.
- A stream that is already open (``/dev/stdout``, ``/dev/fd/N``) or anything that is not a regular file
  (a character device such as ``/dev/null``, a FIFO) is written directly: replacing it would turn a
  device into a plain file.
- A symlink is written through: the link stays a link and its target is replaced, in the target's folder.
- A regular file is replaced atomically. It keeps its mode; a new file gets the umask's mode.

Before a command writes to ``-o FILE`` it calls ``refuse_output``, which refuses, before anything is
written (the ICS format writes files beside its output while rendering):

- an input of the command (``refuse_inputs``);
- an existing, non-empty regular file that no output format recognises as afterview's output: afterview
  replaces only what it wrote (a re-run onto its own output keeps working), never a user's file;
- a file whose folder is missing or read-only, named as the user gave it rather than as a helper file.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from afterview.errors import AfterviewError, Location, UsageError

STDOUT = "-"
# Names for streams the process already has open; writing "over" them would replace the file behind the stream.
_OPEN_STREAMS = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/")
HEAD = 4096  # how much of an existing file a format sees to recognise its own output
NOT_OURS_HINT = "remove the file first if you mean to replace it, or choose another name"


class OutputExistsError(AfterviewError):
    """Raised for an output path that holds a file afterview did not write."""


def write_atomic(path: str | Path, data: str | bytes, *, durable: bool = False) -> None:
    """Write ``data`` to ``path`` following the module's rules (stdout, devices, symlinks, umask).

    ``durable`` flushes the data to disk before the rename: for files people keep, such as the journal's.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if str(path) == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    existing = _stat(target)
    if str(target).startswith(_OPEN_STREAMS) or (existing is not None and not stat.S_ISREG(existing.st_mode)):
        _write_directly(target, payload)
        return
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else _umask_mode()
    _replace(target, Path(os.path.realpath(target)), payload, mode, durable)


def _stat(target: Path) -> os.stat_result | None:
    """The file ``target`` names, following symlinks; None if there is none yet."""
    try:
        return os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise cannot_write(target, exc) from None


def _write_directly(target: Path, payload: bytes) -> None:
    if target.is_dir():
        raise cannot_write(target, IsADirectoryError(21, "Is a directory"))
    try:
        with open(target, "wb") as out:
            out.write(payload)
    except OSError as exc:
        raise cannot_write(target, exc) from None


def _replace(shown: Path, real: Path, payload: bytes, mode: int, durable: bool = False) -> None:
    """Write a temporary file beside ``real`` (the symlink's target), then rename it into place."""
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    except OSError as exc:
        raise cannot_write(shown, exc) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            os.fchmod(out.fileno(), mode)  # mkstemp makes 0600; the user expects their usual mode
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.replace(tmp, real)
    except BaseException as exc:
        os.unlink(tmp)
        if isinstance(exc, OSError):
            raise cannot_write(shown, exc) from None
        raise


def _umask_mode() -> int:
    """0o666 less the umask. os.umask is the only way to read it, so set it back at once."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def refuse_inputs(output: str | None, inputs: Iterable[str], flag: str = "-o") -> None:
    """A usage error if ``output`` is one of the ``inputs``: writing there would destroy what was read."""
    if not output or output == STDOUT:
        return
    existing = _stat(Path(output))
    if existing is None or not stat.S_ISREG(existing.st_mode):
        return  # a new file cannot be an input, and writing to a device replaces nothing
    for name in inputs:
        if name != STDOUT and Path(name).is_file() and os.path.samefile(name, output):
            raise UsageError(f"'{output}' is also an input ({name}); writing there would replace it",
                             location=Location(flag), hint="write to another file, or to stdout with '-o -'")


def refuse_output(output: str | None, inputs: Iterable[str], ours: Callable[[bytes], bool],
                  flag: str = "-o", hint: str = NOT_OURS_HINT) -> None:
    """Refuse ``output`` before anything is written: an input, a file ``ours`` does not recognise, or no place.

    ``ours`` gets the first ``HEAD`` bytes of an existing, non-empty regular file.
    """
    refuse_inputs(output, inputs, flag)
    if not output or output == STDOUT or str(output).startswith(_OPEN_STREAMS):
        return
    target = Path(output)
    existing = _stat(target)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        return  # a device or FIFO is written directly; a folder fails when written, naming it
    if existing is not None:
        head = _head(target)
        if head and not ours(head):
            raise OutputExistsError("this file exists and afterview did not write it; writing here would replace it",
                                    location=Location(str(target)), hint=hint)
    folder = Path(os.path.realpath(target)).parent
    if not folder.is_dir():
        raise cannot_write(target, FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT)))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise cannot_write(target, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))


def _head(target: Path) -> bytes:
    try:
        with open(target, "rb") as file:
            return file.read(HEAD)
    except OSError as exc:
        raise cannot_write(target, exc) from None


def cannot_write(target: Path, exc: OSError) -> AfterviewError:
    return AfterviewError(f"cannot write here: {exc.strerror or exc}", location=Location(str(target)),
                          hint="check that the folder exists and that you may write to it")
