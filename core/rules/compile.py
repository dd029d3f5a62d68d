"""Turn merged ruleset data into checked ``Rule`` objects, reporting every problem with its location."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from typing import Any

from afterview.errors import Problem, RulesetError, did_you_mean
from afterview.facts.events import EVENTS
from afterview.facts.model import FIELDS
from afterview.limits import offset_problem
from afterview.rules.calendar_checks import calendar_problems
from afterview.rules.conditions import OPERATORS, Condition, ConditionProblem, Operator, compile_condition
from afterview.rules.lifecycle import DEFAULT_PHASE, Lifecycle, build_lifecycle
from afterview.rules.merge import Merged, MergingRule
from afterview.rules.model import CalendarSpec, Rule, Ruleset, Source, Template
from afterview.rules.offset_words import fill_offsets as _fill
from afterview.rules.offsets import parse_offset
from afterview.rules.order import check_references, evaluation_order
from afterview.rules.settings import build_settings, meta_where
from afterview.rules.timing import AnchorPoint, FirstOf, FractionPoint, LatestOf, Point, Timing, WhenPoint
from afterview.rules.vocabulary import Anchor, Kind
from afterview.text.dates import WEEKDAY_NAMES

KIND_NAMES = {Kind.TASK: "task", Kind.MILESTONE: "milestone", Kind.QUIET: "quiet period",
              Kind.GUIDANCE: "guidance"}


class _Problems(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems


def build_ruleset(merged: Merged, fields: tuple[str, ...] = FIELDS,
                  operators: dict[str, Operator] = OPERATORS) -> Ruleset:
    """Check and compile every rule; raise RulesetError with all problems at once."""
    problems: list[Problem] = []
    rules = []
    for draft in merged.rules.values():
        try:
            rules.append(_rule(draft, merged, fields, operators))
        except _Problems as exc:
            problems.extend(exc.problems)
    lifecycle, lifecycle_problems = build_lifecycle(merged.meta.get("lifecycle"), meta_where(merged, "lifecycle"))
    _infer_phases(rules, lifecycle)
    problems += lifecycle_problems + _check_phases(rules, lifecycle)
    problems.extend(check_references(rules, set(merged.rules)))
    order: tuple[int, ...] = ()
    if not problems and len(rules) == len(merged.rules):
        order, cycle = evaluation_order(rules)
        problems += cycle
    settings, checks, more = build_settings(merged, {r.id: r for r in rules})
    problems += more + _check_closed_sources(merged)
    problems.extend(calendar_problems(merged))
    if problems:
        problems.sort(key=_position)
        raise RulesetError(problems=problems)
    sources = {sid: Source(**data) for sid, (data, _) in merged.sources.items()}
    cal = merged.calendar
    spec = CalendarSpec(
        country=cal.get("country", "US"),
        weekend=tuple(WEEKDAY_NAMES.index(d) for d in cal["weekend"]) if "weekend" in cal else None,
        closed={c["date"]: c.get("name", "closed") for c in cal.get("closed", []) if "date" in c},
        yearly=tuple((c["yearly"], c.get("through", c["yearly"]), c.get("name", "closed"))
                     for c in cal.get("closed", []) if "yearly" in c),
        day_after=tuple((c["day_after"], c.get("name", f"day after {c['day_after']}"))
                        for c in cal.get("closed", []) if "day_after" in c),
        timezone=cal.get("timezone"),
    )
    meta = merged.meta
    ruleset = Ruleset(
        id=meta["id"],
        title=meta.get("title", meta["id"]), rules=rules, sources=sources, calendar=spec,
        version=meta.get("version"), description=meta.get("description"), notes=meta.get("notes"),
        layers=merged.layers, lifecycle=lifecycle, settings=settings, checks=checks, order=order,
    )
    from afterview.rules.invariants import check_timing  # it plans samples: the engine imports this package

    timing_problems = check_timing(ruleset)
    if timing_problems:
        raise RulesetError(problems=timing_problems)
    return ruleset


def _rule(draft: MergingRule, merged: Merged, fields: tuple[str, ...], operators: dict[str, Operator]) -> Rule:
    data, problems = draft.data, []

    def fail(key: str, message: str, hint: str | None = None, sub: tuple[Any, ...] = ()) -> None:
        layer, path = draft.origins.get(key) or draft.origins["id"]
        problems.append(Problem(layer.location((*path, *sub)), f"rule '{data['id']}': {message}", hint))

    def condition(key: str) -> Condition | None:
        """The compiled ``when`` or ``done_when``; a problem in it is reported at its place."""
        if key not in data:
            return None
        try:
            return compile_condition(data[key], fields, EVENTS, operators=operators)
        except ConditionProblem as exc:
            fail(key, exc.message, exc.hint, sub=exc.path)
            return None

    when = condition("when")
    timing = _timing(data, fail)
    body, why = _fill(data.get("body", ""), timing, fail), _fill(data.get("why", ""), timing, fail)
    done_when = condition("done_when")
    for key in ("done_by", "cancelled_by"):
        for i, event in enumerate(data.get(key, [])):
            if event not in EVENTS:
                fail(key, f"unknown event type '{event}'{did_you_mean(event, EVENTS)}", f"events: {', '.join(EVENTS)}",
                     sub=(i,))
    for i, sid in enumerate(data.get("sources", [])):
        if sid not in merged.sources:
            fail("sources", f"unknown source '{sid}'{did_you_mean(sid, merged.sources)}",
                 "add it to the ruleset's sources list", sub=(i,))
    if problems:
        raise _Problems(problems)
    templates = tuple(
        Template(t["id"], t.get("text", ""), draft.location(f"templates.{t['id']}"), t.get("title"), t.get("channel"),
                 t.get("subject"), t.get("max_chars"), t.get("fallback"), t.get("per"))
        for t in data.get("templates", [])
    )
    return Rule(
        id=data["id"], title=data["title"], kind=Kind(data["kind"]), origin=draft.location("id"), when=when,
        timing=timing,
        done_by=tuple(data.get("done_by", ())), cancelled_by=tuple(data.get("cancelled_by", ())),
        body=body, why=why, templates=templates,
        sources=tuple(data.get("sources", ())), tags=tuple(data.get("tags", ())), priority=data.get("priority", 3),
        summary=data.get("summary"), phase=data.get("phase", DEFAULT_PHASE), done_when=done_when,
        contact=data.get("contact"), chase=data.get("chase"),
        origins={key: draft.location(key) for key in draft.origins},
        origin_layers={key: layer.id for key, (layer, _) in draft.origins.items()}, raw=data,
    )


def _timing(data: dict[str, Any], fail: Any) -> Timing | None:
    raw, kind = data.get("timing"), data["kind"]
    required = {Kind.TASK: ("due",), Kind.MILESTONE: ("due",), Kind.QUIET: ("opens", "closes"), Kind.GUIDANCE: ()}[kind]
    if kind == Kind.GUIDANCE:
        if raw:
            fail("timing", "guidance has no date: remove 'timing', or make it a task")
        return None
    raw = raw or {}
    for name in required:
        if name not in raw:
            fail("timing" if raw else "kind", f"a {KIND_NAMES[kind]} needs timing.{name}")
    if raw.get("lapses") and kind != Kind.TASK:  # a milestone passes by itself; a quiet period ends
        fail("timing.lapses", f"only a task lapses: a {KIND_NAMES[kind]} never becomes overdue")
    points: dict[str, Point] = {}
    for name in ("opens", "due", "closes"):
        if name in raw:
            point = _point(raw[name], lambda msg, sub=(), hint=None, n=name: fail(f"timing.{n}", msg, hint, sub=sub))
            if point is not None:
                points[name] = point
    at = time.fromisoformat(raw["at"]) if "at" in raw else None
    due = points.get("due") or (points.get("closes") if kind == Kind.QUIET else None)
    return Timing(due=due, opens=points.get("opens"), closes=points.get("closes"), at=at,
                  roll=raw.get("roll", "following"), lapses=bool(raw.get("lapses", False)), points=points)


def _point(raw: dict[str, Any], fail: Any, sub: tuple[Any, ...] = ()) -> Point | None:
    point = _bare_point(raw, fail, sub)
    if point is None or "when" not in raw:
        return point
    try:
        return WhenPoint(point, compile_condition(raw["when"], FIELDS, EVENTS))
    except ConditionProblem as exc:
        fail(exc.message, (*sub, "when", *exc.path), exc.hint)
        return None


def _bare_point(raw: dict[str, Any], fail: Any, sub: tuple[Any, ...] = ()) -> Point | None:  # noqa: PLR0911 - one return per form
    forms = [k for k in ("anchor", "fraction", "first_of", "latest_of") if k in raw]
    if len(forms) != 1:
        fail("a point needs exactly one of anchor, fraction, first_of or latest_of", sub)
        return None
    form = forms[0]
    if form in ("first_of", "latest_of"):
        parts = [_point(p, fail, (*sub, form, i)) for i, p in enumerate(raw[form])]
        if any(p is None for p in parts):
            return None
        return (FirstOf if form == "first_of" else LatestOf)(tuple(parts))  # type: ignore[arg-type]
    if form == "fraction":
        if "from" not in raw or "to" not in raw:
            fail("a fraction needs 'from' and 'to' anchors", sub)
            return None
        ok = _anchor_ok(raw["from"], fail, (*sub, "from")) and _anchor_ok(raw["to"], fail, (*sub, "to"))
        return FractionPoint(raw["fraction"], Anchor(raw["from"]), Anchor(raw["to"])) if ok else None
    if not _anchor_ok(raw["anchor"], fail, (*sub, "anchor")):
        return None
    offset = parse_offset(raw["offset"]) if "offset" in raw else None
    too_long = offset and offset_problem(offset.amount, offset.unit)
    if too_long:
        fail(too_long, (*sub, "offset"))
        return None
    return AnchorPoint(Anchor(raw["anchor"]), offset)


def _anchor_ok(anchor: str, fail: Any, sub: tuple[Any, ...]) -> bool:
    if anchor.startswith("event."):
        event = anchor[6:]
        if event not in EVENTS:
            fail(f"unknown event '{event}'{did_you_mean(event, EVENTS)}", sub, f"events: {', '.join(EVENTS)}")
            return False
    return True


def _check_closed_sources(merged: Merged) -> list[Problem]:
    layer, path = merged.calendar_origins.get("closed", (None, ()))
    closed = merged.calendar.get("closed", [])
    return [Problem(layer.location((*path, i, "source")) if layer else None,
                    f"calendar.closed: unknown source '{c['source']}'{did_you_mean(c['source'], merged.sources)}")
            for i, c in enumerate(closed) if "source" in c and c["source"] not in merged.sources]


def _infer_phases(rules: list[Rule], lifecycle: Lifecycle) -> None:
    """A rule with no phase, dated only from events that lead to one stage, belongs to that stage's first phase.

    So a rule an overlay adds "a day after a rejection" lives in the rejected
    stage without saying so, instead of ending the moment it applies.
    """
    for i, rule in enumerate(rules):
        if "phase" in rule.raw or rule.timing is None or rule.timing.due is None:
            continue
        anchors = rule.timing.due.anchors()
        effects = [lifecycle.effects.get(a.event) for a in anchors if a.event is not None]
        stages = {e.stage for e in effects if e is not None and e.stage and not e.new_round}
        if len(effects) == len(anchors) and len(stages) == 1 and None not in effects:
            phases = lifecycle.stages[str(stages.pop())].phases
            if phases:
                rules[i] = replace(rule, phase=phases[0])


def _check_phases(rules: list[Rule], lifecycle: Lifecycle) -> list[Problem]:
    phases = lifecycle.phases
    return [Problem(r.origins.get("phase", r.origin), f"rule '{r.id}': unknown phase '{r.phase}'"
                    f"{did_you_mean(r.phase, phases)}", "phases are named in the lifecycle's stages")
            for r in rules if r.phase not in phases]


def _position(problem: Problem) -> tuple[str, int, int]:
    where = problem.location
    return (where.path, where.line or 0, where.col or 0) if where else ("", 0, 0)
