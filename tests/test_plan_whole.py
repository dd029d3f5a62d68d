"""A plan is right as a whole (UAT items 5, 7, 9, 10, 15 and two of 32): nothing overdue that no longer
matters, no advice that contradicts other advice, no date moved by a stale fact."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

NY = ZoneInfo("America/New_York")
UAT_NOW = "2026-11-22T08:00-05:00"
# UAT's r2.yaml: a second round on Thu 3 Dec, after the decision date the first round was given (Tue 1 Dec).
SECOND_ROUND = """
    company: Acme
    timezone: America/New_York
    interview: {start: 2026-11-17T14:00}
    decision: {within: 2 weeks}
    events:
      - {type: thank_you_sent, at: 2026-11-18T09:00}
      - {type: next_round_scheduled, at: 2026-11-20T10:00, interview: 2026-12-03T14:00}
"""
FIRST_OF_NOVEMBER = ["--interview", "2026-11-02 14:00", "--timezone", "America/New_York", "--decision-by", "2026-11-09"]


@pytest.fixture(autouse=True)
def _new_york_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")


def run(cli: Any, *args: str) -> str:
    result = cli(*args)
    assert result.code == 0, result.err
    return str(result.out)


def plan_json(cli: Any, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run(cli, "plan", *args, "--format", "json"))["plans"][0]
    return data


def by_rule(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["rule"]: a for a in data["actions"]}


# --- 5: a round after the stated decision date ------------------------------------------------------------

def test_a_round_after_the_decision_date_counts_from_the_new_interview(afterview_cli: Any,
                                                                       afterview_project: Any) -> None:
    afterview_project.write("r2.yaml", SECOND_ROUND)
    data = plan_json(afterview_cli, "r2.yaml", "--now", UAT_NOW)
    found = by_rule(data)
    assert data["application"]["decision_by"] is None  # the round's facts: the 1 Dec date did not outlive it
    assert data["notes"][0] == ("the decision date they gave (Tue 1 Dec 2026) is not after the new interview: the"
                                " plan counts from the new interview, so ask again when they will decide")
    # Asked again at the new interview; the follow-up 6 business days after it, never before it.
    assert (found["ask-about-next-steps"]["status"], found["ask-about-next-steps"]["due"]) == (
        "upcoming", "2026-12-03T15:00:00-05:00")
    assert found["follow-up"]["due"] == "2026-12-11T09:00:00-05:00"
    assert found["expected-decision"]["due"] == "2026-12-28T15:00:00-05:00"  # 24 days, off the Sunday
    quiet = found["be-patient"]
    assert (quiet["opens"], quiet["closes"]) == ("2026-12-07T15:00:00-05:00", "2026-12-10T15:00:00-05:00")
    markdown = run(afterview_cli, "plan", "r2.yaml", "--now", UAT_NOW, "--format", "markdown")
    assert "**Mon 7 Dec 2026 → Thu 10 Dec 2026** — Be patient" in markdown


def test_a_quiet_period_never_ends_before_it_starts(afterview_cli: Any) -> None:
    # A decision date the day of the interview: the follow-up opens Wed 18 Nov 17:00, before the quiet period
    # (from Thu 19 Nov 15:00) would start, so there is none.
    data = plan_json(afterview_cli, "--interview", "2026-11-17 14:00", "--timezone", "America/New_York",
                     "--decision-by", "2026-11-17", "--now", "2026-11-17T16:00")
    found = by_rule(data)
    assert "be-patient" not in found
    assert found["follow-up"]["opens"] == "2026-11-18T17:00:00-05:00"
    for action in data["actions"]:
        if action["opens"] and action["closes"]:
            assert action["opens"] <= action["closes"], action["rule"]


def test_no_alarm_fires_after_its_event_starts(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("r2.yaml", SECOND_ROUND)
    run(afterview_cli, "plan", "r2.yaml", "--now", UAT_NOW, "--format", "ics", "-o", "r2.ics")
    calendar = Calendar.from_ical(Path("r2.ics").read_bytes())
    checked = 0
    for event in calendar.walk("VEVENT"):
        start = event["DTSTART"].dt
        for alarm in event.walk("VALARM"):
            trigger = alarm["TRIGGER"].dt
            if isinstance(trigger, timedelta):
                assert trigger < timedelta(0), str(event["SUMMARY"])
            elif isinstance(start, datetime):
                assert trigger < start, str(event["SUMMARY"])
            else:  # an all-day event: it rings on its first day at the latest
                assert trigger.astimezone(NY).date() <= start, str(event["SUMMARY"])
            checked += 1
    assert checked == 9
    follow_up = next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("Follow-up email"))
    assert follow_up["DTSTART"].to_ical() == b"20261211T090000"


# --- 7: a rejection's own steps ---------------------------------------------------------------------------

def test_the_rejections_own_steps_are_due_not_skipped(afterview_cli: Any) -> None:
    args = [*FIRST_OF_NOVEMBER, "--event", "rejected=2026-11-12T10:00", "--now", UAT_NOW]
    found = by_rule(plan_json(afterview_cli, *args))
    assert {rule: found[rule]["status"] for rule in ("reply-to-rejection", "ask-feedback", "review-what-worked",
                                                     "tell-references-outcome", "follow-up")} == {
        "reply-to-rejection": "overdue", "ask-feedback": "overdue", "review-what-worked": "overdue",
        "tell-references-outcome": "overdue", "follow-up": "skipped"}
    explained = run(afterview_cli, "explain", "reply-to-rejection", *args).splitlines()
    assert "  overdue: was due Fri 13 Nov 2026 10:00" in explained
    checklist = run(afterview_cli, "plan", *args).splitlines()
    # skipped and lapsed steps say why, as the README promises
    follow_up = checklist.index("  [-] 09:00  Follow up by email — skipped")
    assert checklist[follow_up + 1] == "        skipped: rejected recorded Thu 12 Nov 2026 10:00"
    debrief = checklist.index("  [~] 18:00  Leave the building, clear your head, then write down how it went — lapsed")
    assert checklist[debrief + 1] == "        lapsed: its moment passed Mon 2 Nov 2026 18:00"


def test_a_rejection_recorded_late_still_puts_the_reply_on_today(afterview_cli: Any, afterview_project: Any,
                                                                  tmp_path: Path) -> None:
    journal = str(tmp_path / "journal")
    run(afterview_cli, "add", "--company", "Initech", "--role", "Dev", "--interview", "2026-11-10 14:00",
        "--timezone", "America/New_York", "--journal", journal)
    run(afterview_cli, "record", "initech-dev", "rejected", "--at", "2026-11-16T11:00", "--journal", journal)
    today = run(afterview_cli, "today", "--now", "2026-11-18T09:00", "--journal", journal)
    assert "Tue 17 Nov 11:00 EST  initech-dev  Reply graciously and keep the door open — overdue" in today


# --- 9: the call only after the email ---------------------------------------------------------------------

def test_no_call_is_due_before_the_email_is_sent(afterview_cli: Any) -> None:
    args = [*FIRST_OF_NOVEMBER, "--event", "thank_you_sent=2026-11-03T09:00", "--now", "2026-11-20T08:00-05:00"]
    data = plan_json(afterview_cli, *args)
    found = by_rule(data)
    assert found["follow-up"]["status"] == "overdue"
    assert "follow-up-call" not in found
    assert [(g["rule"], g["condition"]) for g in data["guidance"] if g["rule"] == "follow-up-call"] == [
        ("follow-up-call", "once you have followed up")]
    sent = by_rule(plan_json(afterview_cli, *args, "--event", "follow_up_sent=2026-11-12T09:30"))
    # Thu 12 Nov + 5 business days (Wed 11 Nov, Veterans Day, is before it) → Thu 19 Nov, at 10:00
    assert (sent["follow-up-call"]["status"], sent["follow-up-call"]["due"]) == (
        "overdue", "2026-11-19T10:00:00-05:00")


# --- 15 and 32: moments that pass --------------------------------------------------------------------------

def test_steps_tied_to_the_interview_lapse_and_milestones_pass(afterview_cli: Any) -> None:
    found = by_rule(plan_json(afterview_cli, "--interview", "2026-11-02 14:00", "--timezone", "America/New_York",
                              "--now", "2026-11-22T08:00"))
    assert {rule: found[rule]["status"] for rule in ("ask-about-next-steps", "debrief-notes", "expected-decision",
                                                     "notify-references")} == {
        "ask-about-next-steps": "lapsed", "debrief-notes": "lapsed", "expected-decision": "upcoming",
        "notify-references": "overdue"}  # a step that still helps stays overdue
    later = by_rule(plan_json(afterview_cli, "--interview", "2026-11-02 14:00", "--timezone", "America/New_York",
                              "--now", "2026-12-02T08:00"))
    assert later["expected-decision"]["status"] == "passed"
    assert later["expected-decision"]["explanation"][-1] == "passed: Mon 30 Nov 2026 15:00"  # 24 days: Thanksgiving, the thin Friday


def test_status_shows_no_lapsed_step_as_overdue(afterview_cli: Any, tmp_path: Path) -> None:
    journal = str(tmp_path / "journal")
    run(afterview_cli, "add", "--company", "Acme", "--role", "Dev", "--interview", "2026-11-17 14:00",
        "--timezone", "America/New_York", "--journal", journal)
    status = run(afterview_cli, "status", "--now", "2026-11-22T14:00", "--journal", journal)
    assert "Leave the building" not in status and "Ask when they expect" not in status
    assert "overdue since Wed 18 Nov: Send a thank-you note" in status


def test_done_steps_leave_the_calendar(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("globex.yaml", """
        company: Globex
        timezone: America/New_York
        interview: {start: 2026-11-19T10:00}
        events:
          - {type: follow_up_sent, at: 2026-11-30T09:00}
          - {type: follow_up_call_made, at: 2026-12-04T10:00}
    """)
    run(afterview_cli, "plan", "globex.yaml", "--now", "2026-12-05T08:00", "--format", "ics", "-o", "g.ics")
    summaries = {str(e["SUMMARY"]) for e in Calendar.from_ical(Path("g.ics").read_bytes()).walk("VEVENT")}
    assert "Call the hiring team (once) (Globex)" not in summaries
    assert "Follow-up email to the hiring team (Globex)" not in summaries
    assert "Move on (Globex)" in summaries


# --- 10: status and plan agree --------------------------------------------------------------------------------

def test_status_and_plan_agree_on_the_stage(afterview_cli: Any, tmp_path: Path) -> None:
    journal = str(tmp_path / "journal")
    run(afterview_cli, "add", "--company", "Initech", "--role", "Dev", "--interview", "2026-11-10 14:00",
        "--timezone", "America/New_York", "--event", "rejected=2026-11-16T11:00", "--journal", journal)
    run(afterview_cli, "record", "initech-dev", "offer_received", "--at", "2026-11-20T10:00", "--journal", journal)
    plan = run(afterview_cli, "plan", str(Path(journal) / "initech-dev.yaml"), "--now", "2026-11-22T09:00")
    assert plan.splitlines()[2] == "Stage: Offer received (offer_received recorded Fri 20 Nov 2026 10:00)"
    status = run(afterview_cli, "status", "--now", "2026-11-22T09:00", "--journal", journal).splitlines()
    assert status[1].split("  ")[:2] == ["initech-dev", "offer received"]


def test_only_a_task_lapses(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("lapsing.yaml", """
        id: lapsing
        title: Lapsing
        extends: [default]
        rules:
          - id: expected-decision
            timing: {lapses: true}
    """)
    result = afterview_cli("validate", "lapsing.yaml")
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "lapsing.yaml:6:22: rule 'expected-decision': only a task lapses: a milestone never becomes overdue")
