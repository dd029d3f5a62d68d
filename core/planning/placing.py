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
from afterview.facts.model import DECISION_TIME
from afterview.planning import stages
from afterview.planning.actions import Action, Guidance, Plan
from afterview.planning.compiled import Program
from afterview.planning.holiday_tables import HolidayStore
from afterview.planning.reference import Outcome, Planner, calendar_for, explain
from afterview.planning.status import DONE, LAPSED, OPEN, OVERDUE, PASSED, SKIPPED, UPCOMING, decide, empty_quiet
from afterview.planning.steps import Env, slots
from afterview.planning.wall_clock import local, zone
from afterview.rules.model import Rule, Ruleset
from afterview.rules.vocabulary import PENDING, Kind, Status

Settle = Callable[[Status, Callable[[], str]], tuple[Status, Callable[[], str]]]


class _Words:
    """The reference planner for one round, built when some text is first read."""

    __slots__ = ("facts", "now", "override", "planner", "pos", "ruleset", "store")

    def __init__(self, ruleset: Ruleset, result: Plan, pos: stages.Position, override: Settle | None,
                 store: HolidayStore) -> None:
        self.ruleset, self.facts, self.now, self.store = ruleset, result.facts, result.now, store
        self.pos, self.override = pos, override
        self.planner: Planner | None = None

    def outcome(self, rule: Rule) -> Outcome:
        if self.planner is None:
            self.planner = Planner(self.ruleset, self.facts, self.store)
        return self.planner.outcome(rule)

    def explain(self, rule: Rule, opens: datetime | None, due: datetime, closes: datetime | None) -> list[str]:
        """The action's explanation; its status words decided again, as ``engine._place`` decides them."""
        status, status_words = decide(rule, self.facts, self.now, opens, due, closes)
        if self.override is not None:
            status, status_words = self.override(status, status_words)
        else:
            status, status_words = stages.settle(rule, status, status_words, self.pos, self.ruleset.lifecycle,
                                                 closes or due)
        return explain(rule, self.facts, self.outcome(rule), status_words())

    def missing(self, rule: Rule) -> str:
        """Why the rule's key moment cannot be computed, as ``engine._place`` quotes it."""
        outcome = self.outcome(rule)
        key = outcome.opens if rule.kind == Kind.QUIET and outcome.opens and outcome.opens.value is None \
            else outcome.due
        assert key is not None
        return key.text


def run_compiled(program: Program, result: Plan, pos: stages.Position, override: Settle | None,  # noqa: PLR0912, PLR0915
                 store: HolidayStore) -> None:
    """Plan one round (``result.facts``) with the compiled form.

    An ``override`` (``stages.superseded``) marks an earlier round, of which the plan keeps only the actions
    of the round's phase (``engine._plan``): only those rules, and the rules their dates anchor on, are
    evaluated, and only those rules placed.

    Each action's status is ``status.decide`` and ``stages.settle`` inlined, without their words: the
    explanation decides again when it is first read (pure, so it finds the same status).
    """
    ruleset, facts, now = result.ruleset, result.facts, result.now
    tz = facts.tz
    decision = local(facts.decision_by, DECISION_TIME, tz) if facts.decision_by is not None else None
    env = slots(Env(facts, calendar_for(ruleset, facts, store), zone(tz)), decision, program.layout)
    matched = program.evaluate(env, program.table if override is None else program.earlier_table)
    words = _Words(ruleset, result, pos, override, store)
    explain_later = words.explain
    latest, marked = facts.latest_events, facts.done_rules
    not_applicable, live, stage = result.not_applicable, pos.live_phases, pos.stage
    phases, event = stage.phases, pos.event
    event_at, completes = (event.at, ruleset.lifecycle.effects[event.type].completes) if event is not None \
        else (None, ())
    stage_words = f"the application is {pos.stage.title.lower()}"  # why a rule of a phase not live here does not apply
    entries: list[tuple[datetime, int, Action]] = []
    for rule, index, reason, undated, slot, quiet, key_opens, phase, ended_by, done_when, milestone, rank, lapses \
            in (program.placing if override is None else program.earlier):
        if not matched[index]:
            not_applicable[rule.id] = ["its conditions did not match", *rule.when.trace(facts)]  # type: ignore[union-attr]
            continue
        if undated:  # guidance, or a chase beyond the ruleset's contacts
            if reason is not None:
                not_applicable[rule.id] = [reason]
            elif phase in phases:
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
        if quiet and opens is not None and closes is not None and closes < opens:
            not_applicable[rule.id] = [empty_quiet(opens, closes)]  # a quiet period never ends before it starts
            continue
        # status.decide: the first matching row
        if latest and ended_by is not None and not ended_by[0].isdisjoint(latest):
            status = next(ends for kind, ends in ended_by[1] if kind in latest)  # done_by, then cancelled_by
        elif (marked and rule.id in marked) or (done_when is not None and done_when.test(facts)):
            status = DONE  # stages.recorded_done: a 'done' event naming the rule, or its done_when
        elif (opens is not None and now < opens) or (milestone and now < due):
            status = UPCOMING
        elif now <= (closes if quiet and closes else due):
            status = OPEN
        elif quiet:
            status = DONE
        elif milestone:
            status = PASSED  # a moment to expect, come and gone
        elif lapses and (closes is None or now > closes):
            status = LAPSED  # a task tied to its moment, past its window
        else:
            status = OVERDUE
        # stages.settle (its rows, without words), or the earlier round's override
        if override is not None:  # stages.superseded: the next round replaced what was still pending
            status = SKIPPED if status in PENDING else status
        elif event is not None and phase not in phases and (  # the stage's own actions keep their status
                status in PENDING or (quiet and status is DONE and event_at < (closes or due))):  # cut short
            status = DONE if phase in completes else SKIPPED  # the stage's event ended this phase
        action = Action(rule, facts, due, status, opens, closes, partial(explain_later, rule, opens, due, closes))
        entries.append((opens if quiet and opens else due, rank, action))
    entries.sort()  # by moment, then priority and rule id (the rank): ranks differ, so actions are never compared
    result.actions += [entry[2] for entry in entries]
