"""``plan(ruleset, facts, now)``: pure. It reads no clock and does no I/O."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from afterview.facts.events import EVENTS
from afterview.facts.model import DECISION_TIME, Facts
from afterview.planning import stages
from afterview.planning.actions import Action, Guidance, Plan
from afterview.planning.business_days import BusinessCalendar
from afterview.planning.holiday_tables import SHARED, HolidayStore
from afterview.planning.hours import fit
from afterview.planning.wall_clock import local
from afterview.rules.lifecycle import DEFAULT_PHASE
from afterview.rules.model import Rule, Ruleset
from afterview.rules.timing import Resolution
from afterview.rules.vocabulary import Anchor, Kind, Source, Status
from afterview.text import dates


def calendar_for(ruleset: Ruleset, facts: Facts, holidays: HolidayStore = SHARED) -> BusinessCalendar:
    """The facts' country, with the ruleset's weekend and closed-day overrides (one per ruleset and place)."""
    key = (facts.country, facts.subdivision, id(holidays))
    calendar = ruleset.calendars.get(key)
    if calendar is None:
        spec = ruleset.calendar
        weekend = spec.weekend if spec.weekend is not None else holidays.weekend(facts.country)
        closed = {date.fromisoformat(d): name for d, name in spec.closed.items()}
        calendar = BusinessCalendar(facts.country, facts.subdivision, frozenset(weekend), closed, holidays,
                                    yearly=spec.yearly, day_after=spec.day_after)
        ruleset.calendars[key] = calendar
    return calendar


class _Outcome:
    __slots__ = ("closes", "due", "matched", "opens", "reason")

    def __init__(self, matched: bool, reason: str | None = None) -> None:
        self.matched = matched
        self.reason = reason  # why a rule whose conditions matched does not apply
        self.opens: Resolution | None = None
        self.due: Resolution | None = None
        self.closes: Resolution | None = None


class _Planner:
    """Resolves rules on demand, so a rule can anchor on another rule's dates."""

    def __init__(self, ruleset: Ruleset, facts: Facts, holidays: HolidayStore) -> None:
        self.ruleset, self.facts = ruleset, facts  # `facts` is also what a point's `when` tests
        self.tz: ZoneInfo = facts.tz
        self.calendar = calendar_for(ruleset, facts, holidays)
        self.outcomes: dict[str, _Outcome] = {}
        self.resolved: dict[str, Resolution] = {}  # anchor -> its moment: each is read by several rules

    def anchor(self, name: Anchor) -> Resolution:
        found = self.resolved.get(name)
        if found is None:
            found = self.resolved[name] = self._anchor(name)
        return found

    def _anchor(self, name: Anchor) -> Resolution:  # noqa: PLR0911 - one return per kind of anchor reads best
        facts, source = self.facts, name.source
        if source is Source.INTERVIEW_END:
            end = facts.interview_end
            return Resolution(end, lambda: f"interview end ({dates.moment(end)})", end)
        if source is Source.EVENT:
            event = facts.event(name.event)  # type: ignore[arg-type]
            if event is None:
                return Resolution.waiting(name.event)  # type: ignore[arg-type]
            return Resolution(event.at, lambda: f"{event.type} ({dates.moment(event.at)})", event.at)
        if source is Source.INTERVIEW_START:
            start = facts.interview_start
            return Resolution(start, lambda: f"interview start ({dates.moment(start)})", start)
        if source is Source.DECISION_BY:
            if facts.decision_by is None:
                return Resolution.absent("no decision date was stated")
            by = local(facts.decision_by, DECISION_TIME, self.tz)
            return Resolution(by, lambda: f"stated decision date ({dates.day(facts.decision_by)})", by)  # type: ignore[arg-type]
        rule_id, point = name.rule, name.point
        assert rule_id is not None and point is not None
        # Compiled rulesets evaluate in dependency order, so this is a look-up; a hand-built one falls back.
        outcome = self.outcomes.get(rule_id) or self.outcome(self.ruleset.rule(rule_id))  # type: ignore[arg-type]
        found: Resolution | None = getattr(outcome, point)
        if not outcome.matched or outcome.reason or found is None:
            return Resolution.absent(f"rule {rule_id} does not apply")
        if found.value is None:
            return found
        value = found.value
        return Resolution(value, lambda: f"{rule_id} {point} ({dates.moment(value)})", value)

    def outcome(self, rule: Rule) -> _Outcome:
        if rule.id in self.outcomes:
            return self.outcomes[rule.id]
        matched = rule.when.test(self.facts) if rule.when else True
        limit = self.ruleset.settings.employer_contacts
        if matched and rule.chase and limit is not None and rule.chase > limit:
            times = {1: "once", 2: "twice"}.get(limit, f"{limit} times")
            self.outcomes[rule.id] = _Outcome(True, f"this ruleset contacts the employer {times} per round after the"
                                                    " thank-you (settings.employer_contacts)")
            return self.outcomes[rule.id]
        outcome = _Outcome(matched)
        if matched and rule.timing is not None:
            timing = rule.timing
            outcome.due = fit(timing.resolve_due(self), rule, self.ruleset.settings, self.tz)
            if timing.opens:
                outcome.opens = timing.opens.resolve(self)
            elif rule.kind == Kind.TASK:  # a task can be done from its anchor on; a milestone is just a moment
                outcome.opens = _default_opens(outcome.due)
            outcome.closes = timing.closes.resolve(self) if timing.closes else None
            if timing.opens:  # a declared window only: a negative offset may put a due date before its anchor
                outcome.due = _not_before_opens(outcome.due, outcome.opens)
        self.outcomes[rule.id] = outcome
        return outcome


def _not_before_opens(due: Resolution, opens: Resolution | None) -> Resolution:
    """A task is never due before it opens (a time of day can pull a due moment earlier than its window)."""
    if opens is None or opens.value is None or due.value is None or due.value >= opens.value:
        return due
    start = opens.value
    return Resolution(start, lambda: f"{due.text}; not before it opens → {dates.moment(start)}", due.base)


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
    lifecycle = ruleset.lifecycle
    pos = stages.position(lifecycle, facts)
    last = len(pos.new_rounds)
    current = stages.round_facts(facts, pos, lifecycle, last)
    result = Plan(ruleset, current, now.astimezone(facts.tz), stage=pos.stage, stage_event=pos.event,
                  round=(current.interview_round or 1) if last else facts.interview_round)
    for k in range(last):  # earlier rounds: their round-phase actions are done or superseded
        earlier = Plan(ruleset, stages.round_facts(facts, pos, lifecycle, k), result.now)
        _run(earlier, _Planner(ruleset, earlier.facts, holidays or SHARED), pos,
             functools.partial(stages.superseded, next_round=pos.new_rounds[k]))
        result.earlier.extend(a for a in earlier.actions if a.rule.phase == DEFAULT_PHASE)
    _run(result, _Planner(ruleset, current, holidays or SHARED), pos, None)
    return result


Settle = Callable[[Status, Callable[[], str]], tuple[Status, Callable[[], str]]]


def _run(result: Plan, planner: _Planner, pos: stages.Position, override: Settle | None) -> None:
    rules = result.ruleset.rules
    for i in result.ruleset.order or range(len(rules)):
        planner.outcome(rules[i])
    for rule in rules:
        _place(result, rule, planner.outcomes[rule.id], pos, override)
    result.actions.sort(key=lambda a: (a.sort_moment, a.rule.priority, a.rule.id))


def _place(result: Plan, rule: Rule, outcome: _Outcome, pos: stages.Position,
           override: Settle | None) -> None:
    facts, lifecycle = result.facts, result.ruleset.lifecycle
    if not outcome.matched:
        result.not_applicable[rule.id] = ["its conditions did not match", *rule.when.trace(facts)]  # type: ignore[union-attr]
        return
    if outcome.reason:
        result.not_applicable[rule.id] = [outcome.reason]
        return
    if rule.kind == Kind.GUIDANCE:
        if rule.phase in pos.stage.phases:
            result.guidance.append(Guidance(rule, facts))
        else:
            result.not_applicable[rule.id] = [f"the application is {pos.stage.title.lower()}"]
        return
    key = outcome.opens if rule.kind == Kind.QUIET and outcome.opens and outcome.opens.value is None else outcome.due
    assert key is not None
    if key.waiting_on:
        if rule.phase in pos.live_phases:
            result.conditional.append(Guidance(rule, facts, EVENTS[key.waiting_on], key.waiting_on))
        else:
            result.not_applicable[rule.id] = [f"the application is {pos.stage.title.lower()}"]
        return
    if key.value is None or outcome.due is None or outcome.due.value is None:
        result.not_applicable[rule.id] = [key.text]
        return
    opens = outcome.opens.value if outcome.opens else None
    closes = outcome.closes.value if outcome.closes else None
    status, status_words = _status(rule, facts, result.now, opens, outcome.due.value, closes)
    status, status_words = override(status, status_words) if override else \
        stages.settle(rule, status, status_words, pos, lifecycle, closes or outcome.due.value)
    result.actions.append(Action(rule, facts, outcome.due.value, status, opens, closes,
                                 explain=lambda: _explain(rule, facts, outcome, status_words())))


def _status(rule: Rule, facts: Facts, now: datetime, opens: datetime | None, due: datetime,  # noqa: PLR0911, PLR0917
            closes: datetime | None) -> tuple[Status, Callable[[], str]]:
    # A decision table: the first matching row gives the status, in the order a reader checks them.
    latest = facts.latest_events
    for status, events in ((Status.DONE, rule.done_by), (Status.SKIPPED, rule.cancelled_by)):
        for kind in events:
            event = latest.get(kind)
            if event is not None:
                return status, _recorded_words(status, kind, event)
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


def _explain(rule: Rule, facts: Facts, outcome: _Outcome, status_text: str) -> list[str]:
    lines = [f"rule {rule.id} from {rule.origin.path}:{rule.origin.line}"]
    trace = rule.when.trace(facts) if rule.when else []
    lines += [f"when {t}" for t in trace] or ["applies to every interview"]
    for name in ("opens", "due", "closes"):
        r: Resolution | None = getattr(outcome, name)
        if r is not None and r.value is not None and not (rule.kind == Kind.QUIET and name == "due"):
            lines.append(f"{name}: {r.text}")
    lines.append(status_text)
    return lines


def _recorded_words(status: Status, kind: str, event: Any) -> Callable[[], str]:
    return lambda: f"{status}: {kind} recorded {dates.moment(event.at)}"
