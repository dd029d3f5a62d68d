"""Property-based fuzzing with Hypothesis: facts, rulesets and command lines end in a plan or an AfterviewError.

A fixed, modest budget per property keeps CI near 40 s; ``python bench/fuzz.py N``
runs longer campaigns with the same generators (tests/fuzzing.py).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import fuzzing

BUDGET = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


class _Draws:
    """The fuzzing.Chooser interface over Hypothesis draws, so failures shrink."""

    def __init__(self, data: Any) -> None:
        self.data = data

    def choice(self, seq: list[Any]) -> Any:
        return self.data.draw(st.sampled_from(seq))

    def randint(self, a: int, b: int) -> int:
        return int(self.data.draw(st.integers(a, b)))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, Any, Any]:
    folder = tmp_path_factory.mktemp("fuzz")
    return (folder, *fuzzing.setup(folder))


def _no_crash(crash: fuzzing.Crash | None) -> None:
    assert crash is None, f"{crash.kind}: {crash.signature}\ninput: {crash.detail[:2000]}"


@pytest.mark.slow
@BUDGET
@given(data=st.data())
def test_facts_documents_plan_or_fail_cleanly(world: Any, data: Any) -> None:
    folder, _, ruleset, _ = world
    text = fuzzing.facts_text(_Draws(data))
    _no_crash(fuzzing.guarded("facts", text, lambda: fuzzing.run_facts(text, folder, ruleset)))


@pytest.mark.slow
@BUDGET
@given(data=st.data())
def test_rulesets_plan_and_render_or_fail_cleanly(world: Any, data: Any) -> None:
    folder, app, _, facts = world
    text = fuzzing.ruleset_text(_Draws(data))
    _no_crash(fuzzing.guarded("ruleset", text, lambda: fuzzing.run_ruleset(text, folder, app, facts)))


@pytest.mark.slow
@settings(BUDGET, max_examples=100)
@given(data=st.data())
def test_command_lines_end_in_output_or_a_located_error(world: Any, data: Any) -> None:
    folder = world[0]
    args = fuzzing.argv(_Draws(data), folder)
    _no_crash(fuzzing.guarded("cli", repr(args), lambda: fuzzing.run_cli(args)))


@pytest.mark.slow
@settings(BUDGET, max_examples=60)
@given(text=st.text(max_size=300))
def test_any_text_as_facts_fails_cleanly(world: Any, text: str) -> None:
    folder, _, ruleset, _ = world
    _no_crash(fuzzing.guarded("facts", text, lambda: fuzzing.run_facts(text, folder, ruleset)))


def test_the_fuzzer_finds_a_crash_when_there_is_one(world: Any) -> None:
    """The property can fail: a run that raises something else is reported as a crash."""
    crash = fuzzing.guarded("facts", "x", lambda: {}["missing"])
    assert crash is not None and crash.signature.startswith("KeyError at ")
    assert fuzzing.guarded("facts", "x", lambda: None) is None
