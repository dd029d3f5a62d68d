"""Dates that must be right and explainable: one business-day calendar everywhere (UAT 12)."""

from __future__ import annotations

import json
from typing import Any

NY = ("--interview", "2026-11-17 14:00", "--timezone", "America/New_York", "--now", "2026-11-18T08:00-05:00")


def test_decision_in_business_days_counts_the_rulesets_closed_days(afterview_cli: Any) -> None:
    """10bd from Tue 17 Nov skips Thanksgiving and the US overlay's Friday after it: Thu 3 Dec, with the working."""
    result = afterview_cli("plan", *NY, "--decision-in", "10bd", "-f", "json")
    assert result.code == 0, result.err
    plan = json.loads(result.out)["plans"][0]
    assert plan["application"]["decision_by"] == "2026-12-03"
    milestone = next(a for a in plan["actions"] if a["rule"] == "expected-decision")
    assert milestone["due"] == "2026-12-03T17:00:00-05:00"
    explained = afterview_cli("explain", "expected-decision", *NY, "--decision-in", "10bd")
    assert ("due: stated decision date (Thu 3 Dec 2026: within 10 business days of the interview end (Tue 17 Nov 2026)"
            " in US, skipping Thu 26 Nov 2026 (Thanksgiving Day) and Fri 27 Nov 2026 (Friday after Thanksgiving,"
            " offices thin))") in explained.out


def test_decision_within_calendar_days_says_how_it_was_counted(afterview_cli: Any) -> None:
    explained = afterview_cli("explain", "expected-decision", *NY, "--decision-in", "2 weeks")
    assert "due: stated decision date (Tue 1 Dec 2026: within 2 weeks of the interview end (Tue 17 Nov 2026))" \
        in explained.out


def test_explain_without_facts_layers_the_sample_countrys_overlays(afterview_cli: Any) -> None:
    """The sample interview in New York gives the dates the same interview as facts gives."""
    alone = afterview_cli("explain", "follow-up", "--timezone", "America/New_York")
    with_facts = afterview_cli("explain", "follow-up", "--interview", "2026-11-17 14:00",
                               "--timezone", "America/New_York", "--now", "2026-11-18T09:00-05:00")
    closes = ("closes: interview end (Tue 17 Nov 2026 15:00) + 7 business days in US, skipping Thu 26 Nov 2026"
              " (Thanksgiving Day) and Fri 27 Nov 2026 (Friday after Thanksgiving, offices thin) → Mon 30 Nov 2026 15:00")
    assert "layers: default (of default, country-us)" in alone.out
    assert closes in alone.out
    assert closes in with_facts.out
