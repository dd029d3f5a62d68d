"""``afterview validate``: every problem in every file, in one pass, each file checked as what it is.

A file's kind comes from its name and its top-level keys: ``*.test.yaml`` is
a ruleset test; a mapping with ``interview`` and no ``rules`` is facts;
anything else is a ruleset (an overlay if it has ``extends``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from afterview.errors import AfterviewError, Location, Problem
from afterview.rules.documents import Document, read_limited
from afterview.rules.file_checks import facts_problems, test_problems

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
    from afterview.rules.check_cache import Located, run_stamp

    compiled: dict[tuple[str, ...], Any] = {}  # rulesets by their layers, shared by this run's test files
    found, stamp, located = files_in(paths), run_stamp(app), Located()
    # Rulesets before tests, so that a test reuses the ruleset its neighbour compiled; results keep file order.
    checked = {path: _cached_or_checked(app, str(path), compiled, stamp, located)
               for path in sorted(found, key=lambda p: p.name.endswith(".test.yaml"))}
    results = [checked[path] for path in found]
    unique = {(p.location, p.message): p for result in results for p in result.problems}
    return results, sorted(unique.values(), key=_position)


def _cached_or_checked(app: Any, path: str, compiled: dict[tuple[str, ...], Any], stamp: str | None,
                       located: Any) -> Checked:
    """The result the cache holds for these bytes (``check_cache``), else ``validate_file``'s, then kept."""
    from afterview.rules import check_cache

    try:
        raw = read_limited(path)
    except OSError:
        return validate_file(app, path, compiled)
    kind = check_cache.lookup(stamp, path, raw, located)
    if kind:
        return Checked(path, kind)
    with check_cache.dependencies() as deps:
        result = validate_file(app, path, compiled, raw=raw)
    rows = list(dict.fromkeys(dep for dep in deps if dep is not None))
    check_cache.store(stamp, path, raw, (result.kind, result.problems), None if None in deps else rows)
    return result


def validate_file(app: Any, path: str, compiled: dict[tuple[str, ...], Any] | None = None, *,
                  raw: bytes | None = None) -> Checked:
    """Every problem in one file (``raw``: its bytes, if already read); a file with none has an empty list.

    ``compiled`` collects the rulesets compiled so far, by their layers' paths, for reuse.
    """
    compiled = {} if compiled is None else compiled
    from afterview.rules.load import cached_document, parsed_document

    try:
        raw = read_limited(path) if raw is None else raw
    except OSError as exc:
        problem = Problem(Location(path), f"cannot read file: {exc.strerror or exc}", code="file.unreadable")
        return Checked(path, "?", [problem])
    test = path.endswith(".test.yaml")
    cached = cached_document(path, raw, "ruleset-test" if test else "ruleset")
    facts = None if cached or test else cached_document(path, raw, "facts")
    try:
        doc = cached or facts or parsed_document(path, raw)
    except AfterviewError as exc:
        return Checked(path, "test" if test else "?", exc.problems)
    if test:
        found = test_problems(app, doc, compiled, checked=cached is not None)
        return Checked(path, "test", _remembered(path, raw, "ruleset-test", doc, cached=cached, problems=found))
    if _looks_like_facts(doc.data):
        found = facts_problems(app, doc, checked=facts is not None)
        return Checked(path, "facts", _remembered(path, raw, "facts", doc, cached=facts, problems=found))
    kind = "overlay" if "extends" in doc.data else "ruleset"
    return Checked(path, kind, _ruleset_problems(app, path, raw, doc, cached=cached is not None, compiled=compiled))


def _remembered(path: str, raw: bytes, schema: str, doc: Document, *, cached: Document | None,
                problems: list[Problem]) -> list[Problem]:
    """``problems``; a file with none is cached as valid, so the next run skips its schema check."""
    from afterview.rules.load import remember

    if not problems and cached is None:
        remember(path, raw, schema, doc)
    return problems


def _builtin(path: str) -> bool:
    """Is this layer a built-in ruleset, loaded by name or by its path inside the package?"""
    from afterview.rules.locate import builtin_dir

    here = Path(path)
    if path.startswith("rulesets/") and not here.exists():
        return True
    return (Path(str(builtin_dir())) / here.name).resolve() == here.resolve()  # the package's files may be links


def _looks_like_facts(data: dict[str, Any]) -> bool:
    """Facts have only facts' keys (company, interview, ...); a file with any ruleset key is a ruleset."""
    keys = set(data) - {"$schema"}
    return bool(keys & _top_keys("facts")) and not keys & _top_keys("ruleset")


@cache
def _top_keys(schema: str) -> frozenset[str]:
    from afterview.rules.schema import load_schema

    return frozenset(load_schema(schema)["properties"]) - {"$schema"}


def _ruleset_problems(app: Any, path: str, raw: bytes, doc: Document, *, cached: bool,
                      compiled: dict[tuple[str, ...], Any]) -> list[Problem]:
    from afterview.rules.load import remember
    from afterview.rules.ruleset_check import check_ruleset

    problems, ruleset = check_ruleset(app, doc, str(Path(path).resolve()), checked=cached)
    if ruleset is None:
        return problems
    if not problems:
        if all(_builtin(layer.path) for layer in ruleset.layers):  # tests name built-ins by id
            compiled[tuple(layer.id for layer in ruleset.layers)] = ruleset
        if not cached:
            remember(path, raw, "ruleset", doc)  # a parent loaded later reads it back without parsing
    # With other problems, ``ruleset`` holds the rules that compiled: their drafts are still checked
    # (a template outside the subset too: rendering reports its failures as located problems).
    return problems + subset_problems(ruleset) + draft_problems(ruleset, app.drafts, app.holidays)


def subset_problems(ruleset: Any) -> list[Problem]:
    """Templates that use Jinja2 beyond the subset the guide's planner renders (see text.template_subset)."""
    from afterview.rules.load import template_sources
    from afterview.rules.schema import dotted
    from afterview.text.template_subset import subset_problem

    problems = []
    for layer in ruleset.layers:
        for path, text, first in template_sources(layer):
            found = subset_problem(text)
            if found:
                problems.append(Problem(Location(layer.path, first + found[0] - 1), f"{dotted(path)}: {found[1]}",
                                        "the guide's planner renders only the subset described in docs/rulesets.md",
                                        code="template.subset"))
    return problems


def sample_facts(holidays: Any = None) -> Any:
    from afterview.facts.model import build_facts

    return build_facts(Document("sample facts", SAMPLE_FACTS), holidays=holidays)


def draft_problems(ruleset: Any, renderer: Any = None, holidays: Any = None) -> list[Problem]:
    """Templates that fail with SAMPLE_FACTS (or do too much work), and texts over their max_chars.

    A set of templates that passed before is remembered by content, so a warm
    run imports no Jinja2.
    """
    from afterview import _cache
    from afterview.text.drafts import PLAIN

    templated = [rule for rule in ruleset.rules if rule.templates or "{" in (rule.summary or "")]
    stamp = _drafts_stamp(templated, renderer)
    if _cache.read_json(stamp) is not None:
        return []
    renderer = renderer or PLAIN
    facts = sample_facts(holidays)
    problems: list[Problem] = []

    def render(source: str, where: Any, what: str) -> str:
        try:
            return str(renderer.render_text(source, facts, where=where, what=what))
        except AfterviewError as exc:
            problems.extend(replace(p, code="template.failed") for p in exc.problems)
            return ""

    for rule in templated:
        if rule.summary:
            render(rule.summary, rule.origins.get("summary", rule.origin), f"rule '{rule.id}': summary")
        for template in rule.templates:
            where, what = template.origin, f"rule '{rule.id}': template '{template.id}'"
            if template.subject:
                render(template.subject, where, f"{what} subject")
            text = render(template.text, where, f"{what} text")
            if template.max_chars is not None and len(text) > template.max_chars:
                problems.append(Problem(
                    where, f"{what} renders to {len(text)} characters with sample facts, over its max_chars of "
                    f"{template.max_chars}", "shorten the text, or raise max_chars if the channel allows it",
                    "template.too-long",
                ))
    if not problems:
        _cache.write_json(stamp, True)
    return problems


def _drafts_stamp(rules: list[Any], renderer: Any) -> str:
    """A cache name for these templates, as rendered by this renderer's filters with SAMPLE_FACTS."""
    import hashlib
    import json

    from afterview._version import __version__

    filters = sorted(getattr(renderer, "filters", {}) or {})
    content = [[r.raw.get("summary"), [[t.text, t.subject, t.max_chars] for t in r.templates]] for r in rules]
    text = json.dumps([__version__, SAMPLE_FACTS, filters, content], sort_keys=True, default=str)
    return f"drafts-ok-{hashlib.sha256(text.encode()).hexdigest()[:32]}.json"


def _position(problem: Problem) -> tuple[str, int, int]:
    where = problem.location
    return (where.path, where.line or 0, where.col or 0) if where else ("", 0, 0)
