"""What ``today``, ``agenda`` and ``status`` need from each application, cached between runs.

Planning 500 applications takes longer than the agenda's budget, yet an
application's plan rarely changes: its dates depend only on the file (and the
rulesets and holidays), and its statuses only on where ``now`` falls among
those dates. So each summary is stored with the file's hash and the span of
time, between two of its dates, in which its statuses cannot change; a later
run inside that span, on an unchanged file, reuses it without planning.
The cache is off when an installed plugin implements ``prepare_plan`` (it
could change plans in ways the summary cannot see).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from afterview import _cache, cache_stamps
from afterview.errors import AfterviewError, Problem
from afterview.rules.overlays import RULESETS_ENV

if TYPE_CHECKING:
    from afterview.app import Afterview
    from afterview.journal.store import Journal
    from afterview.planning.actions import Plan


@dataclass(frozen=True)
class Step:
    """One dated action as the agenda shows it."""

    rule_id: str
    title: str
    kind: str
    status: str
    due: datetime
    priority: int
    has_draft: bool


@dataclass(frozen=True)
class Summary:
    """One application: its dated steps and the facts the status board shows."""

    slug: str
    steps: tuple[Step, ...]
    events: tuple[str, ...]  # the event types recorded
    interview_start: datetime
    timezone: str
    decision_by: date | None
    stage: str | None = None  # the plan's lifecycle stage once an event moved it (e.g. "rejected"), else None
    closed: bool = False  # that stage is terminal in the ruleset's lifecycle (rejected, withdrawn, accepted, ...)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def summarise(slug: str, plan: Plan) -> Summary:
    facts = plan.facts
    steps = tuple(Step(a.rule.id, a.title, a.kind, a.status, a.due, a.rule.priority, bool(a.rule.templates))
                  for a in plan.actions)
    return Summary(slug, steps, tuple(sorted({e.type for e in facts.events})), facts.interview_start, facts.tz.key,
                   facts.decision_by, moved_stage(plan), bool(plan.stage and plan.stage.terminal))


def moved_stage(plan: Plan) -> str | None:
    """The stage the plan is in, as ``plan`` says it, when an event left the initial one (a new round does not)."""
    stage = plan.stage
    if stage is None or plan.stage_event is None or stage.id == plan.ruleset.lifecycle.initial:
        return None
    return stage.title.lower()


def stable_span(plan: Plan) -> list[str | None]:
    """When these statuses hold: [after, before] (open interval; None is unbounded), or [now, now] on a date itself."""
    moments = [plan.facts.interview_start]
    for action in plan.actions:
        moments += [m for m in (action.opens, action.due, action.closes) if m is not None]
    if any(m == plan.now for m in moments):  # a status may change at this very moment: valid for it alone
        return [plan.now.isoformat(), plan.now.isoformat()]
    before = max((m for m in moments if m < plan.now), default=None)
    after = min((m for m in moments if m > plan.now), default=None)
    return [before.isoformat() if before else None, after.isoformat() if after else None]


def _within(span: list[str | None], now: datetime) -> bool:
    start, end = (datetime.fromisoformat(m) if m else None for m in span)
    if start is not None and start == end:
        return now == start
    return (start is None or start < now) and (end is None or now < end)


def _to_json(summary: Summary) -> dict[str, Any]:
    data = asdict(summary)
    data["events"] = list(summary.events)  # as JSON reads it back, so an unchanged cache compares equal
    data["interview_start"] = summary.interview_start.isoformat()
    data["decision_by"] = summary.decision_by.isoformat() if summary.decision_by else None
    data["steps"] = [{**asdict(s), "due": s.due.isoformat()} for s in summary.steps]
    return data


def _from_json(data: dict[str, Any]) -> Summary:
    steps = tuple(Step(**{**s, "due": datetime.fromisoformat(s["due"])}) for s in data["steps"])
    decision = date.fromisoformat(data["decision_by"]) if data["decision_by"] else None
    return Summary(data["slug"], steps, tuple(data["events"]), datetime.fromisoformat(data["interview_start"]),
                   data["timezone"], decision, data.get("stage"), bool(data.get("closed")))


def tally(entries: list[Summary]) -> tuple[int, int]:
    """(open, closed): an application is closed once its stage is terminal (its last steps may still be due)."""
    closed = sum(entry.closed for entry in entries)
    return len(entries) - closed, closed


def tally_text(open_count: int, closed_count: int) -> str:
    """'2 open applications, 1 closed'; 'no open applications, 1 closed'."""
    opened = f"{open_count or 'no'} open application{'s' * (open_count != 1)}"
    return f"{opened}, {closed_count} closed" if closed_count else opened


def fingerprint(app: Afterview, overlays: list[bytes]) -> str | None:
    """What every cached summary depends on besides its file (``overlays``: those in the journal folder)."""
    from importlib.resources import files

    from afterview._version import __version__
    from afterview.manager import DEFAULT_PLUGINS

    if any(impl.plugin_name not in DEFAULT_PLUGINS for impl in app.pm.hook.prepare_plan.get_hookimpls()):
        return None
    parts = [__version__, cache_stamps.holidays_stamp(), *(hashlib.sha256(raw).hexdigest() for raw in overlays)]
    for folder in os.environ.get(RULESETS_ENV, "").split(os.pathsep):  # overlays from AFTERVIEW_RULESETS
        parts += [f"{p}:{p.stat().st_mtime_ns}" for p in sorted(Path(folder).glob("*.yaml"))] if folder else []
    for package in ("afterview.rulesets", "afterview.planning", "afterview.rules", "afterview.journal"):
        for item in sorted(files(package).iterdir(), key=lambda p: p.name):
            if item.name.endswith((".yaml", ".py")):
                parts.append(f"{item.name}:{item.stat().st_mtime_ns}")  # type: ignore[attr-defined]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]


def summaries(app: Afterview, journal: Journal, now: datetime) -> tuple[list[Summary], list[Problem]]:
    """Every entry's summary at ``now``, closed ones too (``tally`` counts them apart).

    Only files that changed, or whose statuses may have, are planned again.
    """
    from afterview.journal.load import Planner
    from afterview.journal.store import is_overlay

    files = journal.files()
    key = fingerprint(app, [raw for _, raw in files if is_overlay(raw)])
    name = f"journal-{hashlib.sha256(str(journal.root.resolve()).encode()).hexdigest()[:16]}.json"
    cached = (_cache.read_json(name) or {}) if key else {}
    old = cached.get("entries", {}) if cached.get("key") == key else {}
    fresh: dict[str, Any] = {}
    found, problems = [], []
    planner = Planner(app, now)
    for path, raw in files:
        if is_overlay(raw):
            continue
        digest = hashlib.sha256(raw).hexdigest()
        hit = old.get(path.stem)
        if hit and hit["hash"] == digest and _within(hit["span"], now):
            found.append(_from_json(hit["summary"]))
            fresh[path.stem] = hit
            continue
        try:
            plan = planner.entry(path).plan
        except AfterviewError as exc:
            problems += exc.problems
            continue
        summary = summarise(path.stem, plan)
        found.append(summary)
        fresh[path.stem] = {"hash": digest, "span": stable_span(plan), "summary": _to_json(summary)}
    if key and fresh != old:
        _cache.write_json(name, {"key": key, "entries": fresh})
    return found, problems
