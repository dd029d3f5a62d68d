"""Overlays apply themselves by what they declare (applies_to), found on a search path."""

from __future__ import annotations

from typing import Any

import pytest

NONPROFIT = """
    id: industry-nonprofit
    title: Nonprofits
    extends: [default]
    applies_to: {industry: [nonprofit, charity]}
    rules:
      - id: follow-up
        timing:
          opens:
            first_of:
              - {anchor: decision.by, offset: 1bd}
              - {anchor: interview.end, offset: 8bd}
          due:
            first_of:
              - {anchor: decision.by, offset: 2bd}
              - {anchor: interview.end, offset: 10bd}
          closes:
            first_of:
              - {anchor: decision.by, offset: 5bd}
              - {anchor: interview.end, offset: 12bd}
"""
FLAGS = ("--interview", "2026-11-17T14:00", "--timezone", "America/New_York", "--now", "2026-11-18T08:00-05:00")


def header(afterview_cli: Any, *args: str) -> list[str]:
    result = afterview_cli("plan", *FLAGS, *args)
    assert result.code == 0, result.err
    return [line for line in result.out.splitlines()[1:4] if line and not line[0].isspace()][:2]


def follow_up_due(afterview_cli: Any, *args: str) -> str:
    result = afterview_cli("explain", "follow-up", *FLAGS, *args)
    assert result.code == 0, result.err
    return next(line.strip() for line in result.out.splitlines() if line.strip().startswith("due:"))


@pytest.fixture
def coach_folder(afterview_project: Any) -> Any:
    afterview_project.write("coach/industry-nonprofit.yaml", NONPROFIT)
    afterview_project.write("coach/notes.yaml", "company: Acme\ninterview: {start: 2026-11-17T14:00}\n")
    afterview_project.write("coach/plain.yaml", "id: plain\ntitle: Chosen by name only\nextends: [default]\n")
    return afterview_project.root / "coach"


def test_an_overlay_on_the_ruleset_path_applies_to_its_industry(afterview_cli: Any, coach_folder: Any) -> None:
    lines = header(afterview_cli, "--industry", "charity", "--country", "US", "--ruleset-path", str(coach_folder))
    assert lines[0].endswith("; ruleset default+country-us+industry-nonprofit")
    assert follow_up_due(afterview_cli, "--industry", "nonprofit", "--ruleset-path", str(coach_folder)) == (
        "due: interview end (Tue 17 Nov 2026 15:00) + 10 business days in US, skipping Thu 26 Nov 2026 "
        "(Thanksgiving Day) and Fri 27 Nov 2026 (Friday after Thanksgiving, offices thin) → Thu 3 Dec 2026 15:00 "
        "(first that applies; no decision date was stated); at 09:00 → Thu 3 Dec 2026 09:00")  # the zone implies the US


def test_afterview_rulesets_and_the_journal_folder_are_searched(afterview_cli: Any, coach_folder: Any,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_RULESETS", f"/nowhere{__import__('os').pathsep}{coach_folder}")
    assert header(afterview_cli, "--industry", "nonprofit")[0].endswith(
        "; ruleset default+country-us+industry-nonprofit")  # America/New_York implies the US
    monkeypatch.delenv("AFTERVIEW_RULESETS")
    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(coach_folder / "journal.yaml"))
    assert header(afterview_cli, "--industry", "nonprofit")[0].endswith(
        "; ruleset default+country-us+industry-nonprofit")  # America/New_York implies the US


def test_ruleset_adds_to_the_automatic_layers_and_only_replaces_them(afterview_cli: Any, coach_folder: Any) -> None:
    overlay = str(coach_folder / "industry-nonprofit.yaml")
    added = header(afterview_cli, "--country", "US", "--industry", "tech", "--ruleset", overlay)
    assert added[0].endswith("; ruleset default+country-us+industry-tech+industry-nonprofit")
    only = header(afterview_cli, "--country", "US", "--industry", "tech", "--only", "--ruleset", overlay)
    assert only[0].endswith("; ruleset industry-nonprofit")


def test_the_header_says_when_nothing_matches(afterview_cli: Any) -> None:
    assert header(afterview_cli, "--industry", "fintech", "--country", "FR") == [
        "Interview Tue 17 Nov 2026 14:00 (America/New_York); planned Wed 18 Nov 2026 08:00; ruleset default",
        "Note: no overlay for country 'FR'",
    ]
    result = afterview_cli("plan", *FLAGS, "--industry", "fintech", "--country", "FR")
    assert "Note: no overlay for industry 'fintech'" in result.out.splitlines()


def test_builtin_overlays_match_by_applies_to_and_aliases(afterview_cli: Any) -> None:
    assert header(afterview_cli, "--industry", "Public Sector", "--country", "de-BY")[0].endswith(
        "; ruleset default+country-de+industry-government")


def test_only_needs_a_ruleset(afterview_cli: Any) -> None:
    result = afterview_cli("plan", *FLAGS, "--only")
    assert (result.code, result.err) == (2, "--only: --only needs at least one --ruleset\n  hint: e.g. --only --ruleset default\n")


def test_a_broken_overlay_on_the_path_is_a_located_error(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("mine/bad.yaml", "id: bad\ntitle: Bad\napplies_to: {industry: Non Profit}\n")
    result = afterview_cli("plan", *FLAGS, "--ruleset-path", str(afterview_project.root / "mine"))
    assert result.code == 1
    assert result.err.endswith("bad.yaml:3:24: applies_to.industry: the text 'Non Profit' is not valid here: The industry"
                               " (or industries) this overlay is for, as people write it in facts: lowercase words"
                               " joined by hyphens.\n  hint: for example: nonprofit\n")


def test_markdown_names_the_layers_and_what_had_no_overlay(afterview_cli: Any) -> None:
    out = afterview_cli("plan", *FLAGS, "--industry", "fintech", "--country", "DE", "--format", "markdown").out
    assert out.splitlines()[2:6] == [
        "Interview Tue 17 Nov 2026 14:00 (America/New_York); planned Wed 18 Nov 2026 08:00; ruleset default+country-de.",
        "",
        "> Note: no overlay for industry 'fintech'.",
        "",
    ]


def test_rulesets_says_what_each_overlay_applies_to(afterview_cli: Any) -> None:
    lines = {line.split()[0]: line for line in afterview_cli("rulesets").out.splitlines()}
    assert lines["country-de"].startswith("country-de           Germany (")
    assert lines["country-de"].endswith(" rules); applies to DE")
    assert lines["industry-government"].endswith(" rules); applies to government")
    assert lines["early-follow-up"].endswith(" rules)")  # chosen by name only


def test_json_plans_list_layers_and_notices(afterview_cli: Any) -> None:
    import json

    from jsonschema import Draft7Validator

    out = afterview_cli("plan", *FLAGS, "--industry", "fintech", "--country", "US", "--format", "json").out
    envelope = json.loads(out)
    data = envelope["plans"][0]
    assert (data["layers"], data["notices"]) == (["default", "country-us"], ["no overlay for industry 'fintech'"])
    schema = json.loads(afterview_cli("schema", "plan").out)
    assert list(Draft7Validator(schema).iter_errors(envelope)) == []


def test_diff_of_facts_files_uses_each_files_own_overlays(afterview_cli: Any, coach_folder: Any,
                                                          afterview_project: Any) -> None:
    afterview_project.write("hope.yaml", "company: Hope\nindustry: charity\ntimezone: America/New_York\n"
                                         "interview: {start: 2026-11-17T14:00}\n")
    result = afterview_cli("diff", "--ruleset-path", str(coach_folder), "hope.yaml", "--now", "2026-11-18T09:00")
    lines = result.out.splitlines()
    assert lines[:2] == ["left:  default", "right: default+industry-nonprofit"]
    follow_up = lines.index("  follow-up", lines.index("Dates for hope.yaml:"))
    assert lines[follow_up:follow_up + 3] == [
        "  follow-up",
        "    - opens Tue 24 Nov 2026 15:00, due Wed 25 Nov 2026 09:00 (upcoming)",
        "    + opens Mon 30 Nov 2026 15:00, due Wed 2 Dec 2026 09:00 (upcoming)",
    ]


def test_an_industry_the_users_own_ruleset_covers_gets_no_contradicting_note(afterview_cli: Any,
                                                                             coach_folder: Any) -> None:
    mine = str(coach_folder / "industry-nonprofit.yaml")
    result = afterview_cli("diff", "--ruleset", mine, "--industry", "nonprofit")
    assert result.out.splitlines()[:4] == [  # the note is true of the left (the automatic layers) alone
        "left:  default", "right: default+industry-nonprofit", "Note (left): no overlay for industry 'nonprofit'", ""]
    assert header(afterview_cli, "--ruleset", mine, "--industry", "charity") == [
        "Interview Tue 17 Nov 2026 14:00 (America/New_York); planned Wed 18 Nov 2026 08:00; ruleset "
        "default+country-us+industry-nonprofit", "Note: country US: from the timezone America/New_York"]
    rules = afterview_cli("rules", "--ruleset", mine, "--industry", "nonprofit").out.splitlines()
    assert rules[:2] == ["ruleset default+industry-nonprofit: default, industry-nonprofit", ""]


def test_a_ruleset_for_another_industry_keeps_the_note(afterview_cli: Any, coach_folder: Any) -> None:
    mine = str(coach_folder / "industry-nonprofit.yaml")
    rules = afterview_cli("rules", "--ruleset", mine, "--ruleset", "default", "--industry", "fintech")
    assert rules.out.splitlines()[:2] == ["ruleset default+industry-nonprofit: default, industry-nonprofit",
                                          "Note: no overlay for industry 'fintech'"]
    both = afterview_cli("diff", "--ruleset", "default", "--ruleset", mine, "--industry", "fintech")
    assert both.out.splitlines()[:3] == ["left:  default", "right: default+industry-nonprofit",
                                         "Note: no overlay for industry 'fintech'"]
