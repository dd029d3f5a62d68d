"""An anchor plus an offset (hours, business days, calendar days or weeks) as one compiled step.

These are most of a plan's steps, so each is one closure with its look-ups
inlined: the calendar's open-day table (``open_days.OpenDays``) for business
days, and the zone's table of days near a change of offset
(``wall_clock.Zone.calm``, as the round's ``Env`` holds it) to decide whether adding a prebuilt ``timedelta`` gives
exactly what ``wall_clock.local`` or ``add_hours`` gives. Anything outside
those tables takes the slow, obvious path.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from afterview.planning.wall_clock import add_hours, local

SPAN = 800  # whole-day moves prebuilt as timedeltas (business-day sums reach a few weeks)
DAYS = [timedelta(days=n) for n in range(-SPAN, SPAN + 1)]

Step = Callable[[list[Any]], Any]  # steps.Step: the round's slots to a value


def hours_step(slot: int, amount: int) -> Step:
    """The anchor in ``slot`` plus ``amount`` absolute hours (``wall_clock.add_hours``)."""
    delta = timedelta(hours=amount)
    short = 0 <= amount <= 48  # at most three days touched: the first, the last and one between

    def hours(vals: list[Any]) -> Any:
        value: Any = vals[slot]  # a Value
        if value is None or value.__class__ is str:
            return value
        env = vals[0]
        if short and value.tzinfo is env.tz and not value.fold:  # add_hours, its test inlined
            moved, calm = value + delta, env.calm
            first, last = value.toordinal(), moved.toordinal()
            if first in calm and last in calm and (last - first < 2 or first + 1 in calm):
                return moved
        return add_hours(value, amount, env.tz)

    return hours


def business_step(slot: int, amount: int) -> Step:
    """The anchor in ``slot`` plus ``amount`` business days: ``OpenDays.add`` and ``steps.move_days`` inlined."""
    ahead = amount > 0

    def business(vals: list[Any]) -> Any:
        value: Any = vals[slot]  # a Value
        if value is None or value.__class__ is str:
            return value
        env = vals[0]
        day = value.toordinal()
        reached = None
        i = day - env.lo
        if amount and i >= 0 and day < env.hi:  # OpenDays.add, on the round's snapshot of the table (steps.Env)
            k = env.below[i + 1] + amount - 1 if ahead else env.below[i] + amount
            opened = env.opened
            if 0 <= k < len(opened):
                reached = opened[k]
        if reached is None:
            reached = env.calendar.add_open_days(value.date(), amount).toordinal()
        if value.tzinfo is env.tz and not value.fold and reached in env.calm and -SPAN <= reached - day <= SPAN:
            return value + DAYS[reached - day + SPAN]
        return local(date.fromordinal(reached), value.time(), env.tz)

    return business


def calendar_step(slot: int, days: int) -> Step:
    """The anchor in ``slot`` plus ``days`` calendar days, at the same wall-clock time."""
    step = DAYS[days + SPAN] if -SPAN <= days <= SPAN else None

    def calendar_days(vals: list[Any]) -> Any:
        value: Any = vals[slot]  # a Value
        if value is None or value.__class__ is str:
            return value
        env = vals[0]
        reached = value.toordinal() + days
        if step is not None and value.tzinfo is env.tz and not value.fold and reached in env.calm:
            return value + step
        return local(date.fromordinal(reached), value.time(), env.tz)

    return calendar_days
