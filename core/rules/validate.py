"""``afterview validate``: every problem in every file, in one pass, each file checked as what it is.

A file's kind comes from its name and its top-level keys: ``*.test.yaml`` is
a ruleset test; a mapping with ``interview`` and no ``rules`` is facts;
anything else is a ruleset (an overlay if it has ``extends``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from afterview.errors import AfterviewError, Location, Problem
from afterview.rules.documents import Document
from afterview.rules.problem_codes import named

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


@dataclass
class Checked:
    """One file's result: its kind ('ruleset', 'overlay', 'facts', 'test' or '?') and its problems."""

    path: str
    kind: str
    problems: list[Problem] = field(default_factory=list)


def files_in(paths: list[str]) -> list[Path]:
    """The files to check: each path, or each YAML file in a folder, in name order."""
    found: list[Path] = []
    for path in map(Path, paths):
        found += sorted(p for p in path.glob("*.y*ml") if p.suffix in (".yaml", ".yml")) if path.is_dir() else [path]
    return list(dict.fromkeys(found))


def validate_paths(app: Any, paths: list[str]) -> tuple[list[Checked], list[Problem]]:
    """(each file's result, every problem once, sorted by file and position)."""
    results = [validate_file(app, str(path)) for path in files_in(paths)]
    unique = {(p.location, p.message): p for result in results for p in result.problems}
    return results, sorted(unique.values(), key=_position)


def validate_file(app: Any, path: str) -> Checked:
    """Every problem in one file; a file with none has an empty list."""
    from afterview.rules.load import cached_document, parsed_document

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        problem = Problem(Location(path), f"cannot read file: {exc.strerror or exc}", code="file.unreadable")
        return Checked(path, "?", [problem])
    if path.endswith(".test.yaml"):
        return Checked(path, "test", _test_problems(app, path, raw))
    doc = cached_document(path, raw, "ruleset") or cached_document(path, raw, "facts")
    try:
        doc = doc or parsed_document(path, raw)
    except AfterviewError as exc:
        return Checked(path, "?", exc.problems)
    if _looks_like_facts(doc.data):
        return Checked(path, "facts", _facts_problems(path, raw))
    kind = "overlay" if "extends" in doc.data else "ruleset"
    return Checked(path, kind, _ruleset_problems(app, path, raw, doc))


def _looks_like_facts(data: dict[str, Any]) -> bool:
    return "interview" in data and "rules" not in data and "extends" not in data


def _ruleset_problems(app: Any, path: str, raw: bytes, doc: Document) -> list[Problem]:
    from afterview.rules.load import remember
    from afterview.rules.ruleset_check import check_ruleset

    problems, ruleset = check_ruleset(app, doc, str(Path(path).resolve()))
    if ruleset is not None and not problems:
        remember(path, raw, "ruleset", doc)  # a parent loaded later reads it back without parsing
        problems = draft_problems(ruleset, app.drafts)
    return problems


def _facts_problems(path: str, raw: bytes) -> list[Problem]:
    from afterview.facts.model import build_facts
    from afterview.facts.sources import combine, read_facts_file

    try:
        build_facts(combine(read_facts_file(path), {}))
    except AfterviewError as exc:
        return [named(p, "facts.invalid") for p in exc.problems]
    return []


def _test_problems(app: Any, path: str, raw: bytes) -> list[Problem]:
    """A test file's schema, its rulesets, and the rule names its cases expect (``afterview test`` runs it)."""
    from afterview.errors import RulesetTestError
    from afterview.rules.load import validated_document
    from afterview.rules.testfiles import check_rule_names

    try:
        doc = validated_document(path, raw, "ruleset-test", RulesetTestError)
        refs = [r if not r.endswith((".yaml", ".yml")) else str(Path(path).parent / r) for r in doc.data["rulesets"]]
        ruleset = app.load_ruleset(refs)
        check_rule_names(doc, [r.id for r in ruleset.rules])
    except AfterviewError as exc:
        return [named(p, "test.unknown-rule" if "unknown rule" in p.message else "test.invalid")
                for p in exc.problems]
    return []


def sample_facts() -> Any:
    from afterview.facts.model import build_facts

    return build_facts(Document("sample facts", SAMPLE_FACTS))


def draft_problems(ruleset: Any, renderer: Any = None) -> list[Problem]:
    """Templates whose text, rendered with SAMPLE_FACTS, exceeds their max_chars."""
    from afterview.text.drafts import PLAIN

    renderer = renderer or PLAIN
    facts = sample_facts()
    problems = []
    for rule in ruleset.rules:
        if not any(t.max_chars for t in rule.templates):
            continue  # only a limit needs rendering: Jinja2 compiles nothing for the rest
        for template, draft in zip(rule.templates, renderer.render_drafts(rule, facts), strict=True):
            if draft.over_limit:
                problems.append(Problem(
                    template.origin or rule.origin,
                    f"rule '{rule.id}': template '{template.id}' renders to {len(draft.text)} characters "
                    f"with sample facts, over its max_chars of {template.max_chars}",
                    "shorten the text, or raise max_chars if the channel allows it", "template.too-long",
                ))
    return problems


def _position(problem: Problem) -> tuple[str, int, int]:
    where = problem.location
    return (where.path, where.line or 0, where.col or 0) if where else ("", 0, 0)
