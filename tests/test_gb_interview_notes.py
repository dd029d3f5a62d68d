"""The UK's request for interview notes has a window: a reminder for four weeks after a rejection, then it
lapses (rulesets/country-gb.yaml), instead of asking for ever."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

# A UK interview on Tue 17 Nov 2026, rejected on Fri 20 Nov at 10:00 (London is on GMT, +00:00, all winter).
ACME_GB = """\
company: Acme
role: Data Engineer
country: GB
timezone: Europe/London
interview: {start: 2026-11-17T14:00}
events:
  - {type: rejected, at: 2026-11-20T10:00}
"""
TITLE = "If you want to know why, you may ask for your interview notes"


def notes_step(afterview_cli: Any, now: str) -> tuple[str, str, str]:
    """The step's (status, due, closes) in ``afterview plan --format json`` at ``now``."""
    result = afterview_cli("plan", "journal/acme.yaml", "--now", now, "--format", "json")
    assert result.code == 0, result.err
    found = {a["rule"]: a for a in json.loads(result.out)["plans"][0]["actions"]}
    step = found["request-interview-notes"]
    return step["status"], step["due"], step["closes"]


@pytest.mark.parametrize(("now", "status"), [
    ("2026-11-23T09:00", "open"),  # before it is due, a week after the rejection
    ("2026-12-18T10:00", "overdue"),  # the window's last moment: four weeks after the rejection
    ("2026-12-18T10:01", "lapsed"),  # past it: no longer overdue
    ("2027-03-01T09:00", "lapsed"),
])
def test_asking_for_interview_notes_lapses_four_weeks_after_a_rejection(
        afterview_cli: Any, afterview_project: Any, now: str, status: str) -> None:
    afterview_project.write("journal/acme.yaml", ACME_GB)
    assert notes_step(afterview_cli, now) == (status, "2026-11-27T10:00:00+00:00", "2026-12-18T10:00:00+00:00")


def test_today_stops_asking_once_the_window_closes(afterview_cli: Any, afterview_project: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/London")
    afterview_project.write("journal/acme.yaml", ACME_GB)
    journal = str(Path("journal").resolve())
    # The other rejection steps lapsed after two and three weeks; this one is the last still asking.
    inside = afterview_cli("today", "--journal", journal, "--now", "2026-12-18T09:00")
    assert (inside.code, inside.out) == (0, f"Overdue\n  Fri 27 Nov 10:00 GMT  acme  {TITLE} — overdue\n")
    after = afterview_cli("today", "--journal", journal, "--now", "2026-12-18T10:01")
    assert (after.code, after.out) == (0, "Nothing due today across 1 open application.\n")
