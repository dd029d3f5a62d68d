"""Dates and times as people write them in facts and flags, within the supported range."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from afterview.limits import year_problem


class OutOfRange(ValueError):
    """A date or time outside the supported years (``afterview.limits``), or a local time that never happens."""

    hint: str | None = None


class Nonexistent(OutOfRange):
    """A local time in a clock change's gap (02:30 when clocks jump from 02:00 to 03:00)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def parse_moment(text: Any, tz: ZoneInfo, *, default_time: time | None = None) -> datetime | None:
    """'2026-11-17T14:00' (in ``tz``), with an offset, or a date if ``default_time`` is given.

    None if it is none of these; raises OutOfRange for a year outside the supported range.
    """
    text = str(text).strip()
    try:
        if len(text) == 10 and default_time is not None:
            return _in_range(datetime.combine(date.fromisoformat(text), default_time, tz))
        if len(text) == 10:
            return None
        moment = _in_range(datetime.fromisoformat(text))
    except OutOfRange:
        raise
    except ValueError:
        return None
    if moment.tzinfo is None:
        settled = moment.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
        if settled.replace(tzinfo=None) != moment:
            raise _gap(text, moment, tz)
        return settled
    return moment.astimezone(tz)


def _gap(text: str, wall: datetime, tz: ZoneInfo) -> Nonexistent:
    """The error for a wall time the clocks skip, naming the last time before the jump and the first after."""
    before, after = wall.replace(tzinfo=tz, fold=0).utcoffset(), wall.replace(tzinfo=tz, fold=1).utcoffset()
    assert before is not None and after is not None
    moment = (wall - max(before, after)).replace(tzinfo=UTC)  # the earliest instant it could mean
    while moment.astimezone(tz).utcoffset() != max(before, after):  # walk to the change, a minute at a time
        moment += timedelta(minutes=1)
    last, first = (moment - timedelta(minutes=1)).astimezone(tz), moment.astimezone(tz)
    from afterview.text.dates import day as day_words

    day = day_words(wall.date())
    return Nonexistent(f"{text} does not exist in {tz.key}: the clocks jump from {first - (after - before):%H:%M}"
                       f" to {first:%H:%M} on {day}",
                       f"the nearest times that exist are {last:%H:%M} and {first:%H:%M}; or add the offset the"
                       f" invitation meant, e.g. {text}{_offset(before)} or {text}{_offset(after)}")


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def ambiguous(text: Any, tz: ZoneInfo) -> str | None:
    """A note when a naive local time happens twice (clocks going back): which one afterview uses."""
    try:
        wall = datetime.fromisoformat(str(text).strip())
    except ValueError:
        return None
    if wall.tzinfo is not None or len(str(text).strip()) == 10:
        return None
    first, second = wall.replace(tzinfo=tz, fold=0).utcoffset(), wall.replace(tzinfo=tz, fold=1).utcoffset()
    if first is None or second is None or first == second:
        return None
    return (f"{str(text).strip()} happens twice in {tz.key} (the clocks go back that night): the first is used,"
            f" {_offset(first)}; write {str(text).strip()}{_offset(second)} for the second")


def _in_range(moment: datetime) -> datetime:
    problem = year_problem(moment.date())
    if problem:
        raise OutOfRange(problem)
    return moment


def checked_moment(check: Any, path: tuple[Any, ...], text: Any, tz: ZoneInfo | None,
                   default_time: time | None = None) -> tuple[datetime | None, bool]:
    """(parse_moment's answer, False if it was out of range and recorded with ``check.fail`` at ``path``)."""
    try:
        return parse_moment(text, tz or ZoneInfo("UTC"), default_time=default_time), True
    except OutOfRange as exc:
        label = path[0] if len(path) == 1 else f"{path[0]}[{path[1]}].{path[2]}" if len(path) == 3 else ".".join(path)
        check.fail(path, f"{label}: {exc}", exc.hint or "check the year")
        return None, False
