"""A ruleset compiled once for the planner: its rules in evaluation order, each with its steps prebuilt.

The same ordered form as the plan program the guide's JavaScript planner runs
(``program.py``). Everything that does not depend on the facts is settled here:
the order, each point's step (``steps.py``), the roll and time of day, the
working and quiet hours, whether a chase is beyond the ruleset's contacts, and
the kind tests. ``engine.plan`` evaluates it per round; what it produces is
held equal to the reference planner (``reference.py``) by tests, and every
piece of text (an explanation, a reason a rule does not apply) is asked of
that planner, on first use.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from afterview.planning.steps import Env, Step, Unsupported, at_time, compile_base, compile_point, move_days, rolled_day
from afterview.planning.wall_clock import local
from afterview.rules.model import Rule, Ruleset
from afterview.rules.order import evaluation_order
from afterview.rules.vocabulary import Kind


class RuleStep:
    """One rule with everything about it that does not depend on the facts."""

    __slots__ = ("at", "base", "closes", "declared_opens", "due", "employer", "guidance", "index", "milestone",
                 "opens", "quiet", "reason", "roll", "rule", "task", "when")

    def __init__(self, rule: Rule, index: int, ruleset: Ruleset, ids: dict[str, int]) -> None:
        self.rule, self.index, self.when = rule, index, rule.when
        self.task, self.quiet = rule.kind == Kind.TASK, rule.kind == Kind.QUIET
        self.guidance, self.milestone = rule.kind == Kind.GUIDANCE, rule.kind == Kind.MILESTONE
        self.employer = rule.contact == "employer"
        limit = ruleset.settings.employer_contacts
        self.reason: str | None = None
        if rule.chase and limit is not None and rule.chase > limit:
            times = {1: "once", 2: "twice"}.get(limit, f"{limit} times")
            self.reason = f"this ruleset contacts the employer {times} per round after the thank-you" \
                          " (settings.employer_contacts)"
        timing = rule.timing
        self.due: Step | None = None
        self.opens: Step | None = None
        self.closes: Step | None = None
        self.base: Step | None = None
        self.declared_opens, self.roll, self.at = False, "none", None
        if timing is not None and timing.due is not None:
            self.due = compile_point(timing.due, ids)
            self.declared_opens = timing.opens is not None
            self.opens = compile_point(timing.opens, ids) if timing.opens else None
            self.closes = compile_point(timing.closes, ids) if timing.closes else None
            self.base = compile_base(timing.due, ids) if self.task and not timing.opens else None
            self.roll, self.at = timing.roll, timing.at
        elif timing is not None:
            raise Unsupported(rule.id)  # a window with no due point: the reference planner says what it means


class Program:
    """The compiled ruleset: ``steps`` in evaluation order, ``by_index`` in the ruleset's."""

    __slots__ = ("by_index", "quiet_hours", "size", "steps", "working_hours")

    def __init__(self, ruleset: Ruleset) -> None:
        order = ruleset.order
        if not order and ruleset.rules:  # a hand-built ruleset: order it as compiling would
            order, problems = evaluation_order(ruleset.rules)
            if problems:
                raise Unsupported(problems[0].message)
        ids = {rule.id: i for i, rule in enumerate(ruleset.rules)}
        self.steps = [RuleStep(ruleset.rules[i], i, ruleset, ids) for i in order]
        self.size = len(ruleset.rules)
        self.by_index = sorted(self.steps, key=lambda step: step.index)  # the ruleset's own order, for placing
        self.working_hours = ruleset.settings.working_hours
        self.quiet_hours = ruleset.settings.quiet_hours

    def evaluate(self, env: Env) -> list[bool]:
        """Each rule's (opens, due, closes) into ``env.outs``; returns whether each rule's conditions matched."""
        facts, outs = env.facts, env.outs
        matched = [True] * self.size
        for step in self.steps:
            if step.when is not None and not step.when.test(facts):
                matched[step.index] = False
                continue
            if step.reason is not None:
                continue
            if step.due is None:
                outs[step.index] = (None, None, None)
                continue
            due = step.due(env)
            if due.__class__ is datetime:
                due = self._settle_due(env, step, due)
            if step.opens is not None:
                opens = step.opens(env)
                if due.__class__ is datetime and opens.__class__ is datetime and due < opens:
                    due = opens  # a task is never due before it opens
            elif step.base is not None and due.__class__ is datetime:
                opens = step.base(env)  # a task opens when the due date's anchor is reached
            else:
                opens = None
            outs[step.index] = (opens, due, step.closes(env) if step.closes is not None else None)
        return matched

    def _settle_due(self, env: Env, step: RuleStep, due: datetime) -> datetime:
        """Roll off closed days, apply the time of day, then keep to the ruleset's hours (``hours.fit``)."""
        if step.roll != "none":
            day = due.toordinal()
            rolled = rolled_day(env, due, step.roll)
            if rolled != day:
                due = move_days(env, due, rolled - day)
        if step.at is not None:
            due = at_time(env, due, step.at)
        if step.quiet:
            return due
        if step.employer and self.working_hours:
            start, end = self.working_hours
            clock = due.time()
            if clock > end:
                due = at_time(env, due, end)
            elif clock < start:
                due = at_time(env, due, start)
        if self.quiet_hours:
            night, morning = self.quiet_hours
            clock = due.time()
            if clock > night:
                due = at_time(env, due, night)
            elif clock < morning:
                due = _previous_evening(env, due, night)
        return due


def _previous_evening(env: Env, due: datetime, night: time) -> datetime:
    return local(date.fromordinal(due.toordinal() - 1), night, env.tz)


def program_for(ruleset: Ruleset) -> Program | None:
    """The ruleset's compiled form, built once and kept on it; None if a plugin's form needs the reference planner."""
    found: Any = ruleset.compiled
    if found is None:
        try:
            found = Program(ruleset)
        except Unsupported:
            found = False
        ruleset.compiled = found
    return found or None
