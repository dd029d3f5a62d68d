"""Wall-clock times in a timezone, fast on the days the clocks do not change.

Converting through UTC costs about 2 µs a moment, most of a plan's time. On a
day at least a day away from a change of UTC offset, a wall time exists exactly
once, so building it directly gives the same moment; only the days around a
change take the slow path. The table of those days is computed once per zone
and year (pure data from the zone; nothing here reads a clock).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_NOON = time(12)
_near_change: dict[ZoneInfo, set[int]] = {}  # zone -> ordinal days within a day of an offset change
_years: dict[ZoneInfo, set[int]] = {}  # zone -> years already scanned


def _scan(tz: ZoneInfo, year: int) -> None:
    """Mark every day D with a change of offset between noon the day before and noon the day after."""
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    offsets = [datetime.combine(date.fromordinal(o), _NOON, tz).utcoffset() for o in range(first - 1, last + 2)]
    marked = _near_change.setdefault(tz, set())
    marked.update(first + i for i in range(last - first + 1) if offsets[i] != offsets[i + 2])
    _years.setdefault(tz, set()).add(year)


def steady(tz: ZoneInfo, day: date) -> bool:
    """Whether no change of UTC offset happens within a day of ``day``."""
    years = _years.get(tz)
    if years is None or day.year not in years:
        _scan(tz, day.year)
    return day.toordinal() not in _near_change[tz]


def local(day: date, at: time, tz: ZoneInfo) -> datetime:
    """A wall-clock time on a day; times in a DST gap move forward, as clocks do."""
    years = _years.get(tz)  # steady(), inlined: this is the hottest function of a plan
    if years is not None and day.year in years and not at.fold and day.toordinal() not in _near_change[tz]:
        return datetime.combine(day, at, tz)
    if not at.fold and steady(tz, day):
        return datetime.combine(day, at, tz)
    naive = datetime.combine(day, at)
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


def add_hours(base: datetime, hours: int, tz: ZoneInfo) -> datetime:
    """``base`` plus absolute hours (24h after 14:00 on the day the clocks change is 13:00), in ``tz``."""
    if base.tzinfo is tz and not base.fold and 0 <= hours <= 48:
        moved = base + timedelta(hours=hours)  # wall-clock arithmetic: equal to absolute when no change between
        start = base.date()
        if all(steady(tz, start + timedelta(days=d)) for d in range((moved.date() - start).days + 1)):
            return moved
    return (base.astimezone(UTC) + timedelta(hours=hours)).astimezone(tz)
