"""``afterview validate`` keeps each file's result by content (rules/check_cache.py): the same errors warm or cold."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from afterview import _cache, hookimpl

pytestmark = pytest.mark.cold_cache  # these tests look into the cache folder and break its entries

PARENT = """
    id: parent
    title: Parent
    rules:
      - id: thanks
        title: Thank-you note
        kind: task
        timing: {due: {anchor: interview.end, offset: 1d}}
"""
CHILD = """
    id: child
    title: Child
    extends: [parent.yaml]
    rules:
      - id: nudge
        title: Nudge
        kind: taks
      - id: after
        title: After thanks
        kind: task
        timing: {due: {anchor: rule.thanks.due, offset: 2bd}}
      - id: tech
        title: Tech
        kind: task
        when: {field: industry, eqq: tech}
        timing: {due: {anchor: interview.end, offset: 3d}}
"""
KIND = "child.yaml:7:11: rules[0].kind: 'taks' is not one of task, milestone, quiet, guidance (did you mean 'task'?)"
OPERATOR = "child.yaml:15:34: rule 'tech': unknown operator 'eqq' (did you mean 'eq'?)"
ANCHOR = "child.yaml:11:19: rule 'after': timing.due refers to unknown rule 'thanks' (did you mean 'thanx'?)"


def _entries() -> list[Path]:
    folder = _cache.cache_dir()
    assert folder is not None
    return sorted(folder.glob("checked-*.json"))


@pytest.fixture
def project(afterview_project: Any) -> Any:
    afterview_project.write("parent.yaml", PARENT)
    afterview_project.write("child.yaml", CHILD)
    return afterview_project


def test_a_cached_validate_reports_the_same_located_errors(afterview_cli: Any, project: Any,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_NO_CACHE", "1")
    uncached = afterview_cli("validate", "--format", "json", "child.yaml", "parent.yaml")
    monkeypatch.delenv("AFTERVIEW_NO_CACHE")
    cold = afterview_cli("validate", "--format", "json", "child.yaml", "parent.yaml")
    assert len(_entries()) == 2  # one result for each file
    warm = afterview_cli("validate", "--format", "json", "child.yaml", "parent.yaml")
    assert uncached == cold == warm
    assert [(p["path"], p["line"], p["column"], p["code"]) for p in json.loads(warm.out)] == [
        ("child.yaml", 7, 11, "schema.enum"), ("child.yaml", 15, 34, "rule.unknown-operator")]
    text = afterview_cli("validate", "child.yaml", "parent.yaml")
    assert (text.code, text.out, text.err) == (1, "parent.yaml: ok (ruleset)\n", f"{KIND}\n{OPERATOR}\n2 errors in 1 file\n")


def test_the_warm_run_reads_the_entry(afterview_cli: Any, project: Any) -> None:
    afterview_cli("validate", "child.yaml")
    [entry] = _entries()
    data = json.loads(entry.read_text())
    data["problems"][0][3] = "read from the cache"
    entry.write_text(json.dumps(data))
    assert afterview_cli("validate", "child.yaml").err.startswith("child.yaml:7:11: read from the cache\n")


def test_editing_one_byte_of_the_file_or_of_a_parent_checks_it_again(afterview_cli: Any, project: Any) -> None:
    afterview_cli("validate", "child.yaml")
    child = project.root / "child.yaml"
    child.write_bytes(child.read_bytes().replace(b"eqq: tech", b"eq : tech", 1))
    assert afterview_cli("validate", "child.yaml").err == f"{KIND}\n1 error\n"
    parent = project.root / "parent.yaml"
    parent.write_bytes(parent.read_bytes().replace(b"id: thanks", b"id: thanx", 1))
    assert afterview_cli("validate", "child.yaml").err == f"{KIND}\n{ANCHOR}\n2 errors in 1 file\n"
    parent.unlink()
    assert "cannot read ruleset 'parent.yaml'" in afterview_cli("validate", "child.yaml").err


@pytest.mark.parametrize("damage", [b"", b'{"kind": "ruleset", "deps": [], "probl', b'{"kind": "ruleset"}',
                                    b'{"kind": "ruleset", "deps": [], "problems": [[1, 2, 3, 4, 5, 6]]}',
                                    b'{"kind": "facts", "deps": [], "problems": []}'])
def test_a_damaged_entry_is_ignored_and_rewritten(afterview_cli: Any, project: Any, damage: bytes) -> None:
    first = afterview_cli("validate", "child.yaml")
    [entry] = _entries()
    good = entry.read_bytes()
    entry.write_bytes(damage)
    assert afterview_cli("validate", "child.yaml") == first
    assert entry.read_bytes() == good


def test_a_different_plugin_set_is_never_trusted(afterview_cli: Any, project: Any, file_plugin: Any) -> None:
    module = file_plugin("eqq_plugin", "from afterview import hookimpl\n\n\n@hookimpl\n"
                         "def register_condition_operators(app):\n"
                         "    return {'eqq': ('is', lambda actual, expected: actual == expected)}\n")
    assert afterview_cli("validate", "child.yaml").err == f"{KIND}\n{OPERATOR}\n2 errors in 1 file\n"
    assert afterview_cli("validate", "child.yaml", plugins=[module]).err == f"{KIND}\n1 error\n"
    assert len(_entries()) == 2  # one per plugin set
    assert afterview_cli("validate", "child.yaml").err == f"{KIND}\n{OPERATOR}\n2 errors in 1 file\n"


def test_a_plugin_built_at_run_time_turns_the_cache_off(afterview_cli: Any, project: Any) -> None:
    module = ModuleType("eqq_at_run_time")
    module.register_condition_operators = hookimpl(lambda app: {"eqq": ("is", lambda a, b: a == b)})  # type: ignore[attr-defined]
    assert afterview_cli("validate", "child.yaml", plugins=[module]).err == f"{KIND}\n1 error\n"
    assert _entries() == []


def test_a_test_file_is_kept_only_as_a_verdict(afterview_cli: Any, project: Any) -> None:
    project.write("child.test.yaml", """
        rulesets: [parent.yaml]
        facts: {company: Initech, candidate: {name: Jane Example}, interview: {start: 2026-11-17T14:00}}
        cases:
          - name: thanks the next day
            now: 2026-11-17T16:00
            expect: [{rule: thanks, status: upcoming}]
    """)
    assert afterview_cli("validate", "child.test.yaml").code == 0
    [entry] = _entries()
    assert "Jane" not in entry.read_text() and json.loads(entry.read_text())["problems"] == []
    test = project.root / "child.test.yaml"
    test.write_text(test.read_text().replace("rule: thanks", "rule: thank"))
    assert "unknown rule 'thank'" in afterview_cli("validate", "child.test.yaml").err
    assert len(_entries()) == 1  # a test file with problems is not kept


def test_the_builtin_folder_warm_reads_as_cold(afterview_cli: Any) -> None:
    folder = str(files("afterview.rulesets"))
    cold = afterview_cli("validate", folder)
    assert len(_entries()) == 28
    assert afterview_cli("validate", folder) == cold


def test_another_afterview_version_never_reads_the_entries(afterview_cli: Any, project: Any,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    afterview_cli("validate", "child.yaml")
    [entry] = _entries()
    data = json.loads(entry.read_text())
    data["problems"] = []
    entry.write_text(json.dumps(data))  # this version would now say the file has no problems
    monkeypatch.setattr("afterview._version.__version__", "99.0")
    _cache.code_stamp.cache_clear()
    try:
        assert afterview_cli("validate", "child.yaml").err == f"{KIND}\n{OPERATOR}\n2 errors in 1 file\n"
    finally:
        _cache.code_stamp.cache_clear()
    assert len(_entries()) == 2
