"""Ruleset-level timing checks (``checks:``), proved on sample interviews when a ruleset compiles.

A check holds for the composed ruleset, whatever overlay changed a date: it
is run on an interview on each weekday of a reference week, with no stated
decision date, a near one and a far one. The sample calendar has weekends but
no public holidays, so the checks are about the rules' structure, cost no
holiday-table work, and give the same answer in every country.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from afterview.errors import Problem
from afterview.planning.holiday_tables import HolidayStore
from afterview.text import dates

if TYPE_CHECKING:
    from afterview.facts.model import Facts
    from afterview.planning.actions import Plan
    from afterview.rules.model import Check, Ruleset

REFERENCE_WEEK = date(2026, 6, 1)  # a Monday
DECISIONS = (None, 7, 45)  # no date; a date 7 or 45 days after the interview


class _WeekendsOnly(HolidayStore):
    def countries(self) -> dict[str, list[str]]:
        return {}

    def weekend(self, country: str) -> list[int]:
        return [5, 6]

    def holidays(self, country: str, subdivision: str | None, year: int) -> dict[date, str]:
        return {}


_STORE = _WeekendsOnly()


def _samples(ruleset: Ruleset) -> list[Facts]:
    from afterview.facts.model import Facts

    tz = ZoneInfo(ruleset.calendar.timezone or "UTC")
    samples = []
    for weekday in range(5):
        start = datetime.combine(REFERENCE_WEEK + timedelta(days=weekday), time(10, 0), tz)
        for days in DECISIONS:
            decided = (start + timedelta(days=days)).date() if days else None
            samples.append(Facts(start, start + timedelta(hours=1), tz, ruleset.calendar.country, decision_by=decided))
    return samples


def check_timing(ruleset: Ruleset) -> list[Problem]:
    """Every declared check that fails, once each, located at the rule to change."""
    if not ruleset.checks:
        return []
    from afterview.planning.engine import plan

    problems: dict[int, Problem] = {}
    for facts in _samples(ruleset):
        result = plan(ruleset, facts, facts.interview_start, holidays=_STORE)
        for n, check in enumerate(ruleset.checks):
            if n not in problems:
                found = _violation(check, result, ruleset)
                if found:
                    problems[n] = found
    return list(problems.values())


def _case(result: Plan) -> str:
    facts = result.facts
    said = f", decision stated for {dates.day(facts.decision_by)}" if facts.decision_by else ", no decision date"
    return f"for an interview on {dates.moment(facts.interview_start)}{said}"


def _violation(check: Check, result: Plan, ruleset: Ruleset) -> Problem | None:
    if check.rule and check.not_before:
        late, early = result.action(check.rule), result.action(check.not_before)
        if late and early and late.due < early.due:
            rule: Any = ruleset.rule(check.rule)
            return Problem(rule.origins.get("timing.due", rule.origin),
                           f"rule '{check.rule}' can fall due before '{check.not_before}': {_case(result)}, "
                           f"it is due {dates.moment(late.due)} and {check.not_before} {dates.moment(early.due)}",
                           f"anchor it on rule.{check.not_before}.due with latest_of (checks: at {check.origin})")
    if check.no_contact_during:
        quiet = result.action(check.no_contact_during)
        if quiet is None or quiet.opens is None or quiet.closes is None:
            return None
        for action in result.actions:
            if action.rule.contact == "employer" and quiet.opens < action.due < quiet.closes:
                rule = action.rule
                return Problem(rule.origins.get("timing.due", rule.origin),
                               f"rule '{rule.id}' contacts the employer inside the quiet period "
                               f"'{check.no_contact_during}': {_case(result)}, it is due {dates.moment(action.due)}, "
                               f"between {dates.moment(quiet.opens)} and {dates.moment(quiet.closes)}",
                               "move it before the quiet period, or start the quiet period later"
                               f" (checks: at {check.origin})")
    return None
