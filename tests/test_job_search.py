"""A whole job search, simulated: three applications over four weeks, `--now` stepping day by day.

Events are recorded with the CLI; at each step the agenda, the status board
and the calendar (parsed with icalendar) are checked against the plans, and
every day's calendar is read again by the strict ``ical`` parser, ical.js
(Thunderbird) and libical's restriction check (Evolution).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

JS = Path(__file__).parent / "js"
TOOLS = Path(__file__).parent / "tools"
pytestmark = pytest.mark.usefixtures("node_modules")


@pytest.fixture(autouse=True)
def _new_york_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A naive --now is read in the system's timezone: here New York, the timezone of these tests' facts."""
    monkeypatch.setenv("TZ", "America/New_York")

APPLICATIONS = [
    ("--company", "Acme", "--role", "Data Engineer", "--interview", "2026-11-17T14:00", "--timezone",
     "America/New_York", "--country", "US", "--decision-by", "2026-12-01", "--interviewer", "Jane Doe <jane@acme.example>"),
    ("--company", "Globex", "--role", "Analyst", "--interview", "2026-11-19T10:00", "--timezone", "Europe/Berlin",
     "--country", "DE", "--decision-in", "2 weeks"),
    ("--company", "Initech", "--role", "Platform Engineer", "--interview", "2026-11-24T15:00", "--timezone",
     "America/Chicago", "--country", "US"),
]
# day -> commands run that morning at 09:00 New York, before the checks
TIMELINE: dict[date, list[tuple[str, ...]]] = {
    date(2026, 11, 18): [("record", "acme-data-engineer", "thank_you_sent", "--at", "2026-11-18T08:30"),
                         ("done", "acme-data-engineer", "debrief-notes", "--at", "2026-11-17T18:30")],
    date(2026, 11, 19): [("record", "acme-data-engineer", "linkedin_connected")],
    date(2026, 11, 20): [("record", "globex-analyst", "thank_you_sent")],
    date(2026, 11, 25): [("record", "globex-analyst", "rejected"),
                         ("record", "initech-platform-engineer", "thank_you_sent")],
    date(2026, 12, 3): [("record", "acme-data-engineer", "follow_up_sent")],
    date(2026, 12, 8): [("record", "acme-data-engineer", "offer_received")],
    date(2026, 12, 10): [("archive", "globex-analyst")],
}


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def calendar_events(path: Path) -> dict[str, Any]:
    from icalendar import Calendar

    return {str(e["UID"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def expected_counts(journal: Path, cli: Any, now: str) -> Counter[str]:
    """Per company, the dated actions the calendar must hold: every one neither made unnecessary nor done
    (a quiet period that has ended is "done" and stays, as history)."""
    counts: Counter[str] = Counter()
    for entry in sorted(journal.glob("*.yaml")):
        plan = json.loads(cli("plan", str(entry), "--now", now, "--format", "json").out)["plans"][0]
        counts[plan["application"]["company"]] += sum(
            a["status"] != "skipped" and (a["status"] != "done" or a["kind"] == "quiet") for a in plan["actions"])
    return counts


@pytest.mark.slow
def test_three_applications_over_four_weeks(afterview_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = tmp_path / "journal"
    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(journal))
    calendar = tmp_path / "search.ics"
    for flags in APPLICATIONS:
        assert afterview_cli("add", *flags).code == 0
    previous: dict[str, Any] = {}
    steps: list[Path] = []  # the calendar as written each day, for the other clients' parsers below
    live_counts: list[int] = []
    day = date(2026, 11, 17)
    while day <= date(2026, 12, 14):
        now = f"{day}T09:00"
        for command in TIMELINE.get(day, []):
            result = afterview_cli(*command, "--now", now) if command[0] != "archive" else afterview_cli(*command)
            assert result.code == 0, (day, command, result.err)
        today = afterview_cli("today", "--now", now)
        status = afterview_cli("status", "--now", now)
        with monkeypatch.context() as uncached:  # the summary cache must never change what is shown
            uncached.setenv("AFTERVIEW_NO_CACHE", "1")
            assert afterview_cli("agenda", "--days", "0", "--now", now).out == today.out, day
            assert afterview_cli("status", "--now", now).out == status.out, day
        assert (today.code, today.err, status.code, status.err) == (0, "", 0, "")
        check_agenda_order(today.out, day)
        # a row per application; closed ones (rejected, ...) are counted under the rows
        assert len(status.out.split("\n\n")[0].splitlines()) == 1 + len(list(journal.glob("*.yaml")))
        assert afterview_cli("calendar", "-o", str(calendar), "--now", now).code == 0
        steps.append(tmp_path / f"calendar-{day}.ics")
        shutil.copyfile(calendar, steps[-1])
        events = calendar_events(calendar)
        live = {uid: e for uid, e in events.items() if str(e.get("STATUS", "")) != "CANCELLED"}
        live_counts.append(len(live))
        companies = Counter(str(e["SUMMARY"]).rsplit("(", 1)[-1].rstrip(")") for e in live.values())
        assert companies == expected_counts(journal, afterview_cli, now), day
        for uid, event in live.items():  # SEQUENCE moves only with the content
            if uid in previous:
                same = str(event["X-AFTERVIEW-HASH"]) == str(previous[uid]["X-AFTERVIEW-HASH"])
                assert int(event["SEQUENCE"]) == int(previous[uid]["SEQUENCE"]) + (not same), (day, uid)
        check_day(day, today.out, status.out, companies)
        previous = live
        day += timedelta(days=1)
    check_every_step_in_other_clients(steps, live_counts)


def check_every_step_in_other_clients(steps: list[Path], live_counts: list[int]) -> None:
    """Each day's calendar as the strict ``ical`` parser, Thunderbird's ical.js and libical (Evolution) read it."""
    from ical.calendar_stream import IcsCalendarStream

    for path, live in zip(steps, live_counts, strict=True):
        strict = IcsCalendarStream.calendar_from_ics(path.read_text(encoding="utf-8"))
        assert sum(str(e.status) != "EventStatus.CANCELLED" for e in strict.events) == live, path.name
    parsed = json.loads(subprocess.run(["node", str(JS / "parse-ics.mjs"), *map(str, steps)], capture_output=True,
                                       text=True, check=True).stdout)
    for path, calendar, live in zip(steps, parsed, live_counts, strict=True):
        events = [c for c in calendar["components"] if c["name"] == "vevent"]
        assert sum(e["properties"].get("status") != ["CANCELLED"] for e in events) == live, path.name
    checked = json.loads(subprocess.run(["/usr/bin/python3", str(TOOLS / "libical_check.py"), *map(str, steps)],
                                        capture_output=True, text=True, check=True).stdout)
    assert [(c["passed"], c["errors"]) for c in checked] == [(True, [])] * len(steps)


def check_agenda_order(out: str, day: date) -> None:
    headings = [line for line in out.splitlines() if line and not line.startswith(" ")]
    if "Overdue" in headings:
        assert headings[0] == "Overdue"
    assert all(h == "Overdue" or h.startswith("Today, ") for h in headings), (day, headings)


def check_day(day: date, today: str, status: str, companies: Counter[str]) -> None:
    if day == date(2026, 11, 18):
        assert today == dedent("""
            Today, Wed 18 Nov
              15:00 EST  acme-data-engineer  Tell your references they may be contacted — open
                  draft: afterview draft acme-data-engineer notify-references
              15:00 EST  acme-data-engineer  Connect with your interviewer on LinkedIn — open
                  draft: afterview draft acme-data-engineer linkedin-connect
        """)
    if day == date(2026, 11, 20):
        assert status == dedent("""
            application                stage            interview   next action                                                           decision expected
            acme-data-engineer         waiting          3 days ago  overdue since Wed 18 Nov: Tell your references they may be contacted  Tue 1 Dec
            globex-analyst             waiting          1 day ago   overdue since Fri 20 Nov: Tell your references they may be contacted  Thu 3 Dec
            initech-platform-engineer  interview ahead  in 4 days   Tue 24 Nov: Ask when they expect to decide, and whom to contact       not stated
        """)
    if day == date(2026, 11, 25):
        assert status.splitlines()[3].split()[:2] == ["globex-analyst", "rejected"]  # closed: after the open ones
        assert status.splitlines()[-1] == "2 open applications, 1 closed; 'afterview archive APP' files a closed one away."
        assert "Globex" in companies
    if day == date(2026, 12, 8):
        assert status.splitlines()[1].split()[:2] == ["acme-data-engineer", "offer"]
    if day >= date(2026, 12, 10):
        assert "Globex" not in companies and "globex" not in status
