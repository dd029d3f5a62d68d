"""The compiled form's values placed into a plan: actions with their status, guidance, and why not.

The same decisions as ``engine._place`` makes from the reference planner's
outcomes, read from plain values. Text that needs the arithmetic in words (an
explanation, a reason quoting a missing date) is asked of the reference
planner for these facts, built on first use: most plans are never explained.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from afterview.facts.events import EVENTS
from afterview.facts.model import DECISION_TIME, Facts
from afterview.planning import stages
from afterview.planning.actions import Action, Guidance, Plan
from afterview.planning.compiled import Program
from afterview.planning.holiday_tables import HolidayStore
from afterview.planning.reference import Outcome, Planner, calendar_for, explain
from afterview.planning.status import decide
from afterview.planning.steps import Env, slots
from afterview.planning.wall_clock import local, zone
from afterview.rules.model import Rule, Ruleset
from afterview.rules.vocabulary import PENDING, Kind, Status

Settle = Callable[[Status, Callable[[], str]], tuple[Status, Callable[[], str]]]


class _Words:
    """The reference planner for one round, built when some text is first read."""

    __slots__ = ("facts", "planner", "ruleset", "store")

    def __init__(self, ruleset: Ruleset, facts: Facts, store: HolidayStore) -> None:
        self.ruleset, self.facts, self.store = ruleset, facts, store
        self.planner: Planner | None = None

    def outcome(self, rule: Rule) -> Outcome:
        if self.planner is None:
            self.planner = Planner(self.ruleset, self.facts, self.store)
        return self.planner.outcome(rule)

    def explain(self, rule: Rule, status_words: Callable[[], str]) -> list[str]:
        return explain(rule, self.facts, self.outcome(rule), status_words())

    def missing(self, rule: Rule) -> str:
        """Why the rule's key moment cannot be computed, as ``engine._place`` quotes it."""
        outcome = self.outcome(rule)
        key = outcome.opens if rule.kind == Kind.QUIET and outcome.opens and outcome.opens.value is None \
            else outcome.due
        assert key is not None
        return key.text


def run_compiled(program: Program, result: Plan, pos: stages.Position, override: Settle | None,  # noqa: PLR0912
                 store: HolidayStore) -> None:
    """Plan one round (``result.facts``) with the compiled form."""
    ruleset, facts, now = result.ruleset, result.facts, result.now
    tz = facts.tz
    decision = local(facts.decision_by, DECISION_TIME, tz) if facts.decision_by is not None else None
    env = slots(Env(facts, calendar_for(ruleset, facts, store), zone(tz)), decision, program.layout)
    matched = program.evaluate(env)
    words = _Words(ruleset, facts, store)
    explain = words.explain
    not_applicable, phases, live = result.not_applicable, pos.stage.phases, pos.live_phases
    stage_words = f"the application is {pos.stage.title.lower()}"  # why a rule of a phase not live here does not apply
    lifecycle = ruleset.lifecycle
    entries: list[tuple[datetime, int, str, Action]] = []
    for rule, index, reason, guidance, slot, quiet, key_opens, phase in program.placing:
        if not matched[index]:
            not_applicable[rule.id] = ["its conditions did not match", *rule.when.trace(facts)]  # type: ignore[union-attr]
            continue
        if reason is not None:
            not_applicable[rule.id] = [reason]
            continue
        if guidance:
            if phase in phases:
                result.guidance.append(Guidance(rule, facts))
            else:
                not_applicable[rule.id] = [stage_words]
            continue
        opens, due, closes = env[slot:slot + 3]
        key = opens if key_opens and (opens is None or opens.__class__ is str) else due  # not is_moment(opens)
        if key.__class__ is str:
            if phase in live:
                result.conditional.append(Guidance(rule, facts, EVENTS[key], key))
            else:
                not_applicable[rule.id] = [stage_words]
            continue
        if key is None or due is None or due.__class__ is str:
            not_applicable[rule.id] = [words.missing(rule)]
            continue
        if opens.__class__ is str:  # None stays None
            opens = None
        if closes.__class__ is str:
            closes = None
        status, status_words = decide(rule, facts, now, opens, due, closes)
        if override is not None:
            status, status_words = override(status, status_words)
        elif status in PENDING or quiet:  # what settle can change
            status, status_words = stages.settle(rule, status, status_words, pos, lifecycle, closes or due)
        entries.append((opens if quiet and opens else due, rule.priority, rule.id,
                        Action(rule, facts, due, status, opens, closes, partial(explain, rule, status_words))))
    entries.sort()  # by moment, priority and rule id: ids differ, so actions are never compared
    result.actions += [entry[3] for entry in entries]
