"""The facts of one application: the interview, what the employer said, what happened since."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from afterview.errors import FactsError, Location, Problem, did_you_mean
from afterview.facts.decision import Within, stated_decision
from afterview.facts.moments import checked_moment
from afterview.planning.holiday_tables import SHARED, HolidayStore

# Date-only values need a time of day to sit on a timeline.
DECISION_TIME = time(17, 0)  # "by 1 Dec" means by close of business
EVENT_TIME = time(12, 0)

# Field names a rule's `when` may test; checked when a ruleset loads.
FIELDS = (
    "company", "role", "industry", "country", "subdivision", "timezone", "seniority",
    "candidate.name", "interview.start", "interview.end", "interview.month", "interview.round", "interview.format",
    "interview.interviewers", "decision.by", "decision.stated", "linkedin.premium",
)


class Located(Protocol):
    """A source of raw facts that can say where each value came from."""

    path: str
    data: Any

    def location(self, path: tuple[Any, ...] = (), *, key: bool = False) -> Location: ...


class FactsOrigin(StrEnum):
    """Where an application's facts came from, set by the loaders (``Facts.source`` is only how errors name it)."""

    FILE = "file"  # a facts file, perhaps with flags over it
    STDIN = "stdin"  # a facts file read from standard input
    FLAGS = "flags"  # command-line flags alone
    MAPPING = "mapping"  # a dict given in code (``load_facts``)
    LABEL = "label"  # a document its caller named, such as the sample interviews

    @property
    def named(self) -> bool:
        """Whether ``Facts.source`` names the application: a file's path, or the label a caller gave."""
        return self in (FactsOrigin.FILE, FactsOrigin.LABEL)


@dataclass(frozen=True)
class Interviewer:
    """Someone the candidate met, and how to address them."""

    name: str
    given_name: str | None = None
    family_name: str | None = None
    honorific: str | None = None
    title: str | None = None
    topics: tuple[str, ...] = ()
    email: str | None = None


@dataclass(frozen=True)
class Event:
    """Something the candidate recorded, and when."""

    type: str
    at: datetime
    note: str | None = None
    rule: str | None = None  # for 'done': the rule whose action was done
    interview: datetime | None = None  # for 'next_round_scheduled': when the next interview starts


@dataclass(frozen=True)
class Facts:
    """Validated, timezone-aware facts. Build with ``build_facts``."""

    interview_start: datetime
    interview_end: datetime
    tz: ZoneInfo
    country: str
    subdivision: str | None = None
    # The interview, then what happened after it
    interviewers: tuple[Interviewer, ...] = ()
    interview_round: int | None = None
    interview_format: str | None = None
    decision_by: date | None = None
    # 'within N' as stated: a business-day count is redone on the ruleset's own calendar when planning
    decision_within: Within | None = None
    events: tuple[Event, ...] = ()
    # The job and the candidate, for drafts and for rules that test them
    company: str | None = None
    role: str | None = None
    industry: str | None = None
    seniority: str | None = None
    candidate_name: str | None = None
    linkedin_premium: bool = False
    source: str = "facts"
    origin: FactsOrigin = FactsOrigin.MAPPING
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def latest_events(self) -> dict[str, Event]:
        """Event type -> the latest recorded event of that type."""
        latest: dict[str, Event] = {}
        for event in sorted(self.events, key=lambda e: e.at):
            latest[event.type] = event
        return latest

    def event(self, kind: str) -> Event | None:
        """The latest recorded event of this type."""
        return self.latest_events.get(kind)

    @cached_property
    def done_rules(self) -> dict[str, Event]:
        """Rule id -> the latest ``done`` event naming it."""
        return {e.rule: e for e in sorted(self.events, key=lambda e: e.at) if e.type == "done" and e.rule}

    def value(self, name: str) -> Any:
        """A field's value for conditions, as a JSON scalar (dates as ISO text)."""
        return _READ[name](self)


# How each of FIELDS is read (one function each: conditions test one field, so build no others).
_READ: dict[str, Callable[[Facts], Any]] = {
    "company": lambda f: f.company, "role": lambda f: f.role, "industry": lambda f: f.industry,
    "country": lambda f: f.country, "subdivision": lambda f: f.subdivision, "timezone": lambda f: f.tz.key,
    "seniority": lambda f: f.seniority, "candidate.name": lambda f: f.candidate_name,
    "interview.start": lambda f: f.interview_start.isoformat(), "interview.end": lambda f: f.interview_end.isoformat(),
    "interview.month": lambda f: f.interview_start.month,
    "interview.round": lambda f: f.interview_round, "interview.format": lambda f: f.interview_format,
    "interview.interviewers": lambda f: len(f.interviewers) or None,
    "decision.by": lambda f: f.decision_by.isoformat() if f.decision_by else None,
    "decision.stated": lambda f: f.decision_by is not None, "linkedin.premium": lambda f: f.linkedin_premium,
}


class _Checker:
    """Collects every problem instead of stopping at the first."""

    def __init__(self, src: Located, holidays: HolidayStore) -> None:
        self.holidays = holidays
        self.src = src
        self.problems: list[Problem] = []

    def fail(self, path: tuple[Any, ...], message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.src.location(path), message, hint))


def build_facts(src: Located, *, default_country: str = "US", default_timezone: str | None = None,
                holidays: HolidayStore | None = None) -> Facts:
    """Turn raw facts (already schema-checked) into ``Facts``, or raise FactsError listing every problem."""
    data, check = src.data, _Checker(src, holidays or SHARED)
    tz = _timezone(check, data.get("timezone") or default_timezone)
    country, subdivision = _country(check, data.get("country") or default_country)
    interview = data.get("interview") or {}
    start, ok = checked_moment(check, ("interview", "start"), interview.get("start", ""), tz)
    if "start" not in interview:
        check.fail(("interview", "start"), "no interview time given",
                   "pass --interview 2026-11-17T14:00, or set interview.start in a facts file")
    elif start is None and ok:
        check.fail(("interview", "start"), f"interview.start: '{interview.get('start', '')}' is not a date and time",
                   "write it as 2026-11-17T14:00")
    end = (start.astimezone(UTC) + timedelta(hours=1)).astimezone(start.tzinfo) if start else None  # elapsed time
    if start and interview.get("end"):
        end, ok = checked_moment(check, ("interview", "end"), interview["end"], tz)
        if end is None and ok:
            check.fail(("interview", "end"), f"interview.end: '{interview['end']}' is not a date and time",
                       "write it as 2026-11-17T15:00, or leave it out: an interview is taken to last an hour")
        elif end is not None and end < start:
            check.fail(("interview", "end"), "interview.end is before interview.start",
                       f"give when it finished, after {start:%Y-%m-%dT%H:%M}, or leave it out (an hour is assumed)")
    decision_by, within = stated_decision(check, data.get("decision") or {}, end, (country, subdivision))
    from afterview.facts.recorded import recorded_events

    events = recorded_events(check, data.get("events") or [], start, tz)
    if check.problems or tz is None or start is None or end is None:
        raise FactsError(problems=check.problems)
    return Facts(
        interview_start=start, interview_end=end, tz=tz, country=country, subdivision=subdivision,
        company=data.get("company"), role=data.get("role"), industry=data.get("industry"),
        seniority=data.get("seniority"), candidate_name=(data.get("candidate") or {}).get("name"),
        interview_round=interview.get("round"), interview_format=interview.get("format"),
        interviewers=tuple(Interviewer(i["name"], i.get("given_name"), i.get("family_name"), i.get("honorific"),
                                       i.get("title"), tuple(i.get("topics", ())), i.get("email"))
                           for i in interview.get("interviewers", []) if isinstance(i, dict) and "name" in i),
        decision_by=decision_by, decision_within=within, events=events,
        linkedin_premium=bool((data.get("linkedin") or {}).get("premium")),
        # A FactsSource says where it came from; any other document was named by its caller (the samples).
        source=src.path, origin=getattr(src, "origin", FactsOrigin.LABEL), raw=data,
    )


def _timezone(check: _Checker, name: str | None) -> ZoneInfo | None:
    if not name:
        check.fail(("timezone",), "no timezone given", "add 'timezone: America/New_York' or pass --timezone")
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        from zoneinfo import available_timezones

        check.fail(("timezone",), f"unknown timezone '{name}'{did_you_mean(name, available_timezones())}",
                   "use an IANA name such as Europe/Berlin")
        return None


def _country(check: _Checker, code: str) -> tuple[str, str | None]:
    from afterview.facts.places import canonical_country, country_problem

    country, _, subdivision = canonical_country(code).partition("-")
    problem = country_problem(code, check.holidays.countries())
    if problem:
        check.fail(("country",), problem[0], problem[1])
    return country, subdivision or None
