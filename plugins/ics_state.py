"""What the last calendar written to a file said, so the next one can bump SEQUENCE and cancel.

The state file (``FILE.ics.state.json`` beside the calendar) holds, for each
UID written, ``[sequence, hash, cancelled]``:

    {"version": 1, "events": {"<uid>": [2, "9f1c…", false], …}}

With it, a re-run knows what changed without parsing the previous calendar.
Without it (first run with this version, or a caller that passes only the
previous bytes), the previous calendar is scanned line by line instead; no
iCalendar library is involved either way. The previous calendar is also where
an event that left the plan is copied from, once, to be sent as cancelled.
"""

from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path

from afterview.plugins.ics_component import STAMPS, Component, name_of

VERSION = 1
Known = dict[str, tuple[int, str, bool]]  # uid -> (sequence, hash, cancelled)


def read(path: str | os.PathLike[str] | None) -> Known | None:
    """The state beside a calendar, or None if there is none (or it is unreadable or of another version)."""
    if path is None:
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("events"), dict):
        return None
    try:
        return {str(uid): (int(seq), str(digest), bool(cancelled))
                for uid, (seq, digest, cancelled) in data["events"].items()}
    except (TypeError, ValueError):
        return None


# How each helper file beside a calendar starts, as written here (ics_text writes the texts).
_HELPERS = {".state.json": b'{"version":', ".texts.json": b'{\n"digest": "'}


def helper_paths(state: str) -> list[str]:
    """The state file and the texts file beside the calendar whose state file is ``state``."""
    base = state.removesuffix(".state.json")
    return [base + suffix for suffix in _HELPERS]


def refuse_foreign_helpers(state: str) -> None:
    """Before anything is written: a file of someone else's where a helper file goes is never replaced."""
    from afterview import refuse_output

    for path, start in zip(helper_paths(state), _HELPERS.values(), strict=True):
        refuse_output(path, [], partial(_starts, start=start))


def _starts(head: bytes, start: bytes) -> bool:
    return head.startswith(start)


def write(path: str, known: Known) -> None:
    """Write the state beside its calendar; an error names the calendar, the file the user asked for."""
    from afterview import AfterviewError, Location, write_atomic

    try:
        write_atomic(path, dumps(known))
    except AfterviewError as exc:
        calendar = path.removesuffix(".state.json")
        why = exc.message.removeprefix("cannot write here: ")
        raise AfterviewError(f"cannot write the calendar's state file beside it, {Path(path).name}: {why}",
                             location=Location(calendar), hint=exc.hint) from None


def dumps(known: Known) -> bytes:
    events = {uid: list(known[uid]) for uid in sorted(known)}
    return json.dumps({"version": VERSION, "events": events}, separators=(",", ":")).encode() + b"\n"


def _unfolded(data: bytes) -> list[str]:
    text = data.decode("utf-8", "replace").replace("\r\n ", "").replace("\r\n\t", "")
    return text.split("\r\n")


def scan(data: bytes | None, wanted: set[str] | None = None) -> dict[str, tuple[int, str, bool, Component]]:
    """uid -> (sequence, hash, cancelled, component without stamps or alarms) for each VEVENT/VTODO.

    ``wanted`` limits the components kept to those UIDs (the ones to cancel).
    """
    found: dict[str, tuple[int, str, bool, Component]] = {}
    if not data:
        return found
    kind: str | None = None
    lines: list[str] = []
    in_alarm = False
    for line in _unfolded(data):
        if kind is None:
            if line in ("BEGIN:VEVENT", "BEGIN:VTODO"):
                kind, lines = line[6:], []
            continue
        if line in {"BEGIN:VALARM", "END:VALARM"}:
            in_alarm = line == "BEGIN:VALARM"
        elif line == f"END:{kind}":
            _keep(found, kind, lines, wanted)
            kind = None
        elif not in_alarm:
            lines.append(line)
    return found


def _keep(found: dict[str, tuple[int, str, bool, Component]], kind: str, lines: list[str],
          wanted: set[str] | None) -> None:
    values = {name_of(line): line.partition(":")[2] for line in lines}
    uid = values.get("UID")
    if not uid or (wanted is not None and uid not in wanted):
        return
    try:
        sequence = int(values.get("SEQUENCE", "0"))
    except ValueError:
        sequence = 0
    kept = [line for line in lines if name_of(line) not in (*STAMPS, "STATUS")]
    found[uid] = (sequence, values.get("X-AFTERVIEW-HASH", ""), values.get("STATUS") == "CANCELLED",
                  Component(kind, uid, kept))


def tzids(component: Component) -> set[str]:
    """The TZIDs a component's lines refer to (each needs a VTIMEZONE)."""
    found = set()
    for line in component.lines:
        head = line.partition(":")[0]
        for param in head.split(";")[1:]:
            if param.upper().startswith("TZID="):
                found.add(param[5:])
    return found


def start_day(component: Component) -> str:
    """The component's DTSTART (or DUE) as YYYYMMDD, for expiring old cancellations."""
    for name in ("DTSTART", "DUE"):
        for line in component.lines:
            if name_of(line) == name:
                return line.partition(":")[2][:8]
    return ""


def as_cancelled(component: Component) -> Component:
    return Component(component.kind, component.uid, [*component.lines, "STATUS:CANCELLED"])
