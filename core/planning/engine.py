"""``plan(ruleset, facts, now)``: pure. It reads no clock and does no I/O."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from afterview.facts.events import EVENTS
from afterview.facts.model import DECISION_TIME, Facts
from afterview.planning.actions import Action, Guidance, Plan
from afterview.planning.business_days import BusinessCalendar
from afterview.planning.holiday_tables import SHARED, HolidayStore
from afterview.rules.model import Rule, Ruleset
from afterview.rules.timing import Resolution, local
from afterview.text import dates


def calendar_for(ruleset: Ruleset, facts: Facts, holidays: HolidayStore = SHARED) -> BusinessCalendar:
    """The facts' country, with the ruleset's weekend and closed-day overrides (one per ruleset and place)."""
    key = (facts.country, facts.subdivision, id(holidays))
    calendar = ruleset.calendars.get(key)
    if calendar is None:
        spec = ruleset.calendar
        weekend = spec.weekend if spec.weekend is not None else holidays.weekend(facts.country)
        closed = {date.fromisoformat(d): name for d, name in spec.closed.items()}
        calendar = BusinessCalendar(facts.country, facts.subdivision, frozenset(weekend), closed, holidays)
        ruleset.calendars[key] = calendar
    return calendar


@dataclass
class _Outcome:
    matched: bool
    opens: Resolution | None = None
    due: Resolution | None = None
    closes: Resolution | None = None


class _Planner:
    """Resolves rules on demand, so a rule can anchor on another rule's dates."""

    def __init__(self, ruleset: Ruleset, facts: Facts, holidays: HolidayStore) -> None:
        self.ruleset, self.facts = ruleset, facts
        self.tz: ZoneInfo = facts.tz
        self.calendar = calendar_for(ruleset, facts, holidays)
        self.outcomes: dict[str, _Outcome] = {}

    def anchor(self, name: str) -> Resolution:  # noqa: PLR0911 - one return per kind of anchor reads best
        facts = self.facts
        if name == "interview.start":
            return Resolution(facts.interview_start, lambda: f"interview start ({dates.moment(facts.interview_start)})")
        if name == "interview.end":
            return Resolution(facts.interview_end, lambda: f"interview end ({dates.moment(facts.interview_end)})")
        if name == "decision.by":
            if facts.decision_by is None:
                return Resolution.absent("no decision date was stated")
            return Resolution(local(facts.decision_by, DECISION_TIME, self.tz),
                              lambda: f"stated decision date ({dates.day(facts.decision_by)})")  # type: ignore[arg-type]
        if name.startswith("event."):
            event = facts.event(name[6:])
            if event is None:
                return Resolution.waiting(name[6:])
            return Resolution(event.at, lambda: f"{event.type} ({dates.moment(event.at)})")
        _, rule_id, point = name.split(".")
        outcome = self.outcome(self.ruleset.rule(rule_id))  # type: ignore[arg-type]
        found: Resolution | None = getattr(outcome, point)
        if not outcome.matched or found is None:
            return Resolution.absent(f"rule {rule_id} does not apply")
        if found.value is None:
            return found
        value = found.value
        return Resolution(value, lambda: f"{rule_id} {point} ({dates.moment(value)})")

    def outcome(self, rule: Rule) -> _Outcome:
        if rule.id in self.outcomes:
            return self.outcomes[rule.id]
        matched = rule.when.test(self.facts) if rule.when else True
        outcome = _Outcome(matched)
        if matched and rule.timing is not None:
            timing = rule.timing
            outcome.due = timing.resolve_due(self)
            if timing.opens:
                outcome.opens = timing.opens.resolve(self)
            elif rule.kind == "task":  # a task can be done from its anchor on; a milestone is just a moment
                outcome.opens = _default_opens(outcome.due)
            outcome.closes = timing.closes.resolve(self) if timing.closes else None
        self.outcomes[rule.id] = outcome
        return outcome


def _default_opens(due: Resolution) -> Resolution | None:
    if due.value is None or due.base is None:
        return None
    base = due.base
    return Resolution(base, lambda: f"when the due date's anchor is reached ({dates.moment(base)})")


def plan(ruleset: Ruleset, facts: Facts, now: datetime, *, holidays: HolidayStore | None = None) -> Plan:
    """Compute the plan for one application at moment ``now`` (timezone-aware).

    ``holidays`` memoises public-holiday tables; the host passes its own.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    planner = _Planner(ruleset, facts, holidays or SHARED)
    result = Plan(ruleset, facts, now.astimezone(facts.tz))
    for rule in ruleset.rules:
        _place(result, rule, planner.outcome(rule))
    result.actions.sort(key=lambda a: (a.sort_moment, a.rule.priority, a.rule.id))
    return result


def _place(result: Plan, rule: Rule, outcome: _Outcome) -> None:
    facts = result.facts
    if not outcome.matched:
        result.not_applicable[rule.id] = ["its conditions did not match", *rule.when.trace(facts)]  # type: ignore[union-attr]
        return
    if rule.kind == "guidance":
        result.guidance.append(Guidance(rule, facts))
        return
    key = outcome.opens if rule.kind == "quiet" and outcome.opens and outcome.opens.value is None else outcome.due
    assert key is not None
    if key.waiting_on:
        result.conditional.append(Guidance(rule, facts, EVENTS[key.waiting_on], key.waiting_on))
        return
    if key.value is None or outcome.due is None or outcome.due.value is None:
        result.not_applicable[rule.id] = [key.text]
        return
    opens = outcome.opens.value if outcome.opens else None
    closes = outcome.closes.value if outcome.closes else None
    status, status_words = _status(rule, facts, result.now, opens, outcome.due.value, closes)
    result.actions.append(Action(rule, facts, outcome.due.value, status, opens, closes,
                                 explain=lambda: _explain(rule, facts, outcome, status_words())))


def _status(rule: Rule, facts: Facts, now: datetime, opens: datetime | None, due: datetime,  # noqa: PLR0911, PLR0917
            closes: datetime | None) -> tuple[str, Callable[[], str]]:
    # A decision table: the first matching row gives the status, in the order a reader checks them.
    for status, events in (("done", rule.done_by), ("skipped", rule.cancelled_by)):
        recorded = next(((kind, e) for kind in events if (e := facts.event(kind))), None)
        if recorded:
            return status, _recorded_words(status, *recorded)
    if opens and now < opens:
        start = opens
        return "upcoming", lambda: f"upcoming: opens {dates.moment(start)}"
    if rule.kind == "milestone" and now < due:
        return "upcoming", lambda: f"upcoming: {dates.moment(due)}"
    end = closes if rule.kind == "quiet" and closes else due
    if now <= end:
        if rule.kind == "quiet":
            return "open", lambda: f"open: in effect until {dates.moment(end)}"
        return "open", lambda: f"open: due {dates.moment(due)}"
    if rule.kind == "quiet":
        return "done", lambda: f"done: ended {dates.moment(end)}"
    return "overdue", lambda: f"overdue: was due {dates.moment(due)}"


def _explain(rule: Rule, facts: Facts, outcome: _Outcome, status_text: str) -> list[str]:
    lines = [f"rule {rule.id} from {rule.origin.path}:{rule.origin.line}"]
    trace = rule.when.trace(facts) if rule.when else []
    lines += [f"when {t}" for t in trace] or ["applies to every interview"]
    for name in ("opens", "due", "closes"):
        r: Resolution | None = getattr(outcome, name)
        if r is not None and r.value is not None and not (rule.kind == "quiet" and name == "due"):
            lines.append(f"{name}: {r.text}")
    lines.append(status_text)
    return lines


def _recorded_words(status: str, kind: str, event: Any) -> Callable[[], str]:
    return lambda: f"{status}: {kind} recorded {dates.moment(event.at)}"
