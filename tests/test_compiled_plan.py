"""The compiled planner (``engine.plan``) against the reference planner (``engine.reference_plan``).

Both plan the differential test's generated cases (every built-in country and
industry, the variants with every point form, DST days, holidays, rounds and
recorded events); the plans must agree in every date (with its UTC offset),
status, explanation line, piece of guidance and reason a rule does not apply.
"""

from __future__ import annotations

import sys
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview import load_ruleset
from afterview.errors import AfterviewError
from afterview.facts.sources import load_facts
from afterview.planning.compiled import program_for
from afterview.planning.engine import plan, reference_plan
from afterview.planning.holiday_tables import HolidayStore
from afterview.rules.offsets import Offset
from afterview.rules.order import evaluation_order
from afterview.rules.timing import AnchorPoint, FirstOf
from afterview.rules.vocabulary import Anchor

sys.path.insert(0, str(Path(__file__).parent))
from test_differential import make_case

STORE = HolidayStore()
CASES = 200  # in the fast subset; the slow test takes the rest of the 4,200
ALL_CASES = 4200


@cache
def ruleset(name: str) -> Any:
    return load_ruleset(name.split("+"))


@cache
def facts_of(number: int) -> tuple[Any, datetime] | None:
    case = make_case(number)
    try:
        facts = load_facts(case["facts"], default_country=ruleset(case["program"]).calendar.country)
    except AfterviewError:  # e.g. an interview that ends before a start moved out of a DST gap
        return None
    return facts, datetime.fromisoformat(case["now"])


def view(result: Any) -> dict[str, Any]:
    """Everything a plan says, text included (drafts depend only on the rule and facts, so they are left out)."""
    def moment(value: datetime | None) -> Any:
        return (value.isoformat(), value.fold, str(value.tzinfo)) if value else None

    def action(a: Any) -> tuple[Any, ...]:
        return a.rule_id, str(a.status), moment(a.due), moment(a.opens), moment(a.closes), a.explanation

    return {
        "stage": result.stage.id if result.stage else None, "round": result.round, "now": moment(result.now),
        "stage_event": result.stage_event, "actions": [action(a) for a in result.actions],
        "earlier": [action(a) for a in result.earlier],
        "guidance": [(g.rule_id, g.condition, g.event) for g in result.guidance],
        "conditional": [(g.rule_id, g.condition, g.event) for g in result.conditional],
        "not_applicable": result.not_applicable,
    }


def first_difference(numbers: range, rulesets: Any = ruleset) -> str | None:
    """None if the compiled and the reference planner agree on every case, else the first disagreement."""
    for number in numbers:
        found = facts_of(number)
        if found is None:
            continue
        facts, now = found
        rules = rulesets(make_case(number)["program"])
        fast, slow = view(plan(rules, facts, now, holidays=STORE)), view(reference_plan(rules, facts, now,
                                                                                            holidays=STORE))
        if fast != slow:
            keys = [k for k in fast if fast[k] != slow[k]]
            return f"case {number} ({make_case(number)['program']}): {keys[0]}\ncompiled:  {fast[keys[0]]}\n" \
                   f"reference: {slow[keys[0]]}"
    return None


def test_every_built_in_ruleset_compiles() -> None:
    for number in range(60):
        assert program_for(ruleset(make_case(number)["program"])) is not None


def test_compiled_planner_agrees_with_the_reference() -> None:
    difference = first_difference(range(CASES))
    assert difference is None, difference


@pytest.mark.slow
def test_compiled_planner_agrees_with_the_reference_on_more_cases() -> None:
    difference = first_difference(range(CASES, ALL_CASES))
    assert difference is None, difference


def _follow_up_offset(rules: Any, amount: int) -> None:
    """Set the follow-up's fallback offset (6bd after the interview; 10bd in DE) in place."""
    due = rules.rule("follow-up").timing.due
    assert isinstance(due, FirstOf) and isinstance(due.points[1], AnchorPoint)
    object.__setattr__(due, "points", (due.points[0], AnchorPoint(due.points[1].anchor, Offset(amount, "bd"))))


@pytest.mark.parametrize("side", ["reference", "compiled"])
def test_the_comparison_bites_when_one_offset_changes_on_one_side_only(side: str) -> None:
    def changed(name: str) -> Any:
        rules = load_ruleset(name.split("+"))
        if side == "compiled":
            _follow_up_offset(rules, 7)  # compiled with 7bd ...
        program_for(rules)
        original = rules.rule("follow-up").timing.due.points[1].offset.amount
        _follow_up_offset(rules, 6 if side == "compiled" else original + 1)  # ... the reference reads another
        return rules

    assert first_difference(range(40)) is None
    difference = first_difference(range(40), cache(changed))
    assert difference is not None and "follow-up" in difference, difference


def test_a_ruleset_with_a_form_it_cannot_compile_is_planned_by_the_reference() -> None:
    class Later(AnchorPoint):  # a plugin's own point type
        pass

    rules = load_ruleset("default")
    found = facts_of(3)
    assert found is not None
    before = view(plan(rules, *found, holidays=STORE))
    timing = rules.rule("debrief-notes").timing
    point = timing.due
    object.__setattr__(timing, "due", Later(point.anchor, point.offset))
    rules.compiled = None
    assert program_for(rules) is None
    assert view(plan(rules, *found, holidays=STORE)) == before


def test_an_earlier_round_evaluates_the_rules_its_round_rules_anchor_on_in_other_phases() -> None:
    # debrief-notes (round phase) made to anchor on reply-to-rejection (rejected phase): an earlier round
    # places only round-phase rules, but must still evaluate the rule this one reads
    rules = load_ruleset("default")
    timing = rules.rule("debrief-notes").timing
    object.__setattr__(timing, "due", AnchorPoint(Anchor("rule.reply-to-rejection.due"), Offset(1, "d")))
    timing.points["due"] = timing.due  # what the evaluation order reads
    rules.order = evaluation_order(rules.rules)[0]
    rules.compiled = None
    facts = load_facts({"timezone": "Europe/Berlin", "country": "DE", "interview": {"start": "2026-03-02T10:00"},
                        "events": [{"type": "rejected", "at": "2026-03-04T12:00"},
                                   {"type": "next_round_scheduled", "at": "2026-03-05T09:00",
                                    "interview": "2026-03-10T10:00"}]})
    now = datetime(2026, 3, 6, 12, tzinfo=ZoneInfo("Europe/Berlin"))
    fast = view(plan(rules, facts, now, holidays=STORE))
    assert fast == view(reference_plan(rules, facts, now, holidays=STORE))
    earlier = {a[0]: a for a in fast["earlier"]}
    # reply-to-rejection: a day after the rejection, at noon, in working hours; debrief-notes a day later
    assert earlier["debrief-notes"][2][0] == "2026-03-06T12:00:00+01:00", earlier["debrief-notes"]
