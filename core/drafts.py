"""Render message drafts and rule bodies with the facts, in a Jinja2 sandbox.

A missing value renders as a visible placeholder such as ``[name]`` so a
draft never silently says "Dear ,". Plain-text output: these are emails and
notes, not HTML; HTML outputs escape them when they show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from . import dates

if TYPE_CHECKING:
    from .facts import Facts
    from .ruleset import Rule


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


_FILTERS: dict[str, Any] = {}


def register_filters(filters: dict[str, Any]) -> None:
    """Add Jinja2 filters (from the ``register_template_filters`` hook); clears compiled templates."""
    _FILTERS.update(filters)
    _environment.cache_clear()
    _compile.cache_clear()


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import ChainableUndefined
    from jinja2.sandbox import SandboxedEnvironment

    class Placeholder(ChainableUndefined):
        def __str__(self) -> str:
            return f"[{self._undefined_name}]"

    env = SandboxedEnvironment(undefined=Placeholder, autoescape=False, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(_FILTERS)
    return env


@lru_cache(maxsize=512)
def _compile(source: str) -> Any:
    return _environment().from_string(source)


def context(facts: "Facts") -> dict[str, Any]:
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


def render_text(source: str, facts: "Facts") -> str:
    if "{" not in source:  # most bodies have no placeholders: skip Jinja2 entirely
        return source
    return _compile(source).render(context(facts)).strip()


def render_drafts(rule: "Rule", facts: "Facts") -> list[Draft]:
    return [
        Draft(t.id, t.title, t.channel, render_text(t.subject, facts) if t.subject else None,
              render_text(t.text, facts), t.max_chars)
        for t in rule.templates
    ]


def syntax_problem(source: str) -> tuple[int, str] | None:
    """(line, message) for a template that does not parse, else None."""
    from jinja2 import TemplateSyntaxError

    try:
        _environment().parse(source)
    except TemplateSyntaxError as exc:
        return exc.lineno, exc.message or "invalid template"
    return None
