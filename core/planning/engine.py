"""``plan(ruleset, facts, now)``: pure. It reads no clock and does no I/O.

Values come from the ruleset's compiled form (``compiled.py``), placed here
into the plan; words come from the reference planner (``reference.py``) when
read. ``reference_plan`` computes everything with the reference planner: the
tests hold the two equal.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime

from afterview.facts.events import EVENTS
from afterview.facts.model import Facts
from afterview.planning import stages
from afterview.planning.actions import Action, Guidance, Plan
from afterview.planning.compiled import Program, program_for
from afterview.planning.holiday_tables import SHARED, HolidayStore
from afterview.planning.placing import run_compiled
from afterview.planning.reference import Outcome, Planner, explain, stated_decision
from afterview.planning.status import decide, empty_quiet
from afterview.rules.lifecycle import DEFAULT_PHASE
from afterview.rules.model import Rule, Ruleset
from afterview.rules.order import fits, require_anchors
from afterview.rules.vocabulary import Kind, Status
from afterview.text import dates


def plan(ruleset: Ruleset, facts: Facts, now: datetime, *, holidays: HolidayStore | None = None) -> Plan:
    """Compute the plan for one application at moment ``now`` (timezone-aware).

    ``holidays`` memoises public-holiday tables; the host passes its own.
    """
    return _plan(ruleset, facts, now, holidays or SHARED, program_for(ruleset))


def reference_plan(ruleset: Ruleset, facts: Facts, now: datetime, *, holidays: HolidayStore | None = None) -> Plan:
    """``plan`` with every value from the reference planner (what the compiled form is held equal to)."""
    return _plan(ruleset, facts, now, holidays or SHARED, None)


def _plan(ruleset: Ruleset, facts: Facts, now: datetime, store: HolidayStore, program: Program | None) -> Plan:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    lifecycle = ruleset.lifecycle
    facts = stated_decision(ruleset, facts, store)
    pos = stages.position(lifecycle, facts)
    last = len(pos.new_rounds)
    current = stages.round_facts(facts, pos, lifecycle, last)
    result = Plan(ruleset, current, now.astimezone(facts.tz), stage=pos.stage, stage_event=pos.event,
                  round=(current.interview_round or 1) if last else facts.interview_round)
    if facts.decision_by is not None and current.decision_by is None:  # stages.round_decision dropped it
        result.notes.append(f"the decision date they gave ({dates.day(facts.decision_by)}) is not after the new"
                            " interview: the plan counts from the new interview, so ask again when they will decide")
    for k in range(last):  # earlier rounds: their round-phase actions are done or superseded
        earlier = Plan(ruleset, stages.round_facts(facts, pos, lifecycle, k), result.now)
        override = functools.partial(stages.superseded, next_round=pos.new_rounds[k])
        if program is None:
            _run(earlier, Planner(ruleset, earlier.facts, store), pos, override)
        else:
            run_compiled(program, earlier, pos, override, store)
        result.earlier.extend(a for a in earlier.actions if a.rule.phase == DEFAULT_PHASE)
    if program is None:
        _run(result, Planner(ruleset, current, store), pos, None)
    else:
        run_compiled(program, result, pos, None, store)
    return result


Settle = Callable[[Status, Callable[[], str]], tuple[Status, Callable[[], str]]]


def _run(result: Plan, planner: Planner, pos: stages.Position, override: Settle | None) -> None:
    rules, order = result.ruleset.rules, result.ruleset.order
    if not fits(order, rules):  # its rules changed since it loaded: each anchor must still name one of them
        require_anchors(rules)
    # (it resolves anchors on demand: any order will do, and one for other rules is ignored)
    for i in order if sorted(order) == list(range(len(rules))) else range(len(rules)):
        planner.outcome(rules[i])
    for rule in rules:
        _place(result, rule, planner.outcomes[rule.id], pos, override)
    result.actions.sort(key=lambda a: (a.sort_moment, a.rule.priority, a.rule.id))


def _place(result: Plan, rule: Rule, outcome: Outcome, pos: stages.Position,
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
    if rule.kind == Kind.QUIET and opens is not None and closes is not None and closes < opens:
        result.not_applicable[rule.id] = [empty_quiet(opens, closes)]  # never ends before it starts
        return
    status, status_words = decide(rule, facts, result.now, opens, outcome.due.value, closes)
    status, status_words = override(status, status_words) if override else \
        stages.settle(rule, status, status_words, pos, lifecycle, closes or outcome.due.value)
    result.actions.append(Action(rule, facts, outcome.due.value, status, opens, closes,
                                 explain=lambda: explain(rule, facts, outcome, status_words())))


