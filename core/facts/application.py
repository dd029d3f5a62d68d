"""One application as every command accepts it: its place settled, its facts built, its events naming real rules.

``plan``, ``explain``, the journal and ``validate`` all call ``checked_application``, so a file that one of
them rejects the others reject too, with the same located problems.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from afterview.errors import FactsError, Problem, did_you_mean

if TYPE_CHECKING:
    from afterview.facts.model import Facts, Located
    from afterview.planning.holiday_tables import HolidayStore
    from afterview.rules.model import Ruleset


def checked_application(source: Located, *, holidays: HolidayStore, system_zone: Callable[[], str | None],
                        ruleset_for: Callable[[dict[str, Any]], Ruleset],
                        now: datetime | None = None) -> tuple[Ruleset, Facts, list[str]]:
    """(ruleset, facts, notes for the plan header), or FactsError listing every problem found.

    ``source.data`` gains the country or timezone the other implies (``settle_place``); ``ruleset_for(data)``
    is then the layering for the settled facts; ``system_zone()`` is asked only when neither is given.
    Given ``now``, an event recorded after it is a problem: what has not happened cannot be recorded.
    """
    from afterview.facts.model import build_facts
    from afterview.facts.places import settle_place

    problems: list[Problem] = []
    notes: list[str] = []
    try:
        notes = settle_place(source.data, system_zone, source.location)
    except FactsError as exc:
        problems += exc.problems
    ruleset = ruleset_for(source.data)
    facts = None
    try:
        facts = build_facts(source, holidays=holidays, default_country=ruleset.calendar.country,
                            default_timezone=ruleset.calendar.timezone)
    except FactsError as exc:
        problems += exc.problems
    problems += done_rule_problems(source, ruleset)
    if facts is not None and now is not None:
        problems += future_event_problems(source, facts, now)
    if problems or facts is None:
        raise FactsError(problems=problems)
    if not source.data.get("timezone") and ruleset.calendar.timezone:
        notes.append(f"timezone {ruleset.calendar.timezone}: the ruleset's default (pass --timezone to change)")
    return ruleset, facts, notes + twice_notes(source.data, facts)


def twice_notes(data: dict[str, Any], facts: Facts) -> list[str]:
    """A note for each local time written that happens twice (the first is used), so none is chosen silently."""
    from afterview.facts.moments import ambiguous

    interview: dict[str, Any] = data["interview"] if isinstance(data.get("interview"), dict) else {}
    events: list[Any] = data["events"] if isinstance(data.get("events"), list) else []
    written = [(f"interview.{key}", interview.get(key)) for key in ("start", "end")]
    written += [(f"events[{i}].{key}", e.get(key)) for i, e in enumerate(events) if isinstance(e, dict)
                for key in ("at", "interview")]
    return [f"{label}: {note}" for label, text in written if text and (note := ambiguous(text, facts.tz))]


def done_rule_problems(source: Located, ruleset: Ruleset) -> list[Problem]:
    """A 'done' event must name a rule of the ruleset in use."""
    ids = [r.id for r in ruleset.rules]
    problems = []
    events = source.data.get("events")
    for i, event in enumerate(events if isinstance(events, list) else []):
        if not isinstance(event, dict):
            continue  # the schema has said so
        rule = event.get("rule")
        if event.get("type") == "done" and isinstance(rule, str) and rule and ruleset.rule(rule) is None:
            message = f"events[{i}].rule: no rule '{rule}' in ruleset {ruleset.id}{did_you_mean(rule, ids)}"
            problems.append(Problem(source.location(("events", i, "rule")), message,
                                    "'afterview rules' lists the rule ids"))
    return problems


def future_event_problems(source: Located, facts: Facts, now: datetime) -> list[Problem]:
    """Events dated after ``now`` (a date alone: after today, in the facts' timezone)."""
    from afterview.facts.model import EVENT_TIME
    from afterview.facts.moments import parse_moment
    from afterview.text import dates

    problems = []
    local_now = now.astimezone(facts.tz)
    events = source.data.get("events")
    for i, item in enumerate(events if isinstance(events, list) else []):
        if not isinstance(item, dict) or "at" not in item:
            continue
        at = parse_moment(item["at"], facts.tz, default_time=EVENT_TIME)  # checked already by build_facts
        day_only = len(str(item["at"]).strip()) == 10
        if at is None or not ((at.date() > local_now.date()) if day_only else at > local_now):
            continue
        when = dates.day(at) if day_only else dates.moment(at)
        message = f"events[{i}].at: {item.get('type')} is dated {when}, after now ({dates.moment(local_now)})"
        problems.append(Problem(source.location(("events", i, "at")), message,
                                "record what has happened, when it happened; a next interview's date goes in"
                                " next_round_scheduled's 'interview'"))
    return problems
