"""Checks on a merged ruleset's ``calendar`` that the schema cannot make: real dates, a real timezone, an open day."""

from __future__ import annotations

from datetime import date
from typing import Any

from afterview.errors import Problem, did_you_mean
from afterview.limits import year_problem


def calendar_problems(merged: Any) -> list[Problem]:
    """Problems in ``calendar.timezone``, ``calendar.weekend`` and ``calendar.closed``, at the line that set them."""
    cal, origins = merged.calendar, merged.calendar_origins
    problems: list[Problem] = []

    def fail(key: str, sub: tuple[Any, ...], message: str, hint: str | None = None) -> None:
        layer, path = origins[key]
        problems.append(Problem(layer.location((*path, *sub)), message, hint))

    if "timezone" in cal and not _known_zone(cal["timezone"]):
        from zoneinfo import available_timezones

        fail("timezone", (), f"calendar.timezone: unknown timezone '{cal['timezone']}'"
             f"{did_you_mean(cal['timezone'], available_timezones())}", "use an IANA name such as Europe/Berlin")
    if "weekend" in cal and len(set(cal["weekend"])) >= 7:
        fail("weekend", (), "calendar.weekend: every day of the week is a weekend day, so no day is open",
             "list only the rest days, such as [sat, sun]")
    for i, closed in enumerate(cal.get("closed", [])):
        if "date" not in closed:
            continue  # a yearly or day_after entry
        try:
            problem = year_problem(date.fromisoformat(str(closed["date"])))
        except ValueError:
            problem = f"'{closed['date']}' is not a date"
        if problem:
            fail("closed", (i, "date"), f"calendar.closed[{i}].date: {problem}", "write it as 2026-12-24")
    return problems


def _known_zone(name: Any) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(str(name))
    except (ValueError, KeyError, OSError):
        return False
    return True
