"""Dates that must be right and explainable: one business-day calendar everywhere (UAT 12)."""

from __future__ import annotations

import json
from typing import Any

NY = ("--interview", "2026-11-17 14:00", "--timezone", "America/New_York", "--now", "2026-11-18T08:00-05:00")


def test_decision_in_business_days_counts_the_rulesets_closed_days(afterview_cli: Any) -> None:
    """10bd from Tue 17 Nov skips Thanksgiving and the US overlay's Friday after it: Thu 3 Dec, with the working."""
    result = afterview_cli("plan", *NY, "--decision-in", "10bd", "-f", "json")
    assert result.code == 0, result.err
    plan = json.loads(result.out)["plans"][0]
    assert plan["application"]["decision_by"] == "2026-12-03"
    milestone = next(a for a in plan["actions"] if a["rule"] == "expected-decision")
    assert milestone["due"] == "2026-12-03T17:00:00-05:00"
    explained = afterview_cli("explain", "expected-decision", *NY, "--decision-in", "10bd")
    assert ("due: stated decision date (Thu 3 Dec 2026: within 10 business days of the interview end (Tue 17 Nov 2026)"
            " in US, skipping Thu 26 Nov 2026 (Thanksgiving Day) and Fri 27 Nov 2026 (Friday after Thanksgiving,"
            " offices thin))") in explained.out


def test_decision_within_calendar_days_says_how_it_was_counted(afterview_cli: Any) -> None:
    explained = afterview_cli("explain", "expected-decision", *NY, "--decision-in", "2 weeks")
    assert "due: stated decision date (Tue 1 Dec 2026: within 2 weeks of the interview end (Tue 17 Nov 2026))" \
        in explained.out


def test_explain_without_facts_layers_the_sample_countrys_overlays(afterview_cli: Any) -> None:
    """The sample interview in New York gives the dates the same interview as facts gives."""
    alone = afterview_cli("explain", "follow-up", "--timezone", "America/New_York")
    with_facts = afterview_cli("explain", "follow-up", "--interview", "2026-11-17 14:00",
                               "--timezone", "America/New_York", "--now", "2026-11-18T09:00-05:00")
    closes = ("closes: interview end (Tue 17 Nov 2026 15:00) + 7 business days in US, skipping Thu 26 Nov 2026"
              " (Thanksgiving Day) and Fri 27 Nov 2026 (Friday after Thanksgiving, offices thin) → Mon 30 Nov 2026 15:00")
    assert "layers: default (of default, country-us)" in alone.out
    assert closes in alone.out
    assert closes in with_facts.out


BAD_CLOSED = """\
id: dates3
title: Dates
extends: [default]
applies_to: {country: US}
calendar:
  closed:
    - {yearly: "%s", name: bad}
    - {yearly: "11-20", through: "%s", name: bad2}
    - {day_after: Thanksgivng Day, name: typo}
"""


def test_validate_rejects_impossible_month_days_in_the_schema(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("dates3.yaml", BAD_CLOSED % ("13-01", "01-32"))
    result = afterview_cli("validate", "dates3.yaml")
    assert result.code == 1
    assert result.out + result.err == (
        "dates3.yaml:7:16: calendar.closed[0].yearly: '13-01' is not a day of the year, written MM-DD\n"
        "  hint: for example: 12-29\n"
        "dates3.yaml:8:34: calendar.closed[1].through: '01-32' is not a day of the year, written MM-DD\n"
        "  hint: for example: 01-03\n"
        "2 errors in 1 file\n")


def test_validate_rejects_days_no_year_has_and_unknown_holidays(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("dates5.yaml", BAD_CLOSED % ("02-30", "04-31"))
    hint = "  hint: write it as MM-DD, such as 12-24 (02-29 is allowed: it counts in leap years)\n"
    for command in (("validate", "dates5.yaml"),
                    ("plan", "--ruleset", "dates5.yaml", "--interview", "2026-11-17 14:00", "--timezone",
                     "America/New_York", "--now", "2026-11-18T09:00-05:00")):
        result = afterview_cli(*command)
        assert result.code == 1
        assert (result.out + result.err).startswith(
            "dates5.yaml:7:16: calendar.closed[0].yearly: '02-30' is not a day of the year\n" + hint +
            "dates5.yaml:8:34: calendar.closed[1].through: '04-31' is not a day of the year\n" + hint +
            "dates5.yaml:9:19: calendar.closed[2].day_after: no public holiday in US is named 'Thanksgivng Day'"
            " (did you mean 'Thanksgiving Day'?)\n"
            "  hint: use a public holiday's name as the holidays package spells it in English\n"), result.err


def test_a_leap_day_and_a_real_holiday_name_are_accepted(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("ok.yaml", BAD_CLOSED.replace("Thanksgivng", "Thanksgiving") % ("02-29", "01-31"))
    result = afterview_cli("validate", "ok.yaml")
    assert (result.code, result.out) == (0, "ok.yaml: ok (overlay)\n1 file checked, no errors\n")


US_HINT = ("  hint: pass --timezone with one of: America/New_York, America/Chicago, America/Denver, America/Phoenix,"
           " America/Los_Angeles, America/Anchorage, America/Adak, Pacific/Honolulu\n")


def test_validate_rejects_the_facts_plan_rejects(afterview_cli: Any, afterview_project: Any) -> None:
    """One checker (UAT 16): a country of several zones, a 'done' event naming no rule."""
    afterview_project.write("uscountry.yaml", "company: Acme\ninterview:\n  start: 2026-11-17T14:00\ncountry: US\n")
    afterview_project.write("events2.yaml", "company: Acme\ninterview:\n  start: 2026-11-17T14:00\n"
                                            "timezone: America/New_York\nevents:\n"
                                            "  - {type: done, rule: nosuch, at: 2026-11-20}\n")
    us = "uscountry.yaml:4:10: US has 8 timezones; say which one\n" + US_HINT
    done = ("events2.yaml:6:24: events[0].rule: no rule 'nosuch' in ruleset default+country-us\n"
            "  hint: 'afterview rules' lists the rule ids\n")
    validated = afterview_cli("validate", "uscountry.yaml", "events2.yaml")
    assert (validated.code, validated.out + validated.err) == (1, done + us + "2 errors in 2 files\n")
    for name, message in (("uscountry.yaml", us), ("events2.yaml", done)):
        planned = afterview_cli("plan", name, "--now", "2026-11-22T09:00-05:00")
        assert (planned.code, planned.err) == (1, message)


def test_validate_rejects_a_test_file_whose_case_afterview_test_rejects(afterview_cli: Any,
                                                                         afterview_project: Any) -> None:
    afterview_project.write("fail.test.yaml", """\
rulesets: [default]
facts:
  company: Northwind
  timezone: America/New_York
  interview: {start: 2026-11-17T14:00}
cases:
  - name: fine
    now: 2026-11-18T09:00
    expect:
      - {rule: thank-you-note, status: open}
  - name: bad date
    now: 2026-11-31T09:00
    expect:
      - {rule: thank-you-note, status: open}
""")
    message = ("fail.test.yaml:12:10: cases[1].now: '2026-11-31T09:00' is not a date and time\n"
               "  hint: write it as 2026-11-18T09:00, in the facts' timezone\n")
    validated = afterview_cli("validate", "fail.test.yaml")
    assert (validated.code, validated.out + validated.err) == (1, message + "1 error\n")
    tested = afterview_cli("test", "fail.test.yaml")
    assert (tested.code, tested.out + tested.err) == (1, message)


def test_add_uses_the_countrys_own_zone_as_plan_does(afterview_cli: Any, tmp_path: Any,
                                                     monkeypatch: Any) -> None:
    """UAT 6: --country DE is Europe/Berlin, not the machine's zone; the note says where the zone came from."""
    monkeypatch.setenv("TZ", "Etc/UTC")
    journal = tmp_path / "j7"
    result = afterview_cli("add", "--company", "A", "--interview", "2026-11-17 14:00", "--country", "DE",
                           "--journal", str(journal))
    assert result.code == 0, result.err
    assert result.out.splitlines()[1] == "Note: timezone Europe/Berlin: DE keeps one time"
    assert "timezone: Europe/Berlin\n" in (journal / "a.yaml").read_text(encoding="utf-8")


def test_add_refuses_a_country_of_several_zones_as_plan_does(afterview_cli: Any, afterview_project: Any,
                                                             tmp_path: Any) -> None:
    afterview_project.write("uscountry.yaml", "company: Acme\ninterview:\n  start: 2026-11-17T14:00\ncountry: US\n")
    journal = str(tmp_path / "j8")
    flags = afterview_cli("add", "--company", "A", "--interview", "2026-11-17 14:00", "--country", "US",
                          "--journal", journal)
    assert (flags.code, flags.err) == (1, "--country: US has 8 timezones; say which one\n" + US_HINT)
    from_file = afterview_cli("add", "uscountry.yaml", "--journal", journal)
    assert (from_file.code, from_file.err) == (1, "uscountry.yaml:4:10: US has 8 timezones; say which one\n" + US_HINT)
    assert not (tmp_path / "j8").exists() or list((tmp_path / "j8").iterdir()) == []


def test_an_event_after_now_is_refused_by_record_add_and_plan(afterview_cli: Any, afterview_project: Any,
                                                              tmp_path: Any) -> None:
    """UAT 11: what has not happened cannot be recorded."""
    journal = str(tmp_path / "j")
    added = afterview_cli("add", "--company", "Acme", "--role", "Dev", "--interview", "2026-11-17 14:00",
                          "--timezone", "America/New_York", "--journal", journal)
    assert added.code == 0, added.err
    recorded = afterview_cli("record", "acme-dev", "rejected", "--at", "2027-11-20T10:00", "--now",
                             "2026-11-22T14:00Z", "--journal", journal)
    assert (recorded.code, recorded.err) == (1, "--at: it is dated after now (2026-11-22T09:00 in America/New_York)\n"
                                                "  hint: record what has happened, when it happened\n")
    hint = ("  hint: record what has happened, when it happened; a next interview's date goes in"
            " next_round_scheduled's 'interview'\n")
    planned = afterview_cli("plan", "--interview", "2026-11-17 14:00", "--timezone", "America/New_York",
                            "--event", "rejected=2027-11-20T10:00", "--now", "2026-11-22T14:00Z")
    assert (planned.code, planned.err) == (1, "--event: events[0].at: rejected is dated Sat 20 Nov 2027 10:00,"
                                              " after now (Sun 22 Nov 2026 09:00)\n" + hint)
    a_date_today = afterview_cli("plan", "--interview", "2026-11-17 14:00", "--timezone", "America/New_York",
                                 "--event", "rejected=2026-11-22", "--now", "2026-11-22T14:00Z")
    assert a_date_today.code == 0, a_date_today.err  # a date alone is 'today', not noon still to come


def test_status_shows_the_year_of_a_date_in_another_year(afterview_cli: Any, tmp_path: Any) -> None:
    journal = tmp_path / "j"
    journal.mkdir()
    (journal / "acme-dev.yaml").write_text("company: Acme\nrole: Dev\ntimezone: America/New_York\n"
                                           "interview: {start: 2026-12-30T14:00}\ndecision: {by: 2027-01-15}\n")
    status = afterview_cli("status", "--journal", str(journal), "--now", "2026-12-30T16:00-05:00")
    assert status.code == 0, status.err
    row = status.out.splitlines()[1]
    assert row.endswith("Fri 15 Jan 2027"), row
    assert "Wed 30 Dec: Leave the building" in row, row  # this year: no year


def test_a_time_the_clocks_skip_is_an_error_naming_the_nearest_times(afterview_cli: Any) -> None:
    """UAT 14: 02:30 on 8 Mar 2026 never happens in New York; it is not moved to 03:30 silently."""
    result = afterview_cli("plan", "--interview", "2026-03-08 02:30", "--timezone", "America/New_York",
                           "--now", "2026-03-09T09:00-04:00")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "--interview: interview.start: 2026-03-08 02:30 does not exist in America/New_York: the clocks jump from"
        " 02:00 to 03:00 on Sun 8 Mar 2026\n"
        "  hint: the nearest times that exist are 01:59 and 03:00; or add the offset the invitation meant,"
        " e.g. 2026-03-08 02:30-05:00 or 2026-03-08 02:30-04:00\n")


def test_a_time_that_happens_twice_is_the_first_said_so_and_lasts_one_real_hour(afterview_cli: Any) -> None:
    result = afterview_cli("plan", "--interview", "2026-11-01 01:30", "--timezone", "America/New_York",
                           "--now", "2026-11-01T08:00-05:00", "-f", "json")
    assert result.code == 0, result.err
    plan = json.loads(result.out)["plans"][0]
    start, end = plan["application"]["interview_start"], plan["application"]["interview_end"]
    assert (start, end) == ("2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00")  # 05:30Z to 06:30Z
    assert ("interview.start: 2026-11-01 01:30 happens twice in America/New_York (the clocks go back that night):"
            " the first is used, -04:00; write 2026-11-01 01:30-05:00 for the second") in plan["notes"]


def test_the_guides_planner_agrees_on_these_dates(node_modules: Any) -> None:
    """The in-browser planner: 10bd on the ruleset's calendar, an hour across a clock change, a skipped time."""
    from tests.test_differential import first_difference, python_view, run_js, site_bundle

    base = {"company": "Acme", "timezone": "America/New_York", "country": "US"}
    cases = [
        {"program": "default+country-us", "now": "2026-11-18T14:00:00+00:00",
         "facts": {**base, "interview": {"start": "2026-11-17T14:00"}, "decision": {"within": "10bd"}}},
        {"program": "default+country-us", "now": "2026-11-01T13:00:00+00:00",
         "facts": {**base, "interview": {"start": "2026-11-01T01:30"}}},
        {"program": "default+country-us", "now": "2026-03-09T13:00:00+00:00",
         "facts": {**base, "interview": {"start": "2026-03-08T02:30"}}},
    ]
    assert first_difference(cases) is None
    decided = python_view(cases[0])
    assert next(a for a in decided["actions"] if a["rule"] == "expected-decision")["due"] == "2026-12-03T17:00:00-05:00"
    got = run_js(site_bundle(["default+country-us"]), cases[2:])
    assert "error" in got[0] and "does not exist in America/New_York" in got[0]["error"]


def test_validate_reports_a_loop_with_the_other_problems_in_one_pass(afterview_cli: Any, afterview_project: Any) -> None:
    """UAT 17: an unknown anchor no longer hides the cyc-a/cyc-b loop."""
    afterview_project.write("missing2.yaml", """\
id: missing2
title: Missing
extends: [default]
rules:
  - id: new-rule
    title: New rule
    kind: task
    body: hi
    timing:
      due: {anchor: rule.follow-upp.due, offset: 1d}
  - id: cyc-a
    title: A
    kind: task
    body: a
    timing: {due: {anchor: rule.cyc-b.due, offset: 1d}}
  - id: cyc-b
    title: B
    kind: task
    body: b
    timing: {due: {anchor: rule.cyc-a.due, offset: 1d}}
""")
    result = afterview_cli("validate", "missing2.yaml")
    assert (result.code, result.out + result.err) == (1, (
        "missing2.yaml:10:12: rule 'new-rule': timing.due refers to unknown rule 'follow-upp'"
        " (did you mean 'follow-up'?)\n"
        "  hint: anchor on a rule of this ruleset, rule.ID.opens|due|closes ('afterview rules' lists the ids)\n"
        "missing2.yaml:20:13: rule 'cyc-b': timing refers to itself through other rules: cyc-a → cyc-b → cyc-a\n"
        "  hint: anchor one of these rules on the interview, the decision date or an event instead\n"
        "2 errors in 1 file\n"))


def test_working_hours_hold_on_open_days_only(afterview_cli: Any) -> None:
    """UAT 32: a Saturday has no working hours; 01:00 is not moved to 09:00 'before working hours' that day."""
    result = afterview_cli("explain", "thank-you-note", "--interview", "2026-11-20 18:00", "--country", "JP",
                           "--now", "2026-11-19T08:00+09:00")
    assert result.code == 0, result.err
    assert ("due: interview end (Fri 20 Nov 2026 19:00) + 6 hours → Sat 21 Nov 2026 01:00; no due time between"
            " 21:00 and 07:00, so by 21:00 → Fri 20 Nov 2026 21:00") in result.out
    weekday = afterview_cli("explain", "thank-you-note", "--interview", "2026-11-19 18:00", "--country", "JP",
                            "--now", "2026-11-19T08:00+09:00")
    assert ("+ 6 hours → Fri 20 Nov 2026 01:00; before working hours, so at 09:00 → Fri 20 Nov 2026 09:00"
            in weekday.out)  # an open day keeps its working hours
