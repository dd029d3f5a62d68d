"""``afterview validate`` finds every problem in one pass, in every kind of file."""

from __future__ import annotations

import json
import textwrap
from importlib.resources import files
from pathlib import Path
from typing import Any

TWELVE = """
    id: twelve
    title: Twelve mistakes
    extends: [default, defualt]
    titel: oops
    sources:
      - id: no-title
        kind: advice
    rules:
      - id: quick-note
        title: Quick note
        kind: taks
      - id: nudge
        title: Nudge
        kind: task
        timing: {due: {anchor: interview.end, offset: 5 bdays}}
      - id: check-portal
        title: 7
        kind: task
        timing: {due: {anchor: interview.end, offset: 2d}}
      - id: say-thanks
        title: Say thanks
        kind: task
        timing: {due: {anchor: interview.end, offset: 1d}}
        templates:
          - id: email
            text: "Thanks {{ company"
      - id: tech-only-typo
        title: Tech, misspelt operator
        kind: task
        when: {field: industry, eqq: tech}
        timing: {due: {anchor: interview.end, offset: 2bd}}
      - id: after-thanks
        title: After thanks
        kind: task
        timing: {due: {anchor: event.thank_you_snt, offset: 1d}}
      - id: tech-only
        title: Tech only
        kind: task
        when: {field: industy, eq: tech}
        timing: {due: {anchor: interview.end, offset: 3d}}
      - id: cite
        title: Cite
        kind: task
        sources: [nowhere]
        timing: {due: {anchor: interview.end, offset: 4d}}
      - id: hush
        title: Hush
        kind: quiet
        timing: {opens: {anchor: interview.end}}
"""


def test_twelve_kinds_of_error_in_one_run(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("twelve.yaml", TWELVE)
    result = afterview_cli("validate", "--format", "json", "twelve.yaml")
    assert result.code == 1
    found = [(p["line"], p["column"], p["code"]) for p in json.loads(result.out)]
    assert found == [
        (3, 20, "extends.unknown"),
        (4, 1, "schema.unknown-key"),
        (6, 5, "schema.missing-key"),
        (11, 11, "schema.enum"),
        (15, 51, "schema.pattern"),
        (17, 12, "schema.type"),
        (26, None, "template.syntax"),
        (30, 34, "rule.unknown-operator"),
        (35, 28, "rule.unknown-event"),
        (39, 19, "rule.unknown-field"),
        (44, 15, "rule.unknown-source"),
        (49, 13, "rule.timing"),
    ]
    first = json.loads(result.out)[0]
    assert first == {
        "path": "twelve.yaml", "line": 3, "column": 20, "code": "extends.unknown",
        "message": "unknown ruleset 'defualt' (did you mean 'default'?)",
        "hint": first["hint"],
    }
    assert first["hint"].startswith("built-in rulesets: country-de, ")


def test_text_output_lists_the_same_twelve(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("twelve.yaml", TWELVE)
    result = afterview_cli("validate", "twelve.yaml")
    assert result.code == 1
    assert result.err.splitlines()[-1] == "12 errors in 1 file"
    assert "twelve.yaml:39:19: rule 'tech-only': unknown field 'industy' (did you mean 'industry'?)" in result.err


def test_an_unknown_rule_anchor_is_reported_beside_schema_errors(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("anchor.yaml", """
        id: anchor
        title: Anchor
        extends: [default]
        rules:
          - id: broken
            title: Broken
            kind: taks
          - id: after-follow-up
            title: After the follow-up
            kind: task
            timing: {due: {anchor: rule.folow-up.due, offset: 2bd}}
          - id: after-broken
            title: After the broken one
            kind: task
            timing: {due: {anchor: rule.broken.due}}
    """)
    result = afterview_cli("validate", "anchor.yaml")
    assert result.err == (
        "anchor.yaml:7:11: rules[0].kind: 'taks' is not one of task, milestone, quiet, guidance (did you mean 'task'?)\n"
        "  hint: for example: task\n"
        "anchor.yaml:11:19: rule 'after-follow-up': timing.due refers to unknown rule 'folow-up' "
        "(did you mean 'follow-up'?)\n"
        "  hint: anchor on a rule of this ruleset, rule.ID.opens|due|closes ('afterview rules' lists the ids)\n"
        "2 errors in 1 file\n")


def test_builtin_folder_validates_each_file_by_kind(afterview_cli: Any) -> None:
    folder = Path(str(files("afterview.rulesets")))
    result = afterview_cli("validate", str(folder))
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert f"{folder}/default.yaml: ok (ruleset)" in lines
    assert f"{folder}/industry-tech.yaml: ok (overlay)" in lines
    assert f"{folder}/industry-tech.test.yaml: ok (test)" in lines
    assert lines[-1] == "28 files checked, no errors"
    rulesets_only = afterview_cli("validate", *map(str, sorted(folder.glob("*.yaml"))))
    assert rulesets_only.code == 0, rulesets_only.err


def test_facts_and_test_files_are_checked_as_what_they_are(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("acme.yaml", "company: Acme\ninterview: {start: 2026-11-17T14:00}\ntimezone: Mars/Base\n")
    afterview_project.write("mine.test.yaml", """
        rulesets: [default]
        facts: {interview: {start: 2026-11-17T14:00}}
        cases:
          - name: typo
            now: 2026-11-18T09:00
            expect:
              - {rule: thank-you-nte, status: open}
    """)
    result = afterview_cli("validate", "--format", "json", ".")
    problems = json.loads(result.out)
    assert [(p["path"], p["line"], p["code"]) for p in problems] == [
        ("acme.yaml", 3, "facts.invalid"),
        ("mine.test.yaml", 7, "test.unknown-rule"),
    ]
    assert problems[1]["message"] == "unknown rule 'thank-you-nte' (did you mean 'thank-you-note'?)"


def test_every_code_is_documented() -> None:
    from afterview.rules.problem_codes import codes_markdown

    doc = (Path(__file__).parents[1] / "docs" / "errors.md").read_text(encoding="utf-8")
    assert codes_markdown() in doc


def test_wrong_shapes_everywhere_are_reported_and_nothing_crashes(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("a.yaml", "id: 3\nrules: {a: 1}\nsources: x\nextends: 5\n")
    afterview_project.write("b.yaml", 'id: x\ntitle: X\nrules: [1, "s", {id: Q}, {title: t}]\nsources: [{id: s}, 3]\n'
                                      "remove: [7]\n")
    afterview_project.write("c.yaml", "- 1\n- 2\n")
    afterview_project.write("h.yaml", "")
    result = afterview_cli("validate", ".")
    lines = result.err.splitlines(keepends=True)
    hints = [line for line in lines if line.startswith("  hint: ")]
    assert len(hints) == 15 and "  hint: add it, for example: title: Nonprofits\n" in hints  # one per problem
    assert "".join(line for line in lines if line not in hints) == textwrap.dedent("""\
        a.yaml:1:1: missing required key 'title'
        a.yaml:1:5: id: expected text, got the number 3
        a.yaml:2:8: rules: expected a list, got a mapping
        a.yaml:3:10: sources: expected a list, got the text 'x'
        a.yaml:4:10: extends: expected a list, got the number 5
        b.yaml:3:9: rules[0]: expected a mapping, got the number 1
        b.yaml:3:12: rules[1]: expected a mapping, got the text 's'
        b.yaml:3:22: rules[2].id: 'Q' is not a valid id: use lowercase letters, digits and single hyphens, e.g. follow-up
        b.yaml:3:26: rules[3]: missing required key 'id'
        b.yaml:4:11: sources[0]: missing required key 'title'
        b.yaml:4:11: sources[0]: missing required key 'kind'
        b.yaml:4:20: sources[1]: expected a mapping, got the number 3
        b.yaml:5:10: remove[0]: expected text, got the number 7
        c.yaml:1:1: expected a mapping of keys to values, not list
        h.yaml:1:1: expected a mapping of keys to values, not an empty file
        15 errors in 4 files
    """)


def test_facts_and_tests_keep_checking_past_their_schema(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("e.yaml", "interview: {start: nope}\ncompany: 3\n")
    afterview_project.write("f.test.yaml", "rulesets: [defualt]\ncases: []\n")
    result = afterview_cli("validate", "--format", "json", "e.yaml", "f.test.yaml")
    assert [(p["path"], p["line"], p["column"], p["code"], p["message"]) for p in json.loads(result.out)] == [
        ("e.yaml", 1, 20, "facts.invalid", "interview.start: 'nope' is not a date and time"),
        ("e.yaml", 2, 10, "schema.type", "company: expected text, got the number 3"),
        ("f.test.yaml", 1, 12, "extends.unknown", "unknown ruleset 'defualt' (did you mean 'default'?)"),
        ("f.test.yaml", 2, 8, "schema.invalid", "cases: [] should be non-empty"),
    ]


def test_a_facts_file_without_an_interview_is_still_read_as_facts(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("draft.yaml", "company: Acme\nrole: Analyst\n")
    result = afterview_cli("validate", "draft.yaml")
    assert result.err == ("draft.yaml:1:1: missing required key 'interview'\n  hint: add it, for example: interview:"
                          ' {"start": "2026-11-17T14:00", "interviewers": [{"name": "Jane Doe"}]}\n1 error\n')


def test_a_long_draft_is_reported_beside_a_broken_rule(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("both.yaml", """
        id: both
        title: Both
        extends: [default]
        rules:
          - id: linkedin-connect
            templates:
              - id: long-note  # the built-in note has a short fallback, so it never runs over
                max_chars: 200
                text: "Hi {{ interviewer.name }}, thank you so much for the wonderful conversation about the {{ role }} position at {{ company }} this week. I would be delighted to stay in touch with you. Best wishes."
          - id: nudge
            title: Nudge
            kind: task
            timing: {due: {anchor: event.thank_you_snt}}
    """)
    result = afterview_cli("validate", "--format", "json", "both.yaml")
    assert [(p["line"], p["code"]) for p in json.loads(result.out)] == [(7, "template.too-long"),
                                                                       (13, "rule.unknown-event")]
