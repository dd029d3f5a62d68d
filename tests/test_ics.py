"""The ICS output, checked with three independent parsers: ical.js (Thunderbird's), the strict
``ical`` package, and an ``icalendar`` round trip."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

JS = Path(__file__).parent / "js"
pytestmark = pytest.mark.usefixtures("node_modules")

def ical_js(path: Path) -> dict[str, Any]:
    """What Mozilla's parser sees (tests/js, installed by .ci/run with npm ci)."""
    done = subprocess.run(["node", str(JS / "parse-ics.mjs"), str(path)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def make_ics(afterview_cli: Any, *args: str, name: str = "out.ics") -> bytes:
    result = afterview_cli("plan", *args, "--now", "2026-11-19T08:00", "--format", "ics", "-o", name)
    assert result.code == 0, result.err
    return Path(name).read_bytes()


def events(parsed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """ical.js events keyed by their afterview rule (from the UID-independent summary)."""
    return {e["properties"]["summary"][0]: e for e in parsed["components"] if e["name"] == "vevent"}


def test_three_parsers_agree_on_a_known_scenario(afterview_cli: Any, acme: Path) -> None:
    raw = make_ics(afterview_cli, "acme.yaml", "--tasks")
    strict = IcsCalendarStream.calendar_from_ics(raw.decode("utf-8"))
    lenient = Calendar.from_ical(raw)
    assert lenient.to_ical() == raw  # icalendar round-trips it byte for byte
    parsed = events(ical_js(Path("out.ics")))
    # Two employer contacts per round: no escalation; the call waits on the follow-up email (not in the
    # calendar until it is sent); done steps (asking, the thank-you) are to-dos, completed, not events.
    assert len(strict.events) == len(parsed) == len(lenient.walk("VEVENT")) == 9
    assert len(strict.todos) == len(lenient.walk("VTODO")) == 8  # tasks only, not milestones or quiet periods
    assert "Thank-you note to Jane Doe (Acme)" not in parsed
    assert [str(t.status) for t in strict.todos if t.summary == "Thank-you note to Jane Doe (Acme)"] == [
        "TodoStatus.COMPLETED"]
    linkedin = parsed["Connect with Jane Doe on LinkedIn (Acme)"]
    assert (linkedin["allDay"], linkedin["properties"]["dtstart"], linkedin["properties"]["dtend"]) == (
        True, ["2026-11-17"], ["2026-11-19"])  # opens Tue 17, due Wed 18: the end is exclusive
    follow_up = parsed["Follow-up email to Jane Doe (Acme)"]
    assert (follow_up["allDay"], follow_up["timezone"], follow_up["start"], follow_up["end"]) == (
        False, "America/New_York", "2026-12-03T14:00:00.000Z", "2026-12-03T14:30:00.000Z")  # 09:00 EST
    quiet = parsed["Quiet period — no contact (Acme)"]
    assert (quiet["properties"]["dtstart"], quiet["properties"]["dtend"], quiet["properties"]["transp"]) == (
        ["2026-11-19"], ["2026-12-02"], ["TRANSPARENT"])  # starts once the first days' contacts are due
    assert quiet["components"] == []  # no alarm for a quiet period
    assert [c["name"] for c in follow_up["components"]] == ["valarm"]
    assert follow_up["properties"]["categories"] == [["afterview", "task", "message", "follow-up"]]
    strict_follow_up = next(e for e in strict.events if e.summary == "Follow-up email to Jane Doe (Acme)")
    assert strict_follow_up.dtstart.isoformat() == "2026-12-03T09:00:00-05:00"
    assert "How this date was worked out:\n- opens: stated decision date (Tue 1 Dec 2026) + 1 business day in US" \
        in strict_follow_up.description


def test_calendar_header(afterview_cli: Any, acme: Path) -> None:
    lines = make_ics(afterview_cli, "acme.yaml").decode().split("\r\n")
    # No METHOD: a feed needs none, and libical rejects METHOD:PUBLISH without an ORGANIZER.
    assert lines[:6] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//afterview//afterview 0.1.0//EN",
                         "CALSCALE:GREGORIAN", "X-WR-CALNAME:After the interview", "BEGIN:VTIMEZONE"]
    assert "BEGIN:VTODO" not in lines  # tasks are opt-in: Google and Outlook ignore them


def test_crlf_and_folding_at_75_octets_with_multibyte_text(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("intl.yaml", """
        company: Société Générale Ünïcode 株式会社テスト 🚀🚀🚀 Long Enough To Fold Several Times Over
        role: Ingénieure données — équipe 東京
        timezone: Europe/Paris
        country: FR
        interview:
          start: 2026-11-17T14:00
          interviewers: [{name: Zoë Ångström-Nguyễn, topics: ["データメッシュ 🧩"]}]
    """)
    raw = make_ics(afterview_cli, "intl.yaml")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # a fold never splits a multi-byte character
    assert any(line.startswith(b" ") for line in lines)
    summaries = [e.summary for e in IcsCalendarStream.calendar_from_ics(raw.decode()).events]
    assert "Thank-you note to Zoë Ångström-Nguyễn (Société Générale Ünïcode 株式会社テスト 🚀🚀🚀 Long Enough To Fold " \
           "Several Times Over)" in summaries


def test_text_is_escaped(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("esc.yaml", r"""
        company: 'Acme, Inc; Widgets \ Gadgets'
        timezone: America/New_York
        interview: {start: 2026-11-17T14:00, interviewers: [{name: 'O''Brien, Pat; Jr.'}]}
    """)
    raw = make_ics(afterview_cli, "esc.yaml").decode().replace("\r\n ", "")  # unfolded
    assert r"SUMMARY:Thank-you note to O'Brien\, Pat\; Jr. (Acme\, Inc\; Widgets \\ Gadgets)" in raw
    parsed = events(ical_js(Path("out.ics")))
    assert "Thank-you note to O'Brien, Pat; Jr. (Acme, Inc; Widgets \\ Gadgets)" in parsed


def test_every_tzid_has_a_vtimezone(afterview_cli: Any, acme: Path, afterview_project: Any) -> None:
    afterview_project.write("tokyo.yaml", "company: Kaisha\ntimezone: Asia/Tokyo\ncountry: JP\ninterview: {start: 2026-11-20T10:00}\n")
    raw = make_ics(afterview_cli, "acme.yaml", "tokyo.yaml", "--tasks").decode()
    used = set(re.findall(r";TZID=([^:;]+)", raw))
    defined = set(re.findall(r"\r\nTZID:([^\r]+)", raw))
    assert used == defined == {"America/New_York", "Asia/Tokyo"}


def test_times_across_the_dst_change(afterview_cli: Any, afterview_project: Any) -> None:
    # The follow-up falls before the clocks go back (Sun 1 Nov 2026), the call (once it was sent) after.
    afterview_project.write("dst.yaml", "company: Acme\ntimezone: America/New_York\ninterview: {start: 2026-10-19T14:00}\n")
    parsed = events(ical_js(Path("out.ics")) if make_ics(afterview_cli, "dst.yaml") else {})
    assert parsed["Follow-up email to the hiring team (Acme)"]["start"] == "2026-10-27T13:00:00.000Z"  # 09:00 EDT
    assert "Call the hiring team (once) (Acme)" not in parsed  # not before the email is sent
    parsed = events(ical_js(Path("out.ics")) if make_ics(afterview_cli, "dst.yaml", "--event",
                                                         "follow_up_sent=2026-10-27T09:00") else {})
    assert parsed["Call the hiring team (once) (Acme)"]["start"] == "2026-11-03T15:00:00.000Z"  # 10:00 EST


def test_uids_are_stable_private_and_per_application(afterview_cli: Any, acme: Path, afterview_project: Any,
                                                    acme_text: str) -> None:
    first = make_ics(afterview_cli, "acme.yaml", name="a.ics")
    again = make_ics(afterview_cli, "acme.yaml", name="b.ics")
    assert first == again  # same inputs and --now: byte-identical
    uids = re.findall(r"UID:(\S+)", first.decode())
    assert len(uids) == len(set(uids)) == 9
    assert all(re.fullmatch(r"[0-9a-f-]{36}@afterview", u) for u in uids)
    afterview_project.write("initech.yaml", acme_text.replace("Acme", "Initech"))
    other = re.findall(r"UID:(\S+)", make_ics(afterview_cli, "initech.yaml", name="c.ics").decode())
    assert set(uids) & set(other) == set()


def test_sequence_increases_only_for_changed_events(afterview_cli: Any, acme: Path, acme_text: str) -> None:
    def sequences(raw: bytes) -> dict[str, int]:
        return {str(e["SUMMARY"]): int(e["SEQUENCE"]) for e in Calendar.from_ical(raw).walk("VEVENT")}

    assert set(sequences(make_ics(afterview_cli, "acme.yaml")).values()) == {0}
    assert set(sequences(make_ics(afterview_cli, "acme.yaml")).values()) == {0}  # nothing changed
    Path("acme.yaml").write_text(acme_text.replace("2026-12-01", "2026-12-04"))
    changed = sequences(make_ics(afterview_cli, "acme.yaml"))
    assert changed["Follow-up email to Jane Doe (Acme)"] == 1
    assert changed["Connect with Jane Doe on LinkedIn (Acme)"] == 0


def test_several_facts_files_make_one_calendar(afterview_cli: Any, acme: Path, afterview_project: Any) -> None:
    afterview_project.write("initech.yaml", "company: Initech\ntimezone: America/Chicago\ninterview: {start: 2026-11-19T09:00}\n")
    summaries = list(events(ical_js(Path("out.ics")) if make_ics(afterview_cli, "acme.yaml", "initech.yaml") else {}))
    assert sum("(Acme)" in s for s in summaries) == 9  # asking and the thank-you are done; no call yet
    assert sum("(Initech)" in s for s in summaries) == 11  # no call before the follow-up email


def test_url_to_the_guide_site(afterview_cli: Any, acme: Path) -> None:
    raw = make_ics(afterview_cli, "acme.yaml", "--base-url", "https://guide.example.org/after/")
    assert "URL:https://guide.example.org/after/rules/follow-up/" in raw.decode().replace("\r\n ", "")


def shape(raw: bytes) -> list[tuple[str, tuple[tuple[str, int], ...]]]:
    """Each component's name and how many of each property it has: what an injection would change."""
    return [(c.name, tuple(sorted(Counter(c.keys()).items()))) for c in Calendar.from_ical(raw).walk()]


def test_names_cannot_inject_properties_or_components(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("plain.yaml", """
        company: Acme
        timezone: America/New_York
        interview: {start: 2026-11-17T14:00, interviewers: [{name: Pat, topics: [ok]}]}
    """)
    afterview_project.write("evil.yaml", r"""
        company: "Acme\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pwned"
        timezone: America/New_York
        interview:
          start: 2026-11-17T14:00
          interviewers: [{name: "Pat\nATTENDEE;CN=x:mailto:evil@example.com\rLOCATION:here", topics: ["a;b:c\r\nX-EVIL:1"]}]
    """)
    plain = make_ics(afterview_cli, "plain.yaml", "--tasks", name="plain.ics")
    evil = make_ics(afterview_cli, "evil.yaml", "--tasks", name="evil.ics")
    assert shape(evil) == shape(plain)
    assert b"\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pwned" not in evil
    assert len(IcsCalendarStream.calendar_from_ics(evil.decode()).events) == 11
    parsed = ical_js(Path("evil.ics"))
    assert [c["name"] for c in parsed["components"]].count("vevent") == 11
    assert not any("attendee" in c["properties"] or "x-evil" in c["properties"] for c in parsed["components"])
