"""A rule's timing points compiled once into small functions that compute values only.

Every anchor a ruleset names has a slot in the round's ``Slots`` (a list): the
interview's start and end, the stated decision, each event type the rules
read, and each rule's opens, due and closes, written as the rule is evaluated
(rules come in evaluation order). A point compiles to a step, a function of
the slots that gives a datetime, the name of the event it waits on (a
``str``), or None when there is no moment; a plain anchor to an ``itemgetter``.

The words of the arithmetic are not built here: an explanation asks the points
themselves (``rules/timing.py``), so the text has one source. Day arithmetic
is on ordinal days: business days and rolling are look-ups in the calendar's
open-day table, and a move by whole days adds a prebuilt ``timedelta`` when
the day reached is steady in its zone (no change of offset within a day),
which gives exactly what ``wall_clock.local`` gives; other days take that path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from operator import itemgetter
from typing import Any, TypeGuard

from afterview.planning.business_days import BusinessCalendar
from afterview.planning.offset_steps import DAYS, SPAN, business_step, calendar_step, hours_step
from afterview.planning.open_days import OpenDays
from afterview.planning.wall_clock import Zone, local
from afterview.rules.timing import AnchorPoint, FirstOf, FractionPoint, LatestOf, Point, WhenPoint
from afterview.rules.vocabulary import Anchor, Source

Value = datetime | str | None  # a moment, the event waited on (always a plain str), or nothing
Slots = list[Any]  # a round's Env (slot 0), then each anchor's Value
Step = Callable[[Slots], Value]
POINTS = ("opens", "due", "closes")
_FIXED = {Source.INTERVIEW_START: 1, Source.INTERVIEW_END: 2, Source.DECISION_BY: 3}  # slot 0: the Env


def is_moment(value: Value) -> TypeGuard[datetime]:
    """Not the name of an event waited on, nor None: a datetime (tested without naming the class, which
    the hot paths inline, so a subclass of datetime passes too)."""
    return value is not None and value.__class__ is not str


class Unsupported(Exception):
    """A point or anchor form this compiler does not know (a plugin's): the reference planner runs instead."""


class Layout:
    """Where each anchor's value sits in a round's ``Slots``."""

    def __init__(self, events: Iterable[str], rules: list[str]) -> None:
        self.events = sorted(set(events))
        self.event_slot = {kind: 4 + i for i, kind in enumerate(self.events)}
        self.first_rule = 4 + len(self.events)
        self.rules = {rule_id: self.first_rule + 3 * i for i, rule_id in enumerate(rules)}
        self.blank = [None] * (3 * len(rules))

    def slot(self, anchor: Anchor) -> int:
        if anchor.source in _FIXED:
            return _FIXED[anchor.source]
        if anchor.source is Source.EVENT:
            return self.event_slot[anchor.event]  # type: ignore[index]
        if anchor.rule not in self.rules or anchor.point not in POINTS:
            raise Unsupported(anchor)
        return self.rules[anchor.rule] + POINTS.index(anchor.point)


class Env:
    """What the steps need besides the anchors' values, for one round of one application."""

    __slots__ = ("below", "calendar", "calm", "days", "facts", "hi", "lo", "open", "opened", "tz", "zone")

    def __init__(self, facts: Any, calendar: BusinessCalendar, zone: Zone) -> None:
        self.facts, self.tz, self.zone, self.calendar = facts, facts.tz, zone, calendar
        days: OpenDays = calendar._days  # the calendar's own table
        self.days = days
        # The tables as they are now, read in the hot path one attribute away. A scan later in the round
        # replaces them with larger ones (it only adds years): these stay consistent among themselves, and a
        # day they do not cover takes the slow path. The zone's steady days likewise: a day scanned later
        # is missing (the slow path), never a day near a change.
        self.lo, self.hi, self.below, self.opened, self.open = days.lo, days.hi, days.below, days.opened, days.open
        self.calm = zone.calm


def slots(env: Env, decision: datetime | None, layout: Layout) -> Slots:
    """A round's slots: the Env, then the anchors' values (rules' slots empty until they are evaluated)."""
    facts = env.facts
    # an event not recorded: its name, what a step waits on; recorded (a few at most): its moment
    vals = [env, facts.interview_start, facts.interview_end, decision, *layout.events, *layout.blank]
    where = layout.event_slot
    for kind, event in facts.latest_events.items():
        slot = where.get(kind)
        if slot is not None:
            vals[slot] = event.at
    return vals


def move_days(env: Env, value: datetime, days: int) -> datetime:
    """``local(value.date() + days, value.time(), tz)``, without the conversion on steady days."""
    ordinal = value.toordinal() + days
    if value.tzinfo is env.tz and not value.fold and -SPAN <= days <= SPAN and ordinal in env.calm:
        return value + DAYS[days + SPAN]
    return local(date.fromordinal(ordinal), value.time(), env.tz)


def at_time(env: Env, value: datetime, at: time) -> datetime:
    """``local(value.date(), at, tz)``."""
    ordinal = value.toordinal()
    if ordinal in env.calm and not at.fold:
        return datetime.combine(value.date(), at, env.tz)
    return local(value.date(), at, env.tz)


def rolled_day(env: Env, value: datetime, convention: str) -> int:
    """The ordinal ``BusinessCalendar.roll_day`` reaches from the moment's day."""
    found = env.days.roll(value.toordinal(), convention)
    return found if found is not None else env.calendar.roll_day(value.date(), convention).toordinal()


def compile_point(point: Point, layout: Layout) -> Step:
    """The step giving ``point.resolve(ctx).value`` (or what it waits on)."""
    if type(point) is AnchorPoint:
        return _anchor_point(point, layout)
    if type(point) is FirstOf:
        return _first_of([compile_point(p, layout) for p in point.points])
    if type(point) is LatestOf:
        return _latest_of([compile_point(p, layout) for p in point.points])
    if type(point) is WhenPoint:
        inner, when = (compile_point(point.point, layout)), point.when
        return lambda vals: inner(vals) if when.test(vals[0].facts) else None
    if type(point) is FractionPoint:
        start, end, fraction = layout.slot(point.start), layout.slot(point.end), point.fraction
        return lambda vals: _fraction(vals[0], vals[start], vals[end], fraction)
    raise Unsupported(point)


def compile_base(point: Point, layout: Layout) -> Step:
    """The step giving ``point.resolve(ctx).base``: the anchor an offset was added to."""
    if type(point) is AnchorPoint:
        return itemgetter(layout.slot(point.anchor))
    if type(point) is FractionPoint:
        return itemgetter(layout.slot(point.start))
    if type(point) is WhenPoint:
        inner, when = (compile_base(point.point, layout)), point.when
        return lambda vals: inner(vals) if when.test(vals[0].facts) else None
    if type(point) not in {FirstOf, LatestOf}:
        raise Unsupported(point)
    parts = [(compile_point(p, layout), compile_base(p, layout))
             for p in point.points]  # type: ignore[attr-defined]
    if type(point) is FirstOf:
        return _first_base(parts)
    return lambda vals: _latest_base(vals, parts)


def _first_base(parts: list[tuple[Step, Step]]) -> Step:
    def first_base(vals: Slots) -> Value:
        for value_step, base_step in parts:
            value = value_step(vals)
            if value is not None and value.__class__ is not str:  # is_moment, inlined
                return base_step(vals)
        return None

    return first_base


def _anchor_point(point: AnchorPoint, layout: Layout) -> Step:
    slot, offset = layout.slot(point.anchor), point.offset
    if offset is None:
        return itemgetter(slot)
    if offset.unit == "h":
        return hours_step(slot, offset.amount)
    if offset.unit == "bd":
        return business_step(slot, offset.amount)
    return calendar_step(slot, offset.amount * (7 if offset.unit == "w" else 1))


def _first_of(steps: list[Step]) -> Step:
    def first_of(vals: Slots) -> Value:
        waiting = None
        for step in steps:
            value = step(vals)
            if value is not None and value.__class__ is not str:
                return value
            if waiting is None and value is not None:
                waiting = value
        return waiting

    return first_of


def _latest_of(steps: list[Step]) -> Step:
    def latest_of(vals: Slots) -> Value:
        """The first event waited on, if any; else the latest moment (the first of equal ones, as ``max``)."""
        best: Any = None
        for step in steps:  # steps are pure: stopping at the first waited-on event changes nothing
            value: Any = step(vals)
            if value is None:
                continue
            if value.__class__ is str:
                return value
            if best is None or value > best:
                best = value
        return best  # type: ignore[no-any-return]

    return latest_of


def _latest_base(vals: Slots, parts: list[tuple[Step, Step]]) -> Value:
    best: Any = None
    base: Value = None
    for value_step, base_step in parts:
        value = value_step(vals)
        if is_moment(value) and (best is None or value > best):
            best, base = value, base_step(vals)
    return base


def _fraction(env: Env, start: Value, end: Value, fraction: float) -> Value:
    if not is_moment(start):
        return start
    if not is_moment(end):
        return end
    span = end.astimezone(UTC) - start.astimezone(UTC)
    exact = start.astimezone(UTC) + span * fraction
    return (exact + timedelta(seconds=30)).replace(second=0, microsecond=0).astimezone(env.tz)
