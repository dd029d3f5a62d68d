"""Closed applications (a terminal lifecycle stage: rejected, withdrawn, offer accepted or declined) are not open.

``today``, ``agenda`` and ``status`` count them apart, as ``plan`` says their stage, while their last steps
(reply graciously, tell your references) are still listed as they fall due.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

ENTRIES = {
    "wayne-dev": "company: Wayne\nrole: Dev\ntimezone: America/New_York\ninterview: {start: 2027-02-15 14:00}\n",
    "initech-dev": "company: Initech\nrole: Dev\ntimezone: America/New_York\ninterview: {start: 2026-11-17 14:00}\n"
                   "events:\n  - {type: rejected, at: 2026-11-23T10:00}\n",
    "umbrella-dev": "company: Umbrella\nrole: Dev\ntimezone: America/New_York\n"
                    "interview: {start: 2026-11-17 14:00}\nevents:\n  - {type: offer_received, at: 2026-11-20T10:00}\n"
                    "  - {type: offer_accepted, at: 2026-11-23T12:00}\n",
}


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One application waiting for its interview, one rejected, one whose offer was accepted."""
    monkeypatch.setenv("TZ", "America/New_York")
    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(tmp_path))
    for slug, text in ENTRIES.items():
        (tmp_path / f"{slug}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_closed_applications_last_steps_are_listed_but_it_is_not_counted_open(journal: Path,
                                                                                afterview_cli: Any) -> None:
    today = afterview_cli("today", "--now", "2026-11-24T09:00")
    assert (today.code, today.err) == (0, "")
    assert today.out == textwrap.dedent("""\
        Today, Tue 24 Nov
          10:00 EST  initech-dev  Reply graciously and keep the door open — open
              draft: afterview draft initech-dev reply-to-rejection
        """)
    status = afterview_cli("status", "--now", "2026-11-24T09:00")
    assert (status.code, status.err) == (0, "")
    assert status.out.splitlines() == [
        "application   stage            interview   next action                                                           "
        "decision expected",
        "wayne-dev     interview ahead  in 83 days  Mon 15 Feb 2027: Ask when they expect to decide, and whom to contact  "
        "not stated",
        "initech-dev   rejected         7 days ago  Tue 24 Nov: Reply graciously and keep the door open                   "
        "not stated",
        "umbrella-dev  offer accepted   7 days ago  Wed 25 Nov: Tell your references how it ended, and thank them         "
        "not stated",
        "",
        "1 open application, 2 closed; 'afterview archive APP' files a closed one away.",
    ]


def test_nothing_due_counts_open_and_closed_apart(journal: Path, afterview_cli: Any) -> None:
    today = afterview_cli("today", "--now", "2027-02-01T09:00")
    assert (today.code, today.out) == (0, "Nothing due today: 1 open application, 2 closed.\n")
    agenda = afterview_cli("agenda", "--now", "2027-02-01T09:00")
    assert (agenda.code, agenda.out) == (0, "Nothing due in the next 7 days: 1 open application, 2 closed.\n")
    assert afterview_cli("archive", "wayne-dev").code == 0
    alone = afterview_cli("today", "--now", "2027-02-01T09:00")
    assert (alone.code, alone.out) == (0, "Nothing due today: no open applications, 2 closed."
                                          " Add one with 'afterview add'.\n")
    status = afterview_cli("status", "--now", "2027-02-01T09:00").out.splitlines()
    assert status[-1] == "No open applications, 2 closed; 'afterview archive APP' files a closed one away."


def test_closed_is_the_plans_terminal_stage(journal: Path, afterview_cli: Any) -> None:
    """Whatever a ruleset names its stages: the board's stage and its open/closed split follow ``plan``'s."""
    now = "2026-11-24T09:00"
    stages = {}
    for slug in ENTRIES:
        out = afterview_cli("plan", str(journal / f"{slug}.yaml"), "--format", "json", "--now", now).out
        stages[slug] = json.loads(out)["plans"][0]["stage"]
    assert {slug: (s["title"], s["terminal"]) for slug, s in stages.items()} == {
        "wayne-dev": ("Waiting to hear", False), "initech-dev": ("Rejected", True),
        "umbrella-dev": ("Offer accepted", True)}
    rows = [line.split()[0] for line in afterview_cli("status", "--now", now).out.splitlines()[1:4]]
    assert rows == sorted(stages, key=lambda slug: stages[slug]["terminal"])  # open ones first, closed last
