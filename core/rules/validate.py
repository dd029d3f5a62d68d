"""``afterview validate``: every problem in a ruleset or facts file, including drafts over their limits."""

from __future__ import annotations

from typing import Any

from afterview.errors import AfterviewError, Problem
from afterview.rules.documents import YAMLProblem, decode, parse, read_limited

# Realistic, longish values: a template that fits these fits most real applications.
SAMPLE_FACTS: dict[str, Any] = {
    "company": "Northwind Analytics",
    "role": "Senior Data Engineer",
    "industry": "tech",
    "country": "US",
    "timezone": "America/New_York",
    "candidate": {"name": "Sam Taylor"},
    "interview": {
        "start": "2026-11-17T14:00",
        "interviewers": [{"name": "Alexandra Montgomery", "title": "Head of Data", "topics": ["streaming pipelines"]}],
    },
    "decision": {"by": "2026-12-01"},
}


def validate_file(app: Any, path: str) -> list[Problem]:
    """All problems in one file; [] if it is fine."""
    try:
        if _looks_like_facts(path):
            from afterview.facts.model import build_facts
            from afterview.facts.sources import combine, read_facts_file

            build_facts(combine(read_facts_file(path), {}))
            return []
        ruleset = app.load_ruleset([path])
    except AfterviewError as exc:
        return exc.problems
    return draft_problems(ruleset)


def _looks_like_facts(path: str) -> bool:
    try:
        data = parse(decode(read_limited(path)), path).data
    except (OSError, YAMLProblem):
        return False
    return isinstance(data, dict) and "interview" in data and "rules" not in data


def sample_facts() -> Any:
    from afterview.facts.model import build_facts
    from afterview.rules.documents import Document

    return build_facts(Document("sample facts", SAMPLE_FACTS))


def draft_problems(ruleset: Any) -> list[Problem]:
    """Templates whose text, rendered with SAMPLE_FACTS, exceeds their max_chars."""
    from afterview.text.drafts import render_drafts

    facts = sample_facts()
    problems = []
    for rule in ruleset.rules:
        for template, draft in zip(rule.templates, render_drafts(rule, facts), strict=True):
            if draft.over_limit:
                problems.append(Problem(
                    template.origin or rule.origin,
                    f"rule '{rule.id}': template '{template.id}' renders to {len(draft.text)} characters "
                    f"with sample facts, over its max_chars of {template.max_chars}",
                    "shorten the text, or raise max_chars if the channel allows it",
                ))
    return problems

