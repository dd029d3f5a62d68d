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
        for key in ("yearly", "through"):
            if key in closed and not _month_day(closed[key]):
                fail("closed", (i, key), f"calendar.closed[{i}].{key}: '{closed[key]}' is not a day of the year",
                     "write it as MM-DD, such as 12-24 (02-29 is allowed: it counts in leap years)")
        if "day_after" in closed:
            unknown = _unknown_holiday(str(closed["day_after"]), _countries(cal, origins))
            if unknown:
                fail("closed", (i, "day_after"), f"calendar.closed[{i}].day_after: {unknown}",
                     "use a public holiday's name as the holidays package spells it in English")
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


def _month_day(text: Any) -> bool:
    """'12-24' or '02-29' is a real day of some year; '13-01' and '01-32' are not."""
    try:
        date.fromisoformat(f"2024-{text}")  # a leap year, so 02-29 is allowed
    except ValueError:
        return False
    return len(str(text)) == 5


def _countries(cal: dict[str, Any], origins: dict[str, Any]) -> list[str]:
    """Whose holidays a day_after names: the calendar's country, else those the closing layer applies to."""
    if cal.get("country"):
        return [str(cal["country"]).partition("-")[0]]
    layer, _ = origins["closed"]
    applies = ((getattr(layer, "data", None) or {}).get("applies_to") or {}).get("country") or []
    return [str(c).partition("-")[0].upper() for c in ([applies] if isinstance(applies, str) else applies)]


# Holiday names as the package spells them over a few years (a holiday may move or be new in one year).
_NAME_YEARS = range(2024, 2031)


def _unknown_holiday(name: str, countries: list[str]) -> str | None:
    """Why ``name`` matches no public holiday of ``countries`` (matched as the planner does: contained in one)."""
    from afterview.planning.holiday_tables import SHARED

    known: set[str] = set()
    for country in countries:
        if country not in SHARED.countries():
            continue
        for year in _NAME_YEARS:
            for names in SHARED.holidays(country, None, year).values():
                known.update(names.split("; "))
    if not known or any(name in holiday for holiday in known):
        return None
    where = " or ".join(countries)
    return f"no public holiday in {where} is named '{name}'{did_you_mean(name, sorted(known))}"
