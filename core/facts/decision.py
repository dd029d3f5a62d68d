"""A decision date as the employer stated it: 'by' a date, or 'within' a duration of the interview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from afterview.limits import offset_problem, year_problem
from afterview.planning.holiday_tables import HolidayStore
from afterview.rules.offsets import Offset, parse_offset


class Checker(Protocol):
    """Where problems go (``model._Checker``)."""

    holidays: HolidayStore

    def fail(self, path: tuple[Any, ...], message: str, hint: str | None = None) -> None: ...


@dataclass(frozen=True)
class Within:
    """A decision stated as 'within N': the count, and the day it starts from (the interview's end)."""

    offset: Offset
    since: date



def stated_decision(check: Checker, decision: dict[str, Any], end: datetime | None,
                    region: tuple[str, str | None]) -> tuple[date | None, Within | None]:
    """The decision date (a 'within N business days' counted on the country's calendar alone: the planner
    counts it again on the ruleset's), and the 'within' as stated."""
    day = _decision(check, decision, end, region)
    offset = parse_offset(decision["within"]) if day is not None and "within" in decision else None
    return day, (Within(offset, end.date()) if offset is not None and end is not None else None)


def _decision(check: Checker, decision: dict[str, Any], end: datetime | None,  # noqa: PLR0911 - one per fault
              region: tuple[str, str | None]) -> date | None:
    if "by" in decision and "within" in decision:
        check.fail(("decision",), "give decision.by or decision.within, not both",
                   "keep what they said: a date (decision: {by: 2026-12-01}) or a span (decision: {within: 2 weeks})")
        return None
    if "within" in decision:
        offset = parse_offset(decision["within"])
        too_long = offset and offset_problem(offset.amount, offset.unit)
        if offset is None or offset.amount < 0 or too_long:
            wrong = too_long or f"'{decision['within']}' is not a duration"
            check.fail(("decision", "within"), f"decision.within: {wrong}", "write it as '2 weeks', '10 days' or '5bd'")
            return None
        return _after(end, offset, region, check.holidays) if end else None
    if "by" not in decision:
        return None
    try:
        by = date.fromisoformat(str(decision["by"]))
    except ValueError:
        check.fail(("decision", "by"), f"decision.by: '{decision['by']}' is not a date", "write it as 2026-12-01")
        return None
    if year_problem(by):
        check.fail(("decision", "by"), f"decision.by: {year_problem(by)}", "check the year")
        return None
    if end and by < end.date():
        check.fail(("decision", "by"), f"decision.by ({by}) is before the interview ({end.date()})",
                   "check the year and month: it is the date they said they would decide by, after the interview")
    return by


def _after(end: datetime, offset: Offset, region: tuple[str, str | None], holidays: HolidayStore) -> date:
    """The stated decision date for 'within N', counted as people say it."""
    if offset.unit == "bd":
        from afterview.planning.business_days import BusinessCalendar

        country, subdivision = region
        if country not in holidays.countries() or (subdivision and subdivision not in holidays.countries()[country]):
            return end.date()  # the unknown country is already a problem: no calendar to count on
        weekend = frozenset(holidays.weekend(country)) if country in holidays.countries() else frozenset({5, 6})
        calendar = BusinessCalendar(country, subdivision, weekend, store=holidays)
        day: date = calendar.add_business_days(end.date(), offset.amount)[0]
        return day
    per_unit = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}[offset.unit]
    return (end + per_unit * offset.amount).date()
