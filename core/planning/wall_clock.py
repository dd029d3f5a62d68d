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


class Zone:
    """A zone's days near a change of offset, for a contiguous block of scanned years.

    ``lo <= o < hi`` is the scanned block (ordinal days); ``near`` holds the
    ordinals within a day of a change. A day is steady when it is inside the
    block and not near a change; ``calm`` holds those days, so the planner's
    compiled steps test it in one look-up.
    """

    __slots__ = ("calm", "hi", "lo", "near", "tz")

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self.lo = self.hi = 0
        self.near: set[int] = set()
        self.calm: frozenset[int] = frozenset()

    def steady(self, ordinal: int) -> bool:
        """Whether no change of UTC offset happens within a day of this ordinal day."""
        if not self.lo <= ordinal < self.hi:
            self.cover(date.fromordinal(ordinal).year)
        return ordinal not in self.near

    def cover(self, year: int) -> None:
        """Scan ``year`` and any years between it and the block already scanned."""
        first, last = year, year
        if self.hi:
            first = min(first, date.fromordinal(self.lo).year)
            last = max(last, date.fromordinal(self.hi - 1).year)
        for y in range(first, last + 1):
            if not self.lo <= date(y, 7, 1).toordinal() < self.hi:
                self._scan(y)
        self.lo, self.hi = date(first, 1, 1).toordinal(), date(last + 1, 1, 1).toordinal()
        self.calm = frozenset(o for o in range(self.lo, self.hi) if o not in self.near)

    def _scan(self, year: int) -> None:
        """Mark every day D with a change of offset between noon the day before and noon the day after."""
        first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        offsets = [datetime.combine(date.fromordinal(o), _NOON, self.tz).utcoffset()
                   for o in range(first - 1, last + 2)]
        self.near.update(first + i for i in range(last - first + 1) if offsets[i] != offsets[i + 2])


_zones: dict[ZoneInfo, Zone] = {}


def zone(tz: ZoneInfo) -> Zone:
    """The (shared) table of ``tz``."""
    found = _zones.get(tz)
    if found is None:
        found = _zones[tz] = Zone(tz)
    return found


def steady(tz: ZoneInfo, day: date) -> bool:
    """Whether no change of UTC offset happens within a day of ``day``."""
    return zone(tz).steady(day.toordinal())


def local(day: date, at: time, tz: ZoneInfo) -> datetime:
    """A wall-clock time on a day; times in a DST gap move forward, as clocks do."""
    if not at.fold and zone(tz).steady(day.toordinal()):
        return datetime.combine(day, at, tz)
    naive = datetime.combine(day, at)
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


def add_hours(base: datetime, hours: int, tz: ZoneInfo) -> datetime:
    """``base`` plus absolute hours (24h after 14:00 on the day the clocks change is 13:00), in ``tz``."""
    if base.tzinfo is tz and not base.fold and 0 <= hours <= 48:
        moved = base + timedelta(hours=hours)  # wall-clock arithmetic: equal to absolute when no change between
        table = zone(tz)
        if all(table.steady(o) for o in range(base.toordinal(), moved.toordinal() + 1)):
            return moved
    return (base.astimezone(UTC) + timedelta(hours=hours)).astimezone(tz)
