"""Every problem in a facts file or a ruleset test file; later checks run on what the schema left usable."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from afterview.errors import AfterviewError, Location, Problem
from afterview.rules.documents import Document
from afterview.rules.locate import is_path
from afterview.rules.problem_codes import named


def facts_problems(app: Any, doc: Document, *, checked: bool = False) -> list[Problem]:
    """Schema problems (unless ``checked``), then what ``plan`` finds in the values the schema accepted.

    The same check as ``plan``'s (``checked_application``), with the automatic layers for the facts; a file
    naming neither country nor timezone is checked in the ruleset's timezone rather than this machine's.
    """
    from afterview.facts.application import checked_application
    from afterview.facts.sources import FactsSource
    from afterview.rules.schema import check_paths

    found = [] if checked else check_paths(doc, "facts")
    problems = [problem for _, problem in found]
    data = _without(doc.data, [path for path, _ in found])
    try:
        checked_application(FactsSource(doc.path, data, doc), holidays=app.holidays, system_zone=lambda: None,
                            ruleset_for=lambda settled: _ruleset(app, settled))
    except AfterviewError as exc:
        seen = {_line(p) for p in problems}
        problems += [named(p, "facts.invalid") for p in exc.problems if _line(p) not in seen]
    return problems


def _ruleset(app: Any, data: dict[str, Any]) -> Any:
    """The ruleset a plan for these facts would use: the layers they choose."""
    from afterview.rules.overlays import automatic_layers

    industry, country = data.get("industry"), data.get("country")
    layers = automatic_layers(industry if isinstance(industry, str) else None,
                              country if isinstance(country, str) else None)
    return app.load_ruleset(layers.refs)


def test_problems(app: Any, doc: Document, compiled: dict[tuple[str, ...], Any], *,
                  checked: bool = False) -> list[Problem]:
    """A test file's schema (unless ``checked``), its rulesets, and the rule names its cases expect."""
    from afterview.rules.schema import check_paths

    problems = [] if checked else [named(p, "test.invalid") for _, p in check_paths(doc, "ruleset-test")]
    refs = doc.data.get("rulesets")
    if not (isinstance(refs, list) and refs and all(isinstance(r, str) for r in refs)):
        return problems
    from afterview.rules.load import load_layers

    refs = [str(Path(doc.path).parent / r) if is_path(r) else r for r in refs]
    try:
        load_layers(refs, referrers=[doc.location(("rulesets", i)) for i in range(len(refs))])  # located errors
        ruleset = compiled.get(tuple(refs)) or app.load_ruleset(refs)
    except AfterviewError as exc:
        return problems + exc.problems
    rule_ids = [rule.id for rule in ruleset.rules]
    return problems + _unknown_rules(doc, rule_ids) + _case_problems(app, doc, ruleset)


def _case_problems(app: Any, doc: Document, ruleset: Any) -> list[Problem]:
    """What ``afterview test`` rejects in each case before planning it: its facts and its ``now``."""
    from afterview.rules.testfiles import case_setup

    problems: list[Problem] = []
    cases = doc.data.get("cases")
    for i in range(len(cases) if isinstance(cases, list) else 0):
        if not isinstance(cases[i], dict) or "now" not in cases[i]:
            continue  # the schema has said so
        try:
            case_setup(app, doc, i, ruleset)
        except AfterviewError as exc:
            seen = {_line(p) for p in problems}
            problems += [named(p, "test.invalid") for p in exc.problems if _line(p) not in seen]
    return problems


def _unknown_rules(doc: Document, rule_ids: list[str]) -> list[Problem]:
    from afterview.errors import did_you_mean

    problems = []
    cases = doc.data.get("cases")
    for i, case in enumerate(cases if isinstance(cases, list) else []):
        expect = case.get("expect") if isinstance(case, dict) else None
        for j, item in enumerate(expect if isinstance(expect, list) else []):
            rule = item.get("rule") if isinstance(item, dict) else None
            if isinstance(rule, str) and rule not in rule_ids:
                message = f"unknown rule '{rule}'{did_you_mean(rule, rule_ids)}"
                problems.append(Problem(doc.location(("cases", i, "expect", j, "rule")), message,
                                        code="test.unknown-rule"))
    return problems


def _without(data: Any, paths: list[tuple[Any, ...]]) -> Any:
    """A copy of ``data`` without the values at ``paths`` (list items become None rather than shift)."""
    data = copy.deepcopy(data)
    for path in paths:
        target = data
        for part in path[:-1]:
            target = target[part] if isinstance(target, (dict, list)) else None
            if target is None:
                break
        if isinstance(target, dict):
            target.pop(path[-1], None) if path else None
        elif isinstance(target, list) and isinstance(path[-1], int) and path[-1] < len(target):
            target[path[-1]] = None
    return data


def _line(problem: Problem) -> tuple[str, int | None] | None:
    where: Location | None = problem.location
    return (where.path, where.line) if where else None
