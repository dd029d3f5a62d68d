"""The operating system's timezone name, as tzlocal finds it, remembered between runs.

Importing tzlocal costs a cold start several ms (it imports ``logging``, and its
lookup may import ``importlib.resources``), and a naive ``--now`` needs the
answer on every run. On POSIX systems tzlocal reads a handful of files, so its
answer is cached under a key made of ``TZ``, tzlocal's installed build and the
identity (type, size, modification time, inode, link target) of each of those
files: changing the system's timezone changes one of them, and the next run
asks tzlocal again. Elsewhere (Windows reads the registry) tzlocal is always asked.
"""

from __future__ import annotations

import os
from functools import cache

# What tzlocal's unix lookup reads (tzlocal 5): the Termux probe, the distributions' config files, and
# /etc/localtime, usually a symlink into the zone database.
_FILES = ("/system/bin/getprop", "/etc/timezone", "/var/db/zoneinfo", "/etc/sysconfig/clock", "/etc/conf.d/clock",
          "/etc/localtime", "/usr/local/etc/localtime")
# Files whose content tzlocal may warn about (a syntax error, a stale /etc/timezone): an answer found with
# one of them present is not cached unless /etc/timezone says the same, so any warning is printed every run.
_WARNERS = ("/etc/sysconfig/clock", "/etc/conf.d/clock")


@cache  # as tzlocal memoises its first answer for the process
def local_zone_name() -> str | None:
    """tzlocal's ``get_localzone_name()``, from the cache when the files it reads are unchanged."""
    if os.name != "posix":
        return _ask_tzlocal()
    from afterview import _cache

    name = f"localzone-{_key()}.json"
    cached = _cache.read_json(name)
    if isinstance(cached, dict) and isinstance(cached.get("zone"), str | None):
        zone: str | None = cached["zone"]
        return zone
    found = _ask_tzlocal()
    if _quiet(found):
        _cache.write_json(name, {"zone": found})
    return found


def _ask_tzlocal() -> str | None:
    from tzlocal import get_localzone_name

    return get_localzone_name()


def _key() -> str:
    """Changes when ``TZ``, the installed tzlocal or any file tzlocal reads changes."""
    from importlib.util import find_spec

    from afterview.digest import sha256

    spec = find_spec("tzlocal")
    parts = [os.environ.get("TZ", ""), _identity(spec.origin if spec and spec.origin else "")]
    parts += [_identity(path) for path in _FILES]
    return sha256("\0".join(parts).encode()).hexdigest()[:24]


def _identity(path: str) -> str:
    try:
        link = os.lstat(path)
        target = os.stat(path)
    except OSError:
        return "-"
    pointed = os.readlink(path) if os.path.islink(path) else ""
    return f"{link.st_mode}:{pointed}:{target.st_size}:{target.st_mtime_ns}:{target.st_ino}"


def _quiet(found: str | None) -> bool:
    """No file that could have made tzlocal warn, unless /etc/timezone agrees with the answer."""
    if any(os.path.exists(path) for path in _WARNERS):
        return False
    try:
        with open("/etc/timezone", encoding="ascii") as stream:
            written = stream.read().strip("/ \t\r\n").split(None, 1)[:1]
    except (OSError, UnicodeDecodeError):
        return True
    return not written or written[0].split("#", 1)[0].replace(" ", "_") == found
