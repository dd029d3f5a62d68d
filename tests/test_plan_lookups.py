"""The one place for each repeated look-up: a rule's cited sources, and where a rule stands in a plan."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from afterview import load_ruleset, plan

RULESET = """
id: lookups
title: Look-ups
sources:
  - {id: survey-b, title: Second survey, kind: survey}
  - {id: fact-a, title: First fact, kind: fact}
rules:
  - id: dated
    title: Dated
    kind: task
    timing: {due: {anchor: interview.end, offset: 24h}}
    sources: [fact-a, survey-b]
  - {id: undated, title: Undated, kind: guidance, sources: [survey-b]}
  - id: waiting
    title: Waiting
    kind: task
    timing: {due: {anchor: event.offer_received, offset: 24h}}
  - {id: elsewhere, title: Elsewhere, kind: guidance, when: {field: country, eq: DE}}
"""


def test_where_each_rule_stands(afterview_project: Any, afterview_facts: Any, afterview_now: datetime) -> None:
    ruleset = load_ruleset(str(afterview_project.write("lookups.yaml", RULESET)))
    result = plan(ruleset, afterview_facts(), afterview_now)
    dated = result.state_of("dated")
    assert (dated.name, dated.action, dated.waiting) == ("open", result.action("dated"), None)
    assert result.state_of("undated").name == "guidance"
    waiting = result.state_of("waiting")
    assert (waiting.name, waiting.action, waiting.waiting) == ("conditional", None, result.conditional[0])
    assert waiting.waiting is not None and waiting.waiting.event == "offer_received"
    elsewhere = result.state_of("elsewhere")
    assert (elsewhere.name, elsewhere.why_not[0]) == ("absent", "its conditions did not match")
    assert result.state_of("no-such-rule").why_not == ()


def test_a_rule_cites_its_sources_in_its_own_order(afterview_project: Any) -> None:
    ruleset = load_ruleset(str(afterview_project.write("lookups.yaml", RULESET)))
    dated, undated = ruleset.rule("dated"), ruleset.rule("undated")
    assert dated is not None and undated is not None
    assert [s.title for s in ruleset.cited(dated)] == ["First fact", "Second survey"]
    assert [s.label for s in ruleset.cited(undated)] == ["survey"]
