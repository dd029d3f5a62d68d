"""Render message drafts and rule bodies with the facts, in a Jinja2 sandbox.

Missing facts read naturally: ``the_role`` is "the Engineer role" or "the
role", ``at_company`` is " at Acme" or nothing; anything else still missing
renders as a visible placeholder such as ``[name]``, never as nothing. A
template that uses ``interviewer`` renders once per interviewer, greeting
each by the country's convention. A text over ``max_chars`` uses the
template's ``fallback``, or is flagged ``over_limit``. Plain text, not HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from afterview.text import dates

if TYPE_CHECKING:
    from afterview.facts.model import Facts
    from afterview.rules.model import Rule


@dataclass(frozen=True)
class Draft:
    id: str
    title: str | None
    channel: str | None
    subject: str | None
    text: str
    max_chars: int | None
    to: str | None = None  # the interviewer this copy is for

    @property
    def over_limit(self) -> bool:
        return self.max_chars is not None and len(self.text) > self.max_chars


class DraftRenderer:
    """A Jinja2 sandbox with its own filters and compiled templates.

    Each host owns one, so a plugin's filters never reach another host in the
    same process; library callers share ``PLAIN``, which has no plugin filters.
    """

    def __init__(self, filters: dict[str, Any] | None = None) -> None:
        self.filters = dict(filters or {})
        self._env: Any = None
        self._compiled: dict[str, Any] = {}

    def environment(self) -> Any:
        if self._env is None:
            self._env = _sandbox(self.filters)
        return self._env

    def render_text(self, source: str, facts: Facts, person: int = 0) -> str:
        if "{" not in source:  # most bodies have no placeholders: skip Jinja2 entirely
            return source
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled[source] = self.environment().from_string(source)
        return str(template.render(context(facts, person))).strip()

    def render_drafts(self, rule: Rule, facts: Facts) -> list[Draft]:
        drafts = []
        for t in rule.templates:
            people = range(len(facts.interviewers)) if "interviewer" in t.text and facts.interviewers else [0]
            for n in people:
                text = self.render_text(t.text, facts, n)
                if t.max_chars is not None and len(text) > t.max_chars and t.fallback:
                    text = self.render_text(t.fallback, facts, n)
                to = facts.interviewers[n].name if facts.interviewers else None
                drafts.append(Draft(t.id if n == 0 else f"{t.id}-{n + 1}", t.title, t.channel,
                                    self.render_text(t.subject, facts, n) if t.subject else None,
                                    text, t.max_chars, to))
        return drafts

    def syntax_problem(self, source: str) -> tuple[int, str] | None:
        """(line, message) for a template that does not parse, else None."""
        from jinja2 import TemplateSyntaxError

        try:
            self.environment().parse(source)
        except TemplateSyntaxError as exc:
            return exc.lineno, exc.message or "invalid template"
        return None


def _sandbox(filters: dict[str, Any]) -> Any:
    from jinja2 import ChainableUndefined
    from jinja2.sandbox import SandboxedEnvironment

    class Placeholder(ChainableUndefined):
        def __str__(self) -> str:
            return f"[{self._undefined_name}]"

    env = SandboxedEnvironment(undefined=Placeholder, autoescape=False, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(filters)
    return env


def context(facts: Facts, person: int = 0) -> dict[str, Any]:
    """The names a template can use; ``interviewer`` is the ``person``-th one."""
    first = facts.interviewers[person] if facts.interviewers else None
    topics = list(first.topics) if first else []
    values = {
        "the_role": f"the {facts.role} role" if facts.role else "the role",
        "at_company": f" at {facts.company}" if facts.company else "",
        "company": facts.company, "role": facts.role, "industry": facts.industry, "country": facts.country,
        "candidate": {"name": facts.candidate_name} if facts.candidate_name else None,
        "interviewer": {**{k: v for k, v in vars(first).items() if v}, **greeting(first, facts.country)}
        if first else None,
        "interviewers": [i.name for i in facts.interviewers] or None,
        "topic": topics[0] if topics else None,
        "topics": topics or None,
        "interview_day": dates.day(facts.interview_start, year=False),
        "weekday": f"{facts.interview_start:%A}",
        "decision_by": dates.day(facts.decision_by, year=False) if facts.decision_by else None,
    }
    return {k: v for k, v in values.items() if v is not None}


def greeting(person: Any, country: str) -> dict[str, str]:
    """Name parts and how to address the person in this country.

    Names given whole are split: family name first for JP, CN, KR, HU;
    otherwise given name first. JP: "Tanaka-san"; DE, AT, CH: honorific and
    family name ("Frau Schmidt"), or the full name without an honorific;
    elsewhere the given name.
    """
    words = person.name.split()
    family_first = country in ("JP", "CN", "KR", "HU")
    given = person.given_name or (words[-1] if family_first else words[0])
    family = person.family_name or (words[0] if family_first else words[-1])
    if country == "JP":
        address = f"{family}-san"
    elif country in ("DE", "AT", "CH"):
        address = f"{person.honorific} {family}" if person.honorific else person.name
    else:
        address = given
    return {"given_name": given, "family_name": family, "greeting": address}


PLAIN = DraftRenderer()  # no plugin filters, and never given any: safe to share


def render_text(source: str, facts: Facts) -> str:
    return PLAIN.render_text(source, facts)


def render_drafts(rule: Rule, facts: Facts) -> list[Draft]:
    return PLAIN.render_drafts(rule, facts)


def syntax_problem(source: str) -> tuple[int, str] | None:
    return PLAIN.syntax_problem(source)
