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
LAPSED, PASSED = Status.LAPSED, Status.PASSED
MILESTONE, QUIET = Kind.MILESTONE, Kind.QUIET
Words = Callable[[], str]


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
    return _past(rule, now, due, end, closes)


def _past(rule: Rule, now: datetime, due: datetime, end: datetime, closes: datetime | None) -> tuple[Status, Words]:
    """Past its moment: a quiet period has ended, a milestone passed, a task lapsed or is overdue."""
    kind = rule.kind
    if kind == QUIET:
        return DONE, lambda: f"done: ended {dates.moment(end)}"
    if kind == MILESTONE:  # a moment to expect, not a step: once passed there is nothing left to do
        return PASSED, lambda: f"passed: {dates.moment(due)}"
    if lapses(rule, now, closes):
        last = closes or due
        return LAPSED, lambda: f"lapsed: its moment passed {dates.moment(last)}"
    return OVERDUE, lambda: f"overdue: was due {dates.moment(due)}"


def lapses(rule: Rule, now: datetime, closes: datetime | None) -> bool:
    """A task tied to its moment (``timing.lapses``), past its window: after ``closes``, or at once past due."""
    timing = rule.timing
    return timing is not None and timing.lapses and (closes is None or now > closes)


def empty_quiet(opens: datetime, closes: datetime) -> str:
    """Why a quiet period that would end before it starts is left out (its contacts come first)."""
    return f"no quiet period: it would end {dates.moment(closes)}, before it starts {dates.moment(opens)}"


def recorded_words(status: Status, kind: str, event: Any) -> Callable[[], str]:
    return lambda: f"{status}: {kind} recorded {dates.moment(event.at)}"
