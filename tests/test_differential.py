"""The guide's JavaScript planner against the Python engine, on generated cases.

``make_case(n)`` builds case ``n`` from its number alone (a fixed seed), so a
failure names the case to reproduce:
``AFTERVIEW_CASES=1234 pytest tests/test_differential.py -k by_number`` runs
just that one and prints both plans when they differ.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
from datetime import date, datetime, timedelta
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview import load_ruleset
from afterview.errors import AfterviewError
from afterview.facts.sources import load_facts
from afterview.planning.engine import plan
from afterview.planning.holiday_tables import HolidayStore
from afterview.planning.program import build_years, bundle, compile_program, holiday_tables
from afterview.rules.locate import builtin_names
from afterview.rules.offsets import Offset
from afterview.rules.timing import AnchorPoint, FirstOf

RUNNER = Path(__file__).parent / "js" / "run-planner.mjs"
STATIC = Path(str(files("afterview") / "site" / "static"))
SEED = 20261117
CASES = 2400
YEARS = build_years(date(2026, 6, 1))
STORE = HolidayStore()

COUNTRIES = sorted(n for n in builtin_names() if n.startswith("country-"))
INDUSTRIES = [None, *sorted(n for n in builtin_names() if n.startswith("industry-"))]
# Not shipped on the site, but they hold the forms the shipped rulesets do not use (fractions, latest_of,
# rolling back, a ruleset's own weekend and closed days, every condition and template construct).
VARIANTS = ["early-follow-up", str(Path(__file__).parent / "data" / "every-form.yaml")]
ZONES = {
    "DE": ["Europe/Berlin"], "GB": ["Europe/London"], "IN": ["Asia/Kolkata"], "JP": ["Asia/Tokyo"],
    "US": ["America/New_York", "America/Chicago", "America/Los_Angeles", "America/Phoenix"],
}
OTHER_ZONES = ["Australia/Sydney", "America/Sao_Paulo", "Europe/Paris", "Pacific/Auckland", "UTC"]
NAMES = ["Jane Doe", "Zoë Ångström", "Kenji Sato", "Priya Nair", "O'Brien, Pat"]
TOPICS = ["data pipelines", "team culture", "on-call", "データメッシュ"]
# Events in an order a real application could record them.
SEQUENCE = ["thank_you_sent", "linkedin_connected", "references_notified", "follow_up_sent", "follow_up_call_made",
            "escalated", "feedback_requested", "next_round_scheduled"]
DONE_RULES = ["thank-you-note", "follow-up", "linkedin-connect", "notify-references", "debrief-notes", "escalate"]
OUTCOMES = [[], ["reply_received"], ["rejected"], ["offer_received"], ["offer_received", "offer_accepted"],
            ["offer_received", "offer_declined"], ["withdrew"]]


@cache
def builtin_overlays() -> list[Any]:
    from afterview.rules.overlays import find_overlays

    return find_overlays([("built-in", None)])


def program_name(country: str, industry: str | None, variant: str | None = None) -> str:
    """The layers afterview plan picks for this country and industry (as the site's planner does), plus a variant."""
    from afterview.rules.overlays import layering

    code = country.removeprefix("country-").upper()
    refs = layering(industry.removeprefix("industry-") if industry else None, code, builtin_overlays()).refs
    return "+".join([*refs, *([variant] if variant else [])])


@cache
def ruleset(name: str) -> Any:
    return load_ruleset(name.split("+"))


@cache
def transitions(zone: str, year: int) -> list[datetime]:
    """The local days a zone changes its UTC offset in a year (found hour by hour)."""
    tz, found = ZoneInfo(zone), []
    moment = datetime(year, 1, 1, tzinfo=ZoneInfo("UTC"))
    last = moment.astimezone(tz).utcoffset()
    while moment.year == year:
        moment += timedelta(hours=1)
        offset = moment.astimezone(tz).utcoffset()
        if offset != last:
            found.append(moment.astimezone(tz).replace(tzinfo=None))
            last = offset
    return found


def _start(rng: random.Random, code: str, zone: str) -> datetime:
    """An interview start, well inside the holiday tables' years (rolling back can cross New Year)."""
    start = _any_start(rng, code, zone)
    return start if start >= datetime(YEARS.start, 1, 20) else start + timedelta(days=20)


def _any_start(rng: random.Random, code: str, zone: str) -> datetime:
    year = rng.choice([y for y in YEARS if y < YEARS.stop - 1])
    style = rng.random()
    if style < 0.3 and (changes := transitions(zone, year)):  # DST: the day before, of and after a change
        day = rng.choice(changes) + timedelta(days=rng.randint(-3, 1))
        return day.replace(hour=rng.choice([0, 1, 2, 3, 13, 23]), minute=rng.choice([0, 30]))
    if style < 0.6:  # a holiday in the next fortnight
        table = STORE.holidays(code, None, year)
        holiday = rng.choice(sorted(table))
        day = datetime.combine(max(holiday - timedelta(days=rng.randint(0, 14)), date(YEARS.start, 1, 1)),
                               datetime.min.time())
        return day.replace(hour=rng.randint(7, 18), minute=rng.choice([0, 15, 30, 45]))
    day = datetime(year, 1, 1) + timedelta(days=rng.randint(0, 360))
    return day.replace(hour=rng.randint(6, 20), minute=rng.choice([0, 10, 30, 45]))


def _decision(rng: random.Random, end: datetime) -> dict[str, Any] | None:
    kind = rng.random()
    if kind < 0.35:
        return None
    if kind < 0.7:
        return {"by": (end.date() + timedelta(days=rng.randint(0, 40))).isoformat()}
    return {"within": rng.choice(["3 days", "1 week", "2 weeks", "5bd", "10 business days", "48 hours", "10d"])}


def _events(rng: random.Random, start: datetime) -> list[dict[str, str]]:
    kinds = SEQUENCE[: rng.randint(0, len(SEQUENCE))] if rng.random() < 0.7 else []
    kinds = [k for k in kinds if rng.random() < 0.7] + rng.choice(OUTCOMES)
    events, at = [], start
    if rng.random() < 0.25:  # a second round, somewhere in the sequence
        kinds.insert(rng.randint(0, len(kinds)), "next_round_scheduled")
    if rng.random() < 0.3:
        kinds.insert(rng.randint(0, len(kinds)), "done")
    for kind in kinds:
        at += timedelta(hours=rng.randint(1, 24 * 9), minutes=rng.choice([0, 7, 30]))
        dated = rng.random() < 0.25 and at.date() > start.date()  # a bare date means 12:00
        text = at.date().isoformat() if dated else at.strftime("%Y-%m-%dT%H:%M")
        event = {"type": kind, "at": text}
        if kind == "done":
            event["rule"] = rng.choice(DONE_RULES)
        if kind == "next_round_scheduled" and rng.random() < 0.8:
            event["interview"] = (at + timedelta(days=rng.randint(1, 10), hours=rng.randint(-3, 3))).strftime(
                "%Y-%m-%dT%H:%M")
        events.append(event)
    return events


def _details(rng: random.Random, facts: dict[str, Any], industry: str | None) -> None:
    for key, values in (("company", ["Acme", "Initech", "Société Générale"]), ("role", ["Data Engineer", "Nurse"])):
        if rng.random() < 0.8:
            facts[key] = rng.choice(values)
    if industry:
        facts["industry"] = industry.removeprefix("industry-")
    for key, values in (("seniority", ["entry", "senior", "lead"]), ("round", [1, 2, 3]),
                        ("format", ["onsite", "video", "phone"])):
        if rng.random() < 0.4:
            (facts if key == "seniority" else facts["interview"])[key] = rng.choice(values)
    if rng.random() < 0.2:
        facts["linkedin"] = {"premium": rng.random() < 0.5}
    if rng.random() < 0.8:
        facts["candidate"] = {"name": rng.choice(["Sam Taylor", "Ana Lima"])}


def _people(rng: random.Random) -> list[dict[str, Any]]:
    people = []
    for name in rng.sample(NAMES, rng.randint(0, 3)):
        person: dict[str, Any] = {"name": name}
        if rng.random() < 0.5:
            person["email"] = "someone@example.org"
        if rng.random() < 0.6:
            person["topics"] = rng.sample(TOPICS, rng.randint(1, 2))
        people.append(person)
    return people


def make_case(number: int) -> dict[str, Any]:
    """Case ``number``: a program name, a facts file as a dict, and `now` as ISO text. Pure in its number."""
    rng = random.Random(f"{SEED}-{number}")
    country = rng.choice(COUNTRIES)
    code = country.removeprefix("country-").upper()
    industry = rng.choice(INDUSTRIES)
    variant = rng.choice(VARIANTS) if rng.random() < 0.2 else None
    zone = rng.choice(ZONES[code]) if rng.random() < 0.85 else rng.choice(OTHER_ZONES)
    start = _start(rng, code, zone)
    facts: dict[str, Any] = {"timezone": zone, "country": code, "interview": {"start": start.strftime("%Y-%m-%dT%H:%M")}}
    end = start + timedelta(hours=1)
    if rng.random() < 0.5:
        end = start + timedelta(minutes=rng.choice([30, 45, 90, 180]))
        facts["interview"]["end"] = end.strftime("%Y-%m-%dT%H:%M")
    _details(rng, facts, industry)
    if people := _people(rng):
        facts["interview"]["interviewers"] = people
    decision = _decision(rng, end)
    if decision:
        facts["decision"] = decision
    if events := _events(rng, start):
        facts["events"] = events
    now = start + timedelta(hours=rng.randint(-48, 24 * 60), minutes=rng.choice([0, 1, 30, 59]))
    now_text = now.replace(tzinfo=ZoneInfo(zone)).astimezone(ZoneInfo("UTC")).isoformat()
    return {"program": program_name(country, industry, variant), "facts": facts, "now": now_text}


def python_view(case: dict[str, Any], rulesets: Any = ruleset) -> dict[str, Any]:
    """The Python engine's plan in the shape the JavaScript planner reports it."""
    rules = rulesets(case["program"])
    facts = load_facts(case["facts"], default_country=rules.calendar.country)
    result = plan(rules, facts, datetime.fromisoformat(case["now"]), holidays=STORE)

    def iso(moment: datetime | None) -> str | None:
        return moment.isoformat() if moment else None

    def drafts(item: Any) -> list[dict[str, Any]]:
        return [{"id": d.id, "title": d.title, "channel": d.channel, "subject": d.subject, "text": d.text,
                 "max_chars": d.max_chars, "to": d.to} for d in item.drafts]

    def item(g: Any) -> dict[str, Any]:
        out = {"rule": g.rule_id, "summary": g.summary, "drafts": drafts(g)}
        return {**out, "condition": g.condition, "event": g.event} if g.event else out

    def action(a: Any) -> dict[str, Any]:
        return {"rule": a.rule_id, "status": a.status, "due": iso(a.due), "opens": iso(a.opens),
                "closes": iso(a.closes), "summary": a.summary, "explanation": a.explanation, "drafts": drafts(a)}

    moved = result.stage_event
    return {
        "stage": result.stage.id if result.stage else None,
        "stage_event": [moved.type, iso(moved.at)] if moved else None, "round": result.round,
        "actions": [action(a) for a in result.actions], "earlier": [action(a) for a in result.earlier],
        "guidance": [item(g) for g in result.guidance], "conditional": [item(g) for g in result.conditional],
        "not_applicable": result.not_applicable,
    }


def site_bundle(names: list[str], rulesets: Any = ruleset) -> dict[str, Any]:
    codes = [part.removeprefix("country-").upper() for n in names for part in n.split("+") if part.startswith("country-")]
    return bundle({n: compile_program(rulesets(n)) for n in names}, holiday_tables(STORE, codes, YEARS), YEARS)


def run_js(data: dict[str, Any], cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every case through the JavaScript planner, in one Node process."""
    done = subprocess.run(["node", str(RUNNER), str(STATIC)], input=json.dumps({"bundle": data, "cases": cases}),
                          capture_output=True, text=True, check=True)
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


def first_difference(cases: list[dict[str, Any]], rulesets: Any = ruleset) -> str | None:
    """None if both engines agree on every case, else the first disagreement in full."""
    names = sorted({c["program"] for c in cases})
    js = run_js(site_bundle(names), cases)
    for number, (case, got) in enumerate(zip(cases, js, strict=True)):
        try:
            expected = {"plan": python_view(case, rulesets)}
        except AfterviewError as exc:  # e.g. an interview ending before a start moved forward out of a DST gap
            expected = {"error": str(exc)}
            if "error" in got:
                continue
        if got != expected:
            return (f"case {number}: {json.dumps(case, ensure_ascii=False)}\n"
                    f"python: {json.dumps(expected, ensure_ascii=False, indent=1)}\n"
                    f"javascript: {json.dumps(got, ensure_ascii=False, indent=1)}")
    return None


@pytest.mark.slow
def test_the_generator_is_reproducible_and_covers_every_program() -> None:
    assert make_case(17) == make_case(17)
    cases = [make_case(n) for n in range(CASES)]
    assert {c["program"] for c in cases} >= {program_name(c, i) for c in COUNTRIES for i in INDUSTRIES}
    assert {c["program"].split("+")[-1] for c in cases} >= set(VARIANTS)
    assert sum(1 for c in cases if "events" in c["facts"]) > CASES // 3


@pytest.mark.slow
def test_javascript_planner_agrees_with_python() -> None:
    cases = [make_case(n) for n in range(CASES)]
    difference = first_difference(cases)
    assert difference is None, difference


@pytest.mark.slow
def test_the_comparison_bites_when_one_offset_changes_in_python_only() -> None:
    cases = [make_case(n) for n in range(60)]
    assert first_difference(cases) is None

    def changed(name: str) -> Any:
        rules = load_ruleset(name.split("+"))
        follow_up = rules.rule("follow-up")
        assert follow_up is not None and follow_up.timing is not None
        due = follow_up.timing.due
        assert isinstance(due, FirstOf) and isinstance(due.points[1], AnchorPoint)
        moved = AnchorPoint(due.points[1].anchor, Offset(7, "bd"))  # 6bd (10bd in DE) becomes 7bd
        object.__setattr__(due, "points", (due.points[0], moved))
        return rules

    difference = first_difference(cases, cache(changed))
    assert difference is not None and "follow-up" in difference


def test_cases_by_number() -> None:
    cases = [make_case(int(n)) for n in os.environ.get("AFTERVIEW_CASES", "0,1,2").split(",")]
    difference = first_difference(cases)
    assert difference is None, difference


@pytest.mark.slow
def test_the_cases_reach_every_status_and_the_round_and_quiet_period_rules() -> None:
    """The generated cases exercise what the planners must agree on: lapsed steps, passed milestones, a quiet
    period that would end before it starts, and a round that outlived the stated decision date."""
    views = []
    for case in (make_case(n) for n in range(600)):
        try:
            views.append((case, python_view(case)))
        except AfterviewError:  # a start the clocks skip is refused by both planners (first_difference checks it)
            continue
    statuses = {a["status"] for _, view in views for a in view["actions"]}
    assert statuses >= {"upcoming", "open", "overdue", "done", "skipped", "lapsed", "passed"}
    assert any(view["not_applicable"].get("be-patient", [""])[0].startswith("no quiet period: it would end")
               for _, view in views)
    assert any("decision" in case["facts"] and view["round"] and view["round"] > 1
               and any("no decision date was stated" in line for a in view["actions"] if a["rule"] == "follow-up"
                       for line in a["explanation"])
               for case, view in views)


def test_the_site_calendar_keeps_an_ended_quiet_period_and_drops_done_steps() -> None:
    from icalendar import Calendar

    facts = {"timezone": "America/New_York", "country": "US", "company": "Acme",
             "interview": {"start": "2026-11-17T14:00"}, "decision": {"by": "2026-12-01"},
             "events": [{"type": "thank_you_sent", "at": "2026-11-18T09:10"}]}
    case = {"program": program_name("country-us", None), "facts": facts, "ics": "acme"}
    before, after = run_js(site_bundle([case["program"]]), [
        {**case, "now": "2026-11-20T14:00:00+00:00"}, {**case, "now": "2026-12-04T14:00:00+00:00"}])
    statuses = {a["rule"]: a["status"] for a in after["plan"]["actions"]}
    assert statuses["be-patient"] == "done"  # ended: "done" for a quiet period
    events = [{str(e["SUMMARY"]): e for e in Calendar.from_ical(r["ics"].encode()).walk("VEVENT")}
              for r in (before, after)]
    quiet = "Quiet period — no contact (Acme)"
    assert [(str(e[quiet].get("STATUS")), e[quiet]["DTEND"].to_ical()) for e in events] == [
        ("None", b"20261202"), ("None", b"20261202")]
    assert not any(s.startswith("Send a thank-you note") for s in events[1])  # a done task leaves the calendar
