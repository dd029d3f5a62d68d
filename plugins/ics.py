"""The ``ics`` format: one calendar for every application, written with ``icalendar``.

What real clients do (see calendars.md in the project's shared reference):
events by default, since Google and Outlook ignore tasks; all-day spans with
exclusive ends; a VTIMEZONE for every TZID; METHOD:PUBLISH; deterministic
UIDs with no personal data; DTSTAMP from ``now`` so the same inputs give the
same bytes; SEQUENCE bumped when an event's content changes since the file
being replaced.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from afterview import Action, Afterview, Kind, OutputFormat, Plan, Status, __version__, hookimpl
from afterview.text.markdown_text import unwrap

# Fixed forever: changing it would change every UID users have imported.
UID_NAMESPACE = uuid.UUID("5f0c1d2e-8a4b-4c6d-9e7f-a1b2c3d4e5f6")
TIMED_MINUTES = 30
PRIORITIES = {1: 1, 2: 3, 3: 5, 4: 7, 5: 9}  # ours (1–5) onto RFC 5545's (1–9)


def clean(text: str) -> str:
    """Normalise line breaks: icalendar escapes LF, and a bare CR must never reach the output."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def application_key(plan: Plan) -> str:
    facts = plan.facts
    return "\0".join([facts.company or "", facts.role or "", facts.interview_start.isoformat()])


def uid(plan: Plan, rule_id: str, component: str = "event") -> str:
    """Stable for the same application and rule; a hash, so no name or email is readable in it."""
    name = "\0".join([application_key(plan), rule_id, component])
    return f"{uuid.uuid5(UID_NAMESPACE, name)}@afterview"


def summary(action: Action) -> str:
    title = action.summary
    company = action.facts.company
    return clean(f"{title} ({company})" if company and company not in title else title)


def description(plan: Plan, action: Action) -> str:
    parts = [unwrap(action.body)]
    if action.rule.why:
        parts.append(f"Why: {action.rule.why.strip()}")
    for draft in action.drafts:
        subject = f"Subject: {draft.subject}\n" if draft.subject else ""
        parts.append(f"{draft.title or draft.id}:\n{subject}{draft.text}")
    cited = [plan.ruleset.sources[s] for s in action.rule.sources if s in plan.ruleset.sources]
    if cited:
        parts.append("Sources: " + "; ".join(f"{s.title} ({s.label})" for s in cited))
    # Only the date arithmetic: the status line changes with `now` and would bump SEQUENCE every day.
    steps = [line for line in action.explanation if line.startswith(("opens: ", "due: ", "closes: "))]
    parts.append("How this date was worked out:\n" + "\n".join(f"- {line}" for line in steps))
    return clean("\n\n".join(parts))


def _span(action: Action) -> tuple[date, date]:
    """All-day start and exclusive end."""
    start = (action.opens or action.due).date()
    if action.kind == Kind.QUIET and action.closes:
        return start, max(action.closes.date(), start + timedelta(days=1))
    if action.kind == Kind.MILESTONE:
        return action.due.date(), action.due.date() + timedelta(days=1)
    last = max((action.closes or action.due).date(), start)
    return start, last + timedelta(days=1)


def is_timed(action: Action) -> bool:
    timing = action.rule.timing
    return action.kind == Kind.TASK and timing is not None and timing.at is not None


def event(plan: Plan, action: Action, options: dict[str, Any]) -> Any:
    from icalendar import Alarm, Event

    item = Event()
    item.add("uid", uid(plan, action.rule.id))
    item.add("summary", summary(action))
    if is_timed(action):
        item.add("dtstart", action.due)
        item.add("duration", timedelta(minutes=TIMED_MINUTES))
    else:
        start, end = _span(action)
        item.add("dtstart", start)
        item.add("dtend", end)
        item.add("transp", "TRANSPARENT")  # an all-day reminder must not block the day
    item.add("description", description(plan, action))
    item.add("categories", ["afterview", action.kind, *action.rule.tags])
    item.add("priority", PRIORITIES[action.rule.priority])
    if options.get("base_url"):
        item.add("url", f"{options['base_url'].rstrip('/')}/rules/{action.rule.id}/")
    if action.kind != Kind.QUIET:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary(action))
        # Timed: half an hour before. All-day: 09:00 on the first day (relative to its midnight start).
        alarm.add("trigger", timedelta(minutes=-30) if is_timed(action) else timedelta(hours=9))
        item.add_component(alarm)
    return item


def todo(plan: Plan, action: Action) -> Any:
    from icalendar import Todo

    item = Todo()
    item.add("uid", uid(plan, action.rule.id, "todo"))
    item.add("summary", summary(action))
    if action.opens:
        item.add("dtstart", action.opens)
    item.add("due", action.due)
    item.add("status", "COMPLETED" if action.status == Status.DONE else "NEEDS-ACTION")
    item.add("priority", PRIORITIES[action.rule.priority])
    item.add("description", description(plan, action))
    item.add("categories", ["afterview", *action.rule.tags])
    return item


def _previous(data: bytes | None) -> dict[str, tuple[int, str]]:
    """UID -> (SEQUENCE, content hash) from the file this output replaces."""
    if not data:
        return {}
    from icalendar import Calendar

    try:
        old = Calendar.from_ical(data)
    except ValueError:
        return {}
    return {str(c["UID"]): (int(c.get("SEQUENCE", 0)), str(c.get("X-AFTERVIEW-HASH", "")))
            for c in old.walk() if c.name in ("VEVENT", "VTODO") and "UID" in c}


def _stamp(component: Any, now: datetime, previous: dict[str, tuple[int, str]]) -> None:
    digest = hashlib.sha256(component.to_ical()).hexdigest()[:16]
    sequence, old_digest = previous.get(str(component["UID"]), (0, digest))
    component.add("sequence", sequence + (old_digest != digest))
    component.add("x-afterview-hash", digest)
    component.add("dtstamp", now)


def render(plans: list[Plan], app: Afterview, options: dict[str, Any]) -> bytes:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", f"-//afterview//afterview {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "After the interview")
    now = plans[0].now.astimezone(UTC)
    previous = _previous(options.get("previous"))
    components = []
    for plan in plans:
        for action in plan.actions:
            if action.status == Status.SKIPPED:
                continue
            components.append(event(plan, action, options))
            if options.get("tasks") and action.kind == Kind.TASK:
                components.append(todo(plan, action))
    for component in components:
        _stamp(component, now, previous)
        calendar.add_component(component)
    years = [a.due.year for p in plans for a in p.actions] or [now.year]
    calendar.add_missing_timezones(first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1))
    data: bytes = calendar.to_ical()
    return data


@hookimpl
def register_output_formats(app: Afterview) -> list[OutputFormat]:
    return [OutputFormat("ics", render, "an iCalendar file for Google, Apple, Outlook and Thunderbird", ".ics")]
