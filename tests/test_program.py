"""The compiled plan program: evaluation order, portable forms, holiday tables and the site bundle."""

from __future__ import annotations

import json
import operator
import re
from datetime import date
from typing import Any

import pytest

from afterview import load_ruleset
from afterview.errors import RulesetError
from afterview.planning.holiday_tables import HolidayStore
from afterview.planning.program import OPTIONAL, build_years, bundle, compile_program, holiday_tables
from afterview.rules.conditions import OPERATORS


def test_rules_come_after_the_rules_they_anchor_on() -> None:
    program = compile_program(load_ruleset("default"))
    order = [r["id"] for r in program["rules"]]
    assert (program["format"], program["version"]) == ("afterview-plan-program", 3)
    assert order.index("follow-up") < order.index("be-patient")
    assert order.index("follow-up") < order.index("follow-up-call") < order.index("escalate") < order.index("move-on")
    for rule in program["rules"]:
        anchors = json.dumps(rule["timing"])
        for earlier in order[order.index(rule["id"]):]:
            assert f'"rule.{earlier}.' not in anchors or earlier == rule["id"]
    positions = sorted(program["rules"], key=lambda r: r["position"])
    assert [r["id"] for r in positions][:3] == ["ask-about-next-steps", "debrief-notes", "thank-you-note"]


def test_points_and_conditions_carry_their_words() -> None:
    rules = {r["id"]: r for r in compile_program(load_ruleset(["default", "country-de"]))["rules"]}
    assert rules["follow-up"]["timing"]["due"] == {"first_of": [
        {"anchor": "decision.by", "offset": {"amount": 2, "unit": "bd", "words": "2 business days"}},
        {"anchor": "interview.end", "offset": {"amount": 10, "unit": "bd", "words": "10 business days"}}]}
    assert rules["follow-up"]["timing"]["at"] == "09:00"
    assert rules["thank-you-note"]["origin"].startswith("rulesets/default.yaml:")
    early = {r["id"]: r for r in compile_program(load_ruleset(["default", "early-follow-up"]))["rules"]}
    opens = json.dumps(early["follow-up"]["timing"]["opens"])
    assert '"fraction": 0.7, "percent": "70%"' in opens


def test_a_plugin_operator_cannot_compile(afterview_project: Any) -> None:
    afterview_project.write("senior.yaml", """
        id: senior
        title: Senior
        extends: [default]
        rules:
          - id: keep-applying
            when: {field: interview.round, at_least: 2}
    """)
    ruleset = load_ruleset(["senior.yaml"], operators={**OPERATORS, "at_least": ("is at least", operator.ge)})
    with pytest.raises(RulesetError) as raised:
        compile_program(ruleset)
    assert str(raised.value) == ("senior.yaml:6:11: rule 'keep-applying': operator 'at_least' comes from a plugin and "
                                 "cannot run in the guide's planner\n"
                                 "  hint: use one of eq, gt, gte, in, lt, lte, ne, not_in, present")


def test_holiday_tables_and_the_shared_rule_table() -> None:
    years = build_years(date(2026, 3, 1))
    assert (years.start, years.stop) == (2024, 2029)
    tables = holiday_tables(HolidayStore(), ["US", "DE"], years)
    assert tables["US"]["weekend"] == [5, 6]
    assert tables["US"]["years"]["2026"]["2026-11-26"] == "Thanksgiving Day"
    assert tables["DE"]["years"]["2028"]["2028-10-03"] == "German Unity Day"
    programs = {name: compile_program(load_ruleset(name.split("+")))
                for name in ("default+country-us", "default+country-de")}
    data = bundle(programs, tables, years)
    assert data["years"] == [2024, 2028]
    refs = [i for p in data["programs"].values() for i in p["rules"]]
    assert len(data["rules"]) < len(refs)  # most rules are the default's in both
    de = data["programs"]["default+country-de"]
    def restore(rule: dict[str, Any]) -> dict[str, Any]:  # what the JavaScript's program() does
        full = {**dict.fromkeys(OPTIONAL["rule"]), **{k: [] for k in ("done_by", "cancelled_by", "tags")}, **rule}
        full["templates"] = [{**dict.fromkeys(OPTIONAL["template"]), **data["templates"][t]} for t in rule["templates"]]
        if full["timing"]:
            timing = json.loads(re.sub(r'("anchor": "[^"]+")}', r'\1, "offset": null}', json.dumps(full["timing"])))
            full["timing"] = {**dict.fromkeys(OPTIONAL["timing"]), **timing}
        return full

    assert [restore(data["rules"][i]) for i in de["rules"]] == programs["default+country-de"]["rules"]
    thanks = next(data["rules"][i] for i in de["rules"] if data["rules"][i]["id"] == "thank-you-note")
    assert thanks["timing"]["opens"] == {"anchor": "interview.end"} and "when" not in thanks
    assert data["shared"]["lifecycle"][de["lifecycle"]] == programs["default+country-de"]["lifecycle"]
    assert len(data["shared"]["lifecycle"]) == 1  # both share the default's lifecycle


def test_a_template_outside_the_subset_cannot_compile(afterview_project: Any) -> None:
    afterview_project.write("shout.yaml", """
        id: shout
        title: Shout
        extends: [default]
        rules:
          - id: thank-you-note
            templates:
              - {id: email, text: "THANK YOU {{ company | shout }}"}
    """)
    with pytest.raises(RulesetError) as raised:
        compile_program(load_ruleset(["shout.yaml"]))
    assert str(raised.value).splitlines()[0] == (
        "shout.yaml:7:9: rule 'thank-you-note': template 'email': filter 'shout' is not in the template subset")
