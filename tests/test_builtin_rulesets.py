"""The built-in rulesets: their own test files pass, and touch every rule they define."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from afterview import Afterview, builtin_names, get_plugin_manager, load_ruleset
from afterview.rules.documents import decode, parse
from afterview.rules.load import load_layers
from afterview.rules.testfiles import builtin_test_files, run_file
from afterview.rules.validate import draft_problems

TEST_FILES = builtin_test_files()


@pytest.fixture(scope="module")
def app() -> Afterview:
    return Afterview(get_plugin_manager(load_entrypoints=False))


@pytest.mark.parametrize("display, path", TEST_FILES, ids=[d for d, _ in TEST_FILES])
def test_builtin_ruleset_tests_pass(app: Afterview, display: str, path: Path) -> None:
    checked, failures = run_file(app, path, display)
    assert checked > 0
    assert [str(f) for f in failures] == []


@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_ruleset_has_tests_touching_each_of_its_rules(name: str) -> None:
    tests = dict(TEST_FILES)
    assert f"rulesets/{name}.test.yaml" in tests, f"{name} has no test file"
    data = parse(decode(tests[f"rulesets/{name}.test.yaml"].read_bytes()), "t").data
    touched = {e["rule"] for case in data["cases"] for e in case["expect"]}
    own = load_layers([name])[-1]
    defined = {rule["id"] for rule in own.data.get("rules", [])}
    assert defined - touched == set()
    assert name in data["rulesets"]


@pytest.mark.parametrize("name", builtin_names())
def test_builtin_templates_fit_their_limits(name: str) -> None:
    assert draft_problems(load_ruleset(name)) == []


def test_failures_show_expected_actual_and_location(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("mine.test.yaml", """
        rulesets: [default]
        facts: {timezone: America/New_York, interview: {start: 2026-11-17T14:00}}
        cases:
          - name: wrong on purpose
            now: 2026-11-18T09:00
            expect:
              - {rule: thank-you-note, status: open, due: 2026-11-18T14:00}
              - {rule: linkedin-connect, status: absent}
    """)
    result = afterview_cli("test", "mine.test.yaml")
    assert (result.code, result.out) == (1,
                                         "mine.test.yaml: 2 checks, 2 failed\n2 checks, 2 failed in 1 file\n")
    assert result.err == textwrap.dedent("""\
        mine.test.yaml:7:9: wrong on purpose: thank-you-note due
          expected: 2026-11-18T14:00
          actual:   2026-11-18T15:00
        mine.test.yaml:8:9: wrong on purpose: linkedin-connect status
          expected: absent
          actual:   open
    """)


def test_unknown_rule_in_a_test_is_an_error(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("mine.test.yaml", """
        rulesets: [default]
        facts: {timezone: America/New_York, interview: {start: 2026-11-17T14:00}}
        cases:
          - name: typo
            now: 2026-11-18T09:00
            expect:
              - {rule: thank-you-notes, status: open}
    """)
    result = afterview_cli("test", "mine.test.yaml")
    assert (result.code, result.err) == (1, "mine.test.yaml:7:16: unknown rule 'thank-you-notes' (did you mean 'thank-you-note'?)\n")


def test_builtin_tests_run_from_the_cli(afterview_cli: Any) -> None:
    result = afterview_cli("test")
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1].endswith(f"0 failed in {len(TEST_FILES)} file{'s' * (len(TEST_FILES) != 1)}")


def test_industry_and_country_overlays_compose(afterview_cli: Any) -> None:
    args = ["--interview", "2026-11-17T14:00", "--industry", "Public Sector", "--country", "DE", "--now", "2026-11-18T09:00"]
    result = afterview_cli("explain", "follow-up", *args)
    lines = result.out.splitlines()
    assert ("  due: interview end (Tue 17 Nov 2026 15:00) + 10 business days in DE → Tue 1 Dec 2026 15:00 "
            "(first that applies; no decision date was stated); at 09:00 → Tue 1 Dec 2026 09:00") in lines
    # The government overlay's offsets are US-derived (figures_from: [US]), so Germany's own win (docs/rulesets.md).
    assert "  closes: interview end (Tue 17 Nov 2026 15:00) + 12 business days in DE → Thu 3 Dec 2026 15:00 " \
           "(first that applies; no decision date was stated)" in lines
    assert any(line.startswith("  timing.due ") and line.endswith("[country-de]") for line in lines)
    offer = afterview_cli("explain", "tentative-offer", *args).out.splitlines()
    assert any(line.startswith("  title ") and line.endswith("[industry-government]") for line in offer)
    assert any(line.startswith("  body ") and line.endswith("[country-de]") for line in lines)
    thanks = afterview_cli("explain", "thank-you-note", *args).out.splitlines()
    assert any(line.startswith("  body ") and line.endswith("[country-de]") for line in thanks)
    assert afterview_cli("plan", *args).out.splitlines()[1].endswith("ruleset default+country-de+industry-government")


def test_coverage_table_names_real_rules() -> None:
    import re

    text = (Path(__file__).resolve().parents[1] / "docs" / "coverage.md").read_text(encoding="utf-8")
    rows = "\n".join(line for line in text.splitlines() if line.startswith("|"))
    named = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`", rows))
    rules = {r.id for name in builtin_names() for r in load_ruleset(name).rules}
    assert named - rules - set(builtin_names()) == set()
    assert {r.id for r in load_ruleset("default").rules} - named == set()
