"""The status board: one line per application with its stage, the interview, the next action and the decision.

``stage`` is the plan's own lifecycle stage (``Plan.stage``: the latest
stage-changing event in time order, so ``status`` and ``plan`` always agree)
once an event moved it; while it waits, the recorded events say more: another
round, a follow-up, else "interview ahead" before the interview and "waiting"
after it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from afterview.rules.vocabulary import PENDING, Kind, Status
from afterview.text import dates

if TYPE_CHECKING:
    from afterview.journal.summary import Step, Summary
    from afterview.planning.actions import Plan

# while waiting: (what the board says, the events that say it), first match wins
WAITING: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("next round", ("next_round_scheduled",)),
    ("following up", ("follow_up_sent", "follow_up_call_made", "escalated")),
)


def stage(app: Summary, now: datetime) -> str:
    """Where the application stands: the plan's stage, or while waiting the recorded events (see above)."""
    if app.stage is not None:
        return app.stage
    for name, events in WAITING:
        if any(kind in app.events for kind in events):
            return name
    return "interview ahead" if now < app.interview_start else "waiting"


def since_interview(app: Summary, now: datetime) -> str:
    days = (now.astimezone(app.tz).date() - app.interview_start.date()).days
    if days == 0:
        return "today"
    if days < 0:
        return f"in {-days} day{'s' * (days != -1)}"
    return f"{days} day{'s' * (days != 1)} ago"


def next_action(actions: tuple[Step, ...]) -> Step | None:
    """The first pending dated step (overdue ones first); quiet periods are not steps."""
    pending = [a for a in actions if a.kind != Kind.QUIET and a.status in PENDING]
    return min(pending, key=lambda a: (a.status != Status.OVERDUE, a.due, a.priority), default=None)


def next_hint(slug: str, plan: Plan) -> str:
    """What ``add`` prints last: the new application's first pending action, when it is due and how to close it."""
    from afterview.journal.summary import summarise

    entry = summarise(slug, plan)
    step = next_action(entry.steps)
    if step is None:
        return f"next: nothing pending; 'afterview status' shows where {slug} stands"
    due = step.due.astimezone(entry.tz)
    year = due.year != plan.now.year
    lines = [f"next: {dates.day(due, year=year)} {due:%H:%M} {due.tzname()}: {step.title} — {step.status}"]
    if step.has_draft:
        lines.append(f"  'afterview draft {slug} {step.rule_id}' prints the message")
    lines.append(f"  'afterview done {slug} {step.rule_id}' once it is done; 'afterview today' shows what is due")
    return "\n".join(lines)


def status_rows(entries: list[Summary], now: datetime) -> list[tuple[str, str, str, str, str]]:
    """(application, stage, interview, next action, expected decision) for each entry."""
    rows = []
    for entry in entries:
        step = next_action(entry.steps)
        due = step.due.astimezone(entry.tz) if step else None
        today = now.astimezone(entry.tz).date()
        step_text = f"{dates.day_near(due, today)}: {step.title}" if step and due else "nothing pending"
        if step and step.status == Status.OVERDUE:
            step_text = f"overdue since {step_text}"
        decision = dates.day_near(entry.decision_by, today) if entry.decision_by else "not stated"
        rows.append((entry.slug, stage(entry, now), since_interview(entry, now), step_text, decision))
    return rows


def render_status(entries: list[Summary], now: datetime) -> str:
    """The board: open applications first, then closed ones (a terminal stage), counted as ``today`` counts them."""
    from afterview.journal.summary import tally, tally_text

    if not entries:
        return "No open applications. Add one with 'afterview add'.\n"
    header = ("application", "stage", "interview", "next action", "decision expected")
    rows = [header, *status_rows(sorted(entries, key=lambda e: e.closed), now)]  # stable: by slug within each
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join([*(r[i].ljust(widths[i]) for i in range(4)), r[4]]).rstrip() for r in rows]
    open_count, closed_count = tally(entries)
    if closed_count:
        counted = tally_text(open_count, closed_count)
        lines += ["", f"{counted[0].upper()}{counted[1:]}; 'afterview archive APP' files a closed one away."]
    return "\n".join(lines) + "\n"
