"""When a rule's window opens, falls due and closes, with the arithmetic in words.

A point is an anchor plus an offset, a fraction of the span between two
anchors, or the first available / latest of several points. Hours are
absolute time (24h after 14:00 on the day the clocks change is 13:00);
days, weeks and business days keep the local time of day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from afterview.planning.business_days import BusinessCalendar, Skipped, describe_skipped
from afterview.planning.wall_clock import add_hours, local
from afterview.rules.offsets import Offset
from afterview.rules.vocabulary import Anchor
from afterview.text import dates


class Resolution:
    """A computed moment, or why there is none yet.

    ``words`` renders the arithmetic in words on demand: planning is hot, and
    most plans are never explained. A slots class: a plan makes dozens.
    """

    __slots__ = ("base", "missing", "value", "waiting_on", "words")

    def __init__(self, value: datetime | None, words: Callable[[], str], base: datetime | None = None,
                 waiting_on: str | None = None, missing: str | None = None) -> None:
        self.value = value
        self.words = words
        self.base = base  # the anchor the offset was added to
        self.waiting_on = waiting_on  # an event type that has not been recorded
        self.missing = missing  # why it cannot be computed at all

    def __repr__(self) -> str:
        return f"Resolution({self.value!r}, base={self.base!r}, waiting_on={self.waiting_on!r}," \
               f" missing={self.missing!r})"

    @property
    def text(self) -> str:
        return self.words()

    @classmethod
    def waiting(cls, event: str) -> Resolution:
        return cls(None, lambda: f"{event} not recorded yet", waiting_on=event)

    @classmethod
    def absent(cls, reason: str) -> Resolution:
        return cls(None, lambda: reason, missing=reason)


class Context(Protocol):
    calendar: BusinessCalendar
    tz: ZoneInfo
    facts: Any  # what a point's `when` tests
    resolved: dict[str, Resolution]  # anchors already resolved for these facts (read first: it is the hot path)

    def anchor(self, name: Anchor) -> Resolution: ...


def shift(base: datetime, offset: Offset, ctx: Context) -> tuple[datetime, Callable[[], str]]:
    """Add an offset; return the result and a function that says it in words."""
    if offset.unit == "h":
        return add_hours(base, offset.amount, ctx.tz), lambda: f" {_sign(offset)} {offset.describe()}"
    if offset.unit == "bd":
        calendar, start = ctx.calendar, base.date()
        day_ = calendar.add_open_days(start, offset.amount)

        def words() -> str:  # the walk that names the holidays passed over runs only when explained
            text = f" {_sign(offset)} {offset.describe()} in {calendar.name}"
            skipped = calendar.add_business_days(start, offset.amount)[1]
            return text + f", skipping {describe_skipped(skipped)}" if skipped else text

        return local(day_, base.time(), ctx.tz), words
    days = offset.amount * (7 if offset.unit == "w" else 1)
    return local(base.date() + timedelta(days=days), base.time(), ctx.tz), \
        lambda: f" {_sign(offset)} {offset.describe()}"


def _sign(offset: Offset) -> str:
    return "+" if offset.amount >= 0 else "-"


class Point:
    def resolve(self, ctx: Context) -> Resolution:
        raise NotImplementedError

    def anchors(self) -> list[Anchor]:
        """Every anchor this point refers to (for load-time checks)."""
        raise NotImplementedError


@dataclass(frozen=True)
class AnchorPoint(Point):
    anchor: Anchor
    offset: Offset | None = None

    def resolve(self, ctx: Context) -> Resolution:
        base = ctx.resolved.get(self.anchor) or ctx.anchor(self.anchor)
        if base.value is None:
            return base
        if self.offset is None:  # an anchor whose base is itself serves as the point
            return base if base.base is base.value else Resolution(base.value, base.words, base.value)
        value, words = shift(base.value, self.offset, ctx)
        return Resolution(value, lambda: f"{base.text}{words()} → {dates.moment(value)}", base.value)

    def anchors(self) -> list[Anchor]:
        return [self.anchor]


@dataclass(frozen=True)
class FractionPoint(Point):
    fraction: float
    start: Anchor
    end: Anchor

    def resolve(self, ctx: Context) -> Resolution:
        a, b = ctx.anchor(self.start), ctx.anchor(self.end)
        for r in (a, b):
            if r.value is None:
                return r
        assert a.value and b.value
        span = b.value.astimezone(UTC) - a.value.astimezone(UTC)
        exact = a.value.astimezone(UTC) + span * self.fraction
        value = (exact + timedelta(seconds=30)).replace(second=0, microsecond=0).astimezone(ctx.tz)
        percent = f"{self.fraction * 100:g}%"
        return Resolution(value, lambda: f"{percent} of the way from {a.text} to {b.text} → {dates.moment(value)}",
                          a.value)

    def anchors(self) -> list[Anchor]:
        return [self.start, self.end]


@dataclass(frozen=True)
class WhenPoint(Point):
    """A point that applies only when the facts match (a figure measured in one country, say)."""

    point: Point
    when: Any  # a Condition

    def resolve(self, ctx: Context) -> Resolution:
        if not self.when.test(ctx.facts):
            trace = "; ".join(self.when.trace(ctx.facts))
            return Resolution.absent(f"not for these facts ({trace})")
        return self.point.resolve(ctx)

    def anchors(self) -> list[Anchor]:
        return self.point.anchors()


@dataclass(frozen=True)
class FirstOf(Point):
    points: tuple[Point, ...]

    def resolve(self, ctx: Context) -> Resolution:
        passed: list[Resolution] = []
        for point in self.points:
            r = point.resolve(ctx)
            if r.value is not None:
                if not passed:
                    return r
                return _first_that_applies(r, list(passed))
            passed.append(r)
        waiting = next((r for r in passed if r.waiting_on), None)
        return waiting or Resolution.absent("; ".join(r.text for r in passed))

    def anchors(self) -> list[Anchor]:
        return [a for p in self.points for a in p.anchors()]


@dataclass(frozen=True)
class LatestOf(Point):
    points: tuple[Point, ...]

    def resolve(self, ctx: Context) -> Resolution:
        found = [p.resolve(ctx) for p in self.points]
        waiting = next((r for r in found if r.waiting_on), None)
        if waiting:
            return waiting
        usable = [r for r in found if r.value is not None]
        if not usable:
            return Resolution.absent("; ".join(r.text for r in found))
        best = max(usable, key=lambda r: r.value or datetime.min)
        if len(usable) == 1 or best.value is None:
            return best
        value = best.value
        return Resolution(value, lambda: f"latest of ({'; '.join(r.text for r in usable)}) → {dates.moment(value)}",
                          best.base)

    def anchors(self) -> list[Anchor]:
        return [a for p in self.points for a in p.anchors()]


@dataclass(frozen=True)
class Timing:
    """A rule's window. ``at`` sets the due moment's local time; ``roll`` moves it off closed days."""

    due: Point | None = None
    opens: Point | None = None
    closes: Point | None = None
    at: time | None = None
    roll: str = "following"
    lapses: bool = False  # past its window (closes, else due) the action lapses instead of staying overdue
    points: dict[str, Point] = field(default_factory=dict, compare=False)

    def resolve_due(self, ctx: Context) -> Resolution:
        """The due moment after rolling off closed days and applying the time of day."""
        assert self.due is not None
        r = self.due.resolve(ctx)
        if r.value is None:
            return r
        value = r.value
        steps: list[tuple[Callable[[], Skipped] | None, datetime]] = []
        calendar, day_ = ctx.calendar, value.date()
        rolled = calendar.roll_day(day_, self.roll)
        if rolled != day_:
            value = local(rolled, value.time(), ctx.tz)
            steps.append((lambda: calendar.roll(day_, self.roll)[1], value))
        if self.at is not None:
            value = local(value.date(), self.at, ctx.tz)
            steps.append((None, value))
        if not steps:
            return r
        roll, at = self.roll, self.at

        def words() -> str:
            text = r.text
            for skipped, moved in steps:
                if skipped:
                    closed = skipped()
                    verb = "is" if len(closed) == 1 else "are"
                    text += f"; {describe_skipped(closed)} {verb} closed, so rolled to the {roll} open day"
                    text += f" → {dates.moment(moved)}"
                else:
                    text += f"; at {at:%H:%M} → {dates.moment(moved)}"
            return text

        return Resolution(value, words, r.base)


def _first_that_applies(chosen: Resolution, passed: list[Resolution]) -> Resolution:
    return Resolution(chosen.value, lambda: f"{chosen.text} (first that applies; {'; '.join(p.text for p in passed)})",
                      chosen.base)
