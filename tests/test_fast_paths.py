"""The planner's fast paths give exactly what the slow, obvious ones give.

Business days come from per-year tables of open days instead of a day-by-day
walk, and wall-clock times skip the round trip through UTC on days far from
a change of offset. Both are checked against the walk and the round trip on
every day of a year, the clock changes included.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from afterview.planning.business_days import BusinessCalendar
from afterview.planning.holiday_tables import HolidayStore
from afterview.planning.wall_clock import Zone, add_hours, local

STORE = HolidayStore()
DAYS = [date(2026, 1, 1) + timedelta(days=n) for n in range(400)]


def _calendars() -> list[BusinessCalendar]:
    return [
        BusinessCalendar("US", store=STORE),
        BusinessCalendar("DE", "BY", store=STORE),
        BusinessCalendar("IL", weekend=frozenset({4, 5}), store=STORE),
        # a New Year break across the year's end, and the Friday after Thanksgiving
        BusinessCalendar("US", closed={date(2026, 8, 14): "company day"}, store=STORE,
                         yearly=(("12-24", "01-02", "winter break"),),
                         day_after=(("Thanksgiving", "day after Thanksgiving"),)),
    ]


@pytest.mark.parametrize("calendar", _calendars(), ids=lambda c: c.name)
def test_business_day_tables_match_the_walk(calendar: BusinessCalendar) -> None:
    for day in DAYS:
        for count in (-12, -5, -1, 0, 1, 2, 5, 12, 40):
            assert calendar.add_open_days(day, count) == calendar.add_business_days(day, count)[0], (day, count)
        for convention in ("following", "preceding", "none"):
            assert calendar.roll_day(day, convention) == calendar.roll(day, convention)[0], (day, convention)


def _round_trip(day: date, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, at).replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"])
def test_wall_clock_matches_the_round_trip_through_utc(zone: str) -> None:
    tz = ZoneInfo(zone)
    for day in DAYS:
        for at in (time(0, 0), time(0, 30), time(1, 30), time(2, 0), time(2, 30), time(3, 0), time(14, 0),
                   time(23, 59), time(1, 30, fold=1)):
            fast, slow = local(day, at, tz), _round_trip(day, at, tz)
            assert (fast, fast.utcoffset(), fast.fold, fast.isoformat()) == \
                   (slow, slow.utcoffset(), slow.fold, slow.isoformat()), (day, at)
        base = datetime.combine(day, time(14, 0), tz)
        for hours in (3, 24, 47, -24, 100):
            fast, slow = add_hours(base, hours, tz), (base.astimezone(UTC) + timedelta(hours=hours)).astimezone(tz)
            assert (fast, fast.isoformat(), fast.fold) == (slow, slow.isoformat(), slow.fold), (day, hours)


def test_the_day_the_clocks_go_forward_keeps_absolute_hours() -> None:
    tz = ZoneInfo("America/New_York")
    before = datetime(2026, 3, 7, 14, 0, tzinfo=tz)
    assert add_hours(before, 24, tz).isoformat() == "2026-03-08T15:00:00-04:00"
    assert local(date(2026, 3, 8), time(2, 30), tz).isoformat() == "2026-03-08T03:30:00-04:00"


@pytest.mark.parametrize(("zone", "changes"), [("America/New_York", [date(2026, 3, 8), date(2026, 11, 1)]),
                                               ("Australia/Lord_Howe", [date(2026, 4, 5), date(2026, 10, 4)]),
                                               ("Asia/Kolkata", []), ("UTC", [])])
def test_a_zones_calm_days_are_the_days_a_wall_time_needs_no_round_trip(zone: str, changes: list[date]) -> None:
    tz = ZoneInfo(zone)
    table = Zone(tz)
    table.cover(2026)
    year = {date(2026, 1, 1) + timedelta(days=n) for n in range(365)}
    # the day of each change and the day before it are not calm; every other day of the year is
    assert {date.fromordinal(o) for o in table.calm} == year - {d - timedelta(days=k) for d in changes for k in (0, 1)}
    for ordinal in table.calm:
        day = date.fromordinal(ordinal)
        for at in (time(0, 0), time(2, 30), time(14, 0), time(23, 59)):
            fast = datetime.combine(day, at, tz)  # what the compiled steps build on a calm day
            slow = _round_trip(day, at, tz)
            assert (fast.isoformat(), fast.fold) == (slow.isoformat(), slow.fold), (day, at)
