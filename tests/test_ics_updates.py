"""A calendar re-written to the same file stays right: SEQUENCE, cancellations, alarms, order.

Checked with icalendar, the strict ``ical`` parser, ical.js, libical's iTIP
restriction check (Debian's gir1.2-ical-3.0 through the system Python) and
khal's import into a temporary configuration.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar
from tests.test_ics import ical_js

pytestmark = pytest.mark.usefixtures("node_modules")  # ical.js reads some of these calendars

TOOLS = Path(__file__).parent / "tools"
REJECTED = "  - {type: rejected, at: 2026-11-19T07:00}\n"
# After the rejection the engine skips what no longer applies; those events leave the plan. (The debrief
# had already lapsed, a past event that stays; the call was never in it: no follow-up email was sent.)
LEFT_THE_PLAN = {
    "Quiet period — no contact (Acme)", "Expected decision (Acme)", "Follow-up email to Jane Doe (Acme)",
    "Move on (Acme)", "Decide honestly whether you still want the job (Acme)",
    "Tell your references they may be contacted (Acme)", "Connect with Jane Doe on LinkedIn (Acme)",
    "Ask your network for a good word, or share something useful (Acme)",
}
ARRIVED = {"Reply graciously and keep the door open (Acme)", "Ask once for feedback (Acme)",
           "Review what worked and what didn't (Acme)", "Tell your references how it ended, and thank them (Acme)"}


def write(afterview_cli: Any, *args: str, now: str = "2026-11-19T08:00", name: str = "cal.ics") -> bytes:
    result = afterview_cli("plan", *args, "--now", now, "--format", "ics", "-o", name)
    assert result.code == 0, result.err
    return Path(name).read_bytes()


def by_summary(raw: bytes, kind: str = "VEVENT") -> dict[str, Any]:
    return {str(c["SUMMARY"]): c for c in Calendar.from_ical(raw).walk(kind)}


def libical(path: Path) -> dict[str, Any]:
    done = subprocess.run(["/usr/bin/python3", str(TOOLS / "libical_check.py"), str(path)],
                          capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


def test_a_rejection_cancels_the_events_that_left_the_plan(afterview_cli: Any, acme: Path, acme_text: str) -> None:
    before = write(afterview_cli, "acme.yaml")
    acme.write_text(dedent(acme_text) + REJECTED)
    after = write(afterview_cli, "acme.yaml")
    events = by_summary(after)
    cancelled = {s for s, e in events.items() if e.get("STATUS") == "CANCELLED"}
    assert cancelled == LEFT_THE_PLAN  # written once more, not dropped
    assert {s: int(events[s]["SEQUENCE"]) for s in cancelled} == dict.fromkeys(LEFT_THE_PLAN, 1)
    assert all(e.walk("VALARM") == [] for s, e in events.items() if s in cancelled)
    assert {s for s, e in events.items() if int(e["SEQUENCE"]) == 0} == set(by_summary(before)) - LEFT_THE_PLAN | ARRIVED
    old = by_summary(before)["Follow-up email to Jane Doe (Acme)"]
    assert (events["Follow-up email to Jane Doe (Acme)"]["UID"], events["Follow-up email to Jane Doe (Acme)"]["DTSTART"]
            .to_ical()) == (old["UID"], b"20261203T090000")
    strict = IcsCalendarStream.calendar_from_ics(after.decode())
    assert sorted(e.summary for e in strict.events if str(e.status) == "EventStatus.CANCELLED") == sorted(cancelled)
    js = [c for c in ical_js(Path("cal.ics"))["components"] if c["name"] == "vevent"]
    assert sorted(c["properties"]["summary"][0] for c in js if c["properties"].get("status") == ["CANCELLED"]) \
        == sorted(cancelled)
    assert Calendar.from_ical(after).to_ical() == after


def test_re_running_with_no_change_is_byte_identical(afterview_cli: Any, acme: Path, acme_text: str) -> None:
    write(afterview_cli, "acme.yaml")
    acme.write_text(dedent(acme_text) + REJECTED)
    first = write(afterview_cli, "acme.yaml")
    state = Path("cal.ics.state.json").read_bytes()
    assert write(afterview_cli, "acme.yaml") == first  # the cancellations stay, with the same SEQUENCE
    assert Path("cal.ics.state.json").read_bytes() == state
    entries = json.loads(state)["events"]
    assert len(entries) == 13 and sum(cancelled for _, _, cancelled in entries.values()) == 8
    acme.write_text(dedent(acme_text))  # the rejection was a mistake: the events come back, one SEQUENCE higher
    back = by_summary(write(afterview_cli, "acme.yaml"))
    assert {s: int(back[s]["SEQUENCE"]) for s in LEFT_THE_PLAN} == dict.fromkeys(LEFT_THE_PLAN, 2)
    assert "STATUS" not in back["Move on (Acme)"]
    assert {s for s, e in back.items() if e.get("STATUS") == "CANCELLED"} == ARRIVED


def test_without_a_state_file_the_previous_calendar_is_read(afterview_cli: Any, acme: Path, acme_text: str) -> None:
    write(afterview_cli, "acme.yaml")
    Path("cal.ics.state.json").unlink()
    acme.write_text(dedent(acme_text) + REJECTED)
    events = by_summary(write(afterview_cli, "acme.yaml"))
    assert {s for s, e in events.items() if e.get("STATUS") == "CANCELLED"} == LEFT_THE_PLAN


def test_cancellations_expire_thirty_days_after_their_date(afterview_cli: Any, acme: Path, acme_text: str) -> None:
    write(afterview_cli, "acme.yaml")
    acme.write_text(dedent(acme_text) + REJECTED)
    write(afterview_cli, "acme.yaml")
    later = by_summary(write(afterview_cli, "acme.yaml", now="2027-01-05T08:00"))
    # Move on (10 Dec) is within 30 days of 5 Jan; the follow-up (3 Dec) and the decision (1 Dec) are not.
    assert {s for s, e in later.items() if e.get("STATUS") == "CANCELLED"} == {"Move on (Acme)"}


def test_alarms_fire_at_the_real_moment(afterview_cli: Any, acme: Path) -> None:
    events = by_summary(write(afterview_cli, "acme.yaml", now="2026-11-17T08:00"))
    triggers = {s: [a["TRIGGER"].to_ical().decode() for a in e.walk("VALARM")] for s, e in events.items()}
    assert triggers == {  # done steps (asking, the thank-you) are not events; the call waits on the email
        # a window opening when the interview starts or ends rings when it has ended (15:00 EST)
        "Leave the building, clear your head, then write down how it went (Acme)": ["20261117T200000Z"],
        "Tell your references they may be contacted (Acme)": ["20261117T200000Z"],
        "Connect with Jane Doe on LinkedIn (Acme)": ["20261117T200000Z"],
        "Quiet period — no contact (Acme)": [],
        "Decide honestly whether you still want the job (Acme)": ["20261117T200000Z"],
        "Ask your network for a good word, or share something useful (Acme)": ["20261117T200000Z"],
        "Expected decision (Acme)": ["20261201T220000Z"],
        "Follow-up email to Jane Doe (Acme)": ["-PT1M"],  # timed: before its start, for Outlook
        "Move on (Acme)": ["20261210T140000Z"],  # a week after the follow-up email's due moment
    }
    raw = Path("cal.ics").read_text()
    assert "TRIGGER;VALUE=DATE-TIME:20261117T200000Z" in raw
    js = {c["properties"]["summary"][0]: c for c in ical_js(Path("cal.ics"))["components"] if c["name"] == "vevent"}
    alarm = js["Expected decision (Acme)"]["components"][0]["properties"]
    assert alarm["trigger"] == ["2026-12-01T22:00:00Z"]
    later = by_summary(write(afterview_cli, "acme.yaml", now="2026-11-19T08:00"))
    assert sorted(s for s, e in later.items() if e.walk("VALARM")) == [  # past ones are gone
        "Expected decision (Acme)", "Follow-up email to Jane Doe (Acme)", "Move on (Acme)"]


def test_completed_todos_say_when(afterview_cli: Any, acme: Path) -> None:
    todos = by_summary(write(afterview_cli, "acme.yaml", "--tasks"), "VTODO")
    thanks = todos["Thank-you note to Jane Doe (Acme)"]
    assert (thanks["STATUS"], thanks["COMPLETED"].to_ical(), thanks["PERCENT-COMPLETE"]) == (
        "COMPLETED", b"20261118T141000Z", 100)
    follow_up = todos["Follow-up email to Jane Doe (Acme)"]
    assert (follow_up["STATUS"], "COMPLETED" in follow_up, "PERCENT-COMPLETE" in follow_up) == (
        "NEEDS-ACTION", False, False)
    strict = IcsCalendarStream.calendar_from_ics(Path("cal.ics").read_text())
    done = next(t for t in strict.todos if t.summary == "Thank-you note to Jane Doe (Acme)")
    assert (done.completed.isoformat(), str(done.status)) == ("2026-11-18T14:10:00+00:00", "TodoStatus.COMPLETED")
    js = [c for c in ical_js(Path("cal.ics"))["components"] if c["name"] == "vtodo"]
    thanks_js = next(c["properties"] for c in js if c["properties"]["summary"] == ["Thank-you note to Jane Doe (Acme)"])
    assert (thanks_js["completed"], thanks_js["percent-complete"]) == (["2026-11-18T14:10:00Z"], [100])


@pytest.mark.slow
def test_order_does_not_depend_on_the_hash_seed(afterview_project: Any, acme: Path) -> None:
    afterview_project.write("tokyo.yaml", "company: Kaisha\ntimezone: Asia/Tokyo\ncountry: JP\n"
                                          "interview: {start: 2026-11-20T10:00}\n")
    outputs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "afterview", "plan", "tokyo.yaml", "acme.yaml", "--now",
                               "2026-11-19T08:00", "--format", "ics", "--tasks"],
                              capture_output=True, env=env, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    zones = [str(z["TZID"]) for z in Calendar.from_ical(outputs[0]).walk("VTIMEZONE")]
    assert zones == ["America/New_York", "Asia/Tokyo"]


def test_libical_restriction_check_passes_at_every_step(afterview_cli: Any, acme: Path, acme_text: str) -> None:
    write(afterview_cli, "acme.yaml", "--tasks")
    assert libical(Path("cal.ics")) == {"passed": True, "errors": [], "events": 9}  # done steps are to-dos only
    acme.write_text(dedent(acme_text) + REJECTED)
    write(afterview_cli, "acme.yaml", "--tasks")
    assert libical(Path("cal.ics")) == {"passed": True, "errors": [], "events": 13}  # 8 of them cancelled
    assert b"METHOD" not in Path("cal.ics").read_bytes()


KHAL_CONFIG = """
[calendars]
[[afterview]]
path = {path}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = America/New_York
default_timezone = America/New_York
"""


def khal(tmp: Path, *args: str) -> str:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp / "data"), "XDG_CONFIG_HOME": str(tmp / "config")}
    done = subprocess.run(["khal", "-c", str(tmp / "khal.conf"), *args], capture_output=True, text=True, env=env,
                          check=True)
    return done.stdout


@pytest.mark.slow
def test_cancelled_events_leave_khals_agenda(afterview_cli: Any, acme: Path, acme_text: str, tmp_path: Path) -> None:
    (tmp_path / "cal").mkdir()
    (tmp_path / "khal.conf").write_text(KHAL_CONFIG.format(path=tmp_path / "cal"))
    agenda = ("list", "--format", "{cancelled}{title}", "--day-format", "", "2026-11-15", "60d")

    def active() -> set[str]:
        return {line for line in khal(tmp_path, *agenda).splitlines() if line and not line.startswith("CANCELLED")}

    write(afterview_cli, "acme.yaml")
    khal(tmp_path, "import", "--batch", "cal.ics")
    assert active() >= LEFT_THE_PLAN
    acme.write_text(dedent(acme_text) + REJECTED)
    write(afterview_cli, "acme.yaml")
    khal(tmp_path, "import", "--batch", "cal.ics")
    assert active() & LEFT_THE_PLAN == set()
    assert active() >= ARRIVED
    assert "CANCELLED Follow-up email to Jane Doe (Acme)" in khal(tmp_path, *agenda).splitlines()


def test_cached_titles_and_drafts_follow_the_facts(afterview_cli: Any, acme: Path, acme_text: str) -> None:
    assert "Connect with Jane Doe on LinkedIn (Acme)" in by_summary(write(afterview_cli, "acme.yaml"))
    acme.write_text(dedent(acme_text).replace("Jane Doe", "Ana Lima"))
    events = by_summary(write(afterview_cli, "acme.yaml"))  # the texts' cache is warm: it must not answer
    invitation = events["Connect with Ana Lima on LinkedIn (Acme)"]
    text = str(invitation["DESCRIPTION"])
    assert "Ana" in text and "Jane" not in text and int(invitation["SEQUENCE"]) == 1  # the draft was rendered again
    assert "Connect with Jane Doe on LinkedIn (Acme)" not in events
