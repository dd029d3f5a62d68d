"""Rulesets with the same calendar share one business calendar; any difference in what decides its days, not."""

from __future__ import annotations

import dataclasses
from datetime import date

from afterview import load_facts, load_ruleset
from afterview.planning.holiday_tables import HolidayStore
from afterview.planning.reference import calendar_for

FACTS = load_facts({"company": "Acme", "timezone": "America/New_York", "country": "US",
                    "interview": {"start": "2026-11-17T14:00"}})
THANKSGIVING_FRIDAY = date(2026, 11, 27)


def test_the_same_calendar_is_shared_and_a_different_one_is_not() -> None:
    store = HolidayStore()
    us = load_ruleset(["default", "country-us"])
    shared = calendar_for(us, FACTS, store)
    assert calendar_for(dataclasses.replace(us), FACTS, store) is shared  # another ruleset, the same calendar
    assert shared.closed_reason(THANKSGIVING_FRIDAY) == "Friday after Thanksgiving, offices thin"
    plain = load_ruleset(["default"])  # no day after Thanksgiving
    assert calendar_for(plain, FACTS, store) is not shared
    assert calendar_for(plain, FACTS, store).closed_reason(THANKSGIVING_FRIDAY) is None
    spec = us.calendar
    changed = {
        "closed": dataclasses.replace(spec, closed={"2026-11-25": "Office move"}),
        "weekend": dataclasses.replace(spec, weekend=(4, 5)),
        "yearly": dataclasses.replace(spec, yearly=(("11-23", "11-25", "Retreat"),)),
        "day_after": dataclasses.replace(spec, day_after=()),
    }
    reasons = {field: calendar_for(dataclasses.replace(us, calendar=changed_spec), FACTS, store)
               for field, changed_spec in changed.items()}
    assert all(calendar is not shared for calendar in reasons.values())
    assert reasons["closed"].closed_reason(date(2026, 11, 25)) == "Office move"
    assert reasons["weekend"].closed_reason(date(2026, 11, 20)) == "weekend"  # a Friday
    assert reasons["yearly"].closed_reason(date(2026, 11, 24)) == "Retreat"
    assert reasons["day_after"].closed_reason(THANKSGIVING_FRIDAY) is None
    assert calendar_for(us, FACTS, HolidayStore()) is not shared  # another holiday store
