"""Calendar UIDs name an application by its facts file's stem, and by nothing else: facts given as flags, on
standard input or as a mapping in code have no name (``Facts.origin``). The UIDs are pinned: users have
imported them, so for the inputs that worked before they must not change by a byte."""

from __future__ import annotations

import io
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from afterview import build_facts, load_facts, load_ruleset, plan
from afterview.facts import FactsOrigin
from afterview.plugins.ics import uid
from afterview.rules import Document

FACTS = """\
company: Acme
role: Data Engineer
country: US
timezone: America/New_York
interview: {start: 2026-11-17T14:00}
"""
FLAGS = ("--company", "Acme", "--role", "Data Engineer", "--country", "US", "--timezone", "America/New_York",
         "--interview", "2026-11-17T14:00")

# The follow-up email's UID: uuid5 over company, role, interview start, the name (a file's stem), rule and
# component. These are the values the code gave before Facts.origin, for the inputs it named correctly.
NAMELESS = "09ba5b1e-226c-54f7-ba23-9d459bb39332@afterview"  # flags, standard input, a mapping
ACME = "a740fc41-d950-538d-8aec-fa053aa891f4@afterview"  # acme.yaml
FACTS_STEM = "e41e9e52-476a-5df5-a435-ac4e1c72fca3@afterview"  # any file whose stem is "facts"
SAMPLE = "135e1b42-854d-5e56-b9ba-0923068d7cf4@afterview"  # the guide's sample interview, labelled "sample facts"


def follow_up_uid(afterview_cli: Any, *args: str) -> str:
    """The follow-up email's UID in ``afterview plan ARGS --format ics``."""
    result = afterview_cli("plan", *args, "--now", "2026-11-19T08:00", "--format", "ics", "-o", "-")
    assert result.code == 0, result.err
    found = {str(e["SUMMARY"]): str(e["UID"]) for e in Calendar.from_ical(result.out).walk("VEVENT")}
    return found["Follow-up email to the hiring team (Acme)"]


@pytest.mark.parametrize("name", ["facts", "facts.yaml", "apps/facts.yaml"])
def test_a_facts_file_named_facts_is_named_by_its_stem(afterview_cli: Any, afterview_project: Any, name: str) -> None:
    afterview_project.write(name, FACTS)
    assert follow_up_uid(afterview_cli, name) == FACTS_STEM  # was NAMELESS for 'facts': a sentinel string


def test_files_keep_their_uids(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("acme.yaml", FACTS)
    assert follow_up_uid(afterview_cli, "acme.yaml") == ACME
    assert follow_up_uid(afterview_cli, "acme.yaml", "--decision-in", "2w") == ACME  # flags over a file: its name


def test_facts_from_flags_or_stdin_have_no_name(afterview_cli: Any, afterview_project: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    assert follow_up_uid(afterview_cli, *FLAGS) == NAMELESS
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(FACTS.encode())))
    assert follow_up_uid(afterview_cli, "-") == NAMELESS


def test_two_files_with_one_stem_are_one_application(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("facts", FACTS)
    afterview_project.write("facts.yaml", FACTS)
    result = afterview_cli("plan", "facts", "facts.yaml", "--now", "2026-11-19T08:00", "--format", "ics")
    assert (result.code, result.err.splitlines()[0]) == (1, "facts.yaml: the same application as facts: a calendar "
                                                            "would hold its events twice, and calendar clients keep "
                                                            "only one of each")


def test_the_loaders_say_where_facts_came_from(afterview_project: Any) -> None:
    data = {"company": "Acme", "role": "Data Engineer", "country": "US", "timezone": "America/New_York",
            "interview": {"start": "2026-11-17T14:00"}}
    Path("facts").write_text(FACTS, encoding="utf-8")
    ruleset, now = load_ruleset("default"), datetime.fromisoformat("2026-11-19T08:00-05:00")
    cases = [(load_facts(data), FactsOrigin.MAPPING, NAMELESS), (load_facts("facts"), FactsOrigin.FILE, FACTS_STEM),
             (build_facts(Document("sample facts", data)), FactsOrigin.LABEL, SAMPLE)]
    for facts, origin, expected in cases:
        assert (facts.origin, uid(plan(ruleset, facts, now), "follow-up")) == (origin, expected)
