"""Keep due times in sensible hours: employer contacts inside working hours, nothing at night.

A due time is a deadline, so an evening one moves earlier (to the end of
the allowed hours that day) and an early-morning one moves to the end of the
previous evening's allowed hours or, for working hours, to their start.
Working hours hold on the calendar's open days only: a weekend or holiday has
none, so a due time on one is left alone (quiet hours still apply).
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from afterview.planning.business_days import BusinessCalendar
from afterview.planning.wall_clock import local
from afterview.rules.model import Rule, Settings
from afterview.rules.timing import Resolution
from afterview.rules.vocabulary import Kind
from afterview.text import dates


def fit(due: Resolution, rule: Rule, settings: Settings, tz: ZoneInfo,
        calendar: BusinessCalendar | None = None) -> Resolution:
    """The due moment moved into the ruleset's hours, with the move in words."""
    if due.value is None or rule.kind == Kind.QUIET:
        return due
    value, notes = due.value, []
    open_day = calendar is None or calendar.is_open(value.date())
    if rule.contact == "employer" and settings.working_hours and open_day:
        start, end = settings.working_hours
        clock = value.time()
        if clock > end:
            value = local(value.date(), end, tz)
            notes.append(f"after working hours, so by {end:%H:%M} that day")
        elif clock < start:
            value = local(value.date(), start, tz)
            notes.append(f"before working hours, so at {start:%H:%M}")
    if settings.quiet_hours:
        night, morning = settings.quiet_hours
        clock = value.time()
        if clock > night or clock < morning:
            day = value.date() if clock > night else value.date() - timedelta(days=1)
            value = local(day, night, tz)
            notes.append(f"no due time between {night:%H:%M} and {morning:%H:%M}, so by {night:%H:%M}")
    if not notes:
        return due
    moved = value

    def words() -> str:
        return f"{due.text}; " + "; ".join(notes) + f" → {dates.moment(moved)}"

    return Resolution(moved, words, due.base)


