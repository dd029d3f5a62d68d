"""Issue 11, "What was seen": each bullet as a CLI check that failed on the old engine and passes now."""

from __future__ import annotations

import json
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from afterview import load_ruleset, plan
from afterview.facts.sources import load_facts

NY = ["--timezone", "America/New_York"]
PENDING = {"upcoming", "open", "overdue"}


@pytest.fixture(autouse=True)
def _new_york_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A naive --now is read in the system's timezone: here New York, the timezone of these tests' facts."""
    monkeypatch.setenv("TZ", "America/New_York")


def plan_json(cli: Any, *args: str) -> dict[str, Any]:
    result = cli("plan", *args, "--format", "json", "--drafts")
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)["plans"][0]
    return data


def actions(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["rule"]: a for a in data["actions"]}


def drafts(data: dict[str, Any], rule: str) -> list[str]:
    return [d["text"] for d in actions(data)[rule]["drafts"]]


# --- Nothing ever ends the plan ---------------------------------------------------------------

def test_withdrawing_ends_the_follow_ups(afterview_cli: Any) -> None:
    whole = plan_json(afterview_cli, "--interview", "2026-11-17T14:00", *NY,
                      "--event", "withdrew=2026-11-19T10:00", "--now", "2026-11-20T09:00")
    data = actions(whole)
    for rule in ("follow-up", "move-on", "expected-decision", "be-patient"):
        assert data[rule]["status"] == "skipped", rule
    # the call waits on the follow-up email, which can no longer come: neither dated nor conditional
    assert "follow-up-call" not in data
    assert [g["rule"] for g in whole["guidance"] if g["rule"] == "follow-up-call"] == []
    assert data["follow-up"]["explanation"][-1] == \
        "skipped: the application moved to 'Withdrawn' (withdrew recorded Thu 19 Nov 2026 10:00)"


def test_a_next_round_restarts_the_thank_you_and_the_chase(afterview_cli: Any) -> None:
    data = plan_json(afterview_cli, "--interview", "2026-11-17T14:00", *NY,
                     "--event", "next_round_scheduled=2026-11-24T10:00", "--now", "2026-11-24T12:00")
    found = actions(data)
    assert data["application"]["interview_start"] == "2026-11-24T10:00:00-05:00"
    assert (found["thank-you-note"]["status"], found["thank-you-note"]["due"]) == ("open", "2026-11-25T11:00:00-05:00")
    # 5 business days from Tue 24 Nov skip Thanksgiving and the Friday after it (country-us).
    assert found["follow-up"]["opens"] == "2026-12-03T11:00:00-05:00"
    earlier = {a["rule"]: a["status"] for a in data["earlier"]}
    assert (earlier["thank-you-note"], earlier["follow-up"]) == ("skipped", "skipped")
    assert data["stage"]["round"] == 2
    text = afterview_cli("plan", "--interview", "2026-11-17T14:00", *NY, "--event",
                         "next_round_scheduled=2026-11-24T10:00", "--now", "2026-11-24T12:00").out.splitlines()
    assert "Earlier rounds (superseded by the new interview)" in text
    assert "  [-] Follow up by email — skipped" in text


def test_the_old_rounds_items_are_done_or_skipped(afterview_facts: Any) -> None:
    ruleset = load_ruleset("default")
    facts = afterview_facts(events=[{"type": "thank_you_sent", "at": "2026-11-17T18:00"},
                               {"type": "next_round_scheduled", "at": "2026-11-20T09:00",
                                "interview": "2026-11-26T10:00"}])
    result = plan(ruleset, facts, datetime.fromisoformat("2026-11-21T09:00-05:00"))
    earlier = {a.rule_id: a.status for a in result.earlier}
    assert earlier["thank-you-note"] == "done"
    assert earlier["follow-up"] == "skipped"
    assert earlier["debrief-notes"] == "lapsed"  # tied to the first interview: it lapsed, nothing replaced it
    assert {a.status for a in result.earlier} <= {"done", "skipped", "lapsed"}
    assert result.round == 2
    assert result.action("thank-you-note").due.isoformat() == "2026-11-27T11:00:00-05:00"


def test_after_a_rejection_the_references_and_network_tasks_close(afterview_cli: Any) -> None:
    found = actions(plan_json(afterview_cli, "--interview", "2026-11-17T14:00", *NY,
                              "--event", "rejected=2026-11-18T10:00", "--now", "2026-11-18T11:00"))
    assert found["notify-references"]["status"] == "skipped"
    assert found["use-your-network"]["status"] == "skipped"
    assert found["reply-to-rejection"]["status"] == "open"


def test_after_accepting_only_the_outcomes_own_step_is_overdue_in_january(afterview_cli: Any) -> None:
    data = plan_json(afterview_cli, "--interview", "2026-11-17T14:00", *NY,
                     "--event", "offer_received=2026-11-27T11:00", "--event", "offer_accepted=2026-11-30T15:00",
                     "--now", "2027-01-10T09:00")
    found = actions(data)
    assert data["stage"] == {"id": "accepted", "title": "Offer accepted", "terminal": True,
                             "event": "offer_accepted", "at": "2026-11-30T15:00:00-05:00", "round": None}
    # the round's advice ended; telling your references (the acceptance's own step, due Wed 2 Dec) did not
    assert [(a["rule"], a["due"]) for a in data["actions"] if a["status"] == "overdue"] == [
        ("tell-references-outcome", "2026-12-02T15:00:00-05:00")]
    assert found["acknowledge-offer"]["status"] == "done"
    assert found["debrief-notes"]["status"] == "lapsed"


def test_any_action_can_be_marked_done_by_its_rule_id(afterview_cli: Any) -> None:
    found = actions(plan_json(afterview_cli, "--interview", "2026-11-17T14:00", *NY,
                              "--event", "done:decide-if-you-want-it=2026-11-18T09:00",
                              "--event", "done:debrief-notes=2026-11-17T17:00", "--now", "2026-11-25T09:00"))
    assert found["decide-if-you-want-it"]["status"] == "done"
    assert found["decide-if-you-want-it"]["explanation"][-1] == "done: marked done Wed 18 Nov 2026 09:00"
    assert found["debrief-notes"]["status"] == "done"


def test_done_names_a_rule(afterview_cli: Any) -> None:
    result = afterview_cli("plan", "--interview", "2026-11-17T14:00", *NY, "--event", "done=2026-11-18T09:00")
    assert result.code == 1
    assert result.err.startswith("--event: events[0]: a 'done' event names the rule it marks done\n")


def test_done_names_a_known_rule(afterview_cli: Any) -> None:
    result = afterview_cli("plan", "--interview", "2026-11-17T14:00", *NY, "--event", "done:folow-up=2026-11-18T09:00")
    assert (result.code, result.err) == (1, "--event: events[0].rule: no rule 'folow-up' in ruleset default+country-us"
                                            " (did you mean 'follow-up'?)\n"
                                            "  hint: 'afterview plan --format json' lists the rule ids\n")


def test_a_draft_over_its_limit_is_flagged_in_the_outputs(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("long.yaml", textwrap.dedent("""
        id: long
        title: Long
        extends: [default]
        rules:
          - id: linkedin-connect
            templates:
              - {id: note, fallback: "{{ the_role }}{{ at_company }} {{ the_role }}{{ at_company }}"}
    """))
    args = ("--ruleset", "long.yaml", "--interview", "2026-11-17T14:00", *NY, "--company", "A" * 60, "--role", "R" * 60)
    note = actions(plan_json(afterview_cli, *args))["linkedin-connect"]["drafts"][0]
    assert (note["over_limit"], note["chars"] > note["max_chars"]) == (True, True)
    warning = (f"the draft 'LinkedIn invitation note' is {note['chars']} characters, over this channel's limit of 200:"
               " shorten it before sending")
    markdown = afterview_cli("plan", *args, "--format", "markdown").out
    assert f"  > Warning: {warning}." in markdown.splitlines()
    checklist = afterview_cli("plan", *args).out
    assert f"        warning: {warning}" in checklist.splitlines()
    assert afterview_cli("plan", *args, "--format", "ics", "-o", "plan.ics").code == 0
    from icalendar import Calendar

    calendar = Calendar.from_ical(Path("plan.ics").read_bytes())
    described = [str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT") if "LinkedIn" in str(e["SUMMARY"])]
    assert len(described) == 1 and f"(Warning: {warning}.)" in described[0]


def test_asking_when_they_decide_is_done_once_a_date_was_given(afterview_cli: Any) -> None:
    found = actions(plan_json(afterview_cli, "--interview", "2026-11-17T14:00", *NY, "--decision-by", "2026-12-01",
                              "--now", "2026-11-18T09:00"))
    assert found["ask-about-next-steps"]["status"] == "done"
    assert found["ask-about-next-steps"]["explanation"][-1] == "done: decision.stated is true: matched " \
                                                               "(decision.stated = true)"


# --- The chase ignores how long the process takes ---------------------------------------------

@pytest.mark.parametrize("industry", ["government", "consulting", "finance", "academia", "healthcare", None])
def test_move_on_never_precedes_the_expected_decision(afterview_cli: Any, industry: str | None) -> None:
    extra = ["--industry", industry] if industry else []
    found = actions(plan_json(afterview_cli, "--interview", "2026-11-02T10:00", *NY, "--country", "US", *extra,
                              "--now", "2026-11-02T12:00"))
    decision = datetime.fromisoformat(found["expected-decision"]["due"])
    assert datetime.fromisoformat(found["move-on"]["due"]) > decision
    if "escalate" in found:
        assert datetime.fromisoformat(found["escalate"]["due"]) > decision


def test_government_moves_on_after_its_own_expected_decision(afterview_cli: Any) -> None:
    found = actions(plan_json(afterview_cli, "--interview", "2026-11-02T10:00", *NY, "--country", "US",
                              "--industry", "government", "--event", "follow_up_sent=2026-11-17T09:00",
                              "--now", "2026-11-17T12:00"))
    assert found["expected-decision"]["due"] == "2026-12-28T11:00:00-05:00"
    assert found["escalate"]["due"] == "2026-12-29T09:00:00-05:00"  # government allows three contacts
    assert found["move-on"]["due"] == "2027-01-05T09:00:00-05:00"  # a week after the escalation


# --- The advice contradicts itself -------------------------------------------------------------

@pytest.mark.parametrize("industry", [None, "government", "retail", "tech"])
def test_no_contact_action_falls_inside_the_quiet_period(afterview_cli: Any, industry: str | None) -> None:
    extra = ["--industry", industry] if industry else []
    data = plan_json(afterview_cli, "--interview", "2026-11-17T14:00", *NY, *extra, "--now", "2026-11-17T16:00")
    found = actions(data)
    opens, closes = (datetime.fromisoformat(found["be-patient"][k]) for k in ("opens", "closes"))
    contacts = ("linkedin-connect", "use-your-network", "follow-up", "follow-up-call", "thank-you-note")
    for rule in contacts:
        if rule in found:
            assert not opens < datetime.fromisoformat(found[rule]["due"]) < closes, rule


def test_the_follow_up_does_not_suggest_mentioning_an_offer_deadline(afterview_cli: Any) -> None:
    body = actions(plan_json(afterview_cli, "--interview", "2026-11-17T14:00", *NY))["follow-up"]["body"]
    assert "offer deadline" not in body
    assert "Don't mention other offers or deadlines" in body


@pytest.mark.parametrize(("industry", "words"), [("government", "ten business days"), ("academia", "ten business days"),
                                                 (None, "six business days")])
def test_follow_up_words_state_the_timings_own_number(afterview_cli: Any, industry: str | None, words: str) -> None:
    extra = ["--industry", industry] if industry else []
    body = actions(plan_json(afterview_cli, "--interview", "2026-11-17T14:00", *NY, *extra))["follow-up"]["body"]
    assert f"with no date, {words}\nafter the interview" in body
    assert "five to seven" not in body


@pytest.mark.parametrize(("country", "contacts"), [("US", {"follow-up", "follow-up-call"}),
                                                   ("DE", {"follow-up", "follow-up-call"})])
def test_employer_contacts_per_round_follow_the_ruleset_setting(afterview_cli: Any, country: str,
                                                                 contacts: set[str]) -> None:
    zone = {"US": "America/New_York", "DE": "Europe/Berlin"}[country]
    found = actions(plan_json(afterview_cli, "--interview", "2026-11-17T14:00", "--country", country,
                              "--timezone", zone, "--event", "follow_up_sent=2026-11-25T09:00"))
    chase = {rule for rule in ("follow-up", "follow-up-call", "escalate") if rule in found}
    assert chase == contacts


def test_validate_reports_a_move_on_before_the_decision(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("hasty.yaml", textwrap.dedent("""
        id: hasty
        title: Hasty
        extends: [default]
        rules:
          - id: move-on
            timing:
              due: {anchor: interview.end, offset: 5bd}
    """))
    result = afterview_cli("validate", "hasty.yaml")
    assert result.code == 1
    assert result.err.startswith(
        "hasty.yaml:7:12: rule 'move-on' can fall due before 'expected-decision': for an interview on "
        "Mon 1 Jun 2026 10:00, no decision date, it is due Mon 8 Jun 2026 11:00 and expected-decision "
        "Thu 25 Jun 2026 11:00\n  hint: anchor it on rule.expected-decision.due with latest_of")


def test_validate_reports_a_contact_in_the_quiet_period(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("pushy.yaml", textwrap.dedent("""
        id: pushy
        title: Pushy
        extends: [default]
        rules:
          - id: linkedin-connect
            timing:
              due: {anchor: interview.end, offset: 3bd}
    """))
    result = afterview_cli("validate", "pushy.yaml")
    assert result.code == 1
    assert result.err.startswith(
        "pushy.yaml:7:12: rule 'linkedin-connect' contacts the employer inside the quiet period 'be-patient': "
        "for an interview on Mon 1 Jun 2026 10:00, no decision date, it is due Thu 4 Jun 2026 11:00, "
        "between Wed 3 Jun 2026 11:00 and Mon 8 Jun 2026 11:00\n")


# --- Silent defaults give wrong dates -----------------------------------------------------------

def test_a_single_zone_country_implies_its_timezone(afterview_cli: Any) -> None:
    data = plan_json(afterview_cli, "--interview", "2026-11-02T10:00", "--country", "IL")
    assert data["application"]["timezone"] == "Asia/Jerusalem"
    assert data["notes"] == ["timezone Asia/Jerusalem: IL keeps one time"]
    text = afterview_cli("plan", "--interview", "2026-11-02T10:00", "--country", "IL", "--now", "2026-11-02T12:00")
    assert "Note: timezone Asia/Jerusalem: IL keeps one time" in text.out.splitlines()
    assert "Note: no overlay for country 'IL'" in text.out.splitlines()


def test_a_country_with_several_zones_lists_them(afterview_cli: Any) -> None:
    result = afterview_cli("plan", "--interview", "2026-11-02T10:00", "--country", "ES")
    assert (result.code, result.err) == (1, "--country: ES has 2 timezones; say which one\n"
                                            "  hint: pass --timezone with one of: Europe/Madrid, Atlantic/Canary\n")


def test_a_timezone_implies_its_country(afterview_cli: Any) -> None:
    data = plan_json(afterview_cli, "--interview", "2027-02-01T10:00", "--timezone", "Pacific/Auckland",
                     "--now", "2027-02-01T12:00")
    assert data["application"]["country"] == "NZ"
    # Waitangi Day (Sat 6 Feb 2027) is observed on Mon 8 Feb in New Zealand, not in the US.
    found = actions(data)
    assert found["follow-up"]["opens"] == "2027-02-09T11:00:00+13:00"


def test_uk_is_an_alias_for_gb_and_gets_its_overlay(afterview_cli: Any) -> None:
    data = plan_json(afterview_cli, "--interview", "2026-11-02T10:00", "--country", "UK")
    assert (data["ruleset"], data["application"]["country"]) == ("default+country-gb", "GB")


def test_with_neither_the_system_zone_is_used_and_said(afterview_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    result = afterview_cli("plan", "--interview", "2026-11-02T10:00", "--now", "2026-11-02T12:00")
    lines = result.out.splitlines()
    assert lines[1].startswith("Interview Mon 2 Nov 2026 10:00 (Europe/Paris)")
    assert lines[2] == "Note: timezone Europe/Paris and country FR: from this computer's settings " \
                       "(pass --timezone to change)"


# --- Sends at night and in closed periods ------------------------------------------------------

def test_japan_follow_up_skips_the_new_year_break(afterview_cli: Any) -> None:
    found = actions(plan_json(afterview_cli, "--interview", "2026-12-22T10:00", "--country", "JP",
                              "--now", "2026-12-22T12:00"))
    assert found["follow-up"]["due"] == "2027-01-05T09:00:00+09:00"


def test_japan_late_interview_thank_you_is_not_due_at_night(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("late.yaml", "country: JP\ninterview: {start: 2026-11-17T17:30, end: 2026-11-17T18:30}\n")
    found = actions(plan_json(afterview_cli, "late.yaml", "--now", "2026-11-17T19:00"))
    due = datetime.fromisoformat(found["thank-you-note"]["due"])
    assert due.isoformat() == "2026-11-18T09:00:00+09:00"
    for action in found.values():
        if action["kind"] != "quiet":
            clock = datetime.fromisoformat(action["due"]).strftime("%H:%M")
            assert "07:00" <= clock <= "21:00", action["rule"]


def test_a_friday_interview_thank_you_is_not_moved_past_the_weekend(afterview_cli: Any) -> None:
    found = actions(plan_json(afterview_cli, "--interview", "2026-11-20T14:00", *NY, "--now", "2026-11-20T16:00"))
    assert found["thank-you-note"]["due"] == "2026-11-21T15:00:00-05:00"


def test_christmas_eve_new_years_eve_and_black_friday_are_not_business_days(afterview_cli: Any) -> None:
    found = actions(plan_json(afterview_cli, "--interview", "2026-12-17T10:00", *NY, "--country", "US",
                              "--event", "follow_up_sent=2026-12-29T09:00", "--now", "2026-12-17T12:00"))
    # Thu 17 Dec + 5bd: 18, 21, 22, 23, (24 closed, 25 Christmas), 28.
    assert found["follow-up"]["opens"] == "2026-12-28T11:00:00-05:00"
    # The call, 5bd after the follow-up sent Tue 29 Dec: 30, (31 closed, 1 Jan holiday), 4, 5, 6, 7 Jan.
    assert found["follow-up-call"]["due"] == "2027-01-07T10:00:00-05:00"
    thanksgiving = actions(plan_json(afterview_cli, "--interview", "2026-11-24T10:00", *NY, "--country", "US",
                                     "--now", "2026-11-24T12:00"))
    assert "Fri 27 Nov 2026 (Friday after Thanksgiving, offices thin)" in thanksgiving["follow-up"]["explanation"][3]


# --- Overlays compose badly ---------------------------------------------------------------------

def test_india_with_tech_keeps_indias_process_length(afterview_cli: Any) -> None:
    found = actions(plan_json(afterview_cli, "--interview", "2026-11-02T10:00", "--country", "IN",
                              "--industry", "tech", "--now", "2026-11-02T12:00"))
    assert found["expected-decision"]["due"] == "2026-11-18T11:00:00+05:30"  # 16 days, not tech's 24


def test_japan_with_tech_keeps_the_japanese_thank_you(afterview_cli: Any) -> None:
    found = actions(plan_json(afterview_cli, "--interview", "2026-11-02T10:00", "--country", "JP",
                              "--industry", "tech", "--now", "2026-11-02T12:00"))
    assert "jobrass-thank-you" in found["thank-you-note"]["sources"] or \
        "jp-etiquette" in found["thank-you-note"]["sources"]
    assert found["thank-you-note"]["due"] == "2026-11-02T17:00:00+09:00"


def test_healthcare_does_not_use_employer_side_working_days(afterview_cli: Any) -> None:
    found = actions(plan_json(afterview_cli, "--interview", "2026-11-17T14:00", *NY, "--industry", "healthcare",
                              "--now", "2026-11-18T09:00"))
    assert found["expected-decision"]["due"] == "2026-12-11T15:00:00-05:00"


@pytest.mark.parametrize(("industry", "uk_days"), [("finance", "2027-01-04"), ("consulting", "2027-01-11")])
def test_uk_only_figures_apply_only_in_the_uk(afterview_cli: Any, industry: str, uk_days: str) -> None:
    us = actions(plan_json(afterview_cli, "--interview", "2026-11-17T14:00", *NY, "--industry", industry))
    assert us["expected-decision"]["due"] == "2026-12-11T15:00:00-05:00"
    gb = actions(plan_json(afterview_cli, "--interview", "2026-11-17T14:00", "--country", "GB",
                           "--industry", industry))
    assert gb["expected-decision"]["due"].startswith(uk_days)


@pytest.mark.parametrize("industry", ["retail", "government", "academia"])
def test_industry_follow_up_offsets_are_sourced(industry: str) -> None:
    rule = load_ruleset(["default", f"industry-{industry}"]).rule("follow-up")
    assert rule is not None and rule.sources
    assert "advice" in (rule.body + rule.why)


def test_year_end_note_only_in_season(afterview_cli: Any) -> None:
    june = plan_json(afterview_cli, "--interview", "2026-06-02T10:00", *NY, "--country", "US")
    november = plan_json(afterview_cli, "--interview", "2026-11-17T10:00", *NY, "--country", "US")
    assert "year-end-slowdown" not in [g["rule"] for g in june["guidance"]]
    assert "year-end-slowdown" in [g["rule"] for g in november["guidance"]]


# --- Drafts --------------------------------------------------------------------------------------

FACTS = """
country: {country}
company: Acme
role: Data Engineer
candidate: {{name: Sam Taylor}}
interview:
  start: 2026-11-17T14:00
  interviewers:
{people}
"""


def write_facts(project: Any, country: str, people: list[str]) -> str:
    text = FACTS.format(country=country, people="\n".join(f"    - {p}" for p in people))
    project.write("f.yaml", text)
    return "f.yaml"


def test_one_thank_you_per_interviewer_greeted_by_given_name(afterview_cli: Any, afterview_project: Any) -> None:
    path = write_facts(afterview_project, "GB", ["{name: Jane Doe}", "{name: Omar Khan}"])
    texts = drafts(plan_json(afterview_cli, path), "thank-you-note")
    assert [t.splitlines()[0] for t in texts] == ["Dear Jane,", "Dear Omar,"]


def test_japanese_greeting_uses_family_name_and_san(afterview_cli: Any, afterview_project: Any) -> None:
    path = write_facts(afterview_project, "JP", ["{name: Tanaka Hiroshi}"])
    assert drafts(plan_json(afterview_cli, path), "thank-you-note")[0].startswith("Dear Tanaka-san,")


def test_german_greeting_uses_title_and_family_name(afterview_cli: Any, afterview_project: Any) -> None:
    path = write_facts(afterview_project, "DE", ["{name: Anna Schmidt, honorific: Frau}", "{name: Jonas Weber}"])
    texts = drafts(plan_json(afterview_cli, path), "thank-you-note")
    assert [t.splitlines()[0] for t in texts] == ["Dear Frau Schmidt,", "Dear Jonas Weber,"]


def test_missing_facts_read_naturally(afterview_cli: Any) -> None:
    data = plan_json(afterview_cli, "--interview", "2026-11-17T14:00", *NY)
    for action in data["actions"]:
        for draft in action["drafts"]:
            assert "[role]" not in draft["text"] and "[company]" not in draft["text"], action["rule"]
            assert "the  role" not in draft["text"] and " at ." not in draft["text"]
    assert "to talk about the role." in drafts(data, "thank-you-note")[0]


def test_the_linkedin_note_fits_its_limit_at_plan_time(afterview_cli: Any) -> None:
    data = plan_json(afterview_cli, "--interview", "2026-11-17T14:00", *NY,
                     "--company", "Acme Widgets International Holdings",
                     "--role", "Principal Distributed Systems Reliability Engineer, Payments Infrastructure",
                     "--interviewer", "Maximiliane Oberhausen")
    note = actions(data)["linkedin-connect"]["drafts"][0]
    assert note["chars"] <= note["max_chars"] == 200
    assert note["text"] == "Hi Maximiliane, thank you for our conversation. I'd be glad to stay in touch."


@pytest.mark.parametrize(("rule", "event", "words"), [
    ("reply-to-rejection", "rejected", "future openings"),
    ("acknowledge-offer", "offer_received", "send me the full offer in writing"),
    ("ask-for-time", "offer_received", "give you my answer by"),
    ("negotiate-offer", "offer_received", "one point I'd like to discuss"),
    ("withdraw-politely", "withdrew", "decided to withdraw"),
    ("tell-references-outcome", "rejected", "Thank you very much for being ready to speak for me"),
])
def test_drafts_for_every_step(afterview_cli: Any, rule: str, event: str, words: str) -> None:
    data = plan_json(afterview_cli, "--interview", "2026-11-17T14:00", *NY, "--event", f"{event}=2026-11-18T10:00",
                     "--now", "2026-11-18T11:00")
    assert words in drafts(data, rule)[0]


def test_a_rule_dated_from_a_rejection_lives_in_the_rejected_stage(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("mine.yaml", textwrap.dedent("""
        id: mine
        title: Mine
        extends: [default]
        rules:
          - id: call-a-friend
            title: Call a friend
            kind: task
            timing: {due: {anchor: event.rejected, offset: 1d}}
    """))
    found = actions(plan_json(afterview_cli, "--ruleset", "mine.yaml", "--interview", "2026-11-17T14:00", *NY,
                              "--event", "rejected=2026-11-18T10:00", "--now", "2026-11-18T11:00"))
    assert found["call-a-friend"]["status"] == "open"
    assert load_ruleset("mine.yaml").rule("call-a-friend").phase == "rejected"  # type: ignore[union-attr]


# --- Evaluation order -----------------------------------------------------------------------------

def test_a_long_chain_listed_dependants_first_plans_without_recursion(afterview_project: Any) -> None:
    count = 300
    rules = [f"  - {{id: step-{i}, title: Step {i}, kind: task, timing: {{due: {{anchor: rule.step-{i + 1}.due, "
             f"offset: 1d}}, roll: none}}}}" for i in range(count)]
    rules.append(f"  - {{id: step-{count}, title: Last, kind: task, timing: {{due: {{anchor: interview.end}}, roll: none}}}}")
    afterview_project.write("chain.yaml", "id: chain\ntitle: Chain\nrules:\n" + "\n".join(rules) + "\n")
    ruleset = load_ruleset("chain.yaml")
    assert [ruleset.rules[i].id for i in ruleset.order][:2] == [f"step-{count}", f"step-{count - 1}"]
    facts = load_facts({"timezone": "UTC", "interview": {"start": "2026-01-01T09:00"}})
    result = plan(ruleset, facts, datetime.fromisoformat("2026-01-01T09:00+00:00"))
    first = result.action("step-0")
    assert first is not None and first.due.isoformat() == "2026-10-28T10:00:00+00:00"  # 300 days after 10:00 1 Jan


def test_a_cycle_is_still_reported(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("loop.yaml", textwrap.dedent("""
        id: loop
        title: Loop
        rules:
          - {id: a, title: A, kind: task, timing: {due: {anchor: rule.b.due}}}
          - {id: b, title: B, kind: task, timing: {due: {anchor: rule.a.due}}}
    """))
    result = afterview_cli("validate", "loop.yaml")
    assert result.code == 1
    assert "rule 'b': timing refers to itself through other rules: a → b → a" in result.err


@pytest.mark.parametrize(("country", "zone", "industry"), [
    ("US", "America/New_York", None), ("US", "America/Los_Angeles", "government"), ("GB", "Europe/London", "finance"),
    ("DE", "Europe/Berlin", "academia"), ("JP", "Asia/Tokyo", "tech"), ("IN", "Asia/Kolkata", "retail"),
])
def test_the_plan_is_coherent_for_every_week_of_the_year(country: str, zone: str, industry: str | None) -> None:
    refs = ["default", f"country-{country.lower()}", *([f"industry-{industry}"] if industry else [])]
    ruleset = load_ruleset(refs)
    for week in range(52):
        start = datetime.fromisoformat("2026-01-05T16:30") + week * (datetime(2026, 1, 13) - datetime(2026, 1, 5))
        for decision in (None, {"within": "3 weeks"}):
            raw = {"country": country, "timezone": zone, "industry": industry,
                   "interview": {"start": start.isoformat()}, **({"decision": decision} if decision else {})}
            facts = load_facts({k: v for k, v in raw.items() if v is not None})
            result = plan(ruleset, facts, facts.interview_start)
            found = {a.rule_id: a for a in result.actions}
            where = f"{refs} {start:%a %d %b} {decision}"
            assert found["move-on"].due > found["expected-decision"].due, where
            quiet = found["be-patient"]
            for action in result.actions:
                if action.rule.contact == "employer":
                    assert not quiet.opens < action.due < quiet.closes, (where, action.rule_id)  # type: ignore[operator]
                if action.kind != "quiet":
                    assert "07:00" <= f"{action.due:%H:%M}" <= "21:00", (where, action.rule_id)
