"""Dates and times as people write them in facts and flags, within the supported range."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from afterview.limits import year_problem


class OutOfRange(ValueError):
    """A date or time outside the supported years (``afterview.limits``)."""


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
        return moment.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
    return moment.astimezone(tz)


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
        check.fail(path, f"{label}: {exc}", "check the year")
        return None, False
