"""Turn merged ruleset data into checked ``Rule`` objects, reporting every problem with its location."""

from __future__ import annotations

from datetime import time
from typing import Any

from afterview.errors import Problem, RulesetError, did_you_mean
from afterview.facts.events import EVENTS
from afterview.facts.model import FIELDS
from afterview.limits import offset_problem
from afterview.rules.calendar_checks import calendar_problems
from afterview.rules.conditions import OPERATORS, ConditionProblem, Operator, compile_condition
from afterview.rules.merge import Merged, MergingRule
from afterview.rules.model import CalendarSpec, Rule, Ruleset, Source, Template
from afterview.rules.offsets import parse_offset
from afterview.rules.timing import AnchorPoint, FirstOf, FractionPoint, LatestOf, Point, Timing
from afterview.text.dates import WEEKDAY_NAMES

KIND_NAMES = {"task": "task", "milestone": "milestone", "quiet": "quiet period", "guidance": "guidance"}


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
    problems.extend(_check_references(rules, set(merged.rules)))
    problems.extend(calendar_problems(merged))
    if problems:
        problems.sort(key=_position)
        raise RulesetError(problems=problems)
    sources = {sid: Source(**data) for sid, (data, _) in merged.sources.items()}
    cal = merged.calendar
    spec = CalendarSpec(
        country=cal.get("country", "US"),
        weekend=tuple(WEEKDAY_NAMES.index(d) for d in cal["weekend"]) if "weekend" in cal else None,
        closed={c["date"]: c.get("name", "closed") for c in cal.get("closed", [])},
        timezone=cal.get("timezone"),
    )
    meta = merged.meta
    return Ruleset(
        id=meta["id"],
        title=meta.get("title", meta["id"]), rules=rules, sources=sources, calendar=spec,
        version=meta.get("version"), description=meta.get("description"), notes=meta.get("notes"),
        layers=merged.layers,
    )


def _rule(draft: MergingRule, merged: Merged, fields: tuple[str, ...], operators: dict[str, Operator]) -> Rule:
    data, problems = draft.data, []

    def fail(key: str, message: str, hint: str | None = None, sub: tuple[Any, ...] = ()) -> None:
        layer, path = draft.origins.get(key) or draft.origins["id"]
        problems.append(Problem(layer.location((*path, *sub)), f"rule '{data['id']}': {message}", hint))

    when = None
    if "when" in data:
        try:
            when = compile_condition(data["when"], fields, EVENTS, operators=operators)
        except ConditionProblem as exc:
            fail("when", exc.message, sub=exc.path)
    timing = _timing(data, fail)
    for key in ("done_by", "cancelled_by"):
        for i, event in enumerate(data.get(key, [])):
            if event not in EVENTS:
                fail(key, f"unknown event type '{event}'{did_you_mean(event, EVENTS)}", sub=(i,))
    for i, sid in enumerate(data.get("sources", [])):
        if sid not in merged.sources:
            fail("sources", f"unknown source '{sid}'{did_you_mean(sid, merged.sources)}",
                 "add it to the ruleset's sources list", sub=(i,))
    if problems:
        raise _Problems(problems)
    templates = tuple(
        Template(t["id"], t.get("text", ""), t.get("title"), t.get("channel"), t.get("subject"), t.get("max_chars"),
                 draft.location(f"templates.{t['id']}"))
        for t in data.get("templates", [])
    )
    return Rule(
        id=data["id"], title=data["title"], kind=data["kind"], origin=draft.location("id"), when=when, timing=timing,
        done_by=tuple(data.get("done_by", ())), cancelled_by=tuple(data.get("cancelled_by", ())),
        body=data.get("body", ""), why=data.get("why", ""), templates=templates,
        sources=tuple(data.get("sources", ())), tags=tuple(data.get("tags", ())), priority=data.get("priority", 3),
        summary=data.get("summary"),
        origins={key: draft.location(key) for key in draft.origins},
        origin_layers={key: layer.id for key, (layer, _) in draft.origins.items()}, raw=data,
    )


def _timing(data: dict[str, Any], fail: Any) -> Timing | None:
    raw, kind = data.get("timing"), data["kind"]
    required = {"task": ("due",), "milestone": ("due",), "quiet": ("opens", "closes"), "guidance": ()}[kind]
    if kind == "guidance":
        if raw:
            fail("timing", "guidance has no date: remove 'timing', or make it a task")
        return None
    raw = raw or {}
    for name in required:
        if name not in raw:
            fail("timing" if raw else "kind", f"a {KIND_NAMES[kind]} needs timing.{name}")
    points: dict[str, Point] = {}
    for name in ("opens", "due", "closes"):
        if name in raw:
            point = _point(raw[name], lambda msg, sub=(), n=name: fail(f"timing.{n}", msg, sub=sub))
            if point is not None:
                points[name] = point
    at = time.fromisoformat(raw["at"]) if "at" in raw else None
    due = points.get("due") or (points.get("closes") if kind == "quiet" else None)
    return Timing(due=due, opens=points.get("opens"), closes=points.get("closes"), at=at,
                  roll=raw.get("roll", "following"), points=points)


def _point(raw: dict[str, Any], fail: Any, sub: tuple[Any, ...] = ()) -> Point | None:  # noqa: PLR0911 - one return per form
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
        return FractionPoint(raw["fraction"], raw["from"], raw["to"]) if ok else None
    if not _anchor_ok(raw["anchor"], fail, (*sub, "anchor")):
        return None
    offset = parse_offset(raw["offset"]) if "offset" in raw else None
    too_long = offset and offset_problem(offset.amount, offset.unit)
    if too_long:
        fail(too_long, (*sub, "offset"))
        return None
    return AnchorPoint(raw["anchor"], offset)


def _anchor_ok(anchor: str, fail: Any, sub: tuple[Any, ...]) -> bool:
    if anchor.startswith("event."):
        event = anchor[6:]
        if event not in EVENTS:
            fail(f"unknown event '{event}'{did_you_mean(event, EVENTS)}", sub)
            return False
    return True


def rule_refs(rule: Rule) -> list[tuple[str, str]]:
    """(point name, referenced rule id) for every rule.<id>.<x> anchor in the rule's timing."""
    if rule.timing is None:
        return []
    points = rule.timing.points.items()
    return [(name, a.split(".")[1]) for name, p in points for a in p.anchors() if a.startswith("rule.")]


def _check_references(rules: list[Rule], known: set[str]) -> list[Problem]:
    """Unknown rule anchors and cycles; rules that failed to compile are known but not checked."""
    by_id = {r.id: r for r in rules}
    problems = []
    for rule in rules:
        for name, ref in rule_refs(rule):
            if ref not in known:
                problems.append(Problem(rule.origins.get(f"timing.{name}", rule.origin),
                                        f"rule '{rule.id}': timing.{name} refers to unknown rule '{ref}'"
                                        f"{did_you_mean(ref, known)}"))
    if problems or len(by_id) < len(known):
        return problems
    return _cycles(rules, by_id)


def _cycles(rules: list[Rule], by_id: dict[str, Rule]) -> list[Problem]:
    state: dict[str, int] = {}

    def visit(rule: Rule, chain: list[str]) -> list[str] | None:
        state[rule.id] = 1
        for _, ref in rule_refs(rule):
            if state.get(ref) == 1:
                return [*chain, rule.id, ref]
            if ref not in state:
                found = visit(by_id[ref], [*chain, rule.id])
                if found:
                    return found
        state[rule.id] = 2
        return None

    for rule in rules:
        if rule.id not in state:
            cycle = visit(rule, [])
            if cycle:
                start = cycle.index(cycle[-1])
                loop = " → ".join(cycle[start:])
                return [Problem(by_id[cycle[-2]].origins.get("timing", by_id[cycle[-2]].origin),
                                f"rule '{cycle[-2]}': timing refers to itself through other rules: {loop}")]
    return []


def _position(problem: Problem) -> tuple[str, int, int]:
    where = problem.location
    return (where.path, where.line or 0, where.col or 0) if where else ("", 0, 0)
