"""Facts: every user mistake has a located message; flags override files."""

from __future__ import annotations

import textwrap
from typing import Any


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def test_facts_file_errors_all_reported(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("acme.yaml", """
        company: Acme
        country: XX
        timezone: America/NewYork
        interview:
          start: 2026-11-17T14:00
          end: 2026-11-17T13:00
        decision:
          by: 2026-11-10
        events:
          - {type: thank_you_snt, at: 2026-11-18T09:10}
          - {type: follow_up_sent, at: 2026-11-16T09:00}
    """)
    result = afterview_cli("plan", "acme.yaml")
    assert result.code == 1
    assert result.out == ""
    assert result.err == dedent("""
        acme.yaml:3:11: unknown timezone 'America/NewYork' (did you mean 'America/New_York'?)
          hint: use an IANA name such as Europe/Berlin
        acme.yaml:2:10: unknown country 'XX'
          hint: use an ISO 3166-1 alpha-2 code such as US, GB or DE
        acme.yaml:6:8: interview.end is before interview.start
          hint: give when it finished, after 2026-11-17T14:00, or leave it out (an hour is assumed)
        acme.yaml:8:7: decision.by (2026-11-10) is before the interview (2026-11-17)
          hint: check the year and month: it is the date they said they would decide by, after the interview
        acme.yaml:10:12: events[0].type: unknown event type 'thank_you_snt' (did you mean 'thank_you_sent'?)
          hint: known types: thank_you_sent, linkedin_connected, references_notified, follow_up_sent, follow_up_call_made, escalated, reply_received, next_round_scheduled, rejected, feedback_requested, offer_received, offer_accepted, offer_declined, withdrew, done
        acme.yaml:11:32: events[1].at: follow_up_sent is dated before the interview
          hint: check the date: the interview started 2026-11-17T14:00
        6 errors in 1 file
    """)


def test_facts_schema_errors(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("f.yaml", """
        compnay: Acme
        interview:
          start: 2026-11-17T14:00
          round: second
    """)
    result = afterview_cli("plan", "f.yaml")
    assert (result.code, result.err) == (1, dedent("""
        f.yaml:1:1: unknown key 'compnay' (did you mean 'company'?)
          hint: keys allowed here: company, role, industry, country, timezone, seniority, candidate, interview, decision, events, linkedin
        f.yaml:4:10: interview.round: expected a whole number, got the text 'second'
          hint: for example: 2
        2 errors in 1 file
    """))


def test_flag_errors_name_the_flag(afterview_cli: Any) -> None:
    result = afterview_cli("plan", "--interview", "next tuesday", "--timezone", "Europe/Berlin", "--country", "DE-XX")
    assert (result.code, result.err) == (1, dedent("""
        --country: unknown subdivision 'XX' of DE
          hint: write the country alone (DE), or with a subdivision code such as DE-BB
        --interview: interview.start: 'next tuesday' is not a date and time
          hint: write it as 2026-11-17T14:00
        2 errors
    """))


def test_missing_interview_time(afterview_cli: Any) -> None:
    result = afterview_cli("plan", "--company", "Acme")
    assert (result.code, result.err) == (1, dedent("""
        --interview: no interview time given
          hint: pass --interview 2026-11-17T14:00, or set interview.start in a facts file
    """))


def test_bad_event_and_interviewer_flags(afterview_cli: Any) -> None:
    result = afterview_cli("plan", "--interview", "2026-11-17T14:00", "--event", "thank_you_sent")
    assert (result.code, result.err) == (1, "--event: 'thank_you_sent' is not TYPE=DATETIME\n"
                                            "  hint: for example --event thank_you_sent=2026-11-18T09:10, or done:follow-up=2026-11-25\n")


def test_flags_override_the_file(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("acme.yaml", """
        company: Acme
        timezone: America/New_York
        interview: {start: 2026-11-17T14:00}
        decision: {by: 2026-12-01}
    """)
    result = afterview_cli("plan", "acme.yaml", "--company", "Initech", "--decision-in", "1 week",
                           "--now", "2026-11-18T08:00", "--format", "json")
    assert result.code == 0, result.err
    import json

    data = json.loads(result.out)["plans"][0]
    assert data["application"]["company"] == "Initech"
    assert data["application"]["decision_by"] == "2026-11-24"


def test_decision_within_business_days_uses_the_country_calendar(afterview_facts: Any) -> None:
    facts = afterview_facts(decision={"within": "3bd"}, interview={"start": "2026-11-24T10:00"})
    assert facts.decision_by.isoformat() == "2026-11-30"  # Thanksgiving is skipped


def test_naive_times_are_in_the_facts_timezone(afterview_facts: Any) -> None:
    facts = afterview_facts(timezone="Europe/Berlin", country="DE", events=[{"type": "thank_you_sent", "at": "2026-11-18"}])
    assert facts.interview_start.isoformat() == "2026-11-17T14:00:00+01:00"
    assert facts.interview_end.isoformat() == "2026-11-17T15:00:00+01:00"
    assert facts.events[0].at.isoformat() == "2026-11-18T12:00:00+01:00"


def test_a_next_round_must_start_after_it_was_arranged_and_after_the_round_before(
        afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("acme.yaml", """
        company: Acme
        timezone: America/New_York
        interview: {start: 2026-11-17T14:00}
        events:
          - {type: next_round_scheduled, at: 2026-11-20T10:00, interview: 2026-11-19T14:00}
          - {type: next_round_scheduled, at: 2026-11-21T10:00, interview: 2026-12-01T14:00}
          - {type: next_round_scheduled, at: 2026-11-21T12:00, interview: 2026-11-30T14:00}
    """)
    for command in (("validate",), ("plan", "--now", "2026-11-22T09:00")):
        result = afterview_cli(*command, "acme.yaml")
        assert result.code == 1
        assert result.err.startswith(dedent("""\
            acme.yaml:5:67: events[0].interview: the next round starts (2026-11-19T14:00) before it was arranged \
(2026-11-20T10:00)
              hint: 'interview' is when the next round starts; 'at' is when it was arranged
            acme.yaml:7:67: events[2].interview: the next round starts (2026-11-30T14:00) before the round before it \
(2026-12-01T14:00)
              hint: check the date: each round starts after the one before it
            """)), result.err
