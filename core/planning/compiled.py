"""A ruleset compiled once for the planner: its rules in evaluation order, each with its steps prebuilt.

The same ordered form as the plan program the guide's JavaScript planner runs
(``program.py``). Everything that does not depend on the facts is settled here:
the order, where each anchor's value sits, each point's step (``steps.py``),
the roll and time of day, the working and quiet hours, whether a chase is
beyond the ruleset's contacts, and the kind tests. ``engine.plan`` evaluates it
per round; what it produces is held equal to the reference planner
(``reference.py``) by tests, and every piece of text (an explanation, a reason
a rule does not apply) is asked of that planner, on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from afterview.planning.steps import (
    Env,
    Layout,
    Slots,
    Step,
    Unsupported,
    at_time,
    compile_base,
    compile_point,
    move_days,
    rolled_day,
)
from afterview.planning.wall_clock import local
from afterview.rules.lifecycle import DEFAULT_PHASE
from afterview.rules.model import Rule, Ruleset
from afterview.rules.order import evaluation_order, fits, require_anchors, rule_refs
from afterview.rules.timing import Point
from afterview.rules.vocabulary import Kind, Source, Status

_ALWAYS = (time.max, time.min)  # no quiet hours: no time of day is after the first or before the second


class RuleStep:
    """One rule with everything about it that does not depend on the facts."""

    __slots__ = ("at", "base", "closes", "declared_opens", "due", "ended_by", "fit", "guidance", "index", "opens",
                 "quiet", "reason", "roll", "rule", "slot", "when", "working")

    def __init__(self, rule: Rule, index: int, ruleset: Ruleset, layout: Layout) -> None:
        self.rule, self.index, self.when = rule, index, rule.when
        self.slot = layout.rules[rule.id]  # its opens; due and closes follow
        self.quiet, self.guidance = rule.kind == Kind.QUIET, rule.kind == Kind.GUIDANCE
        # the events that end its action, in the order status.decide reads them
        ended = tuple((kind, Status.DONE) for kind in rule.done_by) + \
            tuple((kind, Status.SKIPPED) for kind in rule.cancelled_by)
        self.ended_by = (frozenset(rule.done_by + rule.cancelled_by), ended) if ended else None
        settings = ruleset.settings
        limit = settings.employer_contacts
        self.reason: str | None = None
        if rule.chase and limit is not None and rule.chase > limit:
            times = {1: "once", 2: "twice"}.get(limit, f"{limit} times")
            self.reason = f"this ruleset contacts the employer {times} per round after the thank-you" \
                          " (settings.employer_contacts)"
        # hours.fit: working hours for employer contacts, then quiet hours; a quiet period keeps its times
        self.working = settings.working_hours if rule.contact == "employer" and settings.working_hours else None
        self.fit = not self.quiet and (self.working is not None or settings.quiet_hours is not None)
        timing = rule.timing
        self.due: Step | None = None
        self.opens: Step | None = None
        self.closes: Step | None = None
        self.base: Step | None = None
        self.declared_opens = False
        self.roll: str | None = None
        self.at: time | None = None
        if timing is None:
            return
        if timing.due is None:
            raise Unsupported(rule.id)  # a window with no due point: the reference planner says what it means
        self.due = compile_point(timing.due, layout)
        self.declared_opens = timing.opens is not None
        self.opens = compile_point(timing.opens, layout) if timing.opens else None
        self.closes = compile_point(timing.closes, layout) if timing.closes else None
        if rule.kind == Kind.TASK and not timing.opens:  # it opens when its due date's anchor is reached
            self.base = compile_base(timing.due, layout)
        self.roll = None if timing.roll == "none" else timing.roll
        self.at = timing.at


def _events(rules: list[Rule]) -> set[str]:
    """Every event type an anchor of these rules names."""
    points: list[Point] = [p for r in rules if r.timing for p in (r.timing.due, r.timing.opens, r.timing.closes) if p]
    try:
        return {a.event for p in points for a in p.anchors() if a.source is Source.EVENT and a.event}
    except NotImplementedError as exc:  # a plugin's point that cannot list its anchors
        raise Unsupported(exc) from exc


class Program:
    """The compiled ruleset: ``steps`` in evaluation order; ``placing``, what placing reads, in the ruleset's."""

    __slots__ = ("earlier", "earlier_table", "layout", "placing", "quiet_hours", "size", "steps", "table")

    def __init__(self, ruleset: Ruleset) -> None:
        order = ruleset.order
        if not fits(order, ruleset.rules):  # hand-built, or its rules changed since: ordered as compiling would
            require_anchors(ruleset.rules)
            order, problems = evaluation_order(ruleset.rules)
            if problems:
                raise Unsupported(problems[0].message)
        self.layout = Layout(_events(ruleset.rules), [rule.id for rule in ruleset.rules])
        self.steps = [RuleStep(ruleset.rules[i], i, ruleset, self.layout) for i in order]
        self.size = len(ruleset.rules)
        # an action's place among actions due at the same moment: by priority, then rule id
        rank = {r.id: n for n, r in enumerate(sorted(ruleset.rules, key=lambda r: (r.priority, r.id)))}
        # what placing reads, one tuple a rule (unpacking one is cheaper than reading each attribute)
        self.placing = [(s.rule, s.index, s.reason, s.reason is not None or s.guidance, s.slot, s.quiet,
                         s.quiet and s.declared_opens, s.rule.phase, s.ended_by, s.rule.done_when,
                         s.rule.kind == Kind.MILESTONE, rank[s.rule.id],
                         s.rule.timing is not None and s.rule.timing.lapses)
                        for s in sorted(self.steps, key=lambda step: step.index)]
        self.quiet_hours = ruleset.settings.quiet_hours
        # what evaluate reads: a rule with neither a condition nor dates has nothing to evaluate
        runs = [(s, s.index, s.when, _runner(s, self.quiet_hours)) for s in self.steps]
        self.table = [(index, when, run) for _, index, when, run in runs if run is not None or when is not None]
        # an earlier round keeps only the actions of its round's phase: only those rules, and the rules their
        # dates anchor on, need be evaluated, and only those placed
        needed = _anchored_on(ruleset.rules, {r.id for r in ruleset.rules if r.phase == DEFAULT_PHASE})
        self.earlier_table = [(index, when, run) for s, index, when, run in runs
                              if (run is not None or when is not None) and s.rule.id in needed]
        self.earlier = [entry for entry in self.placing if entry[7] == DEFAULT_PHASE]

    def evaluate(self, vals: Slots, table: list[tuple[int, Any, Callable[[Slots], None] | None]]) -> list[bool]:
        """Each rule's opens, due and closes into its slots (``table`` or ``earlier_table``); returns whether
        each rule's conditions matched."""
        facts = vals[0].facts
        matched = [True] * self.size
        for index, when, run in table:
            if when is not None and not when.test(facts):
                matched[index] = False
            elif run is not None:
                run(vals)
        return matched


def _anchored_on(rules: list[Rule], wanted: set[str]) -> set[str]:
    """The ``wanted`` rule ids and every rule their timing anchors on, however indirectly."""
    by_id = {r.id: r for r in rules}
    found: set[str] = set()
    todo = list(wanted)
    while todo:
        rule_id = todo.pop()
        if rule_id not in found and rule_id in by_id:
            found.add(rule_id)
            todo += [ref for _, ref in rule_refs(by_id[rule_id])]
    return found


def _runner(s: RuleStep, quiet: tuple[time, time] | None) -> Callable[[Slots], None] | None:
    """The rule's step: its values into its slots, with only the work this rule's timing needs."""
    due_step, opens_step, base, closes_step, slot = s.due, s.opens, s.base, s.closes, s.slot
    if due_step is None or s.reason is not None:  # guidance, or a chase beyond the ruleset's contacts
        return None
    roll, at, fit, working = s.roll, s.at, s.fit, s.working
    night, morning = quiet or _ALWAYS
    # _fit leaves a time alone from the end of quiet hours to their start, and inside working hours if it has any
    early, late = (max(morning, working[0]), min(night, working[1])) if working else (morning, night)

    def run(vals: Slots) -> None:
        due: Any = due_step(vals)
        moment = due is not None and due.__class__ is not str  # steps.is_moment
        if moment:
            env: Env = vals[0]
            if roll is not None:  # Timing.resolve_due: off closed days, then the time of day
                day = due.toordinal()
                if day not in env.open:  # not a known open day (or outside the table)
                    rolled = rolled_day(env, due, roll)
                    if rolled != day:
                        due = move_days(env, due, rolled - day)
            if at is not None:
                due = at_time(env, due, at)
            if fit and not early <= due.time() <= late:
                due = _fit(env, due, working, quiet)
        if opens_step is not None:
            opens: Any = opens_step(vals)
            if moment and opens is not None and opens.__class__ is not str and due < opens:
                due = opens  # a task is never due before it opens
            vals[slot] = opens
        elif base is not None and moment:
            vals[slot] = base(vals)  # a task opens when the due date's anchor is reached
        vals[slot + 1] = due
        if closes_step is not None:
            vals[slot + 2] = closes_step(vals)

    return run


def _fit(env: Env, due: datetime, working: tuple[time, time] | None, quiet: tuple[time, time] | None) -> datetime:
    """``hours.fit``: an employer contact inside working hours (on open days), then nothing due inside quiet hours."""
    if working is not None and (due.toordinal() in env.open or env.calendar.is_open(due.date())):
        due = _clamp(env, due, *working)
    if quiet is not None:
        night, morning = quiet
        due = _clamp(env, due, morning, night, night_before=True)
    return due


def _clamp(env: Env, due: datetime, low: time, high: time, *, night_before: bool = False) -> datetime:
    """``due`` moved into [low, high] of its day; before ``low`` means the evening before if ``night_before``."""
    clock = due.time()
    if clock > high:
        return at_time(env, due, high)
    if clock < low:
        if night_before:  # quiet hours wrap midnight: 06:00 is still last night's quiet period
            return local(date.fromordinal(due.toordinal() - 1), high, env.tz)
        return at_time(env, due, low)
    return due


def program_for(ruleset: Ruleset) -> Program | None:
    """The ruleset's compiled form, kept on it until what it was built from changes: its ``settings``,
    ``lifecycle`` or ``order`` given a new value, or ``rules`` another rule (one equal to it compiles the same).
    None if a plugin's form needs the reference planner."""
    kept: Any = ruleset.compiled
    # per plan: three identities and a list compared item by item, identity first (no tuple built)
    if kept is not None and kept[1] is ruleset.settings and kept[2] is ruleset.lifecycle \
            and kept[3] is ruleset.order and kept[0] == ruleset.rules:
        found: Program | None = kept[4]
        return found
    try:
        found = Program(ruleset)
    except Unsupported:
        found = None
    ruleset.compiled = (list(ruleset.rules), ruleset.settings, ruleset.lifecycle, ruleset.order, found)
    return found
