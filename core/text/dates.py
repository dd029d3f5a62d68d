"""How dates read to people: 'Tue 17 Nov 2026', 'tomorrow, Wed 18 Nov'."""

from __future__ import annotations

from datetime import date, datetime

_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WEEKDAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def day(d: date, *, year: bool = True) -> str:
    """'Tue 17 Nov 2026' (locale-independent, unlike strftime)."""
    text = f"{_DAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]}"
    return f"{text} {d.year}" if year else text


def day_near(d: date, today: date) -> str:
    """'Mon 22 Nov' in ``today``'s year, 'Mon 22 Nov 2027' in any other: a short date never hides its year."""
    return day(d, year=d.year != today.year)


def moment(dt: datetime, *, year: bool = True) -> str:
    """'Tue 17 Nov 2026 15:00'."""
    return f"{day(dt, year=year)} {dt:%H:%M}"


def relative_day(d: date, today: date) -> str:
    """'today, Tue 17 Nov', 'tomorrow, Wed 18 Nov', 'in 5 days, Sun 22 Nov', '2 days ago, …'."""
    delta = (d - today).days
    label = {0: "today", 1: "tomorrow", -1: "yesterday"}.get(delta)
    if label is None:
        label = f"in {delta} days" if delta > 0 else f"{-delta} days ago"
    return f"{label}, {day(d, year=d.year != today.year)}"
