"""What a loaded ruleset is: rules, sources and calendar, each knowing the file and line it came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import time
from operator import is_
from typing import Any

from afterview.errors import Location
from afterview.rules.conditions import Condition
from afterview.rules.documents import Document
from afterview.rules.lifecycle import DEFAULT_PHASE, NONE, Lifecycle
from afterview.rules.timing import Timing
from afterview.rules.vocabulary import Kind


@dataclass(frozen=True)
class Source:
    """A citation. ``kind`` is fact (measured), survey (what people said), rule (law, platform) or advice."""

    id: str
    title: str
    kind: str
    author: str | None = None
    publisher: str | None = None
    year: int | None = None
    url: str | None = None
    copy: str | None = None
    note: str | None = None

    @property
    def label(self) -> str:
        return {"fact": "measured fact", "survey": "survey", "rule": "rule", "advice": "advice"}[self.kind]


@dataclass(frozen=True)
class Template:
    """A message draft, rendered with the facts by Jinja2 in a sandbox."""

    id: str
    text: str
    origin: Location = field(compare=False)  # where it was written is not part of what it says
    title: str | None = None
    channel: str | None = None
    subject: str | None = None
    max_chars: int | None = None
    fallback: str | None = None  # a shorter text for when the rendered one exceeds max_chars
    per: str | None = None  # 'interviewer' or 'application'; None: per interviewer when the text names one

    @property
    def per_interviewer(self) -> bool:
        """One copy per interviewer, each addressed to its own person (else one, to the main contact)."""
        return self.per == "interviewer" or (self.per is None and "interviewer" in self.text)


@dataclass(frozen=True)
class Rule:
    """One piece of advice. ``origins`` maps each field to the file:line that last set it.

    Frozen, as a ruleset's compiled form is built from its rules: ``dataclasses.replace`` makes a changed one.
    """

    id: str
    title: str
    kind: Kind
    origin: Location
    when: Condition | None = None
    timing: Timing | None = None
    done_by: tuple[str, ...] = ()
    cancelled_by: tuple[str, ...] = ()
    body: str = ""
    why: str = ""
    templates: tuple[Template, ...] = ()
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    priority: int = 3
    summary: str | None = None  # calendar title template
    phase: str = DEFAULT_PHASE  # the lifecycle phase this advice belongs to
    done_when: Condition | None = None  # facts that make the action done already
    contact: str | None = None  # 'employer' actions keep working hours and stay out of quiet periods
    chase: int | None = None  # place in the chase after silence; beyond settings.employer_contacts it does not apply
    origins: dict[str, Location] = field(default_factory=dict)
    origin_layers: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class CalendarSpec:
    """A ruleset's calendar: its country and timezone, weekend, and the days it closes besides public holidays.

    Frozen, as each ruleset keeps the business calendars built from it: ``dataclasses.replace`` makes a changed one.
    """

    country: str = "US"
    weekend: tuple[int, ...] | None = None  # None: the country's own
    closed: dict[str, str] = field(default_factory=dict)  # ISO date -> name
    yearly: tuple[tuple[str, str, str], ...] = ()  # (MM-DD, through MM-DD, name) every year
    day_after: tuple[tuple[str, str], ...] = ()  # (public holiday's name, name of the day after)
    timezone: str | None = None


@dataclass(frozen=True)
class Settings:
    """Ruleset-wide limits: how many times to contact the employer, working hours and quiet hours."""

    employer_contacts: int | None = None  # None: no limit
    working_hours: tuple[time, time] | None = None
    quiet_hours: tuple[time, time] | None = None  # e.g. 21:00-07:00: nothing falls due inside


@dataclass(frozen=True)
class Check:
    """A ruleset-level timing invariant, checked on sample interviews when the ruleset compiles."""

    origin: Location = field(compare=False)
    rule: str | None = None
    not_before: str | None = None
    no_contact_during: str | None = None


@dataclass
class Layer(Document):
    """One ruleset file as loaded, before merging: a parsed document plus the ruleset's id."""

    id: str = ""
    # The file's content digest (rules.load.content_digest): its bytes, path, schema and afterview's version.
    # "" for a layer made in memory. Results derived from layers are cached under their digests.
    digest: str = ""


@dataclass
class Ruleset:
    """A merged, checked ruleset: what ``plan`` runs.

    The first plan compiles it (``compiled``) and builds its business calendars (``calendars``). Its rules,
    settings, lifecycle and calendar are frozen objects, so a ruleset changes only by its fields being given
    new values: a new ruleset from ``dataclasses.replace`` (or an overlay) starts with neither cache, and a
    field the planner reads assigned, or a rule added to, removed from or replaced in ``rules``, is noticed
    by the next plan, which compiles again (and orders the rules itself if ``order`` no longer fits them).
    Only what frozen objects hold (a rule's ``raw`` or ``origins``, ``calendar.closed``, a timing's
    ``points``) can be changed in place unnoticed: replace the object instead.
    """

    id: str
    title: str
    rules: list[Rule]
    sources: dict[str, Source]
    calendar: CalendarSpec
    version: str | None = None
    description: str | None = None
    notes: str | None = None
    layers: list[Layer] = field(default_factory=list)
    lifecycle: Lifecycle = NONE
    settings: Settings = field(default_factory=Settings)
    checks: tuple[Check, ...] = ()
    # Rule indices in evaluation order: every rule after the rules its timing anchors on (computed at compile time).
    order: tuple[int, ...] = ()
    notices: tuple[str, ...] = ()  # what the layering could not find, e.g. "no overlay for industry 'fintech'"
    # Calendars memoise closed days; the engine keeps one per (country, subdivision), with the spec it was built
    # from. Not an argument, so ``dataclasses.replace`` gives the new ruleset calendars of its own.
    calendars: dict[tuple[str, str | None, int], Any] = field(default_factory=dict, init=False, repr=False,
                                                              compare=False)
    # The planner's compiled form (planning/compiled.py), built by the first plan, with the rules, settings,
    # lifecycle and order it was built from (``program_for`` compares them): a cache, never pickled.
    compiled: Any = field(default=None, init=False, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        # Caches stay behind: the compiled form, and calendars, keyed by the id of a holiday store of this process.
        return {k: {} if k == "calendars" else v for k, v in self.__dict__.items() if k not in _CACHES}

    def rule(self, rule_id: str) -> Rule | None:
        kept: tuple[tuple[Rule, ...], dict[str, Rule]] = self.__dict__.get("_by_id") or ((), {})
        rules, by_id = kept
        if not same(rules, self.rules):
            rules, by_id = tuple(self.rules), {r.id: r for r in self.rules}
            self.__dict__["_by_id"] = rules, by_id
        return by_id.get(rule_id)

    def cited(self, rule: Rule) -> list[Source]:
        """The sources ``rule`` cites that this ruleset defines, in the rule's order."""
        return [self.sources[s] for s in rule.sources if s in self.sources]


_CACHES = frozenset({"compiled", "_by_id"})


def same(these: Sequence[Any], those: Sequence[Any]) -> bool:
    """The same objects, in the same order (identity, not equality: a rule equal to another is not it)."""
    return len(these) == len(those) and all(map(is_, these, those))
