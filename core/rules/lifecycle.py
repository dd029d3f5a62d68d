"""The application lifecycle a ruleset declares: stages, the phase of advice live in each, and what each event does.

Every rule belongs to a phase (``round`` by default: the advice for one
interview round). A stage lists the phases whose actions stay live in it;
entering a stage through an event ends every pending action of any other
phase, as ``done`` if the event completes that phase, else as ``skipped``.
All of it is data, checked when the ruleset compiles, so a browser can run it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from afterview.errors import Location, Problem, did_you_mean
from afterview.facts.events import EVENTS

DEFAULT_PHASE = "round"


@dataclass(frozen=True)
class Stage:
    """A stage of an application (waiting, interviewing, offer, ...) and the advice phases live in it."""

    id: str
    title: str
    phases: tuple[str, ...]
    terminal: bool = False
    description: str = ""


@dataclass(frozen=True)
class Effect:
    """What recording one event type does to the application."""

    event: str
    stage: str | None = None  # the stage it moves to; None: it changes no stage
    new_round: bool = False  # the event starts a new interview round
    completes: tuple[str, ...] = ()  # phases whose pending actions become done
    description: str = ""
    after: tuple[str, ...] = ()  # stages it can happen in (for the reachability of waiting advice)


@dataclass(frozen=True)
class Lifecycle:
    """A ruleset's stages and what each recorded event does; ``initial`` is where an application starts."""

    initial: str = "waiting"
    stages: dict[str, Stage] = field(default_factory=dict)
    effects: dict[str, Effect] = field(default_factory=dict)
    # stage -> the stages reachable from it, filled on first use (every plan asks)
    _reach: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    _phases: dict[frozenset[str], frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def phases(self) -> set[str]:
        return {p for s in self.stages.values() for p in s.phases} | {DEFAULT_PHASE}

    def reachable(self, start: str) -> frozenset[str]:
        """Stages reachable from ``start`` through declared events (``start`` included)."""
        found = self._reach.get(start)
        if found is None:
            found = self._reach[start] = frozenset(self._walk(start))
        return found

    def phases_of(self, stages: frozenset[str]) -> frozenset[str]:
        """The phases live in any of ``stages`` (kept per set of stages: every plan asks)."""
        found = self._phases.get(stages)
        if found is None:
            found = self._phases[stages] = frozenset(p for s in stages for p in self.stages[s].phases)
        return found

    def _walk(self, start: str) -> set[str]:
        seen, todo = {start}, [start]
        while todo:
            here = todo.pop()
            for effect in self.effects.values():
                allowed = not effect.after or here in effect.after
                if effect.stage and effect.stage not in seen and allowed and not self.stages[here].terminal:
                    seen.add(effect.stage)
                    todo.append(effect.stage)
        return seen


NONE = Lifecycle(stages={"waiting": Stage("waiting", "Waiting to hear", (DEFAULT_PHASE,))})


def build_lifecycle(raw: dict[str, Any] | None, where: Any) -> tuple[Lifecycle, list[Problem]]:
    """Check a ruleset's ``lifecycle`` section; ``where(path)`` locates a value."""
    if not raw:
        return NONE, []
    problems: list[Problem] = []

    def fail(path: tuple[Any, ...], message: str) -> None:
        location: Location = where(("lifecycle", *path))
        problems.append(Problem(location, f"lifecycle: {message}"))

    stages = {s["id"]: Stage(s["id"], s.get("title", s["id"]), tuple(s.get("phases", ())), bool(s.get("terminal")),
                             s.get("description", "")) for s in raw.get("stages", [])}
    initial = raw.get("initial", "waiting")
    if initial not in stages:
        fail(("initial",), f"unknown stage '{initial}'{did_you_mean(initial, stages)}")
    effects = {}
    for i, e in enumerate(raw.get("events", [])):
        if e["event"] not in EVENTS:
            fail(("events", i, "event"), f"unknown event type '{e['event']}'{did_you_mean(e['event'], EVENTS)}")
        for key, names in (("stage", [e["stage"]] if "stage" in e else []), ("after", e.get("after", []))):
            for j, name in enumerate(names):
                if name not in stages:
                    fail(("events", i, key) if key == "stage" else ("events", i, key, j),
                         f"unknown stage '{name}'{did_you_mean(name, stages)}")
        effects[e["event"]] = Effect(e["event"], e.get("stage"), bool(e.get("new_round")),
                                     tuple(e.get("completes", ())), e.get("description", ""), tuple(e.get("after", ())))
    lifecycle = Lifecycle(initial, stages, effects)
    for i, e in enumerate(raw.get("events", [])):
        for j, phase in enumerate(e.get("completes", [])):
            if phase not in lifecycle.phases:
                fail(("events", i, "completes", j), f"unknown phase '{phase}'{did_you_mean(phase, lifecycle.phases)}")
    return lifecycle, problems
