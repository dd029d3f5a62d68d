"""A ruleset changed after its first plan is planned as changed: its compiled form and calendars follow it.

Rules, calendar specs, settings and lifecycles are frozen; a ruleset changes by ``dataclasses.replace`` (a new
ruleset) or by its fields, or its ``rules`` list, being given new values. Each case is planned after the
original was planned once (so a compiled form and a calendar exist to go stale), and held equal to the
reference planner, which reads the ruleset afresh every time.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview import Plan, Ruleset, load_facts, load_ruleset, plan
from afterview.planning.engine import reference_plan
from afterview.rules.offsets import Offset
from afterview.rules.timing import AnchorPoint
from afterview.rules.vocabulary import Anchor

FACTS = {"timezone": "America/New_York", "country": "US", "interview": {"start": "2026-11-17T14:00"}}
NOW = datetime(2026, 11, 18, 8, tzinfo=ZoneInfo("America/New_York"))


def dues(ruleset: Ruleset) -> dict[str, str]:
    """Each action's due moment, by rule id, from the compiled planner, checked against the reference one."""
    facts = load_facts(FACTS)
    fast, slow = plan(ruleset, facts, NOW), reference_plan(ruleset, facts, NOW)
    assert view(fast) == view(slow)
    return {a.rule.id: a.due.isoformat() for a in fast.actions}


def view(result: Plan) -> list[Any]:
    return [(a.rule.id, a.due, a.opens, a.closes, a.status) for a in result.actions] + \
        [(g.rule.id, g.condition) for g in [*result.guidance, *result.conditional]]


def test_rules_and_calendar_specs_cannot_be_changed_in_place() -> None:
    ruleset = load_ruleset("default")
    rule = ruleset.rules[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.priority = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ruleset.calendar.country = "DE"  # type: ignore[misc]


def test_a_replaced_calendar_closes_its_own_days() -> None:
    ruleset = load_ruleset("default")
    assert dues(ruleset)["notify-references"] == "2026-11-18T15:00:00-05:00"  # a business day after
    closed = dataclasses.replace(ruleset, calendar=dataclasses.replace(ruleset.calendar,
                                                                       closed={"2026-11-18": "Office closed"}))
    assert closed.compiled is None and closed.calendars == {}
    assert dues(closed)["notify-references"] == "2026-11-19T15:00:00-05:00"  # Wednesday closed: Thursday
    assert dues(ruleset)["notify-references"] == "2026-11-18T15:00:00-05:00"  # the original keeps its own
    ruleset.calendar = closed.calendar  # the field given a new value: noticed too
    assert dues(ruleset)["notify-references"] == "2026-11-19T15:00:00-05:00"


def test_a_rule_replaced_in_the_list_is_planned_anew() -> None:
    ruleset = load_ruleset("default")
    before = dues(ruleset)
    i, rule = next((i, r) for i, r in enumerate(ruleset.rules) if r.id == "notify-references")
    assert rule.timing is not None
    due = AnchorPoint(Anchor("interview.end"), Offset(2, "bd"))
    ruleset.rules[i] = dataclasses.replace(rule, timing=dataclasses.replace(
        rule.timing, due=due, points={**rule.timing.points, "due": due}))
    after = dues(ruleset)
    assert after["notify-references"] == "2026-11-19T15:00:00-05:00"
    assert {k: v for k, v in after.items() if k != "notify-references"} == \
        {k: v for k, v in before.items() if k != "notify-references"}


def test_rules_dropped_or_added_are_ordered_and_planned_anew() -> None:
    ruleset = load_ruleset("default")
    before = dues(ruleset)
    fewer = dataclasses.replace(ruleset, rules=[r for r in ruleset.rules if r.id != "debrief-notes"])
    assert fewer.order == ruleset.order  # the old order, for rules that are no longer all there
    assert dues(fewer) == {k: v for k, v in before.items() if k != "debrief-notes"}
    assert fewer.rule("debrief-notes") is None and ruleset.rule("debrief-notes") is not None
    dropped = ruleset.rules.pop(1)
    assert dropped.id == "debrief-notes" and ruleset.rule("debrief-notes") is None
    assert dues(ruleset) == dues(fewer)
    ruleset.rules.append(dropped)
    assert dues(ruleset) == before and ruleset.rule("debrief-notes") is dropped


def test_new_settings_are_planned_with() -> None:
    ruleset = load_ruleset("default")
    assert dues(ruleset)["thank-you-note"] == "2026-11-18T15:00:00-05:00"
    ruleset.settings = dataclasses.replace(ruleset.settings, working_hours=(time(9), time(12)))
    fresh = load_ruleset("default")
    fresh.settings = ruleset.settings
    assert dues(ruleset) == dues(fresh)
    assert dues(ruleset)["follow-up"] == "2026-11-25T09:00:00-05:00"
    assert any(due.endswith("T12:00:00-05:00") for due in dues(ruleset).values())  # an employer contact clamped


def test_the_browser_planners_program_orders_changed_rules_anew() -> None:
    from afterview.planning.program import evaluation_order
    from afterview.rules.order import rule_refs

    ruleset = load_ruleset("default")
    ruleset.rules.append(ruleset.rules.pop(1))  # every later rule's index moves: the old order no longer fits
    ordered = [r.id for r in evaluation_order(ruleset)]
    assert sorted(ordered) == sorted(r.id for r in ruleset.rules)
    late = [(rule.id, ref) for n, rule in enumerate(evaluation_order(ruleset)) for _, ref in rule_refs(rule)
            if ordered.index(ref) > n]
    assert late == []  # each rule after the rules it anchors on


def anchored_on_thank_you() -> str:
    """The error for the two default rules that anchor on the thank-you note, located where the file says so."""
    lines = (Path(__file__).parent.parent / "rulesets" / "default.yaml").read_text(encoding="utf-8").splitlines()
    due = next(n for n, line in enumerate(lines) if line.strip() == "due: {anchor: rule.thank-you-note.due}")
    opens = next(n for n, line in enumerate(lines) if "{anchor: rule.thank-you-note.due}]}" in line) - 1
    assert lines[opens].strip() == "latest_of:" and lines[opens - 1].strip() == "opens:"  # located at its value
    hint = "  hint: keep the rule it anchors on, or change or drop the rules that anchor on it\n"
    return (f"rulesets/default.yaml:{due + 1}:{lines[due].index('{') + 1}: rule 'linkedin-connect': timing.due "
            f"refers to unknown rule 'thank-you-note'\n{hint}"
            f"rulesets/default.yaml:{opens + 1}:{lines[opens].index('l') + 1}: rule 'be-patient': timing.opens "
            f"refers to unknown rule 'thank-you-note'\n{hint}2 errors in 1 file")


@pytest.mark.parametrize("how", ["replace", "assign", "rename"])
def test_dropping_a_rule_others_anchor_on_is_a_located_error(how: str) -> None:
    from afterview import RulesetError
    from afterview.planning.program import compile_program

    ruleset = load_ruleset("default")
    facts = load_facts(FACTS)
    plan(ruleset, facts, NOW)  # compiled and kept, to go stale
    if how == "rename":  # the same number of rules, so the old order's indices all still fit
        kept = [dataclasses.replace(r, id="thanks") if r.id == "thank-you-note" else r for r in ruleset.rules]
    else:
        kept = [r for r in ruleset.rules if r.id != "thank-you-note"]
    if how == "assign":
        ruleset.rules = kept
    else:
        ruleset = dataclasses.replace(ruleset, rules=kept)
    for planner in (plan, reference_plan):
        with pytest.raises(RulesetError) as caught:
            planner(ruleset, facts, NOW)
        assert str(caught.value) == anchored_on_thank_you(), planner
    with pytest.raises(RulesetError, match=r"^rulesets/default\.yaml:\d+:12: rule 'linkedin-connect'"):
        compile_program(ruleset)
