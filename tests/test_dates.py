"""Exact dates: business days over public holidays, weekends (including Friday–Saturday), DST and timezones."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview import load_facts, load_ruleset, plan

TIMING_RULESET = """
id: timing-test
title: Every timing form
calendar: {country: US, timezone: America/New_York}
rules:
  - id: hours
    title: Hours, not rolled
    kind: task
    timing: {due: {anchor: interview.end, offset: 24h}, roll: none}
  - id: hours-rolled
    title: Hours, rolled off closed days
    kind: task
    timing: {due: {anchor: interview.end, offset: 24h}}
  - id: days
    title: Calendar days keep the wall-clock time
    kind: task
    timing: {due: {anchor: interview.end, offset: 1d}, roll: none}
  - id: bdays
    title: Business days, sent at nine
    kind: task
    timing: {due: {anchor: interview.end, offset: 5bd}, at: "09:00"}
  - id: back
    title: A business day before
    kind: task
    timing: {due: {anchor: interview.end, offset: -1bd}}
  - id: preceding
    title: Rolled back to the open day before
    kind: task
    timing: {due: {anchor: interview.end, offset: 4d}, roll: preceding}
  - id: share
    title: Three quarters of the stated span
    kind: task
    timing: {due: {fraction: 0.75, from: interview.end, to: decision.by}}
  - id: after-event
    title: After following up
    kind: task
    timing: {due: {anchor: event.follow_up_sent, offset: 5bd}, at: "10:00"}
  - id: hush
    title: Quiet until the business-day task
    kind: quiet
    timing: {opens: {anchor: interview.end}, closes: {anchor: rule.bdays.due}}
"""


@pytest.fixture(scope="module")
def ruleset(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = Path(tmp_path_factory.mktemp("rules")) / "timing.yaml"
    path.write_text(TIMING_RULESET, encoding="utf-8")
    return load_ruleset(str(path))


def run(ruleset: Any, start: str, tz: str = "America/New_York", country: str = "US", **extra: Any) -> Any:
    facts = load_facts({"interview": {"start": start}, "timezone": tz, "country": country, **extra})
    return plan(ruleset, facts, datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")))


def due(p: Any, rule: str) -> str:
    return p.action(rule).due.isoformat()


def explained(p: Any, rule: str) -> str:
    return next(line for line in p.action(rule).explanation if line.startswith("due: "))


def test_business_days_skip_thanksgiving(ruleset: Any) -> None:
    p = run(ruleset, "2026-11-24T10:00")
    assert due(p, "bdays") == "2026-12-02T09:00:00-05:00"
    assert explained(p, "bdays") == (
        "due: interview end (Tue 24 Nov 2026 11:00) + 5 business days in US, "
        "skipping Thu 26 Nov 2026 (Thanksgiving Day) → Wed 2 Dec 2026 11:00; at 09:00 → Wed 2 Dec 2026 09:00")


def test_subdivision_holidays_count_too(ruleset: Any) -> None:
    p = run(ruleset, "2026-11-24T10:00", country="US-CA")
    assert due(p, "bdays") == "2026-12-03T09:00:00-05:00"
    assert "skipping Thu 26 Nov 2026 (Thanksgiving Day) and Fri 27 Nov 2026 (Day After Thanksgiving)" in explained(p, "bdays")


def test_weekend_rolls_to_monday(ruleset: Any) -> None:
    p = run(ruleset, "2026-11-20T14:00")
    assert due(p, "hours") == "2026-11-21T15:00:00-05:00"
    assert due(p, "hours-rolled") == "2026-11-23T15:00:00-05:00"
    assert explained(p, "hours-rolled") == (
        "due: interview end (Fri 20 Nov 2026 15:00) + 24 hours → Sat 21 Nov 2026 15:00; "
        "Sat 21 Nov 2026 (weekend) and Sun 22 Nov 2026 (weekend) are closed, "
        "so rolled to the following open day → Mon 23 Nov 2026 15:00")


def test_preceding_roll_and_negative_business_days(ruleset: Any) -> None:
    p = run(ruleset, "2026-11-17T14:00")
    assert due(p, "preceding") == "2026-11-20T15:00:00-05:00"
    p = run(ruleset, "2026-11-23T10:00")
    assert due(p, "back") == "2026-11-20T11:00:00-05:00"


def test_hours_are_absolute_and_days_keep_wall_time_across_dst_end(ruleset: Any) -> None:
    # US clocks go back at 02:00 on Sun 1 Nov 2026.
    p = run(ruleset, "2026-10-31T14:00")
    assert p.facts.interview_end.isoformat() == "2026-10-31T15:00:00-04:00"
    assert due(p, "hours") == "2026-11-01T14:00:00-05:00"
    assert due(p, "days") == "2026-11-01T15:00:00-05:00"


def test_fraction_of_the_stated_span(ruleset: Any) -> None:
    p = run(ruleset, "2026-11-17T14:00", decision={"by": "2026-12-15"})
    assert due(p, "share") == "2026-12-08T16:30:00-05:00"
    assert explained(p, "share") == (
        "due: 75% of the way from interview end (Tue 17 Nov 2026 15:00) "
        "to stated decision date (Tue 15 Dec 2026) → Tue 8 Dec 2026 16:30")


def test_fraction_without_a_stated_date_does_not_apply(ruleset: Any) -> None:
    p = run(ruleset, "2026-11-17T14:00")
    assert p.action("share") is None
    assert p.not_applicable["share"] == ["no decision date was stated"]


def test_event_anchor(ruleset: Any) -> None:
    p = run(ruleset, "2026-11-17T14:00", events=[{"type": "follow_up_sent", "at": "2026-11-25T10:00"}])
    assert due(p, "after-event") == "2026-12-03T10:00:00-05:00"
    p = run(ruleset, "2026-11-17T14:00")
    assert p.action("after-event") is None
    assert [(g.rule_id, g.condition) for g in p.conditional] == [("after-event", "once you have followed up")]


def test_quiet_period_spans_to_another_rules_date(ruleset: Any) -> None:
    p = run(ruleset, "2026-11-17T14:00")
    hush = p.action("hush")
    assert (hush.opens.isoformat(), hush.closes.isoformat()) == ("2026-11-17T15:00:00-05:00", "2026-11-24T09:00:00-05:00")
    assert hush.explanation[-2] == "closes: bdays due (Tue 24 Nov 2026 09:00)"


def test_friday_saturday_weekend_and_yom_kippur(ruleset: Any) -> None:
    p = run(ruleset, "2026-09-17T09:00", tz="Asia/Jerusalem", country="IL")
    assert due(p, "bdays") == "2026-09-27T09:00:00+03:00"
    assert "skipping Mon 21 Sep 2026 (Yom Kippur)" in explained(p, "bdays")


def test_japanese_holiday(ruleset: Any) -> None:
    p = run(ruleset, "2026-11-20T10:00", tz="Asia/Tokyo", country="JP")
    assert due(p, "hours-rolled") == "2026-11-24T11:00:00+09:00"
    assert "Mon 23 Nov 2026 (Labor Thanksgiving Day)" in explained(p, "hours-rolled")


def test_times_with_an_offset_are_converted_to_the_facts_timezone(ruleset: Any) -> None:
    p = run(ruleset, "2026-11-17T14:00-05:00", tz="Asia/Tokyo", country="JP")
    assert p.facts.interview_start.isoformat() == "2026-11-18T04:00:00+09:00"


def test_ruleset_can_override_the_weekend_and_add_closed_days(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(TIMING_RULESET.replace(
        "calendar: {country: US, timezone: America/New_York}",
        "calendar: {country: US, weekend: [fri, sat], closed: [{date: '2026-11-23', name: Office move}]}"))
    p = run(load_ruleset(str(path)), "2026-11-19T10:00")
    # Thu 19 → Fri/Sat weekend, Sun 22 (1), Mon 23 closed, Tue 24 (2), Wed 25 (3), Thu 26 Thanksgiving, Sun 29 (4), Mon 30 (5)
    assert due(p, "bdays") == "2026-11-30T09:00:00-05:00"
    assert "skipping Mon 23 Nov 2026 (Office move) and Thu 26 Nov 2026 (Thanksgiving Day)" in explained(p, "bdays")
