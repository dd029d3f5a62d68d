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

# Members read once: an enum member read through its class costs about 0.1 µs on Python 3.11, and this is hot.
DONE, SKIPPED, UPCOMING, OPEN, OVERDUE = Status.DONE, Status.SKIPPED, Status.UPCOMING, Status.OPEN, Status.OVERDUE
MILESTONE, QUIET = Kind.MILESTONE, Kind.QUIET


def decide(rule: Rule, facts: Facts, now: datetime, opens: datetime | None, due: datetime,  # noqa: PLR0911, PLR0917
           closes: datetime | None) -> tuple[Status, Callable[[], str]]:
    """The status at ``now`` and its words: the first matching row, in the order a reader checks them.

    The compiled planner (``placing.run_compiled``) decides the same rows inline and asks for the words
    only when an explanation is read; its tests hold the two equal.
    """
    latest = facts.latest_events
    if latest:
        for kind in rule.done_by:
            event = latest.get(kind)
            if event is not None:
                return DONE, recorded_words(DONE, kind, event)
        for kind in rule.cancelled_by:
            event = latest.get(kind)
            if event is not None:
                return SKIPPED, recorded_words(SKIPPED, kind, event)
    marked = stages.recorded_done(rule, facts) if rule.done_when is not None or facts.done_rules else None
    if marked:
        return marked
    if opens and now < opens:
        start = opens
        return UPCOMING, lambda: f"upcoming: opens {dates.moment(start)}"
    kind = rule.kind
    if kind == MILESTONE and now < due:
        return UPCOMING, lambda: f"upcoming: {dates.moment(due)}"
    quiet = kind == QUIET
    end = closes if quiet and closes else due
    if now <= end:
        if quiet:
            return OPEN, lambda: f"open: in effect until {dates.moment(end)}"
        return OPEN, lambda: f"open: due {dates.moment(due)}"
    if quiet:
        return DONE, lambda: f"done: ended {dates.moment(end)}"
    return OVERDUE, lambda: f"overdue: was due {dates.moment(due)}"


def recorded_words(status: Status, kind: str, event: Any) -> Callable[[], str]:
    return lambda: f"{status}: {kind} recorded {dates.moment(event.at)}"
