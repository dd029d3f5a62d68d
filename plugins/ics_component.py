"""A calendar component as unfolded content lines, written in the order icalendar writes them.

Keeping the lines (rather than icalendar objects) makes a component cheap to
hash, to compare with the previous run and to write; the order is
icalendar's, so ``Calendar.from_ical(data).to_ical() == data``.
"""

from __future__ import annotations

import hashlib

from afterview.plugins.ics_lines import fold

# icalendar writes these first, in this order, then the rest by name.
CANONICAL = {
    "VEVENT": ("SUMMARY", "DTSTART", "DTEND", "DURATION", "DTSTAMP", "UID", "RECURRENCE-ID", "SEQUENCE"),
    "VTODO": (),
    "VALARM": (),
}
# Written per run, not part of what an event says: they never change its hash.
STAMPS = ("DTSTAMP", "SEQUENCE", "X-AFTERVIEW-HASH")


def name_of(line: str) -> str:
    """A content line's property name (before its parameters or value)."""
    end = len(line)
    for mark in (";", ":"):
        at = line.find(mark)
        if 0 <= at < end:
            end = at
    return line[:end].upper()


class Component:
    """A VEVENT or VTODO: its properties (without the per-run stamps) and its alarms."""

    __slots__ = ("alarms", "kind", "lines", "presorted", "uid")

    def __init__(self, kind: str, uid: str, lines: list[str], alarms: list[list[str]] | None = None, *,
                 presorted: bool = False) -> None:
        self.kind = kind
        self.uid = uid
        self.lines = lines
        self.alarms = alarms or []
        # A VEVENT built in icalendar's order with UID after DTSTART/DTEND: the stamps go around the UID.
        self.presorted = presorted

    def digest(self) -> str:
        """A hash of what the component says: its inputs as lines, not a serialisation by a library."""
        text = "\n".join([*self.lines, *("\n".join(alarm) for alarm in self.alarms)])
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def write(self, out: list[str], *, sequence: int, stamp: str, digest: str) -> None:
        """Append the folded lines to ``out``."""
        out.append(f"BEGIN:{self.kind}")
        if self.presorted:
            at = self.lines.index(f"UID:{self.uid}")
            lines = [*self.lines[:at], f"DTSTAMP:{stamp}", self.lines[at], f"SEQUENCE:{sequence}",
                     *self.lines[at + 1:], f"X-AFTERVIEW-HASH:{digest}"]
        else:
            lines = ordered(self.kind, [*self.lines, f"DTSTAMP:{stamp}", f"SEQUENCE:{sequence}",
                                        f"X-AFTERVIEW-HASH:{digest}"])
        out.extend(fold(line) for line in lines)
        for alarm in self.alarms:
            out.append("BEGIN:VALARM")
            out.extend(fold(line) for line in ordered("VALARM", alarm))
            out.append("END:VALARM")
        out.append(f"END:{self.kind}")


def ordered(kind: str, lines: list[str]) -> list[str]:
    first = CANONICAL.get(kind, ())
    rank = {name: i for i, name in enumerate(first)}
    keyed = [(name_of(line), i, line) for i, line in enumerate(lines)]
    keyed.sort(key=lambda k: (rank.get(k[0], len(first)), k[0] if k[0] not in rank else "", k[1]))
    return [line for _, _, line in keyed]
