"""Commands for people who write rulesets: rules, explain without facts, new overlay, diff."""

from __future__ import annotations

import textwrap
from typing import Any

SMALL = """
    id: small
    title: Small
    rules:
      - id: note
        title: Write a note
        kind: task
        timing: {due: {anchor: interview.end, offset: 1bd}, at: "09:00"}
      - id: wait
        title: Wait
        kind: quiet
        timing: {opens: {anchor: interview.end}, closes: {anchor: rule.note.due, offset: 2d}}
      - id: breathe
        title: Breathe
        kind: guidance
"""
SLOWER = """
    id: slower
    title: Slower
    extends: [small.yaml]
    rules:
      - id: note
        title: Write a longer note
        timing: {due: {anchor: interview.end, offset: 3bd}}
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def test_rules_lists_ids_kinds_titles_and_timing_in_words(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("small.yaml", SMALL)
    result = afterview_cli("rules", "--only", "--ruleset", "small.yaml")
    assert (result.code, result.out) == (0, dedent("""
        ruleset small: small

        note     task       Write a note
                 due:         1 business day after the interview ends
                 time of day: 09:00

        wait     quiet      Wait
                 starts:      when the interview ends
                 ends:        2 days after note is due

        breathe  guidance   Breathe
                 when:        no date: general advice
    """))


def test_rules_names_the_automatic_layers(afterview_cli: Any) -> None:
    result = afterview_cli("rules", "--industry", "fintech", "--country", "DE")
    assert result.out.splitlines()[:2] == ["ruleset default+country-de: default, country-de",
                                           "Note: no overlay for industry 'fintech'"]


def test_explain_without_facts_uses_the_sample_interview(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("small.yaml", SMALL)
    result = afterview_cli("explain", "note", "--only", "--ruleset", "small.yaml")
    assert result.code == 0, result.err
    assert result.out.splitlines()[:13] == [
        "note: Write a note (task)",
        "  defined at small.yaml:4",
        "  layers: small (of small)",
        "",
        "Timing:",
        "  Due: 1 business day after the interview ends",
        "  Time of day: 09:00",
        "",
        "With the sample interview (no decision date stated): Tue 17 Nov 2026 14:00 (America/New_York),"
        " planned Wed 18 Nov 2026 09:00",
        "  status: open",
        "  applies to every interview",
        "  opens: when the due date's anchor is reached (Tue 17 Nov 2026 15:00)",
        "  due: interview end (Tue 17 Nov 2026 15:00) + 1 business day in US → Wed 18 Nov 2026 15:00;"
        " at 09:00 → Wed 18 Nov 2026 09:00",
    ]
    missing = afterview_cli("explain", "nte", "--only", "--ruleset", "small.yaml")
    assert missing.err == ("RULE_ID: no rule 'nte' in ruleset small (did you mean 'note'?)\n"
                           "  hint: 'afterview rules' lists the rule ids\n")


def test_new_overlay_writes_a_passing_test_and_never_overwrites(afterview_cli: Any, afterview_project: Any) -> None:
    root = afterview_project.root
    result = afterview_cli("new", "overlay", "industry-nonprofit", "--industry", "nonprofit", "--dir", str(root))
    assert result.code == 0, result.err
    overlay = (root / "industry-nonprofit.yaml").read_text()
    assert "applies_to: {industry: nonprofit}\n" in overlay
    assert overlay.startswith("# yaml-language-server: $schema=https://afterview.dev/schemas/ruleset.schema.json\n")
    tested = afterview_cli("test", str(root / "industry-nonprofit.test.yaml"))
    assert (tested.code, tested.out.splitlines()[-1]) == (0, "2 checks, 0 failed in 1 file")
    assert afterview_cli("validate", str(root)).code == 0
    (root / "industry-nonprofit.test.yaml").write_text("mine\n")
    again = afterview_cli("new", "overlay", "industry-nonprofit", "--industry", "nonprofit", "--dir", str(root))
    assert (again.code, again.err) == (1, f"{root}/industry-nonprofit.yaml: the file already exists; not overwriting"
                                          " it\n  hint: choose another NAME, or --dir for another folder\n")
    assert (root / "industry-nonprofit.test.yaml").read_text() == "mine\n"
    bad = afterview_cli("new", "overlay", "Non_Profit", "--industry", "nonprofit")
    assert bad.code == 2


def test_new_country_overlay_passes_its_test(afterview_cli: Any, afterview_project: Any) -> None:
    root = afterview_project.root
    assert afterview_cli("new", "overlay", "country-fr", "--country", "fr", "--dir", str(root),
                         "--base-url", "https://careers.example.edu/guide/").code == 0
    assert (root / "country-fr.yaml").read_text().startswith(
        "# yaml-language-server: $schema=https://careers.example.edu/guide/schemas/ruleset.schema.json\n")
    assert "calendar:\n  country: FR" in (root / "country-fr.yaml").read_text()
    assert "timezone: Europe/Paris" in (root / "country-fr.test.yaml").read_text()
    assert afterview_cli("test", str(root / "country-fr.test.yaml")).code == 0


def test_diff_shows_fields_and_dates(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("small.yaml", SMALL)
    afterview_project.write("slower.yaml", SLOWER)
    result = afterview_cli("diff", "--only", "--ruleset", "small.yaml", "--ruleset", "slower.yaml")
    assert (result.code, result.out) == (0, dedent("""
        left:  small
        right: slower

        Fields:
          note.title
            - Write a note
            + Write a longer note  (slower.yaml:6)
          note.timing.due
            - 1 business day after the interview ends
            + 3 business days after the interview ends  (slower.yaml:7)

        Dates for the sample interview (no decision date stated):
          note
            - opens Tue 17 Nov 2026 15:00, due Wed 18 Nov 2026 09:00 (open)
            + opens Tue 17 Nov 2026 15:00, due Fri 20 Nov 2026 09:00 (open)
          wait
            - quiet until Fri 20 Nov 2026 09:00 (open)
            + quiet until Sun 22 Nov 2026 09:00 (open)

        Dates for the sample interview (decision promised by Tue 1 Dec):
          note
            - opens Tue 17 Nov 2026 15:00, due Wed 18 Nov 2026 09:00 (open)
            + opens Tue 17 Nov 2026 15:00, due Fri 20 Nov 2026 09:00 (open)
          wait
            - quiet until Fri 20 Nov 2026 09:00 (open)
            + quiet until Sun 22 Nov 2026 09:00 (open)
    """))


def test_diff_with_facts_files(afterview_cli: Any, afterview_project: Any, acme: Any) -> None:
    afterview_project.write("small.yaml", SMALL)
    afterview_project.write("slower.yaml", SLOWER)
    result = afterview_cli("diff", "--only", "--ruleset", "small.yaml", "--ruleset", "slower.yaml", "acme.yaml",
                           "--now", "2026-11-18T08:00")
    assert result.out.split("\n\n")[-1] == dedent("""
        Dates for acme.yaml:
          note
            - opens Tue 17 Nov 2026 15:00, due Wed 18 Nov 2026 09:00 (open)
            + opens Tue 17 Nov 2026 15:00, due Fri 20 Nov 2026 09:00 (open)
          wait
            - quiet until Fri 20 Nov 2026 09:00 (open)
            + quiet until Sun 22 Nov 2026 09:00 (open)
    """)


def test_a_date_anchor_reads_as_a_date_in_words() -> None:
    """'on the decision date they gave', never 'when the decision date they gave'."""
    from afterview.rules.timing import AnchorPoint, FractionPoint
    from afterview.rules.vocabulary import Anchor
    from afterview.text.timing_in_words import point_words

    decision, end = Anchor("decision.by"), Anchor("interview.end")
    assert point_words(AnchorPoint(decision)) == "on the decision date they gave"
    assert point_words(AnchorPoint(end)) == "when the interview ends"
    assert point_words(FractionPoint(0.7, end, decision)) == (
        "70% of the way from when the interview ends to the decision date they gave")


def test_rules_says_the_expected_decision_falls_on_the_date_they_gave(afterview_cli: Any) -> None:
    lines = afterview_cli("rules").out.splitlines()
    due = lines[lines.index(next(line for line in lines if line.startswith("expected-decision "))) + 1]
    assert due.strip() == "due:         on the decision date they gave; failing that, 24 days after the interview ends"
