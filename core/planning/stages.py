"""Where an application stands in its ruleset's lifecycle, and what that does to each action's status.

Pure and data-driven: the stage is the last stage-changing event in time
order; rounds start at each ``new_round`` event. See docs/rulesets.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from afterview.facts.model import Event, Facts
from afterview.rules.lifecycle import Lifecycle, Stage
from afterview.rules.model import Rule
from afterview.rules.vocabulary import PENDING, Kind, Status
from afterview.text import dates

Words = Callable[[], str]


@dataclass(slots=True)
class Position:
    """The current stage, the event that led there, and the events that started each later round.

    Not frozen: a frozen dataclass sets each field through ``object.__setattr__``, and every plan makes one.
    """

    stage: Stage
    event: Event | None
    new_rounds: tuple[Event, ...] = ()
    reachable: frozenset[str] = frozenset()  # stages that can still come, this one included
    live_phases: frozenset[str] = frozenset()  # the phases of those stages: their advice can still become live


def position(lifecycle: Lifecycle, facts: Facts) -> Position:
    stage, moved_by, rounds = lifecycle.stages[lifecycle.initial], None, []
    effects = lifecycle.effects
    for event in sorted(facts.events, key=_at) if len(facts.events) > 1 else facts.events:
        effect = effects.get(event.type)
        if effect is None:
            continue
        if effect.new_round:
            rounds.append(event)
        if effect.stage:
            stage, moved_by = lifecycle.stages[effect.stage], event
    reachable = lifecycle.reachable(stage.id)
    return Position(stage, moved_by, tuple(rounds), reachable, lifecycle.phases_of(reachable))


def _at(event: Event) -> datetime:
    return event.at


def round_facts(facts: Facts, pos: Position, lifecycle: Lifecycle, k: int) -> Facts:
    """The facts as round ``k`` (0 = the first interview) saw them: its interview, and its own events."""
    if not pos.new_rounds:
        return facts
    starts = [None, *pos.new_rounds]
    begin, end = starts[k], (pos.new_rounds[k] if k < len(pos.new_rounds) else None)

    def belongs(e: Event) -> bool:
        staged = (effect := lifecycle.effects.get(e.type)) is not None and effect.stage is not None
        return staged or ((begin is None or e.at >= begin.at) and (end is None or e.at < end.at))

    if begin is None:
        events = tuple(e for e in facts.events if belongs(e))
        # every event belongs to the first round (as when the next round's event moves the stage): the same facts
        return facts if len(events) == len(facts.events) else dataclasses.replace(facts, events=events)
    length = facts.interview_end - facts.interview_start
    start = (begin.interview or begin.at).astimezone(facts.tz)
    return dataclasses.replace(facts, interview_start=start, interview_end=start + length,
                               interview_round=(facts.interview_round or 1) + k,
                               decision_by=round_decision(facts.decision_by, start),
                               events=tuple(e for e in facts.events if belongs(e)))


def round_decision(by: date | None, start: datetime) -> date | None:
    """The stated decision date, for a round whose interview starts at ``start``.

    A round on or after that day outlived it: the decision now waits on the new interview, so the round
    plans as if no date was stated (ask again, follow up from the new interview).
    """
    return by if by is None or start.date() < by else None


# Members read once: an enum member read through its class costs about 0.1 µs on Python 3.11.
_DONE, _SKIPPED, _QUIET = Status.DONE, Status.SKIPPED, Kind.QUIET


def settle(rule: Rule, status: Status, words: Words, pos: Position, lifecycle: Lifecycle,  # noqa: PLR0917
           due: datetime) -> tuple[Status, Words]:
    """Apply the stage: actions of phases not live in it end.

    A quiet period that the stage change cut short is skipped, not done. The stage's own actions (a
    rejection's reply, an outcome's thanks) keep their status: the event that closes an application
    triggers them, so it never skips them, even when it was recorded late. The compiled planner
    (``placing.run_compiled``) applies these rows inline, without words; its tests hold the two equal.
    """
    stage, event = pos.stage, pos.event
    if status not in PENDING and not (rule.kind == _QUIET and status == _DONE and event is not None
                                      and event.at < due and rule.phase not in stage.phases):  # cut short
        return status, words
    if rule.phase not in stage.phases and event is not None:
        effect = lifecycle.effects[event.type]
        at = event.at
        if rule.phase in effect.completes:
            return _DONE, lambda: f"done: {event.type} recorded {dates.moment(at)}"
        return _SKIPPED, lambda: f"skipped: the application moved to '{stage.title}' ({event.type} recorded" \
                                  f" {dates.moment(at)})"
    return status, words


def superseded(status: Status, words: Words, next_round: Event) -> tuple[Status, Words]:
    """An earlier round's pending action: the next round replaced it."""
    if status not in PENDING:
        return status, words
    at = next_round.at
    return Status.SKIPPED, lambda: f"skipped: superseded by the next round (scheduled {dates.moment(at)})"



def recorded_done(rule: Rule, facts: Facts) -> tuple[Status, Words] | None:
    """A generic ``done`` event naming this rule, or its ``done_when`` condition matching."""
    event = facts.done_rules.get(rule.id)
    if event is not None:
        at: datetime = event.at
        return Status.DONE, lambda: f"done: marked done {dates.moment(at)}"
    done_when = rule.done_when
    if done_when is not None and done_when.test(facts):
        return Status.DONE, lambda: f"done: {'; '.join(done_when.trace(facts))}"  # facts are frozen: the same text
    return None
