"""The afterview command, end to end in-process, with its output written inline."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _new_york_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A naive --now is read in the system's timezone: here New York, the timezone of these tests' facts."""
    monkeypatch.setenv("TZ", "America/New_York")


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def test_checklist(afterview_cli: Any, acme: Path) -> None:
    result = afterview_cli("plan", "acme.yaml", "--now", "2026-11-19T08:00")
    assert (result.code, result.err) == (0, "")
    assert result.out == dedent("""
        Acme — Data Engineer
        Interview Tue 17 Nov 2026 14:00 (America/New_York); planned Thu 19 Nov 2026 08:00 (--now read in America/New_York, this system's timezone); ruleset default+country-us

        2 days ago, Tue 17 Nov
          [x] 15:00  Ask when they expect to decide, and whom to contact — done
                due: interview end (Tue 17 Nov 2026 15:00)
          [~] 18:00  Leave the building, clear your head, then write down how it went — lapsed
                lapsed: its moment passed Tue 17 Nov 2026 18:00

        yesterday, Wed 18 Nov
          [x] 15:00  Send a thank-you note — done
                due: interview end (Tue 17 Nov 2026 15:00) + 24 hours → Wed 18 Nov 2026 15:00
          [!] 15:00  Tell your references they may be contacted — overdue
                due: interview end (Tue 17 Nov 2026 15:00) + 1 business day in US → Wed 18 Nov 2026 15:00
          [!] 15:00  Connect with your interviewer on LinkedIn — overdue
                due: thank-you-note due (Wed 18 Nov 2026 15:00)

        today, Thu 19 Nov
          [ ] Be patient — no contact until the follow-up date (quiet period until Wed 2 Dec) — upcoming
                closes: follow-up opens (Wed 2 Dec 2026 17:00)
          [ ] 15:00  Decide honestly whether you still want the job — open
                due: interview end (Tue 17 Nov 2026 15:00) + 2 days → Thu 19 Nov 2026 15:00
          [ ] 15:00  Ask your network for a good word, or share something useful — open
                due: interview end (Tue 17 Nov 2026 15:00) + 2 business days in US → Thu 19 Nov 2026 15:00

        in 12 days, Tue 1 Dec
          [ ] 17:00  Expected decision (milestone) — upcoming
                due: stated decision date (Tue 1 Dec 2026)

        in 14 days, Thu 3 Dec
          [ ] 09:00  Follow up by email — upcoming
                due: stated decision date (Tue 1 Dec 2026) + 2 business days in US → Thu 3 Dec 2026 17:00; at 09:00 → Thu 3 Dec 2026 09:00

        in 21 days, Thu 10 Dec
          [ ] 09:00  Move on (milestone) — upcoming
                due: latest of (follow-up due (Thu 3 Dec 2026 09:00) + 1 week → Thu 10 Dec 2026 09:00 (first that applies; escalated not recorded yet; rule escalate does not apply; follow_up_call_made not recorded yet; follow_up_sent not recorded yet; follow_up_sent not recorded yet); expected-decision due (Tue 1 Dec 2026 17:00) + 1 week → Tue 8 Dec 2026 17:00) → Thu 10 Dec 2026 09:00

        Without a date
          - Keep applying elsewhere while you wait
          - Don't try to force a decision with other offers
          - Make a game plan for either answer
          - Expect slower replies between Thanksgiving and New Year

        If things change
          - once you have followed up: Follow up once by phone
          - if you are rejected: Reply graciously and keep the door open
          - if you are rejected: Ask once for feedback
          - if you are rejected: Review what worked and what didn't
          - if you receive an offer: Acknowledge the offer and ask for it in writing
          - if you receive an offer: If you need time to decide, ask for it now
          - if you receive an offer: Check the offer against your game plan, and negotiate tactfully
          - if you withdraw: Tell them you are withdrawing, briefly and politely
          - if you accept the offer: Tell your references how it ended, and thank them
    """)


def test_json_matches_its_schema_and_keeps_its_keys(afterview_cli: Any, acme: Path, default_at: Any) -> None:
    from jsonschema import Draft202012Validator

    result = afterview_cli("plan", "acme.yaml", "--now", "2026-11-19T08:00", "--format", "json", "--drafts")
    envelope = json.loads(result.out)
    schema = json.loads(afterview_cli("schema", "plan").out)
    assert list(Draft202012Validator(schema).iter_errors(envelope)) == []
    assert (envelope["version"], len(envelope["plans"])) == (1, 1)
    data = envelope["plans"][0]
    thanks = next(a for a in data["actions"] if a["rule"] == "thank-you-note")
    assert {k: thanks[k] for k in ("rule", "kind", "opens", "due", "closes", "status", "source")} == {
        "rule": "thank-you-note", "kind": "task", "opens": "2026-11-17T15:00:00-05:00",
        "due": "2026-11-18T15:00:00-05:00", "closes": "2026-11-24T15:00:00-05:00",
        "status": "done", "source": default_at("thank-you-note"),
    }
    assert thanks["explanation"] == [
        f"rule thank-you-note from {default_at('thank-you-note')}",
        "applies to every interview",
        "opens: interview end (Tue 17 Nov 2026 15:00)",
        "due: interview end (Tue 17 Nov 2026 15:00) + 24 hours → Wed 18 Nov 2026 15:00",
        "closes: interview end (Tue 17 Nov 2026 15:00) + 5 business days in US → Tue 24 Nov 2026 15:00",
        "done: thank_you_sent recorded Wed 18 Nov 2026 09:10",
    ]
    assert thanks["drafts"][0]["text"].splitlines()[:3] == [
        "Dear Jane,", "",
        "Thank you for taking the time to meet me on Tuesday to talk about the Data Engineer role at Acme."]
    rejected = next(g for g in data["guidance"] if g["rule"] == "ask-feedback")
    assert (rejected["condition"], rejected["event"]) == ("if you are rejected", "rejected")


def test_json_without_drafts_leaves_them_out(afterview_cli: Any, acme: Path) -> None:
    data = json.loads(afterview_cli("plan", "acme.yaml", "--now", "2026-11-19T08:00", "--format", "json").out)
    assert "drafts" not in data["plans"][0]["actions"][0]


def test_markdown_task_list(afterview_cli: Any, acme: Path) -> None:
    out = afterview_cli("plan", "acme.yaml", "--now", "2026-11-19T08:00", "--format", "markdown").out
    lines = out.splitlines()
    assert lines[0] == "# After the interview: Acme — Data Engineer"
    assert "- [x] **Wed 18 Nov 2026 15:00** — Send a thank-you note _(done)_" in lines
    assert "- [ ] **Thu 3 Dec 2026 09:00** — Follow up by email _(upcoming)_" in lines
    assert "- **If you are rejected:** Ask once for feedback" in lines
    assert "  Subject: Thank you — Data Engineer" in lines
    assert ("  Sources: How Long Does it Take to Hire? Interview Duration in 25 Countries (measured fact); "
            "What should you do after an interview? (advice)") in lines


def test_output_file_is_written_atomically(afterview_cli: Any, acme: Path, afterview_project: Any) -> None:
    result = afterview_cli("plan", "acme.yaml", "--now", "2026-11-19T08:00", "--format", "json", "-o", "plan.json")
    assert (result.code, result.out) == (0, "")
    assert json.loads((afterview_project.root / "plan.json").read_text())["plans"][0]["application"]["company"] == "Acme"
    assert sorted(p.name for p in afterview_project.root.iterdir()) == ["acme.yaml", "plan.json"]


def test_no_output_file_on_error(afterview_cli: Any, afterview_project: Any) -> None:
    result = afterview_cli("plan", "--interview", "2026-11-17T14:00", "--timezone", "Mars/Olympus", "-o", "out.txt")
    assert result.code == 1
    assert list(afterview_project.root.iterdir()) == []


def test_explain(afterview_cli: Any, acme: Path, default_at: Any) -> None:
    result = afterview_cli("explain", "follow-up", "acme.yaml", "--now", "2026-11-19T08:00")
    assert result.code == 0
    assert result.out.splitlines()[:9] == [
        "follow-up: Follow up by email (task)",
        f"  defined at {default_at('follow-up')}",
        "",
        "Outcome:",
        "  status: upcoming",
        "  applies to every interview",
        "  opens: stated decision date (Tue 1 Dec 2026) + 1 business day in US → Wed 2 Dec 2026 17:00",
        "  due: stated decision date (Tue 1 Dec 2026) + 2 business days in US → Thu 3 Dec 2026 17:00; at 09:00 → Thu 3 Dec 2026 09:00",
        "  closes: stated decision date (Tue 1 Dec 2026) + 5 business days in US → Tue 8 Dec 2026 17:00",
    ]
    assert f"  timing.due       {default_at('follow-up', 'timing.due')}  [default]" in result.out.splitlines()


def test_explain_conditional_and_unknown_rules(afterview_cli: Any, acme: Path) -> None:
    out = afterview_cli("explain", "ask-feedback", "acme.yaml").out.splitlines()
    assert out[4] == "  not dated yet: it applies if you are rejected (record a 'rejected' event to date it)"
    result = afterview_cli("explain", "folow-up", "acme.yaml")
    assert (result.code, result.err) == (1, "RULE_ID: no rule 'folow-up' in ruleset default+country-us (did you mean 'follow-up'?)\n"
                                            "  hint: 'afterview rules' lists the rule ids\n")


def test_usage_errors_exit_2(afterview_cli: Any) -> None:
    result = afterview_cli("plan", "--interview", "2026-11-17T14:00", "--format", "jsn")
    assert (result.code, result.err) == (2, "--format: unknown format 'jsn' (did you mean 'json'?)\n"
                                            "  hint: formats: checklist, ics, json, markdown\n")
    assert afterview_cli("plna").code == 2
    assert afterview_cli("plan", "--decision-by", "2026-12-01", "--decision-in", "2w").code == 2


def test_debug_shows_the_traceback(afterview_cli: Any) -> None:
    from afterview import FactsError

    with pytest.raises(FactsError):
        afterview_cli("plan", "--debug", "--interview", "nope")


def test_version_rulesets_plugins_schema(afterview_cli: Any) -> None:
    from afterview import __version__

    assert afterview_cli("--version").out == f"afterview {__version__}\n"
    assert afterview_cli("rulesets").out.splitlines()[0].startswith("default")
    assert afterview_cli("plugins").out == "no plugins installed (use --all to see the built-in ones)\n"
    assert "afterview.plugins.checklist 0.1.0: register_output_formats" in afterview_cli("plugins", "--all").out
    schema = json.loads(afterview_cli("schema").out)
    assert schema["$id"] == "https://afterview.dev/schemas/ruleset.schema.json"
    assert json.loads(afterview_cli("schema", "facts").out)["title"] == "afterview facts"


def test_several_facts_files_give_several_plans(afterview_cli: Any, acme: Path, afterview_project: Any) -> None:
    afterview_project.write("initech.yaml", "company: Initech\ntimezone: Europe/Berlin\ncountry: DE\ninterview: {start: 2026-11-20T10:00}\n")
    data = json.loads(afterview_cli("plan", "acme.yaml", "initech.yaml", "--now", "2026-11-19T08:00", "--format", "json").out)
    assert [p["application"]["company"] for p in data["plans"]] == ["Acme", "Initech"]
    assert data["plans"][1]["now"] == "2026-11-19T14:00:00+01:00"


def test_an_unwritable_output_is_a_located_error(afterview_cli: Any, afterview_project: Any) -> None:
    result = afterview_cli("plan", "--interview", "2026-11-17T14:00", "-o", "missing/plan.txt")
    assert (result.code, result.err) == (1, "missing/plan.txt: cannot write here: No such file or directory\n"
                                            "  hint: check that the folder exists and that you may write to it\n")
    assert list(afterview_project.root.iterdir()) == []


INITECH = "company: Initech\ntimezone: Europe/Berlin\ncountry: DE\ninterview: {start: 2026-11-20T10:00}\n"


def test_event_flags_add_to_the_files_events(afterview_cli: Any, acme: Path) -> None:
    result = afterview_cli("plan", "acme.yaml", "--event", "rejected=2026-11-25T10:30", "--now", "2026-11-26T08:00",
                           "--format", "json")
    actions = {a["rule"]: a for a in json.loads(result.out)["plans"][0]["actions"]}
    assert actions["thank-you-note"]["status"] == "done"
    assert actions["thank-you-note"]["explanation"][-1] == "done: thank_you_sent recorded Wed 18 Nov 2026 09:10"
    assert actions["follow-up"]["status"] == "skipped"


def test_an_event_flags_error_points_at_the_flag(afterview_cli: Any, acme: Path) -> None:
    from afterview.facts.events import EVENTS

    result = afterview_cli("plan", "acme.yaml", "--event", "rejectd=2026-11-25T10:30")
    assert (result.code, result.err) == (1, "--event: events[1].type: unknown event type 'rejectd' (did you mean 'rejected'?)\n"
                                            f"  hint: known types: {', '.join(EVENTS)}\n")


def test_per_application_flags_with_several_files_are_a_usage_error(afterview_cli: Any, acme: Path,
                                                                   afterview_project: Any) -> None:
    afterview_project.write("initech.yaml", INITECH)
    result = afterview_cli("plan", "acme.yaml", "initech.yaml", "--company", "Hooli", "--event", "rejected=2026-11-25")
    assert (result.code, result.out) == (2, "")
    assert result.err == ("--company: --company, --event describe one application, but 2 facts files were given"
                          " (acme.yaml, initech.yaml)\n"
                          "  hint: put the value in one facts file, or run the command once per file\n")
    shared = afterview_cli("plan", "acme.yaml", "initech.yaml", "--name", "Sam", "--now", "2026-11-19T08:00")
    assert shared.code == 0, shared.err


def test_a_naive_now_is_read_in_the_system_timezone_whatever_the_file_order(
        afterview_cli: Any, acme: Path, afterview_project: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    afterview_project.write("initech.yaml", INITECH)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    nows = []
    for files in (["acme.yaml", "initech.yaml"], ["initech.yaml", "acme.yaml"]):
        data = json.loads(afterview_cli("plan", *files, "--now", "2026-11-19T08:00", "--format", "json").out)
        nows.append({p["application"]["company"]: p["now"] for p in data["plans"]})
    assert nows[0] == nows[1] == {"Acme": "2026-11-18T18:00:00-05:00", "Initech": "2026-11-19T00:00:00+01:00"}
    header = afterview_cli("plan", "acme.yaml", "--now", "2026-11-19T08:00").out.splitlines()[1]
    assert header == ("Interview Tue 17 Nov 2026 14:00 (America/New_York); planned Wed 18 Nov 2026 18:00"
                      " (--now read in Asia/Tokyo, this system's timezone); ruleset default+country-us")
    with_offset = afterview_cli("plan", "acme.yaml", "--now", "2026-11-19T08:00-05:00").out.splitlines()[1]
    assert with_offset.endswith("planned Thu 19 Nov 2026 08:00; ruleset default+country-us")


def test_json_has_one_shape_for_one_plan_or_many(afterview_cli: Any, acme: Path, afterview_project: Any) -> None:
    afterview_project.write("initech.yaml", INITECH)
    one = json.loads(afterview_cli("plan", "acme.yaml", "--format", "json").out)
    two = json.loads(afterview_cli("plan", "acme.yaml", "initech.yaml", "--format", "json").out)
    assert (sorted(one), one["version"], len(one["plans"])) == (["plans", "version"], 1, 1)
    assert (sorted(two), two["version"], len(two["plans"])) == (["plans", "version"], 1, 2)
