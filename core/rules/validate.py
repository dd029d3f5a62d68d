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
    """Templates that fail with SAMPLE_FACTS, or whose text exceeds their max_chars."""
    from afterview.text.drafts import render_text

    facts = sample_facts()
    problems: list[Problem] = []

    def render(source: str, where: Any, what: str) -> str:
        try:
            return render_text(source, facts, where, what)
        except AfterviewError as exc:
            problems.extend(exc.problems)
            return ""

    for rule in ruleset.rules:
        if rule.summary:
            render(rule.summary, rule.origins.get("summary", rule.origin), f"rule '{rule.id}': summary")
        for template in rule.templates:
            where, what = template.origin or rule.origin, f"rule '{rule.id}': template '{template.id}'"
            if template.subject:
                render(template.subject, where, f"{what} subject")
            text = render(template.text, where, f"{what} text")
            if template.max_chars is not None and len(text) > template.max_chars:
                problems.append(Problem(
                    where,
                    f"rule '{rule.id}': template '{template.id}' renders to {len(text)} characters "
                    f"with sample facts, over its max_chars of {template.max_chars}",
                    "shorten the text, or raise max_chars if the channel allows it",
                ))
    return problems
