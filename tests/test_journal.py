"""The journal: add, record, done, edit, archive; comments kept, writes atomic, errors located."""

from __future__ import annotations

import io
import json
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _new_york_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A naive --now is read in the system's timezone: here New York, the timezone of these tests' facts."""
    monkeypatch.setenv("TZ", "America/New_York")

ACME = """\
# My Acme application
company: Acme   # the company
role: Data Engineer
country: US
timezone: America/New_York
interview:
  start: 2026-11-17T14:00   # second round
  interviewers:
    - {name: Jane Doe, email: jane@acme.example}
decision:
  by: 2026-12-01
events:
  # what happened so far
  - {type: thank_you_sent, at: 2026-11-18T09:10}   # from my phone
"""


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "journal"
    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(folder))
    monkeypatch.chdir(tmp_path)
    return folder


@pytest.fixture
def acme_entry(journal: Path, afterview_cli: Any, tmp_path: Path) -> Path:
    (tmp_path / "acme.yaml").write_text(ACME, encoding="utf-8")
    result = afterview_cli("add", "acme.yaml")
    assert result.code == 0, result.err
    return journal / "acme-data-engineer.yaml"


def test_add_from_a_facts_file_keeps_it_as_written(acme_entry: Path, afterview_cli: Any) -> None:
    assert acme_entry.read_text(encoding="utf-8") == ACME
    again = afterview_cli("add", "acme.yaml")
    assert (again.code, again.err) == (1, f"--slug: 'acme-data-engineer' is already in the journal ({acme_entry})\n"
                                          "  hint: pick another name with --slug, or change it with 'afterview edit'\n")


def test_add_from_flags_names_the_application_by_company_and_role(journal: Path, afterview_cli: Any) -> None:
    result = afterview_cli("add", "--company", "Globex Corp.", "--role", "Staff Engineer", "--interview",
                           "2026-11-18T10:00", "--timezone", "Europe/Berlin", "--country", "DE", "--decision-in", "2 weeks")
    assert result.out.splitlines()[0] == f"added globex-corp-staff-engineer ({journal / 'globex-corp-staff-engineer.yaml'})"
    assert (journal / "globex-corp-staff-engineer.yaml").read_text(encoding="utf-8") == textwrap.dedent("""\
        # An afterview journal entry; the file's name is the application's. Edit freely: naive times are in
        # `timezone`. Record what happens with 'afterview record APP EVENT' (see 'afterview schema facts').
        company: Globex Corp.
        role: Staff Engineer
        country: DE
        timezone: Europe/Berlin
        interview:
          start: 2026-11-18T10:00
        decision:
          within: 2 weeks
        """)


def test_add_without_anything_and_no_terminal_is_a_usage_error(journal: Path, afterview_cli: Any) -> None:
    result = afterview_cli("add")
    assert (result.code, result.err) == (2, "add: nothing describes the application\n"
                                            "  hint: give a facts file, or flags such as --company Acme --interview 2026-11-17T14:00\n")


def test_add_refuses_facts_that_do_not_plan(journal: Path, afterview_cli: Any) -> None:
    result = afterview_cli("add", "--company", "Acme", "--interview", "yesterday")
    assert result.code == 1
    assert result.err.startswith("--interview: interview.start: 'yesterday' is not a date and time")
    assert not journal.exists() or list(journal.iterdir()) == []


def test_record_appends_an_event_and_keeps_comments_and_layout(acme_entry: Path, afterview_cli: Any) -> None:
    result = afterview_cli("record", "acme-data-engineer", "linkedin_connected", "--at", "2026-11-19T10:00",
                           "--note", "said hi: thanks!")
    assert (result.code, result.out) == (0, "recorded linkedin_connected for acme-data-engineer at 2026-11-19T10:00\n")
    assert acme_entry.read_text(encoding="utf-8") == ACME + "  - {type: linkedin_connected, at: 2026-11-19T10:00, note: 'said hi: thanks!'}\n"


def test_record_without_at_uses_now_in_the_applications_timezone(acme_entry: Path, afterview_cli: Any) -> None:
    afterview_cli("record", "acme-data-engineer", "follow_up_sent", "--now", "2026-12-03T15:30+01:00")
    assert acme_entry.read_text(encoding="utf-8").splitlines()[-1] == "  - {type: follow_up_sent, at: 2026-12-03T09:30}"


def test_record_errors_name_the_argument(acme_entry: Path, afterview_cli: Any) -> None:
    unknown = afterview_cli("record", "acme-data-engineer", "rejectd")
    assert unknown.code == 2
    assert unknown.err.startswith("EVENT: unknown event 'rejectd' (did you mean 'rejected'?)\n")
    early = afterview_cli("record", "acme-data-engineer", "rejected", "--at", "2026-11-01")
    assert (early.code, early.err) == (1, "--at: it is dated before the interview\n"
                                          "  hint: the interview started 2026-11-17T14:00\n")
    assert acme_entry.read_text(encoding="utf-8") == ACME


def test_record_a_next_round_with_its_interview(acme_entry: Path, afterview_cli: Any) -> None:
    result = afterview_cli("record", "acme-data-engineer", "next_round_scheduled", "--at", "2026-11-20T10:00",
                           "--interview", "2026-12-03T14:00", "--now", "2026-11-21T12:00")
    assert (result.code, result.out) == (0, "recorded next_round_scheduled for acme-data-engineer at 2026-11-20T10:00,"
                                            " next round 2026-12-03T14:00\n")
    assert acme_entry.read_text(encoding="utf-8") == ACME + (
        "  - {type: next_round_scheduled, at: 2026-11-20T10:00, interview: 2026-12-03T14:00}\n")
    plan = afterview_cli("plan", str(acme_entry), "--now", "2026-12-03T20:00", "--format", "json")
    assert json.loads(plan.out)["plans"][0]["stage"]["round"] == 2


def test_a_next_round_before_it_was_arranged_or_before_the_last_round_is_refused(
        acme_entry: Path, afterview_cli: Any) -> None:
    early = afterview_cli("record", "acme-data-engineer", "next_round_scheduled", "--at", "2026-11-20T10:00",
                          "--interview", "2026-11-19T14:00", "--now", "2026-11-21T12:00")
    assert (early.code, early.err) == (1, "--interview: the next round starts (2026-11-19T14:00) before it was "
                                          "arranged (2026-11-20T10:00)\n  hint: --interview is when the next round "
                                          "starts; --at is when it was arranged\n")
    assert afterview_cli("record", "acme-data-engineer", "next_round_scheduled", "--at", "2026-11-20T10:00",
                         "--interview", "2026-12-03T14:00", "--now", "2026-11-21T12:00").code == 0
    second = afterview_cli("record", "acme-data-engineer", "next_round_scheduled", "--at", "2026-11-21T09:00",
                           "--interview", "2026-12-01T14:00", "--now", "2026-11-21T12:00")
    assert (second.code, second.err) == (1, f"{acme_entry}:16:67: events[2].interview: the next round starts "
                                            "(2026-12-01T14:00) before the round before it (2026-12-03T14:00)\n"
                                            "  hint: check the date: each round starts after the one before it\n")
    assert acme_entry.read_text(encoding="utf-8").count("next_round_scheduled") == 1  # nothing half-written


def test_an_unknown_application_gets_a_did_you_mean(acme_entry: Path, afterview_cli: Any, journal: Path) -> None:
    typo = afterview_cli("record", "acme-data-enginer", "rejected")
    assert (typo.code, typo.err) == (1, "APP: no application 'acme-data-enginer' in the journal (did you mean 'acme-data-engineer'?)\n"
                                        f"  hint: applications in {journal}: acme-data-engineer\n")
    prefix = afterview_cli("draft", "acme", "thank-you-note")
    assert prefix.err.startswith("APP: no application 'acme' in the journal (did you mean 'acme-data-engineer'?)\n")


def test_done_records_the_event_a_rule_waits_for_or_a_done_mark(acme_entry: Path, afterview_cli: Any) -> None:
    by_event = afterview_cli("done", "acme-data-engineer", "notify-references", "--now", "2026-11-18T11:00")
    assert by_event.out == ("recorded references_notified for acme-data-engineer at 2026-11-18T11:00:"
                            " 'Tell your references they may be contacted' is done\n")
    by_mark = afterview_cli("done", "acme-data-engineer", "debrief-notes", "--at", "2026-11-17T18:30")
    assert by_mark.out == ("marked 'Leave the building, clear your head, then write down how it went' done for"
                           " acme-data-engineer at 2026-11-17T18:30\n")
    assert acme_entry.read_text(encoding="utf-8").endswith(
        "  - {type: references_notified, at: 2026-11-18T11:00}\n"
        "  - {type: done, rule: debrief-notes, at: 2026-11-17T18:30}\n")
    plan = afterview_cli("plan", str(acme_entry), "--now", "2026-11-19T08:00").out
    assert "  [x] 18:00  Leave the building, clear your head, then write down how it went — done" in plan
    explained = afterview_cli("explain", "debrief-notes", str(acme_entry), "--now", "2026-11-19T08:00").out
    assert "done: marked done Tue 17 Nov 2026 18:30" in explained
    unknown = afterview_cli("done", "acme-data-engineer", "thank-you")
    assert unknown.err.startswith("RULE: no dated action 'thank-you' in acme-data-engineer's plan (did you mean 'thank-you-note'?)")


def test_archive_hides_an_application(acme_entry: Path, afterview_cli: Any, journal: Path) -> None:
    assert afterview_cli("record", "acme-data-engineer", "reply_received", "--now", "2026-11-19T08:00").code == 0
    result = afterview_cli("archive", "acme-data-engineer")
    assert [p.name for p in journal.iterdir()] == ["archive"]  # no lock file left behind
    assert result.out == ("archived acme-data-engineer: it no longer shows in today, agenda, status or the calendar"
                          f" ({journal / 'archive' / 'acme-data-engineer.yaml'})\n")
    assert afterview_cli("status", "--now", "2026-11-19T08:00").out == "No open applications. Add one with 'afterview add'.\n"
    again = afterview_cli("record", "acme-data-engineer", "rejected")
    assert again.err.startswith("APP: 'acme-data-engineer' is archived\n")


def test_archive_never_replaces_a_file_already_in_the_archive(acme_entry: Path, afterview_cli: Any,
                                                              journal: Path) -> None:
    kept = journal / "archive" / "acme-data-engineer.yaml"
    kept.parent.mkdir()
    kept.write_text("# put here by hand\n")
    result = afterview_cli("archive", "acme-data-engineer")
    assert (result.code, result.err) == (1, f"{kept}: 'acme-data-engineer' is already in the archive\n"
                                            "  hint: rename one of the two files, then archive again\n")
    assert kept.read_text() == "# put here by hand\n" and acme_entry.exists()


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(acme_entry: Path, afterview_cli: Any,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: Any) -> None:
        raise KeyboardInterrupt  # as if the process were stopped between writing and renaming

    monkeypatch.setattr(os, "replace", crash)
    assert afterview_cli("record", "acme-data-engineer", "rejected", "--at", "2026-11-25", "--now", "2026-11-26T09:00").code == 130
    assert acme_entry.read_text(encoding="utf-8") == ACME
    assert sorted(p.name for p in acme_entry.parent.iterdir()) == [".acme-data-engineer.yaml.lock", "acme-data-engineer.yaml"]


def test_a_process_killed_mid_write_leaves_the_old_file(acme_entry: Path, tmp_path: Path) -> None:
    import subprocess

    # The child stops dead (os._exit) inside the write, after the temporary file is written and before the rename.
    script = textwrap.dedent(f"""
        import os
        real = os.replace
        os.replace = lambda *a: os._exit(9)
        from afterview.cli import main
        main(["record", "acme-data-engineer", "rejected", "--at", "2026-11-25", "--now", "2026-11-26T09:00", "--journal", {str(acme_entry.parent)!r}])
    """)
    assert subprocess.run([sys.executable, "-c", script], check=False).returncode == 9
    assert acme_entry.read_text(encoding="utf-8") == ACME


def test_edit_saves_a_valid_change_and_refuses_a_broken_one(acme_entry: Path, afterview_cli: Any, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
                      "p.write_text(p.read_text().replace('Data Engineer', sys.argv[0] and 'DATA'))\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    assert afterview_cli("edit", "acme-data-engineer").out == "acme-data-engineer: saved\n"
    assert "role: DATA\n" in acme_entry.read_text(encoding="utf-8")
    editor.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
                      "p.write_text(p.read_text().replace('2026-11-17T14:00', 'soon'))\n")
    before = acme_entry.read_text(encoding="utf-8")
    result = afterview_cli("edit", "acme-data-engineer")
    assert result.code == 1
    assert ":7:10: interview.start: 'soon' is not a date and time" in result.err
    assert "not saved: your edited copy is " in result.err
    assert acme_entry.read_text(encoding="utf-8") == before


def test_the_journal_folder_comes_from_the_flag_then_the_environment_then_platformdirs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_data_path

    from afterview.journal.store import journal_dir

    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(tmp_path / "env"))
    assert journal_dir(str(tmp_path / "flag")) == tmp_path / "flag"
    assert journal_dir() == tmp_path / "env"
    monkeypatch.delenv("AFTERVIEW_JOURNAL")
    assert journal_dir() == user_data_path("afterview", appauthor=False) / "journal"


def test_add_asks_on_a_terminal(journal: Path) -> None:
    from afterview.journal import ask, entry_text

    answers = iter(["Acme", "Data Engineer", "2026-11-17T14:00", "DE", "", "2 weeks"])
    asked: list[str] = []

    def prompt(question: str) -> str:
        asked.append(question)
        return next(answers)

    values = ask(prompt, system_zone=lambda: "America/New_York")
    assert asked[3:5] == ["Country (ISO code, e.g. US): ", "Timezone (DE keeps one time) [Europe/Berlin]: "]
    assert entry_text(None, values, "UTC").splitlines()[2:] == [
        "company: Acme", "role: Data Engineer", "country: DE", "timezone: Europe/Berlin", "interview:",
        "  start: 2026-11-17T14:00", "decision:", "  within: 2 weeks"]


def test_calendar_of_an_empty_journal_is_a_located_error(journal: Path, afterview_cli: Any) -> None:
    journal.mkdir()
    result = afterview_cli("calendar", "-o", "search.ics")
    assert (result.code, result.err) == (1, f"{journal}: no open applications to put in a calendar\n"
                                            "  hint: add one with 'afterview add'\n")


class _Keyboard(io.StringIO):
    """Typed answers on a terminal: ``input`` reads them line by line and raises EOFError after the last."""

    def isatty(self) -> bool:
        return True


def test_end_of_input_at_a_question_ends_add_without_a_traceback(journal: Path, afterview_cli: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Keyboard("Foo\n"))
    result = afterview_cli("add")
    assert (result.code, result.out) == (1, "Company: Role: \n")
    assert result.err == ("add: no answer to 'Role' (end of input); nothing was added\n"
                          "  hint: run 'afterview add' again, or describe the application with a facts file or flags"
                          " such as --company Acme --interview 2026-11-17T14:00\n")
    assert not journal.exists()


def test_a_bad_answer_is_asked_again_keeping_the_earlier_ones(journal: Path, afterview_cli: Any,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    typed = ["Foo", "Dev", "next tuesday", "", "2026-11-17 14:00", "America/New_York", "US", "America/New_York",
             "soon", "2 weeks"]
    monkeypatch.setattr(sys, "stdin", _Keyboard("".join(f"{line}\n" for line in typed)))
    result = afterview_cli("add")
    assert result.code == 0, result.err
    assert result.err == (
        "  interview.start: 'next tuesday' is not a date and time\n  hint: write it as 2026-11-17T14:00\n"
        "  Interview start is needed: every date in the plan counts from it\n  hint: write it as 2026-11-17T14:00\n"
        "  unknown country 'America/New_York'\n  hint: use an ISO 3166-1 alpha-2 code such as US, GB or DE\n"
        "  decision.within: 'soon' is not a duration\n  hint: write it as '2 weeks', '10 days' or '5bd'\n")
    assert (journal / "foo-dev.yaml").read_text(encoding="utf-8").splitlines()[2:] == [
        "company: Foo", "role: Dev", "country: US", "timezone: America/New_York", "interview:",
        "  start: 2026-11-17 14:00", "decision:", "  within: 2 weeks"]


def test_agenda_days_are_the_readers_and_times_the_applications(acme_entry: Path, afterview_cli: Any,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")  # the reader is six hours ahead of the New York interview
    sent_by_now = acme_entry.read_text(encoding="utf-8").replace("2026-11-18T09:10", "2026-11-17T16:00")
    acme_entry.write_text(sent_by_now, encoding="utf-8")  # an event after --now is refused
    result = afterview_cli("agenda", "--days", "1", "--now", "2026-11-17T23:30")
    assert (result.code, result.err) == (0, "")
    # 18:00 EST on Tuesday is midnight in Berlin: the reader's Wednesday, so it is listed there, with its own day
    assert result.out == textwrap.dedent("""\
        Tomorrow, Wed 18 Nov
          Tue 17 Nov 18:00 EST  acme-data-engineer  Leave the building, clear your head, then write down how it went \
— open
          15:00 EST             acme-data-engineer  Tell your references they may be contacted — open
              draft: afterview draft acme-data-engineer notify-references
          15:00 EST             acme-data-engineer  Connect with your interviewer on LinkedIn — open
              draft: afterview draft acme-data-engineer linkedin-connect
        """)


READER_AHEAD = {  # a reader in Tokyo with one application there and one in Los Angeles, 17 hours behind
    "sony-dev": "company: Sony\nrole: Dev\ntimezone: Asia/Tokyo\ninterview: {start: 2026-11-20 10:00}\n"
                "decision: {by: 2026-12-01}\n",
    "initech-dev": "company: Initech\nrole: Dev\ntimezone: America/Los_Angeles\n"
                   "interview: {start: 2026-11-20 14:00}\ndecision: {by: 2026-12-01}\n",
}


def test_today_holds_what_falls_due_within_the_readers_day_and_never_says_yesterday(
        tmp_path: Path, afterview_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    for slug, text in READER_AHEAD.items():
        (tmp_path / f"{slug}.yaml").write_text(text, encoding="utf-8")
    result = afterview_cli("today", "--journal", str(tmp_path), "--now", "2026-11-21T09:00")
    assert (result.code, result.err) == (0, "")
    # Fri 18:00 in Los Angeles is Sat 11:00 in Tokyo: the reader's today, not "yesterday"; Sat 15:00 PST is
    # Sunday in Tokyo, so it is not in today
    assert result.out == textwrap.dedent("""\
        Overdue
          Fri 20 Nov 17:00 JST  sony-dev     Send a thank-you note — overdue
              draft: afterview draft sony-dev thank-you-note
          Fri 20 Nov 17:00 JST  sony-dev     Connect with your interviewer on LinkedIn — overdue
              draft: afterview draft sony-dev linkedin-connect

        Today, Sat 21 Nov
          Fri 20 Nov 18:00 PST  initech-dev  Leave the building, clear your head, then write down how it went — open
        """)


def test_a_missing_or_file_journal_is_an_error_not_an_empty_one(tmp_path: Path, afterview_cli: Any,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "acme.yaml").write_text(ACME, encoding="utf-8")
    missing = afterview_cli("today", "--journal", "nonexistent-journal")
    assert (missing.code, missing.out, missing.err) == (
        1, "", "--journal: no journal folder at nonexistent-journal\n"
               "  hint: check the path; 'afterview add' creates the folder with its first application\n")
    a_file = afterview_cli("status", "--journal", "acme.yaml")
    assert (a_file.code, a_file.out, a_file.err) == (
        1, "", "--journal: acme.yaml is a file, not a journal folder\n"
               "  hint: give the folder that holds one .yaml file per application; to plan a single facts file,"
               " run 'afterview plan acme.yaml'\n")
    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(tmp_path / "gone"))
    assert afterview_cli("agenda").err.startswith(f"AFTERVIEW_JOURNAL: no journal folder at {tmp_path / 'gone'}\n")
    added = afterview_cli("add", "acme.yaml")  # add makes the folder it was given
    assert (added.code, (tmp_path / "gone" / "acme-data-engineer.yaml").is_file()) == (0, True)


@pytest.mark.parametrize("days", ["-1", "x", "367"])
def test_agenda_days_must_be_zero_to_a_year(journal: Path, afterview_cli: Any, days: str) -> None:
    result = afterview_cli("agenda", "--days", days)
    assert (result.code, result.out, result.err) == (
        2, "", f"--days: '{days}' is not a number of days from 0 to 366\n"
               "  hint: for example --days 14; 0 shows today only, as 'afterview today' does\n")


def test_add_names_the_plans_first_pending_action_not_a_guess(journal: Path, afterview_cli: Any,
                                                              tmp_path: Path) -> None:
    sent = ACME.replace("2026-11-18T09:10", "2026-11-17T15:30")  # its thank-you note is already sent by --now
    (tmp_path / "acme.yaml").write_text(sent, encoding="utf-8")
    acme = afterview_cli("add", "acme.yaml", "--now", "2026-11-17T16:00")
    assert acme.out.splitlines()[1:] == [
        "next: Tue 17 Nov 18:00 EST: Leave the building, clear your head, then write down how it went — open",
        "  'afterview done acme-data-engineer debrief-notes' once it is done; 'afterview today' shows what is due"]
    rejected = afterview_cli("add", "--company", "Initech", "--role", "Dev", "--interview", "2026-11-10 14:00",
                             "--timezone", "America/New_York", "--decision-in", "2 weeks",
                             "--event", "rejected=2026-11-12T11:00", "--now", "2026-11-12T12:00")
    assert rejected.out.splitlines()[1:] == [
        "next: Fri 13 Nov 11:00 EST: Reply graciously and keep the door open — open",
        "  'afterview draft initech-dev reply-to-rejection' prints the message",
        "  'afterview done initech-dev reply-to-rejection' once it is done; 'afterview today' shows what is due"]


def test_add_reads_standard_input_and_refuses_a_folder(journal: Path, afterview_cli: Any, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ACME.encode())))
    piped = afterview_cli("add", "-")
    assert (piped.code, piped.err) == (0, "")
    assert (journal / "acme-data-engineer.yaml").read_text(encoding="utf-8") == ACME
    folder = afterview_cli("add", str(tmp_path))
    assert (folder.code, folder.err) == (1, f"{tmp_path}: this is a folder, not a facts file\n"
                                            "  hint: give the .yaml file inside it, e.g. acme.yaml\n")
    missing = afterview_cli("add", "nope.yaml")
    assert (missing.code, missing.err) == (1, "nope.yaml: no such facts file\n  hint: check the path;"
                                              " 'afterview schema facts' shows what a facts file holds\n")


def test_a_rejection_recorded_weeks_late_does_not_nag_in_today(tmp_path: Path, afterview_cli: Any,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    (tmp_path / "acme-dev.yaml").write_text(
        "company: Acme\nrole: Dev\ntimezone: America/New_York\ninterview: {start: 2026-11-17 14:00}\n"
        "decision: {by: 2026-12-01}\nevents:\n  - {type: rejected, at: 2026-11-23T10:00}\n", encoding="utf-8")
    ten_days = afterview_cli("today", "--journal", str(tmp_path), "--now", "2026-12-03T09:00").out
    assert [line.split("  ")[-1] for line in ten_days.splitlines() if "EST" in line] == [
        "Reply graciously and keep the door open — overdue", "Ask once for feedback — overdue",
        "Tell your references how it ended, and thank them — overdue", "Review what worked and what didn't — overdue"]
    late = afterview_cli("today", "--journal", str(tmp_path), "--now", "2027-02-01T09:00")
    assert (late.code, late.out) == (0, "Nothing due today: no open applications, 1 closed."
                                        " Add one with 'afterview add'.\n")
    steps = json.loads(afterview_cli("plan", str(tmp_path / "acme-dev.yaml"), "--now", "2027-02-01T09:00",
                                     "--format", "json").out)["plans"][0]["actions"]
    assert {a["rule"]: a["status"] for a in steps if a["rule"] in {
        "reply-to-rejection", "ask-feedback", "review-what-worked", "tell-references-outcome"}} == dict.fromkeys(
        ["reply-to-rejection", "ask-feedback", "review-what-worked", "tell-references-outcome"], "lapsed")
