"""One plan's actions as calendar components: events, optional to-dos, and alarms at the real moment.

Alarms (see the README's calendar section for what clients do with them):
a timed event's alarm fires one minute before its start, since Outlook
ignores alarms at or after the start; an all-day window's alarm fires at the
absolute moment its window opens, never before the interview ends. Done,
skipped, lapsed and quiet actions, alarms whose moment has passed, and alarms that
would fire after their event starts (an action due before the interview ends)
get none.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from afterview import Action, Kind, Plan, RenderOptions, Status
from afterview.plugins.ics_component import Component
from afterview.plugins.ics_lines import duration, escape, moment_property, utc
from afterview.text import unwrap

TIMED_MINUTES = 30
ALARM_LEAD = timedelta(minutes=1)  # before the start: Outlook drops alarms at or after it
PRIORITIES = {1: 1, 2: 3, 3: 5, 4: 7, 5: 9}  # ours (1–5) onto RFC 5545's (1–9)


def summary(action: Action, title: str) -> str:
    """The rendered summary ``title``, with the company added when it does not say it."""
    company = action.facts.company
    return f"{title} ({company})" if company and company not in title else title


def description(plan: Plan, action: Action, drafts: list[tuple[str, str | None, str]]) -> str:
    """The advice, its reason, the rendered ``drafts`` (heading, subject, text), sources and date arithmetic."""
    parts = [unwrap(action.body)]
    if action.rule.why:
        parts.append(f"Why: {action.rule.why.strip()}")
    for heading, subject, text in drafts:
        subject_line = f"Subject: {subject}\n" if subject else ""
        parts.append(f"{heading}:\n{subject_line}{text}")
    cited = plan.ruleset.cited(action.rule)
    if cited:
        parts.append("Sources: " + "; ".join(f"{s.title} ({s.label})" for s in cited))
    # Only the date arithmetic: the status line changes with `now` and would bump SEQUENCE every day.
    steps = [line for line in action.explanation if line.startswith(("opens: ", "due: ", "closes: "))]
    parts.append("How this date was worked out:\n" + "\n".join(f"- {line}" for line in steps))
    return "\n\n".join(parts)


def span(action: Action) -> tuple[date, date]:
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


def alarm_moment(action: Action, now: datetime) -> datetime | None:
    """When the reminder should fire, or None when it should not exist."""
    if action.kind == Kind.QUIET or action.status in (Status.DONE, Status.SKIPPED, Status.LAPSED, Status.PASSED):
        return None
    timed = is_timed(action)
    start = action.due if timed else (action.opens or action.due)
    target = max(start - ALARM_LEAD if timed else start, action.facts.interview_end)  # never before it is over
    # never at or after the event's own start (a timed one's; an all-day window's opening moment): a reminder
    # after the fact is noise, and Outlook drops one at the start
    late = target >= start if timed else target > start
    return None if target < now or late else target


def event(plan: Plan, action: Action, uid: str, words: tuple[str, str], options: RenderOptions) -> Component:
    """The VEVENT; ``words`` is its (summary, description)."""
    title, text = words
    # icalendar's order: SUMMARY, DTSTART, DTEND or DURATION, (DTSTAMP), UID, (SEQUENCE), then by name.
    if is_timed(action):
        when = [moment_property("DTSTART", action.due), f"DURATION:{duration(timedelta(minutes=TIMED_MINUTES))}"]
    else:
        start, end = span(action)
        when = [moment_property("DTSTART", start), moment_property("DTEND", end)]
    categories = ",".join(escape(c) for c in ("afterview", action.kind, *action.rule.tags))
    lines = [f"SUMMARY:{escape(title)}", *when, f"UID:{uid}", f"CATEGORIES:{categories}",
             f"DESCRIPTION:{escape(text)}", f"PRIORITY:{PRIORITIES[action.rule.priority]}"]
    if not is_timed(action):
        lines.append("TRANSP:TRANSPARENT")  # an all-day reminder must not block the day
    if options.base_url:
        lines.append(f"URL:{options.base_url.rstrip('/')}/rules/{action.rule.id}/")
    alarms = []
    moment = alarm_moment(action, plan.now)
    if moment is not None:
        if is_timed(action) and moment < action.due:
            trigger = f"TRIGGER:{duration(moment - action.due)}"
        else:  # an absolute moment: an all-day event's own start is a floating midnight
            trigger = f"TRIGGER;VALUE=DATE-TIME:{utc(moment)}"
        alarms.append(["ACTION:DISPLAY", f"DESCRIPTION:{escape(title)}", trigger])
    return Component("VEVENT", uid, lines, alarms, presorted=True)


def todo(action: Action, uid: str, title: str, text: str) -> Component:
    lines = [f"UID:{uid}", f"SUMMARY:{escape(title)}", moment_property("DUE", action.due),
             f"PRIORITY:{PRIORITIES[action.rule.priority]}", f"DESCRIPTION:{escape(text)}",
             "CATEGORIES:" + ",".join(escape(c) for c in ("afterview", *action.rule.tags))]
    if action.opens:
        lines.append(moment_property("DTSTART", action.opens))
    if action.status == Status.DONE:
        lines += ["STATUS:COMPLETED", "PERCENT-COMPLETE:100"]
        lines.append(f"COMPLETED:{utc(completed_at(action) or action.due)}")
    else:
        lines.append("STATUS:NEEDS-ACTION")
    return Component("VTODO", uid, lines)


def completed_at(action: Action) -> datetime | None:
    """When the event that marked the action done was recorded."""
    for kind in action.rule.done_by:
        recorded = action.facts.event(kind)
        if recorded is not None:
            return recorded.at
    return None
