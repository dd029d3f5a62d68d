"""Every ruleset error a coach can make, with its exact text and location."""

from __future__ import annotations

import textwrap
from typing import Any


def check(afterview_cli: Any, *paths: str) -> str:
    result = afterview_cli("validate", *paths)
    assert result.code == 1, result
    return result.err


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def test_schema_errors_all_at_once_with_did_you_mean(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("bad.yaml", """
        id: bad-one
        title: Broken
        titel: oops
        calendar: {country: US, weekend: [sat, sunday]}
        rules:
          - id: Thank_You
            title: x
            kind: task
          - id: follow
            title: Follow
            kind: taks
            timing:
              due: {anchor: interview.end, offset: 5 bdays}
              at: "9am"
          - id: ok
            title: 3
            kind: task
    """)
    assert check(afterview_cli, "bad.yaml") == dedent("""
        bad.yaml:3:1: unknown key 'titel' (did you mean 'title'?)
          hint: keys allowed here: id, title, version, description, extends, applies_to, calendar, sources, rules, remove, figures_from, settings, checks, lifecycle, notes
        bad.yaml:4:40: calendar.weekend[1]: 'sunday' is not one of mon, tue, wed, thu, fri, sat, sun (did you mean 'sun'?)
          hint: 'afterview schema ruleset' describes every field
        bad.yaml:6:9: rules[0].id: 'Thank_You' is not a valid id: use lowercase letters, digits and single hyphens, e.g. follow-up
          hint: for example: follow-up
        bad.yaml:11:11: rules[1].kind: 'taks' is not one of task, milestone, quiet, guidance (did you mean 'task'?)
          hint: for example: task
        bad.yaml:13:44: rules[1].timing.due.offset: '5 bdays' is not a duration (did you mean '5bd'?); use a number and h, d, w or bd, e.g. 5bd
          hint: for example: 5bd
        bad.yaml:14:11: rules[1].timing.at: '9am' is not a time of day: write it as HH:MM, e.g. 09:00
          hint: for example: 09:00
        bad.yaml:16:12: rules[2].title: expected text, got the number 3
          hint: for example: Follow up by email
        bad.yaml:17:11: rule 'ok': a task needs timing.due
        8 errors in 1 file
    """)


def test_semantic_errors(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("bad.yaml", """
        id: bad-two
        title: Broken semantics
        rules:
          - id: a
            title: A
            kind: task
            timing: {due: {anchor: event.thank_you_snt, offset: 1d}}
            when: {field: industy, eq: tech}
            done_by: [thank_you_snt]
            sources: [nope]
          - id: b
            title: B
            kind: quiet
            timing: {opens: {anchor: interview.end}}
          - id: c
            title: C
            kind: guidance
            timing: {due: {anchor: interview.end}}
          - id: f
            title: F
            kind: task
            timing: {due: {anchor: rule.follow-upp.due}, at: "09:00"}
          - id: follow-up
            title: G
            kind: task
            timing: {due: {anchor: interview.end}}
            when: {any: [{field: industry, eq: tech}, {event: offer_recieved}]}
    """)
    assert check(afterview_cli, "bad.yaml") == dedent("""
        bad.yaml:7:28: rule 'a': unknown event 'thank_you_snt' (did you mean 'thank_you_sent'?)
          hint: events: thank_you_sent, linkedin_connected, references_notified, follow_up_sent, follow_up_call_made, escalated, reply_received, next_round_scheduled, rejected, feedback_requested, offer_received, offer_accepted, offer_declined, withdrew, done
        bad.yaml:8:19: rule 'a': unknown field 'industy' (did you mean 'industry'?)
          hint: fields: company, role, industry, country, subdivision, timezone, seniority, candidate.name, interview.start, interview.end, interview.month, interview.round, interview.format, interview.interviewers, decision.by, decision.stated, linkedin.premium
        bad.yaml:9:15: rule 'a': unknown event type 'thank_you_snt' (did you mean 'thank_you_sent'?)
          hint: events: thank_you_sent, linkedin_connected, references_notified, follow_up_sent, follow_up_call_made, escalated, reply_received, next_round_scheduled, rejected, feedback_requested, offer_received, offer_accepted, offer_declined, withdrew, done
        bad.yaml:10:15: rule 'a': unknown source 'nope'
          hint: add it to the ruleset's sources list
        bad.yaml:14:13: rule 'b': a quiet period needs timing.closes
        bad.yaml:18:13: rule 'c': guidance has no date: remove 'timing', or make it a task
        bad.yaml:22:19: rule 'f': timing.due refers to unknown rule 'follow-upp' (did you mean 'follow-up'?)
          hint: anchor on a rule of this ruleset, rule.ID.opens|due|closes ('afterview rules' lists the ids)
        bad.yaml:27:55: rule 'follow-up': unknown event type 'offer_recieved' (did you mean 'offer_received'?)
          hint: events: thank_you_sent, linkedin_connected, references_notified, follow_up_sent, follow_up_call_made, escalated, reply_received, next_round_scheduled, rejected, feedback_requested, offer_received, offer_accepted, offer_declined, withdrew, done
        8 errors in 1 file
    """)


def test_rule_anchor_cycles(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("loop.yaml", """
        id: loop
        title: Loop
        rules:
          - id: d
            title: D
            kind: task
            timing: {due: {anchor: rule.e.due}}
          - id: e
            title: E
            kind: task
            timing: {due: {anchor: rule.d.due, offset: 1d}}
    """)
    assert check(afterview_cli, "loop.yaml") == (
        "loop.yaml:11:13: rule 'e': timing refers to itself through other rules: d → e → d\n"
        "  hint: anchor one of these rules on the interview, the decision date or an event instead\n1 error\n")


def test_overlay_errors(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("overlay.yaml", """
        id: my-overlay
        title: Overlay
        extends: [default]
        remove: [linkedin-conect]
        rules:
          - id: folow-up
            timing: {due: {anchor: interview.end, offset: 3bd}}
          - id: brand-new
            body: no title or kind
    """)
    assert check(afterview_cli, "overlay.yaml") == dedent("""
        overlay.yaml:4:10: remove: no rule 'linkedin-conect' to remove (did you mean 'linkedin-connect'?)
        overlay.yaml:6:9: rules: no rule 'folow-up' to change (did you mean 'follow-up'?)
          hint: to add a new rule, give it a title and a kind
        overlay.yaml:8:9: rules: no rule 'brand-new' to change
          hint: to add a new rule, give it a title and a kind
        3 errors in 1 file
    """)


def test_template_syntax_error(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("t.yaml", """
        id: t
        title: T
        extends: [default]
        rules:
          - id: thank-you-note
            templates:
              - id: email
                text: |
                  Dear {{ interviewer.name }},
                  Thanks {{ company
    """)
    assert check(afterview_cli, "t.yaml") == (
        "t.yaml:10: rules[0].templates[0].text: template error: unexpected end of template, "
        "expected 'end of print statement'.\n  hint: templates use Jinja2: {{ name }}, {% if name %}…{% endif %}\n"
        "1 error\n")


def test_template_over_max_chars(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("long.yaml", """
        id: long
        title: Long
        extends: [default]
        rules:
          - id: linkedin-connect
            templates:
              - id: long-note
                max_chars: 200
                text: "Hi {{ interviewer.name }}, thank you so much for the wonderful conversation about the {{ role }} position at {{ company }} this week. I would be delighted to stay in touch with you. Best wishes."
    """)
    assert check(afterview_cli, "long.yaml") == dedent("""
        long.yaml:7:9: rule 'linkedin-connect': template 'long-note' renders to 208 characters with sample facts, over its max_chars of 200
          hint: shorten the text, or raise max_chars if the channel allows it
        1 error
    """)


def test_extends_cycle_and_missing_parents(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("cyc1.yaml", "id: cyc-one\ntitle: C1\nextends: [cyc2.yaml]\n")
    afterview_project.write("cyc2.yaml", "id: cyc-two\ntitle: C2\nextends: [cyc1.yaml]\n")
    afterview_project.write("missing.yaml", "id: missing\ntitle: M\nextends: [defualt]\n")
    afterview_project.write("nofile.yaml", "id: nofile\ntitle: N\nextends: [./nothere.yaml]\n")
    assert check(afterview_cli, "cyc1.yaml", "missing.yaml", "nofile.yaml") == dedent("""
        cyc2.yaml:3:11: extends forms a cycle: cyc1.yaml → cyc2.yaml → cyc1.yaml
          hint: remove one of these files' extends of the next
        missing.yaml:3:11: unknown ruleset 'defualt' (did you mean 'default'?)
          hint: built-in rulesets: country-de, country-gb, country-in, country-jp, country-us, default, early-follow-up, industry-academia, industry-consulting, industry-finance, industry-government, industry-healthcare, industry-retail, industry-tech; or give a path to a .yaml file
        nofile.yaml:3:11: cannot read ruleset './nothere.yaml': No such file or directory
          hint: check the path: it is relative to the folder of the file that extends it
        3 errors in 3 files
    """)


def test_unsafe_and_malformed_yaml(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("dup.yaml", "id: a\ntitle: A\nid: b\n")
    afterview_project.write("tag.yaml", "id: a\ntitle: !!python/object/apply:os.system [ls]\n")
    (afterview_project.root / "latin1.yaml").write_bytes(b"id: a\ntitle: caf\xe9\n")
    (afterview_project.root / "huge.yaml").write_bytes(b"# " + b"x" * 1_000_000 + b"\n")
    assert check(afterview_cli, "dup.yaml", "tag.yaml", "latin1.yaml", "huge.yaml") == dedent("""
        dup.yaml:3:1: duplicate key 'id' (first defined on line 1)
          hint: keep one of the two: a later value would silently replace the first
        huge.yaml: file is over the 1,000,000-byte limit
          hint: split it into smaller files that extend one another
        latin1.yaml:2:11: file is not valid UTF-8 (byte 0xe9)
          hint: save the file as UTF-8
        tag.yaml:2:8: tag '!!python/object/apply:os.system' is not allowed
          hint: rulesets and facts are plain data
        4 errors in 3 files
    """)


def test_valid_files_pass(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("ok.yaml", """
        id: ok
        title: OK
        extends: [default]
        rules:
          - id: follow-up
            timing: {due: {anchor: interview.end, offset: 3bd}}
    """)
    result = afterview_cli("validate", "ok.yaml")
    assert (result.code, result.out, result.err) == (0, "ok.yaml: ok (overlay)\n1 file checked, no errors\n", "")
