"""A rule's timing points compiled once into small functions that compute values only.

Each step takes the round's ``Env`` and gives a datetime, the name of the
event it waits on (a ``str``), or None when there is no moment. The words of
the arithmetic are not built here: an explanation asks the points themselves
(``rules/timing.py``), so the text has one source. Day arithmetic is on
ordinal days: business days and rolling are look-ups in the calendar's open-day
table, and a move by whole days adds a prebuilt ``timedelta`` to the moment
when the day reached is steady in its zone (no change of offset within a day),
which gives exactly what ``wall_clock.local`` gives; other days take that path.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from afterview.planning.business_days import BusinessCalendar
from afterview.planning.open_days import OpenDays
from afterview.planning.wall_clock import Zone, add_hours, local
from afterview.rules.timing import AnchorPoint, FirstOf, FractionPoint, LatestOf, Point, WhenPoint
from afterview.rules.vocabulary import Anchor, Source

Value = datetime | str | None  # a moment, the event waited on, or nothing
Step = Callable[["Env"], Value]
POINTS = {"opens": 0, "due": 1, "closes": 2}
_SPAN = 800  # whole-day moves prebuilt as timedeltas (business-day sums reach a few weeks)
_DAYS = [timedelta(days=n) for n in range(-_SPAN, _SPAN + 1)]


class Unsupported(Exception):
    """A point or anchor form this compiler does not know (a plugin's): the reference planner runs instead."""


class Env:
    """What the steps read for one round of one application."""

    __slots__ = ("calendar", "days", "decision", "facts", "latest", "outs", "tz", "zone")

    def __init__(self, facts: Any, calendar: BusinessCalendar, zone: Zone, decision: datetime | None,
                 size: int) -> None:
        self.facts, self.tz, self.zone, self.calendar = facts, facts.tz, zone, calendar
        self.days: OpenDays = calendar._days
        self.latest = facts.latest_events
        self.decision = decision  # the stated decision date at DECISION_TIME, or None
        self.outs: list[tuple[Value, Value, Value] | None] = [None] * size  # rule index -> (opens, due, closes)


def move_days(env: Env, value: datetime, days: int) -> datetime:
    """``local(value.date() + days, value.time(), tz)``, without the conversion on steady days."""
    ordinal, z = value.toordinal() + days, env.zone
    if value.tzinfo is env.tz and not value.fold and -_SPAN <= days <= _SPAN and z.lo <= ordinal < z.hi \
            and ordinal not in z.near:
        return value + _DAYS[days + _SPAN]
    return local(date.fromordinal(ordinal), value.time(), env.tz)


def at_time(env: Env, value: datetime, at: time) -> datetime:
    """``local(value.date(), at, tz)``."""
    ordinal, z = value.toordinal(), env.zone
    if z.lo <= ordinal < z.hi and ordinal not in z.near and not at.fold:
        return datetime.combine(value.date(), at, env.tz)
    return local(value.date(), at, env.tz)


def open_day(env: Env, value: datetime, count: int) -> int:
    """The ordinal ``count`` open days from the moment's day (``BusinessCalendar.add_open_days``)."""
    found = env.days.add(value.toordinal(), count) if count else None
    return found if found is not None else env.calendar.add_open_days(value.date(), count).toordinal()


def rolled_day(env: Env, value: datetime, convention: str) -> int:
    """The ordinal ``BusinessCalendar.roll_day`` reaches from the moment's day."""
    found = env.days.roll(value.toordinal(), convention)
    return found if found is not None else env.calendar.roll_day(value.date(), convention).toordinal()


def anchor_step(anchor: Anchor, index: dict[str, int]) -> Step:
    """An anchor's value, as ``engine._Planner.anchor`` gives it."""
    source = anchor.source
    if source is Source.INTERVIEW_END:
        return lambda env: env.facts.interview_end
    if source is Source.INTERVIEW_START:
        return lambda env: env.facts.interview_start
    if source is Source.DECISION_BY:
        return lambda env: env.decision
    if source is Source.EVENT:
        kind = anchor.event
        assert kind is not None

        def event(env: Env) -> Value:
            found = env.latest.get(kind)
            return kind if found is None else found.at

        return event
    if anchor.rule not in index or anchor.point not in POINTS:
        raise Unsupported(anchor)
    rule, point = index[anchor.rule], POINTS[anchor.point]

    def other_rule(env: Env) -> Value:
        out = env.outs[rule]
        return None if out is None else out[point]

    return other_rule


def compile_point(point: Point, index: dict[str, int]) -> Step:
    """The step computing ``point.resolve(ctx).value`` (or what it waits on)."""
    if type(point) is AnchorPoint:
        return _anchor_point(point, index)
    if type(point) is FirstOf:
        steps = [compile_point(p, index) for p in point.points]
        return lambda env: _first_of(env, steps)
    if type(point) is LatestOf:
        steps = [compile_point(p, index) for p in point.points]
        return lambda env: _latest_of(env, steps)
    if type(point) is WhenPoint:
        inner, when = compile_point(point.point, index), point.when
        return lambda env: inner(env) if when.test(env.facts) else None
    if type(point) is FractionPoint:
        start, end, fraction = anchor_step(point.start, index), anchor_step(point.end, index), point.fraction
        return lambda env: _fraction(env, start(env), end(env), fraction)
    raise Unsupported(point)


def compile_base(point: Point, index: dict[str, int]) -> Step:
    """The step computing ``point.resolve(ctx).base``: the anchor an offset was added to."""
    if type(point) is AnchorPoint:
        return anchor_step(point.anchor, index)
    if type(point) is FractionPoint:
        return anchor_step(point.start, index)
    if type(point) is WhenPoint:
        inner, when = compile_base(point.point, index), point.when
        return lambda env: inner(env) if when.test(env.facts) else None
    parts = [(compile_point(p, index), compile_base(p, index)) for p in point.points]  # type: ignore[attr-defined]
    if type(point) is FirstOf:
        return lambda env: next((base(env) for value, base in parts if isinstance(value(env), datetime)), None)
    if type(point) is LatestOf:
        return lambda env: _latest_base(env, parts)
    raise Unsupported(point)


def _anchor_point(point: AnchorPoint, index: dict[str, int]) -> Step:
    base, offset = anchor_step(point.anchor, index), point.offset
    if offset is None:
        return base
    amount = offset.amount
    if offset.unit == "h":
        delta = timedelta(hours=amount)
        return lambda env: _hours(env, base(env), amount, delta)
    if offset.unit == "bd":
        def business(env: Env) -> Value:
            value = base(env)
            if value.__class__ is not datetime:
                return value
            return move_days(env, value, open_day(env, value, amount) - value.toordinal())

        return business
    days = amount * (7 if offset.unit == "w" else 1)

    def calendar_days(env: Env) -> Value:
        value = base(env)
        return move_days(env, value, days) if value.__class__ is datetime else value

    return calendar_days


def _hours(env: Env, value: Value, hours: int, delta: timedelta) -> Value:
    """``wall_clock.add_hours``, its steady test inlined."""
    if value.__class__ is not datetime:
        return value
    assert isinstance(value, datetime)
    if value.tzinfo is env.tz and not value.fold and 0 <= hours <= 48:
        moved, z = value + delta, env.zone
        first, last = value.toordinal(), moved.toordinal()
        if z.lo <= first and last < z.hi and not any(o in z.near for o in range(first, last + 1)):
            return moved
    return add_hours(value, hours, env.tz)


def _first_of(env: Env, steps: list[Step]) -> Value:
    waiting = None
    for step in steps:
        value = step(env)
        if value.__class__ is datetime:
            return value
        if waiting is None and value is not None:
            waiting = value
    return waiting


def _latest_of(env: Env, steps: list[Step]) -> Value:
    found = [step(env) for step in steps]
    waiting = next((v for v in found if v.__class__ is str), None)
    if waiting is not None:
        return waiting
    usable = [v for v in found if v is not None]
    return max(usable) if usable else None


def _latest_base(env: Env, parts: list[tuple[Step, Step]]) -> Value:
    best: datetime | None = None
    base: Value = None
    for value_step, base_step in parts:
        value = value_step(env)
        if value.__class__ is datetime and (best is None or value > best):
            best, base = value, base_step(env)
    return base


def _fraction(env: Env, start: Value, end: Value, fraction: float) -> Value:
    for r in (start, end):
        if r.__class__ is not datetime:
            return r
    assert isinstance(start, datetime) and isinstance(end, datetime)
    span = end.astimezone(UTC) - start.astimezone(UTC)
    exact = start.astimezone(UTC) + span * fraction
    tz: ZoneInfo = env.tz
    return (exact + timedelta(seconds=30)).replace(second=0, microsecond=0).astimezone(tz)
