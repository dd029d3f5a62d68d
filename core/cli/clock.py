"""The moment a command plans for: ``--now`` or the real clock, read here in the CLI layer, never in the engine."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from afterview.errors import FactsError, Location
from afterview.limits import year_problem


@dataclass(frozen=True)
class Clock:
    """``now`` (aware) and, when a naive ``--now`` was read in the system's timezone, a note saying so."""

    now: datetime
    note: str | None = None


def system_timezone_name() -> str | None:
    """The system's IANA zone name: ``TZ`` if it names one (as the C library reads it), else the OS setting."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not _is_zone(name):
        # Asked only when TZ names no zone; tzlocal's answer is cached between runs.
        from afterview.cli.local_zone import local_zone_name

        name = local_zone_name() or ""
    return name if _is_zone(name) else None


def _is_zone(name: str) -> bool:
    if not name:
        return False
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return True


def place_zone_name() -> str | None:
    """The system's zone when it names a place (Region/City): a bare 'UTC' says nothing about where you are."""
    name = system_timezone_name()
    return name if name and "/" in name else None


def system_timezone() -> ZoneInfo:
    """The system's zone, or UTC when it cannot be told."""
    return ZoneInfo(system_timezone_name() or "UTC")


def read_clock(text: str | None) -> Clock:
    """``--now`` (an offset is kept; a naive time is in the system's timezone), or the real clock."""
    if text is None:
        return Clock(datetime.now(UTC))
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise FactsError(f"'{text}' is not a date and time", location=Location("--now"),
                         hint="write it as 2026-11-18T09:00, or with an offset: 2026-11-18T09:00-05:00") from None
    problem = year_problem(moment.date())
    if problem:
        raise FactsError(problem, location=Location("--now"), hint="check the year")
    if moment.tzinfo is not None:
        return Clock(moment)
    tz = system_timezone()
    # fold=0 then a round trip through UTC: a time in a DST gap moves forward, as in facts files
    aware = moment.replace(tzinfo=tz).astimezone(UTC)
    return Clock(aware, f"--now read in {tz.key}, this system's timezone")
