"""The reference planner: each rule's points resolved with their arithmetic in words.

``engine.plan`` computes values with the compiled steps (``compiled.py``); this
planner is what an explanation reads, what a not-applicable reason quotes, and
what the tests hold the compiled steps equal to. It resolves rules on demand,
so a rule can anchor on another rule's dates.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from afterview.facts.model import DECISION_TIME, Facts
from afterview.planning.business_days import BusinessCalendar, describe_skipped
from afterview.planning.holiday_tables import SHARED, HolidayStore
from afterview.planning.hours import fit
from afterview.planning.wall_clock import local
from afterview.rules.model import Rule, Ruleset
from afterview.rules.timing import Resolution
from afterview.rules.vocabulary import Anchor, Kind, Source
from afterview.text import dates


def calendar_for(ruleset: Ruleset, facts: Facts, holidays: HolidayStore = SHARED) -> BusinessCalendar:
    """The facts' country, with the ruleset's weekend and closed-day overrides (one per ruleset and place)."""
    key, spec = (facts.country, facts.subdivision, id(holidays)), ruleset.calendar
    kept = ruleset.calendars.get(key)
    if kept is not None and kept[0] is spec:  # built from the spec the ruleset has now
        calendar: BusinessCalendar = kept[1]
    else:
        weekend = frozenset(spec.weekend if spec.weekend is not None else holidays.weekend(facts.country))
        same = (*key, weekend, tuple(sorted(spec.closed.items())), spec.yearly, spec.day_after)
        calendar = _BUILT.get(same) or _built(same, BusinessCalendar(
            facts.country, facts.subdivision, weekend, {date.fromisoformat(d): name for d, name in spec.closed.items()},
            holidays, yearly=spec.yearly, day_after=spec.day_after))
        ruleset.calendars[key] = spec, calendar
    return calendar


# Calendars by everything that decides their days, shared by the rulesets that have the same: a guide build
# compiles some 50 rulesets, most of them in a handful of countries, and each calendar tabulates its open days
# for several years on first use. A calendar holds its holiday store, so the store's id in the key stays its own
# while the calendar is kept; at most _KEEP are, the oldest made going first.
_KEEP = 64
_BUILT: dict[tuple[Any, ...], BusinessCalendar] = {}


def _built(key: tuple[Any, ...], calendar: BusinessCalendar) -> BusinessCalendar:
    while len(_BUILT) >= _KEEP:
        del _BUILT[next(iter(_BUILT))]
    _BUILT[key] = calendar
    return calendar


def stated_decision(ruleset: Ruleset, facts: Facts, holidays: HolidayStore = SHARED) -> Facts:
    """The facts with 'decision within N business days' counted on the ruleset's calendar, as rule offsets are."""
    within = facts.decision_within
    if within is None or within.offset.unit != "bd":
        return facts
    day = calendar_for(ruleset, facts, holidays).add_open_days(within.since, within.offset.amount)
    return facts if day == facts.decision_by else dataclasses.replace(facts, decision_by=day)


def decision_words(facts: Facts, calendar: BusinessCalendar) -> str:
    """'Thu 3 Dec 2026', with the working when the date was stated as 'within N'."""
    assert facts.decision_by is not None
    words, within = dates.day(facts.decision_by), facts.decision_within
    if within is None:
        return words
    words += f": within {within.offset.describe()} of the interview end ({dates.day(within.since)})"
    if within.offset.unit == "bd":
        skipped = calendar.add_business_days(within.since, within.offset.amount)[1]
        words += f" in {calendar.name}" + (f", skipping {describe_skipped(skipped)}" if skipped else "")
    return words


class Outcome:
    __slots__ = ("closes", "due", "matched", "opens", "reason")

    def __init__(self, matched: bool, reason: str | None = None) -> None:
        self.matched = matched
        self.reason = reason  # why a rule whose conditions matched does not apply
        self.opens: Resolution | None = None
        self.due: Resolution | None = None
        self.closes: Resolution | None = None


class Planner:
    """Resolves rules on demand, so a rule can anchor on another rule's dates."""

    def __init__(self, ruleset: Ruleset, facts: Facts, holidays: HolidayStore) -> None:
        self.ruleset, self.facts = ruleset, facts  # `facts` is also what a point's `when` tests
        self.tz: ZoneInfo = facts.tz
        self.calendar = calendar_for(ruleset, facts, holidays)
        self.outcomes: dict[str, Outcome] = {}
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
            return Resolution(by, lambda: f"stated decision date ({decision_words(facts, self.calendar)})", by)
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

    def outcome(self, rule: Rule) -> Outcome:
        if rule.id in self.outcomes:
            return self.outcomes[rule.id]
        matched = rule.when.test(self.facts) if rule.when else True
        limit = self.ruleset.settings.employer_contacts
        if matched and rule.chase and limit is not None and rule.chase > limit:
            times = {1: "once", 2: "twice"}.get(limit, f"{limit} times")
            self.outcomes[rule.id] = Outcome(True, f"this ruleset contacts the employer {times} per round after the"
                                                    " thank-you (settings.employer_contacts)")
            return self.outcomes[rule.id]
        outcome = Outcome(matched)
        if matched and rule.timing is not None:
            timing = rule.timing
            outcome.due = fit(timing.resolve_due(self), rule, self.ruleset.settings, self.tz, self.calendar)
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


def explain(rule: Rule, facts: Facts, outcome: Outcome, status_text: str) -> list[str]:
    """Where the rule came from, what matched, how each date was computed, and its status."""
    lines = [f"rule {rule.id} from {rule.origin.path}:{rule.origin.line}"]
    trace = rule.when.trace(facts) if rule.when else []
    lines += [f"when {t}" for t in trace] or ["applies to every interview"]
    for name in ("opens", "due", "closes"):
        r: Resolution | None = getattr(outcome, name)
        if r is not None and r.value is not None and not (rule.kind == Kind.QUIET and name == "due"):
            lines.append(f"{name}: {r.text}")
    lines.append(status_text)
    return lines
