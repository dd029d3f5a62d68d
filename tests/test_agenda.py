"""The agenda's colour rules and the mailto: link's encoding."""

from __future__ import annotations

import io
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _new_york_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A naive --now is read in the system's timezone: here New York, the timezone of these tests' facts."""
    monkeypatch.setenv("TZ", "America/New_York")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from afterview.journal.agenda import use_colour

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert (use_colour(Terminal()), use_colour(io.StringIO())) == (True, False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour(Terminal()) is False


def test_overdue_is_red_and_today_yellow(afterview_facts: Any, default_ruleset: Any) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from afterview import plan
    from afterview.journal.agenda import agenda_items, render_agenda
    from afterview.journal.summary import summarise

    now = datetime(2026, 11, 19, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    entry = summarise("acme", plan(default_ruleset, afterview_facts(), now))
    lines = render_agenda(agenda_items([entry], now, 0), now, open_count=1, days=0, colour=True).splitlines()
    assert lines[0] == "\x1b[1mOverdue\x1b[0m"
    assert lines[1] == "\x1b[31m\x1b[1m  Wed 18 Nov 15:00 EST  acme  Send a thank-you note — overdue\x1b[0m"
    assert "\x1b[33m  15:00 EST  acme  Decide honestly whether you still want the job — open\x1b[0m" in lines
    assert not any("Leave the building" in line for line in lines)  # lapsed: never on the overdue list


def test_mailto_percent_encodes_subject_body_and_line_breaks() -> None:
    from afterview.journal.draft import mailto
    from afterview.text.drafts import Draft

    draft = Draft("email", "Thank-you", "email", "Thank you — Data & AI?", "Dear Jo,\n\n100% thanks #1\nSam", None)
    assert mailto(draft, ["jo+hr@acme.example", "x y@acme.example"]) == (
        "mailto:jo%2Bhr@acme.example,x%20y@acme.example"
        "?subject=Thank%20you%20%E2%80%94%20Data%20%26%20AI%3F"
        "&body=Dear%20Jo%2C%0D%0A%0D%0A100%25%20thanks%20%231%0D%0ASam")


def test_draft_command_prints_the_draft_or_the_link(tmp_path: Any, afterview_cli: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from urllib.parse import parse_qs, unquote, urlsplit

    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(tmp_path))
    afterview_cli("add", "--company", "Acme", "--role", "Data Engineer", "--interview", "2026-11-17T14:00",
                  "--timezone", "America/New_York", "--interviewer", "Jane Doe <jane@acme.example>", "--name", "Sam")
    text = afterview_cli("draft", "acme-data-engineer", "thank-you-note", "--now", "2026-11-18T09:00").out
    assert text.splitlines()[:4] == ["Thank-you email (email)", "Subject: Thank you — Data Engineer", "",
                                     "Dear Jane,"]
    link = afterview_cli("draft", "acme-data-engineer", "thank-you-note", "--mailto").out.strip()
    parts = urlsplit(link)
    assert (parts.scheme, unquote(parts.path)) == ("mailto", "jane@acme.example")
    query = parse_qs(parts.query)
    assert query["subject"] == ["Thank you — Data Engineer"]
    assert query["body"][0].startswith("Dear Jane,\r\n\r\n")
    phone = afterview_cli("draft", "acme-data-engineer", "follow-up-call", "--mailto")
    assert (phone.code, phone.err) == (1, "--mailto: rule 'follow-up-call' has no email draft (its drafts are for: phone)\n"
                                          "  hint: leave out --mailto to print the draft\n")


def test_a_cached_summary_holds_only_between_two_of_its_dates(afterview_facts: Any, default_ruleset: Any) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from afterview import plan
    from afterview.journal.summary import _within, stable_span

    ny = ZoneInfo("America/New_York")
    span = stable_span(plan(default_ruleset, afterview_facts(), datetime(2026, 11, 18, 9, 0, tzinfo=ny)))
    assert span == ["2026-11-17T18:00:00-05:00", "2026-11-18T15:00:00-05:00"]  # debrief due .. thank-you due
    assert _within(span, datetime(2026, 11, 18, 14, 59, tzinfo=ny))
    assert not _within(span, datetime(2026, 11, 18, 15, 0, tzinfo=ny))
    on_a_date = stable_span(plan(default_ruleset, afterview_facts(), datetime(2026, 11, 18, 15, 0, tzinfo=ny)))
    assert on_a_date == ["2026-11-18T15:00:00-05:00"] * 2
    assert _within(on_a_date, datetime(2026, 11, 18, 15, 0, tzinfo=ny))
    assert not _within(on_a_date, datetime(2026, 11, 18, 15, 1, tzinfo=ny))


def test_an_empty_journal_says_how_to_start(afterview_cli: Any) -> None:
    assert afterview_cli("today").out == "No open applications. Add one with 'afterview add'.\n"


def test_an_overlay_kept_in_the_journal_folder_is_a_layer_not_an_application(
        afterview_cli: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(tmp_path))
    (tmp_path / "nonprofit.yaml").write_text(
        "id: industry-nonprofit\ntitle: Nonprofits\nextends: [default]\napplies_to: {industry: [charity]}\n"
        "rules:\n  - id: follow-up\n    priority: 1\n", encoding="utf-8")
    afterview_cli("add", "--company", "Hope", "--industry", "charity", "--interview", "2026-11-17T14:00",
                  "--timezone", "America/New_York")
    status = afterview_cli("status", "--now", "2026-11-18T09:00")
    assert (status.code, status.err, len(status.out.splitlines())) == (0, "", 2)
    assert status.out.splitlines()[1].startswith("hope ")
    plan = afterview_cli("plan", str(tmp_path / "hope.yaml"), "--now", "2026-11-18T09:00").out
    assert plan.splitlines()[1].endswith("; ruleset default+country-us+industry-nonprofit")
