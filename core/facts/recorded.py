"""The events recorded in a facts file or with --event, checked and put on the facts' timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from afterview.errors import did_you_mean
from afterview.facts.events import EVENTS
from afterview.facts.model import EVENT_TIME, Event
from afterview.facts.moments import checked_moment


def recorded_events(check: Any, raw: list[dict[str, Any]], start: datetime | None,
                    tz: ZoneInfo | None) -> tuple[Event, ...]:
    """Each valid event; every problem goes to ``check`` (the facts checker) with its location."""
    events: list[Event] = []
    places: list[int] = []  # each event's index in the file
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            continue  # validate's partial check: the schema problem is reported already
        kind = item.get("type", "")
        if kind not in EVENTS:
            unknown = f"events[{i}].type: unknown event type '{kind}'{did_you_mean(kind, EVENTS)}"
            check.fail(("events", i, "type"), unknown,
                       f"known types: {', '.join(EVENTS)}")
            continue
        at, ok = checked_moment(check, ("events", i, "at"), item.get("at", ""), tz, EVENT_TIME)
        if not ok:
            continue
        if at is None:
            check.fail(("events", i, "at"), f"events[{i}].at: '{item.get('at')}' is not a date or date and time",
                       "write it as 2026-11-18T09:10, or a date alone: 2026-11-18")
        elif start and at < start:
            check.fail(("events", i, "at"), f"events[{i}].at: {kind} is dated before the interview",
                       f"check the date: the interview started {start:%Y-%m-%dT%H:%M}")
        elif kind == "done" and not item.get("rule"):
            check.fail(("events", i), f"events[{i}]: a 'done' event names the rule it marks done",
                       "write {type: done, rule: follow-up, at: ...}, or --event done:follow-up=DATETIME")
        else:
            nxt, ok = checked_moment(check, ("events", i, "interview"), item["interview"], tz) if item.get(
                "interview") else (None, True)
            if item.get("interview") and nxt is None and ok:
                check.fail(("events", i, "interview"),
                           f"events[{i}].interview: '{item['interview']}' is not a date and time",
                           "the next round's start: write it as 2026-12-03T14:00")
            events.append(Event(kind, at, item.get("note"), item.get("rule"), nxt))
            places.append(i)
    _check_rounds(check, events, places, start)
    return tuple(events)


def _check_rounds(check: Any, events: list[Event], places: list[int], start: datetime | None) -> None:
    """A next round starts after it was arranged and after the round before it (in the order they were arranged)."""
    latest = start
    for event, i in sorted(zip(events, places, strict=True), key=lambda pair: pair[0].at):
        nxt = event.interview
        if nxt is None:
            continue
        if nxt.date() < event.at.date():  # by date: a round arranged in the morning may be that afternoon
            check.fail(("events", i, "interview"),
                       f"events[{i}].interview: the next round starts ({nxt:%Y-%m-%dT%H:%M}) before it was "
                       f"arranged ({event.at:%Y-%m-%dT%H:%M})",
                       "'interview' is when the next round starts; 'at' is when it was arranged")
        elif latest is not None and nxt <= latest:
            check.fail(("events", i, "interview"),
                       f"events[{i}].interview: the next round starts ({nxt:%Y-%m-%dT%H:%M}) before the round "
                       f"before it ({latest:%Y-%m-%dT%H:%M})",
                       "check the date: each round starts after the one before it")
        latest = nxt if latest is None else max(latest, nxt)
