"""An action's status at ``now``: a decision table, the first matching row wins, with its words on demand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from afterview.facts.model import Facts
from afterview.planning import stages
from afterview.rules.model import Rule
from afterview.rules.vocabulary import Kind, Status
from afterview.text import dates


def decide(rule: Rule, facts: Facts, now: datetime, opens: datetime | None, due: datetime,  # noqa: PLR0911, PLR0917
           closes: datetime | None) -> tuple[Status, Callable[[], str]]:
    # A decision table: the first matching row gives the status, in the order a reader checks them.
    latest = facts.latest_events
    for status, events in ((Status.DONE, rule.done_by), (Status.SKIPPED, rule.cancelled_by)):
        for kind in events:
            event = latest.get(kind)
            if event is not None:
                return status, recorded_words(status, kind, event)
    marked = stages.recorded_done(rule, facts) if facts.done_rules or rule.done_when is not None else None
    if marked:
        return marked
    if opens and now < opens:
        start = opens
        return Status.UPCOMING, lambda: f"upcoming: opens {dates.moment(start)}"
    if rule.kind == Kind.MILESTONE and now < due:
        return Status.UPCOMING, lambda: f"upcoming: {dates.moment(due)}"
    end = closes if rule.kind == Kind.QUIET and closes else due
    if now <= end:
        if rule.kind == Kind.QUIET:
            return Status.OPEN, lambda: f"open: in effect until {dates.moment(end)}"
        return Status.OPEN, lambda: f"open: due {dates.moment(due)}"
    if rule.kind == Kind.QUIET:
        return Status.DONE, lambda: f"done: ended {dates.moment(end)}"
    return Status.OVERDUE, lambda: f"overdue: was due {dates.moment(due)}"


def recorded_words(status: Status, kind: str, event: Any) -> Callable[[], str]:
    return lambda: f"{status}: {kind} recorded {dates.moment(event.at)}"
