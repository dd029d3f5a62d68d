"""Ruleset tests: YAML files of cases (facts, a fixed now, expected actions) that `afterview test` runs.

Test files sit beside the rulesets and end in ``.test.yaml``. Expected dates
are written in the facts' timezone without an offset (``2026-11-18T15:00``).
A status can also be ``guidance``, ``conditional`` or ``absent``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from afterview.errors import Location, Problem, RulesetTestError, did_you_mean
from afterview.facts.moments import OutOfRange, parse_moment
from afterview.facts.sources import FactsSource
from afterview.rules.documents import read_limited
from afterview.rules.locate import is_path


@dataclass(frozen=True)
class Failure:
    location: Location
    case: str
    rule: str
    field: str
    expected: str
    actual: str

    def __str__(self) -> str:
        return (f"{self.location}: {self.case}: {self.rule} {self.field}\n"
                f"  expected: {self.expected}\n  actual:   {self.actual}")


def builtin_test_files() -> list[tuple[str, Path]]:
    """(display path, real path) of the built-in rulesets' test files."""
    from afterview.rules.locate import builtin_dir

    found = [p for p in builtin_dir().iterdir() if p.name.endswith(".test.yaml")]
    return sorted((f"rulesets/{p.name}", Path(str(p))) for p in found)


class _CaseFacts(FactsSource):
    """Facts merged from the file's shared facts and one case's, located in whichever set them."""

    def __init__(self, doc: Any, index: int, data: dict[str, Any]) -> None:
        super().__init__(doc.path, data, doc)
        self.index = index

    def location(self, path: tuple[Any, ...] = (), *, key: bool = False) -> Location:
        own = ("cases", self.index, "facts", *path)
        assert self.document is not None
        if own[:4] in self.document.marks:
            return self.document.location(own, key=key)
        return self.document.location(("facts", *path), key=key)


def run_file(app: Any, path: str | Path, display: str | None = None) -> tuple[int, list[Failure]]:
    """(number of expectations checked, failures). Raises RulesetTestError for a malformed file."""
    from afterview.rules.load import validated_document

    display = display or str(path)
    try:
        raw = read_limited(path)
    except OSError as exc:
        raise RulesetTestError(f"cannot read test file: {exc.strerror or exc}", location=Location(display)) from None
    doc = validated_document(display, raw, "ruleset-test", RulesetTestError)
    refs = [str(Path(path).parent / r) if is_path(r) else r for r in doc.data["rulesets"]]
    ruleset = app.load_ruleset(refs)
    rule_ids = [r.id for r in ruleset.rules]
    check_rule_names(doc, rule_ids)
    checked, failures = 0, []
    for i, case in enumerate(doc.data["cases"]):
        facts, now = case_setup(app, doc, i, ruleset)
        plan = app.plan(ruleset, facts, now)
        for j, expect in enumerate(case["expect"]):
            where = doc.location(("cases", i, "expect", j))
            found = _compare(plan, expect, where, case["name"])
            checked += 1
            failures += found
    return checked, failures


def case_setup(app: Any, doc: Any, index: int, ruleset: Any) -> tuple[Any, datetime]:
    """One case's facts and ``now``, checked as ``plan`` checks an application; located errors otherwise."""
    from afterview.facts.application import checked_application

    case = doc.data["cases"][index]
    facts_data = {**doc.data.get("facts", {}), **case.get("facts", {})}
    _check_facts_shape(doc, index, facts_data)
    _, facts, _ = checked_application(_CaseFacts(doc, index, facts_data), holidays=app.holidays,
                                      system_zone=lambda: None, ruleset_for=lambda _: ruleset)
    where = doc.location(("cases", index, "now"))
    try:
        now = parse_moment(case["now"], facts.tz)
    except OutOfRange as exc:
        raise RulesetTestError(f"cases[{index}].now: {exc}", location=where, hint=exc.hint) from None
    if now is None:
        raise RulesetTestError(f"cases[{index}].now: '{case['now']}' is not a date and time", location=where,
                               hint="write it as 2026-11-18T09:00, in the facts' timezone")
    return facts, now


def _check_facts_shape(doc: Any, index: int, data: dict[str, Any]) -> None:
    """Schema-check one case's merged facts, locating each problem where its value was written."""
    from afterview.rules.documents import Document
    from afterview.rules.schema import check

    merged = Document(doc.path, data)
    for prefix in (("facts",), ("cases", index, "facts")):  # the case's own facts win
        for marks, into in ((doc.marks, merged.marks), (doc.key_marks, merged.key_marks)):
            into.update({path[len(prefix):]: mark for path, mark in marks.items() if path[:len(prefix)] == prefix})
    case = doc.location(("cases", index))
    merged.marks.setdefault((), (case.line or 1, case.col or 1))
    problems = check(merged, "facts")
    if problems:
        raise RulesetTestError(problems=[Problem(p.location, f"cases[{index}] facts: {p.message}", p.hint)
                                         for p in problems])


def check_rule_names(doc: Any, rule_ids: list[str]) -> None:
    problems = []
    for i, case in enumerate(doc.data["cases"]):
        for j, expect in enumerate(case["expect"]):
            if expect["rule"] not in rule_ids:
                problems.append(Problem(doc.location(("cases", i, "expect", j, "rule")),
                                        f"unknown rule '{expect['rule']}'{did_you_mean(expect['rule'], rule_ids)}",
                                        code="test.unknown-rule"))
    if problems:
        raise RulesetTestError(problems=problems)


def _compare(plan: Any, expect: dict[str, Any], where: Location, case: str) -> list[Failure]:
    state = plan.state_of(expect["rule"])
    status, action = state.name, state.action
    failures = []

    def fail(field: str, expected: Any, actual: Any) -> None:
        failures.append(Failure(where, case, expect["rule"], field, str(expected), str(actual)))

    if "status" in expect and expect["status"] != status:
        fail("status", expect["status"], status)
    for field in ("opens", "due", "closes"):
        if field not in expect:
            continue
        value = getattr(action, field, None) if action else None
        actual = value.strftime("%Y-%m-%dT%H:%M") if value else f"no date ({status})"
        if actual != expect[field]:
            fail(field, expect[field], actual)
    if "draft_contains" in expect:
        source = action or next((g for g in [*plan.guidance, *plan.conditional] if g.rule_id == expect["rule"]), None)
        text = source.drafts[0].text if source and source.drafts else ""
        if expect["draft_contains"] not in text:
            fail("draft", f"contains {expect['draft_contains']!r}", repr(text[:120]))
    return failures
