"""Business days on a country's calendar: weekends, public holidays and extra closed days."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from afterview.planning.holiday_tables import SHARED, HolidayStore
from afterview.planning.open_days import OpenDays
from afterview.text import dates

Skipped = list[tuple[date, str]]


@dataclass
class BusinessCalendar:
    """Which days are open for business in one country (and subdivision)."""

    country: str
    subdivision: str | None = None
    weekend: frozenset[int] = frozenset({5, 6})
    closed: dict[date, str] = field(default_factory=dict)
    store: HolidayStore = SHARED
    yearly: tuple[tuple[str, str, str], ...] = ()  # (MM-DD, through MM-DD, name), e.g. a New Year break
    day_after: tuple[tuple[str, str], ...] = ()  # (holiday name, name): e.g. the Friday after Thanksgiving
    _reasons: dict[date, str | None] = field(default_factory=dict, repr=False, compare=False)
    _days: OpenDays = field(default_factory=OpenDays, repr=False, compare=False)

    @property
    def name(self) -> str:
        return f"{self.country}-{self.subdivision}" if self.subdivision else self.country

    def closed_reason(self, day: date) -> str | None:
        """Why ``day`` is closed ('weekend', a holiday's name), or None if it is open."""
        try:
            return self._reasons[day]
        except KeyError:
            pass
        if day.weekday() in self.weekend:
            reason: str | None = "weekend"
        else:
            reason = self.closed.get(day) or self.store.holidays(self.country, self.subdivision, day.year).get(day) \
                or self._recurring(day)
        self._reasons[day] = reason
        return reason

    def _recurring(self, day: date) -> str | None:
        """A yearly closed period or the day after a named holiday (compared as MM-DD text)."""
        md = f"{day.month:02d}-{day.day:02d}"  # strftime costs a cold plan a few tenths of a ms over two years
        for start, through, name in self.yearly:
            inside = start <= md <= through if start <= through else (md >= start or md <= through)
            if inside:
                return name
        if self.day_after:
            before = self.store.holidays(self.country, self.subdivision, (day - timedelta(days=1)).year)
            names = before.get(day - timedelta(days=1)) or ""
            return next((label for holiday, label in self.day_after if holiday in names), None)
        return None

    def is_open(self, day: date) -> bool:
        return self.closed_reason(day) is None

    def add_open_days(self, start: date, count: int) -> date:
        """The day ``add_business_days`` reaches, by table look-up rather than a walk."""
        if count == 0:
            return self.roll_day(start, "following")
        found = self._days.add(start.toordinal(), count)
        if found is None:
            self._days.cover(self, start.toordinal(), count)
            found = self._days.add(start.toordinal(), count)
        return date.fromordinal(found) if found is not None else self.add_business_days(start, count)[0]

    def roll_day(self, day: date, convention: str) -> date:
        """The day ``roll`` reaches, by table look-up rather than a walk."""
        if convention == "none":
            return day
        found = self._days.roll(day.toordinal(), convention)
        if found is None:
            self._days.cover(self, day.toordinal(), 0)
            found = self._days.roll(day.toordinal(), convention)
        return date.fromordinal(found) if found is not None else self.roll(day, convention)[0]

    def add_business_days(self, start: date, count: int) -> tuple[date, Skipped]:
        """Move ``count`` open days from ``start`` (backwards if negative).

        Returns the day reached and the non-weekend closed days passed over, so
        the explanation can name the holidays that pushed the date out.
        """
        if count == 0:
            return self.roll(start, "following")
        step = timedelta(days=1 if count > 0 else -1)
        skipped: Skipped = []
        day, remaining = start, abs(count)
        while remaining:
            day += step
            reason = self.closed_reason(day)
            if reason is None:
                remaining -= 1
            elif reason != "weekend":
                skipped.append((day, reason))
        return day, skipped

    def roll(self, day: date, convention: str) -> tuple[date, Skipped]:
        """Move a closed day to the next ('following') or previous ('preceding') open day."""
        if convention == "none":
            return day, []
        step = timedelta(days=-1 if convention == "preceding" else 1)
        skipped: Skipped = []
        while (reason := self.closed_reason(day)) is not None:
            skipped.append((day, reason))
            day += step
        return day, skipped


def describe_skipped(skipped: Skipped) -> str:
    """'Thu 26 Nov 2026 (Thanksgiving Day)' joined with commas and 'and'."""
    parts = [f"{dates.day(d)} ({reason})" for d, reason in skipped]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
