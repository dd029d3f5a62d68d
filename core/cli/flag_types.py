"""Argument types that raise located UsageErrors (argparse lets non-ValueError exceptions through)."""

from __future__ import annotations

from collections.abc import Callable

from afterview.errors import Location, UsageError


def http_url(flag: str) -> Callable[[str], str]:
    """An argparse ``type`` accepting only an http(s) URL with a host and no spaces or control characters."""

    def check(text: str) -> str:
        from urllib.parse import urlsplit

        bad = any(c.isspace() or ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in text)
        try:
            parts = urlsplit(text)
            port_ok = parts.port is None or parts.port > 0
        except ValueError:
            port_ok = False
        if bad or not port_ok or parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"{text!r} is not an http(s) URL", location=Location(flag),
                             hint="for example https://example.org/guide")
        return text

    return check


def port_number(text: str) -> int:
    """A TCP port, 1–65535."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise UsageError(f"'{text}' is not a port number (1–65535)", location=Location("--port"))
    return port


def process_count(text: str) -> int:
    """A number of worker processes, 1 or more (``--jobs``)."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise UsageError(f"'{text}' is not a number of processes (1 or more)", location=Location("--jobs"))
    return count
