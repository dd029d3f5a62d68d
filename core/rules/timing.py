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
from afterview.rules.offsets import Offset
from afterview.text import dates


@dataclass(frozen=True)
class Resolution:
    """A computed moment, or why there is none yet.

    ``words`` renders the arithmetic in words on demand: planning is hot, and
    most plans are never explained.
    """

    value: datetime | None
    words: Callable[[], str]
    base: datetime | None = None  # the anchor the offset was added to
    waiting_on: str | None = None  # an event type that has not been recorded
    missing: str | None = None  # why it cannot be computed at all

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

    def anchor(self, name: str) -> Resolution: ...


def local(day_: datetime | object, at: time, tz: ZoneInfo) -> datetime:
    """A wall-clock time on a day; times in a DST gap move forward, as clocks do."""
    naive = datetime.combine(day_, at)  # type: ignore[arg-type]
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


def shift(base: datetime, offset: Offset, ctx: Context) -> tuple[datetime, Callable[[], str]]:
    """Add an offset; return the result and a function that says it in words."""
    sign = "+" if offset.amount >= 0 else "-"
    if offset.unit == "h":
        value = (base.astimezone(UTC) + timedelta(hours=offset.amount)).astimezone(ctx.tz)
        return value, lambda: f" {sign} {offset.describe()}"
    if offset.unit == "bd":
        day_, skipped = ctx.calendar.add_business_days(base.date(), offset.amount)
        place = ctx.calendar.name

        def words() -> str:
            text = f" {sign} {offset.describe()} in {place}"
            return text + f", skipping {describe_skipped(skipped)}" if skipped else text

        return local(day_, base.timetz().replace(tzinfo=None), ctx.tz), words
    days = offset.amount * (7 if offset.unit == "w" else 1)
    return local(base.date() + timedelta(days=days), base.time(), ctx.tz), lambda: f" {sign} {offset.describe()}"


class Point:
    def resolve(self, ctx: Context) -> Resolution:
        raise NotImplementedError

    def anchors(self) -> list[str]:
        """Every anchor name this point refers to (for load-time checks)."""
        raise NotImplementedError


@dataclass(frozen=True)
class AnchorPoint(Point):
    anchor: str
    offset: Offset | None = None

    def resolve(self, ctx: Context) -> Resolution:
        base = ctx.anchor(self.anchor)
        if base.value is None:
            return base
        if self.offset is None:
            return Resolution(base.value, base.words, base.value)
        value, words = shift(base.value, self.offset, ctx)
        return Resolution(value, lambda: f"{base.text}{words()} → {dates.moment(value)}", base.value)

    def anchors(self) -> list[str]:
        return [self.anchor]


@dataclass(frozen=True)
class FractionPoint(Point):
    fraction: float
    start: str
    end: str

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

    def anchors(self) -> list[str]:
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

    def anchors(self) -> list[str]:
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

    def anchors(self) -> list[str]:
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

    def anchors(self) -> list[str]:
        return [a for p in self.points for a in p.anchors()]


@dataclass(frozen=True)
class Timing:
    """A rule's window. ``at`` sets the due moment's local time; ``roll`` moves it off closed days."""

    due: Point | None = None
    opens: Point | None = None
    closes: Point | None = None
    at: time | None = None
    roll: str = "following"
    points: dict[str, Point] = field(default_factory=dict, compare=False)

    def resolve_due(self, ctx: Context) -> Resolution:
        """The due moment after rolling off closed days and applying the time of day."""
        assert self.due is not None
        r = self.due.resolve(ctx)
        if r.value is None:
            return r
        value = r.value
        steps: list[tuple[Skipped | None, datetime]] = []
        rolled, skipped = ctx.calendar.roll(value.date(), self.roll)
        if skipped:
            value = local(rolled, value.time(), ctx.tz)
            steps.append((skipped, value))
        if self.at is not None:
            value = local(value.date(), self.at, ctx.tz)
            steps.append((None, value))
        if not steps:
            return r
        roll, at = self.roll, self.at

        def words() -> str:
            text = r.text
            for closed, moved in steps:
                if closed:
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
