"""The engine: conditions, statuses, events, overlays and provenance, and purity."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview import load_ruleset, plan

NY = ZoneInfo("America/New_York")
CONDITIONS = """
id: conditions
title: Conditions
rules:
  - {id: tech, title: Tech, kind: guidance, when: {field: industry, eq: tech}}
  - {id: not-tech, title: Not tech, kind: guidance, when: {field: industry, ne: tech}}
  - {id: listed, title: Listed, kind: guidance, when: {field: industry, in: [finance, tech]}}
  - {id: later-round, title: Round, kind: guidance, when: {field: interview.round, gte: 2}}
  - {id: has-date, title: Date, kind: guidance, when: {field: decision.by, present: true}}
  - {id: no-offer, title: No offer, kind: guidance, when: {event: offer_received, present: false}}
  - id: combined
    title: Combined
    kind: guidance
    when:
      all:
        - any: [{field: country, eq: DE}, {field: company, eq: Acme}]
        - not: {field: seniority, in: [lead, executive]}
"""


def applies(ruleset: Any, facts: Any, now: datetime) -> list[str]:
    result = plan(ruleset, facts, now)
    return [g.rule_id for g in result.guidance]


def test_conditions(afterview_project: Any, afterview_facts: Any, afterview_now: datetime) -> None:
    ruleset = load_ruleset(str(afterview_project.write("c.yaml", CONDITIONS)))
    assert applies(ruleset, afterview_facts(), afterview_now) == ["not-tech", "no-offer", "combined"]
    facts = afterview_facts(industry="tech", seniority="lead", decision={"by": "2026-12-01"},
                       interview={"start": "2026-11-17T14:00", "round": 2},
                       events=[{"type": "offer_received", "at": "2026-11-18T10:00"}])
    assert applies(ruleset, facts, afterview_now) == ["tech", "listed", "later-round", "has-date"]
    result = plan(ruleset, facts, afterview_now)
    assert result.not_applicable["combined"] == [
        "its conditions did not match",
        "any of (country is DE: did not match (country = US); company is Acme: matched (company = Acme)): matched",
        "not (seniority is one of [lead, executive]: matched (seniority = lead)): did not match",
    ]


def test_matched_conditions_are_explained(afterview_project: Any, afterview_facts: Any, afterview_now: datetime) -> None:
    ruleset = load_ruleset(str(afterview_project.write("c.yaml", """
        id: c
        title: C
        rules:
          - id: for-tech
            title: For tech
            kind: task
            when: {field: industry, in: [tech, finance]}
            timing: {due: {anchor: interview.end, offset: 1d}}
    """)))
    action = plan(ruleset, afterview_facts(industry="tech"), afterview_now).action("for-tech")
    assert action.explanation[1] == "when industry is one of [tech, finance]: matched (industry = tech)"


def test_statuses(default_ruleset: Any, afterview_facts: Any) -> None:
    facts = afterview_facts(events=[{"type": "thank_you_sent", "at": "2026-11-17T20:00"},
                               {"type": "reply_received", "at": "2026-11-20T11:00"}])
    result = plan(default_ruleset, facts, datetime(2026, 11, 19, 16, 0, tzinfo=NY))
    status = {a.rule_id: a.status for a in result.actions}
    assert status["thank-you-note"] == "done"
    assert status["notify-references"] == "overdue"
    assert status["decide-if-you-want-it"] == "overdue"
    assert status["use-your-network"] == "overdue"  # due with the first days' contacts, before the quiet period
    assert status["follow-up"] == "skipped"
    assert status["be-patient"] == "skipped"
    assert result.action("follow-up").explanation[-1] == "skipped: reply_received recorded Fri 20 Nov 2026 11:00"
    upcoming = plan(default_ruleset, afterview_facts(), datetime(2026, 11, 17, 9, 0, tzinfo=NY))
    assert {a.status for a in upcoming.actions} == {"upcoming"}


def test_rejection_dates_the_rejection_advice(default_ruleset: Any, afterview_facts: Any, afterview_now: datetime) -> None:
    facts = afterview_facts(events=[{"type": "rejected", "at": "2026-11-25T16:00"}])
    result = plan(default_ruleset, facts, afterview_now)
    assert result.action("ask-feedback").due.isoformat() == "2026-11-30T16:00:00-05:00"  # skips Thanksgiving
    assert result.action("follow-up").status == "skipped"
    assert result.action("notify-references").explanation[-1] == \
        "skipped: the application moved to 'Rejected' (rejected recorded Wed 25 Nov 2026 16:00)"
    assert result.stage is not None and result.stage.id == "rejected"
    # Rejected is terminal: an offer can no longer come, so the offer advice no longer waits on one.
    assert result.conditional == []
    assert result.not_applicable["acknowledge-offer"] == ["the application is rejected"]


def test_offer_dates_the_offer_advice(default_ruleset: Any, afterview_facts: Any, afterview_now: datetime) -> None:
    facts = afterview_facts(events=[{"type": "offer_received", "at": "2026-11-20T10:00"}])
    result = plan(default_ruleset, facts, afterview_now)
    assert result.action("acknowledge-offer").due.isoformat() == "2026-11-23T10:00:00-05:00"  # Sat rolls to Mon
    assert result.action("negotiate-offer").due.isoformat() == "2026-11-25T10:00:00-05:00"


def test_follow_up_call_anchors_on_the_real_follow_up(default_ruleset: Any, afterview_facts: Any, afterview_now: datetime) -> None:
    facts = afterview_facts(events=[{"type": "follow_up_sent", "at": "2026-11-30T09:30"}])
    call = plan(default_ruleset, facts, afterview_now).action("follow-up-call")
    assert call.due.isoformat() == "2026-12-07T10:00:00-05:00"


def test_plan_is_pure_and_repeatable(default_ruleset: Any, afterview_facts: Any, afterview_now: datetime) -> None:
    facts = afterview_facts(decision={"by": "2026-12-01"})
    first = [(a.rule_id, a.due, a.status, a.explanation) for a in plan(default_ruleset, facts, afterview_now).actions]
    second = [(a.rule_id, a.due, a.status, a.explanation) for a in plan(default_ruleset, facts, afterview_now).actions]
    assert first == second
    with pytest.raises(ValueError):
        plan(default_ruleset, facts, datetime(2026, 11, 18, 8, 0))


def test_overlay_changes_fields_and_explain_names_the_layer(afterview_cli: Any, afterview_project: Any,
                                                            default_at: Any) -> None:
    afterview_project.write("slow.yaml", """
        id: slow-sector
        title: Slow sector
        extends: [default]
        remove: [linkedin-connect]
        rules:
          - id: follow-up
            timing:
              due: {anchor: interview.end, offset: 10bd}
          - id: check-the-portal
            title: Check the applicant portal
            kind: task
            timing: {due: {anchor: interview.end, offset: 3d}}
    """)
    ruleset = load_ruleset("slow.yaml")
    assert ruleset.rule("linkedin-connect") is None
    follow_up = ruleset.rule("follow-up")
    assert (follow_up.origin_layers["timing.due"], follow_up.origin_layers["timing.opens"]) == ("slow-sector", "default")
    result = afterview_cli("explain", "follow-up", "--ruleset", "slow.yaml", "--interview", "2026-11-17T14:00",
                           "--now", "2026-11-18T08:00")
    lines = result.out.splitlines()
    assert "  due: interview end (Tue 17 Nov 2026 15:00) + 10 business days in US, skipping Thu 26 Nov 2026 " \
           "(Thanksgiving Day) → Wed 2 Dec 2026 15:00; at 09:00 → Wed 2 Dec 2026 09:00" in lines
    assert "  timing.due       slow.yaml:8  [slow-sector]" in lines
    assert f"  timing.opens     {default_at('follow-up', 'timing.opens')}  [default]" in lines
    assert afterview_cli("plan", "--ruleset", "slow.yaml", "--interview", "2026-11-17T14:00",
                         "--now", "2026-11-18T08:00").out.count("Check the applicant portal") == 1


def test_validated_rulesets_are_cached_by_content(afterview_project: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    path = afterview_project.write("c.yaml", CONDITIONS)
    load_ruleset(str(path))

    def refuse(*args: Any) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr("afterview.rules.schema.check", refuse)
    assert len(load_ruleset(str(path)).rules) == 7
    path.write_text(CONDITIONS + "  - {id: extra, title: Extra, kind: guidance}\n")
    with pytest.raises(AssertionError):
        load_ruleset(str(path))


def test_cold_plan_keeps_heavy_libraries_off_the_import_path(tmp_path: Path) -> None:
    code = textwrap.dedent("""
        import sys
        from afterview.cli import main
        for _ in range(2):  # the first run fills the cache
            main(["plan", "--interview", "2026-11-17T14:00", "--format", "json", "-o", sys.argv[1]])
            heavy = sorted(m for m in ("jsonschema", "jinja2", "markdown_it", "icalendar", "holidays") if m in sys.modules)
            print(",".join(heavy) or "none")
            for name in [m for m in sys.modules if m.split(".")[0] in ("jsonschema", "jinja2", "holidays")]:
                del sys.modules[name]
    """)
    env = {"AFTERVIEW_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin", "PYTHONSAFEPATH": "1"}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "out.json")], capture_output=True, text=True, check=False, env=env)
    # The first run computes holiday tables; the built-in rulesets ship validated (no jsonschema, no Jinja2 check).
    assert done.stdout.splitlines() == ["holidays", "none"], done.stderr
