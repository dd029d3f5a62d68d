"""Write output files all at once, so a failure never leaves half a file behind."""

from __future__ import annotations

import os
from pathlib import Path

from afterview.errors import AfterviewError, Location


def write_atomic(path: str | Path, data: str | bytes, *, durable: bool = False) -> None:
    """Write to a temporary file beside ``path``, then rename it into place.

    ``durable`` flushes the data to disk before the rename and keeps the
    replaced file's permissions: for files people edit, such as the journal's.
    """
    import tempfile

    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise cannot_write(target, exc) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            if durable:
                out.flush()
                os.fsync(out.fileno())
                if target.exists():
                    os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException as exc:
        os.unlink(tmp)
        if isinstance(exc, OSError):
            raise cannot_write(target, exc) from None
        raise


def cannot_write(target: Path, exc: OSError) -> AfterviewError:
    return AfterviewError(f"cannot write here: {exc.strerror or exc}", location=Location(str(target)),
                          hint="check that the folder exists and that you may write to it")
