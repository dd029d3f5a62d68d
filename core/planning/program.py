"""The plan program: a composed ruleset compiled to plain, ordered JSON that a small evaluator can run.

The guide site's planner runs it in JavaScript (``site/static/plan-engine.js``);
a differential test holds that evaluator equal to ``engine.plan``. Everything
the evaluator would otherwise have to know about Python is resolved here:
rules come in evaluation order (a rule after every rule it anchors on), each
offset and condition carries its words, and holiday tables come from the
``holidays`` package. The format is described in docs/rulesets.md ("The plan
program"); bump ``VERSION`` whenever its meaning changes.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from afterview.errors import Location, RulesetError
from afterview.facts.events import EVENTS
from afterview.planning.holiday_tables import HolidayStore
from afterview.rules.conditions import OPERATORS, AllOf, AnyOf, Condition, EventTest, FieldTest, Not
from afterview.rules.model import Rule, Ruleset
from afterview.rules.offsets import Offset
from afterview.rules.order import evaluation_order as order_rules
from afterview.rules.order import fits, require_anchors
from afterview.rules.timing import AnchorPoint, FirstOf, FractionPoint, LatestOf, Point, WhenPoint

FORMAT = "afterview-plan-program"
# 2: lifecycle stages and rounds, done events, working and quiet hours, closed periods;
# 3: timing.lapses, a template's per, a round on or after the decision date drops it, no backwards quiet period
VERSION = 3
# Condition operators the evaluator implements (plugins' operators cannot run in a browser).
PORTABLE_OPERATORS = frozenset(OPERATORS) | {"present"}


def evaluation_order(ruleset: Ruleset) -> list[Rule]:
    """Rules with every rule that a ``rule.<id>.<point>`` anchor names placed first (computed at compile time,
    or again if the ruleset's rules changed since: ``order.fits``)."""
    if fits(ruleset.order, ruleset.rules):
        order = ruleset.order
    else:
        require_anchors(ruleset.rules)  # a rule others anchor on is gone: named, not left to the browser
        order = order_rules(ruleset.rules)[0]
    return [ruleset.rules[i] for i in order] if order else list(ruleset.rules)


def compile_program(ruleset: Ruleset) -> dict[str, Any]:
    """The program of one composed ruleset (no holiday tables: see ``holiday_tables``)."""
    declared = {r.id: i for i, r in enumerate(ruleset.rules)}
    spec = ruleset.calendar
    return {
        "format": FORMAT,
        "version": VERSION,
        "ruleset": {"id": ruleset.id, "title": ruleset.title},
        "calendar": {
            "country": spec.country,
            "weekend": list(spec.weekend) if spec.weekend is not None else None,
            "closed": dict(sorted(spec.closed.items())),
            "yearly": [list(y) for y in spec.yearly], "day_after": [list(d) for d in spec.day_after],
            "timezone": spec.timezone,
        },
        "settings": _settings(ruleset),
        "lifecycle": _lifecycle(ruleset),
        "rules": [_rule(rule, declared[rule.id]) for rule in evaluation_order(ruleset)],
    }


def _settings(ruleset: Ruleset) -> dict[str, Any]:
    s = ruleset.settings

    def hours(pair: tuple[Any, Any] | None) -> list[str] | None:
        return [f"{pair[0]:%H:%M}", f"{pair[1]:%H:%M}"] if pair else None

    return {"employer_contacts": s.employer_contacts, "working_hours": hours(s.working_hours),
            "quiet_hours": hours(s.quiet_hours)}


def _lifecycle(ruleset: Ruleset) -> dict[str, Any]:
    life = ruleset.lifecycle
    return {
        "initial": life.initial,
        "stages": {k: {"title": st.title, "phases": list(st.phases), "terminal": st.terminal}
                   for k, st in life.stages.items()},
        "effects": {k: {"stage": e.stage, "new_round": e.new_round, "completes": list(e.completes),
                        "after": list(e.after)} for k, e in life.effects.items()},
    }


def _check_templates(rule: Rule) -> None:
    """Refuse templates the evaluator cannot render (``afterview validate`` gives the exact line)."""
    from afterview.text.template_subset import subset_problem

    texts: list[tuple[Location | None, str, str]] = [
        (t.origin, f"template '{t.id}'", text)
        for t in rule.templates for text in (t.text, t.subject or "", t.fallback or "")
    ]
    texts.append((rule.origins.get("summary"), "summary", rule.summary or ""))
    for where, what, text in texts:
        found = subset_problem(text)
        if found:
            raise RulesetError(f"rule '{rule.id}': {what}: {found[1]}", location=where or rule.origin,
                               hint="the guide's planner renders only the template subset in docs/rulesets.md")


def _rule(rule: Rule, position: int) -> dict[str, Any]:
    _check_templates(rule)
    timing = None
    if rule.timing is not None:
        t = rule.timing
        timing = {
            "opens": _point(t.opens), "due": _point(t.due), "closes": _point(t.closes),
            "at": f"{t.at:%H:%M}" if t.at is not None else None, "roll": t.roll,
            **({"lapses": True} if t.lapses else {}),  # left out when false, as the bundle leaves out nulls
        }
    return {
        "id": rule.id, "title": rule.title, "kind": rule.kind, "priority": rule.priority, "position": position,
        "origin": f"{rule.origin.path}:{rule.origin.line}",
        "when": _condition(rule, rule.when) if rule.when is not None else None,
        "phase": rule.phase, "contact": rule.contact, "chase": rule.chase,
        "done_when": _condition(rule, rule.done_when) if rule.done_when is not None else None,
        "timing": timing, "done_by": list(rule.done_by), "cancelled_by": list(rule.cancelled_by),
        "summary": rule.summary, "tags": list(rule.tags),
        "templates": [{"id": t.id, "title": t.title, "channel": t.channel, "subject": t.subject, "text": t.text,
                       "max_chars": t.max_chars, "fallback": t.fallback, "per": t.per} for t in rule.templates],
    }


def _offset(offset: Offset | None) -> dict[str, Any] | None:
    if offset is None:
        return None
    return {"amount": offset.amount, "unit": offset.unit, "words": offset.describe()}


def _point(point: Point | None) -> dict[str, Any] | None:
    if point is None:
        return None
    if isinstance(point, AnchorPoint):
        return {"anchor": point.anchor, "offset": _offset(point.offset)}
    if isinstance(point, FractionPoint):
        return {"fraction": point.fraction, "percent": f"{point.fraction * 100:g}%", "from": point.start,
                "to": point.end}
    if isinstance(point, WhenPoint):
        return {"when": _condition(None, point.when), "point": _point(point.point)}
    if isinstance(point, FirstOf | LatestOf):
        form = "first_of" if isinstance(point, FirstOf) else "latest_of"
        return {form: [_point(p) for p in point.points]}
    raise TypeError(f"no program form for {type(point).__name__}")


def _condition(rule: Rule | None, cond: Condition) -> dict[str, Any]:
    if isinstance(cond, FieldTest):
        if cond.op not in PORTABLE_OPERATORS and rule is not None:
            raise RulesetError(f"rule '{rule.id}': operator '{cond.op}' comes from a plugin and cannot run in the "
                               "guide's planner", location=rule.origins.get("when", rule.origin),
                               hint=f"use one of {', '.join(sorted(PORTABLE_OPERATORS))}")
        return {"field": cond.field, "op": cond.op, "value": cond.expected, "words": cond.describe()}
    if isinstance(cond, EventTest):
        return {"event": cond.event, "present": cond.present}
    if isinstance(cond, AllOf | AnyOf):
        return {"all" if isinstance(cond, AllOf) else "any": [_condition(rule, p) for p in cond.parts]}
    if isinstance(cond, Not):
        return {"not": _condition(rule, cond.part)}
    raise TypeError(f"no program form for {type(cond).__name__}")


def holiday_tables(store: HolidayStore, countries: list[str], years: range) -> dict[str, Any]:
    """{country: {weekend, years: {year: {ISO date: name}}}}, computed by the ``holidays`` package."""
    tables: dict[str, Any] = {}
    for country in sorted(set(countries)):
        per_year = {}
        for year in years:
            days = store.holidays(country, None, year)
            per_year[str(year)] = {d.isoformat(): name for d, name in sorted(days.items())}
        tables[country] = {"weekend": store.weekend(country), "years": per_year}
    return tables


def build_years(today: date, spread: int = 2) -> range:
    """The build year ± ``spread``: the years a site's planner can date."""
    return range(today.year - spread, today.year + spread + 1)


SHARED_PARTS = ("calendar", "settings", "lifecycle")
# Keys a bundle leaves out when null or empty; an evaluator restores them (null, or [] for lists).
OPTIONAL = {
    "rule": ("when", "done_when", "contact", "chase", "summary", "timing", "done_by", "cancelled_by", "tags"),
    "template": ("title", "channel", "subject", "max_chars", "fallback", "per"),
    "timing": ("opens", "due", "closes", "at"),
}


def _compact(value: dict[str, Any], kind: str) -> dict[str, Any]:
    return {k: v for k, v in value.items() if not (k in OPTIONAL[kind] and v in (None, []))}


def _compact_points(value: Any) -> Any:
    """Anchor points without an offset drop ``"offset": null``."""
    if isinstance(value, list):
        return [_compact_points(v) for v in value]
    if isinstance(value, dict):
        return {k: _compact_points(v) for k, v in value.items() if not (k == "offset" and v is None)}
    return value


def bundle(programs: dict[str, dict[str, Any]], tables: dict[str, Any], years: range) -> dict[str, Any]:
    """Several programs sharing tables of distinct rules, calendars, settings and lifecycles.

    Overlays repeat most of the default: a program keeps indices into the
    shared tables (``rules``, and ``shared[part]`` for each of SHARED_PARTS),
    and a rule keeps indices into ``templates``. Rules, templates and timings
    leave out the OPTIONAL keys whose value is null or empty. Holiday tables
    name each holiday once and key days by MM-DD.
    """
    tables_out: dict[str, list[Any]] = {"rules": [], "templates": [], **{part: [] for part in SHARED_PARTS}}
    seen: dict[str, dict[str, int]] = {name: {} for name in tables_out}

    def intern(table: str, value: Any) -> int:
        key = json.dumps(value, sort_keys=True)
        if key not in seen[table]:
            seen[table][key] = len(tables_out[table])
            tables_out[table].append(value)
        return seen[table][key]

    def rule(r: dict[str, Any]) -> int:  # overlays that change a rule's timing keep its templates
        timing = _compact(_compact_points(r["timing"]), "timing") if r["timing"] else None
        templates = [intern("templates", _compact(t, "template")) for t in r["templates"]]
        return intern("rules", _compact({**r, "timing": timing, "templates": templates}, "rule"))

    out = {name: {"ruleset": program["ruleset"], "rules": [rule(r) for r in program["rules"]],
                  **{part: intern(part, program[part]) for part in SHARED_PARTS}}
           for name, program in programs.items()}
    return {"format": FORMAT + "-bundle", "version": VERSION, "years": [years.start, years.stop - 1],
            "events": dict(EVENTS), "rules": tables_out["rules"],
            "templates": tables_out["templates"], "shared": {part: tables_out[part] for part in SHARED_PARTS},
            "programs": out, "holidays": {country: _compact_holidays(t) for country, t in tables.items()}}


def _compact_holidays(table: dict[str, Any]) -> dict[str, Any]:
    """A country's holidays with each name once: {weekend, names, years: {year: {MM-DD: name index}}}."""
    names = sorted({name for days in table["years"].values() for name in days.values()})
    index = {name: i for i, name in enumerate(names)}
    return {"weekend": table["weekend"], "names": names,
            "years": {year: {day[5:]: index[name] for day, name in days.items()}
                      for year, days in table["years"].items()}}
