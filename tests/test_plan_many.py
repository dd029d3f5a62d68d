"""``plan_many`` and ``afterview plan --jobs N``: worker processes give the same plans, in input order."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview import Plan, load_facts, plan, plan_many

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
PLACES = [("DE", "Europe/Berlin"), ("US", "America/New_York"), ("GB", "Europe/London")]
EVENTS = [[], [{"type": "thank_you_sent", "at": "2026-{m:02}-{d:02}T18:00"}],
          [{"type": "rejected", "at": "2026-{m:02}-{d:02}T18:00"}],
          [{"type": "next_round_scheduled", "at": "2026-{m:02}-{d:02}T18:00", "interview": "2026-{m:02}-20T10:00"}]]


def _facts(i: int) -> Any:
    country, zone = PLACES[i % 3]
    month, day = 1 + i % 5, 1 + i % 17
    events = [{k: v.format(m=month, d=day + 1) for k, v in e.items()} for e in EVENTS[i % 4]]
    return load_facts({"company": f"Co {i}", "country": country, "timezone": zone, "events": events,
                       "interview": {"start": f"2026-{month:02}-{day:02}T{9 + i % 8:02}:00"}})


def _seen(result: Plan) -> Any:
    """Everything a renderer reads from a plan, explanations included."""
    actions = [(a.rule.id, a.due, a.opens, a.closes, a.status, a.explanation) for a in [*result.actions,
                                                                                        *result.earlier]]
    return (result.facts.company, result.now, result.stage.id if result.stage else None, result.round, actions,
            [(g.rule.id, g.event) for g in result.conditional], [g.rule.id for g in result.guidance],
            result.not_applicable)


def test_workers_give_the_plans_one_process_gives_in_input_order(default_ruleset: Any) -> None:
    facts = [_facts(i) for i in range(12)]
    alone = [plan(default_ruleset, f, NOW) for f in facts]
    shared = plan_many(default_ruleset, facts, NOW, jobs=2)
    assert [_seen(p) for p in shared] == [_seen(p) for p in alone]
    assert [p.facts.company for p in shared][:3] == ["Co 0", "Co 1", "Co 2"]
    # the parent's own objects come back, not copies: the ruleset, its rules and the facts passed in
    assert all(p.ruleset is default_ruleset for p in shared)
    assert shared[0].actions[0].rule is default_ruleset.rule(shared[0].actions[0].rule.id)
    assert shared[4].facts is facts[4]
    assert any(p.earlier for p in shared)  # a next round's earlier actions made the trip too


def test_plan_many_in_one_process_is_plan_in_a_loop(default_ruleset: Any) -> None:
    facts = [_facts(i) for i in range(3)]
    assert [_seen(p) for p in plan_many(default_ruleset, facts, NOW)] == \
           [_seen(plan(default_ruleset, f, NOW)) for f in facts]
    assert plan_many(default_ruleset, [], NOW, jobs=4) == []


@pytest.mark.slow
def test_cli_jobs_gives_the_same_output(afterview_cli: Any, afterview_project: Any) -> None:
    names = []
    for i in range(6):
        country, zone = PLACES[i % 3]
        name = f"app{i}.yaml"
        afterview_project.write(name, f"company: Co {i}\ncountry: {country}\ntimezone: {zone}\n"
                                      f"interview: {{start: 2026-0{1 + i}-1{i}T10:00}}\n")
        names.append(name)
    for fmt in ("json", "checklist"):
        one = afterview_cli("plan", *names, "--now", "2026-06-01T09:00", "--format", fmt)
        three = afterview_cli("plan", *names, "--now", "2026-06-01T09:00", "--format", fmt, "--jobs", "3")
        assert (three.code, three.err) == (0, "")
        assert three.out == one.out
    assert Path("app5.yaml").is_file()


def test_jobs_must_be_a_positive_number(afterview_cli: Any) -> None:
    result = afterview_cli("plan", "--interview", "2026-11-17T14:00", "--jobs", "0")
    assert (result.code, result.err) == (2, "--jobs: '0' is not a number of processes (1 or more)\n")
