"""A panel interview: a note to each interviewer, one follow-up and one call for the application."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

PANEL = ["--company", "Acme", "--role", "Data Engineer", "--interview", "2026-11-17T14:00", "--timezone",
         "America/New_York", "--decision-by", "2026-12-01", "--interviewer", "Jane Doe <jane@acme.example>",
         "--interviewer", "Bob Roe <bob@acme.example>", "--name", "Sam"]


@pytest.fixture
def panel(tmp_path: Path, afterview_cli: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("TZ", "America/New_York")
    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(tmp_path / "journal"))
    assert afterview_cli("add", *PANEL, "--now", "2026-11-17T16:00").code == 0

    def links(rule: str) -> list[tuple[str, str, str]]:
        """(to, subject, the body's first line) of each link ``draft RULE --mailto`` prints."""
        result = afterview_cli("draft", "acme-data-engineer", rule, "--mailto", "--now", "2026-11-18T09:00")
        assert result.code == 0, result.err
        found = []
        for line in result.out.splitlines():
            parts = urlsplit(line)
            query = parse_qs(parts.query)
            found.append((unquote(parts.path), query["subject"][0], query["body"][0].split("\r\n")[0]))
        return found

    return links


def test_each_interviewer_gets_a_thank_you_link_addressed_to_them_alone(panel: Any) -> None:
    assert panel("thank-you-note") == [("jane@acme.example", "Thank you — Data Engineer", "Dear Jane,"),
                                       ("bob@acme.example", "Thank you — Data Engineer", "Dear Bob,")]


@pytest.mark.parametrize(("rule", "subject"), [("follow-up", "Following up — Data Engineer"),
                                               ("reply-to-rejection", "Re: Data Engineer")])
def test_one_message_for_the_application_goes_to_the_main_contact(panel: Any, rule: str, subject: str) -> None:
    assert panel(rule) == [("jane@acme.example", subject, "Dear Jane,")]


def test_the_plan_drafts_one_follow_up_and_one_call_but_a_note_each(default_ruleset: Any) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from afterview import load_facts, plan

    facts = load_facts({"company": "Acme", "timezone": "America/New_York",
                        "interview": {"start": "2026-11-17T14:00", "interviewers": [
                            {"name": "Jane Doe", "email": "jane@acme.example"}, {"name": "Bob Roe"}]},
                        # the call is dated (and drafted) once the follow-up email is sent
                        "events": [{"type": "follow_up_sent", "at": "2026-11-25T09:00"}]})
    result = plan(default_ruleset, facts, datetime(2026, 11, 18, 9, 0, tzinfo=ZoneInfo("America/New_York")))
    copies = {rule: [(d.id, d.to, d.text.splitlines()[0]) for d in result.action(rule).drafts]  # type: ignore[union-attr]
              for rule in ("thank-you-note", "follow-up", "follow-up-call")}
    assert copies == {
        "thank-you-note": [("email", "Jane Doe", "Dear Jane,"), ("email-2", "Bob Roe", "Dear Bob,")],
        "follow-up": [("email", "Jane Doe", "Dear Jane,")],
        "follow-up-call": [("script", "Jane Doe", "Hello. I interviewed for the role on Tue 17 Nov.")],
    }
    titles = {a.rule.id: a.summary for a in result.actions}
    assert (titles["thank-you-note"], titles["linkedin-connect"], titles["follow-up"]) == (
        "Thank-you notes to Jane Doe and Bob Roe", "Connect with Jane Doe and Bob Roe on LinkedIn",
        "Follow-up email to Jane Doe")


def test_calendar_titles_name_the_whole_panel(tmp_path: Path, afterview_cli: Any) -> None:
    from icalendar import Calendar

    out = tmp_path / "acme.ics"
    result = afterview_cli("plan", *PANEL, "--now", "2026-11-18T09:00-05:00", "-f", "ics", "-o", str(out))
    assert result.code == 0, result.err
    titles = {str(e["SUMMARY"]) for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    assert {"Thank-you notes to Jane Doe and Bob Roe (Acme)", "Connect with Jane Doe and Bob Roe on LinkedIn (Acme)",
            "Follow-up email to Jane Doe (Acme)"} <= titles
    # the call is on the calendar once the follow-up email is sent
    result = afterview_cli("plan", *PANEL, "--event", "follow_up_sent=2026-12-03T09:00", "--now", "2026-11-18T09:00-05:00",
                           "-f", "ics", "-o", str(out))
    assert result.code == 0, result.err
    assert "Call Jane Doe (once) (Acme)" in {str(e["SUMMARY"]) for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}


def test_panel_names_reads_as_a_list() -> None:
    from afterview.text.drafts import panel_names

    assert [panel_names([]), panel_names(["Jane"]), panel_names(["Jane", "Bob"]), panel_names(["A", "B", "C"])] == [
        None, None, "Jane and Bob", "A, B and C"]
