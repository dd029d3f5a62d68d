"""``afterview import``: journal entries from a job tracker's CSV export.

afterview needs four things from a row: company, role, interview date and
status. The column names below are our assumption of what each tracker's
export calls them (neither publishes a schema): header names are matched
without regard to case or surrounding spaces, and each field accepts the
alternatives listed.

- Huntr (jobs board export): ``Company``, ``Job Title`` (or ``Title``),
  ``List`` (the board column, e.g. Interviewing, Offer, Rejected; or
  ``Status``), ``Interview Date`` (or ``Next Interview``).
- Teal (job tracker export): ``Company``, ``Job Position`` (or ``Position``),
  ``Status``, ``Interview Date`` (or ``Interview``).
- Anything else: columns named like the fields (``company``, ``role``,
  ``interview``, ``status``, ``timezone``, ``country``), or ``--map
  'Employer=company,Job=role,When=interview,Stage=status'``.

A status of rejected, offer, accepted, declined or withdrawn becomes an
event dated when it is imported (the exports carry no date for it).
"""

from __future__ import annotations

import argparse
import csv
from datetime import datetime
from pathlib import Path
from typing import Any

from afterview.errors import AfterviewError, Location, Problem, UsageError
from afterview.journal.store import Journal, JournalError

FIELDS = ("company", "role", "interview", "status", "timezone", "country")
TRACKERS: dict[str, dict[str, tuple[str, ...]]] = {
    "huntr": {"company": ("company",), "role": ("job title", "title"), "status": ("list", "status"),
              "interview": ("interview date", "next interview")},
    "teal": {"company": ("company",), "role": ("job position", "position"), "status": ("status",),
             "interview": ("interview date", "interview")},
}
# Headers only one tracker uses, to recognise an export.
TELLTALES = {"huntr": {"list", "job title"}, "teal": {"job position"}}
STATUS_EVENTS = {
    "rejected": "rejected", "rejection": "rejected", "not selected": "rejected", "declined by employer": "rejected",
    "offer": "offer_received", "offered": "offer_received", "offer received": "offer_received",
    "accepted": "offer_accepted", "offer accepted": "offer_accepted", "declined": "offer_declined",
    "offer declined": "offer_declined", "withdrawn": "withdrew", "withdrew": "withdrew",
}
DATE_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y %H:%M",
                "%m/%d/%Y %I:%M %p", "%b %d, %Y %I:%M %p", "%Y-%m-%d", "%m/%d/%Y", "%b %d, %Y")


def parse_map(text: str) -> dict[str, tuple[str, ...]]:
    """'Employer=company,Job=role' -> {'company': ('employer',), 'role': ('job',)}."""
    mapping: dict[str, tuple[str, ...]] = {}
    for pair in filter(None, (p.strip() for p in text.split(","))):
        column, sep, field = pair.rpartition("=")
        if not sep or not column.strip() or field.strip() not in FIELDS:
            raise UsageError(f"'{pair}' is not COLUMN=FIELD", location=Location("--map"),
                             hint=f"fields: {', '.join(FIELDS)}")
        mapping[field.strip()] = (*mapping.get(field.strip(), ()), column.strip().lower())
    return mapping


def choose_mapping(header: list[str], tracker: str, custom: str | None) -> dict[str, tuple[str, ...]]:
    names = {h.strip().lower() for h in header}
    if custom:
        return {**{f: (f,) for f in FIELDS}, **parse_map(custom)}
    if tracker == "auto":
        tracker = next((t for t, tell in TELLTALES.items() if tell & names), "generic")
    return {**{f: (f,) for f in FIELDS}, **TRACKERS.get(tracker, {})}


def columns(header: list[str], mapping: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Field -> column index, for the fields this header has."""
    index = {h.strip().lower(): i for i, h in enumerate(header)}
    return {field: index[name] for field, names in mapping.items() for name in names if name in index}


def parse_interview(text: str) -> str | None:
    """The interview as facts-file text (naive, minutes), or None if no format fits; a date alone means 09:00."""
    for fmt in DATE_FORMATS:
        try:
            moment = datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
        if "%H" not in fmt and "%I" not in fmt:
            moment = moment.replace(hour=9)
        return moment.strftime("%Y-%m-%dT%H:%M")
    return None


def row_values(row: list[str], cols: dict[str, int], timezone: str, now: datetime) -> dict[tuple[str, ...], Any]:
    """The facts a row gives, or ValueError saying what is wrong with it."""
    cell = {f: row[i].strip() for f, i in cols.items() if i < len(row) and row[i].strip()}
    if "company" not in cell:
        raise ValueError("no company")
    if "interview" not in cell:
        raise ValueError(f"no interview date for {cell['company']} (afterview plans from an interview)")
    start = parse_interview(cell["interview"])
    if start is None:
        raise ValueError(f"interview date '{cell['interview']}' is not a date (write 2026-11-17 14:00)")
    values: dict[tuple[str, ...], Any] = {("company",): cell["company"], ("interview", "start"): start,
                                          ("timezone",): cell.get("timezone", timezone)}
    for field in ("role", "country"):
        if field in cell:
            values[(field,)] = cell[field]
    event = STATUS_EVENTS.get(cell.get("status", "").lower())
    if event:
        at = max(now.replace(tzinfo=None), datetime.fromisoformat(start))
        values[("events",)] = [{"type": event, "at": at.strftime("%Y-%m-%dT%H:%M"), "note": "imported"}]
    return values


_AGAIN = "fix the row, then import the file again (rows already added are refused, never doubled)"


def import_csv(journal: Journal, args: argparse.Namespace) -> int:
    """Add a journal entry per readable row; report every other row as ``file.csv:LINE: why``."""
    from afterview.cli.clock import system_timezone
    from afterview.journal.new_entry import create, entry_text
    from afterview.journal.options import now_from

    path = Path(args.csv)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise AfterviewError(f"cannot read: {reason}", location=Location(args.csv),
                             hint="give the tracker's CSV export, saved as UTF-8") from None
    reader = csv.reader(text.splitlines(keepends=True))
    header = next(reader, [])
    cols = columns(header, choose_mapping(header, args.tracker, args.map))
    if "company" not in cols or "interview" not in cols:
        raise UsageError(f"no company or interview column among: {', '.join(header)}",
                         location=Location(args.csv, 1),
                         hint="name them with --map, e.g. --map 'Employer=company,When=interview'")
    timezone = args.timezone or system_timezone().key
    now = now_from(args)
    problems, added, line = [], [], reader.line_num
    for row in reader:
        first, line = line + 1, reader.line_num
        if not any(c.strip() for c in row):
            continue
        try:
            values = row_values(row, cols, timezone, now)
            slug, _ = create(journal, None, entry_text(None, values, timezone))
            added.append(slug)
        except ValueError as exc:
            problems.append(Problem(Location(args.csv, first), str(exc), _AGAIN))
        except JournalError as exc:
            problems.append(Problem(Location(args.csv, first), exc.message, "this row was left out; " + _AGAIN))
        except AfterviewError as exc:
            problems += [Problem(Location(args.csv, first), p.message, p.hint) for p in exc.problems]
    print(f"imported {len(added)} application{'s' * (len(added) != 1)}" + (f": {', '.join(added)}" if added else ""))
    if problems:
        raise AfterviewError(problems=problems)
    return 0
