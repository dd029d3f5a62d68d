"""Render message drafts and rule bodies with the facts, in a Jinja2 sandbox.

A missing value renders as a visible placeholder such as ``[name]`` so a
draft never silently says "Dear ,". Plain-text output: these are emails and
notes, not HTML; HTML outputs escape them when they show them.
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
    id: str
    title: str | None
    channel: str | None
    subject: str | None
    text: str
    max_chars: int | None

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

    def render_text(self, source: str, facts: Facts, where: Location | None = None, what: str = "template") -> str:
        """Render one template; raise TemplateError at ``where`` if it fails or does too much work."""
        if "{" not in source:  # most bodies have no placeholders: skip Jinja2 entirely
            return source
        try:
            template = self._compiled.get(source)
            if template is None:
                template = self._compiled[source] = self.environment().from_string(source)
            env = self.environment()
            env.steps = 0
            text, size = [], 0
            for chunk in template.generate(context(facts)):
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
        def render(source: str, template: Any, part: str) -> str:
            where = template.origin or rule.origin
            return self.render_text(source, facts, where, f"rule '{rule.id}': template '{template.id}' {part}")

        return [
            Draft(t.id, t.title, t.channel, render(t.subject, t, "subject") if t.subject else None,
                  render(t.text, t, "text"), t.max_chars)
            for t in rule.templates
        ]

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

    from afterview.text.sandbox import make_sandbox

    class Placeholder(ChainableUndefined):
        def __str__(self) -> str:
            return f"[{self._undefined_name}]"

    return make_sandbox(filters, Placeholder)


def context(facts: Facts) -> dict[str, Any]:
    """The names a template can use."""
    first = facts.interviewers[0] if facts.interviewers else None
    topics = [t for i in facts.interviewers for t in i.topics]
    values = {
        "company": facts.company, "role": facts.role, "industry": facts.industry, "country": facts.country,
        "candidate": {"name": facts.candidate_name} if facts.candidate_name else None,
        "interviewer": {k: v for k, v in vars(first).items() if v} if first else None,
        "interviewers": [i.name for i in facts.interviewers] or None,
        "topic": topics[0] if topics else None,
        "topics": topics or None,
        "interview_day": dates.day(facts.interview_start, year=False),
        "weekday": f"{facts.interview_start:%A}",
        "decision_by": dates.day(facts.decision_by, year=False) if facts.decision_by else None,
    }
    return {k: v for k, v in values.items() if v is not None}


PLAIN = DraftRenderer()  # no plugin filters, and never given any: safe to share


def render_text(source: str, facts: Facts, where: Location | None = None, what: str = "template") -> str:
    return PLAIN.render_text(source, facts, where, what)


def render_drafts(rule: Rule, facts: Facts) -> list[Draft]:
    return PLAIN.render_drafts(rule, facts)


def syntax_problem(source: str) -> tuple[int, str] | None:
    return PLAIN.syntax_problem(source)
