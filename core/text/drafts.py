"""Render message drafts and rule bodies with the facts, in a Jinja2 sandbox.

Missing facts read naturally: ``the_role`` is "the Engineer role" or "the
role", ``at_company`` is " at Acme" or nothing; anything else still missing
renders as a visible placeholder such as ``[name]``, never as nothing. A
template that uses ``interviewer`` renders once per interviewer, greeting
each by the country's convention, unless it says ``per: application``: then
once, to the main contact (the first interviewer listed). A text over ``max_chars`` uses the
template's ``fallback``, or is flagged ``over_limit``. Plain text, not HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from afterview.errors import Location, RulesetError
from afterview.limits import MAX_OUTPUT
from afterview.text import dates

if TYPE_CHECKING:
    from afterview.facts.model import Facts
    from afterview.rules.model import Rule


class TemplateError(RulesetError):
    """A ruleset template failed to render, or did more work than the sandbox allows."""


@dataclass(frozen=True)
class Draft:
    """One rendered message draft; ``to`` is the interviewer this copy is for."""

    id: str
    title: str | None
    channel: str | None
    subject: str | None
    text: str
    max_chars: int | None
    to: str | None = None  # the interviewer this copy is for
    template: str | None = None  # the template's id (``id`` numbers the copies of one made per interviewer)

    @property
    def over_limit(self) -> bool:
        return self.max_chars is not None and len(self.text) > self.max_chars

    @property
    def limit_warning(self) -> str | None:
        """What every output says of a draft still too long after its template's fallback."""
        if not self.over_limit:
            return None
        return (f"the draft '{self.title or self.id}' is {len(self.text)} characters, over this channel's limit of"
                f" {self.max_chars}: shorten it before sending")


class DraftRenderer:
    """A Jinja2 sandbox with its own filters and compiled templates.

    Each host owns one, so a plugin's filters never reach another host in the
    same process; library callers share ``PLAIN``, which has no plugin filters.
    """

    def __init__(self, filters: dict[str, Any] | None = None) -> None:
        self.filters = dict(filters or {})
        self._env: Any = None
        self._key: str | None = None  # template_code.environment_key, once the environment exists
        self._compiled: dict[str, Any] = {}

    def environment(self) -> Any:
        if self._env is None:
            from afterview.text.template_code import environment_key

            self._env = _sandbox(self.filters)
            self._key = environment_key(self.filters)
        return self._env

    def render_text(self, source: str, facts: Facts, person: int = 0, *, where: Location | None = None,
                    what: str = "template") -> str:
        """Render one template for interviewer ``person``; a TemplateError at ``where`` if it fails or does too much."""
        if "{" not in source:  # most bodies have no placeholders: skip Jinja2 entirely
            return source
        try:
            template = self._compiled.get(source)
            if template is None:
                from afterview.text.template_code import from_source

                env = self.environment()
                template = self._compiled[source] = from_source(env, source, self._key)
            env = self.environment()
            env.steps = 0
            text, size = [], 0
            for chunk in template.generate(template_context(facts, person)):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise TemplateError(f"{what} renders to more than {MAX_OUTPUT:,} characters", location=where)
                text.append(chunk)
        except TemplateError:
            raise
        except Exception as exc:
            from jinja2.exceptions import SecurityError

            detail = str(exc) if isinstance(exc, SecurityError) else f"{type(exc).__name__}: {exc}"
            raise TemplateError(f"{what} failed: {detail}", location=where,
                                hint="fix the template; templates run in a sandbox with bounded work") from None
        return "".join(text).strip()

    def render_drafts(self, rule: Rule, facts: Facts) -> list[Draft]:
        drafts = []
        for t in rule.templates:
            where, what = t.origin, f"rule '{rule.id}': template '{t.id}'"
            people = range(len(facts.interviewers)) if t.per_interviewer and facts.interviewers else [0]
            for n in people:
                text = self.render_text(t.text, facts, n, where=where, what=f"{what} text")
                if t.max_chars is not None and len(text) > t.max_chars and t.fallback:
                    text = self.render_text(t.fallback, facts, n, where=where, what=f"{what} fallback")
                to = facts.interviewers[n].name if facts.interviewers else None
                subject = (self.render_text(t.subject, facts, n, where=where, what=f"{what} subject")
                           if t.subject else None)
                drafts.append(Draft(t.id if n == 0 else f"{t.id}-{n + 1}", t.title, t.channel, subject, text,
                                    t.max_chars, to, t.id))
        return drafts

    def syntax_problem(self, source: str) -> tuple[int, str] | None:
        """(line, message) for a template that does not parse, else None."""
        from jinja2 import TemplateSyntaxError

        try:
            self.environment().parse(source)
        except TemplateSyntaxError as exc:
            return exc.lineno, exc.message or "invalid template"
        except RecursionError:  # Jinja2's parser recurses per bracket: ~100 nested ones exhaust the stack
            return 1, "the template nests brackets or parentheses too deeply"
        return None


def _sandbox(filters: dict[str, Any]) -> Any:
    from jinja2 import ChainableUndefined

    from afterview.text.sandbox import make_sandbox

    class Placeholder(ChainableUndefined):
        def __str__(self) -> str:
            return f"[{self._undefined_name}]"

    return make_sandbox(filters, Placeholder)


def template_context(facts: Facts, person: int = 0) -> dict[str, Any]:
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
        "panel": panel_names([i.name for i in facts.interviewers]),
        "topic": topics[0] if topics else None,
        "topics": topics or None,
        "interview_day": dates.day(facts.interview_start, year=False),
        "weekday": f"{facts.interview_start:%A}",
        "decision_by": dates.day(facts.decision_by, year=False) if facts.decision_by else None,
    }
    return {k: v for k, v in values.items() if v is not None}


def panel_names(names: list[str]) -> str | None:
    """'Jane Doe and Bob Roe', 'A, B and C': the interviewers when there are two or more, else None."""
    if len(names) < 2:
        return None
    return f"{', '.join(names[:-1])} and {names[-1]}"


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


def render_text(source: str, facts: Facts, *, where: Location | None = None, what: str = "template") -> str:
    return PLAIN.render_text(source, facts, where=where, what=what)


def render_drafts(rule: Rule, facts: Facts) -> list[Draft]:
    return PLAIN.render_drafts(rule, facts)


def syntax_problem(source: str) -> tuple[int, str] | None:
    return PLAIN.syntax_problem(source)
