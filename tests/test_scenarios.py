"""Dated scenarios across countries, industries and events, each date worked out here independently.

The expected dates use only ``datetime``, ``zoneinfo`` and the ``holidays``
package, plus the closed days the overlays declare (written out again here:
JP 29 Dec-3 Jan; US 24 and 31 Dec and the Friday after Thanksgiving), never
afterview's own calendar code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import pytest

ZONES = {"US": "America/New_York", "GB": "Europe/London", "DE": "Europe/Berlin", "JP": "Asia/Tokyo",
         "IN": "Asia/Kolkata", "NZ": "Pacific/Auckland", "IL": "Asia/Jerusalem"}


@cache
def public(country: str, year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays(country, years=year))


@cache
def weekend(country: str) -> frozenset[int]:
    import holidays

    return frozenset(holidays.country_holidays(country).weekend)


def thanksgiving(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


def declared(country: str, day: date) -> bool:
    """The overlays' own closed days, computed from their definitions."""
    if country == "US":
        return (day.month, day.day) in ((12, 24), (12, 31)) or day == thanksgiving(day.year) + timedelta(days=1)
    if country == "JP":
        return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)
    return False


def is_open(country: str, day: date) -> bool:
    return day.weekday() not in weekend(country) and day not in public(country, day.year) \
        and not declared(country, day)


def add_bd(country: str, day: date, count: int) -> date:
    while count:
        day += timedelta(days=1)
        count -= is_open(country, day)
    return day


def roll(country: str, day: date) -> date:
    while not is_open(country, day):
        day += timedelta(days=1)
    return day


def at(day: date, clock: str, country: str) -> str:
    return datetime.combine(day, time.fromisoformat(clock), ZoneInfo(ZONES[country])).isoformat()


def d(text: str) -> date:
    return date.fromisoformat(text)


@dataclass
class Scenario:
    name: str
    country: str
    interview: str  # local start; the interview lasts an hour
    rule: str
    expect: Callable[[], str]
    field: str = "due"
    extra: tuple[str, ...] = ()

    def args(self) -> list[str]:
        return ["--interview", self.interview, "--country", self.country, "--timezone", ZONES[self.country],
                *self.extra]


def end_day(s: str) -> date:
    return d(s[:10])


def us_followup_due(start: str) -> date:
    return add_bd("US", end_day(start), 6)


def later(*moments: str) -> str:
    return max(moments, key=datetime.fromisoformat)


def plus_week(moment: str) -> str:
    value = datetime.fromisoformat(moment)
    return (value + timedelta(days=7)).isoformat()


def expected_decision(country: str, start: str, days: int) -> str:
    end_clock = f"{int(start[11:13]) + 1:02d}{start[13:16]}"
    return at(roll(country, end_day(start) + timedelta(days=days)), end_clock, country)


def call_due(country: str, start: str, first: int = 6, gap: int = 5) -> str:
    return at(add_bd(country, add_bd(country, end_day(start), first), gap), "10:00", country)


def email_sent(country: str, start: str, first: int = 6) -> tuple[str, str]:
    """The follow-up email recorded at 09:00 on its due day: the call is dated only from it."""
    return "--event", f"follow_up_sent={add_bd(country, end_day(start), first)}T09:00"


GOV = ("--industry", "government")
SCENARIOS = [
    # US default: the follow-up on every weekday of a plain week, then around the holidays.
    *[Scenario(f"US follow-up, interview on {day}", "US", f"{day}T14:00", "follow-up",
               lambda day=day: at(us_followup_due(day), "09:00", "US"))
      for day in ("2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05")],
    Scenario("US follow-up opens across Thanksgiving and the Friday after", "US", "2026-11-24T10:00", "follow-up",
             lambda: at(add_bd("US", d("2026-11-24"), 5), "11:00", "US"), "opens"),
    Scenario("US follow-up opens across Christmas Eve and Christmas", "US", "2026-12-17T10:00", "follow-up",
             lambda: at(add_bd("US", d("2026-12-17"), 5), "11:00", "US"), "opens"),
    Scenario("US follow-up due across New Year's Eve and Day", "US", "2026-12-21T10:00", "follow-up",
             lambda: at(add_bd("US", d("2026-12-21"), 6), "09:00", "US")),
    Scenario("US follow-up after a stated date", "US", "2026-11-17T14:00", "follow-up",
             lambda: at(add_bd("US", d("2026-12-01"), 2), "09:00", "US"), extra=("--decision-by", "2026-12-01")),
    Scenario("US follow-up opens the business day after a stated Wednesday", "US", "2026-11-17T14:00", "follow-up",
             lambda: at(add_bd("US", d("2026-11-25"), 1), "17:00", "US"), "opens",
             extra=("--decision-by", "2026-11-25")),
    Scenario("US expected decision, no date", "US", "2026-11-17T14:00", "expected-decision",
             lambda: expected_decision("US", "2026-11-17T14:00", 24)),
    Scenario("US expected decision from a Friday", "US", "2026-06-05T09:00", "expected-decision",
             lambda: expected_decision("US", "2026-06-05T09:00", 24)),
    Scenario("US thank-you a day after a Friday interview, not moved to Monday", "US", "2026-11-20T14:00",
             "thank-you-note", lambda: at(d("2026-11-21"), "15:00", "US")),
    Scenario("US thank-you inside working hours after a late interview", "US", "2026-11-17T17:00", "thank-you-note",
             lambda: at(d("2026-11-18"), "17:30", "US")),
    Scenario("US phone call five business days after the follow-up", "US", "2026-11-30T10:00", "follow-up-call",
             lambda: call_due("US", "2026-11-30T10:00"), extra=email_sent("US", "2026-11-30T10:00")),
    Scenario("US move on a week after the later of the call and the expected decision", "US", "2026-06-01T10:00",
             "move-on", lambda: later(plus_week(call_due("US", "2026-06-01T10:00")),
                                      plus_week(expected_decision("US", "2026-06-01T10:00", 24)))),
    Scenario("US reply to a rejection on the eve of Thanksgiving", "US", "2026-11-17T14:00", "reply-to-rejection",
             lambda: at(roll("US", d("2026-11-26")), "16:00", "US"), extra=("--event", "rejected=2026-11-25T16:00")),
    Scenario("US feedback request two business days after a rejection", "US", "2026-11-17T14:00", "ask-feedback",
             lambda: at(add_bd("US", d("2026-11-25"), 2), "16:00", "US"),
             extra=("--event", "rejected=2026-11-25T16:00")),
    Scenario("US acknowledge an offer received on a Friday", "US", "2026-11-17T14:00", "acknowledge-offer",
             lambda: at(roll("US", d("2026-11-21")), "10:00", "US"), extra=("--event", "offer_received=2026-11-20T10:00")),
    Scenario("US negotiate within three business days of the offer", "US", "2026-11-17T14:00", "negotiate-offer",
             lambda: at(add_bd("US", d("2026-11-20"), 3), "10:00", "US"),
             extra=("--event", "offer_received=2026-11-20T10:00")),
    Scenario("US call after a recorded follow-up", "US", "2026-11-17T14:00", "follow-up-call",
             lambda: at(add_bd("US", d("2026-12-22"), 5), "10:00", "US"),
             extra=("--event", "follow_up_sent=2026-12-22T09:30")),
    Scenario("US second round restarts the thank-you", "US", "2026-11-17T14:00", "thank-you-note",
             lambda: at(d("2026-12-02"), "11:00", "US"), extra=("--event", "next_round_scheduled=2026-12-01T10:00")),
    Scenario("US second round restarts the follow-up", "US", "2026-11-17T14:00", "follow-up",
             lambda: at(add_bd("US", d("2026-12-01"), 6), "09:00", "US"),
             extra=("--event", "next_round_scheduled=2026-12-01T10:00")),
    # Industries.
    Scenario("government follow-up after ten business days", "US", "2026-11-02T10:00", "follow-up",
             lambda: at(add_bd("US", d("2026-11-02"), 10), "09:00", "US"), extra=GOV),
    Scenario("government expected decision, 54 days", "US", "2026-11-02T10:00", "expected-decision",
             lambda: expected_decision("US", "2026-11-02T10:00", 54), extra=GOV),
    Scenario("government escalation not before the expected decision", "US", "2026-11-02T10:00", "escalate",
             lambda: later(at(add_bd("US", add_bd("US", add_bd("US", d("2026-11-02"), 10), 5), 5), "09:00", "US"),
                           at(add_bd("US", datetime.fromisoformat(expected_decision("US", "2026-11-02T10:00", 54))
                                     .date(), 1), "09:00", "US")),
             extra=(*GOV, *email_sent("US", "2026-11-02T10:00", 10))),
    Scenario("academia follow-up after ten business days", "US", "2026-06-08T10:00", "follow-up",
             lambda: at(add_bd("US", d("2026-06-08"), 10), "09:00", "US"), extra=("--industry", "academia")),
    Scenario("academia expected decision, 60 days", "US", "2026-06-08T10:00", "expected-decision",
             lambda: expected_decision("US", "2026-06-08T10:00", 60), extra=("--industry", "academia")),
    Scenario("retail follow-up after three business days", "US", "2026-11-24T10:00", "follow-up",
             lambda: at(add_bd("US", d("2026-11-24"), 3), "09:00", "US"), extra=("--industry", "retail")),
    Scenario("retail expected decision, 12 days", "US", "2026-11-24T10:00", "expected-decision",
             lambda: expected_decision("US", "2026-11-24T10:00", 12), extra=("--industry", "retail")),
    Scenario("retail moves on a week after the later of one follow-up and the decision", "US", "2026-06-01T10:00",
             "move-on", lambda: later(plus_week(at(add_bd("US", d("2026-06-01"), 3), "09:00", "US")),
                                      plus_week(expected_decision("US", "2026-06-01T10:00", 12))),
             extra=("--industry", "retail")),
    Scenario("tech expected decision, 24 days", "US", "2026-06-01T10:00", "expected-decision",
             lambda: expected_decision("US", "2026-06-01T10:00", 24), extra=("--industry", "tech")),
    Scenario("healthcare keeps the candidate-side baseline", "US", "2026-06-01T10:00", "expected-decision",
             lambda: expected_decision("US", "2026-06-01T10:00", 24), extra=("--industry", "healthcare")),
    Scenario("finance in the US keeps the baseline", "US", "2026-06-01T10:00", "expected-decision",
             lambda: expected_decision("US", "2026-06-01T10:00", 24), extra=("--industry", "finance")),
    Scenario("finance in the UK, 45 days", "GB", "2026-11-17T14:00", "expected-decision",
             lambda: expected_decision("GB", "2026-11-17T14:00", 45), extra=("--industry", "finance")),
    Scenario("consulting in the UK, 55 days", "GB", "2026-11-17T14:00", "expected-decision",
             lambda: expected_decision("GB", "2026-11-17T14:00", 55), extra=("--industry", "consulting")),
    # Countries.
    Scenario("UK follow-up across Christmas, Boxing Day and New Year", "GB", "2026-12-18T10:00", "follow-up",
             lambda: at(add_bd("GB", d("2026-12-18"), 6), "09:00", "GB")),
    Scenario("UK expected decision, 28 days", "GB", "2026-06-01T10:00", "expected-decision",
             lambda: expected_decision("GB", "2026-06-01T10:00", 28)),
    Scenario("Germany follow-up after ten business days across Christmas", "DE", "2026-12-15T10:00", "follow-up",
             lambda: at(add_bd("DE", d("2026-12-15"), 10), "09:00", "DE")),
    Scenario("Germany expected decision, 29 days", "DE", "2026-06-01T10:00", "expected-decision",
             lambda: expected_decision("DE", "2026-06-01T10:00", 29)),
    Scenario("Germany with government keeps Germany's follow-up", "DE", "2026-06-01T10:00", "follow-up",
             lambda: at(add_bd("DE", d("2026-06-01"), 10), "09:00", "DE"), extra=GOV),
    Scenario("Japan follow-up skips the New Year break", "JP", "2026-12-22T10:00", "follow-up",
             lambda: at(add_bd("JP", d("2026-12-22"), 6), "09:00", "JP")),
    Scenario("Japan same-day thank-you inside working hours", "JP", "2026-11-17T10:00", "thank-you-note",
             lambda: at(d("2026-11-17"), "17:00", "JP")),
    Scenario("Japan expected decision, 31 days, across Golden Week", "JP", "2026-04-06T10:00", "expected-decision",
             lambda: expected_decision("JP", "2026-04-06T10:00", 31)),
    Scenario("India expected decision, 16 days, with tech", "IN", "2026-11-02T10:00", "expected-decision",
             lambda: expected_decision("IN", "2026-11-02T10:00", 16), extra=("--industry", "tech")),
    Scenario("India call three business days after the follow-up", "IN", "2026-10-12T10:00", "follow-up-call",
             lambda: call_due("IN", "2026-10-12T10:00", 6, 3), extra=email_sent("IN", "2026-10-12T10:00")),
    Scenario("New Zealand holidays for a Pacific/Auckland interview", "NZ", "2027-02-01T10:00", "follow-up",
             lambda: at(add_bd("NZ", d("2027-02-01"), 5), "11:00", "NZ"), "opens"),
    Scenario("Israel's Friday-Saturday weekend", "IL", "2026-06-04T10:00", "follow-up",
             lambda: at(add_bd("IL", d("2026-06-04"), 6), "09:00", "IL")),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(afterview_cli: Any, scenario: Scenario) -> None:
    result = afterview_cli("plan", *scenario.args(), "--now", scenario.interview, "--format", "json")
    assert result.code == 0, result.err
    found = {a["rule"]: a for a in json.loads(result.out)["plans"][0]["actions"]}
    assert found[scenario.rule][scenario.field] == scenario.expect()


def test_there_are_at_least_forty_scenarios() -> None:
    assert len(SCENARIOS) >= 40
    assert {s.country for s in SCENARIOS} == set(ZONES)
